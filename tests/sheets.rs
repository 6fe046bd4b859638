//! Spreadsheets (`.xlsx`, `.xls`): the same disclosure as a workbook and as text gives the same
//! line items; merged cells, formulas, hidden and empty sheets read as Excel shows them; hostile
//! workbooks end in a per-file error. Fixtures: `scripts/make_sheet_fixtures.py`.

mod common;
use common::docx::zip_of;

use budget_extract::document::{Block, Document};
use budget_extract::pipeline::{process_bytes, Processed, Stage};
use budget_extract::read::{self, Format, Limits};
use serde_json::Value;
use std::fs;
use std::path::Path;

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn process(name: &str) -> Processed {
    process_bytes(name, &fixture(name), &Limits::default()).unwrap_or_else(|e| panic!("{e}"))
}

fn json(processed: &Processed) -> Value {
    serde_json::from_slice(&processed.json).unwrap()
}

/// Each table's kind and rows: side, code, name and values (exact yuan).
fn line_items(document: &Value) -> Vec<(String, Vec<Value>)> {
    document["tables"]
        .as_array()
        .unwrap()
        .iter()
        .map(|table| {
            let rows = table["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| {
                    serde_json::json!([row["side"], row["code"], row["name"], row["values"]])
                })
                .collect();
            (table["kind"].as_str().unwrap().to_string(), rows)
        })
        .collect()
}

