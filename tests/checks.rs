//! Each check rule, broken one at a time in a small disclosure that otherwise passes every
//! check. The disclosure is `tests/fixtures/checks/clean/*.txt` (the seed's text layout, one
//! file per part, read in name order); each test edits cells or sentences and asserts exactly
//! which checks fail, with their figures.

use budget_extract::check::{rule, CheckResult, Involved, Status, Value, CARRYOVER_NOTE};
use budget_extract::emit::ChecksListed;
use budget_extract::money::{parse_amount, Fen, Unit};
use budget_extract::pipeline;
use budget_extract::read::Limits;
use std::path::Path;

const PARTS: &str = "tests/fixtures/checks/clean";

/// The named parts of the clean disclosure, in order.
fn parts() -> Vec<(String, String)> {
    let mut names: Vec<_> = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(PARTS))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    names
        .into_iter()
        .map(|p| {
            let name = p.file_stem().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read_to_string(&p).unwrap())
        })
        .collect()
}

fn clean() -> String {
    parts().into_iter().map(|(_, text)| text).collect()
}

/// Only the named parts.
fn only(names: &[&str]) -> String {
    parts()
        .into_iter()
        .filter(|(n, _)| names.contains(&n.as_str()))
        .map(|(_, text)| text)
        .collect()
}

/// Every check of the disclosure, passes included.
fn checks(text: &str) -> Vec<CheckResult> {
    pipeline::process_bytes_listing(
        "disclosure.txt",
        text.as_bytes(),
        &Limits::default(),
        ChecksListed::All,
    )
    .unwrap()
    .checks
}

/// A table row as the cell-per-line layout writes it.
fn row(cells: &[&str]) -> String {
    cells.iter().map(|c| format!("\t{c}\n")).collect()
}

/// Replaces text that must occur exactly once.
fn edit(text: &str, old: &str, new: &str) -> String {
    assert_eq!(text.matches(old).count(), 1, "not exactly once: {old:?}");
    text.replacen(old, new, 1)
}

fn edit_row(text: &str, old: &[&str], new: &[&str]) -> String {
    edit(text, &row(old), &row(new))
}

/// An amount printed in 万元, as exact money.
fn wan(text: &str) -> Fen {
    parse_amount(text, Unit::TenThousandYuan)
        .unwrap()
        .unwrap()
        .fen
}

#[derive(Debug, PartialEq)]
struct Failure {
    rule: &'static str,
    expected: Option<Value>,
    actual: Option<Value>,
    difference: Option<Fen>,
}

fn money(rule: &'static str, expected: &str, actual: &str, difference: &str) -> Failure {
    Failure {
        rule,
        expected: Some(Value::Money(wan(expected))),
        actual: Some(Value::Money(wan(actual))),
        difference: Some(wan(difference)),
    }
}

fn failures(checks: &[CheckResult]) -> Vec<Failure> {
    checks
        .iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| Failure {
            rule: c.rule,
            expected: c.expected.clone(),
            actual: c.actual.clone(),
            difference: c.difference,
        })
        .collect()
}

fn failed(checks: &[CheckResult]) -> Vec<&CheckResult> {
    checks.iter().filter(|c| c.status == Status::Fail).collect()
}

fn involves_row(c: &CheckResult, wanted: &str) -> bool {
    c.involves
        .iter()
        .any(|i| matches!(i, Involved::Table { row, .. } if row == wanted))
}

#[test]
fn the_clean_disclosure_passes_every_rule() {
    let checks = checks(&clean());
    let not_passed: Vec<&CheckResult> = checks
        .iter()
        .filter(|c| c.status != Status::Pass || c.note.is_some())
        .collect();
    assert!(not_passed.is_empty(), "{not_passed:#?}");
    // `change_row` needs a table printing a year, the year before and their change, a layout
    // (深圳's per-unit 三公 table) this disclosure has not; `tests/checks_auditor.rs` runs it.
    for rule in rule::ALL.iter().filter(|r| **r != rule::CHANGE_ROW) {
        assert!(
            checks.iter().any(|c| c.rule == *rule),
            "rule {rule} did not run on the clean disclosure"
        );
    }
}

