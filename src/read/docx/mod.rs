//! Word (.docx) reader: the package's main document part, streamed from its zip entry through
//! an explicit state machine over namespace-resolved XML events, into the same neutral
//! [`Document`] the text reader produces.
//!
//! What it reads, and how, so that the text matches what Word shows:
//!
//! * The main part is found through the package relationships (`_rels/.rels`), else through
//!   `[Content_Types].xml`, never assumed to be `word/document.xml`. Page headers, footers,
//!   footnotes and comments are other parts and are not part of the body.
//! * Elements are matched on resolved namespaces, so Strict OOXML reads like Transitional.
//! * Runs are joined; `w:tab` is a tab; `w:br` (any type) and `w:cr` a line break, so a break
//!   never joins the words around it; `w:noBreakHyphen` a plain `-`; `w:softHyphen` nothing;
//!   `w:sym` its character (Symbol-font codes mapped to Unicode). `w:t` without
//!   `xml:space="preserve"` loses its surrounding spaces, as in Word.
//! * Tracked changes read as accepted: insertions kept, deletions and moved-away text
//!   (`w:del`, `w:moveFrom`, deleted rows) dropped, a deleted paragraph mark joins its
//!   paragraph to the next. Field codes are dropped and field results kept; hidden text
//!   (`w:vanish`, directly or by style) is dropped. Hyperlinks, smart tags, custom XML, content
//!   controls at every level and simple fields are read through. Of `mc:AlternateContent`
//!   exactly one branch is read: the first choice whose namespaces are understood, else the
//!   fallback.
//! * Text boxes become paragraphs (and tables) after the paragraph that anchors them.
//! * Tables are expanded onto their grid: a merged cell appears once at its top-left position
//!   with its spans, the positions it covers hold `covered` empty cells; `w:gridBefore` positions
//!   hold empty cells so each cell stays in its grid column. A row that stops short of the grid
//!   (fewer cells, or `w:gridAfter`) stays short, as Word shows it. Nested tables go into
//!   [`Cell::nested`](crate::document::Cell::nested).
//! * Automatic list numbers (`w:numPr` with the numbering part, directly or through the
//!   paragraph style) are rendered into the text; an empty numbered paragraph still counts but
//!   is not kept.
//! * `w:altChunk` (an embedded HTML/RTF/DOCX part) and `w:subDoc` are not read, with a warning.
//! * The main part must hold a `w:document`: a part that is not XML at all is `malformed_xml`,
//!   other XML (an HTML page saved under the name) is `no_document_part`. Bytes that are not
//!   UTF-8 inside the XML read as U+FFFD, with a warning.
//!
//! Every size is capped by [`Limits`], and so is element depth, skipped elements included; a
//! DOCTYPE never expands entities or fetches anything.

mod body;
mod grid;
mod numbering;
mod package;
pub(crate) use package::count_central_headers;
mod styles;
mod xml;

use crate::document::Document;
use crate::read::Limits;
use std::fmt;

/// Why a DOCX file could not be read.
#[derive(Debug)]
pub enum DocxError {
    /// The bytes are not a readable zip archive.
    NotZip { detail: String },
    /// The archive lists more entries than [`Limits::max_zip_entries`].
    TooManyEntries { entries: usize, limit: usize },
    /// A part, or all parts together, inflate past a cap.
    TooLarge {
        part: String,
        limit: u64,
        scope: CapScope,
    },
    /// A zip entry is encrypted.
    Encrypted { part: String },
    /// A zip entry uses a compression method this build cannot inflate.
    UnsupportedCompression { part: String, detail: String },
    /// A zip entry cannot be inflated (bad data or checksum).
    CorruptZip { part: String, detail: String },
    /// No main document part: not a Word package, its relationships point nowhere, or the part
    /// they point to holds something other than a Word document.
    NoDocumentPart { detail: String },
    /// The XML of a part is not well-formed, or the part is not XML at all.
    MalformedXml {
        part: String,
        position: u64,
        detail: String,
    },
    /// Elements nest deeper than the walker follows.
    TooDeep {
        part: String,
        position: u64,
        limit: usize,
    },
    /// The tables expand to more cells than the reader keeps for one document.
    TooManyCells { limit: usize },
}

