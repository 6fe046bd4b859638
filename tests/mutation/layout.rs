//! What each line of an unmutated text is, as the reader and extractor saw it: table rows,
//! narrative paragraphs, headings and table titles, with the figures the extraction found. The
//! mutators pick their sites from this.

use budget_extract::document::{Block, OriginUnit};
use budget_extract::extract::model::{Disclosure, FactValue, TableKind};
use budget_extract::money::{parse_amount, Unit};
use budget_extract::read::{self, Limits};
use std::collections::{BTreeMap, BTreeSet};

/// The block a line belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Blank lines, page furniture and anything no block covers.
    Outside,
    Paragraph(usize),
    Table(usize),
}

/// One extracted table's place in the text.
#[derive(Clone, Debug)]
pub struct TablePlace {
    pub block: usize,
    /// The title the extraction gave it, without spaces.
    pub title: String,
    /// 0-based lines of its title (possibly empty when the title was not found above it).
    pub title_lines: Vec<usize>,
    /// 0-based first and last line of the table block itself.
    pub first_line: usize,
    pub last_line: usize,
}

impl TablePlace {
    /// The first line of the table with its title.
    pub fn start(&self) -> usize {
        self.title_lines
            .first()
            .copied()
            .unwrap_or(self.first_line)
            .min(self.first_line)
    }
}

/// A money figure the extraction holds, with the half-unit its printing allows.
#[derive(Clone, Copy, Debug)]
pub struct Figure {
    pub fen: i64,
    pub half_unit: i64,
}

pub struct Layout {
    /// The text split on LF (a last empty entry when the text ends in a newline).
    pub lines: Vec<String>,
    pub roles: Vec<Role>,
    /// Short lines outside tables without sentence punctuation: headings, part titles, cover
    /// and table-of-contents lines, unit lines.
    pub headings: Vec<bool>,
    pub table_title_lines: BTreeSet<usize>,
    pub tables: Vec<TablePlace>,
    pub department: Option<String>,
    pub fiscal_year: Option<u16>,
    /// Classification codes of every extracted row, so a code column is not taken for amounts.
    pub codes: BTreeSet<String>,
    /// The units of the tables extracted from each table block.
    pub units: BTreeMap<usize, Vec<Unit>>,
    /// The amounts extracted from each table block.
    pub table_amounts: BTreeMap<usize, Vec<Figure>>,
    /// The narrative's money figures.
    pub narrative_amounts: Vec<Figure>,
    /// Blocks of performance-target tables, whose figures are targets, not money.
    pub target_blocks: BTreeSet<usize>,
}

/// Display columns of a character: 2 for CJK and full-width forms, as `pdftotext -layout`
/// sets them.
pub fn char_width(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115f
        | 0x2e80..=0x303e
        | 0x3041..=0x33ff
        | 0x3400..=0x4dbf
        | 0x4e00..=0x9fff
        | 0xa000..=0xa4cf
        | 0xac00..=0xd7a3
        | 0xf900..=0xfaff
        | 0xfe30..=0xfe4f
        | 0xff00..=0xff60
        | 0xffe0..=0xffe6
        | 0x20000..=0x3fffd);
    if wide {
        2
    } else {
        1
    }
}

pub fn display_width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0x20000..=0x3fffd)
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A heading-like line: short, with CJK text, and no sentence punctuation.
fn looks_like_heading(line: &str) -> bool {
    let text = line.trim();
    !text.is_empty()
        && display_width(text) <= 60
        && text.chars().any(is_cjk)
        && !text.contains(['，', '。', '；', ',', '？', '！'])
}

/// `第二部分`, `一、`, `（一）`, `1.`, `2、`: the numbering headings start with.
fn numbered(line: &str) -> bool {
    let text = line.trim_start();
    if text.starts_with('第') && text.contains("部分") {
        return true;
    }
    let text = text.strip_prefix(['（', '(']).unwrap_or(text);
    let numbering: String = text
        .chars()
        .take_while(|c| c.is_ascii_digit() || "一二三四五六七八九十".contains(*c))
        .collect();
    let rest = &text[numbering.len()..];
    !numbering.is_empty() && rest.starts_with(['、', '.', '．', '）', ')'])
}

