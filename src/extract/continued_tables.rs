//! A table cut in two by a page break: the part on the next page reaches extraction as a table
//! of its own with no title, sometimes with a few of its rows left between the two as lines of
//! text. When an untitled table follows a titled one with nothing but such row lines between,
//! it is the same table: its columns are matched to the first part's by what they hold (labels
//! or amounts, in order) and the lines between become rows.

use crate::document::{Block, Cell, Document, Origin, Pages, Paragraph, Row, Table};
use crate::extract::line_reading::cells::{is_numbered, is_printed_amount};
use crate::extract::model::Warning;
use crate::extract::title::{heading_before, is_heading_noise, is_table_title};
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Holds {
    Labels,
    Amounts,
    Nothing,
}

impl Holds {
    fn fits(self, other: Holds) -> bool {
        self == other || self == Holds::Nothing || other == Holds::Nothing
    }
}

/// A row of the body, not of the header: it prints an amount or a numbered row label.
fn is_body_row(row: &Row) -> bool {
    row.cells.iter().any(|c| {
        let t = c.text.trim();
        is_printed_amount(t) || is_numbered(t)
    })
}

/// What each column of a table's body holds.
fn column_contents(table: &Table) -> Vec<Holds> {
    let width = table.rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
    let mut holds = vec![Holds::Nothing; width];
    for row in table.rows.iter().filter(|r| is_body_row(r)) {
        for (i, c) in row.cells.iter().enumerate() {
            let t = c.text.trim();
            if t.is_empty() {
                continue;
            }
            if is_printed_amount(t) {
                if holds[i] == Holds::Nothing {
                    holds[i] = Holds::Amounts;
                }
            } else {
                holds[i] = Holds::Labels;
            }
        }
    }
    holds
}

/// Where each column of `next` goes among `first`'s columns, keeping their order.
fn match_columns(first: &[Holds], next: &[Holds]) -> Option<Vec<usize>> {
    let mut out = Vec::with_capacity(next.len());
    let mut at = 0;
    for n in next {
        let found = (at..first.len()).find(|i| first[*i].fits(*n))?;
        out.push(found);
        at = found + 1;
    }
    Some(out)
}

/// A line of text that is a table row left outside the table: short, no sentence.
fn is_row_line(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty()
        && t.chars().count() <= 40
        && !t.contains(['。', '；', ';', '，'])
        && !is_table_title(t)
        && !is_heading_noise(t)
        && !t.starts_with(['注', '第'])
        && !t.starts_with("说明")
}

/// The column a row line goes in: where the rows above print their numbered labels.
fn label_column(table: &Table, holds: &[Holds]) -> usize {
    table
        .rows
        .iter()
        .rev()
        .find_map(|r| r.cells.iter().position(|c| is_numbered(c.text.trim())))
        .or_else(|| holds.iter().position(|h| *h == Holds::Labels))
        .unwrap_or(0)
}

/// Whether `next` opens with a row of `first`'s header: a page that prints the header again is
/// a repeated page, joined once its columns are known (`repeated_pages`), not a part whose rows
/// run on.
fn repeats_header(first: &Table, next: &Table) -> bool {
    let texts = |row: &Row| -> Vec<String> {
        row.cells
            .iter()
            .map(|c| c.text.split_whitespace().collect())
            .collect()
    };
    let Some(opening) = next.rows.first().filter(|r| !is_body_row(r)) else {
        return false;
    };
    let opening = texts(opening);
    opening.iter().any(|t| !t.is_empty())
        && first
            .rows
            .iter()
            .take_while(|r| !is_body_row(r))
            .any(|r| texts(r) == opening)
}

fn joined(first: &Table, lines: &[&Paragraph], next: &Table, map: &[usize]) -> Table {
    let holds = column_contents(first);
    let width = holds.len();
    let mut rows = first.rows.clone();
    let column = label_column(first, &holds).min(width.saturating_sub(1));
    for line in lines {
        let mut cells = vec![Cell::text(""); width];
        cells[column] = Cell::text(line.text.trim());
        rows.push(Row::new(cells));
    }
    let closed_up = map.len() < width;
    for row in &next.rows {
        let mut cells = vec![Cell::text(""); width];
        for (j, c) in row.cells.iter().enumerate() {
            if let Some(i) = map.get(j) {
                cells[*i] = Cell::text(c.text.clone());
            }
        }
        rows.push(Row {
            cells,
            columns_uncertain: closed_up || row.columns_uncertain,
            amounts_drift: row.amounts_drift,
        });
    }
    Table {
        rows,
        origin: Origin {
            unit: first.origin.unit,
            start: first.origin.start,
            end: next.origin.end.max(first.origin.end),
            pages: match (first.origin.pages, next.origin.pages) {
                (Some(a), Some(b)) => Some(Pages {
                    first: a.first.min(b.first),
                    last: a.last.max(b.last),
                }),
                (a, b) => a.or(b),
            },
        },
    }
}

