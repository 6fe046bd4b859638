//! A table dropped from a published disclosure, as a careless assembly of its pages would: each
//! test takes a real text, deletes one table with its title, and requires the completeness
//! check to fail naming the table; the text as published raises no completeness failure.

use budget_extract::check::{rule, CheckResult, Status};
use budget_extract::emit::ChecksListed;
use budget_extract::pipeline::process_bytes_listing;
use budget_extract::read::Limits;
use std::path::Path;

/// A 2026 budget of 重庆市九龙坡区人民政府办公室, tab-separated, announcing its first table as
/// `附表：1.…` over the table's own title.
const CHONGQING_2026_BUDGET: &str = "corpus/000_19b5df8ff6376e0f.txt";
/// A 2026 budget of 杭州市公安局, listing its tables `表1.` to `表11.` before printing them.
const HANGZHOU_2026_BUDGET: &str = "tests/fixtures/wild/hangzhou-c0afe4e6bf.txt";
/// 西南大学's 2024 budget: a 目录 of parts and a university's four tables.
const SWU_2024_BUDGET: &str = "tests/fixtures/wild/swu-2024-budget.txt";
/// A 2026 budget of 深圳市人民政府办公厅, whose 目录 lists two 一般公共预算支出表 and whose
/// tables repeat their titles on every page.
const SHENZHEN_2026_BUDGET: &str = "tests/fixtures/wild/shenzhen-15defc28d2.txt";

fn text(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `text` without the lines from the first whose trimmed text is `title` up to, not including,
/// the first line after it that holds `next` (to the end when `next` is empty).
fn dropped(text: &str, title: &str, next: &str) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let first = lines
        .iter()
        .position(|l| l.trim() == title)
        .unwrap_or_else(|| panic!("no line titled {title:?}"));
    let end = if next.is_empty() {
        lines.len()
    } else {
        lines[first + 1..]
            .iter()
            .position(|l| l.contains(next))
            .map(|at| first + 1 + at)
            .unwrap_or_else(|| panic!("no line holding {next:?} after {title:?}"))
    };
    [&lines[..first], &lines[end..]].concat().join("\n")
}

fn checks(name: &str, text: &str) -> Vec<CheckResult> {
    process_bytes_listing(name, text.as_bytes(), &Limits::default(), ChecksListed::All)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .checks
}

fn completeness_failures(checks: &[CheckResult]) -> Vec<&CheckResult> {
    checks
        .iter()
        .filter(|c| c.rule == rule::COMPLETENESS && c.status == Status::Fail)
        .collect()
}

/// The published text raises no completeness failure, and the text without the table raises
/// one whose message holds `needle`; the message is returned.
fn drop_is_found(path: &str, title: &str, next: &str, needle: &str) -> String {
    let original = text(path);
    let published = checks(path, &original);
    assert!(
        completeness_failures(&published).is_empty(),
        "{path}: {:#?}",
        completeness_failures(&published)
    );
    let edited = checks(path, &dropped(&original, title, next));
    let failed = completeness_failures(&edited);
    failed
        .iter()
        .find(|c| c.message.contains(needle))
        .map(|c| c.message.clone())
        .unwrap_or_else(|| panic!("{path} without {title}: {failed:#?}"))
}

#[test]
fn a_list_entry_naming_a_table_does_not_stand_for_it() {
    drop_is_found(
        CHONGQING_2026_BUDGET,
        "2026年九龙坡区人民政府办公室财政拨款收支总表",
        "2026年九龙坡区人民政府办公室一般公共",
        "财政拨款收支总表",
    );
}

#[test]
fn a_numbered_series_starts_at_one() {
    let message = drop_is_found(
        HANGZHOU_2026_BUDGET,
        "表1：2026年市级部门收支预算总表",
        "表2：2026年市级部门收入预算总表",
        "prints no table 1",
    );
    assert!(message.contains("starts at 1"), "{message}");
}

#[test]
fn the_last_table_of_a_listed_series_is_expected() {
    let message = drop_is_found(
        HANGZHOU_2026_BUDGET,
        "表11：2026年市级部门项目支出绩效表",
        "",
        "prints no table 11",
    );
    assert!(message.contains("1 to 11"), "{message}");
}

#[test]
fn a_contents_list_of_parts_leaves_the_tables_to_the_standard_set() {
    drop_is_found(
        SWU_2024_BUDGET,
        "西南大学收支预算总表",
        "西南大学收入预算表",
        "部门收支总表",
    );
    drop_is_found(
        SWU_2024_BUDGET,
        "西南大学收入预算表",
        "西南大学支出预算表",
        "部门收入总表",
    );
}

#[test]
fn a_title_repeated_on_each_page_is_one_table() {
    drop_is_found(
        SHENZHEN_2026_BUDGET,
        "一般公共预算支出表（按经济分类）",
        "表9",
        "一般公共预算支出表（按经济分类）",
    );
}
