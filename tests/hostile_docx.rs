//! Hostile and broken containers: every input here is generated at run time and must end in a
//! per-file error with a stable kind, or in a result with reader warnings; never a panic, a hang
//! or memory beyond the caps.

mod common;
use common::docx::*;

use budget_extract::pipeline::{process_bytes, FileError, Processed, Stage};
use budget_extract::read::Limits;
use std::io::Cursor;
use std::time::{Duration, Instant};

/// A disclosure small enough to read in a blink: a title, a unit and one table.
const DISCLOSURE_BODY: &str = "<w:p><w:r><w:t>重庆市某局2026年部门收支总表</w:t></w:r></w:p>\
    <w:p><w:r><w:t>单位：万元</w:t></w:r></w:p>\
    <w:tbl><w:tr><w:tc><w:p><w:r><w:t>项目</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>预算数</w:t></w:r></w:p></w:tc></w:tr>\
    <w:tr><w:tc><w:p><w:r><w:t>一般公共预算拨款收入</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>1,234.56</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";

fn limits() -> Limits {
    Limits::default()
}

/// Runs the whole per-file pipeline and insists it finished quickly, since a hang is a failure
/// too.
fn process(name: &str, bytes: &[u8], limits: &Limits) -> Result<Processed, FileError> {
    let started = Instant::now();
    let outcome = process_bytes(name, bytes, limits);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(20), "{name} took {took:?}");
    if let Err(e) = &outcome {
        assert_ne!(e.kind, "internal", "{name}: the pipeline panicked: {e}");
        assert_eq!(e.path, name);
    }
    outcome
}

/// The error kind for an input that must be refused, with its message.
fn refused(name: &str, bytes: &[u8], limits: &Limits) -> (String, String) {
    match process(name, bytes, limits) {
        Ok(p) => panic!(
            "{name} was read: {:?}",
            p.disclosure
                .warnings
                .iter()
                .map(|w| w.code)
                .collect::<Vec<_>>()
        ),
        Err(e) => {
            assert_eq!(e.stage, Stage::Read, "{e}");
            (e.kind, e.message)
        }
    }
}

fn warning_codes(processed: &Processed) -> Vec<&'static str> {
    processed
        .disclosure
        .warnings
        .iter()
        .map(|w| w.code)
        .collect()
}

/// The same pseudo-random bytes on every run.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 32) as u8
        })
        .collect()
}

#[test]
fn an_empty_file_is_refused_whatever_its_name() {
    for name in ["empty.docx", "empty.txt", "empty"] {
        let (kind, message) = refused(name, b"", &limits());
        assert_eq!(kind, "empty");
        assert!(message.contains("empty"), "{message}");
    }
}

#[test]
fn random_bytes_are_never_a_clean_result() {
    // The format comes from the bytes, so random bytes named .docx go to the text reader.
    for (seed, name) in [(1, "noise.docx"), (2, "noise.txt"), (3, "noise.docx")] {
        let bytes = noise(64 * 1024, seed);
        match process(name, &bytes, &limits()) {
            Err(e) => assert_eq!(e.kind, "binary", "{e}"),
            Ok(p) => {
                // Whatever the decoder made of them, nothing in them is a disclosure, and the
                // output says so.
                let codes = warning_codes(&p);
                assert!(p.disclosure.department.is_none() && codes.contains(&"no_department"));
                assert!(p.disclosure.fiscal_year.is_none() && codes.contains(&"no_fiscal_year"));
            }
        }
    }
    // Random bytes behind a zip signature are a broken zip.
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend(noise(64 * 1024, 4));
    assert_eq!(refused("noise.docx", &bytes, &limits()).0, "not_zip");
}

#[test]
fn a_truncated_docx_is_not_a_zip() {
    let whole = package(document_xml(DISCLOSURE_BODY).as_bytes());
    assert!(process("whole.docx", &whole, &limits()).is_ok());
    for keep in [
        4,
        30,
        whole.len() / 3,
        whole.len() / 2,
        whole.len() - 23,
        whole.len() - 1,
    ] {
        let (kind, message) = refused("cut.docx", &whole[..keep], &limits());
        assert_eq!(kind, "not_zip", "cut at {keep}: {message}");
        assert!(message.contains("zip"), "{message}");
    }
}

