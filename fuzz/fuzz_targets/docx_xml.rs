#![no_main]
//! The DOCX reader's XML walkers behind a valid zip: arbitrary bytes as the main document part,
//! so every input reaches the body walker instead of failing the zip's checksum first. A first
//! byte of 0xFF splits the rest at the first NUL into the document and its styles part.

use budget_extract::read::{docx, Limits};
use libfuzzer_sys::fuzz_target;
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;

const CONTENT_TYPES: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const PACKAGE_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
const DOCUMENT_RELS: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;

fn package(document: &[u8], styles: Option<&[u8]>) -> Option<Vec<u8>> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let mut parts = vec![
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/document.xml", document),
    ];
    if let Some(styles) = styles {
        parts.push(("word/_rels/document.xml.rels", DOCUMENT_RELS));
        // The same bytes serve as styles and numbering: both parsers see them.
        parts.push(("word/styles.xml", styles));
        parts.push(("word/numbering.xml", styles));
    }
    for (name, data) in parts {
        writer.start_file(name, stored).ok()?;
        writer.write_all(data).ok()?;
    }
    Some(writer.finish().ok()?.into_inner())
}

fuzz_target!(|data: &[u8]| {
    let bytes = match data.split_first() {
        Some((0xFF, rest)) => {
            let split = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
            let (document, styles) = rest.split_at(split);
            package(document, Some(styles.get(1..).unwrap_or_default()))
        }
        _ => package(data, None),
    };
    if let Some(bytes) = bytes {
        let limits = Limits {
            max_part_bytes: 8 * 1024 * 1024,
            max_inflated_bytes: 16 * 1024 * 1024,
            ..Limits::default()
        };
        let _ = docx::read(&bytes, &limits);
    }
});
