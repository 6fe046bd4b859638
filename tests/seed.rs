//! End to end on the seed disclosure: plain text in, the figures a reader of the document finds.

use budget_extract::pipeline::process_bytes;
use budget_extract::read::Limits;
use serde_json::Value;

const SEED: &str = "corpus/000_19b5df8ff6376e0f.txt";

fn seed_json() -> Value {
    let bytes = std::fs::read(SEED).expect("seed in corpus/");
    let processed = process_bytes(SEED, &bytes, &Limits::default()).expect("seed extracts");
    serde_json::from_slice(&processed.json).expect("valid JSON")
}

fn yuan(v: &Value) -> Option<String> {
    if v.is_null() {
        None
    } else {
        Some(v.to_string())
    }
}

#[test]
fn identity_is_read_from_the_text() {
    let doc = seed_json();
    assert_eq!(doc["department"]["name"], "重庆市九龙坡区人民政府办公室");
    assert_eq!(doc["fiscal_year"], 2026);
    assert_eq!(doc["document_kind"], "budget");
    assert_eq!(doc["source"]["format"], "text");
    assert_eq!(doc["source"]["encoding"], "UTF-8");
    assert_eq!(doc["source"]["layout"], "cell_per_line");
}

#[test]
fn summary_figures_are_exact() {
    let s = &seed_json()["summary"];
    let expect = [
        ("revenue_total", "48445600"),
        ("expenditure_total", "48445600"),
        ("basic_expenditure", "23094000"),
        ("project_expenditure", "25351600"),
        ("operating_expenses", "3129400"),
        ("procurement_total", "2109000"),
    ];
    for (key, value) in expect {
        assert_eq!(yuan(&s[key]).as_deref(), Some(value), "{key}");
    }
    let three = &s["three_public"];
    let parts = [
        ("total", "400000"),
        ("outbound_travel", "0"),
        ("official_reception", "10000"),
        ("vehicle_purchase", "180000"),
        ("vehicle_operation", "210000"),
    ];
    for (key, value) in parts {
        assert_eq!(
            yuan(&three[key]).as_deref(),
            Some(value),
            "three_public.{key}"
        );
    }
}

#[test]
fn all_fifteen_tables_with_their_kinds() {
    let doc = seed_json();
    let kinds: Vec<&str> = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "appropriation_summary",
            "general_budget_expenditure",
            "general_budget_basic_expenditure",
            "general_budget_basic_expenditure",
            "three_public",
            "government_fund_expenditure",
            "revenue_expenditure_summary",
            "revenue",
            "expenditure",
            "project_expenditure",
            "project_expenditure",
            "procurement",
            "performance_targets",
            "performance_targets",
            "performance_targets",
        ]
    );
    let tables = doc["tables"].as_array().unwrap();
    assert_eq!(tables[2]["classification"], "department_economic");
    assert_eq!(tables[3]["classification"], "government_economic");
    assert_eq!(tables[9]["classification"], "department_economic");
    assert_eq!(tables[10]["classification"], "government_economic");
    assert!(tables
        .iter()
        .all(|t| t["source_unit"] == "万元" || t["kind"] == "performance_targets"));
    // 附件13 is one table although one of its cells is vertical text over untabbed lines.
    assert_eq!(tables[12]["scope"], "department");
    let vertical = tables[12]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|r| r["raw"].as_array().unwrap())
        .any(|c| c == "部\n门\n整\n体\n绩\n效\n情\n况");
    assert!(vertical, "the vertical-text cell stays in 附件13's table");
    // 附件14 holds two project tables.
    assert_eq!(tables[13]["scope"], "project");
    assert_eq!(tables[14]["scope"], "project");
    assert!(tables[14]["title"]
        .as_str()
        .unwrap()
        .ends_with("项目绩效目标表"));
}

#[test]
fn split_titles_are_joined() {
    let doc = seed_json();
    assert_eq!(
        doc["tables"][2]["title"],
        "2026年九龙坡区人民政府办公室一般公共预算财政拨款基本支出预算表（部门预算支出经济分类科目）"
    );
    assert_eq!(
        doc["tables"][6]["title"],
        "2026年九龙坡区人民政府办公室部门收支总表"
    );
}

/// Every code of the functional table as printed, with its three values (万元 → yuan).
const FUNCTIONAL: &[(&str, &str, Option<&str>, Option<&str>)] = &[
    ("201", "40357900", Some("15290300"), Some("25067600")),
    ("20103", "40357900", Some("15290300"), Some("25067600")),
    ("2010301", "10961600", Some("10961600"), None),
    ("2010302", "7037100", None, Some("7037100")),
    ("2010350", "4328700", Some("4328700"), None),
    ("2010399", "18030500", None, Some("18030500")),
    ("208", "4266100", Some("4266100"), None),
    ("20805", "4266100", Some("4266100"), None),
    ("2080505", "1968800", Some("1968800"), None),
    ("2080506", "984400", Some("984400"), None),
    ("2080599", "1312800", Some("1312800"), None),
    ("210", "1109800", Some("1109800"), None),
    ("21011", "1109800", Some("1109800"), None),
    ("2101101", "589300", Some("589300"), None),
    ("2101102", "237900", Some("237900"), None),
    ("2101103", "144800", Some("144800"), None),
    ("2101199", "137800", Some("137800"), None),
    ("215", "284000", None, Some("284000")),
    ("21505", "284000", None, Some("284000")),
    ("2150516", "284000", None, Some("284000")),
    ("217", "860900", Some("860900"), None),
    ("21701", "860900", Some("860900"), None),
    ("2170150", "860900", Some("860900"), None),
    ("221", "1567000", Some("1567000"), None),
    ("22102", "1567000", Some("1567000"), None),
    ("2210201", "1413100", Some("1413100"), None),
    ("2210203", "153800", Some("153800"), None),
];

