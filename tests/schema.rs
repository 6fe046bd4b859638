//! Every document the tool writes validates against the published JSON Schema.

use budget_extract::emit::ChecksListed;
use budget_extract::pipeline::{process_bytes, process_bytes_listing};
use budget_extract::read::Limits;
use serde_json::Value;

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string("schema/document.schema.json").expect("schema file"),
    )
    .expect("schema is JSON");
    jsonschema::validator_for(&schema).expect("schema compiles")
}

/// Both listings of the checks validate: the default and `--all-checks`.
fn assert_valid(name: &str, bytes: &[u8]) {
    let validator = validator();
    for listed in [ChecksListed::Findings, ChecksListed::All] {
        let processed =
            process_bytes_listing(name, bytes, &Limits::default(), listed).expect("extracts");
        let doc: Value = serde_json::from_slice(&processed.json).expect("JSON");
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{name} ({listed:?}): {errors:#?}");
    }
}

#[test]
fn every_corpus_document_validates() {
    let mut seen = 0;
    for entry in std::fs::read_dir("corpus").expect("corpus/") {
        let path = entry.expect("entry").path();
        if path.is_file() {
            let bytes = std::fs::read(&path).expect("readable");
            assert_valid(&path.display().to_string(), &bytes);
            seen += 1;
        }
    }
    assert!(seen > 0);
}

#[test]
fn every_workbook_fixture_validates() {
    let mut seen = 0;
    for entry in std::fs::read_dir("tests/fixtures/sheets").expect("tests/fixtures/sheets/") {
        let path = entry.expect("entry").path();
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(&path).expect("readable");
        assert_valid(&path.display().to_string(), &bytes);
        seen += 1;
    }
    assert_eq!(seen, 4);
}

#[test]
fn sparse_and_odd_documents_validate() {
    assert_valid(
        "no-tables.txt",
        "某某局\n\n2025年部门预算公开说明\n\n一、收入预算1.5万元。\n".as_bytes(),
    );
    assert_valid(
        "unknown-unit.txt",
        "某表\n\t科目编码\n\t科目名称\n\t合计\n\n\t201\n\t一般公共服务支出\n\t12.5\n".as_bytes(),
    );
}

#[test]
fn the_schema_rejects_a_wrong_document() {
    let bytes = std::fs::read("corpus/000_19b5df8ff6376e0f.txt").expect("seed");
    let processed = process_bytes("seed.txt", &bytes, &Limits::default()).expect("extracts");
    let mut doc: Value = serde_json::from_slice(&processed.json).expect("JSON");
    doc["summary"]["revenue_total"] = Value::String("48445600".into());
    assert!(!validator().is_valid(&doc));
}

#[test]
fn pdf_and_paginated_text_documents_validate() {
    // Needs pdftotext (tests/pdf.rs says so when it is missing).
    for name in ["shanghai-e6beaf625c.pdf", "shanghai-e6beaf625c.txt"] {
        let path = format!("tests/fixtures/pdf/{name}");
        assert_valid(&path, &std::fs::read(&path).expect("fixture"));
    }
}
