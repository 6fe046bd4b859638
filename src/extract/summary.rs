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

/// The first amount a row states.
fn first_value(row: &LineItem) -> Option<Fen> {
    row.values.0.iter().find_map(|(_, v)| *v).map(|a| a.fen)
}

/// The grand total of one side of a two-sided table: its `…总计` row, else its first total row
/// that states an amount.
fn side_total(table: &ExtractedTable, side: Side) -> Option<Fen> {
    let rows: Vec<&LineItem> = table.rows.iter().filter(|r| r.side == Some(side)).collect();
    rows.iter()
        .filter(|r| squeeze(&r.name).ends_with("总计"))
        .find_map(|r| first_value(r))
        .or_else(|| rows.iter().filter(|r| r.total).find_map(|r| first_value(r)))
}

/// The row that carries a table's figures: its total row, else its only data row.
fn figures_row(table: &ExtractedTable) -> Option<&LineItem> {
    table.total_row(None).or(match table.rows.as_slice() {
        [only] => Some(only),
        _ => None,
    })
}

fn total_value(table: Option<&ExtractedTable>, key: &str) -> Option<Fen> {
    figures_row(table?)?.values.get(key)
}

/// The 三公 total: the table's own 三公 column, else its total less the 会议费 and 培训费 some
/// regions print beside the three, else its total.
fn three_public_total(row: &LineItem) -> Option<Fen> {
    if let Some(v) = row.values.get("three_public") {
        return Some(v);
    }
    let total = row.values.get("total")?;
    let extra: Vec<&str> = ["meeting", "training"]
        .into_iter()
        .filter(|k| row.values.has_key(k))
        .collect();
    if extra.is_empty() {
        return Some(total);
    }
    extra.iter().try_fold(total, |sum, k| {
        row.values.get(k).map(|v| sum - v).or(Some(sum))
    })
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
        reserve_expenditure: total_value(expenditure, "reserve")
            .or_else(|| fact(facts, "reserve_expenditure")),
        operating_expenses: table(tables, TableKind::OperatingExpenses)
            .and_then(figures_row)
            .and_then(|r| r.values.get("total"))
            .or_else(|| three.and_then(|r| r.values.get("operating_expenses")))
            .or_else(|| fact(facts, "operating_expenses")),
        procurement_total: total_value(table(tables, TableKind::Procurement), "total")
            .or_else(|| fact(facts, "procurement_total")),
        three_public: ThreePublic {
            total: three
                .and_then(three_public_total)
                .or_else(|| fact(facts, "three_public.total")),
            outbound_travel: three_value("outbound_travel", "three_public.outbound_travel"),
            official_reception: three_value(
                "official_reception",
                "three_public.official_reception",
            ),
            vehicle_purchase: three_value("vehicle_purchase", "three_public.vehicle_purchase"),
            vehicle_operation: three_value("vehicle_operation", "three_public.vehicle_operation"),
        },
        carryover_prior: None,
        carryover_next: None,
        three_public_budget: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::Values;
    use crate::money::Amount;

    fn row(values: &[(&str, Option<i64>)]) -> LineItem {
        LineItem {
            values: Values(
                values
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.to_string(),
                            v.map(|f| Amount {
                                fen: Fen(f),
                                decimals: 2,
                            }),
                        )
                    })
                    .collect(),
            ),
            ..LineItem::default()
        }
    }

    #[test]
    fn three_public_total_leaves_out_meetings_and_training() {
        let with_extras = row(&[
            ("total", Some(147_170_000)),
            ("outbound_travel", Some(7_000_000)),
            ("meeting", Some(93_350_000)),
            ("training", Some(3_000_000)),
        ]);
        assert_eq!(three_public_total(&with_extras), Some(Fen(50_820_000)));
        let own_column = row(&[
            ("three_public", Some(3_791_000)),
            ("operating_expenses", Some(1)),
        ]);
        assert_eq!(three_public_total(&own_column), Some(Fen(3_791_000)));
        let plain = row(&[("total", Some(4_000_000))]);
        assert_eq!(three_public_total(&plain), Some(Fen(4_000_000)));
    }
}
