//! The OPC package around the document: zip entries read through size caps, content types,
//! relationships, and part names resolved the way OPC defines them (case-insensitive,
//! relative to the source part).

use super::xml::{self, Ns};
use super::{CapScope, DocxError, Warnings};
use crate::read::Limits;
use quick_xml::events::Event;
use quick_xml::NsReader;
use std::cell::Cell;
use std::collections::HashMap;
use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read};
use zip::result::ZipError;
use zip::ZipArchive;

/// What can go wrong while one part's XML is parsed.
pub(super) enum PartError {
    Xml(quick_xml::Error),
    Docx(DocxError),
}

impl From<quick_xml::Error> for PartError {
    fn from(error: quick_xml::Error) -> PartError {
        PartError::Xml(error)
    }
}

impl From<DocxError> for PartError {
    fn from(error: DocxError) -> PartError {
        PartError::Docx(error)
    }
}

/// The XML reader every part parser gets.
pub(super) type PartXml<'a> = NsReader<Box<dyn BufRead + 'a>>;

/// The I/O error a capped entry raises once it inflates past a cap.
#[derive(Debug)]
struct CapExceeded {
    limit: u64,
    scope: CapScope,
}

impl fmt::Display for CapExceeded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "inflated past the {}-byte cap", self.limit)
    }
}

impl std::error::Error for CapExceeded {}

/// A zip entry's inflated bytes, counted against the per-part and per-file caps as they are
/// read, so a lying size header cannot get past them.
struct CappedEntry<'a, R> {
    inner: R,
    read: u64,
    part_limit: u64,
    inflated: &'a Cell<u64>,
    file_limit: u64,
}

impl<R: Read> Read for CappedEntry<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        let total = self.inflated.get() + n as u64;
        self.inflated.set(total);
        if self.read > self.part_limit {
            return Err(io::Error::other(CapExceeded {
                limit: self.part_limit,
                scope: CapScope::Part,
            }));
        }
        if total > self.file_limit {
            return Err(io::Error::other(CapExceeded {
                limit: self.file_limit,
                scope: CapScope::File,
            }));
        }
        Ok(n)
    }
}

/// One relationship of a part.
#[derive(Clone, Debug)]
pub(super) struct Relationship {
    pub id: String,
    /// The last segment of the relationship type (`officeDocument`, `styles`, `aFChunk`…),
    /// the same in Strict and Transitional.
    pub kind: String,
    /// The target part's name inside the package; `None` for external targets.
    pub target: Option<String>,
}

#[derive(Clone, Debug, Default)]
pub(super) struct Relationships(Vec<Relationship>);

impl Relationships {
    pub fn first_of_type(&self, kind: &str) -> Option<String> {
        self.0
            .iter()
            .find(|r| r.kind == kind)
            .and_then(|r| r.target.clone())
    }

    pub fn by_id(&self, id: &str) -> Option<&Relationship> {
        self.0.iter().find(|r| r.id == id)
    }
}

/// `[Content_Types].xml`: content types by extension and by part name.
#[derive(Clone, Debug, Default)]
pub(super) struct ContentTypes {
    defaults: HashMap<String, String>,
    overrides: HashMap<String, String>,
}

impl ContentTypes {
    pub fn of(&self, part: &str) -> Option<&str> {
        let key = part.to_ascii_lowercase();
        if let Some(t) = self.overrides.get(&key) {
            return Some(t);
        }
        let extension = key.rsplit_once('.').map(|(_, e)| e)?;
        self.defaults.get(extension).map(String::as_str)
    }
}

/// True for the content types of a WordprocessingML main part (document, template, macro-enabled).
fn is_word_main(content_type: &str) -> bool {
    let t = content_type.trim().to_ascii_lowercase();
    t == "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
        || t == "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
        || (t.starts_with("application/vnd.ms-word.") && t.ends_with(".main+xml"))
}

pub(super) struct Package<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Entry index by lower-cased name: OPC part names compare case-insensitively.
    entries: HashMap<String, usize>,
    limits: Limits,
    inflated: Cell<u64>,
    content_types: ContentTypes,
}

