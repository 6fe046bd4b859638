//! Final accounts (部门决算): the real 2024 决算 of 上海市普陀区财政局 and the official 2024
//! Shanghai template, as `pdftotext -layout` printed them.
//!
//! The expected rows are in `tests/fixtures/final/*.items.tsv`, written from the published PDF;
//! the expected facts and summary below likewise. Where the text layer or the text reader loses
//! what the PDF prints, the row is listed in [`READER_DEFECTS`] with why: the test requires such
//! a row to still be wrong (so that the list shrinks when the reader improves) and every failing
//! check to be explained by one of them or by an inconsistency of the document itself.

use budget_extract::emit::ChecksListed;
use budget_extract::pipeline::{process_bytes, process_bytes_listing};
use budget_extract::read::Limits;
use serde_json::Value;
use std::path::Path;

const PUTUO: &str = "corpus/shanghai-putuo-finance-bureau-2024-final-accounts.txt";
const TEMPLATE: &str = "corpus/shanghai-2024-final-accounts-template.txt";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The document's JSON with every check listed, passes included.
fn json(path: &str) -> Value {
    let bytes = std::fs::read(root().join(path)).unwrap_or_else(|e| panic!("{path}: {e}"));
    let processed = process_bytes_listing(path, &bytes, &Limits::default(), ChecksListed::All)
        .unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_slice(&processed.json).expect("valid JSON")
}

fn yuan(v: &Value) -> String {
    if v.is_null() {
        String::new()
    } else {
        v.to_string()
    }
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Rows of this document that the text layer or the reader on this branch gets wrong: table
/// kind, side (or ""), the row's code or name (`""` for the 三公 table's one row), and why.
/// None at present: every row of the document is read as printed.
const READER_DEFECTS: &[(&str, &str, &str, &str)] = &[];

fn is_defect(kind: &str, side: &str, id: &str) -> bool {
    READER_DEFECTS
        .iter()
        .any(|(k, s, i, _)| *k == kind && *s == side && squeeze(i) == squeeze(id))
}

/// One table (or side) of the expected items.
struct Expected {
    kind: String,
    side: String,
    keys: Vec<String>,
    rows: Vec<Vec<String>>,
}

fn expected_items(path: &str) -> Vec<Expected> {
    let text = std::fs::read_to_string(root().join(path)).expect("items file");
    let mut out: Vec<Expected> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cells: Vec<String> = line.split('\t').map(str::to_string).collect();
        if let Some(head) = cells[0].strip_prefix('@') {
            let (kind, side) = head.split_once(':').unwrap_or((head, ""));
            out.push(Expected {
                kind: kind.to_string(),
                side: side.to_string(),
                keys: cells[1..].to_vec(),
                rows: Vec::new(),
            });
        } else if let Some(e) = out.last_mut() {
            e.rows.push(cells);
        }
    }
    out
}

fn row_id(row: &Value) -> String {
    row["code"]
        .as_str()
        .map(str::to_string)
        .unwrap_or_else(|| squeeze(row["name"].as_str().unwrap_or("")))
}

fn group_of(row: &Value) -> String {
    row["fields"]
        .as_array()
        .and_then(|f| f.iter().find(|p| p[0] == "group"))
        .and_then(|p| p[1].as_str())
        .unwrap_or("")
        .to_string()
}

/// Whether an extracted row holds exactly what the document prints.
fn same(row: &Value, want: &[String], keys: &[String]) -> Result<(), String> {
    let code = row["code"].as_str().unwrap_or("");
    if code != want[0] {
        return Err(format!("code {code:?}, expected {:?}", want[0]));
    }
    let name = squeeze(row["name"].as_str().unwrap_or(""));
    if name != squeeze(&want[1]) {
        return Err(format!("name {name:?}, expected {:?}", want[1]));
    }
    for (k, key) in keys.iter().enumerate() {
        let expected = want.get(k + 2).map(String::as_str).unwrap_or("");
        let got = if key == "group" {
            group_of(row)
        } else {
            yuan(&row["values"][key])
        };
        if got != expected {
            return Err(format!("{key}: {got:?}, expected {expected:?}"));
        }
    }
    Ok(())
}

