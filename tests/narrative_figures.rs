//! Figures a narrative states, each held to whatever else states or implies it: the cell a
//! restatement repeats, the whole a sentence's other shares agree on, the units a count goes on
//! to name. Each test changes one
//! figure of a published text and requires a failure that names it; the text as published
//! raises none.

mod common;

use budget_extract::check::{rule, CheckResult, Status};
use common::auditor::{checks, failure_naming, failures, mutated, passes, text};

/// The 2025 budget of 无锡市信访局: its 三公 table is one row of figures, which its text
/// restates item by item.
const WUXI_2025_BUDGET: &str = "tests/fixtures/wild/wuxi-31bf4460d4.txt";
/// A 决算 whose 三公 table heads each item's columns `预算数` and `决算数`.
const CLEAN_FINAL: &str = "tests/fixtures/final/clean-tab-separated.txt";
/// The 2026 budget of 杭州市公安局, which states each class's share of its appropriations
/// without naming the whole.
const HANGZHOU_2026_BUDGET: &str = "tests/fixtures/wild/hangzhou-c0afe4e6bf.txt";
/// The 2024 决算 of 西南大学, which states each function's share of `总支出`.
const SWU_2024_FINAL: &str = "tests/fixtures/wild/swu-2024-final-accounts.txt";
/// The 2024 决算 of 上海市普陀区财政局, whose text misstates one share (71.73% for 71.65%).
const PUTUO_2024_FINAL: &str = "corpus/shanghai-putuo-finance-bureau-2024-final-accounts.txt";

fn published_fails_nothing(path: &str, rule: &str) -> Vec<CheckResult> {
    let published = checks("published.txt", &text(path));
    let failed = failures(&published, rule);
    assert!(failed.is_empty(), "{path}: {failed:#?}");
    published
}

