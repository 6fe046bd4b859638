//! Figures two tables both state: the same 功能分类 code across the functional tables, the
//! summary tables against the detail tables, the functional against the economic tables, 三公
//! against the economic line items, and the procurement total against its detail rows.

use super::figure::{
    cell, column_label, compare, compare_into, count_of, kind_name, row_label, title_of, Claim,
    Figure,
};
use super::names::{national_class, FunctionNames};
use super::summary_tables::{fund_of, SideModel};
use super::{rule, CheckResult, Checks, Relation};
use crate::extract::column_sums::FUND_KEYS;
use crate::extract::model::{
    Classification, Disclosure, DocumentKind, ExtractedTable, LineItem, Side, TableKind,
};
use crate::extract::rows::{is_code, split_code_name};
use crate::extract::title::squeeze;
use crate::money::{Amount, Fen};
use std::borrow::Cow;

/// Whether every fund the department has is general budget (一般公共预算), from the revenue
/// table's total row, else the 收支总表's revenue rows, else the narrative's revenue sources.
/// `None` when the document does not say.
pub(crate) fn all_general_budget(d: &Disclosure) -> Option<bool> {
    const OTHER_SOURCES: &[&str] = &[
        "government_fund",
        "state_capital",
        "fiscal_special_account",
        "business_income",
        "operating_income",
        "superior_subsidy",
        "subordinate_remittance",
        "other_income",
        "unit_funds",
    ];
    if let Some(total) = d.table(TableKind::Revenue).and_then(revenue_total) {
        // Money in a column of no known fund (a label the page cut short) could be any fund;
        // totals and this year's revenue (`revenue`, 本年收入's 小计) name none.
        let unknown_fund = total.values.0.iter().any(|(k, v)| {
            v.is_some_and(|a| a.fen != Fen::ZERO)
                && !FUND_KEYS.contains(&fund_of_key(k))
                && !k.starts_with("total")
                && k != "revenue"
        });
        if total.values.get("general_budget").is_some() && !unknown_fund {
            return Some(total.values.0.iter().all(|(k, v)| {
                !OTHER_SOURCES.contains(&fund_of_key(k)) || v.is_none_or(|a| a.fen == Fen::ZERO)
            }));
        }
    }
    if let Some(table) = d.table(TableKind::RevenueExpenditureSummary) {
        let model = SideModel::read(table, Side::Revenue);
        let key = model.main_key()?;
        let items = model.leaves();
        if items
            .iter()
            .any(|(r, _)| fund_of(&r.name) == Some("general_budget"))
        {
            return Some(items.iter().all(|(r, carry)| {
                *carry
                    || fund_of(&r.name) == Some("general_budget")
                    || r.values.get(key).unwrap_or(Fen::ZERO) == Fen::ZERO
            }));
        }
    }
    let general = d.fact("revenue.general_budget")?;
    let others = d
        .facts
        .iter()
        .filter(|f| f.key.starts_with("revenue.") && f.key != "revenue.carryover_prior")
        .filter(|f| f.key != general.key);
    Some(others.into_iter().all(|f| f.money() == Some(Fen::ZERO)))
}

/// The fund a revenue column holds: a fund's money carried over from last year
/// (`carryover_prior_unit_funds`) is that fund's, and is spent this year too.
fn fund_of_key(key: &str) -> &str {
    key.strip_prefix("carryover_prior_").unwrap_or(key)
}

