//! The same disclosure in another encoding or with other line endings gives the same JSON, apart
//! from `source`.

use budget_extract::document::Block;
use budget_extract::pipeline::process_bytes;
use budget_extract::read::Limits;
use serde_json::Value;

const SEED: &str = "corpus/000_19b5df8ff6376e0f.txt";

fn json_of(bytes: &[u8]) -> Value {
    let processed = process_bytes(SEED, bytes, &Limits::default()).expect("extracts");
    serde_json::from_slice(&processed.json).expect("valid JSON")
}

fn without_source(mut v: Value) -> (Value, Value) {
    let source = v
        .as_object_mut()
        .and_then(|o| o.remove("source"))
        .unwrap_or(Value::Null);
    (v, source)
}

fn seed_text() -> String {
    std::fs::read_to_string(SEED).expect("seed")
}

#[test]
fn gb18030_without_bom_is_detected() {
    let text = seed_text();
    let (gb, _, unmappable) = encoding_rs::GB18030.encode(&text);
    assert!(!unmappable);
    let (reference, _) = without_source(json_of(text.as_bytes()));
    let (converted, source) = without_source(json_of(&gb));
    assert_eq!(source["encoding"], "GBK");
    assert_eq!(converted, reference);
}

#[test]
fn utf16_with_bom() {
    let text = seed_text();
    for big_endian in [false, true] {
        let mut bytes = if big_endian {
            vec![0xFE, 0xFF]
        } else {
            vec![0xFF, 0xFE]
        };
        for unit in text.encode_utf16() {
            let pair = if big_endian {
                unit.to_be_bytes()
            } else {
                unit.to_le_bytes()
            };
            bytes.extend_from_slice(&pair);
        }
        let (reference, _) = without_source(json_of(text.as_bytes()));
        let (converted, source) = without_source(json_of(&bytes));
        let expected = if big_endian { "UTF-16BE" } else { "UTF-16LE" };
        assert_eq!(source["encoding"], expected);
        assert_eq!(converted, reference);
    }
}

#[test]
fn crlf_cr_and_utf8_bom() {
    let text = seed_text();
    let (reference, _) = without_source(json_of(text.as_bytes()));
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(without_source(json_of(crlf.as_bytes())).0, reference);
    let cr = text.replace('\n', "\r");
    assert_eq!(without_source(json_of(cr.as_bytes())).0, reference);
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(text.as_bytes());
    assert_eq!(without_source(json_of(&bom)).0, reference);
}

#[test]
fn tab_separated_rows_give_the_same_tables() {
    // Write the seed's document back out with one TAB-separated line per table row.
    let text = seed_text();
    let (document, _, _) = budget_extract::read::text::read(text.as_bytes()).expect("reads");
    let mut out = String::new();
    for block in &document.blocks {
        match block {
            Block::Paragraph(p) => {
                out.push_str(&p.text);
                out.push('\n');
            }
            Block::Table(t) => {
                for row in &t.rows {
                    let cells: Vec<String> =
                        row.cells.iter().map(|c| c.text.replace('\n', "")).collect();
                    out.push_str(&cells.join("\t"));
                    // A one-cell row needs a TAB to read as a row rather than a paragraph.
                    if cells.len() == 1 {
                        out.push('\t');
                    }
                    out.push('\n');
                }
            }
        }
        out.push('\n');
    }
    let (reference, _) = without_source(json_of(text.as_bytes()));
    let (converted, source) = without_source(json_of(out.as_bytes()));
    assert_eq!(source["layout"], "tab_separated");
    assert_eq!(converted["summary"], reference["summary"]);
    let kinds = |v: &Value| -> Vec<Value> {
        v["tables"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["kind"].clone())
            .collect()
    };
    assert_eq!(kinds(&converted), kinds(&reference));
    assert_eq!(
        converted["tables"][1]["rows"],
        reference["tables"][1]["rows"]
    );
}
