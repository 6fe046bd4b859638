//! DOCX reader errors, by kind, and hostile input: every failure is a `DocxError` with a stable
//! kind and a message that says where and which cap, never a panic.

mod common;
use common::docx::*;

use budget_extract::pipeline::{process_bytes, Stage};
use budget_extract::read::{self, Limits, ReadError};
use zip::CompressionMethod;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"#;

fn body(body: &str) -> Vec<u8> {
    package_with(document_xml(body).as_bytes(), CompressionMethod::Deflated)
}

fn read_err(bytes: &[u8], limits: &Limits) -> (String, String) {
    match read::read(bytes, limits) {
        Ok((doc, _)) => panic!("read succeeded: {doc:?}"),
        Err(e) => {
            assert!(matches!(e, ReadError::Docx(_)), "{e:?}");
            (e.kind().to_string(), e.to_string())
        }
    }
}

/// Offsets of the local and central headers of the entry `name`.
fn headers(bytes: &[u8], name: &str) -> (usize, usize) {
    let find = |signature: &[u8], name_at: usize| {
        (0..bytes.len().saturating_sub(name_at))
            .find(|&i| {
                bytes[i..].starts_with(signature)
                    && bytes[i + name_at..].starts_with(name.as_bytes())
            })
            .unwrap()
    };
    (find(b"PK\x03\x04", 30), find(b"PK\x01\x02", 46))
}

fn patch_u16(bytes: &mut [u8], at: usize, value: u16) {
    bytes[at..at + 2].copy_from_slice(&value.to_le_bytes());
}

fn patch_u32(bytes: &mut [u8], at: usize, value: u32) {
    bytes[at..at + 4].copy_from_slice(&value.to_le_bytes());
}

#[test]
fn not_a_zip() {
    let bytes = b"PK\x03\x04 but nothing of a zip archive follows";
    let (kind, _) = read_err(bytes, &Limits::default());
    assert_eq!(kind, "not_zip");
    let error = process_bytes("broken.docx", bytes, &Limits::default())
        .err()
        .expect("the pipeline reports the error");
    assert_eq!((error.kind.as_str(), error.stage), ("not_zip", Stage::Read));
    assert_eq!(error.path, "broken.docx");
}

#[test]
fn no_document_part() {
    let bytes = zip_with(&[(
        "notes.txt",
        b"just a zip".as_slice(),
        CompressionMethod::Deflated,
    )]);
    assert_eq!(read_err(&bytes, &Limits::default()).0, "no_document_part");

    // The relationship points to a part that is not there.
    let bytes = zip_with(&[
        (
            "_rels/.rels",
            PACKAGE_RELS.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "word/other.xml",
            document_xml("").as_bytes(),
            CompressionMethod::Deflated,
        ),
    ]);
    let (kind, message) = read_err(&bytes, &Limits::default());
    assert_eq!(kind, "no_document_part");
    assert!(message.contains("word/document.xml"), "{message}");

    // A spreadsheet is a package too, but not a Word document.
    let types = CONTENT_TYPES.replace(
        "wordprocessingml.document.main+xml",
        "spreadsheetml.sheet.main+xml",
    );
    let bytes = zip_with(&[
        (
            "[Content_Types].xml",
            types.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "_rels/.rels",
            PACKAGE_RELS.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "word/document.xml",
            document_xml("").as_bytes(),
            CompressionMethod::Deflated,
        ),
    ]);
    let (kind, message) = read_err(&bytes, &Limits::default());
    assert_eq!(kind, "no_document_part");
    assert!(message.contains("not a Word document"), "{message}");
}

#[test]
fn main_part_found_from_content_types_without_relationships() {
    let bytes = zip_with(&[
        (
            "[Content_Types].xml",
            CONTENT_TYPES.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "word/document.xml",
            document_xml("<w:p><w:r><w:t>无关系部件</w:t></w:r></w:p>").as_bytes(),
            CompressionMethod::Deflated,
        ),
    ]);
    let doc = read_ok(&bytes);
    assert_eq!(doc.paragraphs().next().unwrap().1.text, "无关系部件");
}

