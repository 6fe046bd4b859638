//! One cell per line with no mark where a row ends: what LibreOffice's text export
//! (`soffice --convert-to txt`, one line per paragraph, an empty line for an empty cell) and
//! docx2txt (each paragraph after a blank line) make of a Word table.
//!
//! A table is the run of cells after its unit line (`单位：万元`). Where its rows end is read
//! from the cells themselves: rows start at a classification code when the table has codes, else
//! the row width is the one that lines the cells up into columns of one kind (names, amounts).
//! Merged cells are written once, as Word keeps them, so a header row is shorter than the row
//! below it. A run whose rows cannot be told apart is left as paragraphs and reported.

use super::tokens::is_number;
use super::{without_spaces, SourceLine};
use crate::document::{Cell, Document, Origin, Row, Table};
use regex::Regex;
use std::sync::LazyLock;

static UNIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:金额)?单\s*位\s*[:：]\s*(?:亿元|万元|千元|元)\s*$").expect("static regex")
});
static CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{3}(?:\d{2}){0,2}(?:\s*[-－—]\s*\S.*)?$").expect("static regex")
});
static YEAR_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{4}\s*年").expect("static regex"));

/// Widest row considered.
const MAX_WIDTH: usize = 60;
/// Share of the cells that must sit in a column of their kind for a row width to be trusted.
const MIN_FIT: f64 = 0.95;

/// One paragraph or cell of the stream and the line it starts on.
#[derive(Clone, Debug)]
struct Item {
    text: String,
    line: u32,
    kind: Kind,
}

impl Item {
    fn new(text: String, line: u32) -> Item {
        let kind = kind(&text);
        Item { text, line, kind }
    }
}

/// True when the text is written paragraph after blank line, as docx2txt does.
fn blank_separated(lines: &[SourceLine<'_>]) -> bool {
    let filled: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.text.trim().is_empty())
        .map(|(i, _)| i)
        .collect();
    if filled.len() < 4 {
        return false;
    }
    let followed_by_blank = filled
        .iter()
        .filter(|&&i| lines.get(i + 1).is_none_or(|l| l.text.trim().is_empty()))
        .count();
    followed_by_blank * 10 >= filled.len() * 9
}