/// A revenue table's total: its 合计 row, or the one row it prints (北京's 收入总表 prints the
/// department's figures alone, with no label).
fn revenue_total(table: &ExtractedTable) -> Option<&LineItem> {
    table.total_row(None).or_else(|| {
        let mut with_figures = table
            .rows
            .iter()
            .filter(|r| r.values.0.iter().any(|(_, v)| v.is_some()));
        match (with_figures.next(), with_figures.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    })
}

/// Whether a row also carries a code of a second classification (`50501-工资福利支出`).
fn second_code(row: &LineItem) -> Option<&str> {
    row.fields
        .iter()
        .map(|(_, text)| text.as_str())
        .find(|text| split_code_name(text).is_some() || is_code(text))
}

/// Whether a table splits each of its codes over rows of a second classification (北京's
/// 支出总表: each 功能科目 once per 经济科目): most coded rows carry a second code, and codes
/// repeat.
fn cross_classified(table: &ExtractedTable) -> bool {
    let coded: Vec<&LineItem> = table.rows.iter().filter(|r| r.code.is_some()).collect();
    let with_second = coded.iter().filter(|r| second_code(r).is_some()).count();
    let distinct: std::collections::HashSet<&str> =
        coded.iter().filter_map(|r| r.code.as_deref()).collect();
    with_second * 2 > coded.len() && distinct.len() < coded.len()
}

/// Whether a table that prints some codes more than once (北京's 一般公共预算支出表 lists each
/// unit's rows one after another, without a row naming the unit) counts every such row in its
/// 合计: its most detailed rows add up to the 合计 in an amount column (any one: a table whose
/// rows list only 基本支出 adds up there and not in its 合计 column).
fn repeated_rows_add_up(table: &ExtractedTable) -> bool {
    let coded: Vec<&LineItem> = table.rows.iter().filter(|r| r.code.is_some()).collect();
    let codes: std::collections::HashSet<&str> =
        coded.iter().filter_map(|r| r.code.as_deref()).collect();
    if codes.len() == coded.len() {
        return false;
    }
    let Some(total) = table.rows.iter().find(|r| r.total) else {
        return false;
    };
    let unit = table.source_unit.unwrap_or(crate::money::Unit::Yuan);
    let half = |a: Amount| unit.half_unit_of_last_digit(a.decimals);
    let leaves: Vec<&LineItem> = coded
        .iter()
        .copied()
        .filter(|r| {
            let code = r.code.as_deref().unwrap_or_default();
            !codes
                .iter()
                .any(|c| c.len() > code.len() && c.starts_with(code))
        })
        .collect();
    table.columns.iter().filter(|c| c.amount).any(|c| {
        let Some(printed) = total.values.amount(&c.key).filter(|a| a.fen.0 != 0) else {
            return false;
        };
        let figures: Vec<Amount> = leaves
            .iter()
            .filter_map(|r| r.values.amount(&c.key))
            .collect();
        let sum: i64 = figures.iter().map(|a| a.fen.0).sum();
        let slack: i64 = half(printed) + figures.iter().map(|a| half(*a)).sum::<i64>();
        (printed.fen.0 - sum).abs() <= slack
    })
}

/// Rows of a coded table by code (the 合计 row as `合计`), first occurrence only; in a table
/// split by a second classification, or whose repeated rows all count in its 合计, a code's
/// rows summed. A table that prints only its most detailed rows (no code is the start of
/// another, as in 北京's 支出总表 by 项 and 经济科目) states each 类 and 款 by the sum of the rows
/// under it, so those sums stand in for the rows it does not print (owned rows whose name says
/// so; see [`is_implied`]).
fn rows_by_code(table: &ExtractedTable) -> Vec<CodedRow<'_>> {
    let summed = cross_classified(table) || repeated_rows_add_up(table);
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    let mut out: Vec<CodedRow<'_>> = Vec::new();
    for row in &table.rows {
        let key = match (&row.code, row.total) {
            (Some(code), _) => code.as_str(),
            (None, true) => "合计",
            _ => continue,
        };
        match at.get(key) {
            None => {
                at.insert(key, out.len());
                out.push((key, Cow::Borrowed(row)));
            }
            Some(&i) if summed && row.code.is_some() => add_values(out[i].1.to_mut(), row),
            Some(_) => {}
        }
    }
    if prints_only_leaves(table) {
        let mut parents: Vec<(&str, LineItem)> = Vec::new();
        for row in &table.rows {
            let Some(code) = row.code.as_deref() else {
                continue;
            };
            for len in [3, 5].into_iter().filter(|&l| l < code.len()) {
                let prefix = &code[..len];
                match parents.iter_mut().find(|(c, _)| *c == prefix) {
                    Some((_, sum)) => add_values(sum, row),
                    None => parents.push((
                        prefix,
                        LineItem {
                            code: Some(prefix.to_string()),
                            name: IMPLIED_NAME.to_string(),
                            level: Some(if len == 3 { 1 } else { 2 }),
                            parent: None,
                            fields: Vec::new(),
                            ..row.clone()
                        },
                    )),
                }
            }
        }
        out.extend(
            parents
                .into_iter()
                .map(|(code, row)| (code, Cow::Owned(row))),
        );
    }
    out
}

