//! `pipeline`: read → extract → check → emit for each input file, in parallel. One bad file
//! gets an error record and never stops the run.

use crate::check;
use crate::emit::{self, Source};
use crate::extract::{self, model::Disclosure};
use crate::read::{self, Limits};
use rayon::prelude::*;
use serde::Serialize;
use std::fmt;
use std::fs;
use std::io::Read;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};

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
        write!(
            f,
            "{}: {:?} failed: {}",
            self.path, self.stage, self.message
        )
    }
}

/// One file's extraction, ready to write.
pub struct Processed {
    pub source: Source,
    pub disclosure: Disclosure,
    pub checks: Vec<check::CheckResult>,
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
pub fn process_bytes(path: &str, bytes: &[u8], limits: &Limits) -> Result<Processed, FileError> {
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        let (document, info) = read::read(bytes, limits).map_err(|e| FileError {
            path: path.to_string(),
            stage: Stage::Read,
            kind: e.kind().to_string(),
            message: e.to_string(),
        })?;
        let disclosure = extract::extract(&document);
        let checks = check::check(&disclosure);
        let source = Source::new(path, bytes, info, &document);
        let json = emit::document_json(&source, &disclosure, &checks);
        Ok(Processed {
            source,
            disclosure,
            checks,
            json,
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

/// Input files under the given paths: files as given, folders walked for `.txt` and `.docx`,
/// in a stable order. Paths that cannot be walked become error records.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
            {
                match entry {
                    Ok(e) if e.file_type().is_file() && has_input_extension(e.path()) => {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(FileError {
                        path: e
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| path.display().to_string()),
                        stage: Stage::Open,
                        kind: if e.loop_ancestor().is_some() {
                            "symlink_loop"
                        } else {
                            "io"
                        }
                        .to_string(),
                        message: e.to_string(),
                    }),
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    (files, errors)
}

fn has_input_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("txt") || e.eq_ignore_ascii_case("docx"))
}

/// What happened to one input.
#[derive(Clone, Debug, Serialize)]
pub struct FileOutcome {
    pub path: String,
    pub output: Option<String>,
    pub error: Option<FileError>,
}

/// Processes and writes one file into `output_dir`.
pub fn process_file(path: &Path, output_dir: &Path, limits: &Limits) -> FileOutcome {
    let display = path.display().to_string();
    let result = read_file(path, limits)
        .and_then(|bytes| process_bytes(&display, &bytes, limits))
        .and_then(|processed| {
            let name = emit::output_name(&display);
            emit::write_atomic(&output_dir.join(&name), &processed.json).map_err(|e| {
                FileError {
                    path: display.clone(),
                    stage: Stage::Write,
                    kind: "io".to_string(),
                    message: e.to_string(),
                }
            })?;
            Ok(name)
        });
    match result {
        Ok(name) => FileOutcome {
            path: display,
            output: Some(name),
            error: None,
        },
        Err(error) => FileOutcome {
            path: display,
            output: None,
            error: Some(error),
        },
    }
}

/// Processes all files in parallel on `jobs` threads (all cores when `None`).
pub fn run(
    files: &[PathBuf],
    output_dir: &Path,
    limits: &Limits,
    jobs: Option<usize>,
) -> Vec<FileOutcome> {
    let work = || -> Vec<FileOutcome> {
        files
            .par_iter()
            .map(|path| process_file(path, output_dir, limits))
            .collect()
    };
    match rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()
    {
        Ok(pool) => pool.install(work),
        Err(_) => work(),
    }
}
