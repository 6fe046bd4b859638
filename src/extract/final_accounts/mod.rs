//! Final accounts (部门决算): the year-end disclosure of what a department received and spent,
//! beside the budget it was given. Its nine standard tables take the same kinds as a budget's
//! (收入支出决算总表 `revenue_expenditure_summary`, 收入决算表 `revenue`, 支出决算表
//! `expenditure`, 财政拨款收入支出决算总表 `appropriation_summary`, 一般公共预算财政拨款支出
//! 决算表 `general_budget_expenditure`, 一般公共预算财政拨款基本支出决算表
//! `general_budget_basic_expenditure`, 财政拨款“三公”经费支出决算表 `three_public`, and the
//! government-fund and state-capital tables); their amount columns carry a [`Measure`]
//! (`actual`, or `budget` for 预算数).
//!
//! What differs from a budget is handled here:
//!
//! * layouts: rows printed over several lines
//!   and lists printed side by side ([`layout`]), wrapped labels of the summary tables
//!   ([`two_sided`]);
//! * the 三公 table's 预算数/决算数 pairs and the column keys ([`measures`]);
//! * the narrative's 决算 figures: changes, shares, completion rates, 年初预算 against 决算 with
//!   reasons, counts ([`narrative`]);
//! * the summary's 决算 figures ([`summarize`]).
//!
//! [`Measure`]: crate::extract::model::Measure

mod assemble;
pub(crate) mod cells;
mod layout;
mod measures;
mod names;
mod narrative;
mod two_sided;

use crate::document::{Document, Table};
use crate::extract::model::{ExtractedTable, Fact, Side, Summary, TableKind, ThreePublic, Warning};
use crate::extract::rows;
use crate::money::{Fen, Unit};

fn is_coded_list(kind: TableKind) -> bool {
    matches!(
        kind,
        TableKind::Revenue
            | TableKind::Expenditure
            | TableKind::GeneralBudgetExpenditure
            | TableKind::AppropriationExpenditure
            | TableKind::GovernmentFundExpenditure
            | TableKind::StateCapitalExpenditure
            | TableKind::ProjectExpenditure
    )
}

/// Normalizes one table of a final-accounts document: its layout read back into a plain grid
/// where it needs to be, then rows, keys and measures.
pub fn extract_table(
    table: &Table,
    block: usize,
    kind: TableKind,
    title: String,
    declared_unit: Option<Unit>,
    inherited_unit: Option<Unit>,
    warnings: &mut Vec<Warning>,
) -> ExtractedTable {
    let regrouped = match kind {
        TableKind::GeneralBudgetBasicExpenditure | TableKind::AppropriationBasicExpenditure => {
            layout::side_by_side(table).or_else(|| layout::coded_list(table))
        }
        k if is_coded_list(k) => layout::coded_list(table),
        _ => None,
    };
    let mut extracted = match &regrouped {
        Some(r) => {
            let mut x = rows::extract_table(
                &r.table,
                block,
                kind,
                title,
                declared_unit,
                inherited_unit,
                warnings,
            );
            for item in x.rows.iter_mut() {
                let at = item.row;
                if let Some(group) = r.groups.get(at).copied().flatten() {
                    item.fields.push(("group".to_string(), group.to_string()));
                }
                if let Some((row, raw)) = r.sources.get(at) {
                    item.row = *row;
                    item.raw = raw.clone();
                }
            }
            if r.stray > 0 {
                warnings.push(Warning {
                    code: "stray_amounts",
                    message: format!(
                        "{} figure(s) of the table could not be placed in a row; they are kept as rows of their own or left out",
                        r.stray
                    ),
                    block: Some(block),
                });
            }
            if r.placeholders > 0 {
                warnings.push(Warning {
                    code: "placeholder",
                    message: format!(
                        "the table holds {} cell(s) of template filler (…) where rows belong",
                        r.placeholders
                    ),
                    block: Some(block),
                });
            }
            x
        }
        None => rows::extract_table(
            table,
            block,
            kind,
            title,
            declared_unit,
            inherited_unit,
            warnings,
        ),
    };
    if kind.is_two_sided() {
        let stray = two_sided::repair(&mut extracted);
        if stray > 0 {
            warnings.push(Warning {
                code: "stray_amounts",
                message: format!("{stray} figure(s) of the table found no row label"),
                block: Some(block),
            });
        }
    }
    measures::apply(&mut extracted, warnings);
    extracted
}

