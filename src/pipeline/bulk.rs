//! A corpus run: every input through read → extract → check → emit on a thread pool,
//! incremental against the output folder's manifest, resumable after a kill, ending with the
//! dataset exports and a run report.
//!
//! Memory stays flat in the number of inputs: each worker holds one document at a time, and
//! results go to disk as they finish. What the run keeps per input is its path and, for the
//! manifest, one small entry.

use super::inputs::SkippedFile;
use super::lock::{LockError, RunLock};
use super::manifest::{Manifest, ManifestEntry};
use super::progress::Observer;
use super::report::{Outcomes, RunReport, Timing, REPORT_FILE};
use super::{check_bytes, disclosures, read_file, Checked, FileError, FileResult, Stage};
use crate::emit::dataset::{self, ExportOptions, ExportStamp};
use crate::emit::panel::{self, PanelDocument};
use crate::emit::{self, datapackage, ChecksListed, Durability};
use crate::read::Limits;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

pub const DATAPACKAGE_FILE: &str = "datapackage.json";

/// The subfolder of the output folder where files are written before they are renamed into
/// place. Whatever a killed run leaves there is partial and is removed by the next run.
pub const STAGING_DIR: &str = ".partial";

/// The version the manifest records for each output: the crate's, the JSON schema's and the
/// export columns'. Extraction changes must bump the crate version for incremental runs to
/// redo existing outputs (or run with `force`).
pub fn extractor_version() -> String {
    format!(
        "{}+schema.{}+export.{}",
        env!("CARGO_PKG_VERSION"),
        emit::SCHEMA_VERSION,
        dataset::EXPORT_VERSION
    )
}

/// What a corpus run is asked to do.
#[derive(Clone, Debug)]
pub struct BulkOptions {
    pub output_dir: PathBuf,
    /// Worker threads; all cores when `None`.
    pub jobs: Option<usize>,
    /// Extract every input again, whatever the manifest says.
    pub force: bool,
    pub durability: Durability,
    /// Dataset exports to assemble at the end; `None` for the JSON files only.
    pub exports: Option<ExportOptions>,
    pub limits: Limits,
    /// Which check records each document's JSON lists.
    pub checks_listed: ChecksListed,
}

impl BulkOptions {
    pub fn new(output_dir: impl Into<PathBuf>) -> BulkOptions {
        BulkOptions {
            output_dir: output_dir.into(),
            jobs: None,
            force: false,
            durability: Durability::Buffered,
            exports: Some(ExportOptions::default()),
            limits: Limits::default(),
            checks_listed: ChecksListed::default(),
        }
    }
}

/// Why a run could not do its job at all (as opposed to some inputs failing).
#[derive(Debug)]
pub enum BulkError {
    /// The output folder cannot be created or written.
    OutputFolder { path: PathBuf, error: io::Error },
    /// Another run is writing into the output folder (and holds its lock).
    Busy { path: PathBuf, pid: Option<u32> },
    /// The manifest cannot be read or written.
    Manifest { path: PathBuf, error: io::Error },
    /// The exports, the package descriptor or the run report cannot be written.
    Finishing { path: PathBuf, error: io::Error },
    /// The thread pool cannot be started.
    Threads(String),
}

impl fmt::Display for BulkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BulkError::OutputFolder { path, error } => {
                write!(
                    f,
                    "cannot write to the output folder {}: {error}",
                    path.display()
                )
            }
            BulkError::Busy { path, pid } => {
                let who = match pid {
                    Some(pid) => format!("another run (process {pid})"),
                    None => "another run".to_string(),
                };
                write!(
                    f,
                    "{who} is writing to {} and holds its lock ({}); wait for it to finish",
                    path.display(),
                    super::lock::LOCK_FILE
                )
            }
            BulkError::Manifest { path, error } => {
                write!(f, "manifest {}: {error}", path.display())
            }
            BulkError::Finishing { path, error } => write!(f, "{}: {error}", path.display()),
            BulkError::Threads(message) => write!(f, "cannot start worker threads: {message}"),
        }
    }
}