#[test]
fn a_zip_without_a_word_document() {
    let bytes = zip_of(&[
        ("readme.txt", "部门预算".as_bytes()),
        ("data/table.csv", b"a,b\n1,2\n"),
    ]);
    let (kind, message) = refused("archive.docx", &bytes, &limits());
    assert_eq!(kind, "no_document_part");
    assert!(message.contains("Word"), "{message}");

    // A package whose relationships name a document part that is not in the archive.
    let bytes = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
    ]);
    let (kind, message) = refused("hollow.docx", &bytes, &limits());
    assert_eq!(kind, "no_document_part");
    assert!(message.contains("word/document.xml"), "{message}");
}

#[test]
fn a_document_part_that_is_not_xml() {
    let cases: [(&str, Vec<u8>, &str); 5] = [
        (
            "text",
            "这不是XML，只是一段文字".as_bytes().to_vec(),
            "malformed_xml",
        ),
        ("binary", noise(4096, 5), "malformed_xml"),
        (
            "png",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10".to_vec(),
            "malformed_xml",
        ),
        ("empty", Vec::new(), "malformed_xml"),
        (
            "html",
            b"<html><body><p>2026</p></body></html>".to_vec(),
            "no_document_part",
        ),
    ];
    for (what, part, expected) in cases {
        let (kind, message) = refused(what, &package(&part), &limits());
        assert_eq!(kind, expected, "{what}: {message}");
        assert!(message.contains("word/document.xml"), "{what}: {message}");
    }
}

#[test]
fn a_document_part_with_a_byte_order_mark_still_reads() {
    let mut part = b"\xEF\xBB\xBF".to_vec();
    part.extend(document_xml("<w:p><w:r><w:t>带BOM</w:t></w:r></w:p>").bytes());
    let doc = read_ok(&package(&part));
    assert_eq!(doc.paragraphs().next().unwrap().1.text, "带BOM");
}

#[test]
fn malformed_xml_names_the_part_and_the_byte() {
    let mismatched = document_xml("<w:p><w:r><w:t>收入</w:r></w:t></w:p>");
    let (kind, message) = refused("mismatched", &package(mismatched.as_bytes()), &limits());
    assert_eq!(kind, "malformed_xml");
    assert!(
        message.contains("word/document.xml") && message.contains("at byte"),
        "{message}"
    );

    let whole = document_xml(DISCLOSURE_BODY);
    let cuts = [
        ("mid-tag", whole.find("<w:tbl>").unwrap() + 4),
        ("mid-attribute", whole.find("xmlns:w=").unwrap() + 12),
        ("mid-text", whole.find("1,234").unwrap() + 2),
        (
            "before the last end tag",
            whole.len() - "</w:document>".len(),
        ),
    ];
    for (what, at) in cuts {
        let (kind, message) = refused(what, &package(&whole.as_bytes()[..at]), &limits());
        assert_eq!(kind, "malformed_xml", "{what}: {message}");
    }
}

