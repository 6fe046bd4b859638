//! Names too long for their cells that the PDF centres around their row's amounts line: the
//! first part above the code and amounts, whose name cell is empty, the rest below.

use budget_extract::check::{CheckResult, Status};
use budget_extract::document::Block;
use budget_extract::emit::ChecksListed;
use budget_extract::pipeline::process_bytes_listing;
use budget_extract::read::{read, Limits};
use std::path::Path;

/// 广州市司法局 2026: 2080505 and 2080506 of 表3 wrap around their code lines.
const GUANGZHOU: &str = "tests/fixtures/wild/guangzhou-015554f21f.txt";
/// 无锡市住房和城乡建设局 2026: 21208 of the 政府性基金预算支出表 wraps around its code line.
const WUXI: &str = "tests/fixtures/wild/wuxi-9bd978c80b.txt";

fn bytes(path: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The cells of every table row that holds `code` as a cell of its own.
fn rows_with_code(path: &str, code: &str) -> Vec<Vec<String>> {
    let (doc, _) = read(&bytes(path), &Limits::default()).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut found = Vec::new();
    for block in &doc.blocks {
        if let Block::Table(t) = block {
            for row in &t.rows {
                if row.cells.iter().any(|c| c.text == code) {
                    found.push(row.cells.iter().map(|c| c.text.clone()).collect());
                }
            }
        }
    }
    found
}

fn assert_named(path: &str, code: &str, name: &str) {
    let rows = rows_with_code(path, code);
    assert!(!rows.is_empty(), "{path}: no row coded {code}");
    for cells in &rows {
        assert!(
            cells.iter().any(|c| c == name),
            "{path}: row {code} should be named {name}: {cells:?}"
        );
    }
    // The part above the code line is no row of its own.
    let (doc, _) = read(&bytes(path), &Limits::default()).unwrap_or_else(|e| panic!("{path}: {e}"));
    for block in &doc.blocks {
        if let Block::Table(t) = block {
            for row in &t.rows {
                assert!(
                    !row.cells.iter().any(|c| {
                        c.text.chars().count() >= 4 && c.text != name && name.starts_with(&c.text)
                    }),
                    "{path}: a fragment of {name} stands apart: {:?}",
                    row.cells.iter().map(|c| &c.text).collect::<Vec<_>>()
                );
            }
        }
    }
}

fn code_name_failures(path: &str) -> Vec<CheckResult> {
    let processed =
        process_bytes_listing(path, &bytes(path), &Limits::default(), ChecksListed::All)
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    processed
        .checks
        .into_iter()
        .filter(|c| c.rule == "code_name" && c.status == Status::Fail)
        .collect()
}

#[test]
fn names_wrapped_around_their_code_line_are_read_whole() {
    assert_named(GUANGZHOU, "2080505", "机关事业单位基本养老保险缴费支出");
    assert_named(GUANGZHOU, "2080506", "机关事业单位职业年金缴费支出");
    assert_named(WUXI, "21208", "国有土地使用权出让收入安排的支出");
}

#[test]
fn wrapped_names_raise_no_code_name_failure() {
    for (path, codes) in [
        (GUANGZHOU, &["2080505", "2080506"][..]),
        (WUXI, &["21208"][..]),
    ] {
        for failure in code_name_failures(path) {
            assert!(
                !codes.iter().any(|code| failure.message.contains(code)),
                "{path}: {}",
                failure.message
            );
        }
    }
}