fn items(lines: &[SourceLine<'_>]) -> Vec<Item> {
    let mut out: Vec<Item> = Vec::new();
    if !blank_separated(lines) {
        for line in lines {
            out.push(Item::new(line.text.trim().to_string(), line.number));
        }
        return out;
    }
    // Each paragraph follows one blank line; an empty paragraph adds two.
    let mut blanks = 0usize;
    let mut seen_text = false;
    for line in lines {
        if line.text.trim().is_empty() {
            blanks += 1;
            continue;
        }
        if seen_text {
            for _ in 0..blanks.saturating_sub(1) / 2 {
                out.push(Item::new(String::new(), line.number));
            }
        }
        if blanks == 0 && seen_text {
            // A line break inside a paragraph.
            if let Some(last) = out.last_mut() {
                last.text.push('\n');
                last.text.push_str(line.text.trim());
                last.kind = kind(&last.text);
                blanks = 0;
                continue;
            }
        }
        out.push(Item::new(line.text.trim().to_string(), line.number));
        seen_text = true;
        blanks = 0;
    }
    out
}

/// True when the text reads as a lone amount with a decimal point or thousands separator, the
/// sign of a cell stream.
fn is_plain_amount(text: &str) -> bool {
    is_number(text) && text.contains(['.', ','])
}

/// Whether the lines are a cell stream: many lines hold a lone amount, few hold amounts set
/// apart on one line.
pub(crate) fn looks_like_stream(lines: &[SourceLine<'_>]) -> bool {
    let short = || lines.iter().filter(|l| l.text.len() <= 256);
    let lone = short().filter(|l| is_plain_amount(l.text.trim())).count();
    if lone < 10 {
        return false;
    }
    let spread = short()
        .filter(|l| {
            let words: Vec<&str> = l.text.split_whitespace().collect();
            words.len() >= 2 && words.iter().any(|w| is_plain_amount(w))
        })
        .count();
    lone >= 10 && lone > spread * 3
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Empty,
    Amount,
    Code,
    Text,
}

fn kind(text: &str) -> Kind {
    let t = text.trim();
    if t.is_empty() {
        return Kind::Empty;
    }
    // A code starts with a digit (`\d`, which is numeric); most cells are names and skip it.
    let code = t.chars().next().is_some_and(char::is_numeric) && CODE.is_match(t);
    if code {
        Kind::Code
    } else if is_number(t) {
        Kind::Amount
    } else {
        Kind::Text
    }
}

fn is_total_label(text: &str) -> bool {
    let t = without_spaces(text);
    let t = t.trim_end_matches(['：', ':']);
    t.ends_with("合计") || t.ends_with("总计")
}

/// How well rows of `width` cells line the data up into columns of one kind; also whether the
/// first column names the rows.
fn fit(cells: &[Item], width: usize) -> (f64, bool) {
    let mut counts = vec![[0usize; 4]; width];
    for (i, cell) in cells.iter().enumerate() {
        let k = cell.kind as usize;
        counts[i % width][k] += 1;
    }
    let mut agreeing = 0usize;
    let mut filled = 0usize;
    for column in &counts {
        let non_empty = column[1] + column[2] + column[3];
        let best = column[1].max(column[2] + column[3]);
        agreeing += best;
        filled += non_empty;
    }
    let named = counts
        .first()
        .is_some_and(|c| c[2] + c[3] > c[1] && c[2] + c[3] > 0);
    (agreeing as f64 / filled.max(1) as f64, named)
}

/// Where the data of a run of cells starts when its rows start at codes: at the row before the
/// first code that names itself (a `合计` row), else at the first code.
fn code_start(cells: &[Item]) -> Option<usize> {
    let first = cells.iter().position(|c| c.kind == Kind::Code)?;
    let before = cells[..first]
        .iter()
        .rposition(|c| is_total_label(&c.text))
        .filter(|&t| cells[t + 1..first].iter().all(|c| c.kind != Kind::Text));
    Some(before.unwrap_or(first))
}

/// Most cells scored when trying a row width.
const FIT_CELLS: usize = 4_000;

/// The start of the data and its rows: rows start at codes when the gaps between codes agree;
/// else the row width and the first row's start are the ones that line the cells up into columns
/// of one kind. `None` when nothing lines them up.
fn layout(run: &[Item]) -> Option<(usize, Vec<Vec<Item>>)> {
    let codes: Vec<usize> = run
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == Kind::Code)
        .map(|(i, _)| i)
        .collect();
    if codes.len() >= 3 {
        let mut gaps: Vec<usize> = codes.windows(2).map(|w| w[1] - w[0]).collect();
        gaps.sort_unstable();
        let width = gaps[gaps.len() / 2];
        let agree = gaps.iter().filter(|&&g| g == width).count();
        if (2..=MAX_WIDTH).contains(&width) && agree * 10 >= gaps.len() * 8 {
            let start = code_start(run)?;
            let mut rows: Vec<Vec<Item>> = Vec::new();
            let mut at = start;
            for &c in codes.iter().chain(std::iter::once(&run.len())) {
                if c > at {
                    // A stretch longer than a row holds rows without codes.
                    for chunk in run[at..c].chunks(width) {
                        rows.push(chunk.to_vec());
                    }
                }
                at = at.max(c);
            }
            return Some((start, rows));
        }
    }
    // Rows line up around the first amount; a table without amounts has only its total row
    // (the last 合计: the others head columns).
    let anchor = run
        .iter()
        .position(|c| c.kind == Kind::Amount)
        .or_else(|| run.iter().rposition(|c| is_total_label(&c.text)))?;
    // Of widths and starts that fit alike, the one that puts the most names in the first column
    // (rows are named at their start), then the narrower.
    let mut best: Option<(f64, usize, usize, usize)> = None;
    for width in 2..=MAX_WIDTH {
        for offset in 0..width.min(anchor + 1) {
            let start = anchor - offset;
            // The row above the leaf row has no more cells than it. Cheap, so it is tried before
            // the scoring below, which it rules out for most widths and starts.
            let header_fits = start == 0 || (width <= start && start - width <= width);
            if !header_fits {
                continue;
            }
            let data = &run[start..];
            if data.len() < 2 * width {
                continue;
            }
            let sample = &data[..data.len().min(FIT_CELLS)];
            // Rows of nothing but empty cells are rare; many of them mean the width is wrong.
            let rows = sample.len() / width;
            let empty_rows = sample
                .chunks_exact(width)
                .filter(|row| row.iter().all(|c| c.text.is_empty()))
                .count();
            if empty_rows * 3 > rows {
                continue;
            }
            let (score, named) = fit(sample, width);
            if !named || score < MIN_FIT {
                continue;
            }
            let named_rows = sample
                .chunks(width)
                .filter(|row| row.first().is_some_and(|c| !c.text.is_empty()))
                .count();
            let better = match best {
                None => true,
                Some((s, w, _, n)) => {
                    score > s + 1e-9
                        || ((score - s).abs() <= 1e-9
                            && (named_rows * w > n * width
                                || (named_rows * w == n * width && width < w)))
                }
            };
            if better {
                best = Some((score, width, start, named_rows));
            }
        }
    }
    if let Some((_, width, start, _)) = best {
        return Some((
            start,
            run[start..].chunks(width).map(<[Item]>::to_vec).collect(),
        ));
    }
    // A table of one row: amounts, perhaps after the row's label.
    let amount = run[anchor].kind == Kind::Amount;
    let start = if amount && anchor > 0 && run[anchor - 1].kind == Kind::Text {
        anchor - 1
    } else {
        anchor
    };
    let data = &run[start..];
    let labels = data.iter().filter(|c| c.kind == Kind::Text).count();
    let label_first = labels == 0 || (labels == 1 && data[0].kind == Kind::Text);
    if data.len() <= MAX_WIDTH && label_first {
        return Some((start, vec![data.to_vec()]));
    }
    None
}

/// The header cells split into rows: the leaf row is as wide as the data; the row above it holds
/// one cell per blank leaf cell (a label running down) and per run of leaf labels (a label
/// across them).
fn header_rows(header: &[Item], width: usize) -> Vec<Vec<Item>> {
    if header.is_empty() {
        return Vec::new();
    }
    let leaf_start = header.len().saturating_sub(width);
    let leaf = &header[leaf_start..];
    let rest = &header[..leaf_start];
    let blanks = leaf.iter().filter(|c| c.text.is_empty()).count();
    // A group of leaf labels under one parent starts after a blank, or at its own 小计.
    let runs = leaf
        .iter()
        .enumerate()
        .filter(|(i, c)| {
            let t = c.text.trim();
            !t.is_empty() && (*i == 0 || leaf[i - 1].text.is_empty() || t == "小计")
        })
        .count();
    let parent_width = if blanks == 0 {
        rest.len()
    } else {
        blanks + runs
    };
    let parent_start = rest.len().saturating_sub(parent_width);
    let mut rows = Vec::new();
    if parent_start > 0 {
        rows.push(rest[..parent_start].to_vec());
    }
    if parent_start < rest.len() {
        rows.push(rest[parent_start..].to_vec());
    }
    rows.push(leaf.to_vec());
    rows
}

/// A table's title: it ends in 表 (before any bracketed subtitle), or labels an attachment.
fn is_title(text: &str) -> bool {
    let t = text.trim_end_matches(['）', ')']);
    let t = t.rsplit_once(['（', '(']).map_or(t, |(head, _)| head);
    (t.ends_with('表') && t.chars().count() >= 6)
        || text.starts_with("附件")
        || text.starts_with("附表")
}

/// Cells that title the next table, at the end of a run: the title, its first half when it was
/// split, bracketed subtitles, attachment labels.
fn trailing_titles(cells: &[Item]) -> usize {
    let mut n = 0;
    while n < cells.len() {
        let text = cells[cells.len() - 1 - n].text.trim();
        let title_like = text.contains('表')
            || (text.starts_with(['（', '(']) && text.ends_with(['）', ')']))
            || text.starts_with("附件")
            || text.starts_with("附表")
            || YEAR_START.is_match(text);
        if !title_like || cells[cells.len() - 1 - n].kind != Kind::Text {
            break;
        }
        n += 1;
    }
    n
}

/// Reads one run of cells after a unit line into a table, or says why it could not.
fn table(cells: &[Item]) -> Result<Table, &'static str> {
    let (start, rows) = layout(cells).ok_or("no row width lines its cells up")?;
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut all = header_rows(&cells[..start], width);
    all.extend(rows);
    let first = cells.first().map_or(0, |c| c.line);
    let last = cells.last().map_or(first, |c| c.line);
    Ok(Table {
        rows: all
            .into_iter()
            .map(|r| Row::new(r.into_iter().map(|c| Cell::text(c.text)).collect()))
            .collect(),
        origin: Origin::lines(first, last),
    })
}

