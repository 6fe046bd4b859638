//! Reading warnings: a table whose own arithmetic fails on many rows was most likely misread
//! (amounts under the wrong column, rows run together), not misprinted, and its figures should
//! not be held against other tables or the narrative.
//!
//! One wrong figure touches at most three rows of its table's own identities: its row
//! (基本 + 项目 = 合计), its parent (the rows under a 款 add up to it) and the 合计 row. So a
//! table where failures of its own arithmetic fall on more rows than that gets one `reading`
//! record (status `skipped`, note `misread`) naming the rows, and the failures of the checks
//! that compare it with other tables or the narrative become `skipped` with the note
//! `reading_uncertain`: a reviewer sees one warning on the table instead of a cascade. The
//! table's own failures stay failures: they are the evidence, and each names its figures.
//!
//! A table read cut short is the one exception: where its 合计 is more than its rows in every
//! column that fails, nothing else of its own fails, and untitled tables printing its columns
//! (or as many unnamed ones) follow it, its other pages were not joined to it. The warning names
//! those pages, and the 合计's failures, which say only that, become `skipped` with the rest.
//!
//! A table whose figures sit one column off another table's gets the same warning: two
//! cross-table failures on one of its rows, in two columns, by one figure either way, say a
//! figure was read under its neighbour's label (a header printed askew), not misprinted.

use super::figure::{column_label, kind_name, title_of};
use super::{rule, CheckResult, Checks, Involved, Relation, Status};
use crate::extract::model::{Disclosure, ExtractedTable, TableKind};
use std::collections::{BTreeMap, BTreeSet};

/// The rules that judge a table by its own figures.
const OWN_ARITHMETIC: &[&str] = &[
    rule::HIERARCHY,
    rule::TOTAL_ROW,
    rule::CHANGE_ROW,
    rule::BASIC_PLUS_PROJECT,
    rule::PERSONNEL_PLUS_PUBLIC,
    rule::FUND_SOURCES,
    rule::THREE_PUBLIC_PARTS,
    rule::SUMMARY_SECTION_SUM,
    rule::SUMMARY_TOTAL,
    rule::SUMMARY_BALANCE,
    rule::PROCUREMENT_DETAIL,
    rule::CARRYOVER_BALANCE,
];

/// The rules that hold a table's figures against another table's or the narrative's.
const USING_OTHER_FIGURES: &[&str] = &[
    rule::CROSS_TABLE_CODE,
    rule::CROSS_TABLE_TOTAL,
    rule::THREE_PUBLIC_VS_ECONOMIC,
    rule::NARRATIVE_VS_TABLE,
    rule::NARRATIVE_BOUND,
    rule::BUDGET_VS_ACTUAL,
    rule::NARRATIVE_SHARE,
];

/// More rows than one wrong figure can make fail.
const MISREAD_ROWS: usize = 4;

pub const MISREAD_NOTE: &str = "misread";
pub const UNCERTAIN_NOTE: &str = "reading_uncertain";

/// The rows (by label) whose own-arithmetic checks failed, per table block.
fn failing_rows(records: &[CheckResult]) -> BTreeMap<usize, BTreeSet<&str>> {
    let mut rows: BTreeMap<usize, BTreeSet<&str>> = BTreeMap::new();
    for c in records
        .iter()
        .filter(|c| c.failed() && OWN_ARITHMETIC.contains(&c.rule))
    {
        if let Some(Involved::Table { block, row, .. }) = c.involves.first() {
            rows.entry(*block).or_default().insert(row.as_str());
        }
    }
    rows
}

fn involves_block(check: &CheckResult, blocks: &BTreeSet<usize>) -> bool {
    check
        .involves
        .iter()
        .any(|i| matches!(i, Involved::Table { block, .. } if blocks.contains(block)))
}

/// How many blocks may stand between two pages of one table.
const PAGE_GAP: usize = 4;

