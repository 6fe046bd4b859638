//! Column keys and measures of the final-accounts tables. Every amount column of a 决算 table is
//! money spent or received (`actual`) unless its label says 预算数 (`budget`). The 三公 table
//! prints both for each item: its keys are the item's key with `_budget` or `_actual`.

use crate::extract::model::{ExtractedTable, Measure, Side, TableKind, Warning};
use crate::extract::title::squeeze;

/// The 三公 items in the order the 决算 template prints them.
const THREE_PUBLIC_ORDER: [&str; 6] = [
    "total",
    "outbound_travel",
    "vehicles",
    "vehicle_purchase",
    "vehicle_operation",
    "official_reception",
];

fn measure_of(label: &str) -> Measure {
    let l = squeeze(label);
    if l.contains("预算数") || l.contains("年初预算") {
        Measure::Budget
    } else {
        Measure::Actual
    }
}

/// The 三公 item a header label names.
fn three_public_item(label: &str) -> Option<&'static str> {
    let l = squeeze(label);
    if l.contains("因公出国") {
        Some("outbound_travel")
    } else if l.contains("接待") {
        Some("official_reception")
    } else if l.contains("购置及运行") || l.ends_with("小计") {
        Some("vehicles")
    } else if l.contains("购置") {
        Some("vehicle_purchase")
    } else if l.contains("运行") {
        Some("vehicle_operation")
    } else if l.contains("合计") || l.contains("三公") {
        Some("total")
    } else {
        None
    }
}

/// Keys the 三公 columns `{item}_{budget|actual}`: by their labels where the labels name six
/// different items, else by the template's order when there are six pairs of 预算数/决算数.
fn three_public_keys(table: &mut ExtractedTable, warnings: &mut Vec<Warning>) {
    let amount: Vec<usize> = (0..table.columns.len())
        .filter(|i| table.columns[*i].amount)
        .collect();
    let measures: Vec<Measure> = amount
        .iter()
        .map(|i| measure_of(&table.columns[*i].label))
        .collect();
    let paired = amount.len() == 12
        && measures
            .chunks(2)
            .all(|p| p == [Measure::Budget, Measure::Actual]);
    if !paired {
        return;
    }
    let by_label: Vec<Option<&str>> = amount
        .chunks(2)
        .map(|pair| {
            let label = &table.columns[pair[0]].label;
            let parent = label.rsplit_once('/').map_or("", |(p, _)| p);
            three_public_item(parent)
        })
        .collect();
    let mut distinct: Vec<&str> = by_label.iter().flatten().copied().collect();
    distinct.sort_unstable();
    distinct.dedup();
    let items: Vec<&str> = if distinct.len() == 6 && by_label.iter().all(Option::is_some) {
        by_label.into_iter().flatten().collect()
    } else {
        warnings.push(Warning {
            code: "template_columns",
            message: "the 三公 table's item labels were not legible; its six 预算数/决算数 pairs are read in the template's order (合计, 因公出国（境）费, 公务用车购置及运行费, 购置费, 运行费, 公务接待费)".to_string(),
            block: Some(table.block),
        });
        THREE_PUBLIC_ORDER.to_vec()
    };
    let old: Vec<String> = amount
        .iter()
        .map(|i| table.columns[*i].key.clone())
        .collect();
    let mut new_keys = Vec::with_capacity(12);
    for (k, i) in amount.iter().enumerate() {
        let suffix = if measures[k] == Measure::Budget {
            "budget"
        } else {
            "actual"
        };
        let key = format!("{}_{suffix}", items[k / 2]);
        table.columns[*i].key = key.clone();
        new_keys.push(key);
    }
    for row in table.rows.iter_mut() {
        for (key, _) in row.values.0.iter_mut() {
            if let Some(pos) = old.iter().position(|o| o == key) {
                *key = new_keys[pos].clone();
            }
        }
    }
}

/// The fourth column of the 财政拨款收入支出决算总表's expenditure side is 国有资本经营预算财政
/// 拨款; a layout that wraps its label may leave only `预算财政拨款`, which reads as 财政拨款.
fn appropriation_summary_funds(table: &mut ExtractedTable) {
    let keys: Vec<String> = table
        .columns
        .iter()
        .filter(|c| c.amount && c.side == Some(Side::Expenditure))
        .map(|c| c.key.clone())
        .collect();
    let has = |k: &str| keys.iter().any(|x| x == k);
    if !(has("general_budget") && has("government_fund")) || has("state_capital") {
        return;
    }
    let Some(column) = table
        .columns
        .iter_mut()
        .find(|c| c.amount && c.side == Some(Side::Expenditure) && c.key == "appropriation")
    else {
        return;
    };
    column.key = "state_capital".to_string();
    for row in table
        .rows
        .iter_mut()
        .filter(|r| r.side == Some(Side::Expenditure))
    {
        for (key, _) in row.values.0.iter_mut() {
            if key == "appropriation" {
                *key = "state_capital".to_string();
            }
        }
    }
}

/// Sets keys and measures on a final-accounts table.
pub(super) fn apply(table: &mut ExtractedTable, warnings: &mut Vec<Warning>) {
    match table.kind {
        TableKind::ThreePublic => three_public_keys(table, warnings),
        TableKind::AppropriationSummary => appropriation_summary_funds(table),
        _ => {}
    }
    for column in table.columns.iter_mut().filter(|c| c.amount) {
        column.measure = Some(measure_of(&column.label));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_and_items() {
        assert_eq!(measure_of("年初预算数"), Measure::Budget);
        assert_eq!(measure_of("一般公共预算财政拨款"), Measure::Actual);
        assert_eq!(measure_of("公务接待费/决算数"), Measure::Actual);
        assert_eq!(
            three_public_item("公务用车购置费"),
            Some("vehicle_purchase")
        );
        assert_eq!(
            three_public_item("公务用车运行维护费"),
            Some("vehicle_operation")
        );
        assert_eq!(
            three_public_item("公务用车购置及运行维护费/小计"),
            Some("vehicles")
        );
    }
}
