//! A table that lists each functional code once per economic code (北京's 支出总表: 功能科目 ×
//! 政府经济科目 × 部门经济科目, with 事业单位经营支出 / 上缴上级支出 / 对附属单位补助支出 printed
//! under 其中): its classification columns are text, a code's amount in it is the sum of its
//! rows, and the 其中 columns are shares of the total, not added to it.

mod common;

use budget_extract::check::{rule, Status};
use budget_extract::emit::ChecksListed;
use budget_extract::pipeline;
use budget_extract::read::Limits;
use common::layout::place;

fn disclosure(first_row_total: &str) -> String {
    [
        place(&[(40, "预算03表 支出总表")]),
        place(&[(100, "金额单位：万元")]),
        place(&[(118, "其中")]),
        place(&[
            (6, "支出功能分类科目"),
            (28, "政府支出经济分类科目"),
            (50, "部门支出经济分类科目"),
            (78, "合计"),
            (90, "基本支出"),
            (102, "项目支出"),
        ]),
        place(&[(112, "事业单位经营支出"), (130, "上缴上级支出")]),
        place(&[
            (0, "2013810-质量基础"),
            (24, "50502-商品和服务支出"),
            (46, "30201-办公费"),
            (74, first_row_total),
            (88, "173.241725"),
            (118, "168.000000"),
        ]),
        place(&[
            (0, "2013810-质量基础"),
            (24, "50502-商品和服务支出"),
            (46, "30202-印刷费"),
            (76, "45.500000"),
            (90, "45.500000"),
        ]),
        place(&[
            (0, "2013816-食品安全监管"),
            (24, "50201-办公经费"),
            (46, "30227-委托业务费"),
            (76, "40.000000"),
            (101, "40.000000"),
        ]),
        place(&[
            (20, "合   计"),
            (74, "258.741725"),
            (88, "218.741725"),
            (101, "40.000000"),
        ]),
        String::new(),
        place(&[(40, "预算05表 一般公共预算支出表")]),
        place(&[(100, "金额单位：万元")]),
        place(&[
            (0, "科目编码"),
            (14, "科目名称"),
            (40, "合计"),
            (56, "基本支出"),
            (72, "项目支出"),
        ]),
        place(&[
            (0, "2013810"),
            (14, "质量基础"),
            (36, "218.741725"),
            (52, "218.741725"),
        ]),
        place(&[
            (0, "2013816"),
            (14, "食品安全监管"),
            (38, "40.000000"),
            (70, "40.000000"),
        ]),
    ]
    .join("\n")
}

fn run(text: &str) -> pipeline::Checked {
    pipeline::check_bytes(
        "t.txt",
        text.as_bytes(),
        String::new(),
        &Limits::default(),
        ChecksListed::All,
    )
    .expect("checked")
}

#[test]
fn a_code_split_by_economic_codes_is_compared_as_the_sum_of_its_rows() {
    let checked = run(&disclosure("173.241725"));
    let table = &checked.disclosure.tables[0];
    let text_columns: Vec<&str> = table
        .columns
        .iter()
        .filter(|c| !c.amount)
        .map(|c| c.key.as_str())
        .collect();
    assert_eq!(text_columns, ["subject", "subject_2", "subject_3"]);
    assert!(table.rows[0]
        .fields
        .iter()
        .any(|(_, text)| text == "50502-商品和服务支出"));
    let records = checked.checks.records();
    let cross: Vec<_> = records
        .iter()
        .filter(|c| c.rule == rule::CROSS_TABLE_CODE)
        .collect();
    assert!(!cross.is_empty());
    assert!(cross.iter().all(|c| c.status == Status::Pass), "{cross:#?}");
    // 168.00 of the first row's 173.24 is printed again under 其中: a share, not an addend.
    let spending: Vec<_> = records
        .iter()
        .filter(|c| c.rule == rule::BASIC_PLUS_PROJECT)
        .collect();
    assert!(!spending.is_empty());
    assert!(
        spending.iter().all(|c| c.status == Status::Pass),
        "{spending:#?}"
    );
}

#[test]
fn a_wrong_row_of_a_split_code_still_fails_against_the_other_table() {
    let checked = run(&disclosure("163.241725"));
    let failed: Vec<_> = checked
        .checks
        .records()
        .iter()
        .filter(|c| c.status == Status::Fail && c.rule == rule::CROSS_TABLE_CODE)
        .collect();
    assert!(
        failed.iter().any(|c| c.message.contains("2013810")),
        "{failed:#?}"
    );
}

#[test]
fn units_listed_one_after_another_are_summed_when_the_total_counts_them_all() {
    // 一般公共预算支出表 listing each unit's rows in turn, with no row naming the unit: its
    // 合计 counts every row, so a code's amount is the sum of its rows.
    let text = disclosure("173.241725");
    let split = text.replace(
        &place(&[
            (0, "2013810"),
            (14, "质量基础"),
            (36, "218.741725"),
            (52, "218.741725"),
        ]),
        &[
            place(&[
                (0, "合计"),
                (36, "258.741725"),
                (52, "218.741725"),
                (70, "40.000000"),
            ]),
            place(&[
                (0, "2013810"),
                (14, "质量基础"),
                (36, "200.000000"),
                (52, "200.000000"),
            ]),
            place(&[
                (0, "2013816"),
                (14, "食品安全监管"),
                (38, "40.000000"),
                (70, "40.000000"),
            ]),
            place(&[
                (0, "2013810"),
                (14, "质量基础"),
                (38, "18.741725"),
                (54, "18.741725"),
            ]),
        ]
        .join("\n"),
    );
    let last = split.rfind("2013816").expect("row");
    let split = format!("{}\n", &split[..split[..last].rfind('\n').expect("line")]);
    let checked = run(&split);
    let cross: Vec<_> = checked
        .checks
        .records()
        .iter()
        .filter(|c| c.rule == rule::CROSS_TABLE_CODE)
        .collect();
    assert!(!cross.is_empty());
    assert!(cross.iter().all(|c| c.status == Status::Pass), "{cross:#?}");
}

