//! `emit`: one JSON file per document, written atomically, and the dataset exports built
//! from them ([`dataset`], [`datapackage`]).

pub mod datapackage;
pub mod dataset;
pub mod panel;

pub use crate::check::ChecksListed;
use crate::check::{CheckResult, Checks, RuleCounts};
use crate::document::Document;
use crate::extract::department::{Region, Scope};
use crate::extract::model::{
    Disclosure, DocumentKind, ExtractedTable, Fact, Profile, Summary, Warning,
};
use crate::read::SourceInfo;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::path::Path;

/// Bumped whenever the JSON's shape changes; `schema/document.schema.json` describes it.
pub const SCHEMA_VERSION: &str = "2.8.0";

/// Checks per rule and outcome as a JSON object keyed by rule, in run order.
struct CheckCounts<'a>(&'a [(&'static str, RuleCounts)]);

impl Serialize for CheckCounts<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (rule, counts) in self.0 {
            map.serialize_entry(rule, counts)?;
        }
        map.end()
    }
}

/// Where the document came from. Everything format-specific lives here, so that the same
/// disclosure read from two formats gives the same JSON outside `source`.
#[derive(Clone, Debug, Serialize)]
pub struct Source {
    /// The input path, relative as given.
    pub path: String,
    #[serde(flatten)]
    pub info: SourceInfo,
    pub sha256: String,
    pub bytes: u64,
    /// Where each block (the `block` numbers used elsewhere) sits in the file.
    pub blocks: Vec<String>,
}

impl Source {
    pub fn new(path: &str, bytes: &[u8], info: SourceInfo, document: &Document) -> Source {
        Source::with_sha256(path, bytes, sha256_hex(bytes), info, document)
    }

    /// As [`Source::new`], with the bytes' SHA-256 already computed (a bulk run hashes every
    /// input first to decide whether it changed).
    pub fn with_sha256(
        path: &str,
        bytes: &[u8],
        sha256: String,
        info: SourceInfo,
        document: &Document,
    ) -> Source {
        Source {
            path: path.to_string(),
            info,
            sha256,
            bytes: bytes.len() as u64,
            blocks: document
                .blocks
                .iter()
                .map(|b| b.origin().to_string())
                .collect(),
        }
    }
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(bytes);
    let mut out = String::with_capacity(digest.len() * 2);
    for b in digest {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    out
}

#[derive(Serialize)]
struct Department<'a> {
    name: Option<&'a str>,
    key: Option<&'a str>,
    scope: Option<Scope>,
    region: Option<&'a Region>,
}

/// Which parts of a disclosure a file holds: `narrative` (figures in the text, no tables),
/// `tables` (tables, no narrative figures), `both`, or `neither`.
pub fn parts_of(disclosure: &Disclosure) -> &'static str {
    match (disclosure.tables.is_empty(), disclosure.facts.is_empty()) {
        (false, false) => "both",
        (false, true) => "tables",
        (true, false) => "narrative",
        (true, true) => "neither",
    }
}

/// One file of a disclosure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct DisclosureFile {
    /// The input path as given.
    pub path: String,
    pub sha256: String,
    /// What the file holds ([`parts_of`]).
    pub parts: String,
}

/// The disclosure a document belongs to: the file alone, or the files of one department, year
/// and kind that complement each other (a narrative in one file, the tables in another).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DisclosureInfo {
    /// Shared by every file of the disclosure; see [`disclosure_id`].
    pub id: String,
    /// The files, sorted by path.
    pub files: Vec<DisclosureFile>,
}

/// A disclosure's id: `d` and 16 hex digits of the SHA-256 of the department key, the fiscal
/// year, the kind and the sorted SHA-256 of its files; the same files give the same id in any
/// order, in any folder.
pub fn disclosure_id(key: Option<&str>, year: Option<u16>, kind: &str, sha256s: &[&str]) -> String {
    let mut files: Vec<&str> = sha256s.to_vec();
    files.sort_unstable();
    files.dedup();
    let text = format!(
        "{}\n{}\n{kind}\n{}",
        key.unwrap_or(""),
        year.map(|y| y.to_string()).unwrap_or_default(),
        files.join("\n")
    );
    format!("d{}", &sha256_hex(text.as_bytes())[..16])
}

impl DisclosureInfo {
    /// A disclosure of one file.
    pub fn single(source: &Source, disclosure: &Disclosure) -> DisclosureInfo {
        DisclosureInfo {
            id: disclosure_id(
                department_key(disclosure),
                disclosure.fiscal_year,
                dataset::document_kind_name(disclosure.document_kind),
                &[source.sha256.as_str()],
            ),
            files: vec![DisclosureFile {
                path: source.path.clone(),
                sha256: source.sha256.clone(),
                parts: parts_of(disclosure).to_string(),
            }],
        }
    }
}

/// The department's key, where its name was found.
pub fn department_key(disclosure: &Disclosure) -> Option<&str> {
    disclosure
        .department_identity
        .as_ref()
        .map(|i| i.key.as_str())
}

/// The disclosure's checks run over all its files, listed in the JSON of each with the other
/// files named.
pub struct AcrossFiles<'a> {
    pub checks: &'a [CheckResult],
    pub other_files: Vec<String>,
}

/// A listed check, with the other files of the disclosure it concerns where it ran across
/// files.
#[derive(Serialize)]
struct ListedCheck<'a> {
    #[serde(flatten)]
    check: &'a CheckResult,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    other_files: &'a [String],
}

