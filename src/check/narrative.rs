//! Narrative figures against the tables that state the same thing, against their own stated
//! parts, and their year-on-year changes against each other.

use super::figure::{
    blank_under, cell, column_label, compare_into, item_row, kind_name, printed_item_code, row_of,
    skipped, title_without_figures, Claim, Figure,
};
use super::names::FunctionNames;
use super::summary_tables::{bare_name, SideModel};
use super::{rule, CheckResult, Checks, Involved, Relation, Status, Value};
use crate::extract::column_sums::three_public_fund_key;
use crate::extract::model::{
    Disclosure, DocumentKind, ExtractedTable, Fact, LineItem, Side, TableKind,
};
use crate::extract::named_figures::{
    column_group_and_leaf, column_name, label_code, label_group_and_leaf, name_core, names_an_item,
    naming_tables, neutral, revenue_core, ROW_FIGURE,
};
use crate::extract::narrative::ALL_PROJECTS_LABEL;
use crate::extract::title::squeeze;

/// A table figure a narrative fact is compared with, and what it is.
struct Counterpart {
    figure: Option<Figure>,
    what: String,
}

fn counterpart(table: &ExtractedTable, row: &LineItem, key: &str, what: String) -> Counterpart {
    let figure = cell(table, row, key);
    let what = match figure.at {
        Involved::Table { value: None, .. } => format!("{what}, a blank cell,"),
        _ => what,
    };
    Counterpart {
        figure: Some(figure),
        what,
    }
}

fn total_cell(table: Option<&ExtractedTable>, key: &str) -> Option<Counterpart> {
    let table = table?;
    let row = table.total_row(None)?;
    if !table.columns.iter().any(|c| c.amount && c.key == key) {
        return None;
    }
    Some(counterpart(
        table,
        row,
        key,
        format!(
            "{} 合计 [{}]",
            kind_name(table.kind),
            column_label(table, key)
        ),
    ))
}

fn side_row(model: &SideModel, row: Option<&LineItem>, key: Option<&str>) -> Option<Counterpart> {
    let row = row?;
    let key = key
        .filter(|k| model.table.columns.iter().any(|c| c.amount && c.key == *k))
        .or_else(|| model.main_key())?;
    let side = match model.side {
        Side::Revenue => "收入方",
        Side::Expenditure => "支出方",
    };
    Some(counterpart(
        model.table,
        row,
        key,
        format!(
            "{} {side} {} [{}]",
            kind_name(model.table.kind),
            squeeze(&row.name),
            column_label(model.table, key)
        ),
    ))
}

/// The row of a two-sided table's revenue side that states the carry-over from last year.
fn carryover_row<'a>(model: &SideModel<'a>) -> Option<&'a LineItem> {
    model
        .sections()
        .flat_map(|s| s.header.into_iter().chain(s.items.iter().copied()))
        .find(|r| {
            bare_name(&r.name).starts_with("上年结转") || bare_name(&r.name).starts_with("年初结转")
        })
}

fn coded_row<'a>(table: &'a ExtractedTable, code: &str) -> Option<&'a LineItem> {
    table.rows.iter().find(|r| r.code.as_deref() == Some(code))
}

/// The three-public table's figures row: its total row, else its first row with amounts.
/// A table whose figures are all blank still holds the cells the narrative's figures belong
/// in: its first row.
fn three_public_row(d: &Disclosure) -> Option<(&ExtractedTable, &LineItem)> {
    let t = d.table(TableKind::ThreePublic)?;
    let row = t
        .total_row(None)
        .or_else(|| {
            t.rows
                .iter()
                .find(|r| r.values.0.iter().any(|(_, v)| v.is_some()))
        })
        .or_else(|| t.rows.first())?;
    Some((t, row))
}

/// A 三公 table that splits each item by fund, a row per unit and year (深圳's: 2025年,
/// 2026年, 增减变化金额), with the column of `part` under the general budget. The narrative's
/// 财政拨款 figures are all three funds; the general budget's column stands for them in rows
/// where the other funds hold nothing.
struct ByFund<'a> {
    table: &'a ExtractedTable,
    general: String,
    others: [String; 2],
}