#[test]
fn hierarchy_parent_against_children() {
    let text = edit_row(
        &clean(),
        &["  30101", "基本工资", "100.00", "100.00", ""],
        &["  30101", "基本工资", "100.50", "100.50", ""],
    );
    let checks = checks(&text);
    assert_eq!(
        failures(&checks),
        [
            money(rule::HIERARCHY, "170.50", "170.00", "-0.50"),
            money(rule::HIERARCHY, "170.50", "170.00", "-0.50"),
        ]
    );
    assert!(failed(&checks).iter().all(|c| involves_row(c, "301")));
}

#[test]
fn total_row_against_top_level_rows() {
    let text = edit_row(
        &clean(),
        &["302", "商品和服务支出", "98.00"],
        &["302", "商品和服务支出", "99.00"],
    );
    let text = edit_row(
        &text,
        &[" 30201", " 办公费", "88.00"],
        &[" 30201", " 办公费", "89.00"],
    );
    assert_eq!(
        failures(&checks(&text)),
        [money(rule::TOTAL_ROW, "101.00", "100.00", "-1.00")]
    );
}

#[test]
fn basic_plus_project_per_row() {
    // Alone, so that no other table or sentence states the changed basic figures.
    let text = only(&["02_general_budget"]);
    let text = edit_row(
        &text,
        &["合计", "300.00", "200.00", "100.00"],
        &["合计", "300.00", "199.00", "100.00"],
    );
    let text = edit_row(
        &text,
        &["201", "一般公共服务支出", "250.00", "150.00", "100.00"],
        &["201", "一般公共服务支出", "250.00", "149.00", "100.00"],
    );
    let text = edit_row(
        &text,
        &[" 20106", " 财政事务", "250.00", "150.00", "100.00"],
        &[" 20106", " 财政事务", "250.00", "149.00", "100.00"],
    );
    let text = edit_row(
        &text,
        &["  2010601", "  行政运行", "150.00", "150.00", ""],
        &["  2010601", "  行政运行", "150.00", "149.00", ""],
    );
    let checks = checks(&text);
    assert_eq!(
        failures(&checks),
        [
            money(rule::BASIC_PLUS_PROJECT, "299.00", "300.00", "1.00"),
            money(rule::BASIC_PLUS_PROJECT, "249.00", "250.00", "1.00"),
            money(rule::BASIC_PLUS_PROJECT, "249.00", "250.00", "1.00"),
            money(rule::BASIC_PLUS_PROJECT, "149.00", "150.00", "1.00"),
        ]
    );
    assert!(involves_row(failed(&checks)[3], "2010601"));
}

#[test]
fn personnel_plus_public_per_row() {
    let text = edit_row(
        &clean(),
        &["合计", "200.00", "170.00", "30.00"],
        &["合计", "200.00", "170.00", "29.00"],
    );
    let text = edit_row(
        &text,
        &["302", "商品和服务支出", "30.00", "", "30.00"],
        &["302", "商品和服务支出", "30.00", "", "29.00"],
    );
    let text = edit_row(
        &text,
        &["  30201", "办公费", "26.00", "", "26.00"],
        &["  30201", "办公费", "26.00", "", "25.00"],
    );
    assert_eq!(
        failures(&checks(&text)),
        [
            money(rule::PERSONNEL_PLUS_PUBLIC, "199.00", "200.00", "1.00"),
            money(rule::PERSONNEL_PLUS_PUBLIC, "29.00", "30.00", "1.00"),
            money(rule::PERSONNEL_PLUS_PUBLIC, "25.00", "26.00", "1.00"),
        ]
    );
}

fn procurement_money(total: &str, general: &str) -> Vec<String> {
    let mut cells = vec![total.to_string(), general.to_string(), general.to_string()];
    cells.extend(vec![String::new(); 14]);
    cells
}