fn table<'a>(doc: &'a Value, kind: &str) -> &'a Value {
    doc["tables"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["kind"] == kind))
        .unwrap_or_else(|| panic!("no {kind} table"))
}

#[test]
fn putuo_identity_and_tables() {
    let doc = json(PUTUO);
    assert_eq!(doc["department"]["name"], "上海市普陀区财政局");
    assert_eq!(doc["fiscal_year"], 2024);
    assert_eq!(doc["document_kind"], "final_accounts");
    let kinds: Vec<&str> = doc["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter_map(|t| t["kind"].as_str())
        .collect();
    // The first table is the list of the units the accounts cover (单位构成), not one of the nine.
    assert_eq!(
        kinds,
        [
            "unknown",
            "revenue_expenditure_summary",
            "revenue",
            "expenditure",
            "appropriation_summary",
            "general_budget_expenditure",
            "general_budget_basic_expenditure",
            "three_public",
            "government_fund_expenditure",
            "state_capital_expenditure",
        ]
    );
    for t in doc["tables"].as_array().expect("tables").iter().skip(1) {
        assert_eq!(t["source_unit"], "万元", "{}", t["title"]);
        for c in t["columns"].as_array().expect("columns") {
            if c["amount"] == true {
                let budget = c["label"].as_str().unwrap_or("").contains("预算数");
                assert_eq!(
                    c["measure"],
                    if budget { "budget" } else { "actual" },
                    "{} {}",
                    t["title"],
                    c["key"]
                );
            }
        }
    }
}

#[test]
fn putuo_every_line_item() {
    let doc = json(PUTUO);
    let expected =
        expected_items("tests/fixtures/final/shanghai-putuo-finance-bureau-2024.items.tsv");
    assert_eq!(expected.len(), 11);
    let mut defects_seen = 0;
    for e in &expected {
        let t = table(&doc, &e.kind);
        let rows: Vec<&Value> = t["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .filter(|r| e.side.is_empty() || r["side"] == e.side.as_str())
            .collect();
        let mut at = 0;
        for want in &e.rows {
            let id = if want[0].is_empty() {
                squeeze(&want[1])
            } else {
                want[0].clone()
            };
            let defect = is_defect(&e.kind, &e.side, &id);
            let here = rows.get(at).filter(|r| row_id(r) == id);
            match (here, defect) {
                (Some(row), false) => {
                    if let Err(why) = same(row, want, &e.keys) {
                        panic!("{} {} row {id}: {why}", e.kind, e.side);
                    }
                    at += 1;
                }
                (Some(row), true) => {
                    assert!(
                        same(row, want, &e.keys).is_err(),
                        "{} {} row {id} is read right now: take it off READER_DEFECTS",
                        e.kind,
                        e.side
                    );
                    defects_seen += 1;
                    at += 1;
                }
                (None, true) => defects_seen += 1,
                (None, false) => panic!(
                    "{} {}: expected row {id}, found {:?}",
                    e.kind,
                    e.side,
                    rows.get(at).map(|r| row_id(r))
                ),
            }
        }
        assert_eq!(
            at,
            rows.len(),
            "{} {}: rows beyond the document's: {:?}",
            e.kind,
            e.side,
            rows[at..].iter().map(|r| row_id(r)).collect::<Vec<_>>()
        );
    }
    assert_eq!(defects_seen, READER_DEFECTS.len());
    // The 三公 columns are keyed by item and measure.
    let three = table(&doc, "three_public");
    let keys: Vec<&str> = three["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter_map(|c| c["key"].as_str())
        .collect();
    assert_eq!(keys[..2], ["total_budget", "total_actual"]);
    assert_eq!(
        keys[10..],
        ["official_reception_budget", "official_reception_actual"]
    );
}

/// Narrative facts: key, label, value, change (yuan), note.
type FactRow<'a> = (&'a str, Option<&'a str>, &'a str, Option<&'a str>);

const PUTUO_FACTS: &[FactRow] = &[
    (
        "revenue_expenditure_total",
        None,
        "29953900",
        Some("-569500"),
    ),
    ("revenue_expenditure_total.change_rate", None, "-1.87", None),
    ("revenue_current", None, "29462500", None),
    ("revenue.appropriation", None, "29400500", None),
    ("revenue.appropriation.share", None, "99.79", None),
    ("revenue.other_income", None, "62000", None),
    ("revenue.other_income.share", None, "0.21", None),
    ("expenditure_current", None, "29400500", None),
    ("basic_expenditure", None, "23369100", None),
    ("basic_expenditure.share", None, "79.49", None),
    ("project_expenditure", None, "6031400", None),
    ("project_expenditure.share", None, "20.51", None),
    ("appropriation_total", None, "3000", Some("0")),
    (
        "appropriation_expenditure",
        None,
        "29400500",
        Some("-631400"),
    ),
    ("appropriation_expenditure.share", None, "100.0", None),
    ("appropriation_expenditure.change_rate", None, "-2.1", None),
    (
        "appropriation_expenditure.function",
        Some("一般公共服务支出"),
        "21066600",
        None,
    ),
    (
        "appropriation_expenditure.function.share",
        Some("一般公共服务支出"),
        "71.73",
        None,
    ),
    (
        "appropriation_expenditure.function",
        Some("社会保障和就业支出"),
        "3267200",
        None,
    ),
    (
        "appropriation_expenditure.function",
        Some("卫生健康支出"),
        "609900",
        None,
    ),
    (
        "appropriation_expenditure.function",
        Some("住房保障支出"),
        "4456900",
        None,
    ),
    (
        "appropriation_expenditure.function.share",
        Some("住房保障支出"),
        "15.16",
        None,
    ),
    ("appropriation_expenditure.budget", None, "29939200", None),
    ("appropriation_expenditure.actual", None, "29400500", None),
    (
        "appropriation_expenditure.completion_rate",
        None,
        "98.2",
        None,
    ),
    ("general_budget_basic_expenditure", None, "23369100", None),
    ("personnel_expenses", None, "21522600", None),
    ("public_expenses", None, "1846500", None),
    ("three_public_budget.total", None, "9500", None),
    ("three_public.total", None, "0", Some("0")),
    ("three_public.completion_rate", None, "0.0", None),
    ("three_public.outbound_travel", None, "0", Some("0")),
    ("three_public.vehicles", None, "0", Some("0")),
    ("three_public.official_reception", None, "0", Some("0")),
    ("operating_expenses", None, "1846500", Some("25500")),
    ("operating_expenses.change_rate", None, "1.4", None),
    ("procurement_total", None, "2512500", None),
    ("procurement.goods", None, "47900", None),
    ("procurement.works", None, "0", None),
    ("procurement.services", None, "2464700", None),
    ("procurement.sme_reserved", None, "2464700", None),
    ("procurement.micro_reserved", None, "0", None),
    ("vehicles_held", None, "0", None),
    ("large_equipment", None, "2", None),
];

/// Each 项 the narrative explains: its name, 年初预算 and 决算 in yuan.
const PUTUO_ITEMS: &[(&str, &str, &str)] = &[
    (
        "一般公共服务支出（类）财政事务（款）行政运行（项）",
        "15600500",
        "15118900",
    ),
    (
        "一般公共服务支出（类）财政事务（款）一般行政管理事务（项）",
        "100000",
        "100000",
    ),
    (
        "一般公共服务支出（类）财政事务（款）信息化建设（项）",
        "1359000",
        "1352500",
    ),
    (
        "一般公共服务支出（类）财政事务（款）财政委托业务支出（项）",
        "4505200",
        "4495200",
    ),
    (
        "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）",
        "855500",
        "846500",
    ),
    (
        "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位基本养老保险缴费支出（项）",
        "1616200",
        "1607500",
    ),
    (
        "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位职业年金缴费支出（项）",
        "808100",
        "803800",
    ),
    (
        "社会保障和就业支出（类）行政事业单位养老支出（款）其他行政事业单位养老支出（项）",
        "9400",
        "9400",
    ),
    (
        "卫生健康支出（类）行政事业单位医疗（款）行政单位医疗（项）",
        "622900",
        "609900",
    ),
    (
        "住房保障支出（类）住房改革支出（款）住房公积金（项）",
        "1877500",
        "1871900",
    ),
    (
        "住房保障支出（类）住房改革支出（款）购房补贴（项）",
        "2585000",
        "2585000",
    ),
];

fn find_fact<'a>(doc: &'a Value, key: &str, label: Option<&str>) -> &'a Value {
    doc["facts"]
        .as_array()
        .and_then(|f| {
            f.iter()
                .find(|f| f["key"] == key && f["label"].as_str().map(squeeze) == label.map(squeeze))
        })
        .unwrap_or_else(|| panic!("no fact {key} {label:?}"))
}

#[test]
fn putuo_narrative_facts() {
    let doc = json(PUTUO);
    for (key, label, value, change) in PUTUO_FACTS {
        let f = find_fact(&doc, key, *label);
        assert_eq!(same_number(&f["value"], value), *value, "{key} {label:?}");
        if let Some(change) = change {
            assert_eq!(f["change"].to_string(), *change, "{key} change");
        }
        let percent = key.ends_with("rate") || key.ends_with("share");
        assert_eq!(f["unit"] == "percent", percent, "{key}");
    }
    for (label, budget, actual) in PUTUO_ITEMS {
        let b = find_fact(&doc, "appropriation_expenditure.item.budget", Some(label));
        let a = find_fact(&doc, "appropriation_expenditure.item.actual", Some(label));
        assert_eq!(b["value"].to_string(), *budget, "{label}");
        assert_eq!(a["value"].to_string(), *actual, "{label}");
    }
    let items = doc["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .filter(|f| f["key"] == "appropriation_expenditure.item.actual")
        .count();
    assert_eq!(items, PUTUO_ITEMS.len());
    // Reasons, as the text gives them.
    let first = find_fact(
        &doc,
        "appropriation_expenditure.item.actual",
        Some(PUTUO_ITEMS[0].0),
    );
    assert_eq!(first["note"], "人员进出及退休变化，减少人员经费开支");
    assert_eq!(
        find_fact(&doc, "appropriation_expenditure.actual", None)["note"],
        "因年度工作计划安排，个别信息化项目和中介机构服务调减"
    );
    assert_eq!(
        find_fact(&doc, "three_public.total", None)["note"],
        "当年度无“三公”经费支出"
    );
    // The sentence pdftotext printed tail first reads in order.
    assert_eq!(
        find_fact(&doc, "project_expenditure", None)["sentence"],
        "项目支出603.14万元，占20.51%；"
    );
}

#[test]
fn putuo_summary() {
    let doc = json(PUTUO);
    let s = &doc["summary"];
    let got: Vec<String> = [
        "revenue_total",
        "expenditure_total",
        "basic_expenditure",
        "project_expenditure",
        "reserve_expenditure",
        "operating_expenses",
        "procurement_total",
        "carryover_prior",
        "carryover_next",
    ]
    .iter()
    .map(|k| yuan(&s[k]))
    .collect();
    assert_eq!(
        got,
        [
            "29953900", "29953900", "23369100", "6031400", "", "1846500", "2512500", "491400",
            "553400"
        ]
    );
    let three = |v: &Value| {
        [
            "total",
            "outbound_travel",
            "official_reception",
            "vehicle_purchase",
            "vehicle_operation",
        ]
        .map(|k| yuan(&v[k]))
    };
    assert_eq!(three(&s["three_public"]), ["0", "0", "0", "", ""]);
    let truth = ["9500", "", "9500", "", ""];
    let budget = three(&s["three_public_budget"]);
    if is_defect("three_public", "", "") {
        assert_eq!(budget[0], truth[0]);
        assert_ne!(budget, truth);
    } else {
        assert_eq!(budget, truth);
    }
}

/// The document's own inconsistencies the checks must flag: rule and words of the message.
const DOCUMENT_ERRORS: &[(&str, &str)] = &[
    // 收入支出决算总表 and 财政拨款收入支出决算总表 print 326.71 where the detail tables print 326.72.
    ("cross_table_code", "八、社会保障和就业支出"),
    // 四、 says 财政拨款收入支出总计0.3万元; the table's 总计 is 2,961.68.
    ("narrative_vs_table", "narrative appropriation_total"),
    // 一般公共服务支出 2106.66 of 2940.05 is 71.65%, not the 71.73% stated.
    ("narrative_share", "(一般公共服务支出)"),
];

/// Whether a failing check looks at a row the reader gets wrong, or at a row that sums one
/// (a parent code, a 合计), or at the one row of the 三公 table.
fn involves_defect(check: &Value) -> bool {
    check["involves"].as_array().is_some_and(|inv| {
        inv.iter().any(|i| {
            let kind = i["table"].as_str().unwrap_or("");
            let side = i["side"].as_str().unwrap_or("");
            let row = i["row"].as_str().unwrap_or("");
            is_defect(kind, side, row)
                || (kind == "three_public" && is_defect(kind, "", ""))
                || READER_DEFECTS.iter().any(|(k, _, code, _)| {
                    *k == kind
                        && !row.is_empty()
                        && (row == "合计"
                            || (code.starts_with(row) && row.bytes().all(|b| b.is_ascii_digit())))
                })
        })
    }) || check["message"].as_str().is_some_and(|m| {
        // A blank cell is not listed among the figures involved; the message names its row.
        READER_DEFECTS.iter().any(|(_, _, id, _)| {
            id.bytes().all(|b| b.is_ascii_digit())
                && !id.is_empty()
                && m.contains(&format!("row {id}"))
        })
    })
}

#[test]
fn putuo_checks() {
    let doc = json(PUTUO);
    let checks = doc["checks"].as_array().expect("checks");
    let with = |rule: &str, status: &str| {
        checks
            .iter()
            .filter(|c| c["rule"] == rule && c["status"] == status)
            .count()
    };
    // Both sides balance with the carry-overs, in both summary tables.
    assert_eq!(with("carryover_balance", "pass"), 2);
    assert_eq!(with("carryover_balance", "fail"), 0);
    // 年初预算 against 决算: the whole, eleven 项, the 三公 whole; wording and rates agree.
    assert!(
        with("budget_vs_actual", "pass") >= 14,
        "{}",
        with("budget_vs_actual", "pass")
    );
    assert_eq!(with("budget_vs_actual", "fail"), 0);
    // The basic table's two lists add up, and together they are the 基本支出.
    let lists: Vec<&Value> = checks
        .iter()
        .filter(|c| {
            (c["rule"] == "total_row" || c["rule"] == "cross_table_total")
                && c["message"]
                    .as_str()
                    .is_some_and(|m| m.contains("人员经费合计") || m.contains("公用经费合计"))
        })
        .collect();
    assert_eq!(lists.len(), 3);
    assert!(lists.iter().all(|c| c["status"] == "pass"));
    // Shares: eight agree, one is the document's own error.
    assert_eq!(with("narrative_share", "pass"), 8);
    assert_eq!(with("narrative_share", "fail"), 1);
    // Every failure is a reader defect or an inconsistency of the document.
    for c in checks.iter().filter(|c| c["status"] == "fail") {
        let message = c["message"].as_str().unwrap_or("");
        let known = DOCUMENT_ERRORS
            .iter()
            .any(|(rule, words)| c["rule"] == *rule && message.contains(words));
        assert!(known || involves_defect(c), "unexplained failure: {c}");
    }
    for (rule, words) in DOCUMENT_ERRORS {
        assert!(
            checks.iter().any(|c| c["rule"] == *rule
                && c["status"] == "fail"
                && c["message"].as_str().is_some_and(|m| m.contains(words))),
            "the document's error is not flagged: {rule} {words}"
        );
    }
}

#[test]
fn template_reads_with_warnings() {
    let doc = json(TEMPLATE);
    assert_eq!(doc["document_kind"], "final_accounts");
    assert_eq!(doc["department"]["name"], "上海市XX局");
    assert_eq!(doc["fiscal_year"], 2024);
    let kinds: Vec<&str> = doc["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .filter_map(|t| t["kind"].as_str())
        .filter(|k| *k != "unknown")
        .collect();
    assert_eq!(
        kinds,
        [
            "revenue",
            "expenditure",
            "general_budget_expenditure",
            "general_budget_basic_expenditure",
            // Printed with their headers and no rows.
            "three_public",
            "government_fund_expenditure",
            "state_capital_expenditure"
        ]
    );
    // The template's rows, codes and names, with no figures.
    let basic = table(&doc, "general_budget_basic_expenditure");
    let rows = basic["rows"].as_array().expect("rows");
    let codes: Vec<&str> = rows.iter().filter_map(|r| r["code"].as_str()).collect();
    assert_eq!(codes.len(), 65);
    for code in ["30108", "30212", "30240", "30299", "31007", "31099"] {
        assert!(codes.contains(&code), "{code}");
    }
    let named = |code: &str| {
        rows.iter()
            .find(|r| r["code"] == code)
            .and_then(|r| r["name"].as_str())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(named("30108"), "机关事业单位基本养老保险缴费");
    assert_eq!(named("31007"), "信息网络及软件购置更新");
    assert!(rows.iter().all(|r| r["values"]
        .as_object()
        .is_some_and(|v| v.values().all(Value::is_null))));
    let revenue = table(&doc, "revenue");
    let names: Vec<&str> = revenue["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "教育支出",
            "普通教育",
            "高等教育",
            "文化旅游体育与传媒支出",
            "其他文化旅游体育与传媒支出"
        ]
    );
    // Placeholders are warned about, never read as figures.
    let warnings = doc["warnings"].as_array().expect("warnings");
    let placeholders = warnings
        .iter()
        .filter(|w| w["code"] == "placeholder")
        .count();
    assert!(placeholders >= 30, "{placeholders}");
    assert!(doc["facts"].as_array().is_some_and(Vec::is_empty));
    // A template is no department's disclosure: the one failure says so, and its other
    // placeholders add nothing to it.
    let failures: Vec<&Value> = doc["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["status"] == "fail")
        .collect();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["rule"], "department_name");
    let message = failures[0]["message"].as_str().unwrap_or("");
    assert!(
        message.contains("上海市XX局") && message.contains("template"),
        "{message}"
    );
}

/// A final-accounts layout with clean cells (a TAB export, as a Word table gives): the 三公
/// columns are keyed by their printed labels, a fund table with figures balances per row, and
/// the narrative's 三公 rates and counts agree with the table.
#[test]
fn clean_layout_reads_by_labels() {
    let doc = json("tests/fixtures/final/clean-tab-separated.txt");
    assert_eq!(doc["document_kind"], "final_accounts");
    let warnings = doc["warnings"].as_array().expect("warnings");
    assert!(
        warnings.iter().all(|w| w["code"] != "template_columns"),
        "{warnings:?}"
    );
    let three = table(&doc, "three_public");
    let row = &three["rows"][0]["values"];
    assert_eq!(yuan(&row["vehicles_budget"]), "150000");
    assert_eq!(yuan(&row["official_reception_actual"]), "26000");
    let s = &doc["summary"];
    assert_eq!(yuan(&s["carryover_prior"]), "50000");
    assert_eq!(yuan(&s["carryover_next"]), "180000");
    let three_public = |v: &Value| {
        [
            "total",
            "outbound_travel",
            "official_reception",
            "vehicle_purchase",
            "vehicle_operation",
        ]
        .map(|k| yuan(&v[k]))
    };
    assert_eq!(
        three_public(&s["three_public"]),
        ["246000", "100000", "26000", "0", "120000"]
    );
    assert_eq!(
        three_public(&s["three_public_budget"]),
        ["300000", "100000", "50000", "0", "150000"]
    );
    let fund = table(&doc, "government_fund_expenditure");
    let keys: Vec<&str> = fund["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .filter_map(|c| c["key"].as_str())
        .collect();
    assert_eq!(
        keys,
        [
            "code",
            "name",
            "carryover_prior",
            "revenue",
            "total",
            "basic",
            "project",
            "carryover_next"
        ]
    );
    for (key, value) in [
        ("three_public.outbound_travel.groups", "2"),
        ("three_public.outbound_travel.people", "6"),
        ("vehicles_held", "3"),
        ("three_public.official_reception.batches", "12"),
        ("three_public.official_reception.people", "80"),
        ("three_public.official_reception.completion_rate", "52.0"),
    ] {
        assert_eq!(
            same_number(&find_fact(&doc, key, None)["value"], value),
            value,
            "{key}"
        );
    }
    let checks = doc["checks"].as_array().expect("checks");
    let passed = |rule: &str| {
        checks
            .iter()
            .filter(|c| c["rule"] == rule && c["status"] == "pass")
            .count()
    };
    // The summary table, then each of the fund table's three rows.
    assert_eq!(passed("carryover_balance"), 4);
    assert_eq!(passed("three_public_parts"), 4);
    // The 三公 whole and its three items against the narrative's rates, and its 决算数小于预算数.
    assert_eq!(passed("budget_vs_actual"), 5);
    assert!(
        checks.iter().all(|c| c["status"] != "fail"),
        "{:?}",
        checks
            .iter()
            .filter(|c| c["status"] == "fail")
            .collect::<Vec<_>>()
    );
}

/// The 三公 wording (`决算数小于预算数`) is held to the 三公 决算 and 预算 figures the paragraph
/// states before it.
#[test]
fn three_public_wording_against_its_figures() {
    let path = "tests/fixtures/final/clean-tab-separated.txt";
    let text = std::fs::read_to_string(root().join(path)).expect("document");
    assert!(text.contains("决算数小于预算数"));
    let failed = |text: &str| -> Vec<String> {
        let processed =
            process_bytes_listing(path, text.as_bytes(), &Limits::default(), ChecksListed::All)
                .expect("reads");
        let doc: Value = serde_json::from_slice(&processed.json).expect("valid JSON");
        doc["checks"]
            .as_array()
            .expect("checks")
            .iter()
            .filter(|c| c["rule"] == "budget_vs_actual" && c["status"] == "fail")
            .map(|c| c["message"].as_str().unwrap_or("").to_string())
            .collect()
    };
    assert!(failed(&text).is_empty());
    let wrong = failed(&text.replace("决算数小于预算数", "决算数大于预算数"));
    assert_eq!(wrong.len(), 1, "{wrong:?}");
    assert!(wrong[0].contains("three_public.total"), "{wrong:?}");
}

/// Cut short anywhere, or with its lines out of order, the document still reads.
#[test]
fn damaged_final_accounts_never_break_the_pipeline() {
    let text = std::fs::read_to_string(root().join(PUTUO)).expect("document");
    let lines: Vec<&str> = text.lines().collect();
    for end in (1..lines.len()).step_by(23) {
        let cut = lines[..end].join("\n");
        let p = process_bytes("cut.txt", cut.as_bytes(), &Limits::default());
        assert!(p.is_ok(), "cut at line {end}");
    }
    // Every table's lines in reverse order.
    let reversed: Vec<&str> = lines.iter().rev().copied().collect();
    assert!(process_bytes(
        "reversed.txt",
        reversed.join("\n").as_bytes(),
        &Limits::default()
    )
    .is_ok());
}

/// The JSON number's text, or `expected` itself when the two are the same number printed with
/// other trailing zeros (percentages keep the decimals the document printed: `52.00`).
fn same_number<'a>(actual: &serde_json::Value, expected: &'a str) -> std::borrow::Cow<'a, str> {
    let text = actual.to_string();
    match (text.parse::<f64>(), expected.parse::<f64>()) {
        (Ok(a), Ok(e)) if a == e => std::borrow::Cow::Borrowed(expected),
        _ => std::borrow::Cow::Owned(text),
    }
}