/// `source` as written: the file, and the disclosure it belongs to (which files make it up is a
/// matter of files, like everything else format-specific).
#[derive(Serialize)]
struct SourceJson<'a> {
    #[serde(flatten)]
    source: &'a Source,
    disclosure: &'a DisclosureInfo,
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    schema_version: &'static str,
    source: SourceJson<'a>,
    department: Department<'a>,
    fiscal_year: Option<u16>,
    document_kind: DocumentKind,
    summary: &'a Summary,
    profile: &'a Profile,
    tables: &'a [ExtractedTable],
    facts: &'a [Fact],
    check_counts: CheckCounts<'a>,
    checks_listed: ChecksListed,
    checks: Vec<ListedCheck<'a>>,
    warnings: &'a [Warning],
}

/// The document's JSON, pretty-printed, ending in a newline: a disclosure of one file.
pub fn document_json(source: &Source, disclosure: &Disclosure, checks: &Checks) -> Vec<u8> {
    document_json_in(
        source,
        disclosure,
        checks,
        &DisclosureInfo::single(source, disclosure),
        None,
    )
}

/// The document's JSON as one file of the disclosure `info`. `checks` are the document's own;
/// with `across`, its checks of [`crate::check::rule::ACROSS_FILES`] are already replaced by
/// those run over all the files, and these records name the other files.
pub fn document_json_in(
    source: &Source,
    disclosure: &Disclosure,
    checks: &Checks,
    info: &DisclosureInfo,
    across: Option<&AcrossFiles<'_>>,
) -> Vec<u8> {
    let identity = disclosure.department_identity.as_ref();
    let mut listed: Vec<ListedCheck<'_>> = checks
        .records()
        .iter()
        .map(|check| ListedCheck {
            check,
            other_files: &[],
        })
        .collect();
    if let Some(across) = across {
        listed.extend(across.checks.iter().map(|check| ListedCheck {
            check,
            other_files: &across.other_files,
        }));
    }
    let json = DocumentJson {
        schema_version: SCHEMA_VERSION,
        source: SourceJson {
            source,
            disclosure: info,
        },
        department: Department {
            name: disclosure.department.as_deref(),
            key: identity.map(|i| i.key.as_str()),
            scope: identity.and_then(|i| i.scope),
            region: identity.map(|i| &i.region),
        },
        fiscal_year: disclosure.fiscal_year,
        document_kind: disclosure.document_kind,
        summary: &disclosure.summary,
        profile: &disclosure.profile,
        tables: &disclosure.tables,
        facts: &disclosure.facts,
        check_counts: CheckCounts(checks.counts()),
        checks_listed: checks.listed(),
        checks: listed,
        warnings: &disclosure.warnings,
    };
    // Serializing plain data into memory cannot fail; fall back to an empty object if it ever did.
    let mut out = serde_json::to_vec_pretty(&json).unwrap_or_else(|_| b"{}".to_vec());
    out.push(b'\n');
    out
}

/// A stable output file name for an input path: its file stem, made safe, plus a short hash of
/// the whole path so that two inputs with the same name never collide.
pub fn output_name(input_path: &str) -> String {
    let stem = Path::new(input_path)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .take(80)
        .collect();
    let hash = sha256_hex(input_path.as_bytes());
    format!("{safe}-{}.json", &hash[..10])
}

/// Whether a write waits for the data to reach the disk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Durability {
    /// Flushed to the disk before the rename: survives a power cut, at the cost of one disk
    /// flush per file.
    Synced,
    /// Left to the operating system: the rename is still atomic, so a killed process never
    /// leaves a partial file, but a power cut may lose the newest files.
    Buffered,
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename, so that
/// a reader (or a crash) never sees a half-written file. The data is flushed to the disk first.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, Durability::Synced)
}

/// [`write_atomic`] with a choice of [`Durability`].
pub fn write_atomic_with(path: &Path, bytes: &[u8], durability: Durability) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    write_atomic_via(dir, path, bytes, durability)
}

/// [`write_atomic_with`], writing the temporary file in `staging`, a folder on the same file
/// system as `path` (a rename cannot cross file systems). A bulk run stages in a subfolder so
/// that a killed run leaves nothing partial beside the outputs.
pub fn write_atomic_via(
    staging: &Path,
    path: &Path,
    bytes: &[u8],
    durability: Durability,
) -> io::Result<()> {
    let mut file = temp_file_in(staging)?;
    file.write_all(bytes)?;
    if durability == Durability::Synced {
        file.as_file().sync_data()?;
    }
    persist(file, path)
}

/// Prefix and suffix of the temporary files [`write_atomic`] renames into place; a file named
/// like this is a leftover of a killed process.
pub const TEMP_PREFIX: &str = ".tmp-";
pub const TEMP_SUFFIX: &str = ".part";

/// A new temporary file in `dir`, readable like any file the user creates (the temporary-file
/// default of owner-only access would carry over to the renamed output).
pub fn temp_file_in(dir: &Path) -> io::Result<tempfile::NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Subject to the umask, as for `File::create`.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    builder.tempfile_in(dir)
}

/// Renames a complete temporary file over `path`.
pub fn persist(file: tempfile::NamedTempFile, path: &Path) -> io::Result<()> {
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_is_lowercase_hex() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn output_names_are_stable_and_distinct() {
        let a = output_name("corpus/a/report.txt");
        assert_eq!(a, output_name("corpus/a/report.txt"));
        assert_ne!(a, output_name("corpus/b/report.txt"));
        assert!(a.starts_with("report-") && a.ends_with(".json"));
    }

    #[test]
    fn atomic_write_replaces_whole_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        write_atomic(&path, b"first").unwrap();
        write_atomic(&path, b"second").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        let leftovers = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(leftovers, 1);
    }

    #[cfg(unix)]
    #[test]
    fn written_files_get_the_usual_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.json");
        write_atomic_with(&path, b"{}", Durability::Buffered).unwrap();
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode();
        assert_eq!(mode(&path), mode(&plain));
    }
}