impl<'a> ByFund<'a> {
    fn of(d: &'a Disclosure, part: &str) -> Option<ByFund<'a>> {
        let table = d.table(TableKind::ThreePublic)?;
        let has = |key: &str| table.columns.iter().any(|c| c.amount && c.key == key);
        let split = ["outbound_travel", "official_reception", "vehicles"]
            .iter()
            .any(|item| has(&format!("{item}_general_budget")));
        let key_of = |fund: &str| three_public_fund_key(part, fund, has);
        let general = key_of("general_budget");
        (split && has(&general)).then(|| ByFund {
            table,
            general,
            others: [key_of("government_fund"), key_of("state_capital")],
        })
    }

    /// The department's row of `year`, its first so labelled, where the other funds hold
    /// nothing.
    fn row(&self, year: u16) -> Option<&'a LineItem> {
        let label = format!("{year}年");
        let row = self
            .table
            .rows
            .iter()
            .find(|r| r.fields.iter().any(|(_, text)| squeeze(text) == label))?;
        self.others
            .iter()
            .all(|key| row.values.get(key).is_none_or(|v| v.0 == 0))
            .then_some(row)
    }

    fn what(&self, year: u16) -> String {
        format!(
            "{} {year}年 [{}]",
            kind_name(self.table.kind),
            column_label(self.table, &self.general)
        )
    }
}

/// The figure the narrative states for `part` in a 三公 table split by fund: the fiscal year's.
fn three_public_by_fund(d: &Disclosure, part: &str) -> Option<Counterpart> {
    let year = d.fiscal_year?;
    let by_fund = ByFund::of(d, part)?;
    let row = by_fund.row(year)?;
    Some(counterpart(
        by_fund.table,
        row,
        &by_fund.general,
        by_fund.what(year),
    ))
}

/// A 三公 figure's change on last year (`较2025年年初预算增加61.2万元`), held to its table
/// split by fund, which prints last year's row beside this year's.
fn three_public_change(d: &Disclosure, fact: &Fact, out: &mut Checks) {
    let (Some(part), Some(change), Some(year)) = (
        fact.key.strip_prefix("three_public."),
        Figure::change(fact),
        d.fiscal_year,
    ) else {
        return;
    };
    let Some(by_fund) = ByFund::of(d, part) else {
        return;
    };
    let (Some(this_year), Some(last_year)) = (by_fund.row(year), by_fund.row(year - 1)) else {
        return;
    };
    let (t, key) = (by_fund.table, by_fund.general.as_str());
    compare_into(
        out,
        rule::NARRATIVE_VS_TABLE,
        Relation::Equal,
        vec![cell(t, this_year, key)],
        vec![cell(t, last_year, key), change],
        || Claim {
            subject: format!(
                "{}: {} + the change the text states",
                fact_subject(fact),
                by_fund.what(year - 1)
            ),
            expected_is: by_fund.what(year),
        },
    );
}

/// The row of a 三公 table printed with its items as rows and its funds as columns (广州's
/// `财政拨款安排的行政经费及“三公”经费预算表`: 行政经费, “三公”经费, 其中：（一）因公出国（境）支出, …)
/// that states `part`: there the 合计 column is a fund total, and the first row need not be the
/// 三公 total.
fn three_public_item_row<'a>(
    d: &'a Disclosure,
    part: &str,
) -> Option<(&'a ExtractedTable, &'a LineItem)> {
    let t = d.table(TableKind::ThreePublic)?;
    let named = |r: &LineItem, words: &[&str], not: &[&str]| {
        let name = squeeze(&r.name);
        words.iter().any(|w| name.contains(w)) && !not.iter().any(|w| name.contains(w))
    };
    let items_as_rows = t.rows.iter().any(|r| named(r, &["三公"], &[]))
        && t.rows
            .iter()
            .any(|r| named(r, &["因公出国", "公务接待"], &[]));
    if !items_as_rows || !t.columns.iter().any(|c| c.amount && c.key == "total") {
        return None;
    }
    let (words, not): (&[&str], &[&str]) = match part {
        "total" => (&["三公"], &[]),
        "outbound_travel" => (&["因公出国"], &[]),
        "vehicles" => (&["购置及运行"], &[]),
        "vehicle_purchase" => (&["购置费"], &["购置及运行"]),
        "vehicle_operation" => (&["运行维护费", "运行费"], &["购置及运行"]),
        "official_reception" => (&["公务接待"], &[]),
        _ => return None,
    };
    t.rows
        .iter()
        .find(|r| named(r, words, not))
        .map(|row| (t, row))
}