fn procurement_row(labels: &[&str], total: &str, general: &str) -> Vec<String> {
    let mut cells: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
    cells.extend(procurement_money(total, general));
    cells
}

fn edit_procurement(text: &str, labels: &[&str], old: (&str, &str), new: (&str, &str)) -> String {
    let old = procurement_row(labels, old.0, old.1);
    let new = procurement_row(labels, new.0, new.1);
    let old: Vec<&str> = old.iter().map(String::as_str).collect();
    let new: Vec<&str> = new.iter().map(String::as_str).collect();
    edit_row(text, &old, &new)
}

const TOTAL_LABELS: [&str; 8] = ["", "", "", "", "", "", "", "合计："];
const UNIT_LABELS: [&str; 8] = ["901-测试市示范区财政局", "", "", "", "", "", "", ""];
const OWN_LABELS: [&str; 8] = [
    "  901001-测试市示范区财政局（本级）",
    "",
    "",
    "",
    "",
    "",
    "",
    "",
];
const SERVICE_LABELS: [&str; 8] = [
    "   901001-测试市示范区财政局（本级）",
    "50010726T000000000002",
    "窗口受理服务",
    "2010602-一般行政管理事务",
    "50205-委托业务费",
    "30227-委托业务费",
    "是",
    "已审",
];

#[test]
fn fund_sources_per_row() {
    let mut text = clean();
    for labels in [&TOTAL_LABELS, &UNIT_LABELS, &OWN_LABELS] {
        text = edit_procurement(&text, labels, ("12.00", "12.00"), ("12.00", "11.50"));
    }
    let text = edit_procurement(
        &text,
        &SERVICE_LABELS,
        ("10.00", "10.00"),
        ("10.00", "9.50"),
    );
    assert_eq!(
        failures(&checks(&text)),
        [
            money(rule::FUND_SOURCES, "11.50", "12.00", "0.50"),
            money(rule::FUND_SOURCES, "11.50", "12.00", "0.50"),
            money(rule::FUND_SOURCES, "11.50", "12.00", "0.50"),
            money(rule::FUND_SOURCES, "9.50", "10.00", "0.50"),
        ]
    );
}

#[test]
fn three_public_parts() {
    let text = edit_row(
        &clean(),
        &["6.00", "", "5.00", "2.00", "3.00", "1.00"],
        &["6.00", "", "5.50", "2.00", "3.00", "1.00"],
    );
    assert_eq!(
        failures(&checks(&text)),
        [
            money(rule::THREE_PUBLIC_PARTS, "6.50", "6.00", "-0.50"),
            money(rule::THREE_PUBLIC_PARTS, "5.00", "5.50", "0.50"),
        ]
    );
}

const APPROPRIATION_CARRYOVER: [&str; 7] = ["二、上年结转", "", "二、结转下年", "", "", "", ""];

#[test]
fn summary_section_against_its_items() {
    let text = edit_row(
        &clean(),
        &[
            "一、本年收入",
            "300.00",
            "一、本年支出",
            "300.00",
            "300.00",
            "",
            "",
        ],
        &[
            "一、本年收入",
            "299.00",
            "一、本年支出",
            "300.00",
            "300.00",
            "",
            "",
        ],
    );
    let text = edit_row(
        &text,
        &APPROPRIATION_CARRYOVER,
        &["二、上年结转", "1.00", "二、结转下年", "", "", "", ""],
    );
    assert_eq!(
        failures(&checks(&text)),
        [money(
            rule::SUMMARY_SECTION_SUM,
            "300.00",
            "299.00",
            "-1.00"
        )]
    );
}

