//! Arithmetic inside one table: parent rows against their children, total rows against the
//! top-level rows, and the identities between a row's columns.

use super::figure::{
    any_value, cell, column_label, compare_into, count_of, kind_name, row_label, row_of, skipped,
    title_of, Claim,
};
use super::summary_tables::is_chinese_numbered;
use super::{rule, Checks, Relation};
use crate::extract::column_sums::{column_identities, Sums, Unknowable};
use crate::extract::model::{Disclosure, ExtractedTable, LineItem, TableKind};
use crate::extract::title::squeeze;
use std::collections::{BTreeMap, BTreeSet};

/// Tables whose rows are line items of one list (not two-sided, not performance targets).
fn list_tables(d: &Disclosure) -> impl Iterator<Item = &ExtractedTable> {
    d.tables
        .iter()
        .filter(|t| !t.kind.is_two_sided() && t.kind != TableKind::PerformanceTargets)
}

fn amount_keys(table: &ExtractedTable) -> Vec<&str> {
    table
        .columns
        .iter()
        .filter(|c| c.amount)
        .map(|c| c.key.as_str())
        .collect()
}

fn describe_row(row: &LineItem) -> String {
    match &row.code {
        Some(code) if !row.name.is_empty() => {
            format!("{code} {}", crate::extract::title::squeeze(&row.name))
        }
        _ => row_label(row),
    }
}

/// How many rows print each code.
fn code_counts(table: &ExtractedTable) -> BTreeMap<&str, usize> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for row in &table.rows {
        if let Some(code) = row.code.as_deref() {
            *counts.entry(code).or_default() += 1;
        }
    }
    counts
}

/// The closest ancestor of a row that the table prints: its parent, else the parent's parent
/// (a table may leave out the 款 rows and list 项 rows under their 类).
fn nearest_parent<'a>(row: &'a LineItem, codes: &BTreeMap<&str, usize>) -> Option<&'a str> {
    let mut candidate = row.parent.as_deref();
    while let Some(code) = candidate {
        if codes.contains_key(code) {
            return Some(code);
        }
        candidate = match code.len() {
            5 | 7 => code.get(..code.len() - 2),
            _ => None,
        };
    }
    None
}

/// Each parent row equals the sum of its children, per amount column.
pub(crate) fn hierarchy(d: &Disclosure, out: &mut Checks) {
    for table in list_tables(d) {
        let seen = code_counts(table);
        // Each row's children in document order, found in one pass rather than once per parent.
        let mut children_of: BTreeMap<&str, Vec<&LineItem>> = BTreeMap::new();
        for row in table.rows.iter().filter(|r| !r.total) {
            if let Some(parent) = nearest_parent(row, &seen) {
                children_of.entry(parent).or_default().push(row);
            }
        }
        let keys = amount_keys(table);
        let mut reported_duplicate: BTreeSet<&str> = BTreeSet::new();
        for parent in &table.rows {
            let Some(code) = parent.code.as_deref() else {
                continue;
            };
            let Some(children) = children_of.get(code) else {
                continue;
            };
            if seen.get(code).copied().unwrap_or(0) > 1 {
                if reported_duplicate.insert(code) {
                    out.push(skipped(
                        rule::HIERARCHY,
                        vec![row_of(table, None, code)],
                        format!(
                            "{}: code {code} appears on more than one row, so its children are ambiguous",
                            kind_name(table.kind)
                        ),
                    ));
                }
                continue;
            }
            for &key in &keys {
                if parent.values.amount(key).is_none()
                    && children.iter().all(|c| c.values.amount(key).is_none())
                {
                    continue;
                }
                let expected = children.iter().map(|c| cell(table, c, key)).collect();
                let actual = vec![cell(table, parent, key)];
                compare_into(
                    out,
                    rule::HIERARCHY,
                    Relation::Equal,
                    expected,
                    actual,
                    || Claim {
                        subject: format!(
                            "{} {} [{}]",
                            kind_name(table.kind),
                            describe_row(parent),
                            column_label(table, key)
                        ),
                        expected_is: format!(
                            "the sum of {}",
                            count_of(children.len(), "child row")
                        ),
                    },
                );
            }
        }
    }
}