/// The blocks of the untitled tables right after `d.tables[index]` that print its amount
/// columns (or columns no label names): pages of it the reader did not join to it.
fn unjoined_pages(d: &Disclosure, index: usize) -> Vec<usize> {
    let amount_keys = |t: &ExtractedTable| -> BTreeSet<String> {
        t.columns
            .iter()
            .filter(|c| c.amount)
            .map(|c| c.key.clone())
            .collect()
    };
    let Some(table) = d.tables.get(index) else {
        return Vec::new();
    };
    let own = amount_keys(table);
    let mut pages = Vec::new();
    let mut with_its_columns = false;
    let mut last = table.block;
    for next in d.tables.iter().skip(index + 1) {
        let untitled = next.kind == TableKind::Unknown && next.title.trim().is_empty();
        let keys = amount_keys(next);
        let unnamed = keys.iter().all(|k| k.starts_with("column_"));
        // A page follows the one before it, across at most a few blocks of page furniture
        // and the paragraphs a page's rows wrap around.
        let follows = next.block <= last + PAGE_GAP && !next.rows.is_empty();
        if !untitled || !follows || !(keys == own || unnamed) {
            break;
        }
        // Pages printed without the header repeated are known by printing as many amounts.
        with_its_columns |= keys == own || (unnamed && keys.len() == own.len());
        pages.push(next.block);
        last = next.block;
    }
    if with_its_columns {
        pages
    } else {
        Vec::new()
    }
}

/// Tables cut short: their 合计 alone fails, more than their rows in every column that fails,
/// and untitled tables with their columns follow them. The rows the 合计 counts are on those
/// pages, so the shortfall says the pages were not joined, not that the document misstates its
/// total: one warning replaces the failures.
fn cut_short(d: &Disclosure, out: &mut Checks) -> BTreeSet<usize> {
    let mut cut = BTreeSet::new();
    for (index, table) in d.tables.iter().enumerate() {
        let own: Vec<&CheckResult> = out
            .records()
            .iter()
            .filter(|c| c.failed() && OWN_ARITHMETIC.contains(&c.rule))
            .filter(|c| matches!(c.involves.first(), Some(Involved::Table { block, .. }) if *block == table.block))
            .collect();
        let short = !own.is_empty()
            && own
                .iter()
                .all(|c| c.rule == rule::TOTAL_ROW && c.difference.is_some_and(|d| d.0 > 0));
        if !short {
            continue;
        }
        let columns = own.len();
        let pages = unjoined_pages(d, index);
        let (Some(first), Some(last)) = (pages.first(), pages.last()) else {
            continue;
        };
        let message = format!(
            "{}: its 合计 is more than its rows in {columns} columns, and the untitled tables \
             at blocks {first}–{last} print its columns: pages of it not joined to it, so the \
             table is read cut short; its 合计 is not held to the rows read, nor its figures \
             against other tables or the narrative",
            name(table)
        );
        out.push(record(table, Status::Skipped, Some(MISREAD_NOTE), message));
        cut.insert(table.block);
    }
    set_aside(
        out,
        &cut,
        Some(rule::TOTAL_ROW),
        "the table is read cut short",
    );
    cut
}

/// Makes `skipped` (note `reading_uncertain`) the failures that hold the figures of the tables
/// at `blocks` against other tables or the narrative, and those of rule `also`, saying `why`.
fn set_aside(out: &mut Checks, blocks: &BTreeSet<usize>, also: Option<&str>, why: &str) {
    if blocks.is_empty() {
        return;
    }
    out.reclassify(
        |c| {
            c.failed()
                && (USING_OTHER_FIGURES.contains(&c.rule) || Some(c.rule) == also)
                && involves_block(c, blocks)
        },
        |c| {
            c.status = Status::Skipped;
            c.note = Some(UNCERTAIN_NOTE.to_string());
            c.message
                .push_str(&format!("; not judged: {why} (see `reading`)"));
        },
    );
}

/// A cell of a table a check involves: its block, row and column.
fn cell_of(involved: &Involved) -> Option<(usize, &str, &str)> {
    match involved {
        Involved::Table {
            block,
            row,
            column: Some(column),
            ..
        } => Some((*block, row.as_str(), column.as_str())),
        _ => None,
    }
}