impl Layout {
    /// The layout of `text` given the disclosure extracted from it; `None` when the text does
    /// not read or its blocks are not located by line.
    pub fn of(text: &str, disclosure: &Disclosure) -> Option<Layout> {
        let (document, _) = read::read(text.as_bytes(), &Limits::default()).ok()?;
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let mut roles = vec![Role::Outside; lines.len()];
        let mut block_lines: Vec<Option<(usize, usize)>> = Vec::new();
        for (index, block) in document.blocks.iter().enumerate() {
            let origin = block.origin();
            if origin.unit != OriginUnit::Line || origin.start == 0 {
                block_lines.push(None);
                continue;
            }
            let first = origin.start as usize - 1;
            let last = (origin.end as usize).saturating_sub(1).max(first);
            block_lines.push(Some((first, last)));
            for role in roles.iter_mut().take(last + 1).skip(first) {
                if *role == Role::Outside {
                    *role = match block {
                        Block::Paragraph(_) => Role::Paragraph(index),
                        Block::Table(_) => Role::Table(index),
                    };
                }
            }
        }
        if block_lines.iter().all(Option::is_none) {
            return None;
        }
        // A short line of a long paragraph is a wrapped sentence's end, not a heading, unless
        // it opens with a heading's numbering.
        let block_size = |block: usize| {
            roles
                .iter()
                .filter(|r| **r == Role::Paragraph(block))
                .count()
        };
        let headings: Vec<bool> = lines
            .iter()
            .zip(&roles)
            .map(|(line, role)| match role {
                Role::Table(_) => false,
                Role::Outside => looks_like_heading(line),
                Role::Paragraph(block) => {
                    looks_like_heading(line) && (block_size(*block) <= 2 || numbered(line))
                }
            })
            .collect();

        let mut tables: Vec<TablePlace> = Vec::new();
        let mut blocks_seen = BTreeSet::new();
        let mut extracted: Vec<_> = disclosure.tables.iter().collect();
        extracted.sort_by_key(|t| t.block);
        let mut previous_end = 0usize;
        for table in extracted {
            if !blocks_seen.insert(table.block) {
                continue;
            }
            let Some(Some((first, last))) = block_lines.get(table.block).copied() else {
                continue;
            };
            let title = without_spaces(&table.title);
            // A title stands a few lines above its table, past a unit line, a 部门名称 line and
            // blank lines; never above the table before it.
            let window_start = first.saturating_sub(12).max(previous_end);
            let title_lines: Vec<usize> = (window_start..(first + 2).min(lines.len()))
                .filter(|&i| {
                    let line = without_spaces(&lines[i]);
                    line.chars().count() >= 2
                        && looks_like_heading(&lines[i])
                        && !title.is_empty()
                        && title.contains(&line)
                })
                .collect();
            previous_end = last + 1;
            tables.push(TablePlace {
                block: table.block,
                title,
                title_lines,
                first_line: first,
                last_line: last,
            });
        }
        let table_title_lines = tables
            .iter()
            .flat_map(|t| t.title_lines.iter().copied())
            .collect();

        let mut codes = BTreeSet::new();
        let mut units: BTreeMap<usize, Vec<Unit>> = BTreeMap::new();
        let mut table_amounts: BTreeMap<usize, Vec<Figure>> = BTreeMap::new();
        for table in &disclosure.tables {
            let unit = table.source_unit.unwrap_or(Unit::Yuan);
            units.entry(table.block).or_default().push(unit);
            for row in &table.rows {
                if let Some(code) = &row.code {
                    codes.insert(code.clone());
                }
                for (_, amount) in &row.values.0 {
                    if let Some(amount) = amount {
                        table_amounts.entry(table.block).or_default().push(Figure {
                            fen: amount.fen.0,
                            half_unit: unit.half_unit_of_last_digit(amount.decimals),
                        });
                    }
                }
            }
        }
        let narrative_amounts = disclosure
            .facts
            .iter()
            .filter_map(|fact| match fact.value {
                FactValue::Money(amount) => Some(Figure {
                    fen: amount.fen.0,
                    half_unit: fact
                        .source_unit
                        .unwrap_or(Unit::Yuan)
                        .half_unit_of_last_digit(amount.decimals),
                }),
                FactValue::Count(_) | FactValue::Percent(_) => None,
            })
            .collect();

        let target_blocks = disclosure
            .tables
            .iter()
            .filter(|t| t.kind == TableKind::PerformanceTargets)
            .map(|t| t.block)
            .collect();

        Some(Layout {
            target_blocks,
            lines,
            roles,
            headings,
            table_title_lines,
            tables,
            department: disclosure.department.clone(),
            fiscal_year: disclosure.fiscal_year,
            codes,
            units,
            table_amounts,
            narrative_amounts,
        })
    }

