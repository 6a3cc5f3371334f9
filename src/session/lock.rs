//! An exclusive advisory lock per session, held while a process has the session open, so two
//! terminals never drive (and overwrite) the same session.
//!
//! The lock is taken on a separate hidden file (`.<id>.lock`) because the session file itself
//! is replaced on every save. The operating system releases it when the process ends, even
//! on SIGKILL, so a crash never leaves a session stuck.

use super::SessionError;
use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// Proof that this process has a session open; dropping it releases the lock.
#[derive(Debug)]
pub struct SessionLock {
    id: String,
    path: PathBuf,
    // Held for its lock; closing the file releases it.
    _file: File,
}

impl SessionLock {
    /// Takes the lock on session `id` in `dir`, or fails with [`SessionError::Busy`] at once.
    pub(crate) fn acquire(dir: &Path, id: &str) -> Result<SessionLock, SessionError> {
        let path = lock_path(dir, id);
        let mut options = OpenOptions::new();
        options.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let file = options
            .open(&path)
            .map_err(|e| SessionError::io("open the lock file", &path, e))?;
        match file.try_lock() {
            Ok(()) => Ok(SessionLock {
                id: id.to_owned(),
                path,
                _file: file,
            }),
            Err(TryLockError::WouldBlock) => Err(SessionError::Busy {
                id: id.to_owned(),
                path,
            }),
            Err(TryLockError::Error(e)) => Err(SessionError::io("lock", &path, e)),
        }
    }

    /// The locked session's id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

/// The lock file of session `id`.
pub(crate) fn lock_path(dir: &Path, id: &str) -> PathBuf {
    dir.join(format!(".{id}.lock"))
}
