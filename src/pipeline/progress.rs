//! What a person or a log sees while a run goes: a progress bar on a terminal, nothing but
//! errors and a closing summary line elsewhere.

use super::inputs::SkippedFile;
use super::{FileError, FileResult};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use std::time::Duration;

/// How much the run prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbosity {
    /// Errors only.
    Quiet,
    /// Errors, a progress bar on a terminal, a summary line at the end.
    Normal,
    /// Also one line per file.
    Verbose,
}

/// Receives a run's events; called from the worker threads.
pub trait Observer: Sync {
    /// The run knows how many inputs it has.
    fn started(&self, _inputs: u64) {}
    /// One input is done.
    fn file_done(&self, _result: &FileResult) {}
    /// An input that could not even be listed.
    fn input_error(&self, _error: &FileError) {}
    /// A file a folder walk met and does not read.
    fn skipped(&self, _file: &SkippedFile) {}
    /// A step after the documents (compacting the manifest, assembling exports).
    fn step(&self, _message: &str) {}
    /// Something worth saying that is not a file's error.
    fn note(&self, _message: &str) {}
    /// The run is over; `summary` is its one-line summary.
    fn finished(&self, _summary: &str) {}
}

/// An observer that says nothing (library use, tests).
pub struct Silent;

impl Observer for Silent {}

/// Prints to stderr: errors always, the rest by [`Verbosity`]; a bar only on a terminal.
pub struct Console {
    verbosity: Verbosity,
    bar: Option<ProgressBar>,
}

impl Console {
    /// `terminal` says whether stderr is a terminal a bar can be drawn on.
    pub fn new(verbosity: Verbosity, terminal: bool) -> Console {
        let bar = (verbosity != Verbosity::Quiet && terminal).then(|| {
            let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{bar:40.cyan/blue} {pos}/{len} files  {rate} files/s  ETA {eta}  {msg}",
            )
            .map(|style| {
                style.with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0}", state.per_sec());
                    },
                )
            })
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Console { verbosity, bar }
    }

    fn print(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.println(line),
            None => eprintln!("{line}"),
        }
    }
}

impl Observer for Console {
    fn started(&self, inputs: u64) {
        if let Some(bar) = &self.bar {
            bar.set_length(inputs);
            bar.enable_steady_tick(Duration::from_millis(200));
        }
    }

    fn file_done(&self, result: &FileResult) {
        match result {
            FileResult::Failed(error) => self.print(&format!("error: {error}")),
            FileResult::Written { path, output } if self.verbosity == Verbosity::Verbose => {
                self.print(&format!("wrote {output} from {path}"))
            }
            FileResult::Unchanged { path } if self.verbosity == Verbosity::Verbose => {
                self.print(&format!("unchanged {path}"))
            }
            _ => {}
        }
        if let Some(bar) = &self.bar {
            bar.inc(1);
        }
    }

    fn input_error(&self, error: &FileError) {
        self.print(&format!("error: {error}"));
    }

    fn skipped(&self, file: &SkippedFile) {
        if self.verbosity == Verbosity::Verbose {
            let advice = file
                .advice
                .as_ref()
                .map(|a| format!("; {a}"))
                .unwrap_or_default();
            self.print(&format!("skipped {}: {}{advice}", file.path, file.reason));
        }
    }

    fn step(&self, message: &str) {
        match &self.bar {
            Some(bar) => bar.set_message(message.to_string()),
            None if self.verbosity == Verbosity::Verbose => eprintln!("{message}"),
            None => {}
        }
    }

    fn note(&self, message: &str) {
        if self.verbosity != Verbosity::Quiet {
            self.print(message);
        }
    }

    fn finished(&self, summary: &str) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        if self.verbosity != Verbosity::Quiet {
            eprintln!("{summary}");
        }
    }
}
