//! `emit`: one JSON file per document, written atomically, and the dataset exports built
//! from them ([`dataset`], [`datapackage`]).

pub mod datapackage;
pub mod dataset;

pub use crate::check::ChecksListed;
use crate::check::{CheckResult, Checks, RuleCounts};
use crate::document::Document;
use crate::extract::model::{
    Disclosure, DocumentKind, ExtractedTable, Fact, Profile, Summary, Warning,
};
use crate::read::SourceInfo;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::io::{self, Write};
use std::path::Path;

/// Bumped whenever the JSON's shape changes; `schema/document.schema.json` describes it.
pub const SCHEMA_VERSION: &str = "2.1.0";

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
}

#[derive(Serialize)]
struct DocumentJson<'a> {
    schema_version: &'static str,
    source: &'a Source,
    department: Department<'a>,
    fiscal_year: Option<u16>,
    document_kind: DocumentKind,
    summary: &'a Summary,
    profile: &'a Profile,
    tables: &'a [ExtractedTable],
    facts: &'a [Fact],
    check_counts: CheckCounts<'a>,
    checks_listed: ChecksListed,
    checks: &'a [CheckResult],
    warnings: &'a [Warning],
}

/// The document's JSON, pretty-printed, ending in a newline.
pub fn document_json(source: &Source, disclosure: &Disclosure, checks: &Checks) -> Vec<u8> {
    let json = DocumentJson {
        schema_version: SCHEMA_VERSION,
        source,
        department: Department {
            name: disclosure.department.as_deref(),
        },
        fiscal_year: disclosure.fiscal_year,
        document_kind: disclosure.document_kind,
        summary: &disclosure.summary,
        profile: &disclosure.profile,
        tables: &disclosure.tables,
        facts: &disclosure.facts,
        check_counts: CheckCounts(checks.counts()),
        checks_listed: checks.listed(),
        checks: checks.records(),
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