impl<'a> Package<'a> {
    /// Opens the archive and reads its content types.
    pub fn open(
        bytes: &'a [u8],
        limits: &Limits,
        warnings: &mut Warnings,
    ) -> Result<Package<'a>, DocxError> {
        // Listing an entry costs a few hundred bytes, and a central directory of millions of
        // 46-byte headers fits in a file under the size cap: count the headers first. The zip
        // reader checks each header's signature, so it never lists more entries than this.
        let central_headers = count_central_headers(bytes);
        if central_headers > limits.max_zip_entries {
            return Err(DocxError::TooManyEntries {
                entries: central_headers,
                limit: limits.max_zip_entries,
            });
        }
        let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::NotZip {
            detail: e.to_string(),
        })?;
        if archive.len() > limits.max_zip_entries {
            return Err(DocxError::TooManyEntries {
                entries: archive.len(),
                limit: limits.max_zip_entries,
            });
        }
        let mut entries = HashMap::with_capacity(archive.len());
        for index in 0..archive.len() {
            if let Some(name) = archive.name_for_index(index) {
                entries
                    .entry(name.trim_start_matches('/').to_ascii_lowercase())
                    .or_insert(index);
            }
        }
        let mut package = Package {
            archive,
            entries,
            limits: *limits,
            inflated: Cell::new(0),
            content_types: ContentTypes::default(),
        };
        package.content_types = package
            .parse_optional("[Content_Types].xml", warnings, parse_content_types)?
            .unwrap_or_default();
        Ok(package)
    }

    pub fn content_types(&self) -> &ContentTypes {
        &self.content_types
    }

    pub fn has_part(&self, part: &str) -> bool {
        self.entries.contains_key(&part.to_ascii_lowercase())
    }

    /// The main document part: the package's `officeDocument` relationship, else the part
    /// `[Content_Types].xml` declares as a WordprocessingML main part.
    pub fn main_document_part(&mut self, warnings: &mut Warnings) -> Result<String, DocxError> {
        let relationships = self.relationships("", warnings)?;
        let mut problems = Vec::new();
        for rel in relationships
            .0
            .iter()
            .filter(|r| r.kind == "officeDocument")
        {
            let Some(target) = &rel.target else {
                problems.push("its officeDocument relationship is external".to_string());
                continue;
            };
            if !self.has_part(target) {
                problems.push(format!(
                    "its officeDocument relationship points to {target}, which is missing"
                ));
                continue;
            }
            match self.content_types.of(target) {
                Some(t) if !is_word_main(t) => {
                    return Err(DocxError::NoDocumentPart {
                        detail: format!(
                            "the package's main part {target} is {t}, not a Word document"
                        ),
                    })
                }
                _ => return Ok(target.clone()),
            }
        }
        let mut declared: Vec<&String> = self
            .content_types
            .overrides
            .iter()
            .filter(|(_, t)| is_word_main(t))
            .map(|(part, _)| part)
            .collect();
        declared.sort();
        if let Some(part) = declared.into_iter().find(|p| self.has_part(p)) {
            return Ok(part.clone());
        }
        if problems.is_empty() {
            problems.push(
                "neither _rels/.rels nor [Content_Types].xml names a Word main part".to_string(),
            );
        }
        Err(DocxError::NoDocumentPart {
            detail: problems.join("; "),
        })
    }

    /// The relationships of a part (`""` for the package); none when it has no relationships
    /// part, or an unreadable one (with a warning).
    pub fn relationships(
        &mut self,
        part: &str,
        warnings: &mut Warnings,
    ) -> Result<Relationships, DocxError> {
        let (folder, file) = match part.rsplit_once('/') {
            Some((folder, file)) => (format!("{folder}/"), file),
            None => (String::new(), part),
        };
        let rels_part = format!("{folder}_rels/{file}.rels");
        let parsed = self.parse_optional(&rels_part, warnings, |reader| {
            parse_relationships(reader, part)
        })?;
        Ok(parsed.unwrap_or_default())
    }

    /// Parses a part that may be missing or broken: `None` if missing; `None` with a warning if
    /// its XML or its zip entry is bad. Cap and encryption errors still stop the read.
    pub fn parse_optional<T>(
        &mut self,
        part: &str,
        warnings: &mut Warnings,
        parse: impl FnOnce(&mut PartXml<'_>) -> Result<T, PartError>,
    ) -> Result<Option<T>, DocxError> {
        match self.parse(part, parse) {
            Ok(parsed) => Ok(parsed),
            Err(e @ (DocxError::MalformedXml { .. } | DocxError::CorruptZip { .. })) => {
                warnings.push(format!("{e}; read without it"));
                Ok(None)
            }
            Err(e) => Err(e),
        }
    }

    /// Parses a part that must be there.
    pub fn parse_required<T>(
        &mut self,
        part: &str,
        parse: impl FnOnce(&mut PartXml<'_>) -> Result<T, PartError>,
    ) -> Result<T, DocxError> {
        self.parse(part, parse)?
            .ok_or_else(|| DocxError::NoDocumentPart {
                detail: format!("part {part} is missing"),
            })
    }

    fn parse<T>(
        &mut self,
        part: &str,
        parse: impl FnOnce(&mut PartXml<'_>) -> Result<T, PartError>,
    ) -> Result<Option<T>, DocxError> {
        let Some(&index) = self.entries.get(&part.to_ascii_lowercase()) else {
            return Ok(None);
        };
        let Package {
            archive,
            limits,
            inflated,
            ..
        } = self;
        let entry = archive.by_index(index).map_err(|e| entry_error(part, e))?;
        if entry.size() > limits.max_part_bytes {
            return Err(DocxError::TooLarge {
                part: part.to_string(),
                limit: limits.max_part_bytes,
                scope: CapScope::Part,
            });
        }
        if inflated.get().saturating_add(entry.size()) > limits.max_inflated_bytes {
            return Err(DocxError::TooLarge {
                part: part.to_string(),
                limit: limits.max_inflated_bytes,
                scope: CapScope::File,
            });
        }
        let capped = CappedEntry {
            inner: entry,
            read: 0,
            part_limit: limits.max_part_bytes,
            inflated,
            file_limit: limits.max_inflated_bytes,
        };
        let mut buffered = BufReader::with_capacity(64 * 1024, capped);
        let source: Box<dyn BufRead + '_> = match utf16_bom(&mut buffered) {
            Ok(Some(encoding)) => {
                // Rare (OPC allows UTF-16 parts); decoded whole, within the same caps.
                let mut raw = Vec::new();
                buffered
                    .read_to_end(&mut raw)
                    .map_err(|e| io_error(part, e))?;
                let (text, _) = encoding.decode_with_bom_removal(&raw);
                let utf8 = text.into_owned().into_bytes();
                Box::new(Cursor::new(utf8))
            }
            Ok(None) => Box::new(buffered),
            Err(e) => return Err(io_error(part, e)),
        };
        let mut reader = xml::reader(source);
        match parse(&mut reader) {
            Ok(parsed) => Ok(Some(parsed)),
            Err(PartError::Docx(e)) => Err(e),
            Err(PartError::Xml(quick_xml::Error::Io(e))) => {
                let e = std::sync::Arc::try_unwrap(e)
                    .unwrap_or_else(|shared| io::Error::new(shared.kind(), shared.to_string()));
                Err(io_error(part, e))
            }
            Err(PartError::Xml(e)) => Err(DocxError::MalformedXml {
                part: part.to_string(),
                position: reader.error_position(),
                detail: e.to_string(),
            }),
        }
    }
}

/// Occurrences of the central directory header signature anywhere in the bytes.
pub(crate) fn count_central_headers(bytes: &[u8]) -> usize {
    const SIGNATURE: &[u8; 4] = b"PK\x01\x02";
    let mut count = 0;
    let mut rest = bytes;
    while let Some(at) = rest.iter().position(|&b| b == b'P') {
        rest = &rest[at..];
        if rest.starts_with(SIGNATURE) {
            count += 1;
        }
        rest = &rest[1..];
    }
    count
}

fn utf16_bom<R: BufRead>(reader: &mut R) -> io::Result<Option<&'static encoding_rs::Encoding>> {
    let head = reader.fill_buf()?;
    Ok(match head {
        [0xFF, 0xFE, ..] => Some(encoding_rs::UTF_16LE),
        [0xFE, 0xFF, ..] => Some(encoding_rs::UTF_16BE),
        _ => None,
    })
}

