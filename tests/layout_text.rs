//! Text layouts in the shapes real converters print them, small enough to read: wrapped names,
//! tables split over pages with and without their header repeated, page numbers and running
//! titles between rows, columns blank in some or all rows, cells two spaces apart; and inputs no
//! reader should fall over on.

mod common;

use budget_extract::document::{Block, Document};
use budget_extract::pipeline::process_bytes;
use budget_extract::read::{read, Limits};
use common::layout::place;
use std::path::Path;

fn read_text(text: &str) -> (Document, String) {
    let (document, info) = read(text.as_bytes(), &Limits::default()).expect("readable");
    (document, info.layout.unwrap_or_default())
}

fn tables(document: &Document) -> Vec<Vec<Vec<String>>> {
    document
        .tables()
        .map(|(_, t)| {
            t.rows
                .iter()
                .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                .collect()
        })
        .collect()
}

/// The rows of every table read from a layout fixture, in order.
fn fixture_rows(name: &str) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/layouts")
            .join(name),
    )
    .expect("fixture");
    let (document, _) = read_text(&text);
    tables(&document).into_iter().flatten().collect()
}

fn row(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| c.to_string()).collect()
}

/// A functional table as pdftotext prints it: a name wrapped in its narrow cell, the amounts
/// on the middle line, a blank amount in some rows.
fn functional_page(rows: &[String]) -> Vec<String> {
    let mut lines = vec![
        place(&[(20, "2026年某某局一般公共预算财政拨款支出预算表")]),
        String::new(),
        place(&[(0, "单位：万元")]),
        String::new(),
        place(&[
            (0, "科目编码"),
            (12, "科目名称"),
            (32, "合计"),
            (43, "基本支出"),
            (55, "项目支出"),
        ]),
    ];
    lines.extend(rows.iter().cloned());
    lines
}

