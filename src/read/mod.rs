//! `read`: bytes → [`Document`]. One module per input format; each is only a reader, and
//! nothing after this stage knows which one produced a document.

pub mod docx;
pub mod text;

use crate::document::Document;
use serde::Serialize;
use std::fmt;

/// Size caps that keep one hostile file from taking the machine down.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input file read at all, in bytes.
    pub max_file_bytes: u64,
    /// Largest decompressed size of one part of a zip container, in bytes.
    pub max_part_bytes: u64,
    /// Largest decompressed size of all parts read from one zip container, in bytes.
    pub max_inflated_bytes: u64,
    /// Most entries a zip container may list.
    pub max_zip_entries: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            max_part_bytes: 256 * 1024 * 1024,
            max_inflated_bytes: 512 * 1024 * 1024,
            max_zip_entries: 10_000,
        }
    }
}

/// The container format, decided from the bytes, never from the file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Docx,
}

/// What the reader learned about the source besides its content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    pub format: Format,
    /// The character encoding the text was decoded from (text inputs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The table layout the text reader recognised (text inputs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
}

#[derive(Debug)]
pub enum ReadError {
    Empty,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    /// An OLE compound file: a legacy `.doc`, or an encrypted `.docx`.
    OleContainer,
    Text(text::TextError),
    Docx(docx::DocxError),
}

impl ReadError {
    /// A short stable name for run reports and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            ReadError::Empty => "empty",
            ReadError::TooLarge { .. } => "too_large",
            ReadError::OleContainer => "ole_container",
            ReadError::Text(e) => e.kind(),
            ReadError::Docx(e) => e.kind(),
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Empty => f.write_str("the file is empty"),
            ReadError::TooLarge { bytes, limit } => {
                write!(f, "the file is {bytes} bytes, over the {limit}-byte cap")
            }
            ReadError::OleContainer => f.write_str(
                "this is an OLE compound file: a legacy Word .doc or a password-protected .docx; \
                 convert it to an unencrypted .docx (e.g. `soffice --headless --convert-to docx`)",
            ),
            ReadError::Text(e) => write!(f, "text: {e}"),
            ReadError::Docx(e) => write!(f, "docx: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Decides the format from the leading bytes.
pub fn sniff(bytes: &[u8]) -> Result<Format, ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(OLE_MAGIC) {
        return Err(ReadError::OleContainer);
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(b"PK\x05\x06") {
        return Ok(Format::Docx);
    }
    Ok(Format::Text)
}

/// Reads one input's bytes into a document.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<(Document, SourceInfo), ReadError> {
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
            limit: limits.max_file_bytes,
        });
    }
    match sniff(bytes)? {
        Format::Text => {
            let (document, encoding, layout) = text::read(bytes).map_err(ReadError::Text)?;
            Ok((
                document,
                SourceInfo {
                    format: Format::Text,
                    encoding: Some(encoding),
                    layout: Some(layout),
                },
            ))
        }
        Format::Docx => {
            let document = docx::read(bytes, limits).map_err(ReadError::Docx)?;
            Ok((
                document,
                SourceInfo {
                    format: Format::Docx,
                    encoding: None,
                    layout: None,
                },
            ))
        }
    }
}