#[test]
fn functional_table_has_every_code_with_its_values() {
    let doc = seed_json();
    let table = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "general_budget_expenditure")
        .unwrap();
    let keys: Vec<&str> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["code", "name", "total", "basic", "project"]);
    let rows = table["rows"].as_array().unwrap();
    let coded: Vec<&Value> = rows.iter().filter(|r| !r["code"].is_null()).collect();
    let codes: Vec<&str> = coded.iter().map(|r| r["code"].as_str().unwrap()).collect();
    let expected: Vec<&str> = FUNCTIONAL.iter().map(|f| f.0).collect();
    assert_eq!(codes, expected);
    for (row, (code, total, basic, project)) in coded.iter().zip(FUNCTIONAL) {
        let v = &row["values"];
        assert_eq!(yuan(&v["total"]).as_deref(), Some(*total), "{code} total");
        assert_eq!(yuan(&v["basic"]).as_deref(), *basic, "{code} basic");
        assert_eq!(yuan(&v["project"]).as_deref(), *project, "{code} project");
        let level = match code.len() {
            3 => 1,
            5 => 2,
            _ => 3,
        };
        assert_eq!(row["level"], level, "{code} level");
        let parent = (code.len() > 3).then(|| &code[..code.len() - 2]);
        assert_eq!(row["parent"].as_str(), parent, "{code} parent");
    }
    let total = &rows[0];
    assert_eq!(total["total"], true);
    assert_eq!(total["name"], "合计");
    assert_eq!(yuan(&total["values"]["total"]).as_deref(), Some("48445600"));
    assert_eq!(
        rows.iter().find(|r| r["code"] == "2010301").unwrap()["name"],
        "行政运行"
    );
}

#[test]
fn procurement_rows_split_code_and_name() {
    let doc = seed_json();
    let table = doc["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["kind"] == "procurement")
        .unwrap();
    let rows = table["rows"].as_array().unwrap();
    let unit = rows.iter().find(|r| r["code"] == "102001").unwrap();
    assert_eq!(unit["name"], "重庆市九龙坡区人民政府办公室（本级）");
    assert_eq!(unit["parent"], "102");
    assert_eq!(yuan(&unit["values"]["total"]).as_deref(), Some("2059000"));
    let details: Vec<&Value> = rows.iter().filter(|r| r["level"] == 3).collect();
    assert_eq!(details.len(), 10);
    assert!(details.iter().all(|r| r["parent"] == "102001"));
}

fn fact<'a>(doc: &'a Value, key: &str) -> &'a Value {
    doc["facts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == key)
        .unwrap_or_else(|| panic!("fact {key}"))
}

#[test]
fn narrative_facts_with_signed_changes() {
    let doc = seed_json();
    let expect = [
        ("revenue_total", "48445600", Some("-4499200")),
        ("expenditure_total", "48445600", Some("-4499200")),
        ("basic_expenditure", "23094000", Some("-1116400")),
        ("project_expenditure", "25351600", Some("-3382800")),
        ("three_public.total", "400000", Some("0")),
        ("three_public.vehicle_purchase", "180000", Some("0")),
        ("operating_expenses", "3129400", Some("-398800")),
        ("procurement_total", "2109000", None),
        ("procurement.goods", "289000", None),
        ("procurement.works", "0", None),
        ("procurement.services", "1820000", None),
        ("performance_managed_funds", "25351600", None),
        ("revenue.general_budget", "48445600", None),
    ];
    for (key, value, change) in expect {
        let f = fact(&doc, key);
        assert_eq!(f["value"].to_string(), value, "{key}");
        assert_eq!(yuan(&f["change"]).as_deref(), change, "{key} change");
        assert_eq!(f["unit"], "yuan");
    }
    assert_eq!(fact(&doc, "vehicles_held")["value"], 7);
    assert_eq!(fact(&doc, "vehicles_to_buy")["value"], 1);
    let project = fact(&doc, "project_expenditure");
    assert!(project["sentence"]
        .as_str()
        .unwrap()
        .starts_with("项目支出2535.16万元"));
    let functions: Vec<&Value> = doc["facts"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["key"] == "expenditure.function")
        .collect();
    assert_eq!(functions.len(), 7);
    assert_eq!(functions[0]["label"], "一般公共服务支出");
    assert_eq!(functions[0]["value"].to_string(), "40357900");
}

#[test]
fn profile_from_the_narrative() {
    let doc = seed_json();
    let p = &doc["profile"];
    assert_eq!(p["functions"].as_array().unwrap().len(), 11);
    assert_eq!(p["internal_units"].as_array().unwrap().len(), 12);
    assert_eq!(p["internal_units"][0], "文秘科");
    assert_eq!(p["subordinate_units"].as_array().unwrap().len(), 7);
    assert_eq!(p["contact"]["name"], "何发婷");
    assert_eq!(p["contact"]["phone"], "023-68780926");
}