/// A row of a coded table under its code: as printed, or summed from several printed rows.
type CodedRow<'a> = (&'a str, Cow<'a, LineItem>);

const IMPLIED_NAME: &str = "(sum of the rows under it)";

/// Whether a row of [`rows_by_code`] is a sum standing in for a 类 or 款 the table does not
/// print: it may stand against a printed row of another table, but is never itself missing nor
/// compared with another such sum (their rows are compared already).
fn is_implied(row: &LineItem) -> bool {
    row.code.is_some() && row.name == IMPLIED_NAME
}

/// Adds a row's amounts into a running sum, column by column.
fn add_values(sum: &mut LineItem, row: &LineItem) {
    for (k, amount) in sum.values.0.iter_mut() {
        if let Some(more) = row.values.amount(k) {
            *amount = Some(match amount {
                Some(a) => Amount {
                    fen: a.fen + more.fen,
                    decimals: a.decimals.max(more.decimals),
                },
                None => more,
            });
        }
    }
}

/// Whether a coded table prints only its most detailed rows: several codes, some of seven digits
/// (ASCII, so a prefix is a 类 or 款 code), none the start of another.
fn prints_only_leaves(table: &ExtractedTable) -> bool {
    let mut codes: Vec<&str> = table
        .rows
        .iter()
        .filter_map(|r| r.code.as_deref())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    // A 款 with no 项 under it (`21298 超长期特别国债安排的支出`) is such a row too.
    codes.len() > 1
        && codes.iter().all(|c| c.is_ascii())
        && codes.iter().any(|c| c.len() == 7)
        && codes
            .windows(2)
            .all(|w| !(w[1].len() > w[0].len() && w[1].starts_with(w[0])))
}

fn has_column(table: &ExtractedTable, key: &str) -> bool {
    table.columns.iter().any(|c| c.amount && c.key == key)
}

fn describe(table: &ExtractedTable, row: &LineItem, key: &str) -> String {
    let name = squeeze(&row.name);
    let label = match &row.code {
        Some(code) if !name.is_empty() => format!("{code} {name}"),
        _ => row_label(row),
    };
    format!(
        "{} {label} [{}]",
        kind_name(table.kind),
        column_label(table, key)
    )
}

/// A row one table has and the other lacks.
fn missing_row(
    rule: &'static str,
    table: &ExtractedTable,
    row: &LineItem,
    key: &str,
    other: &ExtractedTable,
    code: &str,
) -> Option<CheckResult> {
    let figure = cell(table, row, key);
    if figure.fen == Fen::ZERO {
        return None;
    }
    Some(missing_from(
        rule,
        figure,
        Claim {
            subject: describe(table, row, key),
            expected_is: format!("the missing {} row {code}", kind_name(other.kind)),
        },
        vec![title_of(other, None)],
    ))
}

/// A figure that stands against nothing: the tables lacking its row are part of the finding,
/// where a reviewer looks.
fn missing_from(
    rule: &'static str,
    figure: Figure,
    claim: Claim,
    lacking: Vec<super::Involved>,
) -> CheckResult {
    let mut missing = compare(rule, Relation::Equal, Vec::new(), vec![figure], claim);
    missing.involves.extend(lacking);
    missing
}

