//! Final accounts (部门决算): the year-end disclosure of what a department received and spent,
//! beside the budget it was given. Its nine standard tables take the same kinds as a budget's
//! (收入支出决算总表 `revenue_expenditure_summary`, 收入决算表 `revenue`, 支出决算表
//! `expenditure`, 财政拨款收入支出决算总表 `appropriation_summary`, 一般公共预算财政拨款支出
//! 决算表 `general_budget_expenditure`, 一般公共预算财政拨款基本支出决算表
//! `general_budget_basic_expenditure`, 财政拨款“三公”经费支出决算表 `three_public`, and the
//! government-fund and state-capital tables); their amount columns carry a [`Measure`]
//! (`actual`, or `budget` for 预算数).
//!
//! Its tables are read like every other document's ([`crate::extract::line_reading`]); what
//! differs from a budget is vocabulary, handled here:
//!
//! * the 三公 table's 预算数/决算数 pairs and the column keys ([`measures`]);
//! * the narrative's 决算 figures: changes, shares, completion rates, 年初预算 against 决算 with
//!   reasons, counts ([`narrative`]);
//! * the summary's 决算 figures ([`summarize`]).
//!
//! [`Measure`]: crate::extract::model::Measure

mod measures;
mod narrative;

use crate::document::Document;
use crate::extract::line_reading::cells;
use crate::extract::model::{ExtractedTable, Fact, Side, Summary, TableKind, ThreePublic, Warning};
use crate::money::Fen;

/// Sets the measures (预算数/决算数) and the 三公 table's keys on a final-accounts table.
pub fn apply_measures(table: &mut ExtractedTable, warnings: &mut Vec<Warning>) {
    measures::apply(table, warnings);
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