    /// Whether the line is a heading, part title or table title.
    pub fn is_titled(&self, line: usize) -> bool {
        self.table_title_lines.contains(&line) || self.headings.get(line).copied() == Some(true)
    }

    /// The lines of a paragraph block, joined without their line breaks (narrative wraps
    /// mid-sentence), and where line `line` starts in it.
    pub fn paragraph_text(&self, line: usize) -> Option<(String, usize)> {
        let Role::Paragraph(block) = *self.roles.get(line)? else {
            return None;
        };
        let mut joined = String::new();
        let mut offset = 0;
        for (i, role) in self.roles.iter().enumerate() {
            if *role == Role::Paragraph(block) {
                if i == line {
                    offset = joined.len();
                }
                joined.push_str(&self.lines[i]);
            }
        }
        Some((joined, offset))
    }

    /// The value a printed cell holds in the units of the tables of `block`, one per unit.
    pub fn cell_values(&self, block: usize, token: &str) -> Vec<Figure> {
        let units = self
            .units
            .get(&block)
            .cloned()
            .unwrap_or_else(|| vec![Unit::Yuan, Unit::TenThousandYuan]);
        units
            .into_iter()
            .filter_map(|unit| match parse_amount(token, unit) {
                Ok(Some(amount)) => Some(Figure {
                    fen: amount.fen.0,
                    half_unit: unit.half_unit_of_last_digit(amount.decimals),
                }),
                _ => None,
            })
            .collect()
    }

    /// Whether the extraction read this cell's value in the table of `block`.
    pub fn extracted_in_table(&self, block: usize, values: &[Figure]) -> bool {
        let Some(amounts) = self.table_amounts.get(&block) else {
            return false;
        };
        values
            .iter()
            .any(|v| amounts.iter().any(|a| a.fen == v.fen))
    }

    /// Whether a nonzero narrative money figure (`token` followed by its unit in `rest`) is an
    /// amount some extracted table holds, within the narrative's rounding: a figure a reviewer
    /// can check against a cell. A zero is not counted, as every table holds zeros.
    pub fn narrative_figure_in_a_table(&self, token: &str, rest: &str) -> bool {
        let unit = if rest.starts_with("亿元") {
            Unit::HundredMillionYuan
        } else if rest.starts_with("万元") {
            Unit::TenThousandYuan
        } else if rest.starts_with("千元") {
            Unit::ThousandYuan
        } else {
            Unit::Yuan
        };
        let Ok(Some(amount)) = parse_amount(token, unit) else {
            return false;
        };
        let half_unit = unit.half_unit_of_last_digit(amount.decimals);
        amount.fen.0 != 0
            && self
                .table_amounts
                .values()
                .flatten()
                .any(|a| a.fen != 0 && (a.fen - amount.fen.0).abs() <= half_unit + a.half_unit)
    }

    /// Whether a nonzero value is also stated by the narrative (within both printings'
    /// rounding) or by a table of another block (exactly).
    pub fn stated_elsewhere(&self, block: usize, values: &[Figure]) -> bool {
        values.iter().filter(|v| v.fen != 0).any(|v| {
            self.narrative_amounts
                .iter()
                .any(|n| (n.fen - v.fen).abs() <= n.half_unit + v.half_unit)
                || self
                    .table_amounts
                    .iter()
                    .filter(|(b, _)| **b != block)
                    .any(|(_, amounts)| amounts.iter().any(|a| a.fen == v.fen))
        })
    }
}
