//! Damaged text: a real disclosure cut at any byte, or with bytes corrupted, is still read,
//! with the damaged bytes replaced and a warning saying where; bytes that are not text at all
//! are still refused.

use budget_extract::document::Document;
use budget_extract::read::{self, Limits, ReadError};
use std::fs;
use std::path::Path;

const DISCLOSURE: &str = "corpus/shanghai-putuo-justice-bureau-2026-unit-budget.txt";

fn corpus_text() -> Vec<u8> {
    fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(DISCLOSURE)).expect("corpus text")
}

/// A small deterministic generator (xorshift64*), so every run cuts at the same offsets.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn read_text(bytes: &[u8]) -> (Document, String) {
    match read::read(bytes, &Limits::default()) {
        Ok((document, info)) => (document, info.encoding.unwrap_or_default()),
        Err(e) => panic!("{} bytes refused: {e}", bytes.len()),
    }
}

fn damage_warnings(document: &Document) -> Vec<&String> {
    document
        .warnings
        .iter()
        .filter(|w| w.contains("U+FFFD"))
        .collect()
}

#[test]
fn utf8_text_cut_anywhere_is_read() {
    let whole = corpus_text();
    let text = std::str::from_utf8(&whole).expect("the corpus text is UTF-8");
    let mut random = Random(0x5EED_0001);
    let mut inside = 0;
    for _ in 0..120 {
        let cut = 1 + random.below(whole.len() - 1);
        let (document, encoding) = read_text(&whole[..cut]);
        assert_eq!(encoding, "UTF-8", "cut at {cut}");
        let warnings = damage_warnings(&document);
        if text.is_char_boundary(cut) {
            assert!(warnings.is_empty(), "cut at {cut}: {warnings:?}");
        } else {
            inside += 1;
            let line = whole[..cut].iter().filter(|&&b| b == b'\n').count() + 1;
            let start = (0..cut).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            assert_eq!(
                warnings,
                [&format!(
                    "the text is cut inside the last character: its {} byte{} at line {line} \
                     (byte {start}) were replaced with U+FFFD",
                    cut - start,
                    if cut - start == 1 { "" } else { "s" }
                )],
                "cut at {cut}"
            );
        }
    }
    // Most of this text is CJK, three bytes a character: most cuts fall inside one.
    assert!(inside > 40, "{inside} cuts inside a character");
}

#[test]
fn gbk_text_cut_anywhere_is_read() {
    let whole = corpus_text();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(std::str::from_utf8(&whole).unwrap());
    assert!(!unmappable);
    let mut random = Random(0x5EED_0002);
    let mut inside = 0;
    for _ in 0..120 {
        // From a few lines in: a handful of bytes is too little to tell an encoding by.
        let cut = 400 + random.below(gbk.len() - 400);
        let (document, encoding) = read_text(&gbk[..cut]);
        assert_eq!(encoding, "GBK", "cut at {cut}");
        let warnings = damage_warnings(&document);
        // The cut falls inside a character when it leaves a lead byte without its trail byte.
        let mut at = 0;
        while at < cut {
            at += if gbk[at] >= 0x81 { 2 } else { 1 };
        }
        if at == cut {
            assert!(warnings.is_empty(), "cut at {cut}: {warnings:?}");
        } else {
            inside += 1;
            assert_eq!(warnings.len(), 1, "cut at {cut}: {warnings:?}");
            assert!(
                warnings[0].starts_with("the text is cut inside the last character: its 1 byte"),
                "{}",
                warnings[0]
            );
        }
    }
    assert!(inside > 20, "{inside} cuts inside a character");
}

#[test]
fn corrupted_bytes_are_replaced_and_located() {
    let mut bytes = corpus_text();
    let text = String::from_utf8(bytes.clone()).unwrap();
    // Three bytes overwritten in the middle of a line, and far below the lead byte of a
    // three-byte character (which leaves its two trail bytes invalid too).
    let first = text.find("司法").unwrap() + 3000;
    let first = (first..).find(|&i| text.is_char_boundary(i)).unwrap();
    let second = (first + 20_000..)
        .find(|&i| text.is_char_boundary(i) && bytes[i] >= 0x80)
        .unwrap();
    bytes[first..first + 3].copy_from_slice(&[0xFF, 0xFE, 0xFF]);
    bytes[second] = 0xC0;
    let (document, encoding) = read_text(&bytes);
    assert_eq!(encoding, "UTF-8");
    let line = |at: usize| text[..at].matches('\n').count() + 1;
    let warnings = damage_warnings(&document);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("6 corrupted bytes in 2 places, not valid UTF-8"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains(&format!("3 at line {} (byte {first})", line(first)))
            && warnings[0].contains(&format!("3 at line {} (byte {second})", line(second))),
        "{}",
        warnings[0]
    );
    // The rest of the text reads as before: the same department and tables.
    let (clean, _) = read_text(text.as_bytes());
    assert_eq!(document.table_texts().len(), clean.table_texts().len());
}

#[test]
fn gbk_text_with_corrupted_bytes_stays_gbk() {
    let whole = corpus_text();
    let text = std::str::from_utf8(&whole).unwrap();
    let mut gbk = encoding_rs::GBK.encode(text).0.into_owned();
    let mut random = Random(0x5EED_0004);
    for _ in 0..5 {
        let at = random.below(gbk.len());
        gbk[at] = 0xFF;
    }
    let (document, encoding) = read_text(&gbk);
    assert_eq!(encoding, "GBK");
    let warnings = damage_warnings(&document);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("corrupted bytes in"),
        "{}",
        warnings[0]
    );
    let (clean, _) = read_text(&whole);
    assert_eq!(document.table_texts().len(), clean.table_texts().len());
}

#[test]
fn random_bytes_are_still_refused() {
    let mut random = Random(0x5EED_0003);
    for size in [64usize, 1000, 4096, 100_000] {
        let bytes: Vec<u8> = (0..size).map(|_| random.next() as u8).collect();
        match read::read(&bytes, &Limits::default()) {
            Err(ReadError::Text(e)) => assert_eq!(e.kind(), "binary"),
            other => panic!("{size} random bytes: {:?}", other.map(|(_, info)| info)),
        }
    }
}