/// The row of a functional item a narrative states the appropriation for: the 一般公共预算
/// table's row of that 项, else the appropriation or the department's expenditure table's.
fn item_counterpart<'a>(
    d: &'a Disclosure,
    label: &str,
) -> Option<(&'a ExtractedTable, &'a LineItem)> {
    [
        d.table(TableKind::GeneralBudgetExpenditure),
        d.table(TableKind::AppropriationExpenditure),
        d.table(TableKind::Expenditure),
    ]
    .into_iter()
    .flatten()
    .find_map(|t| item_row(t, label).map(|row| (t, row)))
}

/// The codes a narrative prints level by level for a functional item (`基层司法业务（04项）`)
/// against the code of the row so named.
fn item_codes(d: &Disclosure, out: &mut Checks) {
    for fact in d
        .facts
        .iter()
        .filter(|f| f.key == "appropriation_expenditure.item")
    {
        let label = fact.label.as_deref().unwrap_or("");
        let Some(printed) = printed_item_code(label) else {
            continue;
        };
        let Some((table, row)) = item_counterpart(d, label) else {
            continue;
        };
        let Some(code) = row.code.as_deref() else {
            continue;
        };
        let at = Involved::Fact {
            fact: fact.key.clone(),
            label: fact.label.clone(),
            block: fact.block,
            value: None,
        };
        let row_at = row_of(table, None, code);
        let passed = printed == code;
        if passed && !out.keeps_passes() {
            out.count_pass(rule::NARRATIVE_VS_TABLE, [&at, &row_at].into_iter());
            continue;
        }
        let (block, tables) = (fact.block, kind_name(table.kind));
        out.push(CheckResult {
            rule: rule::NARRATIVE_VS_TABLE,
            status: if passed { Status::Pass } else { Status::Fail },
            note: None,
            relation: Relation::Equal,
            involves: vec![at, row_at],
            expected: Some(Value::Text(code.to_string())),
            actual: Some(Value::Text(printed.clone())),
            difference: None,
            tolerance: None,
            message: if passed {
                format!("the narrative (block {block}) codes {label} {printed}, as {tables} does")
            } else {
                format!(
                    "the narrative (block {block}) codes {label} {printed}, but {tables} codes that row {code}"
                )
            },
        });
    }
}

