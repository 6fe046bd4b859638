//! Word packages built in memory.

use budget_extract::document::Document;
use budget_extract::read::{self, Limits};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::CompressionMethod;

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>"#;

pub const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"#;

pub const DOCUMENT_OPEN: &str = r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>"#;
pub const DOCUMENT_CLOSE: &str = "</w:body></w:document>";

/// A main document part around `body`.
pub fn document_xml(body: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n{DOCUMENT_OPEN}{body}{DOCUMENT_CLOSE}"
    )
}

/// A zip of the given parts, each stored with its own compression method.
pub fn zip_with(parts: &[(&str, &[u8], CompressionMethod)]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, data, method) in parts {
        writer
            .start_file(
                *name,
                SimpleFileOptions::default().compression_method(*method),
            )
            .unwrap();
        writer.write_all(data).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// A zip of the given parts, deflated.
pub fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let parts: Vec<(&str, &[u8], CompressionMethod)> = parts
        .iter()
        .map(|(name, data)| (*name, *data, CompressionMethod::Deflated))
        .collect();
    zip_with(&parts)
}

/// A minimal Word package around a main part stored with `method`.
pub fn package_with(document: &[u8], method: CompressionMethod) -> Vec<u8> {
    zip_with(&[
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
        ("word/document.xml", document, method),
    ])
}

/// A minimal Word package around a deflated main part.
pub fn package(document: &[u8]) -> Vec<u8> {
    package_with(document, CompressionMethod::Deflated)
}

/// The document a package reads into; panics with the reader's error otherwise.
pub fn read_ok(bytes: &[u8]) -> Document {
    read::read(bytes, &Limits::default())
        .unwrap_or_else(|e| panic!("{e}"))
        .0
}