/// Compares `actual` against `reference` row by row on the shared code, for `keys`.
fn compare_by_code(
    actual: &ExtractedTable,
    reference: &ExtractedTable,
    keys: &[&str],
    relation: Relation,
    out: &mut Checks,
) {
    let a_rows = rows_by_code(actual);
    let r_rows = rows_by_code(reference);
    let a_index: std::collections::HashMap<&str, &LineItem> =
        a_rows.iter().map(|(c, r)| (*c, r.as_ref())).collect();
    let r_index: std::collections::HashMap<&str, &LineItem> =
        r_rows.iter().map(|(c, r)| (*c, r.as_ref())).collect();
    let keys: Vec<&str> = keys
        .iter()
        .copied()
        .filter(|k| has_column(actual, k) && has_column(reference, k))
        .collect();
    for (code, a) in &a_rows {
        match r_index.get(code) {
            Some(r) if is_implied(a) && is_implied(r) => {}
            Some(r) => {
                for key in &keys {
                    if a.values.amount(key).is_none() && r.values.amount(key).is_none() {
                        continue;
                    }
                    compare_into(
                        out,
                        rule::CROSS_TABLE_CODE,
                        relation,
                        vec![cell(reference, r, key)],
                        vec![cell(actual, a, key)],
                        || Claim {
                            subject: describe(actual, a, key),
                            expected_is: format!("{} row {code}", kind_name(reference.kind)),
                        },
                    );
                }
            }
            None if is_implied(a) => {}
            None => {
                for key in &keys {
                    out.extend(missing_row(
                        rule::CROSS_TABLE_CODE,
                        actual,
                        a,
                        key,
                        reference,
                        code,
                    ));
                }
            }
        }
    }
    if relation == Relation::Equal {
        for (code, r) in &r_rows {
            if a_index.contains_key(code) || is_implied(r) {
                continue;
            }
            for key in &keys {
                out.extend(missing_row(
                    rule::CROSS_TABLE_CODE,
                    reference,
                    r,
                    key,
                    actual,
                    code,
                ));
            }
        }
    }
}

fn functional(d: &Disclosure, kind: TableKind) -> Option<&ExtractedTable> {
    d.tables.iter().find(|t| {
        t.kind == kind
            && t.classification == Some(Classification::Functional)
            && t.rows.iter().any(|r| r.code.is_some())
    })
}

fn per_code(d: &Disclosure, general: Option<bool>, out: &mut Checks) {
    let expenditure = functional(d, TableKind::Expenditure);
    let revenue = functional(d, TableKind::Revenue);
    let all_general = general == Some(true);
    for kind in [
        TableKind::GeneralBudgetExpenditure,
        TableKind::AppropriationExpenditure,
    ] {
        let Some(fiscal) = functional(d, kind) else {
            continue;
        };
        match (expenditure, revenue) {
            (Some(e), _) => {
                let relation = if all_general {
                    Relation::Equal
                } else {
                    Relation::AtMost
                };
                compare_by_code(fiscal, e, &["total", "basic", "project"], relation, out);
            }
            (None, Some(r)) if all_general && kind == TableKind::GeneralBudgetExpenditure => {
                compare_by_code(fiscal, r, &["total"], Relation::Equal, out);
            }
            _ => {}
        }
    }
    if let (Some(e), Some(r)) = (expenditure, revenue) {
        // A budget spends what it receives, code by code; final accounts carry balances.
        if d.document_kind == DocumentKind::Budget {
            compare_by_code(r, e, &["total"], Relation::Equal, out);
        }
    }
}

/// The tables whose 类 rows a summary table's spending side breaks down: the 收支总表 the
/// department's whole spending (the 支出总表, or the 一般公共预算 table when that is all it
/// has), the 财政拨款收支总表 its appropriations: the 一般公共预算 table for a 一般公共预算
/// column, else every fund's table together (北京 prints one 预算数 column for all of them).
/// A table of `kind` that prints no codes but names its 类 rows as the classification does
/// (杭州's 支出总表: `一般公共服务支出` over its 款 and 项, all uncoded).
fn named_functional<'d>(
    d: &'d Disclosure,
    kind: TableKind,
    names: &FunctionNames,
) -> Option<&'d ExtractedTable> {
    d.tables.iter().find(|t| {
        t.kind == kind
            && t.rows.iter().all(|r| r.code.is_none())
            && !class_rows_by_name(t, names).is_empty()
    })
}

