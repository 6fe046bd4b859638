//! Real disclosures from Shanghai and Jiangsu, as `pdftotext -layout` printed them: department,
//! year, kind, every table with its canonical kind, the summary figures each document states
//! (null where it states none), narrative figures, and the functional-table items with their
//! exact amounts. The expected items are in `tests/fixtures/real/*.items.tsv`, written from the
//! documents: `@kind` and the value keys, then one line per row: code, name, amounts in yuan.

use budget_extract::pipeline::process_bytes;
use budget_extract::read::Limits;
use serde_json::Value;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn json(path: &str) -> Value {
    let bytes = std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let processed =
        process_bytes(path, &bytes, &Limits::default()).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_slice(&processed.json).expect("valid JSON")
}

/// A JSON amount as the yuan string it was written as, `null` for none.
fn yuan(v: &Value) -> String {
    v.to_string()
}

struct Expected<'a> {
    department: &'a str,
    year: u64,
    kinds: &'a [&'a str],
    /// revenue, expenditure, basic, project, reserve, operating, procurement
    summary: [&'a str; 7],
    /// 三公: total, outbound travel, reception, vehicle purchase, vehicle operation
    three_public: [&'a str; 5],
    /// Narrative facts: key and amount in yuan.
    facts: &'a [(&'a str, &'a str)],
}

fn check(path: &str, e: &Expected<'_>) -> Value {
    let doc = json(path);
    assert_eq!(doc["source"]["format"], "text", "{path}");
    assert_eq!(doc["department"]["name"], e.department, "{path}");
    assert_eq!(doc["fiscal_year"], e.year, "{path}");
    assert_eq!(doc["document_kind"], "budget", "{path}");
    let kinds: Vec<&str> = doc["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter_map(|t| t["kind"].as_str())
        .collect();
    assert_eq!(kinds, e.kinds, "{path}");
    let s = &doc["summary"];
    let got = [
        "revenue_total",
        "expenditure_total",
        "basic_expenditure",
        "project_expenditure",
        "reserve_expenditure",
        "operating_expenses",
        "procurement_total",
    ]
    .map(|k| yuan(&s[k]));
    assert_eq!(got, e.summary, "{path}: summary");
    let t = &s["three_public"];
    let got = [
        "total",
        "outbound_travel",
        "official_reception",
        "vehicle_purchase",
        "vehicle_operation",
    ]
    .map(|k| yuan(&t[k]));
    assert_eq!(got, e.three_public, "{path}: three_public");
    for (key, amount) in e.facts {
        let fact = doc["facts"]
            .as_array()
            .and_then(|f| f.iter().find(|f| f["key"] == *key))
            .unwrap_or_else(|| panic!("{path}: no fact {key}"));
        assert_eq!(yuan(&fact["value"]), *amount, "{path}: fact {key}");
    }
    doc
}

/// Compares every coded or total row of each table named in the items file.
fn check_items(doc: &Value, items_file: &str) {
    let text = std::fs::read_to_string(root().join(items_file)).expect("items file");
    let mut blocks: Vec<(String, Vec<String>, Vec<Vec<String>>)> = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let cells: Vec<String> = line.split('\t').map(str::to_string).collect();
        if let Some(kind) = cells[0].strip_prefix('@') {
            blocks.push((kind.to_string(), cells[1..].to_vec(), Vec::new()));
        } else if let Some(block) = blocks.last_mut() {
            block.2.push(cells);
        }
    }
    assert!(!blocks.is_empty(), "{items_file}");
    for (kind, keys, expected) in &blocks {
        let table = doc["tables"]
            .as_array()
            .and_then(|t| t.iter().find(|t| t["kind"] == kind.as_str()))
            .unwrap_or_else(|| panic!("{items_file}: no {kind} table"));
        let rows: Vec<&Value> = table["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| !r["code"].is_null() || r["total"] == true)
            .collect();
        assert_eq!(rows.len(), expected.len(), "{items_file}: {kind} rows");
        for (row, want) in rows.iter().zip(expected) {
            let code = row["code"].as_str().unwrap_or("");
            assert_eq!(code, want[0], "{items_file}: {kind}");
            assert_eq!(row["name"], want[1].as_str(), "{items_file}: {kind} {code}");
            for (key, amount) in keys.iter().zip(&want[2..]) {
                assert_eq!(
                    yuan(&row["values"][key]),
                    *amount,
                    "{items_file}: {kind} {code} {key}"
                );
            }
        }
    }
}

const SHANGHAI_KINDS: &[&str] = &[
    "revenue_expenditure_summary",
    "revenue",
    "expenditure",
    "appropriation_summary",
    "general_budget_expenditure",
    "government_fund_expenditure",
    "state_capital_expenditure",
    "general_budget_basic_expenditure",
    "three_public",
];

#[test]
fn shanghai_wanli_subdistrict_2025() {
    let doc = check(
        "corpus/shanghai-putuo-wanli-subdistrict-2025-department-budget.txt",
        &Expected {
            department: "上海市普陀区人民政府万里街道办事处",
            year: 2025,
            kinds: SHANGHAI_KINDS,
            summary: [
                "189767551",
                "189767551",
                "101341746",
                "88425805",
                "null",
                "4646400",
                "48212000",
            ],
            three_public: ["379100", "0", "13500", "150000", "215600"],
            facts: &[
                ("revenue_total", "189767600"),
                ("three_public.total", "379100"),
                ("operating_expenses", "4646400"),
                ("procurement.works", "37807200"),
            ],
        },
    );
    check_items(
        &doc,
        "tests/fixtures/real/shanghai-putuo-wanli-subdistrict-2025-department-budget.items.tsv",
    );
    // Tables in 元 and the 三公 table in 万元, in one document.
    let units: Vec<&str> = doc["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter_map(|t| t["source_unit"].as_str())
        .collect();
    assert_eq!(units.iter().filter(|u| **u == "元").count(), 8);
    assert_eq!(units.last(), Some(&"万元"));
    let three = &doc["summary"]["three_public"];
    assert_eq!(yuan(&three["total"]), "379100");
    assert_eq!(doc["source"]["layout"], "space_aligned");
    assert!(
        doc["warnings"].as_array().is_some_and(Vec::is_empty),
        "{}",
        doc["warnings"]
    );
}

#[test]
fn shanghai_justice_bureau_2026() {
    let doc = check(
        "corpus/shanghai-putuo-justice-bureau-2026-unit-budget.txt",
        &Expected {
            department: "上海市普陀区司法局",
            year: 2026,
            kinds: SHANGHAI_KINDS,
            summary: [
                "86959408.34",
                "86959408.34",
                "22118861",
                "64840547",
                "null",
                "1845900",
                "14842000",
            ],
            three_public: ["107100", "0", "7300", "0", "99800"],
            facts: &[
                ("expenditure_total", "86959400"),
                ("operating_expenses", "1845900"),
                ("three_public.vehicle_operation", "99800"),
            ],
        },
    );
    check_items(
        &doc,
        "tests/fixtures/real/shanghai-putuo-justice-bureau-2026-unit-budget.items.tsv",
    );
    // The empty fund tables say so in a row of their own.
    let fund = doc["tables"]
        .as_array()
        .and_then(|t| {
            t.iter()
                .find(|t| t["kind"] == "government_fund_expenditure")
        })
        .expect("fund table");
    let names: Vec<&str> = fund["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["无", "合计"]);
}

#[test]
fn jiangsu_tables_2019() {
    let doc = check(
        "corpus/jiangsu-party-committee-office-2019-budget-tables.txt",
        &Expected {
            department: "中共江苏省委办公厅",
            year: 2019,
            kinds: &[
                "revenue_expenditure_summary",
                "revenue",
                "expenditure",
                "appropriation_summary",
                "appropriation_expenditure",
                "appropriation_basic_expenditure",
                "general_budget_expenditure",
                "general_budget_basic_expenditure",
                "three_public",
                "government_fund_expenditure",
                "operating_expenses",
                "procurement",
            ],
            // The 三公 total leaves out the 会议费 and 培训费 the table prints beside it; the
            // vehicle purchase cell is blank, and this file has no narrative to state it.
            summary: [
                "276642200",
                "276642200",
                "117006300",
                "130253800",
                "29382100",
                "22329100",
                "14225000",
            ],
            three_public: ["5082000", "700000", "270000", "null", "4112000"],
            facts: &[],
        },
    );
    check_items(
        &doc,
        "tests/fixtures/real/jiangsu-party-committee-office-2019-budget-tables.items.tsv",
    );
    // 单位预留机动经费 is a column of its own beside basic and project spending.
    let expenditure = doc["tables"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["kind"] == "expenditure"))
        .expect("expenditure table");
    let row = &expenditure["rows"][0];
    assert_eq!(yuan(&row["values"]["reserve"]), "29382100");
    assert_eq!(yuan(&row["values"]["total"]), "276642200");
    // The expenditure side of the summary table is listed by function and by use.
    let summary_table = &doc["tables"][0];
    let uses: Vec<&str> = summary_table["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["side"] == "expenditure")
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert!(uses.contains(&"三、单位预留机动经费"), "{uses:?}");
    assert!(uses.contains(&"十八、住房保障支出"), "{uses:?}");
}

#[test]
fn jiangsu_narrative_2019() {
    let doc = check(
        "corpus/jiangsu-party-committee-office-2019-budget-narrative.txt",
        &Expected {
            department: "江苏省委办公厅",
            year: 2019,
            kinds: &[],
            // The narrative states the three parts of the 三公 but not their total.
            summary: [
                "276642200",
                "276642200",
                "117006300",
                "130253800",
                "29382100",
                "22329100",
                "14225000",
            ],
            three_public: ["null", "700000", "270000", "0", "4112000"],
            facts: &[
                ("reserve_expenditure", "29382100"),
                ("three_public.vehicles", "4112000"),
                ("vehicles_held", "127"),
            ],
        },
    );
    assert_eq!(doc["source"]["layout"], "plain");
    // Sentences wrapped over lines and pages are whole again.
    let sentence = doc["facts"]
        .as_array()
        .and_then(|f| f.iter().find(|f| f["key"] == "basic_expenditure"))
        .and_then(|f| f["sentence"].as_str())
        .unwrap_or("");
    assert_eq!(sentence, "此外，基本支出预算数为11700.63万元。");
}

/// Final accounts are another task; here they only must read without failing.
#[test]
fn final_accounts_read_without_failing() {
    for path in [
        "tests/fixtures/real/shanghai-putuo-finance-bureau-2024-final-accounts.txt",
        "tests/fixtures/real/shanghai-2024-final-accounts-template.txt",
    ] {
        let doc = json(path);
        assert_eq!(doc["document_kind"], "final_accounts", "{path}");
        assert_eq!(doc["source"]["layout"], "space_aligned", "{path}");
        assert!(
            doc["tables"].as_array().is_some_and(|t| !t.is_empty()),
            "{path}"
        );
    }
}
