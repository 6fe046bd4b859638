//! Which files a run reads: files as given, folders walked, and lists of paths on stdin.

use super::{FileError, Stage};
use std::collections::BTreeSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The argument that stands for "read a list of paths, one a line, from stdin".
pub const STDIN_LIST: &str = "-";

/// Input files under the given paths, in a stable order without duplicates: files as given (any
/// name; the format is read from the bytes), folders walked recursively for `.txt` and `.docx`.
/// A `-` reads more paths, files or folders, one a line, from `stdin`. Paths that cannot be
/// walked become error records.
pub fn gather(paths: &[PathBuf], stdin: &mut dyn BufRead) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut listed = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN_LIST {
            read_list(stdin, &mut listed, &mut errors);
        } else {
            listed.push(path.clone());
        }
    }
    let (files, walk_errors) = collect_inputs(&listed);
    errors.extend(walk_errors);
    let unique: BTreeSet<PathBuf> = files.into_iter().collect();
    (unique.into_iter().collect(), errors)
}

fn read_list(stdin: &mut dyn BufRead, listed: &mut Vec<PathBuf>, errors: &mut Vec<FileError>) {
    let mut line = String::new();
    let mut number = 0usize;
    loop {
        line.clear();
        number += 1;
        match stdin.read_line(&mut line) {
            Ok(0) => break,
            Ok(_) => {
                let path = line.trim_end_matches(['\n', '\r']);
                if !path.trim().is_empty() {
                    listed.push(PathBuf::from(path));
                }
            }
            Err(e) => {
                errors.push(FileError {
                    path: format!("<stdin line {number}>"),
                    stage: Stage::Open,
                    kind: "io".to_string(),
                    message: e.to_string(),
                });
                break;
            }
        }
    }
}

/// Input files under the given paths: files as given, folders walked for `.txt` and `.docx`,
/// in a stable order. Paths that cannot be walked become error records.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            for entry in walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
            {
                match entry {
                    Ok(e) if e.file_type().is_file() && has_input_extension(e.path()) => {
                        files.push(e.into_path())
                    }
                    Ok(_) => {}
                    Err(e) => errors.push(FileError {
                        path: e
                            .path()
                            .map(|p| p.display().to_string())
                            .unwrap_or_else(|| path.display().to_string()),
                        stage: Stage::Open,
                        kind: if e.loop_ancestor().is_some() {
                            "symlink_loop"
                        } else {
                            "io"
                        }
                        .to_string(),
                        message: e.to_string(),
                    }),
                }
            }
        } else {
            files.push(path.clone());
        }
    }
    (files, errors)
}

fn has_input_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["txt", "docx", "pdf"]
            .iter()
            .any(|x| e.eq_ignore_ascii_case(x))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;

    #[test]
    fn folders_files_and_stdin_lists_merge_in_order_without_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        for name in ["b.txt", "a.DOCX", "notes.md"] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        fs::write(sub.join("c.txt"), "x").unwrap();
        let odd = dir.path().join("no-extension");
        fs::write(&odd, "x").unwrap();
        let list = format!("{}\n\n{}\r\n", odd.display(), sub.join("c.txt").display());
        let (files, errors) = gather(
            &[dir.path().to_path_buf(), PathBuf::from(STDIN_LIST)],
            &mut list.as_bytes(),
        );
        assert!(errors.is_empty(), "{errors:?}");
        let names: Vec<String> = files
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(names, ["a.DOCX", "b.txt", "no-extension", "sub/c.txt"]);
    }

    #[test]
    fn a_missing_path_is_kept_for_the_open_stage_to_report() {
        let (files, errors) = gather(&[PathBuf::from("/nonexistent/x.txt")], &mut &b""[..]);
        assert_eq!(files, [PathBuf::from("/nonexistent/x.txt")]);
        assert!(errors.is_empty());
    }
}