/// The 类 rows of an uncoded table by the code their names stand for: rows at its top level
/// named exactly as a 类 is, each code's first. A 款 or 项 may share a 类's name elsewhere in
/// the table, so only the top level counts.
fn class_rows_by_name<'t>(table: &'t ExtractedTable, names: &FunctionNames) -> Vec<CodedRow<'t>> {
    let mut out: Vec<CodedRow<'t>> = Vec::new();
    for row in &table.rows {
        if row.total || row.level.is_some_and(|l| l > 1) {
            continue;
        }
        let Some(code) = names.exact_code_for(&row.name) else {
            continue;
        };
        let Some(code) = national_class(&code) else {
            continue;
        };
        if !out.iter().any(|(c, _)| *c == code) {
            out.push((code, Cow::Borrowed(row)));
        }
    }
    out
}

fn summary_references<'d>(
    d: &'d Disclosure,
    kind: TableKind,
    general: Option<bool>,
    functional: impl Fn(&'d Disclosure, TableKind) -> Option<&'d ExtractedTable>,
) -> Vec<&'d ExtractedTable> {
    match kind {
        TableKind::RevenueExpenditureSummary => functional(d, TableKind::Expenditure)
            .or_else(|| {
                functional(d, TableKind::GeneralBudgetExpenditure).filter(|_| general == Some(true))
            })
            .into_iter()
            .collect(),
        TableKind::AppropriationSummary => {
            let general_column = d
                .table(kind)
                .is_some_and(|t| has_column(t, "general_budget"));
            let funds: &[TableKind] = if general_column {
                &[TableKind::GeneralBudgetExpenditure]
            } else {
                &[
                    TableKind::GeneralBudgetExpenditure,
                    TableKind::GovernmentFundExpenditure,
                    TableKind::StateCapitalExpenditure,
                ]
            };
            funds.iter().filter_map(|&k| functional(d, k)).collect()
        }
        _ => Vec::new(),
    }
}

/// 收支总表 rows by function, placed by name, against the coded tables' 类 rows.
fn summary_functions(d: &Disclosure, general: Option<bool>, out: &mut Checks) {
    let names = FunctionNames::of(d);
    let pairs = [
        (TableKind::RevenueExpenditureSummary, None),
        (TableKind::AppropriationSummary, Some("general_budget")),
    ];
    for (kind, key) in pairs {
        // Tables that print codes, else tables that name their 类 rows without them.
        let coded = summary_references(d, kind, general, functional);
        let by_name = coded.is_empty();
        let references = match by_name {
            false => coded,
            true => summary_references(d, kind, general, |d, k| named_functional(d, k, &names)),
        };
        let (Some(summary), Some(first)) = (d.table(kind), references.first()) else {
            continue;
        };
        let model = SideModel::read(summary, Side::Expenditure);
        let Some(key) = key
            .filter(|k| has_column(summary, k))
            .or_else(|| model.main_key())
        else {
            continue;
        };
        let rows = model
            .function_rows_where(|h| names.code_for(&h.name).is_some_and(|code| code.len() == 3));
        if rows.is_empty() {
            continue;
        }
        let by_code: Vec<_> = references
            .iter()
            .map(|&table| match by_name {
                false => (table, rows_by_code(table)),
                true => (table, class_rows_by_name(table, &names)),
            })
            .collect();
        let reference_names = references
            .iter()
            .map(|t| kind_name(t.kind))
            .collect::<Vec<_>>()
            .join(" + ");
        let mut matched: Vec<String> = Vec::new();
        for row in rows {
            let figure = cell(summary, row, key);
            let subject = format!(
                "{} 支出方 {} [{}]",
                kind_name(summary.kind),
                squeeze(&row.name),
                column_label(summary, key)
            );
            let Some(code) = names.code_for(&row.name) else {
                if figure.fen != Fen::ZERO {
                    out.push(super::figure::skipped(
                        rule::CROSS_TABLE_CODE,
                        vec![figure.at],
                        format!("{subject}: no 功能分类 类 matches this name"),
                    ));
                }
                continue;
            };
            matched.push(code.clone());
            let expected: Vec<Figure> = by_code
                .iter()
                .flat_map(|(table, rows)| {
                    rows.iter()
                        .filter(|(c, _)| *c == code.as_str())
                        .map(|(_, r)| cell(table, r, "total"))
                })
                .collect();
            if figure.fen == Fen::ZERO && expected.iter().all(|f| f.fen == Fen::ZERO) {
                continue;
            }
            if expected.is_empty() {
                out.push(missing_from(
                    rule::CROSS_TABLE_CODE,
                    figure,
                    Claim {
                        subject,
                        expected_is: format!("the missing {reference_names} row {code}"),
                    },
                    references.iter().map(|t| title_of(t, None)).collect(),
                ));
                continue;
            }
            compare_into(
                out,
                rule::CROSS_TABLE_CODE,
                Relation::Equal,
                expected,
                vec![figure],
                || Claim {
                    subject,
                    expected_is: match by_name {
                        false => format!("{reference_names} row {code}"),
                        true => format!("{reference_names} row {} (类 {code})", squeeze(&row.name)),
                    },
                },
            );
        }
        if matched.is_empty() {
            // A side that names no 类 breaks its spending down some other way (by purpose:
            // 基本支出, 项目支出): its 类 rows are not missing, it has none.
            out.push(super::figure::skipped(
                rule::CROSS_TABLE_CODE,
                vec![title_of(summary, Some(Side::Expenditure))],
                format!(
                    "{} 支出方 names no 功能分类 类, so the {} 类 rows have nothing to match",
                    kind_name(summary.kind),
                    kind_name(first.kind)
                ),
            ));
            continue;
        }
        for reference in &references {
            for row in reference.rows.iter().filter(|r| r.level == Some(1)) {
                let Some(code) = row.code.as_deref() else {
                    continue;
                };
                if matched.iter().any(|m| m == code) {
                    continue;
                }
                let figure = cell(reference, row, "total");
                if figure.fen == Fen::ZERO {
                    continue;
                }
                out.push(missing_from(
                    rule::CROSS_TABLE_CODE,
                    figure,
                    Claim {
                        subject: describe(reference, row, "total"),
                        expected_is: format!(
                            "the missing {} row for this 类",
                            kind_name(summary.kind)
                        ),
                    },
                    vec![title_of(summary, Some(Side::Expenditure))],
                ));
            }
        }
    }
}

