//! A run killed with SIGKILL, at any point, leaves only complete files, and running it again
//! ends with exactly the output of a run that was never interrupted.

mod common;
use common::folder::snapshot;

use serde_json::Value;
use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

const SEED: &str = "corpus/000_19b5df8ff6376e0f.txt";
const DOCUMENTS: usize = 150;

fn command(input: &Path, output: &Path, jobs: &str) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_budget-extract"));
    command
        .arg(input)
        .arg("-o")
        .arg(output)
        .args(["--jobs", jobs, "--quiet"])
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn outputs(dir: &Path) -> usize {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().ends_with(".json"))
                .count()
        })
        .unwrap_or(0)
}

/// Starts a run and SIGKILLs it once `at` JSON files exist. Returns false if it finished first.
fn kill_when(mut child: Child, dir: &Path, at: usize) -> bool {
    let deadline = Instant::now() + Duration::from_secs(120);
    while outputs(dir) < at && Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return false;
        }
        sleep(Duration::from_millis(1));
    }
    let killed = matches!(child.try_wait(), Ok(None));
    let _ = child.kill();
    let _ = child.wait();
    killed
}
/// Every file beside the staging folder is complete: JSON parses, rows files are whole.
fn assert_only_complete_files(dir: &Path) {
    for (name, bytes) in snapshot(dir) {
        if name.ends_with(".json") {
            assert!(
                serde_json::from_slice::<Value>(&bytes).is_ok(),
                "{name} is not complete JSON after a kill"
            );
        } else if name.ends_with(".rows") {
            assert!(
                budget_extract::emit::dataset::Sidecar::parse(&bytes).is_some(),
                "{name} is not a complete rows file after a kill"
            );
        }
    }
}

#[test]
fn a_killed_run_finishes_with_the_output_of_an_uninterrupted_one() {
    let work = tempfile::tempdir().expect("temp dir");
    let input = work.path().join("in");
    fs::create_dir(&input).expect("input folder");
    let seed = fs::read_to_string(SEED).expect("seed in corpus/");
    let head: Vec<&str> = seed.lines().take(800).collect();
    let head = head.join("\n");
    for i in 0..DOCUMENTS {
        // Distinct documents: each names another office.
        let text = head.replace("人民政府办公室", &format!("第{i}办公室"));
        fs::write(input.join(format!("doc{i:03}.txt")), text).expect("input written");
    }

    let straight = work.path().join("straight");
    let status = command(&input, &straight, "2").status().expect("runs");
    assert!(status.success());

    let resumed = work.path().join("resumed");
    let first = command(&input, &resumed, "1").spawn().expect("starts");
    assert!(
        kill_when(first, &resumed, 20),
        "the run finished before it could be killed"
    );
    assert_only_complete_files(&resumed);
    let done_after_first_kill = outputs(&resumed);
    assert!(done_after_first_kill < DOCUMENTS);

    // Killed again while resuming.
    let second = command(&input, &resumed, "2").spawn().expect("starts");
    let killed_again = kill_when(second, &resumed, done_after_first_kill + 40);
    assert_only_complete_files(&resumed);

    let status = command(&input, &resumed, "2").status().expect("runs");
    assert!(status.success());
    let report: Value =
        serde_json::from_slice(&fs::read(resumed.join("run.json")).expect("run report"))
            .expect("JSON");
    let skipped = report["outcomes"]["skipped_unchanged"]
        .as_u64()
        .unwrap_or(0);
    let written = report["outcomes"]["written"].as_u64().unwrap_or(0);
    assert_eq!(skipped + written, DOCUMENTS as u64);
    assert!(
        skipped >= 15,
        "work done before the kill is kept ({skipped} skipped)"
    );
    if killed_again {
        assert!(written > 0);
    }

    let expected = snapshot(&straight);
    let actual = snapshot(&resumed);
    assert_eq!(
        expected.keys().collect::<Vec<_>>(),
        actual.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &expected {
        assert!(actual.get(name) == Some(bytes), "{name} differs");
    }
    assert!(!resumed.join(".partial").exists());
    assert!(!resumed.join(".budget-extract.lock").exists());
}