/// Every table figure that states what `fact` states.
fn counterparts(
    d: &Disclosure,
    fact: &Fact,
    names: &FunctionNames,
    named: Option<&NamedCells>,
) -> Vec<Counterpart> {
    let summary = d.table(TableKind::RevenueExpenditureSummary);
    let appropriation = d.table(TableKind::AppropriationSummary);
    let revenue = d.table(TableKind::Revenue);
    let expenditure = d.table(TableKind::Expenditure);
    let general = d.table(TableKind::GeneralBudgetExpenditure);
    let mut out: Vec<Option<Counterpart>> = Vec::new();
    let key = fact.key.as_str();
    match key {
        "revenue_total" => {
            if let Some(t) = summary {
                let m = SideModel::read(t, Side::Revenue);
                out.push(side_row(&m, m.grand, None));
            }
            out.push(total_cell(revenue, "total"));
        }
        "expenditure_total" => {
            if let Some(t) = summary {
                let m = SideModel::read(t, Side::Expenditure);
                out.push(side_row(&m, m.grand, None));
            }
            out.push(total_cell(expenditure, "total"));
        }
        "revenue_current" | "expenditure_current" => {
            let side = if key == "revenue_current" {
                Side::Revenue
            } else {
                Side::Expenditure
            };
            if let Some(t) = summary {
                let m = SideModel::read(t, side);
                out.push(side_row(&m, m.subtotal, None));
            }
        }
        "revenue.carryover_prior" => {
            if let Some(t) = summary {
                let m = SideModel::read(t, Side::Revenue);
                out.push(side_row(&m, carryover_row(&m), None));
            }
            out.push(total_cell(revenue, "carryover_prior"));
        }
        _ if key.starts_with("revenue.") => {
            let fund = &key["revenue.".len()..];
            if let Some(t) = summary {
                let m = SideModel::read(t, Side::Revenue);
                out.push(side_row(&m, m.current_fund_row(fund), None));
            }
            out.push(total_cell(revenue, fund));
            if matches!(fund, "general_budget" | "government_fund" | "state_capital") {
                if let Some(t) = appropriation {
                    let m = SideModel::read(t, Side::Revenue);
                    out.push(side_row(&m, m.current_fund_row(fund), None));
                }
            }
        }
        // A functional item's appropriation: the 一般公共预算 table's row of that 项, else the
        // appropriation or the department's expenditure table's.
        "appropriation_expenditure.item" => {
            let label = fact.label.as_deref().unwrap_or("");
            if let Some((t, row)) = item_counterpart(d, label) {
                let what = format!(
                    "{} row {} [{}]",
                    kind_name(t.kind),
                    row.code.as_deref().unwrap_or(&row.name),
                    column_label(t, "total")
                );
                out.push(Some(counterpart(t, row, "total", what)));
            }
        }
        "expenditure.function" => {
            let Some(code) = fact.label.as_deref().and_then(|l| names.code_for(l)) else {
                return Vec::new();
            };
            if let Some(t) = expenditure.filter(|t| t.rows.iter().any(|r| r.code.is_some())) {
                out.push(Some(match coded_row(t, &code) {
                    Some(row) => counterpart(
                        t,
                        row,
                        "total",
                        format!(
                            "{} row {code} [{}]",
                            kind_name(t.kind),
                            column_label(t, "total")
                        ),
                    ),
                    None => Counterpart {
                        figure: None,
                        what: format!("the missing {} row {code}", kind_name(t.kind)),
                    },
                }));
            }
            if let Some(t) = summary {
                let m = SideModel::read(t, Side::Expenditure);
                let row = m
                    .function_rows()
                    .into_iter()
                    .find(|r| names.code_for(&r.name).as_deref() == Some(code.as_str()));
                out.push(side_row(&m, row, None));
            }
        }
        "appropriation_revenue" => match appropriation {
            Some(t) => {
                let m = SideModel::read(t, Side::Revenue);
                out.push(side_row(&m, m.current_fund_row("general_budget"), None));
            }
            None => out.push(total_cell(revenue, "general_budget")),
        },
        "appropriation_expenditure" => {
            out.push(total_cell(general, "total"));
            // The summary's 本年支出 counts every fund's appropriations; it states the
            // 一般公共预算 ones only in a column of that fund.
            if let Some(t) = appropriation.filter(|t| {
                t.columns
                    .iter()
                    .any(|c| c.amount && c.key == "general_budget")
            }) {
                let m = SideModel::read(t, Side::Expenditure);
                out.push(side_row(&m, m.current_total(), Some("general_budget")));
            }
        }
        // `基本支出…万元` / `项目支出…万元` name neither fund nor unit: a narrative states them
        // for the 一般公共预算 appropriations in one section, for all the department's money in
        // another, and for each of its units in turn (深圳: `一、…（本级）` then its figures), so
        // the figure is held against the total (the table's, or a unit's) it is closest to.
        "basic_expenditure" | "project_expenditure" => {
            let column = if key == "basic_expenditure" {
                "basic"
            } else {
                "project"
            };
            let mut candidates = vec![total_cell(general, column), total_cell(expenditure, column)];
            for table in [general, expenditure].into_iter().flatten() {
                if !table.columns.iter().any(|c| c.amount && c.key == column) {
                    continue;
                }
                let what = |row: &LineItem| {
                    format!(
                        "{} {} [{}]",
                        kind_name(table.kind),
                        squeeze(&row.name),
                        column_label(table, column)
                    )
                };
                candidates.extend(
                    table
                        .rows
                        .iter()
                        .filter(|r| r.total)
                        .skip(1)
                        .map(|r| Some(counterpart(table, r, column, what(r)))),
                );
            }
            let stated = fact.money();
            let distance = |c: &Counterpart| match (&c.figure, stated) {
                (Some(f), Some(s)) => (f.fen.0 - s.0).saturating_abs(),
                _ => i64::MAX,
            };
            out.push(candidates.into_iter().flatten().min_by_key(|c| distance(c)));
        }
        "operating_expenses" => {
            if let Some(t) = d.table(TableKind::OperatingExpenses) {
                out.push(total_cell(Some(t), "total").or_else(|| {
                    // A blank figure is still the table's figure: its first row's.
                    let row = t
                        .rows
                        .iter()
                        .find(|r| r.values.get("total").is_some())
                        .or_else(|| t.rows.iter().find(|r| r.values.has_key("total")))?;
                    Some(counterpart(t, row, "total", kind_name(t.kind).to_string()))
                }));
            } else if let Some((t, row)) = three_public_row(d) {
                if t.columns
                    .iter()
                    .any(|c| c.amount && c.key == "operating_expenses")
                {
                    out.push(Some(counterpart(
                        t,
                        row,
                        "operating_expenses",
                        format!(
                            "{} [{}]",
                            kind_name(t.kind),
                            column_label(t, "operating_expenses")
                        ),
                    )));
                }
            }
        }
        "procurement_total" => out.push(total_cell(d.table(TableKind::Procurement), "total")),
        _ if key.starts_with("three_public.") => {
            let part = &key["three_public.".len()..];
            if let Some((t, row)) = three_public_item_row(d, part) {
                out.push(Some(counterpart(
                    t,
                    row,
                    "total",
                    format!(
                        "{} row {} [{}]",
                        kind_name(t.kind),
                        squeeze(&row.name),
                        column_label(t, "total")
                    ),
                )));
            } else if let Some((t, row)) = three_public_row(d) {
                if t.columns.iter().any(|c| c.amount && c.key == part) {
                    out.push(Some(counterpart(
                        t,
                        row,
                        part,
                        format!("{} [{}]", kind_name(t.kind), column_label(t, part)),
                    )));
                } else {
                    out.push(three_public_by_fund(d, part));
                }
            }
        }
        ROW_FIGURE => out.push(named.and_then(|cells| cells.nearest(fact))),
        _ => {}
    }
    out.into_iter().flatten().collect()
}

