//! `budget-extract`: turns budget disclosures into JSON and dataset exports. A thin front end:
//! it parses the command line, hands the run to [`budget_extract::pipeline::bulk`], and turns
//! the outcome into an exit code.

use budget_extract::emit::dataset::ExportOptions;
use budget_extract::emit::{ChecksListed, Durability};
use budget_extract::pipeline::bulk::{self, BulkOptions};
use budget_extract::pipeline::inputs;
use budget_extract::pipeline::progress::{Console, Verbosity};
use budget_extract::read::Limits;
use clap::Parser;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

/// Extraction allocates many small strings per cell; mimalloc takes 15-20% off the CPU time of
/// a corpus run compared with the system allocator (scripts/bench_bulk.py).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Extracts Chinese government department budget and final-accounts disclosures (.txt, .docx,
/// .pdf, .xlsx, .xls) into one normalized JSON file per document, plus CSV dataset exports of
/// the whole corpus.
#[derive(Parser, Debug)]
#[command(
    version,
    after_help = "Inputs: files (any name; the format is read from the bytes), folders (walked \
recursively for .txt, .docx, .pdf, .xlsx and .xls; every other file met is listed in run.json as \
skipped, with the reason and what to convert it to), and `-` for a list of paths, one a line, on \
stdin. PDF inputs need poppler's pdftotext (poppler-utils).\n\n\
Outputs in DIR:\n  <name>-<hash>.json   one per input (schema/document.schema.json); <hash> is of \
the input path, so equal names never collide\n  documents.csv, line_items.csv, facts.csv   the \
dataset, with datapackage.json describing it\n  manifest.jsonl   input hash and extractor version \
per output: a re-run skips unchanged inputs\n  run.json   counts, failures, failed checks by rule, \
timings (the only file that differs between identical runs)\n  .<name>-<hash>.rows   each \
document's export rows, reused when it is unchanged\n\n\
A run killed at any point leaves only complete files; running it again finishes the job.\n\n\
Exit codes:\n  0  every input was extracted (or was unchanged)\n  1  some inputs failed (each is \
reported with its path and in run.json); the others are written\n  2  usage error, or the \
output folder cannot be written (or another run is writing to it)"
)]
struct Args {
    /// Input files and folders; `-` reads more paths from stdin.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Folder to write into (created if missing).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    jobs: Option<u16>,
    /// Extract every input again, even those the manifest shows unchanged.
    #[arg(long)]
    force: bool,
    /// Start the CSV files with a UTF-8 byte order mark, which Excel needs to show Chinese text
    /// (without it Excel assumes the legacy code page). Off by default because Python's csv,
    /// pandas, R and DuckDB read the mark as part of the first column's name.
    #[arg(long)]
    excel: bool,
    /// Also write documents.jsonl, line_items.jsonl and facts.jsonl: the same rows as JSON.
    #[arg(long, conflicts_with = "no_exports")]
    jsonl: bool,
    /// Write the JSON files only, no dataset exports.
    #[arg(long)]
    no_exports: bool,
    /// Flush every file to the disk before recording it, so that a power cut loses nothing
    /// recorded as done. Without it a killed process still leaves only complete files; only
    /// an operating-system crash can lose the newest outputs (they are redone on the next run).
    #[arg(long)]
    fsync: bool,
    /// List every check in each document's JSON, passes included. By default the JSON lists the
    /// failed and skipped checks and counts all of them by rule in `check_counts`.
    #[arg(long)]
    all_checks: bool,
    /// Print nothing but errors.
    #[arg(short, long, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print one line per file.
    #[arg(short, long)]
    verbose: bool,
}

/// Every input was extracted or was unchanged.
const EXIT_OK: u8 = 0;
/// Some inputs failed; the others were written.
const EXIT_SOME_FAILED: u8 = 1;
/// A usage error (clap's own exit code too), or the output folder cannot be written.
const EXIT_USAGE_OR_IO: u8 = 2;

fn main() -> ExitCode {
    ExitCode::from(run_corpus(Args::parse()))
}

/// Runs the inputs into the output folder and returns the exit code.
fn run_corpus(args: Args) -> u8 {
    let verbosity = if args.quiet {
        Verbosity::Quiet
    } else if args.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    };
    let console = Console::new(verbosity, std::io::stderr().is_terminal());
    let gathered = inputs::gather_all(&args.inputs, &mut std::io::stdin().lock());
    let options = bulk_options(&args);
    match bulk::run_bulk_with_skipped(
        &gathered.files,
        gathered.errors,
        gathered.skipped,
        &options,
        &console,
    ) {
        Ok(report) if report.outcomes.failed > 0 => EXIT_SOME_FAILED,
        Ok(_) => EXIT_OK,
        Err(error) => {
            eprintln!("error: {error}");
            EXIT_USAGE_OR_IO
        }
    }
}

/// The run's options from the command line.
fn bulk_options(args: &Args) -> BulkOptions {
    BulkOptions {
        output_dir: args.output.clone(),
        jobs: args.jobs.map(usize::from),
        force: args.force,
        durability: if args.fsync {
            Durability::Synced
        } else {
            Durability::Buffered
        },
        exports: (!args.no_exports).then_some(ExportOptions {
            excel_bom: args.excel,
            jsonl: args.jsonl,
        }),
        limits: Limits::default(),
        checks_listed: if args.all_checks {
            ChecksListed::All
        } else {
            ChecksListed::Findings
        },
    }
}
