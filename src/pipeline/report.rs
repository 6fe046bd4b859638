//! `run.json`: what a run did. The only file in the output folder that differs between two
//! runs over the same inputs (it holds timings), so reproducibility checks leave it out.

use super::inputs::SkippedFile;
use super::FileError;
use crate::emit::dataset::ExportCounts;
use serde::Serialize;
use std::collections::BTreeMap;

pub const REPORT_FILE: &str = "run.json";

/// How many inputs ended which way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Outcomes {
    /// Extracted and written by this run.
    pub written: u64,
    /// Same bytes and extractor version as the manifest records, output intact: left alone.
    pub skipped_unchanged: u64,
    /// Could not be read, extracted or written; listed in `failures`.
    pub failed: u64,
    /// Files a folder walk met and does not read (not counted in `inputs`); listed in
    /// `skipped_files`.
    pub skipped_not_read: u64,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Timing {
    /// When the run started, in seconds since the Unix epoch.
    pub started_unix_seconds: u64,
    pub wall_seconds: f64,
    /// Reading, extracting and writing the documents.
    pub documents_seconds: f64,
    /// Compacting the manifest and assembling the dataset exports.
    pub finishing_seconds: f64,
    /// Inputs handled (any outcome) per second of `documents_seconds`.
    pub files_per_second: f64,
    pub input_bytes: u64,
    pub input_megabytes_per_second: f64,
}

/// The run report.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RunReport {
    /// The extractor version the manifest records for each output.
    pub extractor: String,
    /// Inputs this run was given (after walking folders), including ones that failed to open.
    pub inputs: u64,
    pub outcomes: Outcomes,
    /// Failed checks by rule, over this run's inputs that have an output (written now or
    /// unchanged).
    pub failed_checks_by_rule: BTreeMap<String, usize>,
    /// One record per failed input, sorted by path.
    pub failures: Vec<FileError>,
    /// One record per file (or hidden folder) a folder walk did not read, sorted by path: the
    /// reason and, where it helps, what to convert it to.
    pub skipped_files: Vec<SkippedFile>,
    /// Documents in the output folder's manifest, from this run and earlier ones.
    pub documents_in_output: u64,
    /// Rows written per export file; `null` when exports were not built.
    pub exports: Option<ExportCounts>,
    /// Rows sidecars that could not be read while assembling the exports (their documents are
    /// missing from the exports until the next run extracts them again).
    pub export_problems: Vec<String>,
    pub timing: Timing,
}

impl RunReport {
    /// Pretty JSON ending in a newline.
    pub fn to_json(&self) -> Vec<u8> {
        // Serializing plain data into memory cannot fail.
        let mut out = serde_json::to_vec_pretty(self).unwrap_or_default();
        out.push(b'\n');
        out
    }

    /// The one-line summary printed at the end of a run.
    pub fn summary_line(&self) -> String {
        let o = &self.outcomes;
        format!(
            "{} files: {} written, {} unchanged (skipped), {} failed; {} other files skipped (not read, see run.json) in {:.1} s ({:.0} files/s, {:.1} MB/s)",
            self.inputs,
            o.written,
            o.skipped_unchanged,
            o.failed,
            o.skipped_not_read,
            self.timing.wall_seconds,
            self.timing.files_per_second,
            self.timing.input_megabytes_per_second,
        )
    }
}