#[test]
fn a_three_public_item_restated_in_its_own_paragraph_is_held_to_its_cell() {
    published_fails_nothing(WUXI_2025_BUDGET, rule::NARRATIVE_VS_TABLE);
    let original = text(WUXI_2025_BUDGET);
    let edited = mutated(
        &original,
        "3．公务接待费预算支出 1.5 万元",
        "3．公务接待费预算支出 5.5 万元",
    );
    let found = checks("wuxi.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_VS_TABLE, "公务接待费");
    assert!(failure.message.contains("5.5"), "{}", failure.message);

    published_fails_nothing(CLEAN_FINAL, rule::NARRATIVE_VS_TABLE);
    let original = text(CLEAN_FINAL);
    let edited = mutated(
        &original,
        "1、因公出国（境）费支出10.00万元",
        "1、因公出国（境）费支出18.00万元",
    );
    let found = checks("final.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_VS_TABLE, "因公出国");
    assert!(failure.message.contains("18"), "{}", failure.message);
}

#[test]
fn a_figure_named_after_the_department_and_its_fund_is_held_to_its_column() {
    let original = text(WUXI_2025_BUDGET);
    // `无锡市信访局 2025 年度一般公共预算拨款安排的培训费预算\n  支出 16.2 万元`
    let edited = mutated(&original, "支出 16.2 万元", "支出 46.2 万元");
    let found = checks("wuxi.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_VS_TABLE, "培训费");
    assert!(failure.message.contains("46.2"), "{}", failure.message);
}

#[test]
fn shares_of_a_whole_left_unsaid_agree_on_one_whole() {
    let published = published_fails_nothing(HANGZHOU_2026_BUDGET, rule::NARRATIVE_SHARE);
    assert!(passes(&published, rule::NARRATIVE_SHARE) >= 1);
    let original = text(HANGZHOU_2026_BUDGET);
    for (from, to, named) in [
        // The share misstated.
        ("5,140.00 万元，占 1.4%", "5,140.00 万元，占 9.4%", "9.4%"),
        // The part misstated: 32,240.98 → 82,240.98 is no longer 8.7% of the others' whole.
        (
            "32,240.98 万元，占 8.7%",
            "82,240.98 万元，占 8.7%",
            "82,240.98",
        ),
    ] {
        let found = checks("hangzhou.txt", &mutated(&original, from, to));
        let failure = failure_naming(&found, rule::NARRATIVE_SHARE, named);
        assert!(
            failure.message.contains("leaves unsaid") && failure.message.contains("imply"),
            "{}",
            failure.message
        );
    }
}

#[test]
fn shares_of_a_named_whole_in_final_accounts_agree_on_one_whole() {
    let original = text(SWU_2024_FINAL);
    // The one share the document misstates (7,295.12 is 60.16% of 12,127.08, printed 60.02%;
    // see `genuine_contradictions`), and no other.
    let published = checks("swu.txt", &original);
    let failed = failures(&published, rule::NARRATIVE_SHARE);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert!(
        failed[0].message.contains("60.02%"),
        "{}",
        failed[0].message
    );
    let edited = mutated(&original, "总支出的 93.06%", "总支出的 53.06%");
    let found = checks("swu.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_SHARE, "53.06%");
    assert!(failure.message.contains("of 总支出"), "{}", failure.message);
    // Two shares of a named whole that cannot both hold fail together.
    let edited = mutated(&original, "占总支出的 76.26%", "占总支出的 70.26%");
    let found = checks("swu.txt", &edited);
    failure_naming(&found, rule::NARRATIVE_SHARE, "70.26%");
}

#[test]
fn a_share_misstated_against_the_tables_whole_is_reported_once() {
    let found = checks("putuo.txt", &text(PUTUO_2024_FINAL));
    let on_the_share: Vec<&CheckResult> = found
        .iter()
        .filter(|c| c.rule == rule::NARRATIVE_SHARE && c.status == Status::Fail)
        .filter(|c| c.message.contains("71.73%"))
        .collect();
    assert_eq!(on_the_share.len(), 1, "{on_the_share:#?}");
}

/// The 2025 budget of 上海市普陀区万里街道, which counts its units by kind and numbers them.
const WANLI_2025_BUDGET: &str =
    "corpus/shanghai-putuo-wanli-subdistrict-2025-department-budget.txt";
/// The 2026 budget of 广州市司法局, which counts its offices and names them inline.
const GUANGZHOU_2026_BUDGET: &str = "tests/fixtures/wild/guangzhou-015554f21f.txt";

fn counted_lists(checks: &[CheckResult], status: Status) -> Vec<&CheckResult> {
    checks
        .iter()
        .filter(|c| c.rule == rule::NARRATIVE_SUM && c.status == status)
        .filter(|c| c.message.contains("counts") && c.message.contains("names"))
        .collect()
}

#[test]
fn units_counted_by_kind_are_as_many_as_the_numbered_list_names() {
    let published = checks("wanli.txt", &text(WANLI_2025_BUDGET));
    assert_eq!(counted_lists(&published, Status::Pass).len(), 1);
    assert!(counted_lists(&published, Status::Fail).is_empty());
    let edited = mutated(&text(WANLI_2025_BUDGET), "事业单位 4 家", "事业单位 5 家");
    let found = checks("wanli.txt", &edited);
    let failed = counted_lists(&found, Status::Fail);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert!(
        failed[0].message.contains("counts 7 but names 6"),
        "{}",
        failed[0].message
    );
}

#[test]
fn offices_counted_are_as_many_as_the_inline_list_names() {
    let published = checks("guangzhou.txt", &text(GUANGZHOU_2026_BUDGET));
    // 27 offices, 3 prisons, 7 rehabilitation centres, 3 and 3 institutions.
    assert_eq!(counted_lists(&published, Status::Pass).len(), 5);
    assert!(counted_lists(&published, Status::Fail).is_empty());
    for (from, to, named) in [
        ("27个机构分别是", "26个机构分别是", "counts 26 but names 27"),
        (
            "7个强制隔离戒毒所",
            "8个强制隔离戒毒所",
            "counts 8 but names 7",
        ),
    ] {
        let edited = mutated(&text(GUANGZHOU_2026_BUDGET), from, to);
        let found = checks("guangzhou.txt", &edited);
        failure_naming(&found, rule::NARRATIVE_SUM, named);
    }
}

/// The 2026 budget of 上海市普陀区司法局, which codes each item it explains by level.
const PUTUO_JUSTICE_2026_BUDGET: &str = "corpus/shanghai-putuo-justice-bureau-2026-unit-budget.txt";

#[test]
fn the_codes_a_narrative_prints_by_level_are_its_rows_codes() {
    let published = published_fails_nothing(PUTUO_JUSTICE_2026_BUDGET, rule::NARRATIVE_VS_TABLE);
    let coded_alike = published
        .iter()
        .filter(|c| c.status == Status::Pass && c.message.contains("as 一般公共预算"))
        .count();
    assert!(coded_alike >= 10, "{coded_alike}");
    let edited = mutated(
        &text(PUTUO_JUSTICE_2026_BUDGET),
        "基层司法业务（04项）",
        "基层司法业务（84项）",
    );
    let found = checks("putuo.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_VS_TABLE, "2040684");
    assert!(
        failure.message.contains("codes that row 2040604"),
        "{}",
        failure.message
    );
}

/// The 2026 budget of 重庆市九龙坡区人民政府办公室, which breaks its procurement down twice:
/// for all its funds, then for the 一般公共预算 appropriation.
const JIULONGPO_2026_BUDGET: &str = "corpus/000_19b5df8ff6376e0f.txt";

#[test]
fn a_total_broken_down_a_second_time_is_summed_again() {
    published_fails_nothing(JIULONGPO_2026_BUDGET, rule::NARRATIVE_SUM);
    let edited = mutated(
        &text(JIULONGPO_2026_BUDGET),
        "拨款政府采购210.90万元：政府采购货物预算28.9万元",
        "拨款政府采购210.90万元：政府采购货物预算88.9万元",
    );
    let found = checks("jiulongpo.txt", &edited);
    let failed = failures(&found, rule::NARRATIVE_SUM);
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert!(
        failed[0].message.contains("270.90"),
        "{}",
        failed[0].message
    );
}

#[test]
fn funds_of_every_project_under_performance_targets_are_the_projects_whole() {
    // `2026年项目支出均实行了绩效目标管理，涉及一般公共预算当年财政拨款2535.16万元。`: every
    // project, so all of the 一般公共预算 project spending (2,535.16 in its table), not at most it.
    let published = checks("jiulongpo.txt", &text(JIULONGPO_2026_BUDGET));
    let held = published
        .iter()
        .find(|c| {
            c.rule == rule::NARRATIVE_VS_TABLE
                && c.status == Status::Pass
                && c.message.contains("performance_managed_funds")
        })
        .expect("the funds held to the project total");
    assert!(held.message.contains("[项目支出]"), "{}", held.message);
    let edited = mutated(
        &text(JIULONGPO_2026_BUDGET),
        "涉及一般公共预算当年财政拨款2535.16万元",
        "涉及一般公共预算当年财政拨款2505.16万元",
    );
    let found = checks("jiulongpo.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_VS_TABLE, "2,505.16");
    assert!(failure.message.contains("2,535.16"), "{}", failure.message);
}

#[test]
fn a_sentence_wrapped_over_double_spaced_lines_is_read_whole() {
    // 广州 sets its text a blank line apart line by line: `…公务用` / (blank) /
    // `车购置及运行维护费346.67万元（公务用车购置费36万元，比上`. Read as one paragraph, the
    // vehicles' figure is known and held to its row.
    published_fails_nothing(GUANGZHOU_2026_BUDGET, rule::NARRATIVE_VS_TABLE);
    let original = text(GUANGZHOU_2026_BUDGET);
    let edited = mutated(
        &original,
        "车购置及运行维护费346.67万元",
        "车购置及运行维护费356.67万元",
    );
    let found = checks("guangzhou.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_VS_TABLE, "three_public.vehicles");
    assert!(failure.message.contains("356.67"), "{}", failure.message);
}

/// The 2019 budget narrative of 江苏省委办公厅, published apart from its tables.
const JIANGSU_2019_NARRATIVE: &str =
    "corpus/jiangsu-party-committee-office-2019-budget-narrative.txt";

#[test]
fn a_procurement_total_whose_parts_are_not_read_as_facts_is_summed_from_its_list() {
    // `政府采购支出预算总额1422.50万元，其中：拟采` / `购货物支出84万元、拟购买服务支出1338.50万元。`
    // The parts' wording is no procurement fact's, so only the list can hold the total to them.
    published_fails_nothing(JIANGSU_2019_NARRATIVE, rule::NARRATIVE_SUM);
    let original = text(JIANGSU_2019_NARRATIVE);
    let edited = mutated(&original, "购货物支出84万元", "购货物支出34万元");
    let found = checks("jiangsu.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_SUM, "拟采购货物支出");
    assert!(failure.message.contains("1422.50"), "{}", failure.message);
}

/// The 2026 budget of 上海市中医文献馆.
const SHANGHAI_2026_BUDGET: &str = "tests/fixtures/wild/shanghai-ba57124e27.txt";

#[test]
fn spending_broken_down_by_fund_states_the_appropriation_not_a_function() {
    // `支出预算8,401万元，其中：财政拨款支出预算2,694万元，比2025年预算增加147万元。`
    let published = published_fails_nothing(SHANGHAI_2026_BUDGET, rule::NARRATIVE_VS_TABLE);
    assert!(
        published.iter().any(|c| c.rule == rule::NARRATIVE_VS_TABLE
            && c.status == Status::Pass
            && c.message.contains("appropriation_expenditure")),
        "the appropriation is not held to its table"
    );
    let original = text(SHANGHAI_2026_BUDGET);
    let edited = mutated(
        &original,
        "其中：财政拨款支出预算2,694万元",
        "其中：财政拨款支出预算2,994万元",
    );
    let found = checks("shanghai.txt", &edited);
    let failure = failure_naming(
        &found,
        rule::NARRATIVE_VS_TABLE,
        "appropriation_expenditure",
    );
    assert!(failure.message.contains("2,994"), "{}", failure.message);
}

#[test]
fn a_share_above_the_whole_is_a_misprint_whatever_the_whole() {
    // `涉及财政性资金合计 1,175.65 万元，占财政性资金(人员类和运转类中的` / `公用经费项目支出除外)
    // 总额的比例为 100%。`: the whole is printed nowhere, but no part is more than it.
    let published = published_fails_nothing(WUXI_2025_BUDGET, rule::NARRATIVE_BOUND);
    assert!(passes(&published, rule::NARRATIVE_BOUND) > 0);
    let edited = mutated(
        &text(WUXI_2025_BUDGET),
        "总额的比例为 100%",
        "总额的比例为 800%",
    );
    let found = checks("wuxi.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_BOUND, "800%");
    assert!(failure.message.contains("100%"), "{}", failure.message);
}

/// The 2026 budget of 苏州市审计局, which restates its totals item by item.
const SUZHOU_2026_BUDGET: &str = "tests/fixtures/wild/suzhou-85521c48ee.txt";

#[test]
fn this_years_spending_restated_is_held_to_the_summary_tables_subtotal() {
    // `（二）支出预算总计 4,651.67 万元。包括：` / `1．本年支出合计 4,651.67 万元。`
    let published = published_fails_nothing(SUZHOU_2026_BUDGET, rule::NARRATIVE_VS_TABLE);
    assert!(published.iter().any(|c| c.rule == rule::NARRATIVE_VS_TABLE
        && c.status == Status::Pass
        && c.message.contains("expenditure_current")));
    let edited = mutated(
        &text(SUZHOU_2026_BUDGET),
        "1．本年支出合计 4,651.67 万元",
        "1．本年支出合计 4,551.67 万元",
    );
    let found = checks("suzhou.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_VS_TABLE, "expenditure_current");
    assert!(failure.message.contains("4,551.67"), "{}", failure.message);
}

#[test]
fn a_figures_parts_in_brackets_before_its_change_leave_the_change_its_own() {
    // `公务用车购置及运行维护费346.67万元（公务用车购置费36万元，比上年增加36万元；公务用车运行
    // 维护费310.67万元，比上年减少2.56万元。）比上年增加33.44万元，增长10.7%`: the change after
    // the brackets is the vehicles', and the parts' changes make it up.
    published_fails_nothing(GUANGZHOU_2026_BUDGET, rule::NARRATIVE_CHANGE);
    let original = text(GUANGZHOU_2026_BUDGET);
    let edited = mutated(&original, "增长10.7%", "增长70.7%");
    let found = checks("guangzhou.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_CHANGE, "70.7%");
    assert!(failure.message.contains("10.68%"), "{}", failure.message);

    let edited = mutated(&original, "2.56万元。）", "3.56万元。）");
    let found = checks("guangzhou.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_CHANGE, "346.67");
    assert!(failure.message.contains("3.56"), "{}", failure.message);

    // The `。` that ends the bracket's last part ends no sentence: the parts add up to the
    // figure the brackets follow.
    published_fails_nothing(GUANGZHOU_2026_BUDGET, rule::NARRATIVE_SUM);
    let edited = mutated(&original, "公务用车购置费36万元", "公务用车购置费46万元");
    let found = checks("guangzhou.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_SUM, "346.67");
    assert!(failure.message.contains("46"), "{}", failure.message);
}

/// The 2026 budget of 深圳市人民政府办公厅: each unit's budget is listed by kind of spending,
/// then each kind restated in a numbered paragraph of its own.
const SHENZHEN_2026_BUDGET: &str = "tests/fixtures/wild/shenzhen-15defc28d2.txt";

#[test]
fn a_listed_part_restated_in_a_numbered_paragraph_is_the_same_figure() {
    // `…预算 10,192.01 万元，包括在职人员经费 7,678.47 万元、公用经费 684.91 万元、…。` then
    // `（一）在职人员经费 7,678.47 万元，主要是…`.
    let published = published_fails_nothing(SHENZHEN_2026_BUDGET, rule::NARRATIVE_SUM);
    assert!(passes(&published, rule::NARRATIVE_SUM) > 0);
    let edited = mutated(
        &text(SHENZHEN_2026_BUDGET),
        "（一）在职人员经费 7,678.47 万元",
        "（一）在职人员经费 2,678.47 万元",
    );
    let found = checks("shenzhen.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_SUM, "restated");
    assert!(
        failure.message.contains("在职人员经费"),
        "{}",
        failure.message
    );
    assert!(failure.message.contains("7,678.47"), "{}", failure.message);
}

/// The 2026 budget of 深圳市气象局: its project spending is listed in numbered paragraphs
/// (`1.精准预报 1,357.00 万元，主要包括：（1）…`), and a page may open with an item of the list
/// inside one of them (`（8）深圳市气象灾害防御水平调查评估 25.00 万元…`).
const SHENZHEN_NESTED_LISTS: &str =
    "tests/fixtures/layouts/shenzhen-project-items-with-nested-lists.txt";

#[test]
fn a_numbered_list_goes_on_past_the_items_of_a_list_inside_it() {
    published_fails_nothing(SHENZHEN_NESTED_LISTS, rule::NARRATIVE_SUM);
    let edited = mutated(
        &text(SHENZHEN_NESTED_LISTS),
        "3.综合管理 1,177.46 万元",
        "3.综合管理 1,877.46 万元",
    );
    let found = checks("shenzhen.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_SUM, "3,982.81");
    assert!(failure.message.contains("综合管理"), "{}", failure.message);
}

#[test]
fn a_list_opening_its_own_sentence_breaks_down_a_figure_stated_alone() {
    // `2．公务用车购置及运行费预算支出411.20万元。其中：` / `（1）公务用车购置预算支出0万元，…` /
    // `（2）公务用车运行维护费预算支出411.20万元，…`: the sentence before the list states
    // nothing but its figure, so the list makes that figure up.
    published_fails_nothing(JIANGSU_2019_NARRATIVE, rule::NARRATIVE_SUM);
    let edited = mutated(
        &text(JIANGSU_2019_NARRATIVE),
        "2．公务用车购置及运行费预算支出411.20万元",
        "2．公务用车购置及运行费预算支出441.20万元",
    );
    let found = checks("jiangsu.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_SUM, "441.20");
    assert!(failure.message.contains("411.20"), "{}", failure.message);
}

#[test]
fn a_figure_stated_for_a_column_its_total_leaves_blank_is_held_to_that_blank() {
    // `本年财政专户管理资金 0 万元，占 0%；`: the 收入总表's 合计 prints nothing under
    // 财政专户管理资金, which is nothing.
    published_fails_nothing(WUXI_2025_BUDGET, rule::NARRATIVE_VS_TABLE);
    let edited = mutated(
        &text(WUXI_2025_BUDGET),
        "本年财政专户管理资金 0 万元",
        "本年财政专户管理资金 6 万元",
    );
    let found = checks("wuxi.txt", &edited);
    let failure = failure_naming(&found, rule::NARRATIVE_VS_TABLE, "本年财政专户管理资金");
    assert!(
        failure.message.contains("a blank cell"),
        "{}",
        failure.message
    );
}

#[test]
fn a_figure_named_by_its_columns_group_and_leaf_is_held_to_that_column() {
    // `上年结转结余的一般公共预算收入 0 万元，占 0%；`: the 收入总表 heads 一般公共预算 twice, under
    // 本年收入 and under 上年结转结余; the text names which, and the message says it too.
    published_fails_nothing(WUXI_2025_BUDGET, rule::NARRATIVE_VS_TABLE);
    let edited = mutated(
        &text(WUXI_2025_BUDGET),
        "上年结转结余的一般公共预算收入 0 万元",
        "上年结转结余的一般公共预算收入 7 万元",
    );
    let found = checks("wuxi.txt", &edited);
    let failure = failure_naming(
        &found,
        rule::NARRATIVE_VS_TABLE,
        "上年结转结余的一般公共预算收入",
    );
    assert!(
        failure.message.contains("[上年结转结余/一般公共预算]"),
        "{}",
        failure.message
    );
}