#[test]
fn malformed_xml() {
    let (kind, message) = read_err(
        &body("<w:p><w:r><w:t>x</w:t></w:p></w:r>"),
        &Limits::default(),
    );
    assert_eq!(kind, "malformed_xml");
    assert!(
        message.contains("word/document.xml") && message.contains("at byte"),
        "{message}"
    );

    // Cut off mid-element.
    let truncated = document_xml("<w:p><w:r><w:t>x</w:t>");
    let truncated = &truncated[..truncated.len() - "</w:body></w:document>".len()];
    let (kind, _) = read_err(
        &package_with(truncated.as_bytes(), CompressionMethod::Deflated),
        &Limits::default(),
    );
    assert_eq!(kind, "malformed_xml");
}

#[test]
fn a_broken_styles_part_is_a_warning() {
    let bytes = zip_with(&[
        (
            "[Content_Types].xml",
            CONTENT_TYPES.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "_rels/.rels",
            PACKAGE_RELS.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "word/_rels/document.xml.rels",
            DOCUMENT_RELS.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "word/styles.xml",
            b"<w:styles><w:style></w:styles>".as_slice(),
            CompressionMethod::Deflated,
        ),
        (
            "word/document.xml",
            document_xml("<w:p><w:r><w:t>正文</w:t></w:r></w:p>").as_bytes(),
            CompressionMethod::Deflated,
        ),
    ]);
    let doc = read_ok(&bytes);
    assert_eq!(doc.paragraphs().next().unwrap().1.text, "正文");
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);
    assert!(doc.warnings[0].contains("word/styles.xml"));
}

fn long_body(paragraphs: usize) -> String {
    "<w:p><w:r><w:t>一般公共预算财政拨款支出</w:t></w:r></w:p>".repeat(paragraphs)
}

#[test]
fn part_over_its_cap() {
    let limits = Limits {
        max_part_bytes: 4096,
        ..Limits::default()
    };
    let (kind, message) = read_err(&body(&long_body(200)), &limits);
    assert_eq!(kind, "too_large");
    assert!(
        message.contains("4096") && message.contains("word/document.xml"),
        "{message}"
    );
}

#[test]
fn parts_over_the_file_cap() {
    let styles = format!(
        "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{}</w:styles>",
        "<w:style w:styleId=\"x\"/>".repeat(200)
    );
    let bytes = zip_with(&[
        (
            "[Content_Types].xml",
            CONTENT_TYPES.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "_rels/.rels",
            PACKAGE_RELS.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "word/_rels/document.xml.rels",
            DOCUMENT_RELS.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "word/styles.xml",
            styles.as_bytes(),
            CompressionMethod::Deflated,
        ),
        (
            "word/document.xml",
            document_xml(&long_body(100)).as_bytes(),
            CompressionMethod::Deflated,
        ),
    ]);
    let limits = Limits {
        max_inflated_bytes: 8000,
        ..Limits::default()
    };
    let (kind, message) = read_err(&bytes, &limits);
    assert_eq!(kind, "too_large");
    assert!(
        message.contains("8000") && message.contains("per file"),
        "{message}"
    );
}

#[test]
fn a_lying_size_header_does_not_get_past_the_cap() {
    let mut bytes = body(&long_body(2000));
    let (local, central) = headers(&bytes, "word/document.xml");
    // Claim the part inflates to 100 bytes.
    patch_u32(&mut bytes, local + 22, 100);
    patch_u32(&mut bytes, central + 24, 100);
    let limits = Limits {
        max_part_bytes: 10_000,
        ..Limits::default()
    };
    let (kind, message) = read_err(&bytes, &limits);
    assert_eq!(kind, "too_large", "{message}");
    assert!(message.contains("10000"), "{message}");
}

#[test]
fn too_many_entries() {
    let limits = Limits {
        max_zip_entries: 2,
        ..Limits::default()
    };
    let (kind, message) = read_err(&body(""), &limits);
    assert_eq!(kind, "too_many_entries");
    assert!(
        message.contains("3 entries") && message.contains("2-entry"),
        "{message}"
    );
}

#[test]
fn encrypted_entry() {
    let mut bytes = body("<w:p/>");
    for name in ["[Content_Types].xml", "_rels/.rels", "word/document.xml"] {
        let (local, central) = headers(&bytes, name);
        let flags = u16::from_le_bytes([bytes[central + 8], bytes[central + 9]]) | 1;
        patch_u16(&mut bytes, local + 6, flags);
        patch_u16(&mut bytes, central + 8, flags);
    }
    let (kind, message) = read_err(&bytes, &Limits::default());
    assert_eq!(kind, "encrypted");
    assert!(message.contains("password"), "{message}");
}

