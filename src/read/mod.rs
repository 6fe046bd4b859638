//! `read`: bytes → [`Document`]. One module per input format; each is only a reader, and
//! nothing after this stage knows which one produced a document.

pub mod docx;
pub mod sheet;
pub mod text;

use crate::document::Document;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use serde::Serialize;
use std::fmt;

/// Caps that keep one hostile file from taking the machine down. Every cap is checked on the
/// input's own figures (its size, the sizes its zip parts inflate to, its entry, line and cell
/// counts) before the work they bound is done, so a file over a cap costs little to refuse; it
/// gets a per-file error naming the cap and the run goes on.
///
/// Peak memory for one file stays within a small multiple of these figures; `docs/limits.md`
/// gives the measured multiples. The defaults are far above any real disclosure (a whole budget
/// disclosure is under 1 MB of text or a few MB of Word XML) and far below what takes a
/// machine down.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input file read at all, in bytes; checked on the file's size before it is read.
    /// Default 256 MiB.
    pub max_file_bytes: u64,
    /// Largest decompressed size of one part of a zip container, in bytes: counted as the part
    /// inflates, so a zip bomb (or a lying size header) stops at the cap. Default 64 MiB.
    pub max_part_bytes: u64,
    /// Largest decompressed size of all parts read from one zip container together, in bytes.
    /// Default 128 MiB.
    pub max_inflated_bytes: u64,
    /// Most entries a zip container may hold; checked on the central directory before the
    /// archive is opened, since each entry costs memory to list. Default 10,000.
    pub max_zip_entries: usize,
    /// Most lines a text input may hold (each may become a paragraph, and a paragraph costs far
    /// more memory than its bytes). Default 1,000,000.
    pub max_text_lines: usize,
    /// Most table cells one document may hold: in text, one per TAB; in Word, one per grid
    /// position a table expands to. Every later stage costs memory per cell. Default 1,000,000.
    pub max_cells: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_file_bytes: 256 * 1024 * 1024,
            max_part_bytes: 64 * 1024 * 1024,
            max_inflated_bytes: 128 * 1024 * 1024,
            max_zip_entries: 10_000,
            max_text_lines: 1_000_000,
            max_cells: 1_000_000,
        }
    }
}

/// The container format, decided from the bytes, never from the file name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    Text,
    Docx,
    /// A workbook: `.xlsx` or `.xls`.
    Spreadsheet,
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
    /// A text input with more lines than [`Limits::max_text_lines`].
    TooManyLines {
        lines: usize,
        limit: usize,
    },
    /// A text input with more TAB-separated cells than [`Limits::max_cells`].
    TooManyCells {
        cells: usize,
        limit: usize,
    },
    Text(text::TextError),
    Docx(docx::DocxError),
    Spreadsheet(sheet::SheetError),
}

impl ReadError {
    /// A short stable name for run reports and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            ReadError::Empty => "empty",
            ReadError::TooLarge { .. } => "too_large",
            ReadError::OleContainer => "ole_container",
            ReadError::TooManyLines { .. } => "too_many_lines",
            ReadError::TooManyCells { .. } => "too_many_cells",
            ReadError::Text(e) => e.kind(),
            ReadError::Docx(e) => e.kind(),
            ReadError::Spreadsheet(e) => e.kind(),
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
                "this is an OLE compound file without a workbook: a legacy Word .doc or a \
                 password-protected .docx or .xlsx; convert it to an unencrypted .docx (e.g. \
                 `soffice --headless --convert-to docx`) or save the workbook without a password",
            ),
            ReadError::TooManyLines { lines, limit } => {
                write!(f, "the text has {lines} lines, over the {limit}-line cap")
            }
            ReadError::TooManyCells { cells, limit } => write!(
                f,
                "the text has at least {cells} TAB-separated cells, over the {limit}-cell cap"
            ),
            ReadError::Text(e) => write!(f, "text: {e}"),
            ReadError::Docx(e) => write!(f, "docx: {e}"),
            ReadError::Spreadsheet(e) => write!(f, "spreadsheet: {e}"),
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
        return if sheet::is_xls(bytes) {
            Ok(Format::Spreadsheet)
        } else {
            Err(ReadError::OleContainer)
        };
    }
    if bytes.starts_with(ZIP_MAGIC) || bytes.starts_with(b"PK\x05\x06") {
        return Ok(if sheet::is_xlsx(bytes) {
            Format::Spreadsheet
        } else {
            Format::Docx
        });
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
            check_text_counts(bytes, limits)?;
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
        Format::Spreadsheet => {
            let container = if bytes.starts_with(OLE_MAGIC) {
                sheet::Container::Xls
            } else {
                sheet::Container::Xlsx
            };
            let document = sheet::read(bytes, container, limits).map_err(ReadError::Spreadsheet)?;
            Ok((
                document,
                SourceInfo {
                    format: Format::Spreadsheet,
                    encoding: None,
                    layout: None,
                },
            ))
        }
    }
}

