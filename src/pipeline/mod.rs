//! `pipeline`: read → extract → check → emit for each input file, in parallel. One bad file
//! gets an error record and never stops the run.
//!
//! [`process_bytes`] is one document in memory; [`bulk::run_bulk`] is a corpus run into an
//! output folder (incremental, resumable, with dataset exports and a run report).

pub mod bulk;
pub mod disclosures;
pub mod inputs;
pub mod lock;
pub mod manifest;
pub mod progress;
pub mod report;

pub use inputs::collect_inputs;

use crate::check;
use crate::emit::{self, ChecksListed, Source};
use crate::extract::{self, model::Disclosure};
use crate::read::{self, Limits};
use serde::Serialize;
use std::fmt;
use std::fs;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

/// Which stage a file failed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Open,
    Read,
    Extract,
    Write,
}

/// Why one file produced no output.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub path: String,
    pub stage: Stage,
    /// A short stable name for the error (`empty`, `ole_container`, `not_zip`, …).
    pub kind: String,
    pub message: String,
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let stage = match self.stage {
            Stage::Open => "open",
            Stage::Read => "read",
            Stage::Extract => "extract",
            Stage::Write => "write",
        };
        write!(
            f,
            "{}: {stage} failed ({}): {}",
            self.path, self.kind, self.message
        )
    }
}

/// One file's extraction, ready to write.
pub struct Processed {
    pub source: Source,
    pub disclosure: Disclosure,
    /// The check records the JSON lists ([`ChecksListed`]).
    pub checks: Vec<check::CheckResult>,
    /// Every check, listed or not, by rule and outcome.
    pub check_counts: Vec<(&'static str, check::RuleCounts)>,
    pub json: Vec<u8>,
}

/// Reads a file, refusing one over the size cap before loading it.
pub fn read_file(path: &Path, limits: &Limits) -> Result<Vec<u8>, FileError> {
    let display = path.display().to_string();
    let open_error = |e: std::io::Error| FileError {
        path: display.clone(),
        stage: Stage::Open,
        kind: "io".to_string(),
        message: e.to_string(),
    };
    // Opening a FIFO or a device would block or never end: only regular files are read.
    let metadata = fs::metadata(path).map_err(open_error)?;
    if !metadata.is_file() {
        return Err(FileError {
            path: display.clone(),
            stage: Stage::Open,
            kind: "not_a_file".to_string(),
            message: "not a regular file (a folder, FIFO, socket or device)".to_string(),
        });
    }
    let file = fs::File::open(path).map_err(open_error)?;
    let size = file.metadata().map_err(open_error)?.len();
    if size > limits.max_file_bytes {
        return Err(FileError {
            path: display.clone(),
            stage: Stage::Read,
            kind: "too_large".to_string(),
            message: format!(
                "the file is {size} bytes, over the {}-byte cap",
                limits.max_file_bytes
            ),
        });
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limits.max_file_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(open_error)?;
    Ok(bytes)
}

/// Runs read → extract → check → emit on bytes already in memory. `path` is recorded as given.
/// The JSON lists, and `checks` holds, the checks a reader has to look at
/// ([`ChecksListed::Findings`]); `check_counts` counts them all.
pub fn process_bytes(path: &str, bytes: &[u8], limits: &Limits) -> Result<Processed, FileError> {
    process_bytes_hashed(
        path,
        bytes,
        emit::sha256_hex(bytes),
        limits,
        ChecksListed::default(),
    )
}

/// [`process_bytes`] with a choice of the check records the JSON lists.
pub fn process_bytes_listing(
    path: &str,
    bytes: &[u8],
    limits: &Limits,
    listed: ChecksListed,
) -> Result<Processed, FileError> {
    process_bytes_hashed(path, bytes, emit::sha256_hex(bytes), limits, listed)
}

/// [`process_bytes_listing`] for bytes whose SHA-256 is already known.
pub fn process_bytes_hashed(
    path: &str,
    bytes: &[u8],
    sha256: String,
    limits: &Limits,
    listed: ChecksListed,
) -> Result<Processed, FileError> {
    let Checked {
        source,
        disclosure,
        checks,
    } = check_bytes(path, bytes, sha256, limits, listed)?;
    let json = emit::document_json(&source, &disclosure, &checks);
    let check_counts = checks.counts().to_vec();
    Ok(Processed {
        source,
        disclosure,
        checks: checks.into_records(),
        check_counts,
        json,
    })
}

/// One file read, extracted and checked, not yet written.
pub struct Checked {
    pub source: Source,
    pub disclosure: Disclosure,
    pub checks: check::Checks,
}

/// Runs read → extract → check on bytes in memory.
pub fn check_bytes(
    path: &str,
    bytes: &[u8],
    sha256: String,
    limits: &Limits,
    listed: ChecksListed,
) -> Result<Checked, FileError> {
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        let (document, info) = read::read(bytes, limits).map_err(|e| FileError {
            path: path.to_string(),
            stage: Stage::Read,
            kind: e.kind().to_string(),
            message: e.to_string(),
        })?;
        let disclosure = extract::extract(&document);
        let checks = check::check_listed(&disclosure, listed);
        let source = Source::with_sha256(path, bytes, sha256, info, &document);
        Ok(Checked {
            source,
            disclosure,
            checks,
        })
    }));
    // A panic is a bug, never the input's fault; it still must not take the run down.
    outcome.unwrap_or_else(|_| {
        Err(FileError {
            path: path.to_string(),
            stage: Stage::Extract,
            kind: "internal".to_string(),
            message: "internal error while extracting; please report this file".to_string(),
        })
    })
}

/// How one input of a corpus run ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FileResult {
    /// Extracted; its JSON and rows sidecar are in the output folder.
    Written {
        path: String,
        output: String,
    },
    /// The manifest shows its output was made from the same bytes by the same extractor.
    Unchanged {
        path: String,
    },
    Failed(FileError),
}
