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

/// The seed's one output file, parsed.
fn only_document(dir: &Path) -> serde_json::Value {
    let json: Vec<_> = fs::read_dir(dir)
        .expect("output folder")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension().is_some_and(|x| x == "json")
                && p.file_name()
                    .is_some_and(|n| n != "run.json" && n != "datapackage.json")
        })
        .collect();
    assert_eq!(json.len(), 1, "{json:?}");
    serde_json::from_slice(&fs::read(&json[0]).expect("read")).expect("JSON")
}

#[test]
fn all_checks_lists_the_exact_passes_and_redoes_outputs_made_without_it() {
    let out = tempfile::tempdir().expect("temp dir");
    let dir = path(out.path());
    let run = |extra: &[&str]| {
        let mut args = vec![SEED, "-o", dir, "--no-exports"];
        args.extend_from_slice(extra);
        let output = budget_extract(&args, "");
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        stderr(&output)
    };
    let total = |doc: &serde_json::Value| -> u64 {
        let counts = doc["check_counts"].as_object().expect("check_counts");
        counts
            .values()
            .flat_map(|c| ["pass", "fail", "skipped"].map(|k| c[k].as_u64().expect("count")))
            .sum()
    };

    run(&[]);
    let findings = only_document(out.path());
    assert_eq!(findings["checks_listed"], "findings");
    let listed = findings["checks"].as_array().expect("checks");
    assert!(listed.iter().all(|c| c["status"] != "pass"));

    // The other listing is another output: the manifest does not count it as unchanged.
    assert!(run(&["--all-checks"]).contains("1 written"));
    let all = only_document(out.path());
    assert_eq!(all["checks_listed"], "all");
    assert_eq!(all["check_counts"], findings["check_counts"]);
    assert_eq!(
        all["checks"].as_array().expect("checks").len() as u64,
        total(&all)
    );
    assert!(listed.len() < all["checks"].as_array().expect("checks").len());
    assert!(run(&["--all-checks"]).contains("1 unchanged"));
}

/// The environment variable that makes [`lock_holder`] hold a lock on the file it names.
const HOLD_LOCK: &str = "BUDGET_EXTRACT_TEST_HOLD_LOCK";

/// Not a check of its own: the separate process that holds an output folder's lock for
/// `a_run_is_refused_while_another_holds_the_folder_and_proceeds_after_a_kill`, which starts
/// this test binary with only this function selected. Without the variable it does nothing.
#[test]
#[ignore = "a helper process for the lock test"]
fn lock_holder() {
    let Some(path) = std::env::var_os(HOLD_LOCK) else {
        return;
    };
    let mut file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(path)
        .expect("lock file");
    file.lock().expect("locked");
    writeln!(file, "{}", std::process::id()).expect("id written");
    println!("locked");
    std::io::stdout().flush().expect("flushed");
    loop {
        std::thread::park();
    }
}

#[test]
fn a_run_is_refused_while_another_holds_the_folder_and_proceeds_after_a_kill() {
    use std::io::BufRead;
    let out = tempfile::tempdir().expect("temp dir");
    let mut holder = Command::new(std::env::current_exe().expect("test binary"))
        .args(["lock_holder", "--exact", "--ignored", "--nocapture"])
        .env(HOLD_LOCK, out.path().join(".budget-extract.lock"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("holder starts");
    let stdout = holder.stdout.take().expect("holder stdout");
    let mut lines = std::io::BufReader::new(stdout).lines();
    // Blocks until the holder has the lock.
    assert!(lines.any(|line| line.map(|l| l == "locked").unwrap_or(false)));

    let refused = budget_extract(&[SEED, "-o", path(out.path())], "");
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    let message = stderr(&refused);
    assert!(
        message.contains(&format!("another run (process {})", holder.id()))
            && message.contains("holds its lock")
            && message.contains("wait for it to finish"),
        "{message}"
    );
    assert!(!out.path().join("manifest.jsonl").exists());

    // SIGKILL: the holder gets no chance to clean up; its lock file stays behind.
    holder.kill().expect("killed");
    holder.wait().expect("reaped");
    assert!(out.path().join(".budget-extract.lock").exists());
    let after = budget_extract(&[SEED, "-o", path(out.path())], "");
    assert_eq!(after.status.code(), Some(0), "{}", stderr(&after));
    assert!(!out.path().join(".budget-extract.lock").exists());
}

#[test]
fn files_a_folder_walk_does_not_read_are_listed_and_counted() {
    let input = tempfile::tempdir().expect("temp dir");
    fs::copy(SEED, input.path().join("seed.txt")).expect("seed copied");
    fs::write(input.path().join("old.doc"), b"\xD0\xCF\x11\xE0").expect("written");
    fs::write(input.path().join("scan.jpg"), b"\xFF\xD8\xFF").expect("written");
    fs::write(input.path().join(".DS_Store"), b"\0\0\0\x01Bud1").expect("written");
    let out = tempfile::tempdir().expect("temp dir");
    let output = budget_extract(&[path(input.path()), "-o", path(out.path())], "");
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).starts_with(
            "1 files: 1 written, 0 unchanged (skipped), 0 failed; 3 other files skipped"
        ),
        "{}",
        stderr(&output)
    );
    let report: serde_json::Value =
        serde_json::from_slice(&fs::read(out.path().join("run.json")).expect("run.json"))
            .expect("JSON");
    assert_eq!(report["outcomes"]["skipped_not_read"], 3);
    let skipped = report["skipped_files"].as_array().expect("listed");
    let entry = |name: &str| {
        skipped
            .iter()
            .find(|s| s["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .unwrap_or_else(|| panic!("{name} not listed: {skipped:?}"))
    };
    assert_eq!(entry("old.doc")["advice"], "save as .docx");
    assert_eq!(entry("scan.jpg")["kind"], "image");
    assert_eq!(
        entry("scan.jpg")["advice"],
        "needs OCR to text (.txt) first"
    );
    assert_eq!(entry(".DS_Store")["hidden"], true);
    assert!(entry("old.doc").get("hidden").is_none());

    let verbose = budget_extract(&[path(input.path()), "-o", path(out.path()), "-v"], "");
    assert!(stderr(&verbose)
        .contains("old.doc: a word-processor format not read (.doc); save as .docx"));
}
