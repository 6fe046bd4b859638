//! The spending side of a 财政拨款收支总表, 类 by 类, against the coded tables: with one 预算数
//! column for every kind of appropriation (北京), a 类 the department pays from 政府性基金 is
//! found in the 政府性基金预算支出表, not missing from the 一般公共预算支出表. Its revenue side
//! breaks 上年结转结余 down by fund in rows numbered like sections: parts of the carry-over, not
//! more money beside it.

mod common;

use budget_extract::check::{rule, Status};
use budget_extract::emit::ChecksListed;
use budget_extract::pipeline;
use budget_extract::read::Limits;
use common::layout::{coded_table, place};

/// A coded table of project spending only: each row's one amount is its 合计 and 项目支出.
fn project_table(title: &str, rows: &[(&str, &str, &str)]) -> Vec<String> {
    let rows: Vec<[&str; 5]> = rows
        .iter()
        .map(|&(code, name, amount)| [code, name, amount, "", amount])
        .collect();
    coded_table(title, &rows)
}

fn disclosure(fund_class_amount: &str) -> String {
    let mut lines = vec![
        place(&[(30, "预算04表 财政拨款收支总表")]),
        place(&[(90, "金额单位：万元")]),
        place(&[(21, "收   入"), (67, "支   出")]),
        place(&[
            (13, "项   目"),
            (30, "预算数"),
            (60, "项   目"),
            (90, "预算数"),
        ]),
        place(&[
            (0, "一、一般公共预算资金"),
            (30, "17.000000"),
            (40, "一、一般公共服务支出"),
            (88, "17.000000"),
        ]),
        place(&[
            (0, "二、政府性基金预算资金"),
            (30, "4.500000"),
            (40, "十一、城乡社区支出"),
            (88, fund_class_amount),
        ]),
        place(&[
            (9, "本年收入合计"),
            (30, "21.500000"),
            (44, "本年支出合计"),
            (88, "21.500000"),
        ]),
        place(&[
            (13, "收入总计"),
            (30, "21.500000"),
            (46, "支出总计"),
            (88, "21.500000"),
        ]),
        String::new(),
    ];
    lines.extend(project_table(
        "预算05表 一般公共预算支出表",
        &[
            ("201", "一般公共服务支出", "17.000000"),
            ("20103", "政府办公厅（室）及相关机构事务", "17.000000"),
            ("2010302", "一般行政管理事务", "17.000000"),
        ],
    ));
    lines.extend(project_table(
        "预算07表 政府性基金预算支出表",
        &[
            ("212", "城乡社区支出", "4.500000"),
            ("21208", "国有土地使用权出让收入安排的支出", "4.500000"),
            ("2120803", "城市建设支出", "4.500000"),
        ],
    ));
    lines.join("\n")
}

fn checks(text: &str, listed: ChecksListed) -> pipeline::Checked {
    pipeline::check_bytes(
        "t.txt",
        text.as_bytes(),
        String::new(),
        &Limits::default(),
        listed,
    )
    .expect("checked")
}

fn class_checks(text: &str) -> Vec<(Status, String)> {
    checks(text, ChecksListed::All)
        .checks
        .records()
        .iter()
        .filter(|c| c.rule == rule::CROSS_TABLE_CODE && c.message.starts_with("财政拨款收支总表"))
        .map(|c| (c.status, c.message.clone()))
        .collect()
}

#[test]
fn one_column_for_every_appropriation_is_matched_across_the_fund_tables() {
    let checks = class_checks(&disclosure("4.500000"));
    assert!(
        checks
            .iter()
            .any(|(_, m)| m.contains("城乡社区支出") && m.contains("政府性基金预算支出表")),
        "{checks:#?}"
    );
    assert!(checks.len() >= 2, "{checks:#?}");
    assert!(
        checks.iter().all(|(s, _)| *s == Status::Pass),
        "{checks:#?}"
    );
}

#[test]
fn a_class_that_disagrees_with_its_fund_table_fails() {
    let checks = class_checks(&disclosure("5.500000"));
    let failed: Vec<_> = checks.iter().filter(|(s, _)| *s == Status::Fail).collect();
    assert_eq!(failed.len(), 1, "{checks:#?}");
    assert!(failed[0].1.contains("城乡社区支出"), "{failed:#?}");
}

/// The revenue side of a 财政拨款收支总表 whose 上年结转结余 is broken down by fund below it, the
/// fund rows numbered like sections (北京's 预算04表).
fn with_carryover(second_fund: &str) -> String {
    [
        place(&[(30, "预算04表 财政拨款收支总表")]),
        place(&[(90, "金额单位：万元")]),
        place(&[(21, "收   入"), (67, "支   出")]),
        place(&[
            (13, "项   目"),
            (30, "预算数"),
            (60, "项   目"),
            (90, "预算数"),
        ]),
        place(&[
            (0, "一、一般公共预算资金"),
            (30, "21.500000"),
            (40, "一、一般公共服务支出"),
            (88, "24.500000"),
        ]),
        place(&[
            (9, "本年收入合计"),
            (30, "21.500000"),
            (44, "本年支出合计"),
            (88, "24.500000"),
        ]),
        place(&[(0, "上年结转结余"), (30, "3.000000"), (44, "年终结转结余")]),
        place(&[(0, "一、一般公共预算拨款"), (30, "2.000000")]),
        place(&[(0, "二、政府性基金预算拨款"), (30, second_fund)]),
        place(&[
            (13, "收入总计"),
            (30, "24.500000"),
            (46, "支出总计"),
            (88, "24.500000"),
        ]),
    ]
    .join("\n")
}

fn revenue_side_failures(text: &str) -> Vec<(&'static str, String)> {
    checks(text, ChecksListed::Findings)
        .checks
        .records()
        .iter()
        .filter(|c| c.status == Status::Fail && c.message.contains("收入方"))
        .map(|c| (c.rule, c.message.clone()))
        .collect()
}

#[test]
fn funds_numbered_under_the_carryover_are_its_breakdown_not_more_money() {
    let failures = revenue_side_failures(&with_carryover("1.000000"));
    assert!(failures.is_empty(), "{failures:#?}");
    // A breakdown that does not reach its carry-over fails as a section, not the grand total.
    let failures = revenue_side_failures(&with_carryover("1.500000"));
    assert_eq!(failures.len(), 1, "{failures:#?}");
    assert_eq!(failures[0].0, rule::SUMMARY_SECTION_SUM, "{failures:#?}");
    assert!(failures[0].1.contains("上年结转结余"), "{failures:#?}");
}

/// 深圳市建筑工务署's 2026 budget: its 收支总表 prints each 类 numbered (`五、住房保障支出`) above
/// its 款 and 项 (`住房保障`, `住房改革支出`), which are no 类 of their own.
#[test]
fn the_names_under_a_numbered_class_of_a_summary_are_not_that_class() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/layouts/shenzhen-expenditure-names-wrapped-around-codes.txt");
    let text = std::fs::read_to_string(path).expect("fixture");
    let checked = checks(&text, ChecksListed::All);
    let code_names: Vec<_> = checked
        .checks
        .records()
        .iter()
        .filter(|c| c.rule == rule::CODE_NAME)
        .collect();
    let failed: Vec<&String> = code_names
        .iter()
        .filter(|c| c.status == Status::Fail)
        .map(|c| &c.message)
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    // The class itself is still held to the coded tables' name for it.
    assert!(
        code_names.iter().any(|c| c.status == Status::Pass
            && c.message.starts_with("功能分类 221 is named")
            && c.message.contains("住房保障支出 in all 4 tables")),
        "{code_names:#?}"
    );
}