fn total_figure(table: &ExtractedTable, key: &str) -> Option<Figure> {
    let row = table.total_row(None)?;
    has_column(table, key).then(|| cell(table, row, key))
}

fn push_total(
    out: &mut Checks,
    actual: Option<Figure>,
    expected: Option<Figure>,
    subject: String,
    expected_is: String,
) {
    let (Some(actual), Some(expected)) = (actual, expected) else {
        return;
    };
    if actual.fen == Fen::ZERO && expected.fen == Fen::ZERO {
        return;
    }
    compare_into(
        out,
        rule::CROSS_TABLE_TOTAL,
        Relation::Equal,
        vec![expected],
        vec![actual],
        || Claim {
            subject,
            expected_is,
        },
    );
}

fn side_figure(model: &SideModel, row: Option<&LineItem>, key: Option<&str>) -> Option<Figure> {
    let row = row?;
    let key = key.or_else(|| model.main_key())?;
    has_column(model.table, key).then(|| cell(model.table, row, key))
}

fn side_subject(model: &SideModel, row: Option<&LineItem>) -> String {
    let side = match model.side {
        Side::Revenue => "收入方",
        Side::Expenditure => "支出方",
    };
    format!(
        "{} {side} {}",
        kind_name(model.table.kind),
        row.map(|r| squeeze(&r.name)).unwrap_or_default()
    )
}

const FUNDS: &[(&str, &str)] = &[
    ("general_budget", "一般公共预算"),
    ("government_fund", "政府性基金预算"),
    ("state_capital", "国有资本经营预算"),
    ("fiscal_special_account", "财政专户管理资金"),
    ("business_income", "事业收入"),
    ("operating_income", "事业单位经营收入"),
    ("superior_subsidy", "上级补助收入"),
    ("subordinate_remittance", "附属单位上缴收入"),
    ("other_income", "其他收入"),
];