#[test]
fn elements_nested_a_hundred_thousand_deep() {
    let depth = 100_000;
    let wrapped = |open: &str, close: &str, inner: &str| {
        format!("{}{inner}{}", open.repeat(depth), close.repeat(depth))
    };
    let bodies = [
        wrapped("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "<w:p/>"),
        wrapped("<x:y xmlns:x=\"urn:x\">", "</x:y>", ""),
        wrapped("<w:p><w:r><w:t>", "</w:t></w:r></w:p>", "深"),
        // Inside an element the reader skips: the parser's own stack would grow all the same.
        format!(
            "<w:p><w:pPr><w:sectPr>{}</w:sectPr></w:pPr></w:p>",
            wrapped("<w:x>", "</w:x>", "")
        ),
        // Never closed at all.
        "<w:tbl><w:tr><w:tc>".repeat(depth),
    ];
    for body in bodies {
        let xml = format!("{DOCUMENT_OPEN}{body}{DOCUMENT_CLOSE}");
        let (kind, message) = refused("deep.docx", &package(xml.as_bytes()), &limits());
        assert_eq!(kind, "too_deep", "{message}");
        assert!(message.contains("1024"), "{message}");
    }

    // Real documents nest a few dozen levels, drawings included.
    let shallow = "<w:p><w:r><w:t>浅</w:t></w:r></w:p>".to_string();
    let deep_enough = format!(
        "{}<w:p><w:r><w:t>浅</w:t></w:r></w:p>{}",
        "<w:sdt><w:sdtContent>".repeat(200),
        "</w:sdtContent></w:sdt>".repeat(200)
    );
    for body in [shallow, deep_enough] {
        let doc = read_ok(&package(document_xml(&body).as_bytes()));
        assert_eq!(doc.paragraphs().next().unwrap().1.text, "浅");
    }
}

#[test]
fn a_doctype_never_expands_or_fetches_entities() {
    // Billion laughs, an external file, a URL and a parameter entity.
    let doctype = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE w:document [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY passwd SYSTEM "file:///etc/passwd">
  <!ENTITY remote SYSTEM "http://127.0.0.1:9/entity">
  <!ENTITY % parameter SYSTEM "http://127.0.0.1:9/dtd">
  %parameter;
]>
"#;
    let xml = format!(
        "{doctype}{DOCUMENT_OPEN}<w:p><w:r><w:t>收入&lol9;&passwd;&remote;&amp;支出</w:t></w:r></w:p>\
         <w:p w:rsidR=\"&lol9;\"><w:r><w:t>属性</w:t></w:r></w:p>{DOCUMENT_CLOSE}"
    );
    let processed = process("doctype.docx", &package(xml.as_bytes()), &limits()).unwrap();
    assert!(warning_codes(&processed).contains(&"reader"));
    assert!(processed
        .disclosure
        .warnings
        .iter()
        .any(|w| w.message.contains("entity")));
    let doc = read_ok(&package(xml.as_bytes()));
    let texts: Vec<&str> = doc.paragraphs().map(|(_, p)| p.text.as_str()).collect();
    assert_eq!(texts, ["收入&lol9;&passwd;&remote;&支出", "属性"]);
}

#[test]
fn invalid_utf8_in_the_xml_is_replaced_with_a_warning() {
    let mut part = format!("{DOCUMENT_OPEN}<w:p><w:r><w:t>预算").into_bytes();
    part.extend_from_slice(&[0xFF, 0xFE, 0xC3]);
    part.extend_from_slice("收入</w:t></w:r></w:p>".as_bytes());
    // In a CDATA section and in an attribute value, too.
    part.extend_from_slice(b"<w:p><w:r><w:t><![CDATA[\xE4\xB8]]></w:t></w:r></w:p>");
    part.extend_from_slice(b"<w:p><w:pPr><w:pStyle w:val=\"\xC0\xAF\"/></w:pPr><w:r><w:t>");
    part.extend_from_slice("样式</w:t></w:r></w:p>".as_bytes());
    part.extend_from_slice(DOCUMENT_CLOSE.as_bytes());
    let bytes = package(&part);
    let doc = read_ok(&bytes);
    let texts: Vec<&str> = doc.paragraphs().map(|(_, p)| p.text.as_str()).collect();
    assert_eq!(
        texts,
        ["预算\u{FFFD}\u{FFFD}\u{FFFD}收入", "\u{FFFD}", "样式"]
    );
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(
        doc.warnings[0].contains("not valid UTF-8"),
        "{:?}",
        doc.warnings
    );
    let processed = process("utf8.docx", &bytes, &limits()).unwrap();
    assert!(warning_codes(&processed).contains(&"reader"));
}

/// A raw deflate stream that inflates to `prefix` followed by `repeat` copies of its last byte:
/// one fixed-Huffman block of literals, then back-references of 258 bytes at distance 1, each
/// 13 bits, so a gigabyte takes under 7 MB.
fn deflate_bomb(prefix: &[u8], repeat: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        buffer: u64,
        count: u32,
    }
    impl Bits {
        fn push(&mut self, value: u64, bits: u32) {
            self.buffer |= value << self.count;
            self.count += bits;
            while self.count >= 8 {
                self.out.push(self.buffer as u8);
                self.buffer >>= 8;
                self.count -= 8;
            }
        }
        /// Huffman codes go out most significant bit first.
        fn code(&mut self, code: u64, bits: u32) {
            let reversed = (0..bits).fold(0, |r, i| r | ((code >> i) & 1) << (bits - 1 - i));
            self.push(reversed, bits);
        }
    }
    assert!(
        prefix.iter().all(|&b| b < 144),
        "literals above 143 take 9 bits"
    );
    let mut bits = Bits {
        out: Vec::new(),
        buffer: 0,
        count: 0,
    };
    bits.push(1, 1); // the final block
    bits.push(1, 2); // fixed Huffman codes
    for &byte in prefix {
        bits.code(0x30 + u64::from(byte), 8);
    }
    let copy = |bits: &mut Bits| {
        bits.code(0b1100_0101, 8); // length 258
        bits.code(0, 5); // distance 1
    };
    let (mut copies, rest) = (repeat / 258, repeat % 258);
    while bits.count != 0 && copies > 0 {
        copy(&mut bits);
        copies -= 1;
    }
    // Once byte-aligned, eight copies are 13 whole bytes that repeat unchanged.
    if bits.count == 0 {
        let mut eight = Bits {
            out: Vec::new(),
            buffer: 0,
            count: 0,
        };
        (0..8).for_each(|_| copy(&mut eight));
        for _ in 0..copies / 8 {
            bits.out.extend_from_slice(&eight.out);
        }
        copies %= 8;
    }
    (0..copies).for_each(|_| copy(&mut bits));
    for _ in 0..rest {
        bits.code(0x30 + u64::from(*prefix.last().unwrap()), 8);
    }
    bits.code(0, 7); // end of block
    bits.push(0, 7);
    bits.out
}

