//! A table dropped from a published disclosure, as a careless assembly of its pages would: each
//! test takes a real text, deletes one table with its title, and requires the completeness
//! check to fail naming the table; the text as published raises no completeness failure. A
//! disclosure published as two files (the narrative with the 目录, the tables apart) is run as
//! one, as a bulk run joins them.

use budget_extract::check::{rule, CheckResult, Status};
use budget_extract::emit::{self, ChecksListed};
use budget_extract::pipeline::disclosures::render;
use budget_extract::pipeline::{check_bytes, process_bytes_listing};
use budget_extract::read::Limits;
use serde_json::Value;
use std::path::Path;

/// A 2026 budget of 重庆市九龙坡区人民政府办公室, tab-separated, announcing its first table as
/// `附表：1.…` over the table's own title.
const CHONGQING_2026_BUDGET: &str = "corpus/000_19b5df8ff6376e0f.txt";
/// A 2026 budget of 杭州市公安局, listing its tables `表1.` to `表11.` before printing them.
const HANGZHOU_2026_BUDGET: &str = "tests/fixtures/wild/hangzhou-c0afe4e6bf.txt";
/// 西南大学's 2024 budget: a 目录 of parts and a university's four tables.
const SWU_2024_BUDGET: &str = "tests/fixtures/wild/swu-2024-budget.txt";
/// 中共江苏省委办公厅's 2019 budget as published: the narrative, whose 目录 lists the twelve
/// tables, and the tables, printed in a file of their own without a 目录.
const JIANGSU_2019_NARRATIVE: &str =
    "corpus/jiangsu-party-committee-office-2019-budget-narrative.txt";
const JIANGSU_2019_TABLES: &str = "corpus/jiangsu-party-committee-office-2019-budget-tables.txt";
/// A 2026 budget of 长沙职业教育基地综合协调办公室, whose 目录 lists a 项目支出绩效目标表 and a
/// 部门整体支出绩效目标表, each printed over two pages.
const CHANGSHA_2026_BUDGET: &str = "tests/fixtures/wild/changsha-4a8c7eeabe.txt";
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

#[test]
fn a_projects_targets_are_not_the_whole_departments() {
    // The 部门整体 table, printed over two pages, is two tables of the kind the 目录 lists
    // twice; it is not the projects' table.
    let message = drop_is_found(
        CHANGSHA_2026_BUDGET,
        "2026年项目支出绩效目标表",
        "2026年部门整体支出绩效目标表",
        "项目支出绩效目标表",
    );
    assert!(message.contains("prints no 项目绩效目标表"), "{message}");
}

#[test]
fn a_table_titled_by_economic_classification_has_its_twin() {
    // The title stays (the mutation takes the bracketed classification and the table under it).
    let message = drop_is_found(
        CHONGQING_2026_BUDGET,
        "（政府预算支出经济分类科目）",
        "2026年九龙坡区人民政府办公室一般公共",
        "economic classifications",
    );
    assert!(
        message.contains("一般公共预算基本支出表 in the 部门预算支出经济分类 only"),
        "{message}"
    );
}

#[test]
fn an_attachment_label_announces_its_attachment() {
    let message = drop_is_found(
        CHONGQING_2026_BUDGET,
        "2026年九龙坡区人民政府办公室部门整体绩效目标表",
        "附件14",
        "附件13",
    );
    assert!(message.contains("follows it at once"), "{message}");
    // The last attachment, the projects' targets, dropped to the end: its label ends the text.
    let message = drop_is_found(
        CHONGQING_2026_BUDGET,
        "2026年九龙坡区人民政府办公室项目绩效目标表",
        "",
        "附件14",
    );
    assert!(message.contains("the document ends under it"), "{message}");
}