fn io_error(part: &str, error: io::Error) -> DocxError {
    if let Some(cap) = error
        .get_ref()
        .and_then(|inner| inner.downcast_ref::<CapExceeded>())
    {
        return DocxError::TooLarge {
            part: part.to_string(),
            limit: cap.limit,
            scope: cap.scope,
        };
    }
    DocxError::CorruptZip {
        part: part.to_string(),
        detail: error.to_string(),
    }
}

fn entry_error(part: &str, error: ZipError) -> DocxError {
    match error {
        ZipError::UnsupportedArchive(ZipError::PASSWORD_REQUIRED) | ZipError::InvalidPassword => {
            DocxError::Encrypted {
                part: part.to_string(),
            }
        }
        ZipError::UnsupportedArchive(detail) => DocxError::UnsupportedCompression {
            part: part.to_string(),
            detail: detail.to_string(),
        },
        other => DocxError::CorruptZip {
            part: part.to_string(),
            detail: other.to_string(),
        },
    }
}

fn parse_content_types(reader: &mut PartXml<'_>) -> Result<ContentTypes, PartError> {
    let mut types = ContentTypes::default();
    let mut buf = Vec::new();
    loop {
        let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
        let ns = xml::resolved(&ns);
        match event {
            Event::Start(e) if ns == Ns::ContentTypes => {
                let attr = |name: &[u8]| xml::attribute(reader, &e, Ns::None, name);
                match e.local_name().as_ref() {
                    b"Default" => {
                        if let (Some(ext), Some(t)) = (attr(b"Extension"), attr(b"ContentType")) {
                            types.defaults.insert(ext.to_ascii_lowercase(), t);
                        }
                    }
                    b"Override" => {
                        if let (Some(part), Some(t)) = (attr(b"PartName"), attr(b"ContentType")) {
                            if let Some(name) = resolve_target("", &part) {
                                types.overrides.insert(name.to_ascii_lowercase(), t);
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(types)
}

fn parse_relationships(
    reader: &mut PartXml<'_>,
    source_part: &str,
) -> Result<Relationships, PartError> {
    let mut list = Vec::new();
    let mut buf = Vec::new();
    loop {
        let (ns, event) = reader.read_resolved_event_into(&mut buf)?;
        let ns = xml::resolved(&ns);
        match event {
            Event::Start(e)
                if ns == Ns::PackageRelationships && e.local_name().as_ref() == b"Relationship" =>
            {
                let attr = |name: &[u8]| xml::attribute(reader, &e, Ns::None, name);
                let (Some(id), Some(kind), Some(target)) =
                    (attr(b"Id"), attr(b"Type"), attr(b"Target"))
                else {
                    buf.clear();
                    continue;
                };
                let external = attr(b"TargetMode").is_some_and(|m| m == "External");
                list.push(Relationship {
                    id,
                    kind: kind.rsplit('/').next().unwrap_or_default().to_string(),
                    target: if external {
                        None
                    } else {
                        resolve_target(source_part, &target)
                    },
                });
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(Relationships(list))
}

/// Resolves a relationship target against the part that holds the relationship, as OPC does:
/// relative to the source part's folder unless it starts with `/`; `.` and `..` segments
/// applied; percent-escapes decoded. `None` for targets that leave the package.
pub(super) fn resolve_target(source_part: &str, target: &str) -> Option<String> {
    let target = target.split('#').next().unwrap_or_default();
    let target = percent_decode(target);
    let mut segments: Vec<&str> = Vec::new();
    let relative = if let Some(absolute) = target.strip_prefix('/') {
        absolute
    } else {
        if let Some((folder, _)) = source_part.rsplit_once('/') {
            segments.extend(folder.split('/').filter(|s| !s.is_empty()));
        }
        target.as_str()
    };
    for segment in relative.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    (!segments.is_empty()).then(|| segments.join("/"))
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
            if let Some(value) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_like_opc() {
        assert_eq!(
            resolve_target("", "word/document.xml").as_deref(),
            Some("word/document.xml")
        );
        assert_eq!(
            resolve_target("", "/word/document.xml").as_deref(),
            Some("word/document.xml")
        );
        assert_eq!(
            resolve_target("word/document.xml", "styles.xml").as_deref(),
            Some("word/styles.xml")
        );
        assert_eq!(
            resolve_target("word/document.xml", "../customXml/item1.xml").as_deref(),
            Some("customXml/item1.xml")
        );
        assert_eq!(
            resolve_target("word/document.xml", "media/a%20b.png").as_deref(),
            Some("word/media/a b.png")
        );
        assert_eq!(resolve_target("word/document.xml", "../../x.xml"), None);
        assert_eq!(percent_decode("%E4%B8%80%"), "一%");
    }
}