/// A zip written by hand: deflated entries whose headers claim `claimed` inflated bytes (the
/// CRC is never reached: the reader stops at a cap first), plus stored entries as given.
fn raw_zip(deflated: &[(&str, Vec<u8>, u32)], stored: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    let mut count = 0u16;
    let mut entry =
        |out: &mut Vec<u8>, name: &str, data: &[u8], method: u16, size: u32, crc: u32| {
            let offset = out.len() as u32;
            let header = |signature: u32, central: bool| {
                let mut h = signature.to_le_bytes().to_vec();
                if central {
                    h.extend(20u16.to_le_bytes()); // made by
                }
                h.extend(20u16.to_le_bytes()); // needed
                h.extend(0u16.to_le_bytes()); // flags
                h.extend(method.to_le_bytes());
                h.extend([0u8; 4]); // time, date
                h.extend(crc.to_le_bytes());
                h.extend((data.len() as u32).to_le_bytes());
                h.extend(size.to_le_bytes());
                h.extend((name.len() as u16).to_le_bytes());
                h.extend(0u16.to_le_bytes()); // extra
                if central {
                    h.extend([0u8; 6]); // comment length, disk, internal attributes
                    h.extend(0u32.to_le_bytes()); // external attributes
                    h.extend(offset.to_le_bytes());
                }
                h.extend(name.as_bytes());
                h
            };
            out.extend(header(0x0403_4b50, false));
            out.extend(data);
            central.extend(header(0x0201_4b50, true));
            count += 1;
        };
    for (name, data, claimed) in deflated {
        entry(&mut out, name, data, 8, *claimed, 0);
    }
    for (name, data) in stored {
        entry(&mut out, name, data, 0, data.len() as u32, crc32(data));
    }
    let start = out.len() as u32;
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(start.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

const GIB: u64 = 1024 * 1024 * 1024;

/// A package whose main part inflates to a gigabyte of text in one `w:t`.
fn gigabyte_bomb(claimed: u32) -> Vec<u8> {
    let prefix = format!("{DOCUMENT_OPEN}<w:p><w:r><w:t>a");
    let stream = deflate_bomb(prefix.as_bytes(), GIB - prefix.len() as u64);
    raw_zip(
        &[("word/document.xml", stream, claimed)],
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ],
    )
}

#[test]
fn the_bomb_generator_makes_a_readable_zip() {
    // The same construction, small and with an honest header, reads as a document: so the
    // refusals below are the caps at work, not a broken generator.
    let prefix = format!("{DOCUMENT_OPEN}<w:p><w:r><w:t>a");
    let suffix = format!("</w:t></w:r></w:p>{DOCUMENT_CLOSE}");
    let mut xml = prefix.clone().into_bytes();
    xml.extend(vec![b'a'; 1000]);
    xml.extend(suffix.as_bytes());
    let stored = raw_zip(
        &[],
        &[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", PACKAGE_RELS.as_bytes()),
            ("word/document.xml", &xml),
        ],
    );
    let doc = read_ok(&stored);
    assert_eq!(doc.paragraphs().next().unwrap().1.text.len(), 1001);
    // The deflate stream inflates to exactly what it claims, through the byte-aligned copies.
    let repeat = 100_003;
    let stream = deflate_bomb(prefix.as_bytes(), repeat);
    let mut zip = zip::ZipArchive::new(Cursor::new(raw_zip(
        &[("x", stream, (prefix.len() as u64 + repeat) as u32)],
        &[],
    )))
    .unwrap();
    let mut inflated = Vec::new();
    // The CRC is left out, so the last read fails; everything before it arrives.
    std::io::Read::read_to_end(&mut zip.by_index(0).unwrap(), &mut inflated).ok();
    assert_eq!(inflated.len() as u64, prefix.len() as u64 + repeat);
    assert!(inflated.starts_with(prefix.as_bytes()));
    assert!(inflated[prefix.len()..].iter().all(|&b| b == b'a'));
}

#[test]
fn a_gigabyte_zip_bomb_is_refused_from_its_header() {
    let bytes = gigabyte_bomb(GIB as u32);
    assert!(bytes.len() < 8 * 1024 * 1024);
    let (kind, message) = refused("bomb.docx", &bytes, &limits());
    assert_eq!(kind, "too_large");
    assert!(
        message.contains("word/document.xml") && message.contains("67108864-byte cap per part"),
        "{message}"
    );
}

#[test]
fn a_gigabyte_zip_bomb_that_lies_about_its_size_stops_at_the_cap() {
    let bytes = gigabyte_bomb(1000);
    // A small cap keeps the debug build quick; scripts/memory_caps.sh runs the default caps.
    let limits = Limits {
        max_part_bytes: 2 * 1024 * 1024,
        ..Limits::default()
    };
    let (kind, message) = refused("liar.docx", &bytes, &limits);
    assert_eq!(kind, "too_large");
    assert!(message.contains("2097152-byte cap per part"), "{message}");

    // The cap on all parts together holds when each part is under its own cap.
    let limits = Limits {
        max_part_bytes: 8 * 1024 * 1024,
        max_inflated_bytes: 3 * 1024 * 1024,
        ..Limits::default()
    };
    let (kind, message) = refused("liar.docx", &bytes, &limits);
    assert_eq!(kind, "too_large");
    assert!(message.contains("3145728-byte cap per file"), "{message}");
}

#[test]
fn thousands_of_entries() {
    let document = document_xml(DISCLOSURE_BODY);
    let filler: Vec<(String, Vec<u8>)> = (0..3000)
        .map(|i| (format!("customXml/item{i}.xml"), b"<x/>".to_vec()))
        .collect();
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ];
    parts.extend(filler.iter().map(|(n, d)| (n.as_str(), d.as_slice())));
    let bytes = zip_of(&parts);
    // Under the cap: read as usual.
    let processed = process("many.docx", &bytes, &limits()).unwrap();
    assert_eq!(processed.disclosure.tables.len(), 1);
    // Over a lower cap: refused.
    let limits = Limits {
        max_zip_entries: 2000,
        ..Limits::default()
    };
    let (kind, message) = refused("many.docx", &bytes, &limits);
    assert_eq!(kind, "too_many_entries");
    assert!(
        message.contains("3003 entries") && message.contains("2000-entry cap"),
        "{message}"
    );
}