/// Joins every table a page break cut in two. Block numbers stay as they were: the second part
/// and the lines between become empty paragraphs.
/// Joins tables a page break cut in two; block numbers stay as they were.
pub fn join<'a>(document: &'a Document, warnings: &mut Vec<Warning>) -> Cow<'a, Document> {
    let mut joins: Vec<(usize, Vec<usize>, usize)> = Vec::new();
    let mut i = 0;
    while i < document.blocks.len() {
        let Block::Table(first) = &document.blocks[i] else {
            i += 1;
            continue;
        };
        let mut k = i + 1;
        let mut lines = Vec::new();
        while let Some(Block::Paragraph(p)) = document.blocks.get(k) {
            if !is_row_line(&p.text) {
                break;
            }
            lines.push(k);
            k += 1;
        }
        let continues = matches!(document.blocks.get(k), Some(Block::Table(next)) if !repeats_header(first, next))
            && heading_before(document, k).title.is_empty()
            && !heading_before(document, i).title.is_empty();
        if continues {
            joins.push((i, lines, k));
        }
        i = k.max(i + 1);
    }
    if joins.is_empty() {
        return Cow::Borrowed(document);
    }
    let mut out = document.clone();
    for (first, lines, next) in joins.iter().rev() {
        let (Block::Table(a), Block::Table(b)) = (&out.blocks[*first], &out.blocks[*next]) else {
            continue;
        };
        let first_columns = column_contents(a);
        if first_columns.is_empty() {
            continue;
        }
        let Some(map) = match_columns(&first_columns, &column_contents(b)) else {
            continue;
        };
        let texts: Vec<&Paragraph> = lines
            .iter()
            .filter_map(|l| match &out.blocks[*l] {
                Block::Paragraph(p) => Some(p),
                Block::Table(_) => None,
            })
            .collect();
        let merged = joined(a, &texts, b, &map);
        for l in lines.iter().chain(std::iter::once(next)) {
            let origin = out.blocks[*l].origin();
            out.blocks[*l] = Block::Paragraph(Paragraph {
                text: String::new(),
                origin,
            });
        }
        out.blocks[*first] = Block::Table(merged);
        warnings.push(Warning {
            code: "joined_table",
            message: format!(
                "the untitled table at block {next} follows this one across a page break and is read as its continuation"
            ),
            block: Some(*first),
        });
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(rows: &[&[&str]], start: u32) -> Block {
        Block::Table(Table {
            rows: rows
                .iter()
                .map(|r| Row::new(r.iter().map(|c| Cell::text(*c)).collect()))
                .collect(),
            origin: Origin::lines(start, start + rows.len() as u32),
        })
    }

    fn paragraph(text: &str, line: u32) -> Block {
        Block::Paragraph(Paragraph {
            text: text.to_string(),
            origin: Origin::lines(line, line),
        })
    }

    #[test]
    fn second_part_and_lines_between_join_the_first() {
        let document = Document {
            blocks: vec![
                paragraph("财政拨款收入支出决算总表", 1),
                table(
                    &[
                        &[
                            "项目",
                            "决算数",
                            "项目",
                            "合计",
                            "一般公共预算",
                            "政府性基金",
                        ],
                        &[
                            "一、一般公共预算财政拨款",
                            "2,940.05",
                            "一、一般公共服务支出",
                            "2,106.66",
                            "2,106.66",
                            "",
                        ],
                        &["", "", "十一、城乡社区支出", "", "", ""],
                    ],
                    2,
                ),
                paragraph("十二、农林水支出", 6),
                table(
                    &[
                        &["", "", "十九、住房保障支出", "445.69", "445.69"],
                        &["总计", "2,961.68", "总计", "2,961.68", "2,961.68"],
                    ],
                    7,
                ),
            ],
            running_heads: Vec::new(),
            warnings: Vec::new(),
        };
        let mut warnings = Vec::new();
        let joined = join(&document, &mut warnings);
        assert_eq!(warnings.len(), 1);
        let Block::Table(t) = &joined.blocks[1] else {
            panic!("table")
        };
        let texts: Vec<Vec<&str>> = t
            .rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect();
        assert_eq!(texts[3], ["", "", "十二、农林水支出", "", "", ""]);
        assert_eq!(
            texts[4],
            ["", "", "十九、住房保障支出", "445.69", "445.69", ""]
        );
        assert_eq!(t.origin, Origin::lines(2, 9));
        assert!(matches!(&joined.blocks[3], Block::Paragraph(p) if p.text.is_empty()));
        assert_eq!(joined.blocks.len(), document.blocks.len());
    }
}
