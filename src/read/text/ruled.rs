//! Tables drawn with rules, as `pandoc -t plain` and Markdown write them:
//!
//! * simple and multiline tables, whose columns are the runs of a `---- ------ ---` rule, with
//!   one row per line or, when the rows are set a blank line apart, rows of several lines;
//! * grid tables, framed by `+----+----+` borders with `|` between cells;
//! * pipe tables, `| a | b |` over a `|---|---|` line.
//!
//! Column boundaries come from the rules; positions are display columns (CJK counts two), as
//! pandoc lays them out. Text outside tables is paragraphs, their wrapped lines joined.

use super::tokens::{is_cjk, is_wide};
use super::SourceLine;
use crate::document::{Cell, Document, Origin, Row, Table};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static DASH_RULE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*-{3,}(?: +-{2,})*\s*$").expect("static regex"));
static GRID_BORDER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\+(?:[-=:]+\+)+\s*$").expect("static regex"));
static PIPE_RULE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$").expect("static regex")
});

/// Most lines a table may run before its closing rule is looked for no further.
const MAX_TABLE_LINES: usize = 100_000;

/// Display-column runs of a rule: each run of `-` (or each cell between `+`).
fn dash_runs(line: &str) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut start: Option<usize> = None;
    let mut x = 0usize;
    for c in line.chars() {
        if c == '-' {
            start.get_or_insert(x);
        } else if let Some(s) = start.take() {
            runs.push(s..x);
        }
        x += if is_wide(c) { 2 } else { 1 };
    }
    if let Some(s) = start {
        runs.push(s..x);
    }
    runs
}

/// Display positions of the `+` of a grid border.
fn plus_positions(line: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut x = 0usize;
    for c in line.chars() {
        if c == '+' {
            out.push(x);
        }
        x += if is_wide(c) { 2 } else { 1 };
    }
    out
}

/// A line with the display column each character starts at, for slicing by columns.
struct Columns<'a> {
    text: &'a str,
    /// Display column and byte offset of each character.
    starts: Vec<(usize, usize)>,
}

