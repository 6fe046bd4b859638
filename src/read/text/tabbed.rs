//! TAB layouts:
//!
//! * `cell_per_line`: each cell on its own line starting with a TAB, rows separated by blank
//!   lines (what copying a Word table into a text file gives);
//! * `tab_separated`: one row per line, cells separated by TABs.

use super::SourceLine;
use crate::document::{Cell, Document, Origin, Row, Table};

/// How one line of text reads in the TAB layouts.
enum LineKind<'a> {
    Blank,
    /// A TAB-indented line holding one cell.
    Cell(&'a str),
    /// A line holding a whole row of TAB-separated cells.
    Row(Vec<&'a str>),
    Text(&'a str),
}

fn classify(line: &str) -> LineKind<'_> {
    // A TAB alone is an empty cell, not a blank line: empty cells keep the columns aligned.
    if let Some(rest) = line.strip_prefix('\t') {
        if rest.contains('\t') {
            let mut cells = vec![""];
            cells.extend(rest.split('\t'));
            return LineKind::Row(cells);
        }
        return LineKind::Cell(rest);
    }
    if line.trim().is_empty() {
        return LineKind::Blank;
    }
    if line.contains('\t') {
        return LineKind::Row(line.split('\t').collect());
    }
    LineKind::Text(line)
}

/// A short untabbed line right after a cell continues that cell: vertical text written one
/// character per line, or a wrapped cell. A longer one, one that starts with a space, or one that
/// names a table is a paragraph (a title) that closes the table.
fn continues_cell(line: &str) -> bool {
    !line.starts_with(char::is_whitespace) && line.chars().count() <= 8 && !line.contains('表')
}

fn clean(cell: &str) -> String {
    cell.trim().to_string()
}

struct TableBuilder {
    rows: Vec<Row>,
    row: Vec<Cell>,
    first_line: u32,
    last_line: u32,
}

impl TableBuilder {
    fn new(line: u32) -> TableBuilder {
        TableBuilder {
            rows: Vec::new(),
            row: Vec::new(),
            first_line: line,
            last_line: line,
        }
    }

    fn end_row(&mut self) {
        if !self.row.is_empty() {
            self.rows.push(Row::new(std::mem::take(&mut self.row)));
        }
    }

    fn finish(mut self) -> Table {
        self.end_row();
        Table {
            rows: self.rows,
            origin: Origin::lines(self.first_line, self.last_line),
        }
    }
}

/// How many lines each TAB layout accounted for.
#[derive(Default)]
pub(crate) struct Counts {
    pub cell_lines: usize,
    pub row_lines: usize,
}

/// Reads lines in the TAB layouts into `document`.
pub(crate) fn read(lines: &[SourceLine<'_>], document: &mut Document) -> Counts {
    let mut table: Option<TableBuilder> = None;
    let mut counts = Counts::default();
    for source in lines {
        let number = source.number;
        match classify(source.text) {
            LineKind::Blank => {
                if let Some(t) = table.as_mut() {
                    t.end_row();
                }
            }
            LineKind::Cell(content) => {
                counts.cell_lines += 1;
                let t = table.get_or_insert_with(|| TableBuilder::new(number));
                t.row.push(Cell::text(clean(content)));
                t.last_line = number;
            }
            LineKind::Row(cells) => {
                counts.row_lines += 1;
                let t = table.get_or_insert_with(|| TableBuilder::new(number));
                t.end_row();
                t.row = cells.into_iter().map(|c| Cell::text(clean(c))).collect();
                t.end_row();
                t.last_line = number;
            }
            LineKind::Text(content) => {
                let continued = match table.as_mut() {
                    Some(t) if continues_cell(content) => match t.row.last_mut() {
                        Some(cell) => {
                            cell.text.push('\n');
                            cell.text.push_str(content.trim());
                            t.last_line = number;
                            true
                        }
                        None => false,
                    },
                    _ => false,
                };
                if !continued {
                    if let Some(t) = table.take() {
                        document.push_table(t.finish());
                    }
                    document
                        .push_paragraph(content.trim().to_string(), Origin::lines(number, number));
                }
            }
        }
    }
    if let Some(t) = table.take() {
        document.push_table(t.finish());
    }
    counts
}
