//! The funding performance-target forms (绩效目标表) state, read from real forms of three
//! layouts and held against itself: figures under a header naming the funds (北京 预算12表),
//! fund labels with their figures beside them over several rows (西南大学), and two lists of
//! label–figure pairs side by side (广州 部门整体预算绩效目标申报表).

mod common;

use budget_extract::pipeline::process_bytes;
use budget_extract::read::Limits;
use serde_json::Value;
use std::path::Path;

fn json(file: &str) -> Value {
    common::wild::document(file)
}

fn forms(doc: &Value) -> Vec<&Value> {
    doc["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|t| t["kind"] == "performance_targets")
        .collect()
}

/// The values of a form, over all its rows, sorted.
fn funding(form: &Value) -> Vec<(String, String)> {
    let mut found: Vec<(String, String)> = form["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|r| r["values"].as_object().cloned().unwrap_or_default())
        .map(|(k, v)| (k, v.to_string()))
        .collect();
    found.sort();
    found
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    pairs.sort();
    pairs
}

fn counts(doc: &Value, rule: &str) -> (u64, u64) {
    let c = &doc["check_counts"][rule];
    (
        c["pass"].as_u64().unwrap_or(0),
        c["fail"].as_u64().unwrap_or(0),
    )
}

#[test]
fn figures_under_a_header_naming_the_funds() {
    let doc = json("beijing-0ca30e0c52.txt");
    let projects = forms(&doc)
        .into_iter()
        .find(|t| {
            t["title"]
                .as_str()
                .is_some_and(|s| s.contains("项目支出绩效目标表"))
        })
        .expect("预算表12");
    let first = projects["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["name"] == "0843-信息系统运维")
        .expect("the project's row");
    // 项目总额 675.970000 = 财政资金 435.970000 + 其他资金 240.000000 (万元, in 元 here).
    assert_eq!(first["values"]["total"], 6_759_700);
    assert_eq!(first["values"]["appropriation"], 4_359_700);
    assert_eq!(first["values"]["other_funds"], 2_400_000);
    // Indicator values (`≤ 1595.03 元/个`, `≥ 96 %`) are no funding: only fund columns hold values.
    let keys: Vec<&str> = projects["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["key"].as_str())
        .collect();
    assert_eq!(keys, ["total", "appropriation", "other_funds"]);
    // A row whose only text is its figures is not named by them.
    assert!(projects["rows"]
        .as_array()
        .into_iter()
        .flatten()
        .all(
            |r| r["name"].as_str().is_some_and(|n| !n.contains(".000000")
                && !n.starts_with(|c: char| c.is_ascii_digit() && n.contains('.')))
        ));
}

#[test]
fn labels_with_their_figures_over_several_rows() {
    let doc = json("swu-2024-budget.txt");
    let form = forms(&doc)
        .into_iter()
        .find(|t| {
            t["title"]
                .as_str()
                .is_some_and(|s| s.contains("中央高校教育教学改革专项项目绩效目标表"))
        })
        .expect("the 教育教学改革 form");
    // 年度资金总额 1,960.35 = 其中：财政拨款 1,930.00 + 上年结转 30.35.
    assert_eq!(
        funding(form),
        pairs(&[
            ("total", "19603500"),
            ("appropriation", "19300000"),
            ("carryover_prior", "303500")
        ])
    );
    // Every form that states a total and its sources adds up.
    let stating = forms(&doc)
        .into_iter()
        .filter(|t| {
            let keys = funding(t);
            keys.iter().any(|(k, _)| k == "total") && keys.iter().any(|(k, _)| k == "appropriation")
        })
        .count();
    let (pass, fail) = counts(&doc, "fund_sources");
    assert!(
        stating >= 5 && pass as usize >= stating,
        "{pass} passes, {stating} forms"
    );
    assert_eq!(fail, 0);
}

#[test]
fn two_lists_of_pairs_side_by_side() {
    // A form published on its own: no year anywhere but in sentences about projects.
    let doc = json("guangzhou-3de0a678c4.txt");
    assert_eq!(doc["department"]["name"], "广州市政务服务和数据管理局");
    assert_eq!(doc["document_kind"], "budget");
    assert!(doc["fiscal_year"].is_null());
    let form = forms(&doc)[0];
    assert_eq!(
        funding(form),
        pairs(&[
            ("basic", "126341400"),
            ("appropriation", "988807800"),
            ("project", "862466400"),
            ("other_funds", "0"),
            ("special_fund", "0"),
            ("own_level_use", "988807800"),
            ("other_development", "0"),
            ("transfer_to_lower", "0"),
        ])
    );
    // 基本支出 + 项目支出 = 财政拨款 + 其他资金 = 市本级使用资金 + 拟用于对下转移支付资金.
    assert_eq!(counts(&doc, "fund_sources"), (2, 0));
}

#[test]
fn a_figure_changed_on_a_form_fails_its_funds() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wild/guangzhou-3de0a678c4.txt");
    let text = std::fs::read_to_string(path).expect("fixture");
    let changed = text.replacen("86,246.64", "86,264.64", 1);
    assert_ne!(changed, text);
    let processed =
        process_bytes("changed.txt", changed.as_bytes(), &Limits::default()).expect("processed");
    let doc: Value = serde_json::from_slice(&processed.json).expect("valid JSON");
    assert_eq!(counts(&doc, "fund_sources"), (0, 2));
}
