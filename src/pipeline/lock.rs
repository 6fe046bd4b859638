//! One run per output folder at a time: two runs appending to one manifest, or one removing the
//! other's temporary files, would corrupt each other's work.

use std::fs::{self, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub const LOCK_FILE: &str = ".budget-extract.lock";

/// Held while a run writes into an output folder; removed when dropped.
#[derive(Debug)]
pub struct RunLock {
    path: PathBuf,
}

#[derive(Debug)]
pub enum LockError {
    /// Another live process holds the folder.
    Held {
        pid: u32,
    },
    Io(io::Error),
}

/// Whether process `pid` is running. A lock file of a killed run names a dead process, and the
/// next run takes the folder over; where this cannot be told, the lock is taken to be stale so
/// that a killed nightly run never blocks the next one.
fn process_alive(pid: u32) -> bool {
    if cfg!(target_os = "linux") {
        Path::new("/proc").join(pid.to_string()).exists()
    } else {
        false
    }
}

impl RunLock {
    pub fn acquire(dir: &Path) -> Result<RunLock, LockError> {
        let path = dir.join(LOCK_FILE);
        let own = std::process::id();
        for _ in 0..3 {
            match OpenOptions::new().write(true).create_new(true).open(&path) {
                Ok(mut file) => {
                    file.write_all(format!("{own}\n").as_bytes())
                        .map_err(LockError::Io)?;
                    return Ok(RunLock { path });
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                    let holder = fs::read_to_string(&path)
                        .ok()
                        .and_then(|s| s.trim().parse::<u32>().ok());
                    if let Some(pid) = holder {
                        if pid != own && process_alive(pid) {
                            return Err(LockError::Held { pid });
                        }
                    }
                    match fs::remove_file(&path) {
                        Err(e) if e.kind() != io::ErrorKind::NotFound => {
                            return Err(LockError::Io(e))
                        }
                        _ => {}
                    }
                }
                Err(e) => return Err(LockError::Io(e)),
            }
        }
        Err(LockError::Io(io::Error::other(
            "the lock file keeps reappearing; is another run starting?",
        )))
    }
}

impl Drop for RunLock {
    fn drop(&mut self) {
        let _ = fs::remove_file(&self.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_holder_blocks_and_a_dead_one_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let lock = RunLock::acquire(dir.path()).unwrap();
        assert!(dir.path().join(LOCK_FILE).exists());
        drop(lock);
        assert!(!dir.path().join(LOCK_FILE).exists());

        if cfg!(target_os = "linux") {
            // PID 1 is always alive.
            fs::write(dir.path().join(LOCK_FILE), "1\n").unwrap();
            assert!(matches!(
                RunLock::acquire(dir.path()),
                Err(LockError::Held { pid: 1 })
            ));
        }
        // A PID above the kernel's maximum (2^22) is never alive: a stale lock.
        fs::write(dir.path().join(LOCK_FILE), "4294967295\n").unwrap();
        let taken = RunLock::acquire(dir.path()).unwrap();
        drop(taken);
        fs::write(dir.path().join(LOCK_FILE), "garbage").unwrap();
        assert!(RunLock::acquire(dir.path()).is_ok());
    }
}
