//! Layouts of real disclosures (`tests/fixtures/wild/`) that the reader once misread, each
//! asserted as a reviewer reads the printed table.

use budget_extract::pipeline::process_bytes;
use budget_extract::read::Limits;
use serde_json::Value;
use std::path::Path;

fn json(file: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wild")
        .join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let processed =
        process_bytes(file, &bytes, &Limits::default()).unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_slice(&processed.json).expect("valid JSON")
}

fn tables<'a>(doc: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    doc["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |t| t["kind"] == kind)
}

fn rows(table: &Value) -> impl Iterator<Item = &Value> {
    table["rows"].as_array().into_iter().flatten()
}

/// The failing checks of a rule.
fn failures<'a>(doc: &'a Value, rule: &'a str) -> Vec<&'a Value> {
    doc["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["rule"] == rule && c["status"] == "fail")
        .collect()
}

#[test]
fn an_amount_printed_one_space_before_the_next_sides_numbered_item_stays_on_its_side() {
    // 长沙 2026 财政拨款收支总体情况表: `1、一般公共预算拨款收入   656.73 1、一般公共服务支出`.
    let doc = json("changsha-4a8c7eeabe.txt");
    let summary = tables(&doc, "appropriation_summary")
        .next()
        .expect("a 财政拨款收支总表");
    let row = |side: &str, name: &str| {
        rows(summary)
            .find(|r| r["side"] == side && r["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {side} row {name}"))
    };
    let revenue = row("revenue", "1、一般公共预算拨款收入");
    assert_eq!(revenue["values"]["amount"], 6_567_300, "{revenue}");
    // The row of the other side is named without the amount, and holds none.
    let expenditure = row("expenditure", "1、一般公共服务支出");
    assert!(
        expenditure["values"]
            .as_object()
            .into_iter()
            .flatten()
            .all(|(_, v)| v.is_null()),
        "{expenditure}"
    );
    assert!(failures(&doc, "narrative_vs_table").is_empty());
}