/// Tables whose figures sit one column off the other tables': two cross-table failures on one
/// row of the table, in two columns, by the same figure either way (`政府性基金预算` 0 where the
/// summary states 770.00, `国有资本经营预算` 770.00 where it states 0). A header printed askew
/// puts a figure under its neighbour's label; a document that misprinted the figure would say
/// it twice, not move it. Each such table gets one warning, and the failures that use it
/// become `skipped`.
fn shifted_columns(d: &Disclosure, out: &mut Checks) -> BTreeSet<usize> {
    let failures: Vec<&CheckResult> = out
        .records()
        .iter()
        .filter(|c| c.failed() && c.rule == rule::CROSS_TABLE_TOTAL)
        .collect();
    let mut shifted: BTreeMap<usize, (String, String)> = BTreeMap::new();
    for (i, first) in failures.iter().enumerate() {
        for second in &failures[i + 1..] {
            let (Some(a), Some(b)) = (first.difference, second.difference) else {
                continue;
            };
            if a.0 == 0 || a.0 != -b.0 {
                continue;
            }
            for (block, row, column) in first.involves.iter().filter_map(cell_of) {
                let moved = second
                    .involves
                    .iter()
                    .filter_map(cell_of)
                    .find(|(b, r, c)| *b == block && *r == row && *c != column);
                if let Some((_, _, other)) = moved {
                    shifted
                        .entry(block)
                        .or_insert_with(|| (column.to_string(), other.to_string()));
                }
            }
        }
    }
    for (block, (first, second)) in &shifted {
        let Some(table) = d.tables.iter().find(|t| t.block == *block) else {
            continue;
        };
        let (first, second) = (column_label(table, first), column_label(table, second));
        let message = format!(
            "{}: its columns [{first}] and [{second}] each hold the figure another table \
             states for the other: figures most likely read into the neighbouring column, so \
             check its columns against the printed page; its figures are not held against \
             other tables or the narrative",
            name(table)
        );
        out.push(record(table, Status::Skipped, Some(MISREAD_NOTE), message));
    }
    let blocks: BTreeSet<usize> = shifted.into_keys().collect();
    set_aside(out, &blocks, None, "a table it uses reads uncertainly");
    blocks
}

/// Judges every table with rows by its own arithmetic: a warning where it says the table was
/// misread, a pass elsewhere; and stops a misread table's figures failing the checks that use it.
pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    let mut cut = cut_short(d, out);
    cut.extend(shifted_columns(d, out));
    let failing = failing_rows(out.records());
    let mut misread: Vec<(usize, Vec<String>)> = Vec::new();
    let mut read_right: Vec<CheckResult> = Vec::new();
    for table in d
        .tables
        .iter()
        .filter(|t| !t.rows.is_empty() && !cut.contains(&t.block))
    {
        let rows = failing.get(&table.block);
        let count = rows.map_or(0, |r| r.len());
        if count >= MISREAD_ROWS {
            let labels = rows
                .into_iter()
                .flatten()
                .map(|r| if r.is_empty() { "(unnamed)" } else { r }.to_string());
            misread.push((table.block, labels.collect()));
        } else {
            read_right.push(record(
                table,
                Status::Pass,
                None,
                format!(
                    "{}: the table's own arithmetic fails on {count} rows, no more than one \
                     wrong figure can make fail",
                    name(table)
                ),
            ));
        }
    }
    for pass in read_right {
        if out.keeps_passes() {
            out.push(pass);
        } else {
            out.count_pass(rule::READING, pass.involves.iter());
        }
    }
    if misread.is_empty() {
        return;
    }
    let blocks: BTreeSet<usize> = misread.iter().map(|(b, _)| *b).collect();
    set_aside(out, &blocks, None, "a table it uses reads uncertainly");
    for (block, rows) in misread {
        let Some(table) = d.tables.iter().find(|t| t.block == block) else {
            continue;
        };
        let shown: Vec<&str> = rows.iter().take(6).map(String::as_str).collect();
        let more = rows.len().saturating_sub(shown.len());
        let message = format!(
            "{}: the table's own arithmetic fails on {} rows ({}{}); one wrong figure makes at \
             most three rows fail, so the table is most likely misread: check its columns \
             against the printed page; its figures are not held against other tables or the \
             narrative",
            name(table),
            rows.len(),
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            },
        );
        out.push(record(table, Status::Skipped, Some(MISREAD_NOTE), message));
    }
}

fn name(table: &ExtractedTable) -> String {
    format!(
        "{} {}",
        kind_name(table.kind),
        crate::extract::title::squeeze(&table.title)
    )
}

fn record(
    table: &ExtractedTable,
    status: Status,
    note: Option<&str>,
    message: String,
) -> CheckResult {
    CheckResult {
        rule: rule::READING,
        status,
        note: note.map(str::to_string),
        relation: Relation::Equal,
        involves: vec![title_of(table, None)],
        expected: None,
        actual: None,
        difference: None,
        tolerance: None,
        message,
    }
}
