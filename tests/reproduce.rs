//! The committed `output/` is exactly what the main command writes from `corpus/`.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;
use std::process::Command;

/// Files whose content legitimately changes from run to run (timings).
const NOT_REPRODUCIBLE: &[&str] = &["run.json"];

fn files(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| !NOT_REPRODUCIBLE.contains(&name.as_str()))
        .collect()
}

#[test]
fn committed_output_is_reproduced_byte_for_byte() {
    let scratch = tempfile::tempdir().expect("temp dir");
    let status = Command::new(env!("CARGO_BIN_EXE_budget-extract"))
        .args(["corpus", "-o"])
        .arg(scratch.path())
        .arg("--quiet")
        .status()
        .expect("runs");
    assert!(status.success(), "main command failed: {status}");
    let committed = files(Path::new("output"));
    let fresh = files(scratch.path());
    assert_eq!(committed, fresh, "the same set of files");
    for name in &committed {
        let a = fs::read(Path::new("output").join(name)).expect("committed file");
        let b = fs::read(scratch.path().join(name)).expect("fresh file");
        assert!(
            a == b,
            "{name} differs from a fresh run; rerun the main command and commit output/"
        );
    }
}
