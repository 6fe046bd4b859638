//! The manifest: which input produced which output, from which bytes, with which extractor.
//!
//! `manifest.jsonl` in the output folder holds one JSON object per line. During a run it is an
//! append-only journal: a line is appended (one `write` to a file opened for appending) only
//! after the document's JSON and rows sidecar were renamed into place, so a line never names a
//! missing or partial file. A killed run leaves at worst a torn last line, which the next run
//! ignores; the files it covered are simply extracted again. At the end of a run the journal
//! is compacted: one line per input, sorted by path, written to a temporary file and renamed
//! over the journal, so a finished run's manifest is the same bytes whatever order the files
//! finished in.

use crate::emit::{self, Durability};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap};
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

pub const MANIFEST_FILE: &str = "manifest.jsonl";

/// What the manifest records for one input.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ManifestEntry {
    /// The input path as given to the run.
    pub path: String,
    /// SHA-256 of the input bytes the output was made from.
    pub sha256: String,
    /// The extractor version that made it; a different version extracts the input again.
    pub extractor: String,
    /// The per-document JSON file, relative to the output folder.
    pub output: String,
    /// Sizes of the JSON file and the rows sidecar, to notice a file that was truncated or
    /// replaced behind the manifest's back.
    pub json_bytes: u64,
    pub rows_bytes: u64,
    /// Failed checks of this document by rule.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub failed_checks: BTreeMap<String, usize>,
    /// What grouping files into disclosures needs: the department key, year, kind and parts
    /// of the document, and the disclosure its JSON names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fiscal_year: Option<u16>,
    #[serde(default)]
    pub document_kind: String,
    #[serde(default)]
    pub parts: String,
    #[serde(default)]
    pub disclosure_id: String,
    /// The paths of the disclosure's files when it has more than one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub disclosure_files: Vec<String>,
}

/// What loading the journal found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LoadStats {
    pub entries: usize,
    /// Lines that were not a complete entry (a torn last line of a killed run).
    pub unreadable_lines: usize,
}

/// The manifest of one output folder, open for a run.
pub struct Manifest {
    path: PathBuf,
    previous: HashMap<String, ManifestEntry>,
    recorded: Mutex<Journal>,
    durability: Durability,
}

struct Journal {
    file: File,
    entries: Vec<ManifestEntry>,
}

fn read_entries(path: &Path) -> io::Result<(HashMap<String, ManifestEntry>, LoadStats)> {
    let mut entries = HashMap::new();
    let mut stats = LoadStats::default();
    let text = match fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok((entries, stats)),
        Err(e) => return Err(e),
    };
    for line in text.split(|&b| b == b'\n') {
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<ManifestEntry>(line) {
            // A later line for the same path supersedes an earlier one.
            Ok(entry) => {
                entries.insert(entry.path.clone(), entry);
            }
            Err(_) => stats.unreadable_lines += 1,
        }
    }
    stats.entries = entries.len();
    Ok((entries, stats))
}