#[test]
fn summary_totals_against_their_rows() {
    let text = edit_row(
        &clean(),
        &["收入合计", "300.00", "支出合计", "300.00", "300.00"],
        &["收入合计", "301.00", "支出合计", "301.00", "301.00"],
    );
    assert_eq!(
        failures(&checks(&text)),
        [
            money(rule::SUMMARY_TOTAL, "300.00", "301.00", "1.00"),
            money(rule::SUMMARY_TOTAL, "300.00", "301.00", "1.00"),
            money(rule::SUMMARY_TOTAL, "300.00", "301.00", "1.00"),
        ]
    );
}

#[test]
fn summary_revenue_against_expenditure() {
    let text = edit_row(
        &clean(),
        &APPROPRIATION_CARRYOVER,
        &["二、上年结转", "1.00", "二、结转下年", "", "", "", ""],
    );
    let text = edit_row(
        &text,
        &["收入合计", "300.00", "支出合计", "300.00", "300.00"],
        &["收入合计", "301.00", "支出合计", "300.00", "300.00"],
    );
    assert_eq!(
        failures(&checks(&text)),
        [money(rule::SUMMARY_BALANCE, "300.00", "301.00", "1.00")]
    );
}

#[test]
fn same_code_across_tables() {
    let text = edit_row(
        &clean(),
        &[
            "  2080505",
            "  机关事业单位基本养老保险缴费支出",
            "30.00",
            "30.00",
            "",
            "",
            "",
        ],
        &[
            "  2080505",
            "  机关事业单位基本养老保险缴费支出",
            "25.00",
            "25.00",
            "",
            "",
            "",
        ],
    );
    let text = edit_row(
        &text,
        &[
            "  2080506",
            "  机关事业单位职业年金缴费支出",
            "20.00",
            "20.00",
            "",
            "",
            "",
        ],
        &[
            "  2080506",
            "  机关事业单位职业年金缴费支出",
            "25.00",
            "25.00",
            "",
            "",
            "",
        ],
    );
    let checks = checks(&text);
    assert_eq!(
        failures(&checks),
        [
            money(rule::CROSS_TABLE_CODE, "30.00", "25.00", "-5.00"),
            money(rule::CROSS_TABLE_CODE, "20.00", "25.00", "5.00"),
        ]
    );
    assert!(involves_row(failed(&checks)[0], "2080505"));
}

#[test]
fn a_code_printed_twice_counts_both_rows_where_the_rows_add_up_in_one_column() {
    // The general-budget table prints 2080505 twice (one row per unit, no row naming the unit)
    // and leaves 一般行政管理事务's figures out: its rows add up to the 合计 under 基本支出 only.
    // Both 2080505 rows are still parts of the one figure the other tables print for the code.
    let general = only(&["02_general_budget"]);
    let general = edit(
        &general,
        &row(&[
            "  2080505",
            "  机关事业单位基本养老保险缴费支出",
            "30.00",
            "30.00",
            "",
        ]),
        &(row(&[
            "  2080505",
            "  机关事业单位基本养老保险缴费支出",
            "20.00",
            "20.00",
            "",
        ]) + "\n"
            + &row(&[
                "  2080505",
                "  机关事业单位基本养老保险缴费支出",
                "10.00",
                "10.00",
                "",
            ])),
    );
    let general = edit_row(
        &general,
        &["  2010602", "  一般行政管理事务", "100.00", "", "100.00"],
        &["  2010602", "  一般行政管理事务", "", "", ""],
    );
    let text: String = parts()
        .into_iter()
        .map(|(name, text)| {
            if name == "02_general_budget" {
                general.clone()
            } else {
                text
            }
        })
        .collect();
    let checks = checks(&text);
    let of_code: Vec<&CheckResult> = checks
        .iter()
        .filter(|c| c.rule == rule::CROSS_TABLE_CODE && involves_row(c, "2080505"))
        .collect();
    assert!(!of_code.is_empty());
    assert!(
        of_code.iter().all(|c| c.status == Status::Pass),
        "{of_code:#?}"
    );
}