/// The rows and amount columns of the tables that may name a narrative figure, each with the
/// name core it is matched by, read once for all of a document's figures.
struct NamedCells<'a> {
    rows: Vec<(&'a ExtractedTable, &'a LineItem, String, bool)>,
    /// A column's total: its table, total row, column key, core and neutrality.
    columns: Vec<(&'a ExtractedTable, &'a LineItem, &'a str, String, bool)>,
}

impl<'a> NamedCells<'a> {
    fn of(d: &'a Disclosure) -> NamedCells<'a> {
        let mut cells = NamedCells {
            rows: Vec::new(),
            columns: Vec::new(),
        };
        for table in naming_tables(&d.tables) {
            for row in table.rows.iter().filter(|r| names_an_item(table, r)) {
                cells
                    .rows
                    .push((table, row, name_core(&row.name), neutral(&row.name)));
            }
            // A table of one row (a 三公 table's figures) states its columns' totals there.
            let only_row = match table.rows.as_slice() {
                [only] => Some(only),
                _ => None,
            };
            let Some(total) = table.total_row(None).or(only_row) else {
                continue;
            };
            for column in table.columns.iter().filter(|c| c.amount) {
                if total.values.has_key(&column.key) {
                    let name = column_name(&column.label);
                    cells
                        .columns
                        .push((table, total, &column.key, name_core(name), neutral(name)));
                }
            }
        }
        cells
    }

    /// Of the cells of the rows (by code, else by name) and the totals of the columns a
    /// narrative figure's label names, the one nearest the figure: the narrative may speak of
    /// any of the row's measures or funds, and a figure none of them states is misstated.
    fn nearest(&self, fact: &Fact) -> Option<Counterpart> {
        let label = fact.label.as_deref()?;
        let code = label_code(label);
        let core = name_core(label);
        let revenue = revenue_core(label);
        let names = |named: &str, neutral: bool| {
            named == core || neutral && revenue.as_deref() == Some(named)
        };
        // `上年结转结余的一般公共预算收入` names the leaf of that group only.
        let grouped = label_group_and_leaf(label);
        let mut candidates = Vec::new();
        for &(table, row, ref named, neutral) in &self.rows {
            let matched = match &code {
                Some(code) => row.code.as_deref() == Some(code.as_str()),
                None => names(named, neutral),
            };
            if !matched {
                continue;
            }
            let keys = table
                .columns
                .iter()
                .filter(|c| c.amount)
                .map(|c| c.key.as_str());
            for key in keys.filter(|k| row.values.has_key(k)) {
                let what = format!(
                    "{} row {} [{}]",
                    kind_name(table.kind),
                    row.code.as_deref().unwrap_or(&squeeze(&row.name)),
                    column_label(table, key)
                );
                candidates.push(counterpart(table, row, key, what));
            }
        }
        if code.is_none() {
            for &(table, total, key, ref named, neutral) in &self.columns {
                let column_grouping = || {
                    let label = table.columns.iter().find(|c| c.key == key)?.label.as_str();
                    column_group_and_leaf(label)
                };
                let matched = names(named, neutral)
                    || grouped.is_some() && column_grouping().as_ref() == grouped.as_ref();
                if matched {
                    let what = format!(
                        "{} 合计 [{}]",
                        kind_name(table.kind),
                        column_label(table, key)
                    );
                    candidates.push(counterpart(table, total, key, what));
                }
            }
        }
        let stated = fact.money()?;
        candidates.into_iter().min_by_key(|c| match &c.figure {
            Some(f) => (f.fen.0 - stated.0).saturating_abs(),
            None => i64::MAX,
        })
    }
}

fn fact_subject(fact: &Fact) -> String {
    match &fact.label {
        Some(label) => format!("narrative {} ({label})", fact.key),
        None => format!("narrative {}", fact.key),
    }
}

fn vs_tables(d: &Disclosure, out: &mut Checks) {
    let names = FunctionNames::of(d);
    let named = d
        .facts
        .iter()
        .any(|f| f.key == ROW_FIGURE)
        .then(|| NamedCells::of(d));
    for fact in &d.facts {
        let Some(figure) = Figure::fact(fact) else {
            continue;
        };
        let found = counterparts(d, fact, &names, named.as_ref());
        if found.is_empty() && fact.key.starts_with("three_public.") {
            if let Some(title) = title_without_figures(d, TableKind::ThreePublic) {
                compare_into(
                    out,
                    rule::NARRATIVE_VS_TABLE,
                    Relation::Equal,
                    vec![blank_under(title, figure.unit)],
                    vec![figure.clone()],
                    || {
                        Claim {
                        subject: fact_subject(fact),
                        expected_is: format!(
                            "the 三公 table titled at block {}, printed without figures, (a blank cell)",
                            title.block
                        ),
                    }
                    },
                );
                continue;
            }
        }
        for c in found {
            compare_into(
                out,
                rule::NARRATIVE_VS_TABLE,
                Relation::Equal,
                c.figure.into_iter().collect(),
                vec![figure.clone()],
                || Claim {
                    subject: fact_subject(fact),
                    expected_is: c.what,
                },
            );
        }
        three_public_change(d, fact, out);
    }
}

/// The parts of a procurement total the narrative names, which this rule sums where two or
/// more are stated beside it.
pub(crate) const PROCUREMENT_PARTS: [&str; 3] = [
    "procurement.goods",
    "procurement.works",
    "procurement.services",
];

/// Facts stated in one paragraph.
fn in_block<'a>(d: &'a Disclosure, block: usize, keys: &[&str]) -> Vec<&'a Fact> {
    d.facts
        .iter()
        .filter(|f| f.block == block && keys.contains(&f.key.as_str()))
        .collect()
}