#[test]
fn each_project_of_a_part_of_targets_tables_has_its_table() {
    // `五、项目绩效目标表` holds a table under each numbered project.
    let message = drop_is_found(
        SWU_2024_BUDGET,
        "236 中央高校管理改革等绩效拨款项目绩效目标表",
        "（三）236 中央高校捐赠配比专项",
        "（二）236中央高校管理改革等绩效拨款",
    );
    assert!(message.contains("none is printed under"), "{message}");
    // The table dropped with the next project's heading: the project's heading stands over the
    // next project's table.
    let message = drop_is_found(
        SWU_2024_BUDGET,
        "236 港澳台学生奖学金项目绩效目标表",
        "236 资源昆虫高效养殖与利用重点实验室开放运行项目绩效目标表",
        "（二十）236港澳台学生奖学金",
    );
    assert!(message.contains("its own table is missing"), "{message}");
}

/// The completeness failures each file of a disclosure lists (`(name, text)`), its own and those
/// run across its files, as (file, message).
fn disclosure_completeness_failures(files: &[(&str, &str)]) -> Vec<(String, String)> {
    let checked = files
        .iter()
        .map(|(name, text)| {
            check_bytes(
                name,
                text.as_bytes(),
                emit::sha256_hex(text.as_bytes()),
                &Limits::default(),
                ChecksListed::All,
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect();
    let outputs: Vec<String> = files
        .iter()
        .map(|(name, _)| format!("{name}.json"))
        .collect();
    let written = render(checked, &outputs, ChecksListed::All).unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    for (file, (name, _)) in written.iter().zip(files) {
        let json: Value = serde_json::from_slice(&file.json).unwrap_or_else(|e| panic!("{e}"));
        let checks = json.get("checks").and_then(Value::as_array);
        for c in checks.into_iter().flatten() {
            let field = |key: &str| c.get(key).and_then(Value::as_str).unwrap_or("");
            if field("rule") == rule::COMPLETENESS && field("status") == "fail" {
                out.push((name.to_string(), field("message").to_string()));
            }
        }
    }
    out
}

#[test]
fn a_narrative_contents_list_holds_the_tables_published_apart() {
    let narrative = text(JIANGSU_2019_NARRATIVE);
    let tables = text(JIANGSU_2019_TABLES);
    let published = [
        (JIANGSU_2019_NARRATIVE, narrative.as_str()),
        (JIANGSU_2019_TABLES, tables.as_str()),
    ];
    let failed = disclosure_completeness_failures(&published);
    assert!(failed.is_empty(), "{failed:#?}");
    // Neither half alone fails: the narrative's 目录 waits for tables it does not print, and
    // the tables file has no 目录 and prints its whole standard set.
    for (name, text) in published {
        let alone = checks(name, text);
        assert!(
            completeness_failures(&alone).is_empty(),
            "{name}: {:#?}",
            completeness_failures(&alone)
        );
    }
    let drops = [
        (
            "财政拨款支出预算表（功能科目）",
            "财政拨款基本支出预算表（经济科目）",
            "财政拨款支出",
        ),
        (
            "财政拨款基本支出预算表（经济科目）",
            "一般公共预算支出预算表（功能科目）",
            "财政拨款基本支出",
        ),
        (
            "一般公共预算机关运行经费支出预算表",
            "2019年政府采购预算表",
            "机关运行经费",
        ),
        ("2019年政府采购预算表", "", "政府采购"),
    ];
    for (title, next, needle) in drops {
        let edited = dropped(&tables, title, next);
        let failed = disclosure_completeness_failures(&[
            (JIANGSU_2019_NARRATIVE, narrative.as_str()),
            (JIANGSU_2019_TABLES, edited.as_str()),
        ]);
        // Listed in the JSON of both files, the check running over the two together.
        for file in [JIANGSU_2019_NARRATIVE, JIANGSU_2019_TABLES] {
            assert!(
                failed
                    .iter()
                    .any(|(name, message)| name == file && message.contains(needle)),
                "{file} without {title}: {failed:#?}"
            );
        }
    }
}