#[test]
fn totals_across_tables() {
    let text = edit_row(&clean(), &["合计", "100.00"], &["合计", "101.00"]);
    let text = edit_row(
        &text,
        &["302", "商品和服务支出", "98.00"],
        &["302", "商品和服务支出", "99.00"],
    );
    let text = edit_row(
        &text,
        &[" 30201", " 办公费", "88.00"],
        &[" 30201", " 办公费", "89.00"],
    );
    assert_eq!(
        failures(&checks(&text)),
        [money(rule::CROSS_TABLE_TOTAL, "100.00", "101.00", "1.00")]
    );
}

#[test]
fn economic_three_public_items_within_three_public() {
    let text = edit_row(
        &clean(),
        &["  30231", "公务用车运行维护费", "3.00", "", "3.00"],
        &["  30231", "公务用车运行维护费", "4.00", "", "4.00"],
    );
    let text = edit_row(
        &text,
        &["  30201", "办公费", "26.00", "", "26.00"],
        &["  30201", "办公费", "25.00", "", "25.00"],
    );
    let checks = checks(&text);
    assert_eq!(
        failures(&checks),
        [money(
            rule::THREE_PUBLIC_VS_ECONOMIC,
            "3.00",
            "4.00",
            "1.00"
        )]
    );
    assert!(involves_row(failed(&checks)[0], "30231"));
}

#[test]
fn procurement_total_against_its_projects() {
    // As in the seed: the department row states more than its one unit and that unit's projects.
    let mut text = clean();
    for labels in [&TOTAL_LABELS, &UNIT_LABELS] {
        text = edit_procurement(&text, labels, ("12.00", "12.00"), ("13.00", "13.00"));
    }
    assert_eq!(
        failures(&checks(&text)),
        [
            money(rule::HIERARCHY, "12.00", "13.00", "1.00"),
            money(rule::HIERARCHY, "12.00", "13.00", "1.00"),
            money(rule::HIERARCHY, "12.00", "13.00", "1.00"),
            money(rule::PROCUREMENT_DETAIL, "12.00", "13.00", "1.00"),
            money(rule::NARRATIVE_VS_TABLE, "13.00", "12.00", "-1.00"),
        ]
    );
}

#[test]
fn narrative_figure_against_table() {
    let text = edit(
        &clean(),
        "一般公共预算财政拨款收入300.00万元",
        "一般公共预算财政拨款收入310.00万元",
    );
    assert_eq!(
        failures(&checks(&text)),
        [money(rule::NARRATIVE_VS_TABLE, "300.00", "310.00", "10.00")]
    );
}

#[test]
fn narrative_total_against_its_parts() {
    let text = edit(
        &clean(),
        "政府采购货物预算2.00万元",
        "政府采购货物预算3.00万元",
    );
    assert_eq!(
        failures(&checks(&text)),
        [money(rule::NARRATIVE_SUM, "13.00", "12.00", "-1.00")]
    );
}

#[test]
fn narrative_changes_against_each_other() {
    let text = edit(
        &clean(),
        "公务接待费1万元，比2025年减少0万元",
        "公务接待费1万元，比2025年减少3万元",
    );
    let found = failures(&checks(&text));
    // The 三公 total's change against the sum of its parts' changes; and, read as a breakdown of
    // the change, the parts do not add up to it.
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0], money(rule::NARRATIVE_CHANGE, "-4", "-1", "3"));
    assert_eq!(found[1].rule, rule::NARRATIVE_CHANGE);
    assert_eq!(found[1].difference, None);
}

#[test]
fn rounded_narrative_changes_pass_as_rounding() {
    // Whole 万元 may each be off by half a 万元: -1 against 0 + (-1) + 0 + (-1) is within that.
    let text = edit(
        &clean(),
        "公务接待费1万元，比2025年减少0万元",
        "公务接待费1万元，比2025年减少1万元",
    );
    let checks = checks(&text);
    assert!(failures(&checks).is_empty());
    let change = checks
        .iter()
        .find(|c| c.rule == rule::NARRATIVE_CHANGE && c.note.is_some())
        .unwrap();
    assert_eq!(change.note.as_deref(), Some("rounding"));
    assert_eq!(change.difference, Some(wan("1")));
    assert_eq!(change.tolerance, Some(wan("1")));
}