#[test]
fn unsupported_compression() {
    let mut bytes = body("<w:p/>");
    let (local, central) = headers(&bytes, "word/document.xml");
    // Method 12 is bzip2, which this build does not inflate.
    patch_u16(&mut bytes, local + 8, 12);
    patch_u16(&mut bytes, central + 10, 12);
    let (kind, message) = read_err(&bytes, &Limits::default());
    assert_eq!(kind, "unsupported_compression");
    assert!(message.contains("word/document.xml"), "{message}");
}

#[test]
fn corrupt_entry() {
    let document = document_xml("<w:p><w:r><w:t>checksum</w:t></w:r></w:p>");
    let mut bytes = package_with(document.as_bytes(), CompressionMethod::Stored);
    let at = bytes.windows(8).position(|w| w == b"checksum").unwrap();
    bytes[at] = b'C';
    let (kind, message) = read_err(&bytes, &Limits::default());
    assert_eq!(kind, "corrupt_zip");
    assert!(message.contains("word/document.xml"), "{message}");
}

#[test]
fn nesting_too_deep() {
    let depth = 3000;
    let nested = format!(
        "{}<w:p/>{}",
        "<w:sdt><w:sdtContent>".repeat(depth),
        "</w:sdtContent></w:sdt>".repeat(depth)
    );
    let (kind, message) = read_err(&body(&nested), &Limits::default());
    assert_eq!(kind, "too_deep");
    assert!(message.contains("1024"), "{message}");
}

#[test]
fn hostile_spans_are_capped() {
    let doc = read_ok(&body(
        "<w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"4294967295\"/></w:tcPr><w:p/></w:tc>\
         <w:tc><w:tcPr><w:gridSpan w:val=\"-3\"/></w:tcPr><w:p/></w:tc></w:tr>\
         <w:tr><w:trPr><w:gridBefore w:val=\"99999999\"/></w:trPr><w:tc><w:p/></w:tc></w:tr></w:tbl>",
    ));
    let table = doc.tables().next().unwrap().1;
    assert!(table.rows.iter().all(|r| r.cells.len() <= 1024));
    assert_eq!(table.rows[0].cells[0].col_span, 1024);
    assert_eq!(doc.warnings.len(), 1, "{:?}", doc.warnings);

    // Spanning cells amplify a few bytes of XML into many positions: the reader stops.
    let row = "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"1024\"/></w:tcPr><w:p/></w:tc></w:tr>";
    let table = format!("<w:tbl>{}</w:tbl>", row.repeat(1000));
    let (kind, _) = read_err(&body(&table), &Limits::default());
    assert_eq!(kind, "too_many_cells");
}

#[test]
fn utf16_parts_are_read() {
    let xml = document_xml("<w:p><w:r><w:t>双字节编码</w:t></w:r></w:p>")
        .replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in xml.encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    let doc = read_ok(&package_with(&utf16, CompressionMethod::Deflated));
    assert_eq!(doc.paragraphs().next().unwrap().1.text, "双字节编码");
}

/// Damaged copies of a real fixture: every one is read or refused, none panics.
#[test]
fn damaged_files_never_panic() {
    let original = std::fs::read("tests/fixtures/docx/features-libreoffice.docx").unwrap();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut outcomes = [0usize; 2];
    for _ in 0..300 {
        let mut bytes = original.clone();
        for _ in 0..1 + next() % 4 {
            let at = (next() % bytes.len() as u64) as usize;
            bytes[at] = next() as u8;
        }
        if next() % 5 == 0 {
            bytes.truncate((next() % bytes.len() as u64) as usize);
        }
        let outcome = std::panic::catch_unwind(|| read::read(&bytes, &Limits::default()));
        match outcome {
            Ok(Ok(_)) => outcomes[0] += 1,
            Ok(Err(_)) => outcomes[1] += 1,
            Err(_) => panic!("the reader panicked on damaged input"),
        }
    }
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}

#[test]
fn a_deleted_last_paragraph_mark_keeps_its_text() {
    let doc = read_ok(&body(
        "<w:p><w:r><w:t>前文</w:t></w:r></w:p>\
         <w:p><w:pPr><w:rPr><w:del w:id=\"1\" w:author=\"x\"/></w:rPr></w:pPr><w:r><w:t>最后</w:t></w:r></w:p>",
    ));
    let texts: Vec<&str> = doc.paragraphs().map(|(_, p)| p.text.as_str()).collect();
    assert_eq!(texts, ["前文", "最后"]);
}
