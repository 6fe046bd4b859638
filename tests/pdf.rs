//! PDF inputs, read through poppler's `pdftotext`: real disclosures give the same JSON as their
//! `pdftotext -layout` text outside `source`, with pages in `source.blocks`; hostile PDFs
//! (`scripts/make_pdf_fixtures.py`) each end in their error record, never a panic or a hang.
//!
//! These tests need `pdftotext` (Debian: poppler-utils; `.ci/run` installs it) and fail, saying
//! so, when it is missing.

use budget_extract::pipeline::{self, FileError};
use budget_extract::read::{self, Limits};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURES: &str = "tests/fixtures/pdf";

/// The real disclosures, one per city, each with its `pdftotext -layout -enc UTF-8` text.
const REAL: &[&str] = &[
    "beijing-bfd3759a1f",
    "guangzhou-3de0a678c4",
    "shanghai-e6beaf625c",
    "shenzhen-1269469c03",
];

fn require_pdftotext() {
    let found = Command::new(read::pdf::program())
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    assert!(
        found,
        "these tests need poppler's pdftotext: install poppler-utils (apt-get install \
         poppler-utils; .ci/run does)"
    );
}

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

/// The document's JSON for the file at `path`, or its error record.
fn process(path: &Path) -> Result<Value, FileError> {
    let bytes = std::fs::read(path).expect("fixture");
    pipeline::process_bytes(&path.display().to_string(), &bytes, &Limits::default())
        .map(|p| serde_json::from_slice(&p.json).expect("JSON"))
}

fn without_source(mut json: Value) -> Value {
    json.as_object_mut().expect("object").remove("source");
    json
}

#[test]
fn a_pdf_gives_the_json_of_its_pdftotext_text() {
    require_pdftotext();
    for name in REAL {
        let pdf = process(&fixture(&format!("{name}.pdf"))).expect("the PDF is read");
        let text = process(&fixture(&format!("{name}.txt"))).expect("the text is read");
        assert_eq!(pdf["source"]["format"], "pdf", "{name}");
        assert_eq!(text["source"]["format"], "text", "{name}");
        assert_eq!(pdf["source"]["layout"], text["source"]["layout"], "{name}");
        // Same blocks in the same places, on the same pages.
        assert_eq!(pdf["source"]["blocks"], text["source"]["blocks"], "{name}");
        assert!(
            !pdf["tables"].as_array().expect("tables").is_empty(),
            "{name}: tables are read"
        );
        assert_eq!(without_source(pdf), without_source(text), "{name}");
    }
}

#[test]
fn blocks_name_the_pages_they_are_on() {
    require_pdftotext();
    for name in REAL {
        let pdf = process(&fixture(&format!("{name}.pdf"))).expect("the PDF is read");
        let text = std::fs::read_to_string(fixture(&format!("{name}.txt"))).expect("text");
        let pages = text.matches('\u{c}').count() as u64;
        assert_eq!(pdf["source"]["pages"], pages, "{name}");
        let blocks: Vec<&str> = pdf["source"]["blocks"]
            .as_array()
            .expect("blocks")
            .iter()
            .map(|b| b.as_str().expect("string"))
            .collect();
        // Every block has its page, pages never go back, and they run from the first page to
        // (nearly) the last.
        let mut last = 0;
        for block in &blocks {
            let (_, page) = block
                .rsplit_once(", page")
                .unwrap_or_else(|| panic!("{name}: {block} has no page"));
            let page = page.trim_start_matches('s').trim();
            let (first, end) = page.split_once('-').unwrap_or((page, page));
            let (first, end): (u64, u64) = (first.parse().unwrap(), end.parse().unwrap());
            assert!(
                first <= end && first >= last && end <= pages,
                "{name}: {block}"
            );
            last = first;
        }
        assert!(blocks[0].ends_with(", page 1"), "{name}: {}", blocks[0]);
        assert!(
            last + 1 >= pages,
            "{name}: last block on page {last} of {pages}"
        );
    }
}

/// Each hostile fixture and the error `kind` it must end in, with a phrase of its message.
const HOSTILE: &[(&str, &str, &str)] = &[
    ("bomb.pdf", "out_of_memory", "ran out of memory"),
    ("random.pdf", "broken_pdf", "broken PDF: Syntax Error"),
    (
        "truncated.pdf",
        "broken_pdf",
        "broken PDF: Syntax Error: Couldn't find trailer",
    ),
    ("zero-pages.pdf", "no_pages", "no pages"),
    ("empty-pages.pdf", "needs_ocr", "5000 page(s)"),
    ("scan.pdf", "needs_ocr", "needs OCR"),
    ("encrypted.pdf", "encrypted", "Incorrect password"),
    (
        "garbage.pdf",
        "unreadable_text",
        "text layer unreadable (broken font maps); needs OCR",
    ),
];