impl std::error::Error for BulkError {}

/// Failed checks by rule, only the rules that failed (a run report sums these over files).
pub fn failed_checks_by_rule(checks: &[crate::check::CheckResult]) -> BTreeMap<String, usize> {
    let mut counts = crate::check::failures_by_rule(checks);
    counts.retain(|_, n| *n > 0);
    counts
}

/// Everything the workers share.
struct Context<'a> {
    dir: &'a Path,
    staging: PathBuf,
    options: &'a BulkOptions,
    extractor: String,
    manifest: Manifest,
    input_bytes: AtomicU64,
}

fn write_error(path: &str, kind: &str, error: io::Error) -> FileError {
    FileError {
        path: path.to_string(),
        stage: Stage::Write,
        kind: kind.to_string(),
        message: error.to_string(),
    }
}

/// True when the earlier output of `entry` is still what the manifest says it wrote.
fn outputs_intact(dir: &Path, entry: &ManifestEntry) -> bool {
    let size = |name: &str| fs::metadata(dir.join(name)).ok().map(|m| m.len());
    size(&entry.output) == Some(entry.json_bytes)
        && size(&dataset::sidecar_name(&entry.output)) == Some(entry.rows_bytes)
}

fn process_input(ctx: &Context<'_>, path: &Path) -> FileResult {
    let key = path.display().to_string();
    let bytes = match read_file(path, &ctx.options.limits) {
        Ok(bytes) => bytes,
        Err(error) => return FileResult::Failed(error),
    };
    ctx.input_bytes
        .fetch_add(bytes.len() as u64, Ordering::Relaxed);
    let sha256 = emit::sha256_hex(&bytes);
    let output = emit::output_name(&key);
    let previous = ctx.manifest.previous(&key);
    if !ctx.options.force {
        if let Some(entry) = previous {
            if entry.sha256 == sha256
                && entry.extractor == ctx.extractor
                && entry.output == output
                && outputs_intact(ctx.dir, entry)
            {
                return FileResult::Unchanged { path: key };
            }
        }
    }
    let checked = match check_bytes(
        &key,
        &bytes,
        sha256,
        &ctx.options.limits,
        ctx.options.checks_listed,
    ) {
        Ok(checked) => checked,
        Err(error) => return FileResult::Failed(error),
    };
    drop(bytes);
    if let Err(error) = write_disclosure(ctx, vec![checked], std::slice::from_ref(&output)) {
        return FileResult::Failed(error);
    }
    // An input whose output name changed (a new naming scheme) leaves no orphan behind.
    if let Some(old) = previous.filter(|p| p.output != output) {
        let _ = fs::remove_file(ctx.dir.join(&old.output));
        let _ = fs::remove_file(ctx.dir.join(dataset::sidecar_name(&old.output)));
    }
    FileResult::Written { path: key, output }
}

/// Writes the files of one disclosure ([`disclosures::render`]) and records them in the
/// manifest. `outputs` are their JSON names, in the order of `files`.
fn write_disclosure(
    ctx: &Context<'_>,
    files: Vec<Checked>,
    outputs: &[String],
) -> Result<Vec<ManifestEntry>, FileError> {
    let first_path = files
        .first()
        .map(|f| f.source.path.clone())
        .unwrap_or_default();
    let written = disclosures::render(files, outputs, ctx.options.checks_listed)
        .map_err(|e| write_error(&first_path, "export_rows", e))?;
    let durability = ctx.options.durability;
    let write = |name: &str, bytes: &[u8]| {
        emit::write_atomic_via(&ctx.staging, &ctx.dir.join(name), bytes, durability)
    };
    let mut entries = Vec::with_capacity(written.len());
    for (file, output) in written.into_iter().zip(outputs) {
        let key = file.checked.source.path.clone();
        write(output, &file.json).map_err(|e| write_error(&key, "io", e))?;
        let sidecar_bytes = file.rows.to_sidecar();
        write(&dataset::sidecar_name(output), &sidecar_bytes)
            .map_err(|e| write_error(&key, "io", e))?;
        let disclosure = &file.checked.disclosure;
        let entry = ManifestEntry {
            path: key.clone(),
            sha256: file.checked.source.sha256.clone(),
            extractor: ctx.extractor.clone(),
            output: output.clone(),
            json_bytes: file.json.len() as u64,
            rows_bytes: sidecar_bytes.len() as u64,
            failed_checks: file.failed_checks,
            department_key: emit::department_key(disclosure).map(str::to_string),
            fiscal_year: disclosure.fiscal_year,
            document_kind: dataset::document_kind_name(disclosure.document_kind).to_string(),
            parts: emit::parts_of(disclosure).to_string(),
            disclosure_id: file.disclosure_id,
            disclosure_files: file.disclosure_files,
        };
        ctx.manifest
            .record(entry.clone())
            .map_err(|e| write_error(&key, "manifest", e))?;
        entries.push(entry);
    }
    Ok(entries)
}

