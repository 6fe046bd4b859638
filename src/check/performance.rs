//! The funding a performance-target form states, against itself: what a project or department
//! is given equals the funds it comes from (`项目总额 = 财政资金 + 其他资金`,
//! `基本支出 + 项目支出 = 财政拨款 + 其他资金`), the split by budget level
//! (`市本级使用资金 + 拟用于对下转移支付资金`) equals it too, and so does the split into
//! 基本支出 and 项目支出 where the form prints the total beside them. A form that prints a figure of a
//! fund the reader does not know is not checked: its sources would be incomplete.

use super::figure::{cell, compare_into, row_label, Claim, Figure};
use super::{rule, Checks, Relation};
use crate::extract::model::{Disclosure, ExtractedTable, LineItem, TableKind};
use crate::extract::performance::is_money;

/// The funds a whole comes from.
const SOURCES: &[&str] = &["appropriation", "other_funds", "carryover_prior"];
/// The whole split by the budget level that spends it.
const LEVELS: &[&str] = &["own_level_use", "transfer_to_lower"];

/// Whether every money figure of `rows` was read as a fund's.
fn all_figures_read<'a>(rows: impl Iterator<Item = &'a LineItem>) -> bool {
    rows.into_iter().all(|r| {
        let printed = r.raw.iter().filter(|t| is_money(t)).count();
        printed == r.values.0.iter().filter(|(_, v)| v.is_some()).count()
    })
}

fn figures(table: &ExtractedTable, found: &[(&LineItem, &str)]) -> Vec<Figure> {
    found.iter().map(|(r, k)| cell(table, r, k)).collect()
}

/// The rows holding each of `keys`, one row per key, in the order of `keys`.
fn holding<'a>(rows: &[&'a LineItem], keys: &[&'a str]) -> Vec<(&'a LineItem, &'a str)> {
    keys.iter()
        .filter_map(|k| {
            rows.iter()
                .find(|r| r.values.amount(k).is_some())
                .map(|r| (*r, *k))
        })
        .collect()
}

fn compare(
    out: &mut Checks,
    table: &ExtractedTable,
    whole: &[(&LineItem, &str)],
    parts: &[(&LineItem, &str)],
    subject: String,
    expected_is: &str,
) {
    compare_into(
        out,
        rule::FUND_SOURCES,
        Relation::Equal,
        figures(table, parts),
        figures(table, whole),
        || Claim {
            subject,
            expected_is: expected_is.to_string(),
        },
    );
}

/// A form listing several projects, each row with its total and its sources.
fn per_project(table: &ExtractedTable, out: &mut Checks) {
    for row in table
        .rows
        .iter()
        .filter(|r| r.values.amount("total").is_some())
    {
        let rows = [row];
        let sources = holding(&rows, SOURCES);
        if sources.is_empty() || !all_figures_read(rows.into_iter()) {
            continue;
        }
        compare(
            out,
            table,
            &[(row, "total")],
            &sources,
            format!("绩效目标表 {} [项目总额]", row_label(row)),
            "the sum of its funds",
        );
    }
}

/// A form stating one whole: a department's, or one project's over several rows.
fn one_whole(table: &ExtractedTable, out: &mut Checks) {
    let rows: Vec<&LineItem> = table.rows.iter().collect();
    if !all_figures_read(rows.iter().copied()) {
        return;
    }
    let total = holding(&rows, &["total"]);
    let spending = holding(&rows, &["basic", "project"]);
    let title = crate::extract::title::squeeze(&table.title);
    if !total.is_empty() && spending.len() == 2 {
        compare_into(
            out,
            rule::BASIC_PLUS_PROJECT,
            Relation::Equal,
            figures(table, &spending),
            figures(table, &total),
            || Claim {
                subject: format!("{title} 资金"),
                expected_is: "基本支出 + 项目支出".to_string(),
            },
        );
    }
    let whole = if !total.is_empty() {
        total
    } else if spending.len() == 2 {
        spending
    } else {
        return;
    };
    for (parts, named) in [
        (SOURCES, "its funds"),
        (LEVELS, "its split by budget level"),
    ] {
        let found = holding(&rows, parts);
        if found.is_empty() {
            continue;
        }
        compare(
            out,
            table,
            &whole,
            &found,
            format!("{title} 资金"),
            &format!("the sum of {named}"),
        );
    }
}

/// Checks the funding of every performance form that states one.
pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    for table in d
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::PerformanceTargets && !t.columns.is_empty())
    {
        let each_key_once = table.columns.iter().all(|c| {
            table
                .rows
                .iter()
                .filter(|r| r.values.amount(&c.key).is_some())
                .count()
                <= 1
        });
        let projects_by_row = table.rows.iter().any(|r| {
            r.values.amount("total").is_some()
                && SOURCES.iter().any(|k| r.values.amount(k).is_some())
        });
        if projects_by_row && !each_key_once {
            per_project(table, out);
        } else if each_key_once {
            one_whole(table, out);
        }
    }
}