#[test]
fn hostile_pdfs_each_get_their_error() {
    require_pdftotext();
    for (name, kind, phrase) in HOSTILE {
        let path = fixture(&format!("hostile/{name}"));
        let error = process(&path).expect_err(name);
        assert_eq!(error.kind, *kind, "{name}: {error}");
        assert!(error.message.contains(phrase), "{name}: {error}");
        assert_eq!(error.path, path.display().to_string());
    }
}

#[test]
fn a_pdf_with_only_an_owner_password_is_read() {
    require_pdftotext();
    // No password is needed to open it; its permissions forbid copying, which pdftotext does
    // not enforce.
    let json = process(&fixture("hostile/encrypted-owner-only.pdf")).expect("read");
    assert_eq!(json["source"]["pages"], 1);
    let first = json["source"]["blocks"][0].as_str().unwrap();
    assert!(
        first.starts_with("line") && first.ends_with(", page 1"),
        "{first}"
    );
}

#[test]
fn a_run_over_a_folder_of_pdfs_records_each_failure_and_writes_the_rest() {
    require_pdftotext();
    let dir = tempfile::tempdir().unwrap();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    for (name, _, _) in HOSTILE {
        std::fs::copy(fixture(&format!("hostile/{name}")), inputs.join(name)).unwrap();
    }
    std::fs::copy(
        fixture("hostile/encrypted-owner-only.pdf"),
        inputs.join("encrypted-owner-only.pdf"),
    )
    .unwrap();
    // Found by extension in a folder, read by its bytes.
    std::fs::copy(fixture("shanghai-e6beaf625c.pdf"), inputs.join("real.PDF")).unwrap();
    let out = dir.path().join("out");
    let status = Command::new(env!("CARGO_BIN_EXE_budget-extract"))
        .arg(&inputs)
        .arg("-o")
        .arg(&out)
        .arg("--quiet")
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(1), "some inputs failed");
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let failures = report["failures"].as_array().unwrap();
    for (name, kind, _) in HOSTILE {
        let record = failures
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap_or_else(|| panic!("{name} has a failure record: {failures:?}"));
        assert_eq!(record["stage"], "read", "{name}");
        assert_eq!(record["kind"], *kind, "{name}");
    }
    assert_eq!(failures.len(), HOSTILE.len(), "{failures:?}");
    let written: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("real-") || n.starts_with("encrypted-owner-only-"))
        .collect();
    assert_eq!(written.len(), 2, "{written:?}");
}

#[test]
fn a_missing_pdftotext_is_an_error_record_saying_what_to_install() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_budget-extract"))
        .arg(fixture("shanghai-e6beaf625c.pdf"))
        .arg(fixture("shanghai-e6beaf625c.txt"))
        .arg("-o")
        .arg(&out)
        .env(
            read::pdf::PROGRAM_VARIABLE,
            dir.path().join("no-such-pdftotext"),
        )
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("install poppler-utils"), "{stderr}");
    let report: Value =
        serde_json::from_slice(&std::fs::read(out.join("run.json")).unwrap()).unwrap();
    let failures = report["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert_eq!(failures[0]["kind"], "pdftotext_missing");
    assert!(failures[0]["message"]
        .as_str()
        .unwrap()
        .contains("install poppler-utils"));
}

#[test]
fn a_time_limit_stops_a_slow_pdf() {
    require_pdftotext();
    // The bomb takes pdftotext seconds: a limit far under that stops it.
    let bytes = std::fs::read(fixture("hostile/bomb.pdf")).unwrap();
    let limits = Limits {
        pdf_timeout: std::time::Duration::from_millis(200),
        ..Limits::default()
    };
    let Err(error) = pipeline::process_bytes("bomb.pdf", &bytes, &limits) else {
        panic!("the bomb was read");
    };
    assert_eq!(error.kind, "timed_out");
    assert!(error.message.contains("timed out after 0.2 s"), "{error}");
}

#[test]
fn a_text_cap_refuses_a_pdf_whose_text_is_over_it() {
    require_pdftotext();
    let bytes = std::fs::read(fixture("shanghai-e6beaf625c.pdf")).unwrap();
    let limits = Limits {
        max_pdf_text_bytes: 4096,
        ..Limits::default()
    };
    let Err(error) = pipeline::process_bytes("real.pdf", &bytes, &limits) else {
        panic!("the text over the cap was read");
    };
    assert_eq!(error.kind, "too_large");
    assert!(error.message.contains("4096-byte cap"), "{error}");
}

#[test]
fn a_text_made_by_pdftotext_gets_pages_too() {
    // No pdftotext needed: the pages come from the form feeds in the text.
    let text = process(&fixture("guangzhou-3de0a678c4.txt")).expect("read");
    let blocks = text["source"]["blocks"].as_array().unwrap();
    assert!(blocks
        .iter()
        .all(|b| b.as_str().unwrap().contains(", page")));
    assert!(text["source"].get("pages").is_none());
}
