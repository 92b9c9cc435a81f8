//! One writer at a time: an exclusive lock on `<db>.lock`.
//!
//! SQLite would serialise two writers too, but the second would fail after
//! its busy timeout with "database is locked" in the middle of its work. The
//! lock is taken before any work, and the message says who holds it. The OS
//! releases it when the process ends, however it ends (SIGKILL included), so
//! a crashed run never leaves a stale lock behind.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

/// Held while writing; released on drop.
#[derive(Debug)]
pub struct WriteLock {
    _file: File,
    path: PathBuf,
}

impl WriteLock {
    /// The lock file that guards `db`.
    pub fn path_for(db: &Path) -> PathBuf {
        let mut name = db.file_name().unwrap_or_default().to_os_string();
        name.push(".lock");
        db.with_file_name(name)
    }

    /// Takes the lock, or (unless `wait`) fails saying who holds it.
    pub fn acquire(db: &Path, what: &str, wait: bool) -> Result<WriteLock> {
        let path = Self::path_for(db);
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .with_context(|| format!("cannot open the lock file {}", path.display()))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(TryLockError::WouldBlock) if wait => {
                eprintln!("waiting for {} ({})", path.display(), holder(&mut file));
                file.lock()
                    .with_context(|| format!("cannot lock {}", path.display()))?;
            }
            Err(TryLockError::WouldBlock) => {
                return Err(Busy {
                    guarded: db.to_path_buf(),
                    holder: holder(&mut file),
                }
                .into());
            }
            Err(TryLockError::Error(e)) => {
                return Err(e).with_context(|| format!("cannot lock {}", path.display()));
            }
        }
        file.set_len(0)?;
        file.seek(SeekFrom::Start(0))?;
        writeln!(
            file,
            "{what} by pid {} since {}",
            std::process::id(),
            crate::clock::utc_now_rfc3339()
        )?;
        file.flush()?;
        Ok(WriteLock { _file: file, path })
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The lock is held by another process (and the caller would not wait).
#[derive(Debug, thiserror::Error)]
#[error("another run is writing to {} ({holder}); try again when it has finished, or pass --wait", guarded.display())]
pub struct Busy {
    /// What the lock guards.
    pub guarded: PathBuf,
    /// What the holder wrote: what it is doing, its pid, since when.
    pub holder: String,
}

/// What the holder wrote into the lock file.
fn holder(file: &mut File) -> String {
    let mut s = String::new();
    let _ = file
        .seek(SeekFrom::Start(0))
        .and_then(|_| file.read_to_string(&mut s));
    let s = s.trim();
    if s.is_empty() {
        "lock held".to_string()
    } else {
        format!("held: {s}")
    }
}