/// Which cap a [`DocxError::TooLarge`] hit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CapScope {
    /// [`Limits::max_part_bytes`], for one part.
    Part,
    /// [`Limits::max_inflated_bytes`], for all parts read from the file.
    File,
}

impl DocxError {
    /// A short stable name for run reports and tests.
    pub fn kind(&self) -> &'static str {
        match self {
            DocxError::NotZip { .. } => "not_zip",
            DocxError::TooManyEntries { .. } => "too_many_entries",
            DocxError::TooLarge { .. } => "too_large",
            DocxError::Encrypted { .. } => "encrypted",
            DocxError::UnsupportedCompression { .. } => "unsupported_compression",
            DocxError::CorruptZip { .. } => "corrupt_zip",
            DocxError::NoDocumentPart { .. } => "no_document_part",
            DocxError::MalformedXml { .. } => "malformed_xml",
            DocxError::TooDeep { .. } => "too_deep",
            DocxError::TooManyCells { .. } => "too_many_cells",
        }
    }
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::NotZip { detail } => {
                write!(f, "not a readable zip archive ({detail})")
            }
            DocxError::TooManyEntries { entries, limit } => write!(
                f,
                "the archive lists {entries} entries, over the {limit}-entry cap"
            ),
            DocxError::TooLarge {
                part,
                limit,
                scope: CapScope::Part,
            } => write!(f, "part {part} inflates past the {limit}-byte cap per part"),
            DocxError::TooLarge {
                part,
                limit,
                scope: CapScope::File,
            } => write!(
                f,
                "the parts read inflate past the {limit}-byte cap per file (at part {part})"
            ),
            DocxError::Encrypted { part } => write!(
                f,
                "zip entry {part} is encrypted; save the document without a password"
            ),
            DocxError::UnsupportedCompression { part, detail } => {
                write!(f, "zip entry {part} cannot be inflated: {detail}")
            }
            DocxError::CorruptZip { part, detail } => {
                write!(f, "zip entry {part} is corrupt: {detail}")
            }
            DocxError::NoDocumentPart { detail } => {
                write!(f, "no main document part: {detail}")
            }
            DocxError::MalformedXml {
                part,
                position,
                detail,
            } => write!(
                f,
                "malformed XML in part {part} at byte {position}: {detail}"
            ),
            DocxError::TooDeep {
                part,
                position,
                limit,
            } => write!(
                f,
                "elements in part {part} nest deeper than {limit} levels (at byte {position})"
            ),
            DocxError::TooManyCells { limit } => {
                write!(f, "the tables expand to more than {limit} cells")
            }
        }
    }
}

impl std::error::Error for DocxError {}

/// Reads a DOCX package into a document.
pub fn read(bytes: &[u8], limits: &Limits) -> Result<Document, DocxError> {
    let mut warnings = Warnings::default();
    let mut package = package::Package::open(bytes, limits, &mut warnings)?;
    let main = package.main_document_part(&mut warnings)?;
    let relationships = package.relationships(&main, &mut warnings)?;
    let styles = match relationships.first_of_type("styles") {
        Some(part) => package
            .parse_optional(&part, &mut warnings, styles::Styles::parse)?
            .unwrap_or_default(),
        None => styles::Styles::default(),
    };
    let numbering = match relationships.first_of_type("numbering") {
        Some(part) => package
            .parse_optional(&part, &mut warnings, numbering::Definitions::parse)?
            .unwrap_or_default(),
        None => numbering::Definitions::default(),
    };
    let content_types = package.content_types().clone();
    let context = body::Context {
        part: &main,
        styles: &styles,
        relationships: &relationships,
        content_types: &content_types,
        max_cells: limits.max_cells,
    };
    let mut counters = numbering::Counters::new(&numbering, &styles);
    let mut document = package.parse_required(&main, |reader| {
        body::walk(reader, &context, &mut counters, &mut warnings)
    })?;
    document.warnings.extend(warnings.into_vec());
    Ok(document)
}

/// Reader warnings, each kept once, in the order first met.
#[derive(Default)]
struct Warnings(Vec<String>);

impl Warnings {
    fn push(&mut self, warning: String) {
        if !self.0.contains(&warning) {
            self.0.push(warning);
        }
    }

    fn into_vec(self) -> Vec<String> {
        self.0
    }
}
