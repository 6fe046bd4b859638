//! Output folders as a test compares them.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every top-level file of the folder except the run report (which carries timings), by name.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "run.json"))
        .map(|p| {
            let name = p
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .into_owned();
            (name, fs::read(&p).expect("readable"))
        })
        .collect()
}
