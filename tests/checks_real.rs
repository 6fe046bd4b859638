//! The checks on tables of a real disclosure in another region's form: the 2025 department
//! budget of 上海市普陀区人民政府万里街道办事处 (amounts in whole 元, codes in 类/款/项 columns,
//! numbered rows on both sides of the summary tables), transcribed into the text layout.

use budget_extract::check::{rule, CheckResult, Involved, Status, Value};
use budget_extract::emit::ChecksListed;
use budget_extract::extract::model::TableKind;
use budget_extract::money::Fen;
use budget_extract::pipeline;
use budget_extract::read::Limits;

const TABLES: &str = "tests/fixtures/checks/shanghai_wanli_2025_tables.txt";

/// Every check of the file at `path` (relative to the crate), passes included.
fn checks_of(path: &str) -> Vec<CheckResult> {
    let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    pipeline::process_bytes_listing(path, &bytes, &Limits::default(), ChecksListed::All)
        .unwrap()
        .checks
}

fn checks() -> Vec<CheckResult> {
    checks_of(TABLES)
}

fn yuan(n: i64) -> Option<Value> {
    Some(Value::Money(Fen(n * 100)))
}

#[test]
fn the_published_tables_agree_to_the_yuan() {
    let checks = checks();
    let not_passed: Vec<&CheckResult> =
        checks.iter().filter(|c| c.status != Status::Pass).collect();
    assert!(not_passed.is_empty(), "{not_passed:#?}");
    for rule in [
        rule::HIERARCHY,
        rule::TOTAL_ROW,
        rule::BASIC_PLUS_PROJECT,
        rule::FUND_SOURCES,
        rule::SUMMARY_SECTION_SUM,
        rule::SUMMARY_TOTAL,
        rule::SUMMARY_BALANCE,
        rule::CROSS_TABLE_CODE,
        rule::CROSS_TABLE_TOTAL,
        rule::CODE_NAME,
        rule::FISCAL_YEAR,
    ] {
        assert!(checks.iter().any(|c| c.rule == rule), "{rule} did not run");
    }
}

#[test]
fn whole_yuan_rounding_passes_as_rounding() {
    let checks = checks();
    // 212 城乡社区支出 prints 154,369,326 元; its four 款 rows add up to 154,369,327 元.
    let c = checks
        .iter()
        .find(|c| {
            c.rule == rule::HIERARCHY
                && matches!(
                    c.involves.first(),
                    Some(Involved::Table { table: TableKind::Expenditure, row, column: Some(col), .. })
                        if row == "212" && col == "total"
                )
        })
        .unwrap();
    assert_eq!(c.status, Status::Pass);
    assert_eq!(c.note.as_deref(), Some("rounding"));
    assert_eq!(c.expected, yuan(154_369_327));
    assert_eq!(c.actual, yuan(154_369_326));
    assert_eq!(c.difference, Some(Fen(-100)));
    assert_eq!(c.tolerance, Some(Fen(200)));
}

#[test]
fn numbered_function_rows_of_the_summary_are_placed_by_name() {
    let checks = checks();
    // `八、城乡社区支出` in the 部门财务收支预算总表 is 类 212 of the 部门支出预算总表.
    let c = checks
        .iter()
        .find(|c| {
            c.rule == rule::CROSS_TABLE_CODE
                && c.involves.iter().any(|i| {
                    matches!(i, Involved::Table { table: TableKind::RevenueExpenditureSummary, row, .. } if row == "八、城乡社区支出")
                })
        })
        .unwrap();
    assert_eq!(c.status, Status::Pass);
    assert!(c.involves.iter().any(
        |i| matches!(i, Involved::Table { table: TableKind::Expenditure, row, .. } if row == "212")
    ));
    assert_eq!(c.actual, yuan(154_369_326));
}

/// The 2019 budget tables of 中共江苏省委办公厅: its 收支预算总表 breaks spending down twice,
/// by function and by purpose, side by side; its 财政拨款收支预算总表 only by purpose; its 政府采购
/// 预算表 has no codes, its numbered 品目 rows heading the rows below them.
fn jiangsu() -> Vec<CheckResult> {
    checks_of("corpus/jiangsu-party-committee-office-2019-budget-tables.txt")
}

#[test]
fn two_breakdowns_of_one_side_each_add_up_to_its_total() {
    let checks = jiangsu();
    let failed: Vec<&CheckResult> = checks.iter().filter(|c| c.failed()).collect();
    assert!(failed.is_empty(), "{failed:#?}");
    let lists: Vec<&CheckResult> = checks
        .iter()
        .filter(|c| {
            c.rule == rule::SUMMARY_TOTAL
                && c.message.starts_with("部门收支总表 支出方 当年支出小计")
        })
        .collect();
    assert_eq!(lists.len(), 2, "{lists:#?}");
    for (i, c) in lists.iter().enumerate() {
        assert_eq!(c.status, Status::Pass);
        assert!(
            c.message.contains(&format!("in list {} of 2", i + 1)),
            "{}",
            c.message
        );
        assert_eq!(c.expected, Some(Value::Money(Fen(27_664_220_000))));
    }
    // The revenue side's 当年收入小计 closes this year's part: not one more revenue item.
    assert!(checks.iter().any(|c| c.rule == rule::SUMMARY_TOTAL
        && c.status == Status::Pass
        && c.message.contains("收入合计")
        && c.message.contains("当年收入小计 plus the 1 rows after it")));
}

#[test]
fn a_summary_without_functions_is_not_missing_them() {
    let checks = jiangsu();
    let skipped: Vec<&CheckResult> = checks
        .iter()
        .filter(|c| c.rule == rule::CROSS_TABLE_CODE && c.message.contains("names no 功能分类 类"))
        .collect();
    assert_eq!(skipped.len(), 1, "{skipped:#?}");
    assert_eq!(skipped[0].status, Status::Skipped);
    assert!(skipped[0].message.starts_with("财政拨款收支总表"));
}

#[test]
fn numbered_rows_of_an_uncoded_table_are_its_top_level() {
    let checks = jiangsu();
    let c = checks
        .iter()
        .find(|c| {
            c.rule == rule::TOTAL_ROW
                && matches!(
                    c.involves.first(),
                    Some(Involved::Table {
                        table: TableKind::Procurement,
                        ..
                    })
                )
        })
        .unwrap();
    assert_eq!(c.status, Status::Pass, "{}", c.message);
    // 一、货物A 84.00 + 三、服务C 1,338.50.
    assert!(c.message.contains("its 2 top-level rows"), "{}", c.message);
    assert_eq!(c.expected, Some(Value::Money(Fen(1_422_500_000))));
}
