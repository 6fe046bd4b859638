//! Corpus trouble through the command line: files that cannot be read, symlink loops, an output
//! folder that cannot be written, a disk that fills up. Each bad input fails alone with its path
//! in the message, the others are still written, and no half-written file is ever left behind.
//!
//! Tests run as root here, so permissions cannot make a file unreadable; dangling and looping
//! symlinks, a file whose reads fail (`/proc/self/mem`), a FIFO and mounts do instead.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SEED: &str = "corpus/000_19b5df8ff6376e0f.txt";

struct Run {
    code: i32,
    stderr: String,
}

/// Runs the command line, failing the test if it has not finished within a minute.
fn run(command: &mut Command) -> Run {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let mut stderr = String::new();
            std::io::Read::read_to_string(child.stderr.as_mut().unwrap(), &mut stderr).unwrap();
            return Run {
                code: status.code().expect("exited, not killed"),
                stderr,
            };
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().ok();
            panic!("the run hung: {command:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn extract(inputs: &[&Path], output: &Path) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_budget-extract"));
    command.args(inputs).arg("-o").arg(output);
    run(&mut command)
}

/// Every file in `dir`, by name.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// The per-document JSON files in `dir` (the run also writes exports, a manifest and a report).
fn document_outputs(dir: &Path) -> Vec<String> {
    listing(dir)
        .into_iter()
        .filter(|n| n.ends_with(".json") && n != "datapackage.json" && n != "run.json")
        .collect()
}

/// Each document output is whole: it parses as JSON and names its input; and no temporary file
/// is left anywhere in the folder.
fn assert_complete_outputs(dir: &Path, expected: usize) {
    let names = document_outputs(dir);
    assert_eq!(names.len(), expected, "{names:?}");
    for name in names {
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(dir.join(&name)).unwrap())
                .unwrap_or_else(|e| panic!("{name} is not whole: {e}"));
        assert!(json["source"]["path"].is_string());
    }
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.unwrap();
        let name = entry.file_name().to_string_lossy();
        assert!(
            !name.ends_with(".part"),
            "a half-written file is left: {name}"
        );
    }
}

fn seed_copy(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::copy(SEED, &path).unwrap();
    path
}

#[test]
fn unreadable_inputs_in_a_folder_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    seed_copy(&input, "good.txt");
    symlink("/nonexistent/nothing.txt", input.join("dangling.txt")).unwrap();
    symlink("self.txt", input.join("self.txt")).unwrap();
    // Opens, then every read fails with EIO.
    symlink("/proc/self/mem", input.join("unreadable.txt")).unwrap();
    // A folder named like an input is walked, not read.
    std::fs::create_dir(input.join("folder.txt")).unwrap();
    seed_copy(&input.join("folder.txt"), "inner.txt");
    // A FIFO would block a reader forever; a walk passes it by.
    let fifo = input.join("fifo.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());

    let output = dir.path().join("out");
    let result = extract(&[&input], &output);
    assert_eq!(result.code, 1, "{}", result.stderr);
    for name in ["dangling.txt", "self.txt", "unreadable.txt"] {
        assert!(
            result
                .stderr
                .lines()
                .any(|l| l.starts_with("error: ") && l.contains(name)),
            "{name} is not reported: {}",
            result.stderr
        );
    }
    assert!(!result.stderr.contains("fifo.txt"), "{}", result.stderr);
    assert!(
        result.stderr.contains("5 files: 2 written") && result.stderr.contains("3 failed"),
        "{}",
        result.stderr
    );
    assert_complete_outputs(&output, 2);
}

#[test]
fn unreadable_inputs_named_on_the_command_line_fail_alone() {
    let dir = tempfile::tempdir().unwrap();
    let good = seed_copy(dir.path(), "good.txt");
    let dangling = dir.path().join("dangling.txt");
    symlink("/nonexistent/nothing.txt", &dangling).unwrap();
    let looping = dir.path().join("self.txt");
    symlink("self.txt", &looping).unwrap();
    let unreadable = dir.path().join("unreadable.txt");
    symlink("/proc/self/mem", &unreadable).unwrap();
    let output = dir.path().join("out");
    let result = extract(&[&dangling, &looping, &good, &unreadable], &output);
    assert_eq!(result.code, 1, "{}", result.stderr);
    let errors: Vec<&str> = result
        .stderr
        .lines()
        .filter(|l| l.starts_with("error: "))
        .collect();
    assert_eq!(errors.len(), 3, "{}", result.stderr);
    // Inputs fail as the workers reach them, so their errors come in no fixed order.
    let error_for = |name: &str| {
        let found: Vec<&&str> = errors.iter().filter(|e| e.contains(name)).collect();
        assert_eq!(found.len(), 1, "{name}: {}", result.stderr);
        *found[0]
    };
    assert!(error_for("dangling.txt").contains("No such file"));
    assert!(error_for("self.txt").contains("symbolic links"));
    assert!(error_for("unreadable.txt").contains("Input/output error"));
    assert_complete_outputs(&output, 1);
}