/// A table's first 合计 row equals the sum of its top-level rows (rows whose parent is not in
/// the table), per column.
pub(crate) fn total_rows(d: &Disclosure, out: &mut Checks) {
    for table in list_tables(d) {
        let Some(total) = table.rows.iter().find(|r| r.total) else {
            continue;
        };
        let codes = code_counts(table);
        let mut top: Vec<&LineItem> = table
            .rows
            .iter()
            .filter(|r| !r.total && nearest_parent(r, &codes).is_none())
            // Uncoded rows nested under another by their sums (`extract::nesting`) are its parts.
            .filter(|r| r.code.is_some() || r.level.is_none_or(|l| l <= 1))
            .collect();
        // Without codes, numbered rows (一、货物, 二、工程) head the rows below them, which are
        // their details: the numbered rows are the top level.
        if top.iter().all(|r| r.code.is_none()) && top.iter().any(|r| is_chinese_numbered(&r.name))
        {
            top.retain(|r| is_chinese_numbered(&r.name));
        }
        if top.is_empty() {
            continue;
        }
        for key in amount_keys(table) {
            if total.values.amount(key).is_none()
                && top.iter().all(|r| r.values.amount(key).is_none())
            {
                continue;
            }
            compare_into(
                out,
                rule::TOTAL_ROW,
                Relation::Equal,
                top.iter().map(|r| cell(table, r, key)).collect(),
                vec![cell(table, total, key)],
                || Claim {
                    subject: format!(
                        "{} {} [{}]",
                        kind_name(table.kind),
                        row_label(total),
                        column_label(table, key)
                    ),
                    expected_is: format!("the sum of {}", count_of(top.len(), "top-level row")),
                },
            );
        }
    }
}

/// The texts a row is labelled by: its name and its text columns (深圳's 三公 table labels each
/// row by 预算单位 and 年度).
fn row_words(row: &LineItem) -> impl Iterator<Item = String> + '_ {
    std::iter::once(row.name.as_str())
        .chain(row.fields.iter().map(|(_, text)| text.as_str()))
        .map(squeeze)
        .filter(|t| !t.is_empty())
}

/// A year a row is labelled by (`2025 年`, `2026年度`).
fn labelled_year(row: &LineItem) -> Option<u32> {
    row_words(row).find_map(|t| {
        let digits = t.strip_suffix("年度").or_else(|| t.strip_suffix('年'))?;
        (digits.len() == 4 && digits.starts_with("20"))
            .then(|| digits.parse().ok())
            .flatten()
    })
}

/// Whether a row is labelled as the difference of the two above it (`增减变化金额`, `增减额`).
fn labelled_a_change(row: &LineItem) -> bool {
    row_words(row).any(|t| t.starts_with("增减") && (t.ends_with('额') || t.ends_with("变化")))
}

/// A row labelled as a change (`增减变化金额`) right under a year's row and the year before's
/// is their difference, column by column: 深圳 prints each unit's 三公 figures for last year,
/// this year and the change.
pub(crate) fn change_rows(d: &Disclosure, out: &mut Checks) {
    for table in list_tables(d) {
        for (i, change) in table.rows.iter().enumerate().skip(2) {
            if !labelled_a_change(change) {
                continue;
            }
            let (earlier, later) = (&table.rows[i - 2], &table.rows[i - 1]);
            let (Some(from), Some(to)) = (labelled_year(earlier), labelled_year(later)) else {
                continue;
            };
            if from + 1 != to {
                continue;
            }
            // The unit the three rows are of, where the first row names it.
            let unit: String = row_words(earlier)
                .filter(|t| !t.ends_with('年') && !t.ends_with("年度"))
                .collect::<Vec<_>>()
                .join(" ");
            for key in amount_keys(table) {
                if [earlier, later, change]
                    .iter()
                    .all(|r| r.values.amount(key).is_none())
                {
                    continue;
                }
                compare_into(
                    out,
                    rule::CHANGE_ROW,
                    Relation::Equal,
                    vec![cell(table, later, key)],
                    vec![cell(table, earlier, key), cell(table, change, key)],
                    || Claim {
                        subject: format!(
                            "{} {unit} {from}年 + 增减变化 [{}]",
                            kind_name(table.kind),
                            column_label(table, key)
                        )
                        .replace("  ", " "),
                        expected_is: format!("its {to}年 row"),
                    },
                );
            }
        }
    }
}

