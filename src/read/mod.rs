//! `read`: bytes → [`Document`]. One module per input format; each is only a reader, and
//! nothing after this stage knows which one produced a document.

pub mod docx;
pub mod pdf;
pub mod sheet;
pub mod text;

use crate::document::Document;
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};
use serde::Serialize;
use std::fmt;
use std::time::Duration;

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
    /// How long `pdftotext` may take on one PDF before it is killed. Default 60 s; a real
    /// disclosure of 250 pages takes under 1 s.
    pub pdf_timeout: Duration,
    /// Most bytes of text `pdftotext` may write for one PDF; it is killed past them. Default
    /// 64 MiB (the longest real disclosure seen gives 1.3 MB).
    pub max_pdf_text_bytes: u64,
    /// Address space `pdftotext` may take (Unix: `RLIMIT_AS`), so that a PDF bomb ends the
    /// child, not the machine. Default 1 GiB; a real disclosure needs under 100 MiB.
    pub max_pdf_memory_bytes: u64,
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
            pdf_timeout: Duration::from_secs(60),
            max_pdf_text_bytes: 64 * 1024 * 1024,
            max_pdf_memory_bytes: 1024 * 1024 * 1024,
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
    /// Read through poppler's `pdftotext -layout`, then as text.
    Pdf,
}

/// What the reader learned about the source besides its content.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SourceInfo {
    pub format: Format,
    /// The character encoding the text was decoded from (text inputs only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<String>,
    /// The table layout the text reader recognised (text and PDF inputs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// Pages of a PDF.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<u32>,
    /// What `pdftotext` reported on stderr about a PDF it could read (its first lines).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub pdftotext_stderr: Vec<String>,
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
    Pdf(pdf::PdfError),
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
            ReadError::Pdf(e) => e.kind(),
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
            ReadError::Pdf(e) => write!(f, "pdf: {e}"),
        }
    }
}

impl std::error::Error for ReadError {}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// How far into the file a PDF header may start: readers accept junk before `%PDF-` within the
/// first kilobyte (a mail or HTTP header left in front of it).
const PDF_HEADER_WITHIN: usize = 1024;

/// A PDF header, `%PDF-` and a version digit, within the first [`PDF_HEADER_WITHIN`] bytes.
fn is_pdf(bytes: &[u8]) -> bool {
    bytes[..bytes.len().min(PDF_HEADER_WITHIN + 6)]
        .windows(6)
        .take(PDF_HEADER_WITHIN)
        .any(|w| w.starts_with(b"%PDF-") && w[5].is_ascii_digit())
}

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
    if is_pdf(bytes) {
        return Ok(Format::Pdf);
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
                    pages: None,
                    pdftotext_stderr: Vec::new(),
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
                    pages: None,
                    pdftotext_stderr: Vec::new(),
                },
            ))
        }
        Format::Pdf => {
            let pdf = pdf::read(bytes, limits).map_err(ReadError::Pdf)?;
            // The text goes through exactly what a `.txt` of it would: the same caps, the same
            // reader, so the two give the same document.
            check_text_counts(&pdf.text, limits)?;
            let (document, _, layout) = text::read(&pdf.text).map_err(ReadError::Text)?;
            Ok((
                document,
                SourceInfo {
                    format: Format::Pdf,
                    encoding: None,
                    layout: Some(layout),
                    pages: Some(pdf.pages),
                    pdftotext_stderr: pdf.stderr,
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
                    pages: None,
                    pdftotext_stderr: Vec::new(),
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
    fn a_pdf_is_known_by_its_header_within_the_first_kilobyte() {
        assert_eq!(sniff(b"%PDF-1.7\n%\xE2\xE3").unwrap(), Format::Pdf);
        let mut late = vec![b' '; 1000];
        late.extend_from_slice(b"%PDF-1.4\n");
        assert_eq!(sniff(&late).unwrap(), Format::Pdf);
        let mut too_late = vec![b' '; 1030];
        too_late.extend_from_slice(b"%PDF-1.4\n");
        assert_eq!(sniff(&too_late).unwrap(), Format::Text);
        // Not a header: no version, or prose about PDFs.
        assert_eq!(sniff(b"%PDF-x").unwrap(), Format::Text);
        assert_eq!(sniff("部门预算.pdf 下载".as_bytes()).unwrap(), Format::Text);
        assert_eq!(sniff(b"%PDF-1").unwrap(), Format::Pdf);
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
