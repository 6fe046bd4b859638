//! Which files a run reads: files as given, folders walked, and lists of paths on stdin.

use super::{FileError, Stage};
use serde::Serialize;
use std::collections::BTreeSet;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// The argument that stands for "read a list of paths, one a line, from stdin".
pub const STDIN_LIST: &str = "-";

/// A file a folder walk found and does not read, recorded in `run.json` so that nothing is left
/// out unseen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedFile {
    pub path: String,
    /// A short stable name for why (`legacy_document`, `web_page`, `image`, `archive`,
    /// `other_spreadsheet`, `hidden`, `other`).
    pub kind: String,
    pub reason: String,
    /// What to convert it to so that it can be read, where that helps.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub advice: Option<String>,
    /// A hidden or system file or folder (`.DS_Store`, `Thumbs.db`, `~$` lock files, `.git/`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub hidden: bool,
}

/// What a walk over the inputs found.
#[derive(Debug, Default)]
pub struct Gathered {
    /// The inputs to read, sorted, without duplicates.
    pub files: Vec<PathBuf>,
    /// Paths that could not be walked.
    pub errors: Vec<FileError>,
    /// Files (and hidden folders) a folder walk does not read, sorted by path.
    pub skipped: Vec<SkippedFile>,
}

/// [`gather_all`] without the skipped files.
pub fn gather(paths: &[PathBuf], stdin: &mut dyn BufRead) -> (Vec<PathBuf>, Vec<FileError>) {
    let gathered = gather_all(paths, stdin);
    (gathered.files, gathered.errors)
}

/// Input files under the given paths, in a stable order without duplicates: files as given (any
/// name; the format is read from the bytes), folders walked recursively for the extensions read
/// (`.txt`, `.docx`, `.xlsx`, `.xls`). A `-` reads more paths, files or folders, one a line,
/// from `stdin`. Paths that cannot be walked become error records; every other file a walk
/// meets, and every hidden folder it does not enter, is listed as skipped with the reason.
pub fn gather_all(paths: &[PathBuf], stdin: &mut dyn BufRead) -> Gathered {
    let mut listed = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.as_os_str() == STDIN_LIST {
            read_list(stdin, &mut listed, &mut errors);
        } else {
            listed.push(path.clone());
        }
    }
    let mut skipped = Vec::new();
    let (files, walk_errors) = walk(&listed, &mut skipped);
    errors.extend(walk_errors);
    let unique: BTreeSet<PathBuf> = files.into_iter().collect();
    skipped.sort_by(|a, b| a.path.cmp(&b.path));
    skipped.dedup_by(|a, b| a.path == b.path);
    Gathered {
        files: unique.into_iter().collect(),
        errors,
        skipped,
    }
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

/// Input files under the given paths: files as given, folders walked for the extensions read,
/// in a stable order. Paths that cannot be walked become error records.
pub fn collect_inputs(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<FileError>) {
    walk(paths, &mut Vec::new())
}

fn walk(paths: &[PathBuf], skipped: &mut Vec<SkippedFile>) -> (Vec<PathBuf>, Vec<FileError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut hidden_folders = Vec::new();
            let walker = walkdir::WalkDir::new(path)
                .follow_links(true)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    // A hidden folder below the one given (`.git`, `.Trash`) is not entered.
                    if e.depth() > 0 && e.file_type().is_dir() && is_hidden_name(e.file_name()) {
                        hidden_folders.push(skip(
                            e.path(),
                            "hidden",
                            "a hidden folder; not walked".to_string(),
                            None,
                            true,
                        ));
                        return false;
                    }
                    true
                });
            for entry in walker {
                match entry {
                    // Hidden files are skipped whatever their extension: `~$a.docx` is Office's
                    // lock file beside `a.docx`, not a document.
                    Ok(e)
                        if e.file_type().is_file()
                            && !is_hidden_name(e.file_name())
                            && has_input_extension(e.path()) =>
                    {
                        files.push(e.into_path())
                    }
                    Ok(e) if e.file_type().is_file() => skipped.push(skipped_file(e.path())),
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
            skipped.extend(hidden_folders);
        } else {
            files.push(path.clone());
        }
    }
    (files, errors)
}

fn has_input_extension(path: &Path) -> bool {
    path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        e.eq_ignore_ascii_case("txt")
            || e.eq_ignore_ascii_case("docx")
            || e.eq_ignore_ascii_case("pdf")
            || is_spreadsheet_extension(e)
    })
}

/// Workbooks the spreadsheet reader reads.
fn is_spreadsheet_extension(extension: &str) -> bool {
    ["xlsx", "xlsm", "xls"]
        .iter()
        .any(|e| extension.eq_ignore_ascii_case(e))
}

/// Hidden and system files: dot files (`.DS_Store`, `._name` from macOS), Windows' `Thumbs.db`
/// and `desktop.ini`, and the `~$name` lock files Office leaves beside an open document.
fn is_hidden_name(name: &std::ffi::OsStr) -> bool {
    let name = name.to_string_lossy();
    name.starts_with('.')
        || name.starts_with("~$")
        || name.eq_ignore_ascii_case("thumbs.db")
        || name.eq_ignore_ascii_case("desktop.ini")
}