fn sum_check(
    rule_name: &'static str,
    whole: &Fact,
    parts: &[&Fact],
    of_change: bool,
    out: &mut Checks,
) {
    let pick = |f: &Fact| {
        if of_change {
            Figure::change(f)
        } else {
            Figure::fact(f)
        }
    };
    let Some(whole_figure) = pick(whole) else {
        return;
    };
    let parts_figures: Option<Vec<Figure>> = parts.iter().map(|f| pick(f)).collect();
    let Some(parts_figures) = parts_figures else {
        return;
    };
    let labels: Vec<String> = parts
        .iter()
        .map(|f| f.label.clone().unwrap_or_else(|| f.key.clone()))
        .collect();
    let (subject, expected_is) = if of_change {
        (
            format!("narrative change of {}", whole.key),
            format!("the sum of the changes of {}", labels.join(" + ")),
        )
    } else {
        (
            format!("narrative {}", whole.key),
            format!("the sum of {}", labels.join(" + ")),
        )
    };
    compare_into(
        out,
        rule_name,
        Relation::Equal,
        parts_figures,
        vec![whole_figure],
        || Claim {
            subject,
            expected_is,
        },
    );
}

const REVENUE_SOURCES: &[&str] = &[
    "revenue.general_budget",
    "revenue.government_fund",
    "revenue.state_capital",
    "revenue.fiscal_special_account",
    "revenue.business_income",
    "revenue.operating_income",
    "revenue.superior_subsidy",
    "revenue.subordinate_remittance",
    "revenue.other_income",
    "revenue.carryover_prior",
];