/// One identity between a row's columns: `whole = Σ parts`.
struct Identity {
    rule: &'static str,
    whole: String,
    parts: Vec<String>,
}

fn rule_of(sums: Sums) -> &'static str {
    match sums {
        Sums::Spending => rule::BASIC_PLUS_PROJECT,
        Sums::PeopleAndRunning => rule::PERSONNEL_PLUS_PUBLIC,
        Sums::FundSources => rule::FUND_SOURCES,
        Sums::ThreePublic => rule::THREE_PUBLIC_PARTS,
    }
}

/// The identities a table's columns allow (for the rows of one side of a two-sided table, the
/// keys of that side); those that cannot be known are recorded as skipped, with the reason.
fn identities_for(
    table: &ExtractedTable,
    keys: &BTreeSet<&str>,
    out: &mut Checks,
) -> Vec<Identity> {
    let (identities, unknowable) = column_identities(table, keys);
    for (sums, why) in unknowable {
        let why = match why {
            Unknowable::UnknownFundColumns(keys) => {
                let labels: Vec<String> = keys.iter().map(|k| column_label(table, k)).collect();
                format!(
                    "{}: columns {} are not known fund columns, so the total cannot be split into sources",
                    kind_name(table.kind),
                    labels.join("、")
                )
            }
            Unknowable::ThreePublicWithMeetings => {
                "the 三公 table also lists 会议费/培训费, so which columns its total covers is unclear"
                    .to_string()
            }
        };
        out.push(skipped(rule_of(sums), vec![title_of(table, None)], why));
    }
    identities
        .into_iter()
        .map(|i| Identity {
            rule: rule_of(i.sums),
            whole: i.whole,
            parts: i.parts,
        })
        .collect()
}

/// Identities between the columns of each row: total = basic + project, total = personnel +
/// public, total = Σ fund sources, 三公 total = its parts.
pub(crate) fn row_identities(d: &Disclosure, out: &mut Checks) {
    for table in d
        .tables
        .iter()
        .filter(|t| t.kind != TableKind::PerformanceTargets)
    {
        let sides: Vec<Option<crate::extract::model::Side>> = if table.kind.is_two_sided() {
            let mut s: Vec<_> = table.columns.iter().map(|c| c.side).collect();
            s.dedup();
            s
        } else {
            vec![None]
        };
        for side in sides {
            let keys: BTreeSet<&str> = table
                .columns
                .iter()
                .filter(|c| c.amount && c.side == side)
                .map(|c| c.key.as_str())
                .collect();
            let identities = identities_for(table, &keys, out);
            for identity in &identities {
                let mut all: Vec<&str> = identity.parts.iter().map(String::as_str).collect();
                all.push(&identity.whole);
                // The same for every row: name the columns once.
                let parts_label = identity
                    .parts
                    .iter()
                    .map(|k| column_label(table, k))
                    .collect::<Vec<String>>()
                    .join(" + ");
                let whole_label = column_label(table, &identity.whole);
                for row in table.rows.iter().filter(|r| r.side == side) {
                    if !any_value(row, &all) {
                        continue;
                    }
                    let expected = identity.parts.iter().map(|k| cell(table, row, k)).collect();
                    compare_into(
                        out,
                        identity.rule,
                        Relation::Equal,
                        expected,
                        vec![cell(table, row, &identity.whole)],
                        || Claim {
                            subject: format!(
                                "{} {} [{}]",
                                kind_name(table.kind),
                                describe_row(row),
                                whole_label
                            ),
                            expected_is: parts_label.clone(),
                        },
                    );
                }
            }
        }
    }
}
