//! A table whose own arithmetic fails on more rows than one wrong figure can touch was most
//! likely misread: one `reading` warning names it, and the checks that hold its figures against
//! other tables are not judged, instead of failing one by one. One wrong figure still fails
//! everywhere it shows.

mod common;

use budget_extract::check::{rule, CheckResult, Status};
use budget_extract::emit::ChecksListed;
use budget_extract::extract::model::TableKind;
use budget_extract::pipeline;
use budget_extract::read::Limits;
use common::layout::{coded_table, place};
use std::path::Path;

const RIGHT: [[&str; 5]; 5] = [
    ["201", "一般公共服务支出", "60.00", "40.00", "20.00"],
    [
        "20103",
        "政府办公厅（室）及相关机构事务",
        "60.00",
        "40.00",
        "20.00",
    ],
    ["2010301", "行政运行", "30.00", "30.00", ""],
    ["2010302", "一般行政管理事务", "30.00", "10.00", "20.00"],
    ["", "合计", "60.00", "40.00", "20.00"],
];

/// The 支出总表 as printed, and a 一般公共预算支出表 whose 合计 column reads `totals` (201,
/// 20103, 2010301, 2010302, 合计).
fn disclosure(totals: [&str; 5]) -> String {
    let mut general = RIGHT;
    for (row, total) in general.iter_mut().zip(totals) {
        row[2] = total;
    }
    let mut lines = coded_table("预算03表 部门支出总表", &RIGHT);
    lines.extend(coded_table("预算05表 一般公共预算支出表", &general));
    lines.join("\n")
}

fn checks(text: &[u8]) -> Vec<CheckResult> {
    pipeline::check_bytes(
        "t.txt",
        text,
        String::new(),
        &Limits::default(),
        ChecksListed::All,
    )
    .expect("checked")
    .checks
    .records()
    .to_vec()
}

fn of_rule<'a>(checks: &'a [CheckResult], rule: &str, status: Status) -> Vec<&'a CheckResult> {
    checks
        .iter()
        .filter(|c| c.rule == rule && c.status == status)
        .collect()
}

#[test]
fn the_printed_tables_add_up_and_raise_no_warning() {
    let checks = checks(disclosure(["60.00", "60.00", "30.00", "30.00", "60.00"]).as_bytes());
    assert!(
        checks.iter().all(|c| c.status != Status::Fail),
        "{checks:#?}"
    );
    assert!(of_rule(&checks, rule::READING, Status::Skipped).is_empty());
}

#[test]
fn one_wrong_figure_fails_in_its_table_and_against_the_other() {
    let checks = checks(disclosure(["60.00", "60.00", "30.00", "40.00", "60.00"]).as_bytes());
    assert!(of_rule(&checks, rule::READING, Status::Skipped).is_empty());
    let cross = of_rule(&checks, rule::CROSS_TABLE_CODE, Status::Fail);
    assert!(
        cross.iter().any(|c| c.message.contains("2010302")),
        "{cross:#?}"
    );
    assert!(!of_rule(&checks, rule::BASIC_PLUS_PROJECT, Status::Fail).is_empty());
}

#[test]
fn a_table_failing_on_many_rows_gets_one_warning_instead_of_a_cascade() {
    let checks = checks(disclosure(["70.00", "70.00", "35.00", "40.00", "70.00"]).as_bytes());
    let warnings = of_rule(&checks, rule::READING, Status::Skipped);
    assert_eq!(warnings.len(), 1, "{checks:#?}");
    assert_eq!(warnings[0].note.as_deref(), Some("misread"));
    assert!(
        warnings[0].message.contains("预算05表一般公共预算支出表")
            && warnings[0].message.contains("fails on 5 rows"),
        "{}",
        warnings[0].message
    );
    // The table's own failures stay; what it would fail against the 支出总表 is not judged.
    assert!(of_rule(&checks, rule::BASIC_PLUS_PROJECT, Status::Fail).len() >= 4);
    assert!(of_rule(&checks, rule::CROSS_TABLE_CODE, Status::Fail).is_empty());
    let unjudged = of_rule(&checks, rule::CROSS_TABLE_CODE, Status::Skipped);
    assert!(unjudged.len() >= 4, "{checks:#?}");
    assert!(unjudged
        .iter()
        .all(|c| c.note.as_deref() == Some("reading_uncertain")));
}

