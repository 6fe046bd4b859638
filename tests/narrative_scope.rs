//! `基本支出…万元` and `项目支出…万元` in a narrative name no fund and no unit: a section about the
//! department's whole budget states all its money, one about appropriations the 一般公共预算
//! figures, and a multi-unit volume each unit's in turn. The figure is held against the total it
//! is closest to, and fails when it is none of them.

mod common;

use budget_extract::check::{rule, CheckResult, Status};
use budget_extract::emit::ChecksListed;
use budget_extract::pipeline;
use budget_extract::read::Limits;
use common::layout::coded_table;

/// A department whose 支出总表 counts 30.00 of project spending from other funds than the
/// 一般公共预算, and a narrative stating `项目支出 {stated}万元`.
fn disclosure(stated: &str) -> String {
    let mut lines = vec![
        format!("    一、支出预算情况：项目支出 {stated} 万元。"),
        String::new(),
    ];
    lines.extend(coded_table(
        "预算03表 部门支出总表",
        &[
            ["201", "一般公共服务支出", "90.00", "40.00", "50.00"],
            [
                "20103",
                "政府办公厅（室）及相关机构事务",
                "90.00",
                "40.00",
                "50.00",
            ],
            ["2010302", "一般行政管理事务", "90.00", "40.00", "50.00"],
            ["", "合计", "90.00", "40.00", "50.00"],
        ],
    ));
    lines.extend(coded_table(
        "预算05表 一般公共预算支出表",
        &[
            ["201", "一般公共服务支出", "60.00", "40.00", "20.00"],
            [
                "20103",
                "政府办公厅（室）及相关机构事务",
                "60.00",
                "40.00",
                "20.00",
            ],
            ["2010302", "一般行政管理事务", "60.00", "40.00", "20.00"],
            ["", "合计", "60.00", "40.00", "20.00"],
        ],
    ));
    lines.join("\n")
}

fn project_checks(stated: &str) -> Vec<CheckResult> {
    pipeline::check_bytes(
        "t.txt",
        disclosure(stated).as_bytes(),
        String::new(),
        &Limits::default(),
        ChecksListed::All,
    )
    .expect("checked")
    .checks
    .records()
    .iter()
    .filter(|c| c.rule == rule::NARRATIVE_VS_TABLE && c.message.contains("project_expenditure"))
    .cloned()
    .collect()
}

#[test]
fn a_figure_for_all_the_departments_money_matches_the_spending_table() {
    for stated in ["50.00", "20.00"] {
        let checks = project_checks(stated);
        assert!(!checks.is_empty(), "{stated}");
        assert!(
            checks.iter().all(|c| c.status == Status::Pass),
            "{stated}: {checks:#?}"
        );
    }
}

#[test]
fn a_figure_that_is_no_total_fails_against_the_closest() {
    let checks = project_checks("45.00");
    let failed: Vec<_> = checks.iter().filter(|c| c.status == Status::Fail).collect();
    assert_eq!(failed.len(), 1, "{checks:#?}");
    assert!(failed[0].message.contains("部门支出总表"), "{failed:#?}");
}