#[test]
fn narrative_figure_within_its_bound() {
    let text = edit(&clean(), "运行经费20.00万元", "运行经费40.00万元");
    let checks = checks(&text);
    assert_eq!(
        failures(&checks),
        [money(rule::NARRATIVE_BOUND, "30.00", "40.00", "10.00")]
    );
    assert_eq!(
        failed(&checks)[0].relation,
        budget_extract::check::Relation::AtMost
    );
}

#[test]
fn code_names_across_tables() {
    let text = edit_row(
        &clean(),
        &["208", "社会保障和就业支出", "50.00", "50.00", "", "", ""],
        &["208", "社会保障与就业支出", "50.00", "50.00", "", "", ""],
    );
    assert_eq!(
        failures(&checks(&text)),
        [Failure {
            rule: rule::CODE_NAME,
            expected: Some(Value::Text("社会保障和就业支出".to_string())),
            actual: Some(Value::Text("社会保障与就业支出".to_string())),
            difference: None,
        }]
    );
}

#[test]
fn fiscal_year_in_titles() {
    let text = edit(
        &clean(),
        " 2026年示范区财政局部门收入总表",
        " 2025年示范区财政局部门收入总表",
    );
    assert_eq!(
        failures(&checks(&text)),
        [Failure {
            rule: rule::FISCAL_YEAR,
            expected: Some(Value::Number(2026)),
            actual: Some(Value::Number(2025)),
            difference: None,
        }]
    );
}

#[test]
fn fiscal_year_in_narrative() {
    let text = edit(
        &clean(),
        "2026年项目支出均实行了绩效目标管理",
        "2024年项目支出均实行了绩效目标管理",
    );
    assert_eq!(
        failures(&checks(&text)),
        [Failure {
            rule: rule::FISCAL_YEAR,
            expected: Some(Value::Number(2026)),
            actual: Some(Value::Number(2024)),
            difference: None,
        }]
    );
}

#[test]
fn department_in_titles() {
    let text = edit(
        &clean(),
        " 2026年示范区财政局部门收入总表",
        " 2026年示范区税务局部门收入总表",
    );
    assert_eq!(
        failures(&checks(&text)),
        [Failure {
            rule: rule::DEPARTMENT_NAME,
            expected: Some(Value::Text("测试市示范区财政局".to_string())),
            actual: Some(Value::Text("示范区税务局".to_string())),
            difference: None,
        }]
    );
}

#[test]
fn carryover_difference_is_explained() {
    // The seed's case: the narrative counts last year's carry-over as this year's appropriation.
    let text = edit_row(
        &clean(),
        &[
            "一、本年收入",
            "300.00",
            "一、本年支出",
            "300.00",
            "300.00",
            "",
            "",
        ],
        &[
            "一、本年收入",
            "299.00",
            "一、本年支出",
            "300.00",
            "300.00",
            "",
            "",
        ],
    );
    let text = edit_row(
        &text,
        &[
            "一般公共预算资金",
            "300.00",
            "一般公共服务支出",
            "250.00",
            "250.00",
            "",
            "",
        ],
        &[
            "一般公共预算资金",
            "299.00",
            "一般公共服务支出",
            "250.00",
            "250.00",
            "",
            "",
        ],
    );
    let text = edit_row(
        &text,
        &["一般公共预算拨款", "", "", "", "", "", ""],
        &["一般公共预算拨款", "1.00", "", "", "", "", ""],
    );
    let checks = checks(&text);
    assert_eq!(
        failures(&checks),
        [
            money(rule::CROSS_TABLE_TOTAL, "300.00", "299.00", "-1.00"),
            money(rule::NARRATIVE_VS_TABLE, "299.00", "300.00", "1.00"),
            money(rule::NARRATIVE_VS_TABLE, "299.00", "300.00", "1.00"),
        ]
    );
    for c in failed(&checks) {
        assert_eq!(c.note.as_deref(), Some(CARRYOVER_NOTE), "{c:?}");
        assert!(c.message.contains("上年结转"), "{}", c.message);
    }
}