fn three_public_parts(d: &Disclosure) -> Vec<&Fact> {
    let mut keys = vec![
        "three_public.outbound_travel",
        "three_public.official_reception",
    ];
    if d.fact("three_public.vehicles").is_some() {
        keys.push("three_public.vehicles");
    } else {
        keys.extend([
            "three_public.vehicle_purchase",
            "three_public.vehicle_operation",
        ]);
    }
    keys.iter().filter_map(|k| d.fact(k)).collect()
}

fn sums(d: &Disclosure, out: &mut Checks) {
    if let Some(total) = d.fact("revenue_total") {
        let parts = in_block(d, total.block, REVENUE_SOURCES);
        // Without the fiscal appropriation, the main source, the list read is not the whole
        // breakdown (e.g. 财政拨款收入 written in a form not recognised): a sum would mislead.
        let has_main_source = parts.iter().any(|p| p.key == "revenue.general_budget");
        if parts.len() >= 2 && has_main_source {
            sum_check(rule::NARRATIVE_SUM, total, &parts, false, out);
        } else if parts.len() >= 2 {
            out.push(skipped(
                rule::NARRATIVE_SUM,
                vec![Involved::Fact {
                    fact: total.key.clone(),
                    label: total.label.clone(),
                    block: total.block,
                    value: total.money(),
                }],
                "the general-budget share of the revenue was not read from the narrative"
                    .to_string(),
            ));
        }
    }
    if let Some(total) = d.fact("expenditure_total") {
        let parts = in_block(d, total.block, &["expenditure.function"]);
        if parts.len() >= 2 {
            sum_check(rule::NARRATIVE_SUM, total, &parts, false, out);
        }
    }
    if let Some(total) = d.fact("three_public.total") {
        let parts = three_public_parts(d);
        // Three items make the whole (four with the vehicles' two halves); a sum of those read
        // so far is no whole.
        let items = if d.fact("three_public.vehicles").is_some() {
            3
        } else {
            4
        };
        if parts.len() == items {
            sum_check(rule::NARRATIVE_SUM, total, &parts, false, out);
            if parts.iter().all(|p| p.change.is_some()) && total.change.is_some() {
                sum_check(rule::NARRATIVE_CHANGE, total, &parts, true, out);
            }
        }
    }
    if let Some(vehicles) = d.fact("three_public.vehicles") {
        let parts: Vec<&Fact> = [
            "three_public.vehicle_purchase",
            "three_public.vehicle_operation",
        ]
        .iter()
        .filter_map(|k| d.fact(k))
        .collect();
        if parts.len() == 2 {
            sum_check(rule::NARRATIVE_SUM, vehicles, &parts, false, out);
        }
    }
    if let Some(total) = d.fact("procurement_total") {
        let parts = in_block(d, total.block, &PROCUREMENT_PARTS);
        if parts.len() >= 2 {
            sum_check(rule::NARRATIVE_SUM, total, &parts, false, out);
        }
    }
    if let Some(total) = d.fact("appropriation_expenditure") {
        let parts = in_block(
            d,
            total.block,
            &["basic_expenditure", "project_expenditure"],
        );
        if parts.len() == 2 {
            sum_check(rule::NARRATIVE_SUM, total, &parts, false, out);
            if total.change.is_some() && parts.iter().all(|p| p.change.is_some()) {
                sum_check(rule::NARRATIVE_CHANGE, total, &parts, true, out);
            }
        }
    }
    if d.document_kind == DocumentKind::Budget {
        if let (Some(r), Some(e)) = (d.fact("revenue_total"), d.fact("expenditure_total")) {
            if let (Some(rc), Some(ec)) = (Figure::change(r), Figure::change(e)) {
                compare_into(
                    out,
                    rule::NARRATIVE_CHANGE,
                    Relation::Equal,
                    vec![ec],
                    vec![rc],
                    || Claim {
                        subject: "narrative change of revenue_total".to_string(),
                        expected_is: "the change of expenditure_total (a budget balances)"
                            .to_string(),
                    },
                );
            }
        }
    }
}