#[test]
fn wrapped_names_join_their_row() {
    let lines = functional_page(&[
        place(&[
            (0, "合计"),
            (30, "4,844.56"),
            (42, "2,309.40"),
            (54, "2,535.16"),
        ]),
        place(&[
            (0, "201"),
            (12, "一般公共服务支出"),
            (30, "4,035.79"),
            (42, "1,529.03"),
            (54, "2,506.76"),
        ]),
        // Two lines of a name, the amounts on the line between them.
        place(&[(12, "其他政府办公厅（室）及")]),
        place(&[(0, "2010399"), (30, "1,803.05"), (54, "1,803.05")]),
        place(&[(12, "相关机构事务支出")]),
        // A name whose second line follows the amounts.
        place(&[
            (0, "2080505"),
            (12, "机关事业单位基本养老"),
            (32, "196.88"),
            (44, "196.88"),
        ]),
        place(&[(12, "保险缴费支出")]),
        place(&[
            (0, "2210203"),
            (12, "购房补贴"),
            (33, "15.38"),
            (45, "15.38"),
        ]),
    ]);
    let (document, layout) = read_text(&lines.join("\n"));
    assert_eq!(layout, "space_aligned");
    let t = &tables(&document)[0];
    assert_eq!(
        t[0],
        row(&["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    );
    assert_eq!(t.len(), 6, "{t:?}");
    assert_eq!(
        t[3],
        row(&[
            "2010399",
            "其他政府办公厅（室）及相关机构事务支出",
            "1,803.05",
            "",
            "1,803.05"
        ])
    );
    assert_eq!(
        t[4],
        row(&[
            "2080505",
            "机关事业单位基本养老保险缴费支出",
            "196.88",
            "196.88",
            ""
        ])
    );
    assert_eq!(t[5], row(&["2210203", "购房补贴", "15.38", "15.38", ""]));
}

#[test]
fn table_split_over_pages_with_page_furniture() {
    let running = place(&[(40, "某某局 2026 年预算公开")]);
    let mut text = functional_page(&[
        place(&[
            (0, "合计"),
            (30, "4,844.56"),
            (42, "2,309.40"),
            (54, "2,535.16"),
        ]),
        place(&[
            (0, "201"),
            (12, "一般公共服务支出"),
            (30, "4,035.79"),
            (42, "1,529.03"),
            (54, "2,506.76"),
        ]),
    ]);
    text.insert(0, running.clone());
    text.push(String::new());
    text.push(place(&[(36, "1")]));
    // The next page, its geometry shifted, the header not repeated.
    text.push(format!("\u{c}{running}"));
    text.push(String::new());
    text.push(place(&[
        (0, "2010301"),
        (10, "行政运行"),
        (27, "1,096.16"),
        (38, "1,096.16"),
    ]));
    text.push(place(&[
        (0, "2010302"),
        (10, "一般行政管理事务"),
        (29, "703.71"),
        (52, "703.71"),
    ]));
    text.push(String::new());
    text.push(place(&[(36, "- 2 -")]));
    // A third page repeating the header.
    text.push(format!("\u{c}{running}"));
    text.push(place(&[
        (0, "科目编码"),
        (14, "科目名称"),
        (34, "合计"),
        (45, "基本支出"),
        (57, "项目支出"),
    ]));
    text.push(place(&[
        (0, "2210203"),
        (14, "购房补贴"),
        (35, "15.38"),
        (47, "15.38"),
    ]));
    text.push(place(&[(36, "3")]));
    text.push("\u{c}".to_string());
    let (document, _) = read_text(&text.join("\n"));
    let all = tables(&document);
    assert_eq!(all.len(), 1, "{all:?}");
    let t = &all[0];
    assert_eq!(
        t[1..],
        [
            row(&["合计", "", "4,844.56", "2,309.40", "2,535.16"]),
            row(&[
                "201",
                "一般公共服务支出",
                "4,035.79",
                "1,529.03",
                "2,506.76"
            ]),
            row(&["2010301", "行政运行", "1,096.16", "1,096.16", ""]),
            row(&["2010302", "一般行政管理事务", "703.71", "", "703.71"]),
            row(&["2210203", "购房补贴", "15.38", "15.38", ""]),
        ]
    );
    // No page number or running title is left as text.
    for (_, p) in document.paragraphs() {
        assert!(!p.text.contains("预算公开"), "{:?}", p.text);
        assert!(p.text.trim().parse::<u32>().is_err(), "{:?}", p.text);
    }
}

#[test]
fn page_number_between_rows_of_a_continued_table() {
    let text = [
        place(&[(10, "2026年某某局部门支出总表")]),
        place(&[(0, "单位：万元")]),
        place(&[(0, "科目编码"), (10, "科目名称"), (30, "合计")]),
        place(&[(0, "201"), (10, "一般公共服务支出"), (28, "4,035.79")]),
        place(&[(20, "7")]),
        format!(
            "\u{c}{}",
            place(&[(0, "208"), (10, "社会保障和就业支出"), (30, "426.61")])
        ),
        place(&[(20, "8")]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let t = &tables(&document)[0];
    assert_eq!(t.len(), 3, "{t:?}");
    assert_eq!(t[2], row(&["208", "社会保障和就业支出", "426.61"]));
}

#[test]
fn a_column_blank_in_every_row_keeps_its_place() {
    // The 三公 table with nothing spent on travel abroad: the column has a label and no amounts.
    let text = [
        place(&[(10, "2026年某某局“三公”经费支出表")]),
        place(&[(0, "单位：万元")]),
        place(&[(40, "公务用车购置及运行费")]),
        place(&[(2, "合计"), (15, "因公出国（境）费"), (80, "公务接待费")]),
        place(&[(30, "小计"), (44, "公务用车购置费"), (61, "公务用车运行费")]),
        place(&[
            (6, "40.00"),
            (31, "39.00"),
            (52, "18.00"),
            (70, "21.00"),
            (85, "1.00"),
        ]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let t = &tables(&document)[0];
    let leaf = t
        .iter()
        .find(|r| r.contains(&"小计".to_string()))
        .expect("leaf row");
    assert_eq!(
        *leaf,
        row(&[
            "合计",
            "因公出国（境）费",
            "小计",
            "公务用车购置费",
            "公务用车运行费",
            "公务接待费"
        ])
    );
    assert_eq!(
        *t.last().expect("data"),
        row(&["40.00", "", "39.00", "18.00", "21.00", "1.00"])
    );
    // And the summary reads the figures off the right columns.
    let bytes = format!("某某局\n2026年预算公开\n{text}\n");
    let processed = process_bytes("t.txt", bytes.as_bytes(), &Limits::default()).expect("ok");
    let three = &processed.disclosure.summary.three_public;
    // 万元 in fen.
    assert_eq!(three.total.map(|f| f.0), Some(40_000_000));
    assert_eq!(three.outbound_travel, None);
    assert_eq!(three.vehicle_purchase.map(|f| f.0), Some(18_000_000));
    assert_eq!(three.official_reception.map(|f| f.0), Some(1_000_000));
}

#[test]
fn cells_two_spaces_apart_without_lining_up() {
    let text =
        "2026年某某局部门支出总表\n单位：万元\n科目编码  科目名称  合计  基本支出  项目支出\n\
                201  一般公共服务支出  4,035.79  1,529.03  2,506.76\n\
                20103  政府办公厅（室）及相关机构事务  4,035.79  1,529.03  2,506.76\n\
                2010301  行政运行  1,096.16  1,096.16  0.00\n";
    let (document, layout) = read_text(text);
    assert_eq!(layout, "space_aligned");
    let t = &tables(&document)[0];
    assert_eq!(
        t[0],
        row(&["科目编码", "科目名称", "合计", "基本支出", "项目支出"])
    );
    assert_eq!(
        t[2],
        row(&[
            "20103",
            "政府办公厅（室）及相关机构事务",
            "4,035.79",
            "1,529.03",
            "2,506.76"
        ])
    );
    assert_eq!(t.len(), 4);
}

/// Inputs no reader should fall over on; each either reads or is refused with a reason.
#[test]
fn odd_inputs_never_panic() {
    let limits = Limits::default();
    let wide_tabs = {
        let row: Vec<String> = (0..10_000).map(|i| format!("{i}.00")).collect();
        format!("某某总表\n单位：万元\n合计\t{}\n", row.join("\t"))
    };
    let wide_spaces = {
        let row: Vec<String> = (0..10_000).map(|i| format!("{i}.00")).collect();
        format!(
            "某某总表\n单位：万元\n合计  {}\n合计  {}\n",
            row.join("  "),
            row.join("  ")
        )
    };
    let long_line = "1,000.00  ".repeat(100_000);
    let long_prose = "收入预算一万元 ".repeat(50_000);
    let cases: Vec<Vec<u8>> = vec![
        wide_tabs.into_bytes(),
        wide_spaces.into_bytes(),
        long_line.into_bytes(),
        long_prose.into_bytes(),
        "\u{c}\u{c}\u{c}\n\u{c}".into(),
        "单位：万元\n".into(),
        "单位：万元\n合计\n".into(),
        "  ---- ----\n".into(),
        "+--+\n|a|\n".into(),
        "| a |\n|---|---|\n".into(),
        "表\r表\r\r单位：元\r1.00  2.00\r".into(),
        vec![0xFF, 0xFE, 0x00, 0xD8],
        "\u{3000}\u{3000}合　计\u{3000}\u{3000}1.00\n".into(),
        (0..2000)
            .map(|i| format!("{}\n", "1.00\n".repeat(i % 7)))
            .collect::<String>()
            .into(),
    ];
    for (i, bytes) in cases.iter().enumerate() {
        let outcome = process_bytes(&format!("case-{i}.txt"), bytes, &limits);
        if let Err(e) = &outcome {
            assert_ne!(e.kind, "internal", "case {i}: {e}");
        }
    }
    // The long line is text, not a table of a million columns.
    let (document, _) = read_text(&"1,000.00  ".repeat(20_000));
    assert!(document
        .blocks
        .iter()
        .all(|b| matches!(b, Block::Paragraph(_))));
}

#[test]
fn an_amount_after_blank_columns_goes_under_the_label_over_it() {
    // Only the first two columns and the last have amounts: the columns between are blank, and
    // the small amounts at the right belong to the label printed over them, not to one nearer
    // the middle of the room left of them.
    let text = [
        place(&[(30, "2024年某某局收入决算表")]),
        place(&[(76, "单位：万元")]),
        place(&[
            (0, "科目编码"),
            (10, "科目名称"),
            (31, "本年收入合计"),
            (44, "财政拨款收入"),
            (56, "上级补助收入"),
            (65, "事业收入"),
            (72, "经营收入"),
            (84, "其他收入"),
        ]),
        place(&[
            (0, "201"),
            (10, "一般公共服务支出"),
            (33, "2,112.86"),
            (46, "2,106.66"),
            (85, "6.20"),
        ]),
        place(&[
            (0, "2010601"),
            (10, "行政运行"),
            (33, "1,511.90"),
            (46, "1,511.89"),
            (85, "0.01"),
        ]),
        place(&[
            (0, "2010607"),
            (10, "信息化建设"),
            (35, "135.25"),
            (48, "135.25"),
        ]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let t = &tables(&document)[0];
    assert_eq!(
        t[0],
        row(&[
            "科目编码",
            "科目名称",
            "本年收入合计",
            "财政拨款收入",
            "上级补助收入",
            "事业收入",
            "经营收入",
            "其他收入"
        ])
    );
    assert_eq!(
        t[1],
        row(&[
            "201",
            "一般公共服务支出",
            "2,112.86",
            "2,106.66",
            "",
            "",
            "",
            "6.20"
        ])
    );
    assert_eq!(
        t[3],
        row(&["2010607", "信息化建设", "135.25", "135.25", "", "", "", ""])
    );
}

#[test]
fn a_continued_page_printing_its_amounts_closer_together() {
    // pdftotext sets each page out on its own: with short names only, the next page prints the
    // amounts nearer the names. The codes and names start where they do on the first page; the
    // amounts go, in order, to the columns whose amounts end nearest.
    let text = [
        place(&[(30, "2024年某某局支出决算表")]),
        place(&[(76, "单位：万元")]),
        place(&[
            (0, "科目编码"),
            (12, "科目名称"),
            (32, "本年支出合计"),
            (45, "基本支出"),
            (56, "项目支出"),
            (66, "经营支出"),
            (76, "其他支出"),
        ]),
        place(&[
            (0, "201"),
            (12, "一般公共服务支出"),
            (33, "2,106.66"),
            (45, "1,503.52"),
            (58, "603.14"),
        ]),
        place(&[
            (0, "2010601"),
            (12, "行政运行"),
            (33, "1,511.89"),
            (45, "1,503.52"),
            (60, "8.37"),
        ]),
        format!(
            "\u{c}{}",
            place(&[
                (0, "2210201"),
                (12, "住房公积金"),
                (22, "187.19"),
                (31, "187.19")
            ])
        ),
        place(&[
            (0, "2210203"),
            (12, "购房补贴"),
            (22, "258.50"),
            (31, "258.50"),
        ]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let all = tables(&document);
    assert_eq!(all.len(), 1, "{all:?}");
    let t = &all[0];
    assert_eq!(t.len(), 5, "{t:?}");
    assert_eq!(
        t[3],
        row(&["2210201", "住房公积金", "187.19", "187.19", "", "", ""])
    );
    assert_eq!(
        t[4],
        row(&["2210203", "购房补贴", "258.50", "258.50", "", "", ""])
    );
}

#[test]
fn a_row_without_amounts_opening_the_next_page_is_a_row() {
    // The first line of the next page has names and no amounts; the header is not repeated, so
    // it is a row of the table, not a header: each piece stands over names, none over amounts.
    let text = [
        place(&[(16, "2024年某某局收入支出决算总表")]),
        place(&[(56, "单位：万元")]),
        place(&[(8, "收入"), (44, "支出")]),
        place(&[(4, "项目"), (24, "决算数"), (44, "项目"), (60, "决算数")]),
        place(&[
            (0, "一、一般公共预算财政拨款收入"),
            (24, "2,940.05"),
            (38, "一、一般公共服务支出"),
            (60, "2,494.71"),
        ]),
        place(&[
            (0, "二、其他收入"),
            (28, "6.20"),
            (38, "二、住房保障支出"),
            (62, "445.69"),
        ]),
        place(&[
            (0, "本年收入合计"),
            (24, "2,946.25"),
            (38, "本年支出合计"),
            (60, "2,940.40"),
        ]),
        format!(
            "\u{c}{}",
            place(&[(0, "使用非财政拨款结余"), (38, "结余分配")])
        ),
        place(&[
            (0, "年初结转和结余"),
            (27, "49.14"),
            (38, "年末结转和结余"),
            (63, "54.99"),
        ]),
        place(&[
            (0, "总计"),
            (24, "2,995.39"),
            (38, "总计"),
            (60, "2,995.39"),
        ]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let all = tables(&document);
    assert_eq!(all.len(), 1, "{all:?}");
    let t = &all[0];
    let at = t
        .iter()
        .position(|r| r[0] == "使用非财政拨款结余")
        .unwrap_or_else(|| panic!("{t:?}"));
    assert_eq!(t[at], row(&["使用非财政拨款结余", "", "结余分配", ""]));
    assert_eq!(
        t[at + 1],
        row(&["年初结转和结余", "49.14", "年末结转和结余", "54.99"])
    );
    assert_eq!(at + 3, t.len(), "{t:?}");
}

#[test]
fn names_opening_the_next_page_go_on_with_the_table() {
    // Rows with no amounts open the next page, set where the names of the rows before start:
    // the table goes on, they are not the header of a new one.
    let text = [
        place(&[(10, "2024年某某局财政拨款支出决算表")]),
        place(&[(36, "单位：万元")]),
        place(&[(4, "项目"), (30, "决算数")]),
        place(&[(4, "一、一般公共服务支出"), (30, "2,106.66")]),
        place(&[(4, "二、外交支出")]),
        place(&[(4, "三、国防支出")]),
        format!("\u{c}{}", place(&[(4, "四、公共安全支出")])),
        place(&[(4, "五、教育支出")]),
        place(&[(4, "六、社会保障和就业支出"), (32, "326.71")]),
        place(&[(4, "总计"), (30, "2,433.37")]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let all = tables(&document);
    assert_eq!(all.len(), 1, "{all:?}");
    let names: Vec<&str> = all[0].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        names,
        [
            "项目",
            "一、一般公共服务支出",
            "二、外交支出",
            "三、国防支出",
            "四、公共安全支出",
            "五、教育支出",
            "六、社会保障和就业支出",
            "总计"
        ]
    );
    assert_eq!(all[0][6], row(&["六、社会保障和就业支出", "326.71"]));
}

#[test]
fn a_continued_page_set_further_right_keeps_its_columns() {
    // A page whose first column is wider (its names wrap) prints every later column a few
    // characters further right. Matched by position alone, its second column of codes would land
    // under the third and each amount one column right; lined up with the shift between the
    // pages, every cell keeps its column.
    let text = [
        place(&[(40, "2026年某某局支出总表")]),
        place(&[(90, "金额单位：万元")]),
        place(&[
            (0, "支出功能分类科目"),
            (18, "政府支出经济分类科目"),
            (36, "部门支出经济分类科目"),
            (68, "合计"),
            (82, "基本支出"),
            (96, "项目支出"),
            (106, "上缴上级支出"),
        ]),
        place(&[
            (0, "2050305-高等职业教育"),
            (18, "50501-工资福利支出"),
            (36, "30101-基本工资"),
            (63, "1,410.093600"),
            (78, "1,410.093600"),
        ]),
        place(&[
            (0, "2050305-高等职业教育"),
            (18, "50502-商品和服务支出"),
            (36, "30213-维修（护）费"),
            (63, "1,106.008675"),
            (80, "729.205700"),
            (94, "376.802975"),
        ]),
        format!(
            "\u{c}{}",
            place(&[(0, "2080199-其他人力资源和社会保障管理事")])
        ),
        place(&[
            (25, "50502-商品和服务支出"),
            (43, "30226-劳务费"),
            (70, "5.444903"),
            (100, "5.444903"),
        ]),
        place(&[(0, "务支出")]),
        place(&[
            (0, "2080501-行政单位离退休"),
            (25, "50905-离退休费"),
            (43, "30302-退休费"),
            (68, "226.195000"),
            (83, "226.195000"),
        ]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let all = tables(&document);
    assert_eq!(all.len(), 1, "{all:?}");
    let t = &all[0];
    let body: Vec<&Vec<String>> = t.iter().filter(|r| r[1].starts_with("50")).collect();
    assert_eq!(body.len(), 4, "{t:?}");
    assert_eq!(
        body[2][1..6],
        row(&[
            "50502-商品和服务支出",
            "30226-劳务费",
            "5.444903",
            "",
            "5.444903"
        ])[..]
    );
    assert_eq!(
        body[3][..5],
        row(&[
            "2080501-行政单位离退休",
            "50905-离退休费",
            "30302-退休费",
            "226.195000",
            "226.195000"
        ])[..]
    );
}

#[test]
fn a_page_closing_up_a_blank_column_has_its_amounts_placed_by_the_sums() {
    // The second page has no 公用经费 in any row, so pdftotext closes that column up and prints
    // 项目支出 where 公用经费 stands on the first page. By spacing, 94,597.00 would be 公用经费;
    // only as 项目支出 does its row add up (合计 = 基本 + 项目, 基本 = 人员 + 公用).
    let text = [
        place(&[(30, "财政拨款支出表（功能科目）")]),
        place(&[(90, "单位：万元")]),
        place(&[(64, "基本支出")]),
        place(&[
            (7, "科目编码"),
            (25, "科目名称"),
            (41, "合计"),
            (95, "项目支出"),
        ]),
        place(&[(52, "小计"), (64, "人员经费"), (77, "公用经费")]),
        place(&[
            (1, "2080101"),
            (14, "行政运行"),
            (40, "4,158.06"),
            (52, "4,158.06"),
            (65, "3,791.51"),
            (80, "366.55"),
        ]),
        place(&[
            (1, "2080199"),
            (14, "其他人力资源和社会保障管理事务支出"),
            (42, "530.48"),
            (94, "530.48"),
        ]),
        format!(
            "\u{c}{}",
            place(&[
                (1, "2080506"),
                (12, "机关事业单位职业年金缴费支出"),
                (36, "962.08"),
                (47, "962.08"),
                (58, "962.08"),
            ])
        ),
        place(&[
            (1, "2080507"),
            (12, "对机关事业单位基本养老保险基金的补助"),
            (33, "94,597.00"),
            (67, "94,597.00"),
        ]),
    ]
    .join("\n");
    let processed = process_bytes("t.txt", text.as_bytes(), &Limits::default()).expect("ok");
    let table = &processed.disclosure.tables[0];
    let row = |code: &str| {
        table
            .rows
            .iter()
            .find(|r| r.code.as_deref() == Some(code))
            .expect("row")
    };
    let wan = |v: i64| Some(v * 100);
    let fen = |r: &budget_extract::extract::model::LineItem, k: &str| r.values.get(k).map(|f| f.0);
    let pension = row("2080507");
    assert_eq!(fen(pension, "total"), wan(945_970_000));
    assert_eq!(fen(pension, "project"), wan(945_970_000));
    assert_eq!(fen(pension, "public"), None);
    // A row that adds up as the page prints it keeps its reading.
    let annuity = row("2080506");
    assert_eq!(fen(annuity, "personnel"), wan(9_620_800));
    assert_eq!(fen(annuity, "public"), None);
    assert!(processed
        .disclosure
        .warnings
        .iter()
        .any(|w| w.code == "amounts_placed_by_sums" && w.message.contains("2080507")));
}

#[test]
fn a_coded_name_wrapped_around_its_amounts_opens_its_row() {
    // The code and first words of a long name stand on a line of their own; the rest of the
    // name sits under them, beside or below the row's codes and amounts.
    let text = [
        place(&[(40, "2026年某某局支出总表")]),
        place(&[(90, "金额单位：万元")]),
        place(&[
            (6, "支出功能分类科目"),
            (28, "政府支出经济分类科目"),
            (50, "部门支出经济分类科目"),
            (78, "合计"),
            (90, "基本支出"),
        ]),
        place(&[
            (0, "2080501-行政单位离退休"),
            (24, "50905-离退休费"),
            (46, "30302-退休费"),
            (76, "25.194000"),
            (89, "25.194000"),
        ]),
        place(&[(0, "2080505-机关事业单位基本养老保险缴费")]),
        place(&[
            (24, "50102-社会保障缴费"),
            (46, "30108-机关事业单位基本养老保险缴费"),
            (75, "607.385068"),
            (88, "607.385068"),
        ]),
        place(&[(0, "支出")]),
        place(&[
            (0, "2101101-行政单位医疗"),
            (24, "50102-社会保障缴费"),
            (46, "30110-职工基本医疗保险缴费"),
            (75, "454.619932"),
            (88, "454.619932"),
        ]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let all = tables(&document);
    assert_eq!(all.len(), 1, "{all:?}");
    let body: Vec<&Vec<String>> = all[0].iter().filter(|r| r[1].starts_with("50")).collect();
    assert_eq!(body.len(), 3, "{:?}", all[0]);
    assert_eq!(
        body[1][..5],
        row(&[
            "2080505-机关事业单位基本养老保险缴费支出",
            "50102-社会保障缴费",
            "30108-机关事业单位基本养老保险缴费",
            "607.385068",
            "607.385068"
        ])[..]
    );
}

#[test]
fn a_column_blank_on_the_first_page_is_found_a_step_beyond_the_printed_ones() {
    // The first page prints only 合计 and 基本支出; the next, set a few characters further
    // right, also prints 项目支出. Amount columns stand at even steps, so 项目支出 is expected
    // one step right of 基本支出, not where the header's squeezed labels end.
    let text = [
        place(&[(40, "2026年某某局支出总表")]),
        place(&[(100, "金额单位：万元")]),
        place(&[
            (6, "支出功能分类科目"),
            (27, "政府支出经济分类科目"),
            (47, "部门支出经济分类科目"),
            (93, "合计"),
            (104, "基本支出"),
            (117, "项目支出"),
            (126, "经营支出"),
            (136, "上缴上级支出"),
        ]),
        place(&[
            (0, "2050803-培训支出"),
            (23, "50203-培训费"),
            (41, "30216-培训费"),
            (65, "19.400000"),
            (78, "19.400000"),
        ]),
        place(&[
            (0, "2080501-行政单位离退休"),
            (23, "50905-离退休费"),
            (41, "30302-退休费"),
            (65, "34.565400"),
            (78, "34.565400"),
        ]),
        format!(
            "\u{c}{}",
            place(&[
                (0, "2120199-其他城乡社区管理事务支出"),
                (23, "50201-办公经费"),
                (43, "30202-印刷费"),
                (72, "1.235000"),
                (98, "1.235000"),
            ])
        ),
        place(&[
            (0, "2129999-其他城乡社区支出"),
            (23, "50201-办公经费"),
            (43, "30239-其他交通费用"),
            (70, "109.000000"),
            (83, "109.000000"),
        ]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let all = tables(&document);
    assert_eq!(all.len(), 1, "{all:?}");
    let body: Vec<&Vec<String>> = all[0].iter().filter(|r| r[1].starts_with("50")).collect();
    assert_eq!(body.len(), 4, "{:?}", all[0]);
    assert_eq!(body[2][3..6], row(&["1.235000", "", "1.235000"])[..]);
    assert_eq!(body[3][3..5], row(&["109.000000", "109.000000"])[..]);
}

#[test]
fn a_page_whose_amounts_do_not_line_up_has_its_amounts_placed_by_the_sums() {
    // pdftotext laid this page out line by line: each row's amounts drift with the length of
    // its name, so 社会保障和就业支出's 1.50 ends under 项目支出's figures on the 合计 line.
    // Only under 日常公用 does its row add up (合计 = 小计 + 项目, 小计 = 人员 + 公用).
    let text = [
        place(&[(20, "一般公共预算支出预算表")]),
        place(&[(60, "单位：万元")]),
        place(&[
            (0, "功能分类科目名称"),
            (24, "合计"),
            (40, "基本支出"),
            (68, "项目支出"),
        ]),
        place(&[(32, "小计"), (42, "人员经费"), (54, "日常公用")]),
        place(&[
            (0, "合计"),
            (22, "370.00"),
            (32, "290.00"),
            (42, "288.50"),
            (56, "1.50"),
            (64, "80.00"),
        ]),
        place(&[(0, "一般公共服务支出"), (30, "80.00"), (70, "80.00")]),
        place(&[
            (0, "社会保障和就业支出"),
            (26, "290.00"),
            (36, "290.00"),
            (46, "288.50"),
            (65, "1.50"),
        ]),
        // 人员经费 left blank: its sums need a move of two columns, more than a drift, so the
        // row keeps its reading and the checks see the blank.
        place(&[(0, "卫生健康支出"), (24, "50.00"), (34, "50.00")]),
    ]
    .join("\n");
    let processed = process_bytes("t.txt", text.as_bytes(), &Limits::default()).expect("ok");
    let table = &processed.disclosure.tables[0];
    let row = |name: &str| table.rows.iter().find(|r| r.name == name).expect("row");
    let fen = |r: &budget_extract::extract::model::LineItem, k: &str| r.values.get(k).map(|f| f.0);
    let welfare = row("社会保障和就业支出");
    let wan = |v: i64| Some(v * 10_000);
    assert_eq!(fen(welfare, "public"), wan(150));
    assert_eq!(fen(welfare, "project"), None);
    assert_eq!(fen(welfare, "personnel"), wan(28_850));
    // The row that adds up as printed keeps its reading.
    assert_eq!(fen(row("一般公共服务支出"), "project"), wan(8_000));
    let health = row("卫生健康支出");
    assert_eq!(fen(health, "total"), wan(5_000));
    assert_eq!(fen(health, "basic"), wan(5_000));
    assert_eq!(fen(health, "personnel"), None);
    assert!(processed
        .disclosure
        .warnings
        .iter()
        .any(|w| w.code == "amounts_placed_by_sums" && w.message.contains("社会保障和就业支出")));
}

#[test]
fn numbered_items_above_a_tables_first_amounts_are_rows_not_its_header() {
    // The expenditure list runs on from a page whose last items were read as text: this page
    // opens with two more numbered items and no header. A header names its columns, it never
    // counts them, so both items are rows.
    let text = [
        place(&[(33, "二十六、债务发行费用支出")]),
        place(&[(33, "二十七、抗疫特别国债安排的支出")]),
        place(&[
            (9, "本年收入合计"),
            (24, "9,142.55"),
            (47, "本年支出合计"),
            (62, "9,151.30"),
        ]),
        place(&[
            (9, "收入总计"),
            (24, "9,151.30"),
            (47, "支出总计"),
            (62, "9,151.30"),
        ]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let tables = tables(&document);
    assert_eq!(tables.len(), 1);
    assert_eq!(
        tables[0][..2],
        [
            row(&["", "", "二十六、债务发行费用支出", ""]),
            row(&["", "", "二十七、抗疫特别国债安排的支出", ""]),
        ]
    );
}

#[test]
fn an_amount_cut_at_a_page_break_takes_its_last_digit_from_the_next_page() {
    // 杭州's 收入总表: 12,437.36 is too wide for its cell; the page ends after `12,437.3`, and
    // the next one opens with the rest of the unit's name and the lone `6`.
    let text = [
        place(&[(20, "部门收入总表")]),
        place(&[(60, "单位：万元")]),
        place(&[
            (0, "单位名称"),
            (20, "总计"),
            (34, "事业收入"),
            (48, "其他收入"),
        ]),
        place(&[
            (0, "合计"),
            (16, "14,649.64"),
            (31, "12,537.36"),
            (46, "2,112.28"),
        ]),
        place(&[(0, "市公安局"), (19, "100.00"), (34, "100.00")]),
        place(&[
            (0, "杭州市机动"),
            (16, "14,549.64"),
            (32, "12,437.3"),
            (46, "2,112.28"),
        ]),
        format!("\u{c}{}", place(&[(0, "车驾驶员考试"), (30, "6")])),
        place(&[(0, "市公安局地铁分局"), (18, "50.00"), (33, "50.00")]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let tables = tables(&document);
    assert_eq!(tables.len(), 1, "{tables:?}");
    assert!(
        tables[0].contains(&row(&[
            "杭州市机动车驾驶员考试",
            "14,549.64",
            "12,437.36",
            "2,112.28"
        ])),
        "{:?}",
        tables[0]
    );
    assert!(!tables[0].iter().any(|r| r.iter().any(|c| c == "6")));
}

#[test]
fn a_name_wrapped_over_lines_above_and_below_its_amounts_is_one_name() {
    // 杭州's unit names in a narrow cell: two lines above the amounts, one below, a blank line
    // between units.
    let text = [
        place(&[(20, "部门收入总表")]),
        place(&[(40, "单位：万元")]),
        place(&[(0, "单位名称"), (16, "总计"), (28, "一般公共预算")]),
        place(&[(0, "合计"), (14, "30.00"), (30, "30.00")]),
        String::new(),
        place(&[(1, "杭州市公安")]),
        place(&[(0, "局监所管理支")]),
        place(&[(14, "20.00"), (30, "20.00")]),
        place(&[(0, "队")]),
        String::new(),
        place(&[(0, "市交警支队"), (14, "10.00"), (30, "10.00")]),
    ]
    .join("\n");
    let (document, _) = read_text(&text);
    let tables = tables(&document);
    assert_eq!(tables.len(), 1, "{tables:?}");
    assert!(
        tables[0].contains(&row(&["杭州市公安局监所管理支队", "20.00", "20.00"])),
        "{:?}",
        tables[0]
    );
    assert!(tables[0].contains(&row(&["市交警支队", "10.00", "10.00"])));
}

/// 深圳's 项目支出总表 as pdftotext prints it: amounts too wide for their cells wrapped inside
/// them beside names wrapped over two or three lines, the pieces of one amount on lines apart
/// (`1,264,602` … `.38`, `1,263,231.7` … `8`), the row's other amounts centred between.
#[test]
fn amounts_wrapped_in_their_cells_beside_wrapped_names_are_read_whole() {
    let rows = fixture_rows("shenzhen-project-expenditure-wrapped-amounts.txt");
    let amounts = |first: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r.get(1).is_some_and(|c| c == first))
            .unwrap_or_else(|| panic!("no row opening with {first}: {rows:?}"))[1..]
            .to_vec()
    };
    let zeros = |n: usize| vec!["0.00".to_string(); n];
    // The department's row: 总计 = 一般公共预算 + 上年结余、结转.
    let mut expected = row(&["1,264,602.38", "1,263,231.78"]);
    expected.extend(zeros(8));
    expected.push("1,370.60".to_string());
    assert_eq!(amounts("1,264,602.38"), expected);
    // A project whose amounts took two lines on a line of their own above the name's middle.
    let mut expected = row(&["1,040,000.00", "1,040,000.00"]);
    expected.extend(zeros(9));
    assert_eq!(amounts("1,040,000.00"), expected);
    // Names wrapped around their amounts, their first line set in by its level and the rest at
    // the cell's edge, are whole.
    let named = |name: &str| rows.iter().any(|r| r.first().is_some_and(|c| c == name));
    assert!(
        named("深圳市发展改革委专项资金重大科研平台自主攻关领域"),
        "{rows:?}"
    );
    assert!(named("政务信息化项目（运行维护服务）"), "{rows:?}");
    assert!(
        named("深圳市发展和改革委员会专项资金-物资储备领域"),
        "{rows:?}"
    );
    assert!(!named("深圳市发展和改革委"), "{rows:?}");
    // No piece of a cut amount is left behind as an amount of its own.
    for piece in [
        ".38",
        "8",
        ".00",
        "0",
        "1,264,602",
        "1,263,231.7",
        "1,040,000",
    ] {
        assert!(
            !rows.iter().flatten().any(|c| c == piece),
            "{piece} left alone: {rows:?}"
        );
    }
}

/// A part heading (`第三部分 2026 年度部门预算情况说明`) ends the table above it, even across a
/// page break: the narrative after it is no row of the table.
#[test]
fn a_part_heading_ends_the_table_above_it() {
    let lines = [
        place(&[(20, "政府采购支出表")]),
        place(&[(0, "部门：某局"), (60, "单位：万元")]),
        place(&[
            (0, "采购品目大类"),
            (16, "采购品目名称"),
            (34, "一般公共预算资金"),
            (54, "总计"),
        ]),
        place(&[(3, "合计"), (38, "11.40"), (56, "11.40")]),
        place(&[(0, "货物"), (16, "复印纸"), (38, "11.40"), (56, "11.40")]),
        String::new(),
        place(&[(40, "- 29 -")]),
        "\u{c}".to_string(),
        place(&[(9, "第三部分 2026 年度部门预算情况说明")]),
        String::new(),
        place(&[(7, "一、收支预算总体情况说明")]),
        place(&[(7, "某局 2026 年度收入、支出预算总计"), (40, "249,977.11")]),
        place(&[(2, "万元，与上年相比收、支预算总计各减少 10,247.57 万元。")]),
    ];
    let (document, _) = read_text(&lines.join("\n"));
    let tables = tables(&document);
    let procurement = tables.first().expect("the procurement table");
    assert_eq!(procurement.len(), 3, "{tables:?}");
    assert_eq!(procurement[2], row(&["货物", "复印纸", "11.40", "11.40"]));
    assert!(
        !procurement.iter().flatten().any(|c| c.contains("第三部分")),
        "{tables:?}"
    );
}

/// 广州's 项目支出 table prints each project's 绩效目标, a paragraph, beside its amounts,
/// wrapped over many lines and centred on the row's line of amounts, and each page repeats the
/// header. Each row must keep its amounts in their columns and its paragraph whole in one cell,
/// and no line of a paragraph may become a row, a header or part of a name.
#[test]
fn a_paragraph_wrapped_beside_a_rows_amounts_is_one_cell_of_that_row() {
    let rows = fixture_rows("guangzhou-project-expenditure-with-targets.txt");
    let named = |name: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r.first().is_some_and(|c| c == name))
            .cloned()
            .unwrap_or_else(|| panic!("no row named {name}: {rows:?}"))
    };
    let zeros = |n: usize| vec!["0.00".to_string(); n];
    // A name wrapped around its amounts, a code-like start of its second line, and a paragraph
    // of seven lines with its amounts on the fourth.
    let project = named("2017年广州市强制隔离戒毒场所内部视频监控系统高清数字化升级改造项目");
    let mut amounts = row(&["95.41", "95.41", "95.41"]);
    amounts.extend(zeros(4));
    assert_eq!(project[1..8], amounts[..]);
    let project = named("广州新华监狱信息化建设项目");
    assert!(project[8].starts_with("根据《“十三五”"), "{project:?}");
    assert!(project[8].ends_with("科技强勤体系建设。"), "{project:?}");
    // A paragraph of eighteen lines, its amounts on the eighth: the row's own sentence ends
    // where the next row's paragraph begins.
    let project = named("基层司法经费");
    assert!(project[8].starts_with("1.深入贯彻落实"), "{project:?}");
    assert!(project[8].ends_with("“无缝衔接。"), "{project:?}");
    let next = named("国家统一法律职业资格考试经费");
    assert_eq!(next[1], "578.92");
    assert!(next[8].starts_with("通过有序组织实施"), "{next:?}");
    assert!(next[8].ends_with("人才保障。"), "{next:?}");
    // No line of a paragraph is a row of its own or part of a name.
    for r in &rows {
        assert!(!r[0].contains(['，', '。', '；']), "{r:?}");
        assert!(r.len() <= 9, "{r:?}");
    }
}

/// 深圳's 支出总表 prints a name too long for its cell on two lines around its row's code and
/// amounts (`机关事业单位职业年金` / `2080506 … 132.00 …` / `缴费支出`). On a page that opens with
/// such a row, its first line stands right under the repeated header; it is the row's, not a
/// line of the header's `科目名称`.
#[test]
fn a_name_wrapped_around_its_code_opening_a_page_is_the_rows() {
    let rows = fixture_rows("shenzhen-expenditure-names-wrapped-around-codes.txt");
    let names_of = |code: &str| -> Vec<String> {
        rows.iter()
            .filter(|r| r.get(1).is_some_and(|c| c == code))
            .filter_map(|r| r.get(2).cloned())
            .collect()
    };
    for (code, name) in [
        ("2080506", "机关事业单位职业年金缴费支出"),
        ("215", "资源勘探工业信息等支出"),
    ] {
        let names = names_of(code);
        assert!(names.len() >= 4, "{code}: {names:?}");
        assert!(names.iter().all(|n| n == name), "{code}: {names:?}");
    }
    assert!(
        !rows.iter().any(|r| r
            .iter()
            .any(|c| c.starts_with("科目名称") && c.len() > "科目名称".len())),
        "a name's first line read into the header"
    );
}