#[test]
fn narrative_figure_without_a_table_is_skipped() {
    let names: Vec<String> = parts()
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| n != "03_basic_economic")
        .collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let checks = checks(&only(&names));
    // The contents list still announces the table left out.
    let failed = failed(&checks);
    assert!(
        matches!(&failed[..], [c] if c.rule == rule::COMPLETENESS
            && c.message.contains("一般公共预算财政拨款基本支出预算表")),
        "{failed:#?}"
    );
    let skipped: Vec<&CheckResult> = checks
        .iter()
        .filter(|c| c.status == Status::Skipped)
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:#?}");
    assert_eq!(skipped[0].rule, rule::NARRATIVE_VS_TABLE);
    assert!(matches!(
        &skipped[0].involves[..],
        [Involved::Fact { fact, .. }] if fact == "operating_expenses"
    ));
    assert!(skipped[0].note.is_some());
}

#[test]
fn narrative_may_name_last_year_but_no_earlier() {
    let last_year = edit(&clean(), "主要用于履职", "主要原因是2025年的一次性项目结束");
    assert!(failures(&checks(&last_year)).is_empty());
    let earlier = edit(&clean(), "主要用于履职", "主要原因是2023年的一次性项目结束");
    assert_eq!(
        failures(&checks(&earlier)),
        [Failure {
            rule: rule::FISCAL_YEAR,
            expected: Some(Value::Number(2025)),
            actual: Some(Value::Number(2023)),
            difference: None,
        }]
    );
}

#[test]
fn hierarchy_reaches_past_a_level_the_table_leaves_out() {
    // Without the 款 row 20106, the 项 rows 2010601 and 2010602 count towards 类 201.
    let text = edit_row(
        &only(&["02_general_budget"]),
        &[" 20106", " 财政事务", "250.00", "150.00", "100.00"],
        &[],
    );
    assert!(failures(&checks(&text)).is_empty());
    let text = edit_row(
        &text,
        &["  2010602", "  一般行政管理事务", "100.00", "", "100.00"],
        &["  2010602", "  一般行政管理事务", "101.00", "", "101.00"],
    );
    let checks = checks(&text);
    assert_eq!(
        failures(&checks),
        [
            money(rule::HIERARCHY, "251.00", "250.00", "-1.00"),
            money(rule::HIERARCHY, "101.00", "100.00", "-1.00"),
        ]
    );
    assert!(failed(&checks).iter().all(|c| involves_row(c, "201")));
}

#[test]
fn odd_and_extreme_amounts_never_break_the_checks() {
    let clean = clean();
    let mut amounts: Vec<&str> = clean
        .lines()
        .filter_map(|l| l.strip_prefix('\t'))
        .filter(|c| c.contains('.') && c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
        .collect();
    amounts.sort();
    amounts.dedup();
    assert!(amounts.len() >= 20, "{amounts:?}");
    let odd = [
        "—",
        "(1.00)",
        "-0.01",
        "9,000,000,000,000.00",
        "-9,000,000,000,000.00",
    ];
    // Nine trillion 万元 is 9e18 fen: one such figure fits in i64, two overflow any sum.
    for amount in amounts {
        for replacement in odd {
            let text = clean.replace(&format!("\t{amount}\n"), &format!("\t{replacement}\n"));
            let processed = pipeline::process_bytes("odd.txt", text.as_bytes(), &Limits::default());
            let processed = processed.unwrap_or_else(|e| panic!("{amount} → {replacement}: {e}"));
            assert!(processed
                .check_counts
                .iter()
                .any(|(_, n)| n.pass + n.fail > 0));
        }
    }
}
