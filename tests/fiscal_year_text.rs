//! The year a disclosure's own text gives its figures, headings and titles, changed in one
//! place of a real text: the fiscal-year check fails naming the place, and the text as
//! published raises no fiscal-year failure.

use budget_extract::check::{rule, CheckResult, Status};
use budget_extract::emit::ChecksListed;
use budget_extract::pipeline::process_bytes_listing;
use budget_extract::read::Limits;
use std::path::Path;

/// 杭州市公安局's 2026 budget.
const HANGZHOU_2026_BUDGET: &str = "tests/fixtures/wild/hangzhou-c0afe4e6bf.txt";
/// 无锡市住房和城乡建设局's 2026 budget, its parts' titles wrapped over lines of their own.
const WUXI_2026_BUDGET: &str = "tests/fixtures/wild/wuxi-9bd978c80b.txt";
/// 长沙职业教育基地综合协调办公室's 2026 budget, its tables' titles repeated over each page.
const CHANGSHA_2026_BUDGET: &str = "tests/fixtures/wild/changsha-4a8c7eeabe.txt";
/// 上海市's template of a 2024 决算's narrative.
const SHANGHAI_2024_TEMPLATE: &str = "corpus/shanghai-2024-final-accounts-template.txt";

fn text(path: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn year_failures(name: &str, text: &str) -> Vec<CheckResult> {
    process_bytes_listing(name, text.as_bytes(), &Limits::default(), ChecksListed::All)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .checks
        .into_iter()
        .filter(|c| c.rule == rule::FISCAL_YEAR && c.status == Status::Fail)
        .collect()
}

/// The published text raises no fiscal-year failure; with `from` replaced by `to` in the
/// `nth` line (from 0) opening with `line`, it raises one whose message holds `needle`. The message
/// is returned.
fn year_change_is_found(
    path: &str,
    line: &str,
    nth: usize,
    (from, to): (&str, &str),
    needle: &str,
) -> String {
    let original = text(path);
    let published = year_failures(path, &original);
    assert!(published.is_empty(), "{path}: {published:#?}");
    let mut seen = 0;
    let mut changed = false;
    let edited: Vec<String> = original
        .split('\n')
        .map(|l| {
            if !changed && l.trim_start().starts_with(line) {
                if seen == nth {
                    changed = true;
                    assert!(l.contains(from), "{l:?} holds no {from:?}");
                    return l.replacen(from, to, 1);
                }
                seen += 1;
            }
            l.to_string()
        })
        .collect();
    assert!(changed, "{path}: no line {nth} opening with {line:?}");
    let failed = year_failures(path, &edited.join("\n"));
    failed
        .iter()
        .find(|c| c.message.contains(needle))
        .map(|c| c.message.clone())
        .unwrap_or_else(|| panic!("{path} with {line:?} changed: {failed:#?}"))
}

#[test]
fn a_comparison_with_last_year_leaves_the_sentence_about_its_year() {
    // `本部门 2026 年没有使用国有资本经营预算拨款安排的支出，与上年持平。`
    let message = year_change_is_found(
        HANGZHOU_2026_BUDGET,
        "本部门 2026 年没有使用国有资本经营预算拨款安排的",
        0,
        ("2026", "2025"),
        "本部门2025年没有使用国有资本经营预算拨款",
    );
    assert!(message.contains("fiscal year is 2026"), "{message}");
}

#[test]
fn a_sentence_runs_on_from_its_heading_without_taking_it_in() {
    // `十一、国有资本经营预算支出预算情况说明` on the line above the sentence.
    year_change_is_found(
        WUXI_2026_BUDGET,
        "无锡市住房和城乡建设局（本级）2026 年国有资本经营预算支",
        0,
        ("2026", "2025"),
        "sentence “无锡市住房和城乡建设局（本级）2025年国有资本经营预算支出",
    );
}

#[test]
fn a_year_on_a_line_of_its_own_in_a_parts_title_is_the_fiscal_year() {
    // `第二部分` / `2026 年度` / `无锡市住房和城乡建设局（本级）` / `单位预算表`.
    year_change_is_found(
        WUXI_2026_BUDGET,
        "2026 年度",
        1,
        ("2026", "2025"),
        "heading “2025年度”",
    );
}

#[test]
fn a_clause_after_its_label_opens_with_its_year() {
    // `（六）委托业务费情况：2026 年本单位委托业务费预算总额 6.98 万元，…`
    year_change_is_found(
        CHANGSHA_2026_BUDGET,
        "（六）委托业务费情况：2026 年本单位委托业务费预算总",
        0,
        ("2026", "2025"),
        "sentence “2025年本单位委托业务费预算总额",
    );
}

#[test]
fn a_title_repeated_over_a_page_read_as_text_names_the_fiscal_year() {
    year_change_is_found(
        CHANGSHA_2026_BUDGET,
        "2026年项目支出绩效目标表",
        1,
        ("2026", "2025"),
        "table title “2025年项目支出绩效目标表”",
    );
}

#[test]
fn the_year_a_sentence_compares_with_is_the_year_before() {
    // `2024 年度“三公”经费财政拨款支出决算数比 2023 年度减少…`
    let message = year_change_is_found(
        SHANGHAI_2024_TEMPLATE,
        "2024 年度“三公”经费财政拨款支出决算数比 2023 年度减",
        0,
        ("2023", "2022"),
        "compares its 决算 figures with 2022年",
    );
    assert!(message.contains("is 2023"), "{message}");
    // A template's department is `上海市XX局`: its sentences open with it as with a name.
    year_change_is_found(
        SHANGHAI_2024_TEMPLATE,
        "上海市 XX 局 2024 年度无国有资本经营预算财政拨款收入和",
        0,
        ("2024", "2023"),
        "states its 决算 figures for 2023",
    );
}

#[test]
fn the_clause_a_year_opens_ends_at_its_colon() {
    // `深圳市人民政府办公厅 2026 年主要工作目标包括：` / `2026 年，市政府办公厅…`: the list after
    // the colon names the year again, in a clause of its own.
    year_change_is_found(
        "tests/fixtures/wild/shenzhen-15defc28d2.txt",
        "深圳市人民政府办公厅 2026 年主要工作目标包括",
        0,
        ("2026", "2025"),
        "sentence “深圳市人民政府办公厅2025年主要工作目标包括",
    );
}