fn skip(
    path: &Path,
    kind: &str,
    reason: String,
    advice: Option<&str>,
    hidden: bool,
) -> SkippedFile {
    SkippedFile {
        path: path.display().to_string(),
        kind: kind.to_string(),
        reason,
        advice: advice.map(str::to_string),
        hidden,
    }
}

/// Why a file a folder walk met is not read, and what to convert it to.
fn skipped_file(path: &Path) -> SkippedFile {
    if path.file_name().is_some_and(is_hidden_name) {
        return skip(
            path,
            "hidden",
            "a hidden or system file".to_string(),
            None,
            true,
        );
    }
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let (kind, what, advice) = match extension.as_str() {
        "doc" | "wps" | "wpt" | "dot" | "rtf" | "odt" => (
            "legacy_document",
            "a word-processor format not read",
            Some("save as .docx"),
        ),
        "html" | "htm" | "mht" | "mhtml" | "shtml" => (
            "web_page",
            "a web page",
            Some("save the page as .docx (tables kept), or its text as .txt"),
        ),
        "png" | "jpg" | "jpeg" | "gif" | "bmp" | "tif" | "tiff" | "webp" | "heic" => (
            "image",
            "an image",
            Some("needs OCR to text (.txt) first"),
        ),
        "zip" | "rar" | "7z" | "gz" | "tgz" | "tar" | "bz2" | "xz" => (
            "archive",
            "an archive",
            Some("extract it and give the folder"),
        ),
        "et" | "ett" | "ods" | "xlsb" | "csv" | "numbers" => (
            "other_spreadsheet",
            "a spreadsheet format not read",
            Some("save as .xlsx"),
        ),
        "" => (
            "other",
            "no file extension",
            Some("give the file by name to read it whatever its name, or add .txt/.docx/.xlsx"),
        ),
        _ => (
            "other",
            "not a format read",
            Some("give the file by name to read it whatever its name, if it is text, .docx or a workbook"),
        ),
    };
    let reason = if extension.is_empty() {
        what.to_string()
    } else {
        format!("{what} (.{extension})")
    };
    skip(path, kind, reason, advice, false)
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
        for name in ["b.txt", "a.DOCX", "notes.md", "c.xlsx", "d.XLS"] {
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
        assert_eq!(
            names,
            [
                "a.DOCX",
                "b.txt",
                "c.xlsx",
                "d.XLS",
                "no-extension",
                "sub/c.txt"
            ]
        );
    }

    #[test]
    fn every_file_a_walk_does_not_read_is_listed_with_the_reason() {
        let dir = tempfile::tempdir().unwrap();
        let git = dir.path().join(".git");
        fs::create_dir(&git).unwrap();
        fs::write(git.join("HEAD"), "x").unwrap();
        for name in [
            "a.txt",
            "b.doc",
            "c.WPS",
            "d.html",
            "e.png",
            "f.zip",
            "g.et",
            "h.md",
            "README",
            ".DS_Store",
            "~$b.docx",
            "Thumbs.db",
        ] {
            fs::write(dir.path().join(name), "x").unwrap();
        }
        let gathered = gather_all(&[dir.path().to_path_buf()], &mut &b""[..]);
        assert_eq!(gathered.files.len(), 1);
        let listed: Vec<(String, &str, Option<&str>, bool)> = gathered
            .skipped
            .iter()
            .map(|s| {
                let name = Path::new(&s.path)
                    .strip_prefix(dir.path())
                    .unwrap()
                    .display()
                    .to_string();
                (name, s.kind.as_str(), s.advice.as_deref(), s.hidden)
            })
            .collect();
        let advice = |name: &str| listed.iter().find(|l| l.0 == name).unwrap().2;
        assert_eq!(listed.len(), 12, "{listed:?}");
        assert_eq!(advice("b.doc"), Some("save as .docx"));
        assert_eq!(advice("c.WPS"), Some("save as .docx"));
        assert_eq!(advice("e.png"), Some("needs OCR to text (.txt) first"));
        assert_eq!(advice("g.et"), Some("save as .xlsx"));
        let hidden: Vec<&str> = listed
            .iter()
            .filter(|l| l.3)
            .map(|l| l.0.as_str())
            .collect();
        assert_eq!(hidden, [".DS_Store", ".git", "Thumbs.db", "~$b.docx"]);
        let kinds: Vec<&str> = listed.iter().map(|l| l.1).collect();
        assert!(kinds.contains(&"web_page") && kinds.contains(&"archive"));
        // Given by name, any file is an input.
        let named = gather_all(&[dir.path().join("h.md")], &mut &b""[..]);
        assert_eq!(named.files.len(), 1);
        assert!(named.skipped.is_empty());
    }

    #[test]
    fn a_missing_path_is_kept_for_the_open_stage_to_report() {
        let (files, errors) = gather(&[PathBuf::from("/nonexistent/x.txt")], &mut &b""[..]);
        assert_eq!(files, [PathBuf::from("/nonexistent/x.txt")]);
        assert!(errors.is_empty());
    }
}
