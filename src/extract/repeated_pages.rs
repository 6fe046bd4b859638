//! Tables that run over several pages and print their label, title, unit and header again on
//! each page, or only the header. Each page is read as a table of its own; a page whose columns
//! are the previous table's, under the same title or none, with nothing but heading lines
//! between, goes on with that table.
//!
//! A repeated title over different columns is not a continuation: some volumes print the
//! remaining columns of a wide table on the next page under the same title, and those pages
//! stay tables of their own.

use crate::document::{Block, Document};
use crate::extract::model::ExtractedTable;
use crate::extract::title::squeeze;

/// Most heading lines between two pages of one table: label, title, unit or department line,
/// and a stray footer the furniture filter let through.
const MOST_HEADING_LINES: usize = 5;
/// Longest heading line, in characters; prose between two tables is longer.
const LONGEST_HEADING_LINE: usize = 80;

/// Whether two tables have the same columns, some of them amounts. Forms without amount
/// columns (a performance-target form per project) print one record to a table under one title,
/// so they are never continuations.
fn same_columns(a: &ExtractedTable, b: &ExtractedTable) -> bool {
    a.columns.iter().any(|c| c.amount)
        && a.columns.len() == b.columns.len()
        && a.columns
            .iter()
            .zip(&b.columns)
            .all(|(x, y)| x.key == y.key && x.side == y.side)
}

/// Whether only short heading lines stand between the blocks `from` and `to`.
fn only_headings_between(document: &Document, from: usize, to: usize) -> bool {
    let between = document.blocks.get(from + 1..to).unwrap_or(&[]);
    between.len() <= MOST_HEADING_LINES
        && between.iter().all(|b| match b {
            Block::Paragraph(p) => {
                let text = squeeze(&p.text);
                // A sentence is prose, not a heading.
                text.chars().count() <= LONGEST_HEADING_LINE && !text.ends_with('。')
            }
            Block::Table(_) => false,
        })
}

/// Joins each table that repeats the one before it onto that one; the pages' rows keep their
/// order, and a later page's rows are numbered on after the earlier page's.
pub fn join_repeated_pages(
    document: &Document,
    tables: Vec<ExtractedTable>,
) -> Vec<ExtractedTable> {
    let mut out: Vec<ExtractedTable> = Vec::with_capacity(tables.len());
    // The block of the last page joined onto each output table.
    let mut last_block: Vec<usize> = Vec::with_capacity(tables.len());
    for table in tables {
        if let (Some(previous), Some(previous_block)) = (out.last_mut(), last_block.last_mut()) {
            // A later page repeats the title, or (when only the header is repeated) has none.
            let same_title = (!table.title.trim().is_empty()
                && squeeze(&table.title) == squeeze(&previous.title)
                && table.kind == previous.kind)
                || (table.title.trim().is_empty() && !previous.title.trim().is_empty());
            let repeats = same_title
                && same_columns(previous, &table)
                && only_headings_between(document, *previous_block, table.block);
            if repeats {
                let offset = previous.rows.iter().map(|r| r.row + 1).max().unwrap_or(0);
                *previous_block = table.block;
                previous.rows.extend(table.rows.into_iter().map(|mut r| {
                    r.row += offset;
                    r
                }));
                continue;
            }
        }
        last_block.push(table.block);
        out.push(table);
    }
    out
}