#[test]
fn a_symlink_loop_is_reported_once_and_walked_no_further() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir_all(input.join("a/b")).unwrap();
    seed_copy(&input.join("a"), "good.txt");
    symlink("..", input.join("a/b/up")).unwrap();
    symlink(input.join("a"), input.join("a/b/absolute")).unwrap();
    let output = dir.path().join("out");
    let result = extract(&[&input], &output);
    assert_eq!(result.code, 1, "{}", result.stderr);
    let loops: Vec<&str> = result
        .stderr
        .lines()
        .filter(|l| l.contains("loop"))
        .collect();
    assert_eq!(loops.len(), 2, "{}", result.stderr);
    assert!(loops.iter().any(|l| l.contains("b/up")));
    assert!(loops.iter().any(|l| l.contains("b/absolute")));
    // The file inside the loop is extracted once.
    assert_complete_outputs(&output, 1);
}

#[test]
fn an_output_folder_that_cannot_be_created_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let good = seed_copy(dir.path(), "good.txt");
    let file = dir.path().join("taken");
    std::fs::write(&file, b"a file, not a folder").unwrap();
    for output in [file.clone(), file.join("below")] {
        let result = extract(&[&good], &output);
        assert_eq!(result.code, 2, "{}", result.stderr);
        assert!(
            result.stderr.contains("output folder") && result.stderr.contains("taken"),
            "{}",
            result.stderr
        );
    }
    assert_eq!(std::fs::read(&file).unwrap(), b"a file, not a folder");
}

#[test]
fn an_output_folder_that_cannot_be_written_loses_nothing_silently() {
    let dir = tempfile::tempdir().unwrap();
    let good = seed_copy(dir.path(), "good.txt");
    // A folder that exists and takes no new files, whoever asks.
    let result = extract(&[&good], Path::new("/proc/self"));
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(
        result
            .stderr
            .contains("cannot write to the output folder /proc/self"),
        "{}",
        result.stderr
    );
}

/// A mounted filesystem, unmounted when dropped, even if the test fails.
struct Mount(PathBuf);

impl Mount {
    /// A tmpfs of `size` at `path`, if this machine lets the tests mount one.
    fn tmpfs(path: &Path, size: &str) -> Option<Mount> {
        std::fs::create_dir_all(path).unwrap();
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| Mount(path.to_path_buf()))
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        Command::new("umount").arg(&self.0).status().ok();
    }
}

#[test]
fn a_full_disk_leaves_no_half_written_file() {
    let dir = tempfile::tempdir().unwrap();
    // The seed's JSON is several hundred KB; a file with only a title gives about 1 KB.
    let big = seed_copy(dir.path(), "big.txt");
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "2026年部门预算\n").unwrap();
    let output = dir.path().join("out");
    let mount = Mount::tmpfs(&output, "64k");
    let result = if mount.is_some() {
        extract(&[&big, &small], &output)
    } else {
        // Without a small filesystem, a file size limit fails the write the same way (EFBIG
        // instead of ENOSPC); SIGXFSZ is ignored so the write returns the error.
        std::fs::create_dir_all(&output).unwrap();
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg("trap '' XFSZ; ulimit -f 64; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_budget-extract"))
            .args([&big, &small])
            .arg("-o")
            .arg(&output);
        run(&mut command)
    };
    assert!(matches!(result.code, 1 | 2), "{}", result.stderr);
    let failure = result
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error reported: {}", result.stderr));
    assert!(
        failure.contains("big.txt") && failure.to_lowercase().contains("write failed"),
        "{failure}"
    );
    assert!(
        failure.contains("No space left") || failure.contains("File too large"),
        "{failure}"
    );
    // The small file's output is whole; the big one's is not there at all, not even in part.
    assert_complete_outputs(&output, 1);
    assert!(document_outputs(&output)[0].starts_with("small-"));
    drop(mount);
}

#[test]
fn a_fifo_named_on_the_command_line_fails_alone_instead_of_blocking() {
    let dir = tempfile::tempdir().unwrap();
    let good = seed_copy(dir.path(), "good.txt");
    let fifo = dir.path().join("pipe.txt");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    let output = dir.path().join("out");
    let result = extract(&[&fifo, &good], &output);
    assert_eq!(result.code, 1, "{}", result.stderr);
    assert!(
        result
            .stderr
            .lines()
            .any(|l| l.contains("pipe.txt") && l.contains("not a regular file")),
        "{}",
        result.stderr
    );
    assert_complete_outputs(&output, 1);
}

#[test]
fn random_bytes_named_txt_are_refused_as_binary() {
    // A fixed pseudo-random stream: decoded as a legacy code page it is mostly printable.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let bytes: Vec<u8> = (0..64 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let error = match budget_extract::pipeline::process_bytes(
        "random.txt",
        &bytes,
        &budget_extract::read::Limits::default(),
    ) {
        Ok(_) => panic!("random bytes were read as a document"),
        Err(error) => error,
    };
    assert_eq!(error.kind, "binary");
}