/// The final-accounts narrative facts, with the generic facts that keep their meaning.
pub fn facts(document: &Document, generic: Vec<Fact>, warnings: &mut Vec<Warning>) -> Vec<Fact> {
    narrative::facts(document, generic, warnings)
}

fn fact(facts: &[Fact], key: &str) -> Option<Fen> {
    facts.iter().find(|f| f.key == key).and_then(|f| f.money())
}

/// The first amount a row of a two-sided table states on `side`.
fn side_row(table: &ExtractedTable, side: Side, name: &str) -> Option<Fen> {
    table
        .rows
        .iter()
        .filter(|r| r.side == Some(side))
        .find(|r| cells::bare(&r.name).starts_with(name))
        .and_then(|r| r.values.0.iter().find_map(|(_, v)| *v))
        .map(|a| a.fen)
}

/// Adds what final accounts state beside a budget's figures: the carry-over into and out of
/// the year, the 三公 budget, and the 三公 决算数 from their `_actual` columns. The other
/// figures keep the meaning they have for a budget (`revenue_total` and `expenditure_total`
/// are the 总计 of the 收入支出决算总表, carry-overs included).
pub fn summarize(tables: &[ExtractedTable], facts: &[Fact], summary: &mut Summary) {
    if let Some(t) = tables
        .iter()
        .find(|t| t.kind == TableKind::RevenueExpenditureSummary)
    {
        summary.carryover_prior = side_row(t, Side::Revenue, "年初结转");
        summary.carryover_next = side_row(t, Side::Expenditure, "年末结转");
    }
    let three = tables.iter().find(|t| {
        t.kind == TableKind::ThreePublic && t.columns.iter().any(|c| c.key.ends_with("_actual"))
    });
    let row = three.and_then(|t| {
        t.total_row(None).or_else(|| {
            t.rows
                .iter()
                .find(|r| r.values.0.iter().any(|(_, v)| v.is_some()))
        })
    });
    let value =
        |item: &str, measure: &str| row.and_then(|r| r.values.get(&format!("{item}_{measure}")));
    let budget = ThreePublic {
        total: value("total", "budget").or_else(|| fact(facts, "three_public_budget.total")),
        outbound_travel: value("outbound_travel", "budget")
            .or_else(|| fact(facts, "three_public_budget.outbound_travel")),
        official_reception: value("official_reception", "budget")
            .or_else(|| fact(facts, "three_public_budget.official_reception")),
        vehicle_purchase: value("vehicle_purchase", "budget")
            .or_else(|| fact(facts, "three_public_budget.vehicle_purchase")),
        vehicle_operation: value("vehicle_operation", "budget")
            .or_else(|| fact(facts, "three_public_budget.vehicle_operation")),
    };
    if three.is_some() || budget != ThreePublic::default() {
        summary.three_public_budget = Some(budget);
    }
    if three.is_some() {
        let actual = &mut summary.three_public;
        actual.total = value("total", "actual").or_else(|| fact(facts, "three_public.total"));
        actual.outbound_travel = value("outbound_travel", "actual")
            .or_else(|| fact(facts, "three_public.outbound_travel"));
        actual.official_reception = value("official_reception", "actual")
            .or_else(|| fact(facts, "three_public.official_reception"));
        actual.vehicle_purchase = value("vehicle_purchase", "actual")
            .or_else(|| fact(facts, "three_public.vehicle_purchase"));
        actual.vehicle_operation = value("vehicle_operation", "actual")
            .or_else(|| fact(facts, "three_public.vehicle_operation"));
    }
}