fn paragraph(item: &Item, document: &mut Document) {
    document.push_paragraph(item.text.clone(), Origin::lines(item.line, item.line));
}

/// Reads a cell stream into `document`; returns how many tables it recovered.
pub(crate) fn read(lines: &[SourceLine<'_>], document: &mut Document) -> usize {
    let items = items(lines);
    let mut tables = 0;
    let mut i = 0;
    while i < items.len() {
        let item = &items[i];
        paragraph(item, document);
        i += 1;
        if !UNIT.is_match(item.text.trim()) {
            continue;
        }
        // The run of cells up to the next unit line, table title or sentence of prose.
        let mut end = i;
        while end < items.len() {
            let text = items[end].text.trim();
            let prose = text.contains('。') && text.chars().count() > 30;
            if UNIT.is_match(text) || prose || is_title(text) {
                break;
            }
            end += 1;
        }
        let at_title = items
            .get(end)
            .is_some_and(|n| UNIT.is_match(n.text.trim()) || is_title(n.text.trim()));
        let run_end = if at_title {
            end - trailing_titles(&items[i..end])
        } else {
            end
        };
        let run = &items[i..run_end];
        match table(run) {
            Ok(t) => {
                tables += 1;
                document.push_table(t);
                i = run_end;
            }
            Err(why) => {
                if run.iter().any(|c| !c.text.is_empty()) {
                    document.warnings.push(format!(
                        "the cells after line {} were not read as a table: {why}",
                        item.line
                    ));
                }
            }
        }
    }
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> (Document, usize) {
        let lines = super::super::source_lines(text);
        let mut d = Document::default();
        let n = read(&lines, &mut d);
        (d, n)
    }

    fn grid(d: &Document) -> Vec<Vec<Vec<String>>> {
        d.table_texts()
    }

    const FUNCTIONAL: &[&str] = &[
        "一般公共预算财政拨款支出预算表",
        "单位：万元",
        "功能分类科目",
        "2026年预算数",
        "科目编码",
        "科目名称",
        "小计",
        "基本支出",
        "项目支出",
        "合计",
        "4,844.56",
        "2,309.40",
        "2,535.16",
        "201",
        "一般公共服务支出",
        "4,035.79",
        "1,529.03",
        "2,506.76",
        "2010301",
        "行政运行",
        "1,096.16",
        "1,096.16",
        "",
        "2010302",
        "一般行政管理事务",
        "703.71",
        "",
        "703.71",
        "2026年某单位“三公”经费支出表",
        "单位：万元",
        "合计",
        "因公出国（境）费",
        "公务用车购置及运行费",
        "公务接待费",
        "",
        "",
        "小计",
        "公务用车购置费",
        "公务用车运行费",
        "",
        "40.00",
        "",
        "39.00",
        "18.00",
        "21.00",
        "1.00",
    ];

    #[test]
    fn rows_from_codes_and_from_one_row_tables() {
        let (d, n) = read_str(&FUNCTIONAL.join("\n"));
        assert_eq!(n, 2);
        let g = grid(&d);
        assert_eq!(g[0][0], ["功能分类科目", "2026年预算数"]);
        assert_eq!(
            g[0][1],
            ["科目编码", "科目名称", "小计", "基本支出", "项目支出"]
        );
        assert_eq!(g[0][2], ["合计", "4,844.56", "2,309.40", "2,535.16"]);
        assert_eq!(g[0][4], ["2010301", "行政运行", "1,096.16", "1,096.16", ""]);
        assert_eq!(g[0].len(), 6);
        assert_eq!(
            g[1][0],
            [
                "合计",
                "因公出国（境）费",
                "公务用车购置及运行费",
                "公务接待费"
            ]
        );
        assert_eq!(
            g[1][1],
            ["", "", "小计", "公务用车购置费", "公务用车运行费", ""]
        );
        assert_eq!(g[1][2], ["40.00", "", "39.00", "18.00", "21.00", "1.00"]);
        let titles: Vec<&str> = d.paragraphs().map(|(_, p)| p.text.as_str()).collect();
        assert!(
            titles.contains(&"2026年某单位“三公”经费支出表"),
            "{titles:?}"
        );
    }

    #[test]
    fn docx2txt_paragraphs_after_blank_lines() {
        let text: String = FUNCTIONAL.iter().map(|c| format!("\n\n{c}")).collect();
        let (d, n) = read_str(&text);
        assert_eq!(n, 2);
        assert_eq!(
            grid(&d)[0][4],
            ["2010301", "行政运行", "1,096.16", "1,096.16", ""]
        );
    }

    #[test]
    fn cells_that_line_up_no_way_stay_paragraphs() {
        let (d, n) =
            read_str("某表\n单位：万元\n甲\n1.00\n乙\n丙\n2.00\n3.00\n丁\n4.00\n5.00\n戊\n");
        assert_eq!(n, 0);
        assert_eq!(d.warnings.len(), 1);
        assert!(d.paragraphs().count() > 5);
    }
}
