//! `budget-extract`: turns budget disclosures into JSON. A thin front end over
//! [`budget_extract::pipeline`].

use budget_extract::pipeline;
use budget_extract::read::Limits;
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;

/// Extracts Chinese government department budget and final-accounts disclosures (.txt, .docx)
/// into one normalized JSON file per document.
#[derive(Parser, Debug)]
#[command(
    version,
    after_help = "Inputs: files (any name; the format is read from the bytes) and folders (walked \
recursively for .txt and .docx).\n\
Outputs: OUTPUT/<name>-<hash>.json per input, with the schema in schema/document.schema.json.\n\n\
Exit codes:\n  0  every input was extracted\n  1  some inputs failed (each is reported with its path)\n  2  usage error, or the output folder cannot be written"
)]
struct Args {
    /// Input files and folders.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Folder to write the JSON files into (created if missing).
    #[arg(short, long, value_name = "DIR")]
    output: PathBuf,
    /// Worker threads (default: all cores).
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// Print nothing but errors.
    #[arg(short, long)]
    quiet: bool,
}

/// Exit code when some files failed and the others were written.
const EXIT_SOME_FAILED: u8 = 1;
/// Exit code for a usage or output I/O error.
const EXIT_USAGE_OR_IO: u8 = 2;

fn main() -> ExitCode {
    let args = Args::parse();
    if let Err(e) = std::fs::create_dir_all(&args.output) {
        eprintln!("error: cannot create {}: {e}", args.output.display());
        return ExitCode::from(EXIT_USAGE_OR_IO);
    }
    let limits = Limits::default();
    let (files, walk_errors) = pipeline::collect_inputs(&args.inputs);
    let outcomes = pipeline::run(&files, &args.output, &limits, args.jobs);
    let mut failed = walk_errors.len();
    for error in &walk_errors {
        eprintln!("error: {error}");
    }
    for outcome in &outcomes {
        if let Some(error) = &outcome.error {
            failed += 1;
            eprintln!("error: {error}");
        }
    }
    if !args.quiet {
        eprintln!(
            "{} files: {} written, {} failed",
            outcomes.len() + walk_errors.len(),
            outcomes.len() + walk_errors.len() - failed,
            failed
        );
    }
    if failed > 0 {
        ExitCode::from(EXIT_SOME_FAILED)
    } else {
        ExitCode::SUCCESS
    }
}
