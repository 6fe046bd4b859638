//! The real disclosures of `tests/fixtures/wild/` (and the real layouts of
//! `tests/fixtures/layouts/`), processed as the pipeline writes them.

use budget_extract::emit::ChecksListed;
use budget_extract::pipeline::process_bytes_listing;
use budget_extract::read::Limits;
use serde_json::Value;
use std::path::Path;

/// The JSON document of a wild fixture, listing the checks `listed` says.
pub fn document_listing(file: &str, listed: ChecksListed) -> Value {
    processed("wild", file, listed)
}

/// The JSON document of a fixture in `tests/fixtures/layouts/`, listing the checks `listed`
/// says.
pub fn layout_document(file: &str, listed: ChecksListed) -> Value {
    processed("layouts", file, listed)
}

fn processed(folder: &str, file: &str, listed: ChecksListed) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder)
        .join(file);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let processed = process_bytes_listing(file, &bytes, &Limits::default(), listed)
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    serde_json::from_slice(&processed.json).expect("valid JSON")
}

/// The JSON document of a wild fixture as written by default (its findings listed).
pub fn document(file: &str) -> Value {
    document_listing(file, ChecksListed::default())
}