#[test]
fn a_central_directory_of_a_million_entries_is_refused_before_it_is_listed() {
    // One real entry and a million central headers pointing at it: 50 MB that would take
    // hundreds of MB to list.
    let mut bytes = raw_zip(&[], &[("a", b"x")]);
    let header_at = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
    let header = bytes[header_at..header_at + 47].to_vec();
    let entries = 1_000_000u32;
    let mut central = Vec::with_capacity(header.len() * entries as usize);
    for i in 0..entries {
        central.extend_from_slice(&header[..46]);
        // Distinct one-byte names would collide; the zip reader keeps the last of a name.
        central.push(b'a' + (i % 26) as u8);
    }
    bytes.truncate(header_at);
    bytes.extend(&central);
    bytes.extend(0x0605_4b50u32.to_le_bytes());
    bytes.extend([0u8; 4]);
    bytes.extend(0xFFFFu16.to_le_bytes());
    bytes.extend(0xFFFFu16.to_le_bytes());
    bytes.extend((central.len() as u32).to_le_bytes());
    bytes.extend((header_at as u32).to_le_bytes());
    bytes.extend(0u16.to_le_bytes());
    let (kind, message) = refused("directory-bomb.docx", &bytes, &limits());
    assert_eq!(kind, "too_many_entries");
    assert!(message.contains("1000000 entries"), "{message}");
}