fn checked_fixture(file: &str) -> pipeline::Checked {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let path = if file.contains('/') {
        path.join(file)
    } else {
        path.join("wild").join(file)
    };
    let bytes = std::fs::read(path).expect("fixture");
    pipeline::check_bytes(
        file,
        &bytes,
        String::new(),
        &Limits::default(),
        ChecksListed::Findings,
    )
    .expect("checked")
}

#[test]
fn a_real_document_failing_on_a_row_or_two_gets_no_warning_and_its_counts_stay_true() {
    // 杭州市公安局's budget: the 合计 rows of its 部门收入总表 and 项目支出表 are not the sums
    // of their rows, one row per table, contradictions the document prints, not misread tables.
    let checked = checked_fixture("hangzhou-c0afe4e6bf.txt");
    let records = checked.checks.records();
    assert!(!of_rule(records, rule::TOTAL_ROW, Status::Fail).is_empty());
    assert!(of_rule(records, rule::READING, Status::Skipped).is_empty());
    let (_, reading) = checked
        .checks
        .counts()
        .iter()
        .find(|(r, _)| *r == rule::READING)
        .expect("reading counted");
    assert!(reading.pass >= 4, "{reading:?}");
    for (rule, counts) in checked.checks.counts() {
        let listed = |s: Status| {
            records
                .iter()
                .filter(|c| c.rule == *rule && c.status == s)
                .count()
        };
        assert_eq!(counts.fail, listed(Status::Fail), "{rule}");
        assert_eq!(counts.skipped, listed(Status::Skipped), "{rule}");
    }
}

/// A 项目支出表 in the layout of 广州's: its title, unit, header and the rows given (name, 总计,
/// 合计), then `between` and a page that prints the header again with the rows `later`.
fn project_pages(rows: &[[&str; 3]], between: &str, later: &[[&str; 3]]) -> String {
    let header = place(&[
        (2, "支出项目类别（资金使用单位）"),
        (44, "总计"),
        (60, "合计"),
    ]);
    let line = |[name, total, appropriation]: &[&str; 3]| {
        place(&[(2, name), (44, total), (60, appropriation)])
    };
    let mut lines = vec![
        place(&[(30, "部门预算项目支出及其他支出预算表")]),
        place(&[(70, "单位：万元")]),
        header.clone(),
    ];
    lines.extend(rows.iter().map(line));
    lines.push(String::new());
    lines.push(between.to_string());
    lines.push(String::new());
    lines.push(header);
    lines.extend(later.iter().map(line));
    lines.join("\n")
}

fn checked_text(name: &str, text: &str) -> pipeline::Checked {
    pipeline::check_bytes(
        name,
        text.as_bytes(),
        String::new(),
        &Limits::default(),
        ChecksListed::Findings,
    )
    .expect("checked")
}

#[test]
fn a_table_whose_later_page_is_not_joined_is_read_cut_short_not_failed() {
    // A sentence between two pages of the table keeps the later page apart: an untitled table
    // with its columns right after it. The 合计 counts that page's rows, so it is more than the
    // rows read in every column: one warning, not a failure per column.
    let rows = [
        ["合计", "90.00", "90.00"],
        ["信息化运维项目", "30.00", "30.00"],
    ];
    let later = [["业务用房物业管理费", "60.00", "60.00"]];
    let text = project_pages(&rows, "以下项目由所属单位实施，绩效目标另行公开。", &later);
    let checked = checked_text("cut-short.txt", &text);
    let records = checked.checks.records();
    let cut: Vec<&CheckResult> = of_rule(records, rule::READING, Status::Skipped);
    assert_eq!(cut.len(), 1, "{records:#?}");
    assert_eq!(cut[0].note.as_deref(), Some("misread"));
    assert!(
        cut[0].message.contains("read cut short"),
        "{}",
        cut[0].message
    );
    assert!(of_rule(records, rule::TOTAL_ROW, Status::Fail).is_empty());
    let unjudged = of_rule(records, rule::TOTAL_ROW, Status::Skipped);
    assert_eq!(unjudged.len(), 2, "{unjudged:#?}");
    assert!(unjudged
        .iter()
        .all(|c| c.note.as_deref() == Some("reading_uncertain")));
    // With only the page's number between, the page goes on with the table and it adds up.
    let text = project_pages(&rows, "- 25 -", &later);
    let checked = checked_text("joined.txt", &text);
    let records = checked.checks.records();
    assert!(of_rule(records, rule::READING, Status::Skipped).is_empty());
    assert!(of_rule(records, rule::TOTAL_ROW, Status::Fail).is_empty());
    assert!(of_rule(records, rule::TOTAL_ROW, Status::Skipped).is_empty());
}