fn totals(d: &Disclosure, out: &mut Checks) {
    let revenue = d.table(TableKind::Revenue);
    let expenditure = d.table(TableKind::Expenditure);
    let general = d.table(TableKind::GeneralBudgetExpenditure);
    let summary = d.table(TableKind::RevenueExpenditureSummary);
    let appropriation = d.table(TableKind::AppropriationSummary);
    if let Some(summary) = summary {
        let rev = SideModel::read(summary, Side::Revenue);
        let exp = SideModel::read(summary, Side::Expenditure);
        // This year's total where the side has one (a 决算 收入总计 adds balances that the
        // detail tables leave out), else the grand total.
        let rev_row = rev.subtotal.or(rev.grand);
        let exp_row = exp.subtotal.or(exp.grand);
        if let Some(revenue) = revenue {
            // A revenue table printing this year's revenue beside last year's carry-over
            // (总计 | 本年收入{小计, …} | 上年结转结余{…}) totals this year's in its 小计.
            let (key, column) = if rev.subtotal.is_some() && has_column(revenue, "revenue") {
                ("revenue", " [本年收入]")
            } else {
                ("total", "")
            };
            push_total(
                out,
                side_figure(&rev, rev_row, None),
                total_figure(revenue, key),
                side_subject(&rev, rev_row),
                format!("{} 合计{column}", kind_name(revenue.kind)),
            );
            for (key, name) in FUNDS {
                let row = rev.current_fund_row(key);
                if row.is_none() {
                    continue;
                }
                push_total(
                    out,
                    side_figure(&rev, row, None),
                    total_figure(revenue, key),
                    side_subject(&rev, row),
                    format!("{} 合计 [{name}]", kind_name(revenue.kind)),
                );
            }
        }
        if let Some(expenditure) = expenditure {
            push_total(
                out,
                side_figure(&exp, exp_row, None),
                total_figure(expenditure, "total"),
                side_subject(&exp, exp_row),
                format!("{} 合计", kind_name(expenditure.kind)),
            );
        }
    }
    if let Some(appropriation) = appropriation {
        let rev = SideModel::read(appropriation, Side::Revenue);
        let exp = SideModel::read(appropriation, Side::Expenditure);
        if let Some(summary) = summary {
            let summary_rev = SideModel::read(summary, Side::Revenue);
            for (key, name) in &FUNDS[..3] {
                let row = rev.current_fund_row(key);
                let other = summary_rev.current_fund_row(key);
                push_total(
                    out,
                    side_figure(&rev, row, None),
                    side_figure(&summary_rev, other, None),
                    side_subject(&rev, row),
                    format!("{} 收入方 {name}", kind_name(summary.kind)),
                );
            }
        }
        let current = exp.current_total();
        for (key, kind) in [
            ("general_budget", TableKind::GeneralBudgetExpenditure),
            ("government_fund", TableKind::GovernmentFundExpenditure),
            ("state_capital", TableKind::StateCapitalExpenditure),
        ] {
            let Some(detail) = d.table(kind) else {
                continue;
            };
            let Some(row) = current else {
                continue;
            };
            if !has_column(appropriation, key) {
                continue;
            }
            push_total(
                out,
                Some(cell(appropriation, row, key)),
                total_figure(detail, "total"),
                format!(
                    "{} [{}]",
                    side_subject(&exp, current),
                    column_label(appropriation, key)
                ),
                format!("{} 合计", kind_name(detail.kind)),
            );
        }
    }
    // Basic and project totals: the functional table against the economic tables.
    let functional_table = general.or(expenditure);
    if let Some(f) = functional_table {
        for table in &d.tables {
            let key = match table.kind {
                TableKind::GeneralBudgetBasicExpenditure => "basic",
                TableKind::ProjectExpenditure
                    if matches!(
                        table.classification,
                        Some(Classification::DepartmentEconomic)
                            | Some(Classification::GovernmentEconomic)
                    ) =>
                {
                    "project"
                }
                _ => continue,
            };
            // A table that splits its figures by fund (广州's 部门预算基本支出预算表: 总计 |
            // 财政拨款 {一般公共预算, …} | 财政专户拨款 | 其他资金) is held to the 一般公共预算
            // table by its 一般公共预算 column.
            let (column, named) = if general.is_some() && has_column(table, "general_budget") {
                (
                    "general_budget",
                    format!(" [{}]", column_label(table, "general_budget")),
                )
            } else {
                ("total", String::new())
            };
            push_total(
                out,
                total_figure(table, column),
                total_figure(f, key),
                format!(
                    "{} 合计{named} (block {})",
                    kind_name(table.kind),
                    table.block
                ),
                format!("{} 合计 [{}]", kind_name(f.kind), column_label(f, key)),
            );
        }
    }
}

