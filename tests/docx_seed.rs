//! The seed disclosure rendered to DOCX by two independent writers (LibreOffice from HTML, and
//! python-docx with every paragraph and cell split across runs) must give the same JSON as the
//! text route, apart from `source`. Regenerate the fixtures with scripts/make_docx_fixtures.py.

use budget_extract::pipeline::process_bytes;
use budget_extract::read::Limits;
use serde_json::Value;

const SEED_TEXT: &str = "corpus/000_19b5df8ff6376e0f.txt";

fn emitted_json(path: &str) -> Value {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let processed = process_bytes(path, &bytes, &Limits::default())
        .unwrap_or_else(|e| panic!("{path} failed: {e}"));
    serde_json::from_slice(&processed.json).expect("the pipeline emits JSON")
}

fn without_source(mut json: Value) -> Value {
    json.as_object_mut()
        .expect("the document JSON is an object")
        .remove("source");
    json
}

/// The first place two JSON values differ, as a path, for a readable failure.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let here = format!("{path}.{key}");
                match (x.get(key), y.get(key)) {
                    (Some(u), Some(v)) => {
                        if let Some(d) = first_difference(u, v, &here) {
                            return Some(d);
                        }
                    }
                    (u, v) => return Some(format!("{here}: {u:?} vs {v:?}")),
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (u, v)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(u, v, &format!("{path}[{i}]")) {
                    return Some(d);
                }
            }
            (x.len() != y.len()).then(|| format!("{path}: {} items vs {}", x.len(), y.len()))
        }
        _ => (a != b).then(|| format!("{path}: {a} vs {b}")),
    }
}

fn assert_same_as_text_route(docx_path: &str) {
    let text = emitted_json(SEED_TEXT);
    let docx = emitted_json(docx_path);
    assert_eq!(
        docx["source"]["format"], "docx",
        "{docx_path} was not read as DOCX"
    );
    assert_eq!(text["source"]["format"], "text");
    // Same blocks, in the same order, from both readers.
    assert_eq!(
        docx["source"]["blocks"].as_array().map(Vec::len),
        text["source"]["blocks"].as_array().map(Vec::len),
    );
    let (text, docx) = (without_source(text), without_source(docx));
    if let Some(difference) = first_difference(&text, &docx, "") {
        panic!("{docx_path} differs from the text route at {difference}");
    }
    // The comparison means something only if the seed yields a real extraction.
    assert!(text["tables"].as_array().is_some_and(|t| t.len() >= 10));
    assert!(text["summary"].as_object().is_some_and(|s| !s.is_empty()));
}

#[test]
fn libreoffice_seed_gives_the_text_routes_json() {
    assert_same_as_text_route("tests/fixtures/docx/seed-libreoffice.docx");
}

#[test]
fn python_docx_seed_gives_the_text_routes_json() {
    assert_same_as_text_route("tests/fixtures/docx/seed-python-docx.docx");
}
