//! The search history (`history.json` next to the sessions directory): earlier searches,
//! newest last, already redacted. Two wizards may be open at once, so every change reads the
//! file, merges and writes it back under a lock; neither process's searches are lost.

use super::SessionError;
use super::store::write_atomic;
use std::fs::{File, OpenOptions};
use std::path::{Path, PathBuf};

/// How many earlier searches are kept.
pub const HISTORY_LEN: usize = 50;

/// The history file and its lock file.
#[derive(Debug, Clone)]
pub struct History {
    path: PathBuf,
}

impl History {
    /// The history kept in `dir` (the data directory, parent of `sessions/`).
    pub fn in_dir(dir: &Path) -> History {
        History {
            path: dir.join("history.json"),
        }
    }

    /// The searches on disk, oldest first; an absent or unreadable file is an empty history
    /// (it holds nothing that matters more than starting the wizard).
    pub fn read(&self) -> Vec<String> {
        std::fs::read(&self.path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Vec<String>>(&bytes).ok())
            .unwrap_or_default()
    }

    /// Adds `query` (moved to the end if it is already there) to the history on disk, under
    /// the lock, keeping the newest [`HISTORY_LEN`]; returns the merged history.
    pub fn add(&self, query: &str) -> Result<Vec<String>, SessionError> {
        let query = super::record::redact(query.trim());
        if query.is_empty() {
            return Ok(self.read());
        }
        let _lock = self.lock()?;
        let mut list = self.read();
        list.retain(|q| *q != query);
        list.push(query);
        let excess = list.len().saturating_sub(HISTORY_LEN);
        list.drain(..excess);
        let bytes = serde_json::to_vec_pretty(&list).map_err(|source| SessionError::Encode {
            id: "history".to_owned(),
            source,
        })?;
        let dir = self.path.parent().unwrap_or(Path::new("."));
        write_atomic(dir, &self.path, &bytes)?;
        Ok(list)
    }

    /// Blocks until this process holds the history lock (held for a read-merge-write only,
    /// so the wait is milliseconds); released when the file closes.
    fn lock(&self) -> Result<File, SessionError> {
        let path = self.path.with_file_name(".history.lock");
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
        file.lock()
            .map_err(|e| SessionError::io("lock", &path, e))?;
        Ok(file)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_moves_to_the_end_and_keeps_the_newest() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::in_dir(dir.path());
        assert!(h.read().is_empty());
        h.add("consent").unwrap();
        h.add("AADSTS50020").unwrap();
        assert_eq!(h.add("consent").unwrap(), ["AADSTS50020", "consent"]);
        for i in 0..HISTORY_LEN + 5 {
            h.add(&format!("q{i}")).unwrap();
        }
        let list = h.read();
        assert_eq!(list.len(), HISTORY_LEN);
        assert_eq!(list.last().map(String::as_str), Some("q54"));
    }

    #[test]
    fn secrets_are_redacted_before_they_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let h = History::in_dir(dir.path());
        let list = h.add("client_secret=abcDEF123456789xyz").unwrap();
        assert!(!list[0].contains("abcDEF"), "{list:?}");
    }
}