/// A compound file (OLE2) header and directory, as a legacy `.doc` or an encrypted `.docx`
/// starts: the directory names the streams that say which one it is.
fn compound_file(streams: &[&str]) -> Vec<u8> {
    let mut file = vec![0u8; 512 * 3];
    file[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    file[24..26].copy_from_slice(&0x003Eu16.to_le_bytes()); // minor version
    file[26..28].copy_from_slice(&3u16.to_le_bytes()); // major version: 512-byte sectors
    file[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes()); // little-endian
    file[30..32].copy_from_slice(&9u16.to_le_bytes()); // sector shift
    file[32..34].copy_from_slice(&6u16.to_le_bytes()); // mini sector shift
    file[44..48].copy_from_slice(&1u32.to_le_bytes()); // FAT sectors
    file[48..52].copy_from_slice(&1u32.to_le_bytes()); // first directory sector
    file[56..60].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    file[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
    file[68..72].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
    file[76..80].copy_from_slice(&0u32.to_le_bytes()); // the FAT is sector 0
    for slot in file[80..512].chunks_mut(4) {
        slot.copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    // FAT: sector 0 holds the FAT, sector 1 the directory.
    let fat = 512;
    file[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
    file[fat + 4..fat + 8].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for slot in file[fat + 8..fat + 512].chunks_mut(4) {
        slot.copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    let directory = 1024;
    for (i, name) in std::iter::once("Root Entry")
        .chain(streams.iter().copied())
        .enumerate()
    {
        let entry = &mut file[directory + i * 128..directory + (i + 1) * 128];
        let utf16: Vec<u8> = name
            .encode_utf16()
            .chain([0])
            .flat_map(u16::to_le_bytes)
            .collect();
        entry[..utf16.len()].copy_from_slice(&utf16);
        entry[64..66].copy_from_slice(&(utf16.len() as u16).to_le_bytes());
        entry[66] = if i == 0 { 5 } else { 2 }; // root storage, stream
    }
    file
}

#[test]
fn legacy_doc_and_password_protected_docx_say_convert() {
    let cases = [
        ("report.doc", compound_file(&["WordDocument", "1Table"])),
        (
            "protected.docx",
            compound_file(&["EncryptionInfo", "EncryptedPackage"]),
        ),
    ];
    for (name, bytes) in cases {
        let (kind, message) = refused(name, &bytes, &limits());
        assert_eq!(kind, "ole_container", "{name}");
        assert!(
            message.contains(".doc")
                && message.contains("password")
                && message.contains("convert it to an unencrypted .docx"),
            "{message}"
        );
        assert!(!message.contains("zip"), "{message}");
    }
}