/// A 广州 项目支出表 read whole over its pages: every 合计 column adds up and nothing says the
/// table was misread. Returns how many rows it has.
fn project_table_read_whole(file: &str) -> usize {
    let checked = checked_fixture(file);
    let records = checked.checks.records();
    assert!(of_rule(records, rule::READING, Status::Skipped).is_empty());
    for status in [Status::Fail, Status::Skipped] {
        let total = of_rule(records, rule::TOTAL_ROW, status);
        assert!(total.is_empty(), "{total:#?}");
    }
    checked
        .disclosure
        .tables
        .iter()
        .filter(|t| t.kind == TableKind::ProjectExpenditure)
        .map(|t| t.rows.len())
        .max()
        .unwrap_or(0)
}

#[test]
fn a_project_table_over_twelve_pages_is_read_whole() {
    // 广州市司法局's 表12 prints 合计 22,513.60 over 18 units and their projects on 12 pages,
    // each repeating the header, with each project's 绩效目标 wrapped beside its amounts.
    let rows = project_table_read_whole("guangzhou-015554f21f.txt");
    assert!(rows > 100, "{rows}");
}

#[test]
fn a_project_table_whose_pages_print_no_labels_is_read_whole() {
    // 广州市水务局: the pages of its 项目支出表 after the first print no header.
    let rows = project_table_read_whole("layouts/guangzhou-project-pages-without-labels.txt");
    assert!(rows > 250, "{rows}");
}

#[test]
fn a_project_list_whose_names_open_with_their_period_nests_and_adds_up() {
    // 广州市规划和自然资源局: each unit's row sums its projects below it, and some projects'
    // names wrap around their amounts onto a line that opens with their period (`广州市地质调查院`
    // / amounts / `2025-2026年信息化运维项目`). Read as a code, the period broke the list's
    // nesting, and its rows made twice its 合计 in every column.
    let checked = checked_fixture("layouts/guangzhou-project-units-above-projects.txt");
    let records = checked.checks.records();
    assert!(
        of_rule(records, rule::TOTAL_ROW, Status::Fail).is_empty(),
        "{:#?}",
        of_rule(records, rule::TOTAL_ROW, Status::Fail)
    );
    assert!(of_rule(records, rule::CODE_NAME, Status::Fail).is_empty());
    let projects = checked
        .disclosure
        .tables
        .iter()
        .find(|t| t.kind == TableKind::ProjectExpenditure && t.rows.len() > 300)
        .expect("the 项目支出表");
    assert!(projects.rows.iter().all(|r| r.code.is_none()));
    assert!(projects
        .rows
        .iter()
        .any(|r| r.name == "广州市地质调查院2025-2026年信息化运维项目"));
}

#[test]
fn a_figure_read_into_the_neighbouring_fund_column_is_a_reading_warning() {
    // 无锡市住房和城乡建设局's 收入总表 prints its fund labels a line askew (`一般公共预 政府性基
    // 财政专户管` right of `算 金预算 理资金`), and its 67,808.00 of 政府性基金 is read under
    // 财政专户管理资金. The 收支总表 states it for 政府性基金: the two tables disagree in two
    // columns by one figure either way, which says a column misread, not a misprint.
    let checked = checked_fixture("wuxi-9bd978c80b.txt");
    let records = checked.checks.records();
    assert!(
        of_rule(records, rule::CROSS_TABLE_TOTAL, Status::Fail).is_empty(),
        "{:#?}",
        of_rule(records, rule::CROSS_TABLE_TOTAL, Status::Fail)
    );
    let unjudged = of_rule(records, rule::CROSS_TABLE_TOTAL, Status::Skipped);
    assert_eq!(unjudged.len(), 2, "{unjudged:#?}");
    let warnings = of_rule(records, rule::READING, Status::Skipped);
    assert_eq!(warnings.len(), 1, "{warnings:#?}");
    let message = &warnings[0].message;
    assert!(message.starts_with("部门收入总表"), "{message}");
    assert!(
        message.contains("[本年收入/政府性基金预算]")
            && message.contains("[本年收入/财政专户管理资金]"),
        "{message}"
    );
}
