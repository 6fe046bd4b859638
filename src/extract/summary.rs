//! The headline figures: from the tables where a table has them, else from the narrative.

use crate::extract::model::{
    ExtractedTable, Fact, LineItem, Side, Summary, TableKind, ThreePublic,
};
use crate::extract::title::squeeze;
use crate::money::Fen;

fn fact(facts: &[Fact], key: &str) -> Option<Fen> {
    facts.iter().find(|f| f.key == key).and_then(|f| f.money())
}

fn table(tables: &[ExtractedTable], kind: TableKind) -> Option<&ExtractedTable> {
    tables.iter().find(|t| t.kind == kind)
}

/// The grand total of one side of a two-sided table: its `…总计` row, else its first total row.
fn side_total(table: &ExtractedTable, side: Side) -> Option<Fen> {
    let rows: Vec<&LineItem> = table.rows.iter().filter(|r| r.side == Some(side)).collect();
    let grand = rows
        .iter()
        .find(|r| squeeze(&r.name).ends_with("总计"))
        .or_else(|| rows.iter().find(|r| r.total));
    grand.and_then(|r| r.values.0.iter().find_map(|(_, v)| *v).map(|a| a.fen))
}

fn total_value(table: Option<&ExtractedTable>, key: &str) -> Option<Fen> {
    table?.total_row(None)?.values.get(key)
}

/// The row that carries a single-row table's figures: its total row, else its only data row.
fn figures_row(table: &ExtractedTable) -> Option<&LineItem> {
    table.total_row(None).or_else(|| table.rows.first())
}

pub fn summarize(tables: &[ExtractedTable], facts: &[Fact]) -> Summary {
    let summary_table = table(tables, TableKind::RevenueExpenditureSummary);
    let expenditure = table(tables, TableKind::Expenditure);
    let general = table(tables, TableKind::GeneralBudgetExpenditure);
    let three = table(tables, TableKind::ThreePublic).and_then(figures_row);
    let three_value = |key: &str, fact_key: &str| {
        three
            .and_then(|r| r.values.get(key))
            .or_else(|| fact(facts, fact_key))
    };
    Summary {
        revenue_total: summary_table
            .and_then(|t| side_total(t, Side::Revenue))
            .or_else(|| total_value(table(tables, TableKind::Revenue), "total"))
            .or_else(|| fact(facts, "revenue_total")),
        expenditure_total: summary_table
            .and_then(|t| side_total(t, Side::Expenditure))
            .or_else(|| total_value(expenditure, "total"))
            .or_else(|| fact(facts, "expenditure_total")),
        basic_expenditure: total_value(expenditure, "basic")
            .or_else(|| total_value(general, "basic"))
            .or_else(|| fact(facts, "basic_expenditure")),
        project_expenditure: total_value(expenditure, "project")
            .or_else(|| total_value(general, "project"))
            .or_else(|| fact(facts, "project_expenditure")),
        operating_expenses: table(tables, TableKind::OperatingExpenses)
            .and_then(figures_row)
            .and_then(|r| r.values.get("total"))
            .or_else(|| three.and_then(|r| r.values.get("operating_expenses")))
            .or_else(|| fact(facts, "operating_expenses")),
        procurement_total: total_value(table(tables, TableKind::Procurement), "total")
            .or_else(|| fact(facts, "procurement_total")),
        three_public: ThreePublic {
            total: three_value("total", "three_public.total"),
            outbound_travel: three_value("outbound_travel", "three_public.outbound_travel"),
            official_reception: three_value(
                "official_reception",
                "three_public.official_reception",
            ),
            vehicle_purchase: three_value("vehicle_purchase", "three_public.vehicle_purchase"),
            vehicle_operation: three_value("vehicle_operation", "three_public.vehicle_operation"),
        },
    }
}