impl Manifest {
    /// Loads the manifest of `dir` (empty if there is none) and opens it for appending.
    pub fn open(dir: &Path, durability: Durability) -> io::Result<(Manifest, LoadStats)> {
        let path = dir.join(MANIFEST_FILE);
        let (previous, stats) = read_entries(&path)?;
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .read(true)
            .open(&path)?;
        // A torn last line must not swallow the first line this run appends.
        let length = file.seek(SeekFrom::End(0))?;
        if length > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(length - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        Ok((
            Manifest {
                path,
                previous,
                recorded: Mutex::new(Journal {
                    file,
                    entries: Vec::new(),
                }),
                durability,
            },
            stats,
        ))
    }

    /// The entry an earlier run left for an input path.
    pub fn previous(&self, path: &str) -> Option<&ManifestEntry> {
        self.previous.get(path)
    }

    /// Every entry as of now: the earlier run's, superseded by this run's, sorted by path,
    /// leaving out those whose JSON file is gone from `dir`.
    pub fn current(&self, dir: &Path) -> io::Result<Vec<ManifestEntry>> {
        let journal = self
            .recorded
            .lock()
            .map_err(|_| io::Error::other("manifest lock poisoned"))?;
        let mut merged: BTreeMap<&str, &ManifestEntry> = self
            .previous
            .values()
            .map(|e| (e.path.as_str(), e))
            .collect();
        for entry in &journal.entries {
            merged.insert(entry.path.as_str(), entry);
        }
        Ok(merged
            .into_values()
            .filter(|e| dir.join(&e.output).is_file())
            .cloned()
            .collect())
    }

    /// Appends an entry to the journal. Call only once the files it names are in place.
    pub fn record(&self, entry: ManifestEntry) -> io::Result<()> {
        let mut line = serde_json::to_vec(&entry).map_err(io::Error::other)?;
        line.push(b'\n');
        let mut journal = self
            .recorded
            .lock()
            .map_err(|_| io::Error::other("manifest lock poisoned"))?;
        journal.file.write_all(&line)?;
        if self.durability == Durability::Synced {
            journal.file.sync_data()?;
        }
        journal.entries.push(entry);
        Ok(())
    }

    /// Rewrites the journal as one line per input, sorted by path, leaving out entries whose
    /// JSON file is gone from `dir`, through a temporary file in `staging`. Returns the entries
    /// written and the SHA-256 of the file.
    pub fn compact(self, dir: &Path, staging: &Path) -> io::Result<(Vec<ManifestEntry>, String)> {
        let journal = self
            .recorded
            .into_inner()
            .map_err(|_| io::Error::other("manifest lock poisoned"))?;
        drop(journal.file);
        let mut merged: BTreeMap<String, ManifestEntry> = self.previous.into_iter().collect();
        for entry in journal.entries {
            merged.insert(entry.path.clone(), entry);
        }
        let entries: Vec<ManifestEntry> = merged
            .into_values()
            .filter(|e| dir.join(&e.output).is_file())
            .collect();
        // Streamed to disk and hashed on the way, not built in memory: it has a line per input.
        let mut out = HashingWriter {
            inner: BufWriter::new(emit::temp_file_in(staging)?),
            hasher: Sha256::new(),
        };
        for entry in &entries {
            serde_json::to_writer(&mut out, entry).map_err(io::Error::other)?;
            out.write_all(b"\n")?;
        }
        out.flush()?;
        let digest = out.hasher.finalize();
        let temp = out.inner.into_inner().map_err(|e| e.into_error())?;
        // The compacted manifest replaces the journal: always flushed, whatever the run's
        // durability, since it is one file per run.
        temp.as_file().sync_data()?;
        emit::persist(temp, &self.path)?;
        let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
        Ok((entries, hex))
    }
}

/// Passes writes through, hashing what was written.
struct HashingWriter<W> {
    inner: W,
    hasher: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(path: &str, sha: &str) -> ManifestEntry {
        ManifestEntry {
            path: path.to_string(),
            sha256: sha.to_string(),
            extractor: "v".to_string(),
            output: format!("{path}.json"),
            json_bytes: 2,
            rows_bytes: 0,
            failed_checks: BTreeMap::new(),
            ..ManifestEntry::default()
        }
    }

    #[test]
    fn journal_survives_a_torn_line_and_compacts_sorted() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a", "b", "c"] {
            fs::write(dir.path().join(format!("{name}.json")), "{}").unwrap();
        }
        let (manifest, stats) = Manifest::open(dir.path(), Durability::Buffered).unwrap();
        assert_eq!(stats, LoadStats::default());
        manifest.record(entry("b", "1")).unwrap();
        manifest.record(entry("a", "1")).unwrap();
        drop(manifest);
        // A killed run: half a line at the end.
        let path = dir.path().join(MANIFEST_FILE);
        let mut file = OpenOptions::new().append(true).open(&path).unwrap();
        file.write_all(br#"{"path":"c","sha2"#).unwrap();
        drop(file);

        let (manifest, stats) = Manifest::open(dir.path(), Durability::Buffered).unwrap();
        assert_eq!(stats.entries, 2);
        assert_eq!(stats.unreadable_lines, 1);
        assert_eq!(manifest.previous("a").unwrap().sha256, "1");
        manifest.record(entry("c", "1")).unwrap();
        manifest.record(entry("a", "2")).unwrap();
        let (entries, sha256) = manifest.compact(dir.path(), dir.path()).unwrap();
        assert_eq!(sha256, emit::sha256_hex(&fs::read(&path).unwrap()));
        let paths: Vec<&str> = entries.iter().map(|e| e.path.as_str()).collect();
        assert_eq!(paths, ["a", "b", "c"]);
        assert_eq!(entries[0].sha256, "2");

        let text = fs::read_to_string(&path).unwrap();
        assert_eq!(text.lines().count(), 3);
        let (reloaded, stats) = read_entries(&path).unwrap();
        assert_eq!(stats.unreadable_lines, 0);
        assert_eq!(reloaded["a"].sha256, "2");
    }

    #[test]
    fn entries_whose_output_is_gone_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("kept.json"), "{}").unwrap();
        let (manifest, _) = Manifest::open(dir.path(), Durability::Buffered).unwrap();
        manifest.record(entry("kept", "1")).unwrap();
        manifest.record(entry("gone", "1")).unwrap();
        let (entries, _) = manifest.compact(dir.path(), dir.path()).unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].path, "kept");
    }
}