/// Refuses a text input with more lines or cells than the caps allow, counted on the raw bytes
/// before anything is decoded or built. Every TAB starts a cell, so TABs are a lower bound on
/// cells; every paragraph is a line, so lines bound paragraphs.
fn check_text_counts(bytes: &[u8], limits: &Limits) -> Result<(), ReadError> {
    let (lines, tabs) = match Encoding::for_bom(bytes) {
        Some((encoding, bom)) if encoding == UTF_16LE || encoding == UTF_16BE => {
            let big_endian = encoding == UTF_16BE;
            count_lines_and_tabs(bytes[bom..].chunks_exact(2).map(|pair| {
                let unit = if big_endian {
                    u16::from_be_bytes([pair[0], pair[1]])
                } else {
                    u16::from_le_bytes([pair[0], pair[1]])
                };
                // Only the ASCII controls matter; anything else stands for "other".
                u8::try_from(unit).unwrap_or(0xFF)
            }))
        }
        // Every other encoding the text reader decodes keeps TAB, LF and CR as single bytes.
        _ => count_lines_and_tabs(bytes.iter().copied()),
    };
    if lines > limits.max_text_lines {
        return Err(ReadError::TooManyLines {
            lines,
            limit: limits.max_text_lines,
        });
    }
    if tabs > limits.max_cells {
        return Err(ReadError::TooManyCells {
            cells: tabs,
            limit: limits.max_cells,
        });
    }
    Ok(())
}

/// Lines as the text reader splits them (LF, CRLF or a lone CR ends one) and TABs.
fn count_lines_and_tabs(units: impl Iterator<Item = u8>) -> (usize, usize) {
    let (mut breaks, mut tabs) = (0usize, 0usize);
    let mut after_cr = false;
    let mut last = None;
    for unit in units {
        match unit {
            b'\n' if after_cr => {}
            b'\n' | b'\r' => breaks += 1,
            b'\t' => tabs += 1,
            _ => {}
        }
        after_cr = unit == b'\r';
        last = Some(unit);
    }
    // A last line without a line break still counts.
    let lines = breaks + usize::from(last.is_some_and(|u| u != b'\n' && u != b'\r'));
    (lines, tabs)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_tabs_are_counted_like_the_text_reader_splits_them() {
        assert_eq!(count_lines_and_tabs(b"".iter().copied()), (0, 0));
        assert_eq!(count_lines_and_tabs(b"a".iter().copied()), (1, 0));
        assert_eq!(count_lines_and_tabs(b"a\r\nb\rc\n".iter().copied()), (3, 0));
        assert_eq!(
            count_lines_and_tabs(b"\ta\tb\n\n\tc".iter().copied()),
            (3, 3)
        );
    }

    #[test]
    fn utf16_text_is_counted_by_code_unit() {
        // 上 is U+4E0A: its low byte is LF, but it is no line break.
        let mut bytes = vec![0xFF, 0xFE];
        for unit in "上\t下\n".encode_utf16() {
            bytes.extend_from_slice(&unit.to_le_bytes());
        }
        let limits = Limits {
            max_text_lines: 1,
            max_cells: 1,
            ..Limits::default()
        };
        assert!(check_text_counts(&bytes, &limits).is_ok());
        let limits = Limits {
            max_cells: 0,
            ..limits
        };
        assert_eq!(
            check_text_counts(&bytes, &limits).map_err(|e| e.kind()),
            Err("too_many_cells")
        );
    }
}