/// Economic line items that are part of a 三公 figure, by classification.
const THREE_PUBLIC_ITEMS: &[(&str, &str, &str, &str)] = &[
    ("outbound_travel", "因公出国（境）费", "30212", "50207"),
    ("official_reception", "公务接待费", "30217", "50206"),
    ("vehicle_operation", "公务用车运行维护费", "30231", "50208"),
    ("vehicle_purchase", "公务用车购置", "31013", "50303"),
];

fn three_public_vs_economic(d: &Disclosure, out: &mut Checks) {
    let three = d.table(TableKind::ThreePublic).and_then(|t| {
        t.total_row(None)
            .or_else(|| {
                t.rows
                    .iter()
                    .find(|r| r.values.0.iter().any(|(_, v)| v.is_some()))
            })
            .map(|r| (t, r))
    });
    for class in [
        Classification::DepartmentEconomic,
        Classification::GovernmentEconomic,
    ] {
        let tables: Vec<&ExtractedTable> = d
            .tables
            .iter()
            .filter(|t| {
                t.classification == Some(class)
                    && matches!(
                        t.kind,
                        TableKind::GeneralBudgetBasicExpenditure | TableKind::ProjectExpenditure
                    )
            })
            .collect();
        for (key, name, dept_code, gov_code) in THREE_PUBLIC_ITEMS {
            let code = if class == Classification::DepartmentEconomic {
                dept_code
            } else {
                gov_code
            };
            let items: Vec<Figure> = tables
                .iter()
                .flat_map(|t| {
                    t.rows
                        .iter()
                        .filter(|r| r.code.as_deref() == Some(*code))
                        .filter(|_| has_column(t, "total"))
                        .map(move |r| cell(t, r, "total"))
                })
                .collect();
            if items.is_empty() {
                continue;
            }
            let bound = match three {
                Some((t, r)) if has_column(t, key) => Some((cell(t, r, key), kind_name(t.kind))),
                _ => d
                    .fact(&format!("three_public.{key}"))
                    .and_then(Figure::fact)
                    .map(|f| (f, "narrative")),
            };
            let Some((bound, source)) = bound else {
                continue;
            };
            let n = items.len();
            compare_into(
                out,
                rule::THREE_PUBLIC_VS_ECONOMIC,
                Relation::AtMost,
                vec![bound],
                items,
                || Claim {
                    subject: format!(
                        "{code} {name} ({n} row{} of the economic tables)",
                        if n == 1 { "" } else { "s" }
                    ),
                    expected_is: format!("the 三公 figure in the {source}"),
                },
            );
        }
    }
}

fn procurement_detail(d: &Disclosure, out: &mut Checks) {
    for table in d.tables.iter().filter(|t| t.kind == TableKind::Procurement) {
        let Some(total) = table.total_row(None) else {
            continue;
        };
        if !has_column(table, "total") {
            continue;
        }
        let details: Vec<&LineItem> = table
            .rows
            .iter()
            .filter(|r| !r.total && r.fields.iter().any(|(k, _)| k == "project_name"))
            .collect();
        if details.is_empty() {
            continue;
        }
        let n = details.len();
        compare_into(
            out,
            rule::PROCUREMENT_DETAIL,
            Relation::Equal,
            details.iter().map(|r| cell(table, r, "total")).collect(),
            vec![cell(table, total, "total")],
            || Claim {
                subject: format!(
                    "{} 合计 [{}]",
                    kind_name(table.kind),
                    column_label(table, "total")
                ),
                expected_is: format!("the sum of {}", count_of(n, "project row")),
            },
        );
    }
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    let general = all_general_budget(d);
    per_code(d, general, out);
    summary_functions(d, general, out);
    totals(d, out);
    three_public_vs_economic(d, out);
    procurement_detail(d, out);
}