fn bounds(d: &Disclosure, out: &mut Checks) {
    if let Some(fact) = d.fact("operating_expenses") {
        let public = d
            .tables
            .iter()
            .filter(|t| t.kind == TableKind::GeneralBudgetBasicExpenditure)
            .find_map(|t| total_cell(Some(t), "public"));
        if let (Some(figure), Some(bound)) = (Figure::fact(fact), public) {
            compare_into(
                out,
                rule::NARRATIVE_BOUND,
                Relation::AtMost,
                bound.figure.into_iter().collect(),
                vec![figure],
                || Claim {
                    subject: fact_subject(fact),
                    expected_is: bound.what,
                },
            );
        }
    }
    if let Some(fact) = d.fact("performance_managed_funds") {
        // The funds of the projects under performance targets, or of all the department's
        // spending when the whole of it is (`整体支出纳入绩效目标管理`). Where every project
        // is, the funds are the projects' whole: of the 一般公共预算 when the sentence names it
        // (`项目支出均实行了绩效目标管理，涉及一般公共预算当年财政拨款2535.16万元`).
        let (relation, bound) = if fact.label.as_deref() == Some("整体支出") {
            (
                Relation::AtMost,
                total_cell(d.table(TableKind::Expenditure), "total"),
            )
        } else {
            let general = total_cell(d.table(TableKind::GeneralBudgetExpenditure), "project");
            let department = total_cell(d.table(TableKind::Expenditure), "project");
            let every_project = fact.label.as_deref() == Some(ALL_PROJECTS_LABEL);
            match (every_project, fact.sentence.contains("一般公共预算")) {
                (true, true) if general.is_some() => (Relation::Equal, general),
                (true, false) if department.is_some() => (Relation::Equal, department),
                _ => (Relation::AtMost, general.or(department)),
            }
        };
        let rule = match relation {
            Relation::Equal => rule::NARRATIVE_VS_TABLE,
            _ => rule::NARRATIVE_BOUND,
        };
        if let (Some(figure), Some(bound)) = (Figure::fact(fact), bound) {
            compare_into(
                out,
                rule,
                relation,
                bound.figure.into_iter().collect(),
                vec![figure],
                || Claim {
                    subject: fact_subject(fact),
                    expected_is: bound.what,
                },
            );
        }
    }
}

pub(crate) fn check(d: &Disclosure, out: &mut Checks) {
    vs_tables(d, out);
    item_codes(d, out);
    sums(d, out);
    bounds(d, out);
    for fact in &d.facts {
        let Some(figure) = Figure::fact(fact) else {
            continue;
        };
        if out.saw_fact(fact) {
            continue;
        }
        out.push(skipped(
            rule::NARRATIVE_VS_TABLE,
            vec![figure.at],
            format!(
                "{}: no table in this document states this figure",
                fact_subject(fact)
            ),
        ));
    }
}