impl<'a> Columns<'a> {
    fn new(text: &'a str) -> Columns<'a> {
        let mut starts = Vec::with_capacity(text.len());
        let mut x = 0usize;
        for (b, c) in text.char_indices() {
            starts.push((x, b));
            x += if is_wide(c) { 2 } else { 1 };
        }
        Columns { text, starts }
    }

    /// The text between two display columns: the characters starting within them.
    fn slice(&self, range: &Range<usize>) -> String {
        let from = self.starts.partition_point(|(x, _)| *x < range.start);
        let to = self.starts.partition_point(|(x, _)| *x < range.end);
        let byte = |i: usize| self.starts.get(i).map_or(self.text.len(), |(_, b)| *b);
        self.text
            .get(byte(from)..byte(to))
            .unwrap_or("")
            .trim()
            .to_string()
    }
}

/// Adds a line of a cell to what the cell holds.
fn join(cell: &mut String, piece: &str) {
    let piece = piece.trim();
    if piece.is_empty() {
        return;
    }
    let spaced = cell.chars().last().is_some_and(|c| !is_cjk(c))
        && piece.chars().next().is_some_and(|c| !is_cjk(c));
    if spaced && !cell.is_empty() {
        cell.push(' ');
    }
    cell.push_str(piece);
}

/// A table found in the lines, as the range of lines it covers.
struct Found {
    lines: Range<usize>,
    rows: Vec<Vec<String>>,
}

fn is_blank(line: &SourceLine<'_>) -> bool {
    line.text.trim().is_empty()
}

/// Columns set by a dash rule: from each run's start to the next run's start.
fn columns_of(runs: &[Range<usize>]) -> Vec<Range<usize>> {
    runs.iter()
        .enumerate()
        .map(|(k, r)| {
            let end = runs.get(k + 1).map_or(usize::MAX, |n| n.start);
            r.start..end
        })
        .collect()
}

/// Rows of cells from the lines of a dash-ruled table: one row per line, or per group of lines
/// when the rows are set a blank line apart.
fn dash_rows(lines: &[SourceLine<'_>], columns: &[Range<usize>]) -> Vec<Vec<String>> {
    let multiline = lines.iter().any(is_blank);
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut current: Option<Vec<String>> = None;
    for line in lines {
        if is_blank(line) || DASH_RULE.is_match(line.text) {
            if let Some(row) = current.take() {
                rows.push(row);
            }
            continue;
        }
        let row = current.get_or_insert_with(|| vec![String::new(); columns.len()]);
        let positions = Columns::new(line.text);
        for (k, column) in columns.iter().enumerate() {
            join(&mut row[k], &positions.slice(column));
        }
        if !multiline {
            if let Some(row) = current.take() {
                rows.push(row);
            }
        }
    }
    if let Some(row) = current {
        rows.push(row);
    }
    rows
}

/// A dash-ruled table starting with the rule at `at` (or with header lines just above it).
fn dash_table(lines: &[SourceLine<'_>], at: usize) -> Option<Found> {
    let rule = lines.get(at)?;
    // The closing rule: the next rule line before the table runs too long.
    let close = (at + 1..lines.len().min(at + MAX_TABLE_LINES))
        .find(|&i| DASH_RULE.is_match(lines[i].text))
        .filter(|&i| i > at + 1);
    // Header lines directly above an opening rule of a simple table.
    let mut header_start = at;
    while header_start > 0 && !is_blank(&lines[header_start - 1]) && at - header_start < 10 {
        header_start -= 1;
    }
    let runs = dash_runs(rule.text);
    let (body_end, column_runs) = match close {
        Some(c) => {
            // A rule of one run is the frame of a multiline table; its columns are drawn by the
            // rule under the header.
            let inner = (at + 1..c).find(|&i| DASH_RULE.is_match(lines[i].text));
            let rule_runs = if runs.len() > 1 {
                runs
            } else {
                let close_runs = dash_runs(lines[c].text);
                inner
                    .map(|i| dash_runs(lines[i].text))
                    .filter(|r| r.len() > 1)
                    .unwrap_or(close_runs)
            };
            (c + 1, rule_runs)
        }
        None => {
            let end = (at + 1..lines.len())
                .find(|&i| is_blank(&lines[i]))
                .unwrap_or(lines.len());
            (end, runs)
        }
    };
    if column_runs.len() < 2 {
        return None;
    }
    let columns = columns_of(&column_runs);
    let mut rows = Vec::new();
    if header_start < at {
        rows.extend(dash_rows(&lines[header_start..at], &columns));
    }
    rows.extend(dash_rows(
        &lines[at + 1..body_end.min(lines.len())],
        &columns,
    ));
    Some(Found {
        lines: header_start..body_end,
        rows,
    })
}

/// A grid table starting with the border at `at`.
fn grid_table(lines: &[SourceLine<'_>], at: usize) -> Option<Found> {
    let plus = plus_positions(lines.get(at)?.text);
    if plus.len() < 2 {
        return None;
    }
    let columns: Vec<Range<usize>> = plus.windows(2).map(|w| w[0] + 1..w[1]).collect();
    let mut rows = Vec::new();
    let mut current: Option<Vec<String>> = None;
    let mut end = at + 1;
    while end < lines.len() && end < at + MAX_TABLE_LINES {
        let text = lines[end].text;
        let trimmed = text.trim_start();
        if GRID_BORDER.is_match(text) {
            if let Some(row) = current.take() {
                rows.push(row);
            }
        } else if trimmed.starts_with('|') {
            let row = current.get_or_insert_with(|| vec![String::new(); columns.len()]);
            let positions = Columns::new(text);
            for (k, column) in columns.iter().enumerate() {
                let piece = positions.slice(column);
                join(&mut row[k], piece.trim_matches('|'));
            }
        } else {
            break;
        }
        end += 1;
    }
    if let Some(row) = current {
        rows.push(row);
    }
    Some(Found {
        lines: at..end,
        rows,
    })
}

/// A pipe table whose separator line is at `at`, its header the line above.
fn pipe_table(lines: &[SourceLine<'_>], at: usize) -> Option<Found> {
    let start = at.checked_sub(1).filter(|&h| lines[h].text.contains('|'))?;
    let split = |text: &str| -> Vec<String> {
        let t = text.trim();
        let t = t.strip_prefix('|').unwrap_or(t);
        let t = t.strip_suffix('|').unwrap_or(t);
        t.split('|').map(|c| c.trim().to_string()).collect()
    };
    let mut rows = vec![split(lines[start].text)];
    let mut end = at + 1;
    while end < lines.len() && lines[end].text.contains('|') && !is_blank(&lines[end]) {
        rows.push(split(lines[end].text));
        end += 1;
    }
    Some(Found {
        lines: start..end,
        rows,
    })
}

fn find_tables(lines: &[SourceLine<'_>]) -> Vec<Found> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let text = lines[i].text;
        // Rules start with `-`, `+` or `|`; most lines are not worth a regular expression.
        let first = text.trim_start().chars().next();
        if !matches!(first, Some('-' | '+' | '|' | ':')) {
            i += 1;
            continue;
        }
        let table = if GRID_BORDER.is_match(text) {
            grid_table(lines, i)
        } else if PIPE_RULE.is_match(text) && text.contains('|') {
            pipe_table(lines, i)
        } else if DASH_RULE.is_match(text) {
            dash_table(lines, i)
        } else {
            None
        };
        match table {
            Some(t) if !t.rows.is_empty() && t.lines.end > i => {
                // A header taken from above belongs to this table, not to prose already read.
                if let Some(last) = found.last() {
                    if t.lines.start < last_end(last) {
                        i += 1;
                        continue;
                    }
                }
                i = t.lines.end;
                found.push(t);
            }
            _ => i += 1,
        }
    }
    found
}

fn last_end(found: &Found) -> usize {
    found.lines.end
}

/// How many ruled tables the lines hold.
pub(crate) fn count_tables(lines: &[SourceLine<'_>]) -> usize {
    find_tables(lines).len()
}

/// Drops columns that are empty in every row.
fn drop_empty_columns(rows: &mut [Vec<String>]) {
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    let keep: Vec<bool> = (0..width)
        .map(|k| rows.iter().any(|r| r.get(k).is_some_and(|c| !c.is_empty())))
        .collect();
    for row in rows.iter_mut() {
        let mut k = 0;
        row.retain(|_| {
            let kept = keep.get(k).copied().unwrap_or(false);
            k += 1;
            kept
        });
    }
}

/// Joins the lines of one paragraph: no space where CJK text meets the break.
fn paragraph(lines: &[SourceLine<'_>], document: &mut Document) {
    let mut text = String::new();
    for line in lines {
        join(&mut text, line.text);
    }
    if let (Some(first), Some(last)) = (lines.first(), lines.last()) {
        document.push_paragraph(text, Origin::lines(first.number, last.number));
    }
}

fn paragraphs(lines: &[SourceLine<'_>], document: &mut Document) {
    let mut start = 0;
    for (i, line) in lines.iter().enumerate() {
        if is_blank(line) {
            if start < i {
                paragraph(&lines[start..i], document);
            }
            start = i + 1;
        }
    }
    if start < lines.len() {
        paragraph(&lines[start..], document);
    }
}

/// Reads a text with ruled tables into `document`; returns how many tables it found.
pub(crate) fn read(lines: &[SourceLine<'_>], document: &mut Document) -> usize {
    let tables = find_tables(lines);
    let mut at = 0;
    let count = tables.len();
    for found in tables {
        paragraphs(&lines[at..found.lines.start], document);
        let mut rows = found.rows;
        drop_empty_columns(&mut rows);
        let first = lines.get(found.lines.start).map_or(0, |l| l.number);
        let last = lines
            .get(found.lines.end.saturating_sub(1))
            .map_or(first, |l| l.number);
        document.push_table(Table {
            rows: rows
                .into_iter()
                .filter(|r| r.iter().any(|c| !c.is_empty()))
                .map(|r| Row::new(r.into_iter().map(Cell::text).collect()))
                .collect(),
            origin: Origin::lines(first, last),
        });
        at = found.lines.end;
    }
    paragraphs(&lines[at.min(lines.len())..], document);
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_str(text: &str) -> Document {
        let lines = super::super::source_lines(text);
        let mut d = Document::default();
        read(&lines, &mut d);
        d
    }

    fn grid(d: &Document) -> Vec<Vec<Vec<String>>> {
        d.table_texts()
    }

    #[test]
    fn multiline_table_with_cjk_columns() {
        let d = read_str(
            &[
                "单位：万元",
                "",
                "  -------------- ---------------- ---------- ----------",
                "  科目编码       科目名称         小计       基本支出",
                "",
                "  2010399        其他政府办公厅   1,803.05   ",
                "                 （室）事务",
                "",
                "  合计                            4,844.56   2,309.40",
                "  -------------- ---------------- ---------- ----------",
                "",
                "下一段。",
            ]
            .join("\n"),
        );
        assert_eq!(
            grid(&d),
            vec![vec![
                vec!["科目编码", "科目名称", "小计", "基本支出"],
                vec!["2010399", "其他政府办公厅（室）事务", "1,803.05", ""],
                vec!["合计", "", "4,844.56", "2,309.40"],
            ]]
        );
        let p: Vec<&str> = d.paragraphs().map(|(_, p)| p.text.as_str()).collect();
        assert_eq!(p, ["单位：万元", "下一段。"]);
    }

    #[test]
    fn simple_grid_and_pipe_tables() {
        let simple =
            read_str("  项目     金额\n  -------- ------\n  合计     1.00\n  其中     0.50\n");
        assert_eq!(
            grid(&simple),
            vec![vec![
                vec!["项目", "金额"],
                vec!["合计", "1.00"],
                vec!["其中", "0.50"]
            ]]
        );
        let grid_text =
            "+------+------+\n| 项目 | 金额 |\n+======+======+\n| 合计 | 1.00 |\n+------+------+\n";
        assert_eq!(
            grid(&read_str(grid_text)),
            vec![vec![vec!["项目", "金额"], vec!["合计", "1.00"]]]
        );
        let pipe = "| 项目 | 金额 |\n|------|-----:|\n| 合计 | 1.00 |\n";
        assert_eq!(
            grid(&read_str(pipe)),
            vec![vec![vec!["项目", "金额"], vec!["合计", "1.00"]]]
        );
    }
}
