//! Layouts of real disclosures (`tests/fixtures/wild/`) that the reader once misread, each
//! asserted as a reviewer reads the printed table.

mod common;

use budget_extract::emit::ChecksListed;
use serde_json::Value;

fn json(file: &str) -> Value {
    common::wild::document(file)
}

fn tables<'a>(doc: &'a Value, kind: &'a str) -> impl Iterator<Item = &'a Value> + 'a {
    doc["tables"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(move |t| t["kind"] == kind)
}

fn rows(table: &Value) -> impl Iterator<Item = &Value> {
    table["rows"].as_array().into_iter().flatten()
}

/// Each column of a table as its key and label.
fn keys_and_labels(table: &Value) -> Vec<(&str, &str)> {
    table["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["key"].as_str().unwrap_or(""),
                c["label"].as_str().unwrap_or(""),
            )
        })
        .collect()
}

/// The failing checks of a rule.
fn failures<'a>(doc: &'a Value, rule: &'a str) -> Vec<&'a Value> {
    doc["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["rule"] == rule && c["status"] == "fail")
        .collect()
}

#[test]
fn an_amount_printed_one_space_before_the_next_sides_numbered_item_stays_on_its_side() {
    // 长沙 2026 财政拨款收支总体情况表: `1、一般公共预算拨款收入   656.73 1、一般公共服务支出`.
    let doc = json("changsha-4a8c7eeabe.txt");
    let summary = tables(&doc, "appropriation_summary")
        .next()
        .expect("a 财政拨款收支总表");
    let row = |side: &str, name: &str| {
        rows(summary)
            .find(|r| r["side"] == side && r["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("no {side} row {name}"))
    };
    let revenue = row("revenue", "1、一般公共预算拨款收入");
    assert_eq!(revenue["values"]["amount"], 6_567_300, "{revenue}");
    // The row of the other side is named without the amount, and holds none.
    let expenditure = row("expenditure", "1、一般公共服务支出");
    assert!(
        expenditure["values"]
            .as_object()
            .into_iter()
            .flatten()
            .all(|(_, v)| v.is_null()),
        "{expenditure}"
    );
    assert!(failures(&doc, "narrative_vs_table").is_empty());
}

#[test]
fn a_summary_header_spread_across_its_wide_cells_still_names_its_rows() {
    // 长沙 2026 收支总体情况表: `项         目       本年预算` over each side, 项目 spread nine
    // spaces apart to fill its cell. Read as two labels, the rows lost their names and the
    // summary's checks had nothing to add up.
    let doc = json("changsha-4a8c7eeabe.txt");
    let summary = tables(&doc, "revenue_expenditure_summary")
        .next()
        .expect("a 收支总表");
    let keys: Vec<&str> = summary["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c["key"].as_str())
        .collect();
    assert_eq!(keys, ["item", "budget", "item", "budget"]);
    let named = |side: &str, name: &str| {
        rows(summary)
            .find(|r| r["side"] == side && r["name"] == name)
            .map(|r| r["values"]["budget"].clone())
    };
    assert_eq!(
        named("revenue", "一、本级财政拨款收入"),
        Some(6_567_300.into())
    );
    assert_eq!(named("expenditure", "二、项目支出"), Some(2_700_000.into()));
    assert_eq!(named("revenue", "收入总计"), Some(6_567_300.into()));
    let summary_checks = doc["check_counts"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(rule, _)| rule.starts_with("summary_"))
        .map(|(_, counts)| counts["pass"].as_u64().unwrap_or(0))
        .sum::<u64>();
    assert!(summary_checks >= 3, "{}", doc["check_counts"]);
}

#[test]
fn procurement_items_of_equal_amounts_nest_so_the_table_adds_up_to_its_total() {
    // 无锡 公开13表 政府采购支出表 (万元; the JSON holds 元): 合计 25.30 = 货物 2.00 + 服务 23.30;
    // under 服务 the unit prints 23.30 = 会议费 1.40 + three 维修（护）费 of 7.30 each, which
    // could as well nest under one another.
    let doc = json("wuxi-9bd978c80b.txt");
    let table = tables(&doc, "procurement").next().expect("a 政府采购表");
    let figured: Vec<&Value> = rows(table)
        .filter(|r| r["values"]["total"].is_i64())
        .collect();
    let total = figured
        .iter()
        .find(|r| r["total"] == true)
        .and_then(|r| r["values"]["total"].as_i64());
    assert_eq!(total, Some(253_000));
    let top: Vec<(&str, i64)> = figured
        .iter()
        .filter(|r| r["total"] != true && r["level"].is_null())
        .map(|r| {
            (
                r["name"].as_str().unwrap_or(""),
                r["values"]["total"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(top, [("货物", 20_000), ("服务", 233_000)]);
    let repairs: Vec<&Value> = figured
        .iter()
        .copied()
        .filter(|r| r["name"] == "维修（护）费")
        .collect();
    assert_eq!(repairs.len(), 3);
    assert!(repairs.iter().all(|r| r["level"] == 3), "{repairs:?}");
    assert!(failures(&doc, "total_row").is_empty());
}

/// The 收入总表's fund-source checks that failed or were skipped.
fn revenue_source_findings(doc: &Value) -> Vec<&Value> {
    doc["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| {
            c["rule"] == "fund_sources"
                && c["message"]
                    .as_str()
                    .is_some_and(|m| m.starts_with("部门收入总表"))
        })
        .collect()
}

#[test]
fn a_label_packed_after_its_neighbour_still_takes_its_own_second_line() {
    // 深圳 2026 收入总表: pdftotext packs `国有资本经营预` one space after `政府性基金预算`, left
    // of where it stands, so it barely overlaps its second line `算拨款` below.
    let doc = json("shenzhen-15defc28d2.txt");
    let revenue = tables(&doc, "revenue").next().expect("a 收入总表");
    let columns = keys_and_labels(revenue);
    assert!(
        columns.contains(&("state_capital", "国有资本经营预算拨款")),
        "{columns:?}"
    );
    assert!(revenue_source_findings(&doc).is_empty());
}

#[test]
fn a_column_of_no_known_fund_that_holds_nothing_does_not_stop_the_fund_identity() {
    // The same table with that label renamed to no fund the reader knows: a column of its own,
    // zero in every row. Whatever it is, it adds nothing, so the row's 收入总计 is still held
    // to its sources.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/wild/shenzhen-15defc28d2.txt"
    );
    let text = std::fs::read_to_string(path).expect("the fixture");
    assert!(text.contains("国有资本经营预"));
    let renamed = text.replace(
        "国有资本经营预              资金",
        "调剂安排资金预              资金",
    );
    assert_ne!(
        renamed, text,
        "the 收入总表's header no longer holds the label"
    );
    let processed = budget_extract::pipeline::process_bytes_listing(
        "renamed.txt",
        renamed.as_bytes(),
        &budget_extract::read::Limits::default(),
        ChecksListed::default(),
    )
    .expect("processed");
    let doc: Value = serde_json::from_slice(&processed.json).expect("valid JSON");
    let revenue = tables(&doc, "revenue").next().expect("a 收入总表");
    assert!(
        !revenue["columns"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|c| c["key"] == "state_capital"),
        "{revenue}"
    );
    // The JSON lists failed and skipped checks: the table's are neither.
    let findings = revenue_source_findings(&doc);
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(doc["check_counts"]["fund_sources"]["skipped"], 0);
}

#[test]
fn procurement_reserved_for_small_firms_is_kept_as_figures() {
    // 深圳 2026 支出总表: `其中：…预留给中小企业的项目资金规模` names 项目 but holds figures (the
    // department's 9.00万元); read as text, they were lost and unchecked.
    let doc = json("shenzhen-15defc28d2.txt");
    let table = tables(&doc, "expenditure").next().expect("a 支出总表");
    let department = rows(table).next().expect("the department's row");
    assert_eq!(department["values"]["sme_reserve"], 90_000, "{department}");
    assert_eq!(
        department["values"]["small_firm_reserve"], 0,
        "{department}"
    );
}

#[test]
fn a_revenue_table_listing_units_by_code_names_each_unit_and_reads_no_code_as_an_amount() {
    // 无锡 2026 收入总表 of 无锡市信访局: `部门代码 | 部门名称 | 合计 | …`, rows `合计`, `113
    // 无锡市信访局` (the department, as much as the 合计), `113001 无锡市信访局（本级）`, `113002
    // 无锡市人民来访接待中心`. The codes are the units', not amounts, and the names name the rows.
    let doc = json("wuxi-31bf4460d4.txt");
    let revenue = tables(&doc, "revenue").next().expect("a 收入总表");
    let columns: Vec<&Value> = revenue["columns"]
        .as_array()
        .into_iter()
        .flatten()
        .collect();
    let code = columns
        .iter()
        .find(|c| c["label"] == "部门代码")
        .expect("the 部门代码 column");
    assert_eq!(code["amount"], false, "{code}");
    let names: Vec<&str> = rows(revenue).filter_map(|r| r["name"].as_str()).collect();
    assert_eq!(
        names,
        [
            "合计",
            "无锡市信访局",
            "无锡市信访局（本级）",
            "无锡市人民来访接待中心"
        ]
    );
    let total = rows(revenue)
        .find(|r| r["total"] == true)
        .expect("a 合计 row");
    assert_eq!(total["name"], "合计");
    // Held to the 收支总表 now that the 合计 is known, and to its units.
    assert!(failures(&doc, "cross_table_total").is_empty());
    assert!(failures(&doc, "total_row").is_empty());
}

#[test]
fn a_units_name_wrapped_over_two_lines_names_the_row_of_its_figures() {
    // 杭州 2026 “三公”经费支出表 lists its units; a long name wraps, its figures on the second
    // line: `杭州市公安局交通治安分局（水上` / `治安分局）  …`.
    let doc = json("hangzhou-c0afe4e6bf.txt");
    let table = tables(&doc, "three_public").next().expect("a 三公 table");
    let names: Vec<&str> = rows(table).filter_map(|r| r["name"].as_str()).collect();
    assert!(
        names.contains(&"杭州市公安局交通治安分局（水上治安分局）"),
        "{names:?}"
    );
    assert!(!names.contains(&"治安分局）"), "{names:?}");
    let unit = rows(table)
        .find(|r| r["name"] == "杭州市公安局交通治安分局（水上治安分局）")
        .expect("the unit's row");
    assert!(
        unit["values"]
            .as_object()
            .is_some_and(|v| v.values().any(|x| !x.is_null())),
        "{unit}"
    );
}

#[test]
fn labels_packed_one_space_apart_keep_every_fund_in_its_own_column() {
    // The opening pages of 广州市生态环境局's 2026 budget, to the end of its 收入总体情况表.
    // pdftotext packs the first lines of three wrapped fund labels one space apart
    // (`一般公共预 政府性基金 国有资本经`), left of their second lines (`算 预算 营预算`). Read by
    // where they are printed, `国有资本经` took `预算`, 政府性基金 stood over no amounts, and
    // every fund after it was read one column to the right: the 合计 row's 1,526.22 of 其他收入
    // under 上级补助收入, and the 收支总表's `五、其他收入 1,526.22` failed against it.
    let doc = common::wild::layout_document(
        "guangzhou-revenue-labels-packed-on-two-lines.txt",
        ChecksListed::default(),
    );
    let revenue = tables(&doc, "revenue").next().expect("a 收入总体情况表");
    let total = rows(revenue)
        .find(|r| r["total"] == true)
        .expect("a 合计 row");
    // Amounts in 万元 as printed, to two places.
    let value = |key: &str| total["values"][key].as_i64().map(|v| v / 100);
    assert_eq!(value("general_budget"), Some(8_344_378), "{total}");
    assert_eq!(value("government_fund"), Some(440_000), "{total}");
    assert_eq!(value("state_capital"), Some(0), "{total}");
    assert_eq!(value("business_income"), Some(5_156), "{total}");
    assert_eq!(value("other_income"), Some(152_622), "{total}");
    assert_eq!(value("superior_subsidy"), Some(0), "{total}");
    // Every column prints a figure in every row: none is blank.
    for row in rows(revenue) {
        let values = row["values"].as_object().expect("values");
        assert!(values.values().all(|v| !v.is_null()), "{row}");
    }
    assert!(failures(&doc, "cross_table_total").is_empty());
    assert!(failures(&doc, "total_row").is_empty());
}

#[test]
fn a_basic_spending_table_split_by_fund_is_held_to_the_general_budget_by_that_fund() {
    // The opening pages of 广州市市场监督管理局's 2026 budget, to the end of its 部门预算基本
    // 支出预算表: `总计 | 财政拨款 {合计, 一般公共预算, 政府性基金预算, 国有资本经营预算} |
    // 财政专户拨款 | 其他资金`, 合计 `68,692.51 62,505.63 62,505.63 0.00 0.00 0.00 6,186.89`.
    // Its 总计 counts 其他资金 as well; what the 一般公共预算支出情况表 puts under 基本支出
    // (62,505.63) is its 一般公共预算.
    let doc =
        common::wild::layout_document("guangzhou-basic-spending-by-fund.txt", ChecksListed::All);
    let cross: Vec<&Value> = doc["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["rule"] == "cross_table_total")
        .collect();
    assert!(cross.iter().all(|c| c["status"] == "pass"), "{cross:#?}");
    let by_fund = cross
        .iter()
        .find(|c| {
            c["message"]
                .as_str()
                .is_some_and(|m| m.contains("一般公共预算]") && m.contains("62,505.63"))
        })
        .expect("the table split by fund held by its 一般公共预算 column");
    assert!(
        by_fund["message"]
            .as_str()
            .is_some_and(|m| m.contains("[其中：基本支出]")),
        "{by_fund}"
    );
}

#[test]
fn a_code_printed_above_its_rows_amounts_opens_that_row_on_any_page() {
    // 北京 2026 budget tables (预算01–05表) of a 人力资源和社会保障 department. Its 支出总表
    // prints one row per function, 政府 and 部门 economic code; a function name too long for its
    // cell wraps around the amounts: `2080199-其他人力资源和社会保障管理事` above a line of the
    // economic codes and amounts, `务支出` below it. On a page whose other names are all short,
    // the first line was taken for a title printed after the table and the ten rows it opens
    // for a paragraph, so 2,439.45万元 of 2080199 went missing: the table's 合计 and its row
    // against the 一般公共预算支出表 and the 收支总表 failed.
    let doc = common::wild::layout_document(
        "beijing-spending-codes-above-their-amounts.txt",
        ChecksListed::All,
    );
    let spending = tables(&doc, "expenditure").next().expect("a 支出总表");
    let coded: Vec<&Value> = rows(spending).filter(|r| r["code"] == "2080199").collect();
    assert_eq!(coded.len(), 12, "{coded:#?}");
    assert!(coded
        .iter()
        .all(|r| r["name"] == "其他人力资源和社会保障管理事务支出"));
    // In 万元 to six places, as printed: 60.70 + 309.99 + … + 30.191.
    let sum: f64 = coded
        .iter()
        .filter_map(|r| r["values"]["total"].as_f64())
        .sum();
    assert!((sum - 24_730_378.32).abs() < 0.5, "{sum}");
    for rule in ["total_row", "cross_table_code", "cross_table_total"] {
        assert!(failures(&doc, rule).is_empty(), "{rule}");
    }
    let checked = doc["checks"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| {
            c["rule"] == "cross_table_code"
                && c["status"] == "pass"
                && c["message"].as_str().is_some_and(|m| m.contains("2080199"))
        })
        .count();
    assert!(checked > 0, "2080199 held against the 一般公共预算支出表");
}

#[test]
fn a_project_table_runs_on_over_pages_whose_targets_wrap_below_their_rows() {
    // 广州市市场监督管理局's 2026 budget to the sixth page of its 部门预算项目支出及其他支出预算表.
    // Each page of that table prints the header again; each project's 绩效目标 wraps in the text
    // column beside its amounts, and on the first page the last project's runs on for five lines
    // below them. Those lines were read as prose after the table, the next page then followed
    // prose and was left as a table of its own with no title, and so was every page after it:
    // the table kept its first page's 11 rows.
    let doc = common::wild::layout_document(
        "guangzhou-project-targets-running-over-pages.txt",
        ChecksListed::default(),
    );
    let projects = tables(&doc, "project_expenditure")
        .find(|t| t["title"] == "部门预算项目支出及其他支出预算表")
        .expect("the 项目支出表");
    assert_eq!(
        tables(&doc, "unknown").count(),
        0,
        "every page goes on with the table"
    );
    let names: Vec<&str> = rows(projects).filter_map(|r| r["name"].as_str()).collect();
    for name in [
        "发展资金",
        "产品质量安全抽检监测专项经费",
        "粤港澳大湾区知识产权交易博览会暨国际地理标志产品交易博览会",
        "广州市消费者委员会办公室",
        "广州市标准化研究院",
        "广州计量检测技术研究院",
    ] {
        assert!(names.contains(&name), "{name} in {names:?}");
    }
    // The header printed again on each page is no row.
    assert!(rows(projects).all(|r| r["raw"]
        .as_array()
        .is_none_or(|cells| !cells.iter().any(|c| c == "财政专户拨款"))));
    // A unit's projects, on a later page, add up to it: 9.56 + 90.00 + 17.00 = 116.56.
    let unit = rows(projects)
        .position(|r| r["name"] == "广州市消费者委员会办公室")
        .expect("the unit");
    let listed: Vec<&Value> = rows(projects).collect();
    let parts: i64 = listed[unit + 1..unit + 4]
        .iter()
        .filter_map(|r| r["values"]["total"].as_i64())
        .sum();
    assert_eq!(Some(parts), listed[unit]["values"]["total"].as_i64());
    // The 绩效目标 that ran on below its amounts is the table's, not a paragraph after it.
    assert!(rows(projects).any(
        |r| r["raw"]
            .as_array()
            .is_some_and(|cells| cells.iter().any(|c| c
                .as_str()
                .is_some_and(|t| t.contains("商业秘密保护服务保障"))))
    ));
}

#[test]
fn a_header_of_three_levels_puts_each_fund_under_its_own_group() {
    // 深圳's 三公 table: `总计`, `因公出国(境)费` and `公务接待费` each over the three funds;
    // `公务用车购置及运行维护费` over `小计`, `公务用车购置费` and `公务用车运行维护费`, each over
    // the three funds; the group labels print on three lines, the funds wrap over two.
    let doc = json("shenzhen-15defc28d2.txt");
    let table = tables(&doc, "three_public").next().expect("a 三公 table");
    let columns = keys_and_labels(table);
    let expected = [
        ("general_budget", "总计/一般公共预算"),
        ("state_capital", "总计/国有资本经营预算"),
        (
            "outbound_travel_general_budget",
            "因公出国(境)费/一般公共预算",
        ),
        (
            "official_reception_state_capital",
            "公务接待费/国有资本经营预算",
        ),
        (
            "vehicles_general_budget",
            "公务用车购置及运行维护费/小计/一般公共预算",
        ),
        (
            "vehicle_purchase_government_fund",
            "公务用车购置费/政府性基金预算",
        ),
        (
            "vehicle_operation_state_capital",
            "公务用车运行维护费/国有资本经营预算",
        ),
    ];
    for column in expected {
        assert!(columns.contains(&column), "{column:?} not in {columns:?}");
    }
    // The 2026 row: 94.38 in all, 69.78 abroad, 7.00 reception, 17.60 on vehicles, all of it
    // on running them.
    let year = rows(table)
        .find(|r| r["fields"].to_string().contains("2026"))
        .expect("the 2026 row");
    let value = |key: &str| year["values"][key].as_i64();
    assert_eq!(value("general_budget"), Some(943_800), "{year}");
    assert_eq!(value("outbound_travel_general_budget"), Some(697_800));
    assert_eq!(value("official_reception_general_budget"), Some(70_000));
    assert_eq!(value("vehicles_general_budget"), Some(176_000));
    assert_eq!(value("vehicle_purchase_general_budget"), Some(0));
    assert_eq!(value("vehicle_operation_general_budget"), Some(176_000));
}

#[test]
fn rows_a_closed_up_page_prints_under_a_parent_follow_its_columns() {
    // 杭州's 支出预算总表 runs onto a page that prints no 人员支出 and 日常公用支出 for its
    // last rows and spaces each line by its own name: `城市基础设施配套费安排的支出 7,600.00
    // 7,600.00` reads its second amount a column left of its 类's 项目支出. The 类 is the sum
    // of its 款, the 款 of its 项: with as many figures as its parent has columns, a row has
    // one way to sit under it.
    let doc = json("hangzhou-c0afe4e6bf.txt");
    let table = tables(&doc, "expenditure").next().expect("a 支出总表");
    for name in [
        "城乡社区支出",
        "城市基础设施配套费安排的支出",
        "城市公共设施",
        "资源勘探工业信息等支出",
        "工业和信息产业",
        "其他工业和信息产业支出",
    ] {
        let row = rows(table)
            .find(|r| r["name"] == name)
            .unwrap_or_else(|| panic!("no row {name}"));
        let values = &row["values"];
        assert_eq!(values["project"], values["total"], "{row}");
        assert!(values["public"].is_null(), "{row}");
    }
}