#[test]
fn a_workbook_gives_the_line_items_of_the_same_disclosure_as_text() {
    let text = json(&process(
        "corpus/shanghai-putuo-justice-bureau-2026-unit-budget.txt",
    ));
    let expected = line_items(&text);
    assert_eq!(expected.len(), 9);
    let rows: usize = expected.iter().map(|(_, rows)| rows.len()).sum();
    assert!(rows > 100, "{rows} rows");
    for name in [
        "tests/fixtures/sheets/justice-2026.xlsx",
        "tests/fixtures/sheets/justice-2026.xls",
    ] {
        let sheet = json(&process(name));
        assert_eq!(sheet["source"]["format"], "spreadsheet", "{name}");
        assert_eq!(sheet["department"], text["department"], "{name}");
        assert_eq!(sheet["fiscal_year"], text["fiscal_year"], "{name}");
        let got = line_items(&sheet);
        assert_eq!(got.len(), expected.len(), "{name}");
        for ((kind, rows), (want_kind, want_rows)) in got.iter().zip(&expected) {
            assert_eq!(kind, want_kind, "{name}");
            assert_eq!(rows, want_rows, "{name}: {kind}");
        }
        let units: Vec<&Value> = sheet["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| &t["source_unit"])
            .collect();
        assert_eq!(units.last().and_then(|u| u.as_str()), Some("万元"));
        assert!(sheet["warnings"].as_array().unwrap().is_empty(), "{name}");
    }
}

fn read_fixture(name: &str) -> Document {
    let (document, info) = read::read(&fixture(name), &Limits::default()).unwrap();
    assert_eq!(info.format, Format::Spreadsheet);
    document
}

#[test]
fn merged_headers_formulas_hidden_and_empty_sheets() {
    for name in [
        "tests/fixtures/sheets/constructs.xlsx",
        "tests/fixtures/sheets/constructs.xls",
    ] {
        let document = read_fixture(name);
        assert_eq!(
            document.warnings,
            ["sheet \"隐藏\" is hidden; not read"],
            "{name}"
        );
        let text: String = format!("{:?}", document.blocks);
        assert!(
            !text.contains("隐藏表"),
            "{name}: the hidden sheet was read"
        );
        let paragraphs: Vec<&str> = document
            .paragraphs()
            .map(|(_, p)| p.text.as_str())
            .collect();
        assert_eq!(
            paragraphs[..2],
            ["2025年部门支出预算表", "单位：万元"],
            "{name}"
        );
        let Some(Block::Table(table)) = document.blocks.get(2) else {
            panic!("{name}: no table after the title and unit");
        };
        let xlsx = name.ends_with("xlsx");
        // The .xlsx has a 合计 row of formulas the .xls lacks.
        let origin = if xlsx {
            "sheet 1 rows 3-8"
        } else {
            "sheet 1 rows 3-7"
        };
        assert_eq!(table.origin.to_string(), origin, "{name}");
        let header = &table.rows[0].cells;
        assert_eq!(
            (header[0].text.as_str(), header[0].row_span),
            ("功能分类科目编码", 2)
        );
        assert_eq!(
            (header[2].text.as_str(), header[2].col_span),
            ("支出预算", 3)
        );
        assert!(header[3].covered && header[4].covered && table.rows[1].cells[0].covered);
        let texts = document.table_texts();
        // The total column is a formula in the .xlsx: its cached value, in the cell's format
        // (#,##0.00). An .xls carries no formats through the reader: the shortest form.
        let basic = if xlsx { "1200.50" } else { "1200.5" };
        assert_eq!(
            texts[0][2],
            ["201", "一般公共服务支出", "1500.75", basic, "300.25"],
            "{name}"
        );
        if xlsx {
            assert_eq!(texts[0][5], ["", "合计", "1500.75", "1200.50", "300.25"]);
            // A sheet without title rows is titled by its name; percent and date as shown.
            assert_eq!(paragraphs[2], "部门收入预算表");
            assert_eq!(
                texts[1][1],
                ["财政拨款收入", "4844.56", "12.3%", "2025-01-31"]
            );
            assert_eq!(document.blocks[4].origin().to_string(), "sheet 4 rows 1-2");
        } else {
            assert_eq!(texts.len(), 1);
        }
    }
}

#[test]
fn the_workbook_figures_are_exact() {
    let processed = process("tests/fixtures/sheets/constructs.xlsx");
    let document = json(&processed);
    let table = &document["tables"][0];
    assert_eq!(table["kind"], "expenditure");
    assert_eq!(table["source_unit"], "万元");
    // 1,500.75 万元 = 15,007,500 yuan, carried as exact decimals.
    assert_eq!(table["rows"][0]["values"]["total"].to_string(), "15007500");
    assert_eq!(table["rows"][0]["values"]["basic"].to_string(), "12005000");
}

fn refused(bytes: &[u8], limits: &Limits) -> (String, String) {
    match process_bytes("hostile.xlsx", bytes, limits) {
        Ok(p) => panic!("a hostile workbook was read: {:?}", p.source),
        Err(e) => {
            assert_eq!(e.stage, Stage::Read, "{e}");
            assert_eq!(e.path, "hostile.xlsx");
            (e.kind, e.message)
        }
    }
}

const WORKBOOK_XML: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets/></workbook>"#;

#[test]
fn a_zip_bomb_in_a_workbook_is_refused_at_the_cap() {
    // 8 MiB of zeros deflate to a few kilobytes; the caps here are 1 MiB per part.
    let zeros = vec![b'0'; 8 * 1024 * 1024];
    let bomb = zip_of(&[
        ("xl/workbook.xml", WORKBOOK_XML),
        ("xl/worksheets/sheet1.xml", &zeros),
    ]);
    assert!(bomb.len() < 100 * 1024, "{} bytes", bomb.len());
    assert_eq!(read::sniff(&bomb).unwrap(), Format::Spreadsheet);
    let limits = Limits {
        max_part_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let (kind, message) = refused(&bomb, &limits);
    assert_eq!(kind, "too_large");
    assert!(
        message.contains("xl/worksheets/sheet1.xml")
            && message.contains("1048576-byte cap per part"),
        "{message}"
    );
    // The cap over all parts together holds as well.
    let limits = Limits {
        max_inflated_bytes: 1024 * 1024,
        ..Limits::default()
    };
    let (kind, message) = refused(&bomb, &limits);
    assert_eq!(kind, "too_large");
    assert!(message.contains("cap per file"), "{message}");
}

#[test]
fn a_truncated_workbook_is_an_error_at_every_cut() {
    let whole = fixture("tests/fixtures/sheets/justice-2026.xlsx");
    let limits = Limits::default();
    // From the first entry's header on: a cut inside the first four bytes is no zip.
    for cut in (30..whole.len()).step_by(997) {
        let (kind, message) = refused(&whole[..cut], &limits);
        assert!(!kind.is_empty() && !message.is_empty(), "cut at {cut}");
    }
    let whole = fixture("tests/fixtures/sheets/justice-2026.xls");
    for cut in (512..whole.len()).step_by(1499) {
        // A cut .xls may no longer look like a workbook; it must still never be read as one
        // nor crash.
        assert!(process_bytes("cut.xls", &whole[..cut], &limits).is_err());
    }
}

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#;

const PACKAGE_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>"#;

#[test]
fn a_workbook_without_sheets_is_an_error() {
    let empty = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("xl/workbook.xml", WORKBOOK_XML),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ]);
    let (kind, message) = refused(&empty, &Limits::default());
    assert_eq!(kind, "no_sheets", "{message}");
}

#[test]
fn cells_at_opposite_corners_are_refused_before_any_grid_is_built() {
    for name in [
        "tests/fixtures/sheets/hostile/corners.xlsx",
        "tests/fixtures/sheets/hostile/corners.xls",
    ] {
        let (kind, message) = refused(&fixture(name), &Limits::default());
        assert_eq!(kind, "too_many_cells", "{name}: {message}");
    }
}

#[test]
fn records_the_parser_would_read_past_are_an_error_not_a_crash() {
    // Found by fuzzing: an .xls whose MergeCells record lists more ranges than it holds.
    let (kind, message) = refused(
        &fixture("tests/fixtures/sheets/hostile/merge-overrun.xls"),
        &Limits::default(),
    );
    assert_eq!(kind, "unreadable_workbook");
    assert!(
        message.contains("malformed MergeCells record at byte"),
        "{message}"
    );
}

#[test]
fn too_many_cells_are_refused_before_the_grid_is_built() {
    let limits = Limits {
        max_cells: 50,
        ..Limits::default()
    };
    for name in [
        "tests/fixtures/sheets/justice-2026.xlsx",
        "tests/fixtures/sheets/justice-2026.xls",
    ] {
        let (kind, _) = refused(&fixture(name), &limits);
        assert_eq!(kind, "too_many_cells", "{name}");
    }
}
