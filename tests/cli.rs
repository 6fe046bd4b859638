//! The command line: exit codes, stdin path lists, what it prints where.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const SEED: &str = "corpus/000_19b5df8ff6376e0f.txt";

fn budget_extract(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_budget-extract"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("stdin written");
    child.wait_with_output().expect("runs")
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn exit_code_zero_when_every_input_is_extracted() {
    let out = tempfile::tempdir().expect("temp dir");
    let output = budget_extract(&[SEED, "-o", path(out.path())], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Not a terminal: no progress bar, one summary line.
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("1 files: 1 written, 0 unchanged (skipped), 0 failed"));
    assert!(out.path().join("documents.csv").is_file());
    assert!(out.path().join("datapackage.json").is_file());

    let again = budget_extract(&[SEED, "-o", path(out.path()), "--verbose"], "");
    assert_eq!(again.status.code(), Some(0));
    assert!(stderr(&again).contains(&format!("unchanged {SEED}")));
    assert!(stderr(&again).contains("1 unchanged (skipped)"));
}

#[test]
fn exit_code_one_when_some_inputs_fail_and_the_rest_are_written() {
    let work = tempfile::tempdir().expect("temp dir");
    let bad = work.path().join("bad.txt");
    fs::write(&bad, "").expect("written");
    let out = work.path().join("out");
    let output = budget_extract(&[SEED, path(&bad), "-o", path(&out), "--quiet"], "");
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    assert_eq!(err.lines().count(), 1, "quiet prints only errors: {err}");
    assert!(err.contains("bad.txt") && err.contains("(empty)"), "{err}");
    assert_eq!(
        fs::read_dir(&out)
            .expect("output")
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with("000_"))
            .count(),
        1
    );
}

#[test]
fn exit_code_two_when_the_output_folder_cannot_be_written() {
    let work = tempfile::tempdir().expect("temp dir");
    let file = work.path().join("a-file");
    fs::write(&file, "x").expect("written");
    let output = budget_extract(&[SEED, "-o", path(&file.join("out"))], "");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("output folder"),
        "{}",
        stderr(&output)
    );

    let usage = budget_extract(&[SEED, "-o", path(work.path()), "--jobs", "0"], "");
    assert_eq!(usage.status.code(), Some(2));
}

#[test]
fn paths_can_come_on_stdin() {
    let work = tempfile::tempdir().expect("temp dir");
    let copy = work.path().join("listed.txt");
    fs::copy(SEED, &copy).expect("copied");
    let out = work.path().join("out");
    let list = format!("{}\n\n{}\n", path(&copy), SEED);
    let output = budget_extract(&["-", "-o", path(&out)], &list);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).starts_with("2 files: 2 written"));
}

#[test]
fn help_documents_the_exit_codes_and_outputs() {
    let output = budget_extract(&["--help"], "");
    let help = String::from_utf8_lossy(&output.stdout);
    for needle in [
        "Exit codes",
        "manifest.jsonl",
        "run.json",
        "--excel",
        "--force",
        "--jsonl",
    ] {
        assert!(help.contains(needle), "--help lacks {needle}");
    }
}