fn spending_table(first_total: &str) -> String {
    [
        place(&[(30, "部门支出总表")]),
        place(&[(90, "单位：万元")]),
        place(&[
            (0, "科目名称"),
            (24, "支出总计"),
            (38, "基本支出"),
            (52, "项目支出"),
            (64, "事业单位经营支出"),
            (84, "上缴上级支出"),
        ]),
        place(&[
            (0, "合计"),
            (22, first_total),
            (36, "51,374.73"),
            (49, "138,907.24"),
            (66, "11,575.59"),
        ]),
        place(&[
            (0, "节能环保支出"),
            (24, "2,100.00"),
            (50, "2,100.00"),
            (68, "2,100.00"),
        ]),
        place(&[
            (0, "一般公共服务支出"),
            (22, "188,181.97"),
            (36, "51,374.73"),
            (49, "136,807.24"),
            (66, "9,475.59"),
        ]),
    ]
    .join("\n")
}

#[test]
fn spending_every_row_shows_inside_basic_and_project_is_a_share() {
    // 深圳 prints 事业单位经营支出 beside 基本支出 and 项目支出 without 其中; every row that
    // prints it has a total of 基本 + 项目 alone, so it is a share of them, not an addend.
    let checked = run(&spending_table("190,281.97"));
    let spending: Vec<_> = checked
        .checks
        .records()
        .iter()
        .filter(|c| c.rule == rule::BASIC_PLUS_PROJECT)
        .collect();
    assert_eq!(spending.len(), 3, "{spending:#?}");
    assert!(
        spending.iter().all(|c| c.status == Status::Pass),
        "{spending:#?}"
    );
    // A total that is neither 基本 + 项目 nor that plus the share is wrong either way.
    let wrong = run(&spending_table("190,381.97"));
    assert!(wrong
        .checks
        .records()
        .iter()
        .any(|c| c.rule == rule::BASIC_PLUS_PROJECT && c.status == Status::Fail));
}

/// The 一般公共预算支出表 of [`disclosure`] with its 类 and 款 rows printed above its 项 rows.
fn with_parent_rows(text: &str, class_total: &str) -> String {
    let first_leaf = place(&[
        (0, "2013810"),
        (14, "质量基础"),
        (36, "218.741725"),
        (52, "218.741725"),
    ]);
    let parents = [
        place(&[
            (0, "201"),
            (14, "一般公共服务支出"),
            (36, class_total),
            (52, "218.741725"),
            (70, "40.000000"),
        ]),
        place(&[
            (0, "20138"),
            (14, "市场监督管理事务"),
            (36, "258.741725"),
            (52, "218.741725"),
            (70, "40.000000"),
        ]),
        first_leaf.clone(),
    ]
    .join("\n");
    text.replace(&first_leaf, &parents)
}

#[test]
fn a_table_of_only_detailed_rows_states_its_parents_by_their_sums() {
    // The 支出总表 prints only 项 rows; the 类 and 款 rows of the 一般公共预算支出表 stand against
    // the sums of the 项 rows under them, not against rows the 支出总表 never prints.
    parents_stand_against_their_rows_sums(&run(&with_parent_rows(
        &disclosure("173.241725"),
        "258.741725",
    )));

    let wrong = run(&with_parent_rows(&disclosure("173.241725"), "268.741725"));
    let failed: Vec<_> = wrong
        .checks
        .records()
        .iter()
        .filter(|c| c.status == Status::Fail && c.rule == rule::CROSS_TABLE_CODE)
        .collect();
    assert_eq!(failed.len(), 1, "{failed:#?}");
    assert!(failed[0].message.contains("201 "), "{failed:#?}");
}

#[test]
fn a_table_of_detailed_rows_may_print_a_kuan_that_has_no_xiang() {
    // 北京's 支出总表 prints 项 rows, and `21298 超长期特别国债安排的支出`, a 款 no 项 divides:
    // it is a detailed row too, and the 类 and 款 rows of the 05表 still stand against the sums
    // of the rows under them.
    let special = place(&[
        (0, "21298-超长期特别国债安排的支出"),
        (32, "50601-资本性支出"),
        (52, "31005-基础设施建设"),
        (74, "6,000.000000"),
        (99, "6,000.000000"),
    ]);
    let text = with_parent_rows(&disclosure("173.241725"), "258.741725").replacen(
        &place(&[
            (20, "合   计"),
            (74, "258.741725"),
            (88, "218.741725"),
            (101, "40.000000"),
        ]),
        &[
            special,
            place(&[
                (20, "合   计"),
                (72, "6,258.741725"),
                (88, "218.741725"),
                (99, "6,040.000000"),
            ]),
        ]
        .join("\n"),
        1,
    );
    parents_stand_against_their_rows_sums(&run(&text));
}

/// Every cross-table check passes, the 款 20138 of the 05表 among them, held to the sum of the
/// 支出总表's rows under it.
fn parents_stand_against_their_rows_sums(checked: &pipeline::Checked) {
    let cross: Vec<_> = checked
        .checks
        .records()
        .iter()
        .filter(|c| c.rule == rule::CROSS_TABLE_CODE)
        .collect();
    assert!(
        cross.iter().any(|c| c.message.contains("20138")),
        "{cross:#?}"
    );
    assert!(cross.iter().all(|c| c.status == Status::Pass), "{cross:#?}");
}