/// Groups every document in the output folder into disclosures and writes again the files
/// whose disclosure changed. Returns how many files were written again, and the files that
/// could not be (they keep their earlier output and are tried again next run).
fn regroup(ctx: &Context<'_>) -> io::Result<(usize, Vec<FileError>)> {
    let entries = ctx.manifest.current(ctx.dir)?;
    let groups = disclosures::group(&entries);
    let mut rewritten = 0;
    let mut problems = Vec::new();
    'groups: for group in disclosures::stale(&entries, &groups) {
        let mut files = Vec::with_capacity(group.members.len());
        let mut outputs = Vec::with_capacity(group.members.len());
        for &i in &group.members {
            let entry = &entries[i];
            match disclosures::reread(entry, &ctx.options.limits, ctx.options.checks_listed) {
                Ok(checked) => files.push(checked),
                Err(error) => {
                    problems.push(error);
                    continue 'groups;
                }
            }
            outputs.push(entry.output.clone());
        }
        match write_disclosure(ctx, files, &outputs) {
            Ok(written) => rewritten += written.len(),
            Err(error) => problems.push(error),
        }
    }
    Ok((rewritten, problems))
}

/// Empties the staging folder of whatever a killed run left there. Only called with the
/// folder's lock held, so no live run is writing into it.
fn reset_staging(staging: &Path) -> io::Result<usize> {
    let mut removed = 0;
    match fs::read_dir(staging) {
        Ok(entries) => {
            for entry in entries {
                let path = entry?.path();
                if path.is_dir() {
                    fs::remove_dir_all(&path)?;
                } else {
                    fs::remove_file(&path)?;
                }
                removed += 1;
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => fs::create_dir(staging)?,
        Err(e) => return Err(e),
    }
    Ok(removed)
}

fn seconds(from: Instant) -> f64 {
    from.elapsed().as_secs_f64()
}

/// Runs every input in `inputs` into `options.output_dir`. `listing_errors` are inputs that
/// could not even be listed (walk errors); they count as failed. Returns the run report, also
/// written to `run.json`; an `Err` means the run could not do its job at all.
pub fn run_bulk(
    inputs: &[PathBuf],
    listing_errors: Vec<FileError>,
    options: &BulkOptions,
    observer: &dyn Observer,
) -> Result<RunReport, BulkError> {
    run_bulk_with_skipped(inputs, listing_errors, Vec::new(), options, observer)
}

/// [`run_bulk`], also reporting the files the folder walk did not read (`skipped`), which the
/// run report lists and counts.
pub fn run_bulk_with_skipped(
    inputs: &[PathBuf],
    listing_errors: Vec<FileError>,
    skipped: Vec<SkippedFile>,
    options: &BulkOptions,
    observer: &dyn Observer,
) -> Result<RunReport, BulkError> {
    let started = Instant::now();
    let started_unix_seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let dir = options.output_dir.as_path();
    let folder_error = |error: io::Error| BulkError::OutputFolder {
        path: dir.to_path_buf(),
        error,
    };
    fs::create_dir_all(dir).map_err(folder_error)?;
    let _lock = RunLock::acquire(dir).map_err(|e| match e {
        LockError::Held { pid } => BulkError::Busy {
            path: dir.to_path_buf(),
            pid,
        },
        LockError::Io(error) => folder_error(error),
    })?;
    let staging = dir.join(STAGING_DIR);
    let leftovers = reset_staging(&staging).map_err(folder_error)?;
    if leftovers > 0 {
        observer.note(&format!(
            "removed {leftovers} partial files left by an interrupted run"
        ));
    }
    let manifest_error = |error: io::Error| BulkError::Manifest {
        path: dir.join(super::manifest::MANIFEST_FILE),
        error,
    };
    let (manifest, load) = Manifest::open(dir, options.durability).map_err(manifest_error)?;
    if load.unreadable_lines > 0 {
        observer.note(&format!(
            "manifest: ignored {} incomplete line(s) left by an interrupted run",
            load.unreadable_lines
        ));
    }
    let ctx = Context {
        dir,
        staging: staging.clone(),
        options,
        extractor: match options.checks_listed {
            ChecksListed::Findings => extractor_version(),
            // Outputs made with the other listing differ: the manifest must tell them apart.
            ChecksListed::All => format!("{}+checks.all", extractor_version()),
        },
        manifest,
        input_bytes: AtomicU64::new(0),
    };

    for error in &listing_errors {
        observer.input_error(error);
    }
    for file in &skipped {
        observer.skipped(file);
    }
    observer.started(inputs.len() as u64);
    let written = AtomicU64::new(0);
    let unchanged = AtomicU64::new(0);
    // Inputs of this run with an output, for the failed checks the report counts.
    let with_output = Mutex::new(HashSet::new());
    let failures = Mutex::new(listing_errors);
    let documents_started = Instant::now();
    let work = || {
        inputs.par_iter().for_each(|path| {
            let result = process_input(&ctx, path);
            observer.file_done(&result);
            match result {
                FileResult::Written { path, .. } => {
                    written.fetch_add(1, Ordering::Relaxed);
                    if let Ok(mut set) = with_output.lock() {
                        set.insert(path);
                    }
                }
                FileResult::Unchanged { path } => {
                    unchanged.fetch_add(1, Ordering::Relaxed);
                    if let Ok(mut set) = with_output.lock() {
                        set.insert(path);
                    }
                }
                FileResult::Failed(error) => {
                    if let Ok(mut failures) = failures.lock() {
                        failures.push(error);
                    }
                }
            }
        })
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.jobs.unwrap_or(0))
        .build()
        .map_err(|e| BulkError::Threads(e.to_string()))?;
    pool.install(work);
    let documents_seconds = seconds(documents_started);

    let finishing_started = Instant::now();
    observer.step("grouping files into disclosures");
    let (_, regroup_problems) = regroup(&ctx).map_err(manifest_error)?;
    for problem in &regroup_problems {
        observer.note(&format!("disclosure left as it was: {problem}"));
    }
    observer.step("writing the manifest");
    let Context {
        manifest,
        input_bytes,
        extractor,
        ..
    } = ctx;
    let (entries, manifest_sha256) = manifest.compact(dir, &staging).map_err(manifest_error)?;
    let with_output = with_output.into_inner().unwrap_or_default();
    let mut failed_checks: BTreeMap<String, usize> = BTreeMap::new();
    for entry in entries.iter().filter(|e| with_output.contains(&e.path)) {
        for (rule, n) in &entry.failed_checks {
            *failed_checks.entry(rule.clone()).or_insert(0) += n;
        }
    }

    let finishing_error = |name: &str| {
        let path = dir.join(name);
        move |error: io::Error| BulkError::Finishing { path, error }
    };
    let mut exports = None;
    let mut export_problems = Vec::new();
    if let Some(export_options) = options.exports {
        let descriptor_path = dir.join(DATAPACKAGE_FILE);
        // A forced run rewrites every output, and an output can change where its manifest entry
        // does not (a check's pass count): its exports are rebuilt, never taken as up to date.
        let up_to_date = fs::read(&descriptor_path)
            .ok()
            .filter(|_| !options.force)
            .and_then(|bytes| datapackage::stamp_of(&bytes))
            .filter(|stamp| stamp.matches(&manifest_sha256, export_options))
            .filter(|_| {
                dataset::export_files(export_options)
                    .iter()
                    .all(|name| dir.join(name).is_file())
            });
        let counts = match up_to_date {
            // Nothing changed since the exports were built from this very manifest.
            Some(stamp) => stamp.rows,
            None => {
                observer.step("assembling dataset exports");
                let sidecars = entries
                    .iter()
                    .map(|e| dir.join(dataset::sidecar_name(&e.output)));
                let (mut counts, bad) =
                    dataset::assemble(dir, &staging, sidecars, export_options, options.durability)
                        .map_err(finishing_error("exports"))?;
                let panel: Vec<PanelDocument<'_>> = entries
                    .iter()
                    .map(|e| PanelDocument {
                        document_id: dataset::document_id(&e.output),
                        department_key: e.department_key.as_deref(),
                        fiscal_year: e.fiscal_year,
                        document_kind: &e.document_kind,
                        disclosure_id: &e.disclosure_id,
                    })
                    .collect();
                counts.departments =
                    panel::write(dir, &staging, &panel, export_options, options.durability)
                        .map_err(finishing_error("departments.csv"))?;
                for problem in bad {
                    let message = format!("{}: {}", problem.path.display(), problem.reason);
                    observer.note(&format!("export: left out {message}"));
                    export_problems.push(message);
                }
                // Exports missing a document are rebuilt by every run until it is back.
                let stamp = export_problems.is_empty().then(|| ExportStamp {
                    manifest_sha256: manifest_sha256.clone(),
                    excel_bom: export_options.excel_bom,
                    jsonl: export_options.jsonl,
                    rows: counts,
                });
                emit::write_atomic_via(
                    &staging,
                    &descriptor_path,
                    &datapackage::descriptor_bytes(export_options, stamp.as_ref()),
                    options.durability,
                )
                .map_err(finishing_error(DATAPACKAGE_FILE))?;
                counts
            }
        };
        exports = Some(counts);
    }

    let mut failures = failures.into_inner().unwrap_or_default();
    failures.sort_by(|a, b| a.path.cmp(&b.path));
    let outcomes = Outcomes {
        written: written.into_inner(),
        skipped_unchanged: unchanged.into_inner(),
        failed: failures.len() as u64,
        skipped_not_read: skipped.len() as u64,
    };
    let input_bytes = input_bytes.into_inner();
    let handled = (outcomes.written + outcomes.skipped_unchanged + outcomes.failed) as f64;
    let per_second = |x: f64| {
        if documents_seconds > 0.0 {
            x / documents_seconds
        } else {
            0.0
        }
    };
    let report = RunReport {
        extractor,
        inputs: outcomes.written + outcomes.skipped_unchanged + outcomes.failed,
        outcomes,
        failed_checks_by_rule: failed_checks,
        failures,
        skipped_files: skipped,
        documents_in_output: entries.len() as u64,
        exports,
        export_problems,
        timing: Timing {
            started_unix_seconds,
            wall_seconds: seconds(started),
            documents_seconds,
            finishing_seconds: seconds(finishing_started),
            files_per_second: per_second(handled),
            input_bytes,
            input_megabytes_per_second: per_second(input_bytes as f64 / 1e6),
        },
    };
    emit::write_atomic_via(
        &staging,
        &dir.join(REPORT_FILE),
        &report.to_json(),
        options.durability,
    )
    .map_err(finishing_error(REPORT_FILE))?;
    // Empty once every file is in place; a failure to remove it only leaves an empty folder.
    let _ = fs::remove_dir(&staging);
    observer.finished(&report.summary_line());
    Ok(report)
}
