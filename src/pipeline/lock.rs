//! One run per output folder at a time: two runs appending to one manifest, or one removing the
//! other's temporary files, would corrupt each other's work.
//!
//! The lock is an advisory lock on an open file (`flock` on Unix, `LockFileEx` on Windows),
//! held by the run's open file handle. The operating system releases it when the process ends
//! however it ends, so a killed run never leaves a stale lock behind, and no process id has to
//! be checked for being alive (nor can a reused id fool the check).

use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

pub const LOCK_FILE: &str = ".budget-extract.lock";

/// Held while a run writes into an output folder; the lock file is removed and the lock
/// released when dropped.
#[derive(Debug)]
pub struct RunLock {
    path: PathBuf,
    /// Holds the lock for as long as it is open.
    _file: File,
}

#[derive(Debug)]
pub enum LockError {
    /// Another process holds the folder; its id, as it wrote it into the lock file, if readable.
    Held {
        pid: Option<u32>,
    },
    Io(io::Error),
}

/// True when `file` is still the file at `path`: a run that finishes removes the lock file, and
/// a run that locked the removed file must not go on beside one that locks its replacement.
#[cfg(unix)]
fn still_linked(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::metadata(path)) {
        (Ok(open), Ok(named)) => open.dev() == named.dev() && open.ino() == named.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn still_linked(_file: &File, path: &Path) -> bool {
    path.exists()
}

impl RunLock {
    pub fn acquire(dir: &Path) -> Result<RunLock, LockError> {
        let path = dir.join(LOCK_FILE);
        for _ in 0..3 {
            let mut file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(LockError::Io)?;
            match file.try_lock() {
                Ok(()) => {}
                Err(TryLockError::WouldBlock) => {
                    let mut text = String::new();
                    let pid = file
                        .read_to_string(&mut text)
                        .ok()
                        .and_then(|_| text.trim().parse::<u32>().ok());
                    return Err(LockError::Held { pid });
                }
                Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
            }
            if !still_linked(&file, &path) {
                continue;
            }
            // The id is for people reading the file; the lock itself is what counts.
            file.set_len(0).map_err(LockError::Io)?;
            file.rewind().map_err(LockError::Io)?;
            file.write_all(format!("{}\n", std::process::id()).as_bytes())
                .map_err(LockError::Io)?;
            return Ok(RunLock { path, _file: file });
        }
        Err(LockError::Io(io::Error::other(
            "the lock file keeps being replaced; is another run starting?",
        )))
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        // Removed while still locked; the lock goes with the file handle right after.
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_held_lock_blocks_and_a_released_or_stale_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let lock = RunLock::acquire(dir.path()).unwrap();
        assert_eq!(
            fs::read_to_string(dir.path().join(LOCK_FILE)).unwrap(),
            format!("{}\n", std::process::id())
        );
        // A second open file in the same process conflicts like another process would.
        match RunLock::acquire(dir.path()) {
            Err(LockError::Held { pid }) => assert_eq!(pid, Some(std::process::id())),
            other => panic!("{other:?}"),
        }
        drop(lock);
        assert!(!dir.path().join(LOCK_FILE).exists());

        // A lock file nobody holds (left by a killed run) is taken over, whatever it says.
        fs::write(dir.path().join(LOCK_FILE), "1\n").unwrap();
        let taken = RunLock::acquire(dir.path()).unwrap();
        drop(taken);
        fs::write(dir.path().join(LOCK_FILE), "garbage").unwrap();
        assert!(RunLock::acquire(dir.path()).is_ok());
    }
}
