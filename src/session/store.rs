//! The session directory: one pretty-JSON file per session (`<id>.json`), private to the
//! user (directory 0700, files 0600), each save an atomic replace so a crash or a full disk
//! leaves the previous state intact.
//!
//! Hidden files (`.<id>.<random>.tmp` while a save is in flight, `.<id>.lock` for
//! [`SessionLock`]) are never read as sessions. A session file that cannot be read is moved
//! aside to `<name>.corrupt-<time>` with a warning, so it never blocks the others.

use super::SessionError;
use super::lock::SessionLock;
use super::record::{OLDEST_SESSION_VERSION, SESSION_VERSION, Session, valid_id};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Session files larger than this are not read (a real session is a few kilobytes).
pub const MAX_SESSION_BYTES: u64 = 16 * 1024 * 1024;

/// Temporary files left by a crash are removed by [`Store::prune`] once they are this old.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// The session directory.
#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
}

/// The readable sessions of a directory and what went wrong with the others.
#[derive(Debug, Default)]
pub struct Listing {
    /// Sessions, most recent activity first.
    pub sessions: Vec<Session>,
    /// One message per file that could not be read, naming it and what happened to it.
    pub warnings: Vec<String>,
}

impl Store {
    /// The per-user session directory: `sessions` in tshoot's data directory (Linux:
    /// `~/.local/share/tshoot/sessions`).
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "tshoot").map(|d| d.data_dir().join("sessions"))
    }

    /// Opens (creating, mode 0700) the session directory `dir`.
    pub fn open(dir: &Path) -> Result<Store, SessionError> {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder
            .create(dir)
            .map_err(|e| SessionError::io("create the session directory", dir, e))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta =
                fs::metadata(dir).map_err(|e| SessionError::io("inspect directory", dir, e))?;
            if meta.permissions().mode() & 0o077 != 0 {
                fs::set_permissions(dir, fs::Permissions::from_mode(0o700))
                    .map_err(|e| SessionError::io("make private (0700) the directory", dir, e))?;
            }
        }
        Ok(Store {
            dir: dir.to_path_buf(),
        })
    }

    /// The session directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file session `id` is stored in.
    pub fn path(&self, id: &str) -> PathBuf {
        self.dir.join(format!("{id}.json"))
    }

    /// Writes the session, redacted, with an atomic replace: a temporary file in the same
    /// directory is written, flushed and synced, renamed over `<id>.json`, and the directory
    /// is synced. A crash at any point leaves either the old or the new file, never a mix.
    pub fn save(&self, session: &Session) -> Result<(), SessionError> {
        if !valid_id(&session.id) {
            return Err(SessionError::BadId(session.id.clone()));
        }
        let session = session.redacted();
        let mut text =
            serde_json::to_string_pretty(&session).map_err(|source| SessionError::Encode {
                id: session.id.clone(),
                source,
            })?;
        text.push('\n');
        let target = self.path(&session.id);
        write_atomic(&self.dir, &target, text.as_bytes())
    }

    /// The full id of the session `id` names: itself when such a file exists, else the only
    /// session whose id starts with it.
    pub fn resolve(&self, id: &str) -> Result<String, SessionError> {
        let id = id.trim();
        if !valid_id(id) {
            return Err(SessionError::BadId(id.to_owned()));
        }
        if self.path(id).is_file() {
            return Ok(id.to_owned());
        }
        let mut matches: Vec<String> = self
            .session_files()?
            .into_iter()
            .filter_map(|(stem, _)| stem.starts_with(id).then_some(stem))
            .collect();
        matches.sort();
        match matches.len() {
            0 => Err(SessionError::NotFound {
                id: id.to_owned(),
                dir: self.dir.clone(),
            }),
            1 => Ok(matches.swap_remove(0)),
            _ => Err(SessionError::Ambiguous {
                prefix: id.to_owned(),
                matches,
            }),
        }
    }

    /// Reads the session with this id, or the only one whose id starts with it. To drive a
    /// session rather than only read it, use [`Active::resume`](super::Active::resume), which
    /// takes its lock first.
    pub fn load(&self, id: &str) -> Result<Session, SessionError> {
        read_session(&self.path(&self.resolve(id)?))
    }

    /// Every readable session, most recent activity first. A file that cannot be read is
    /// moved aside (`<name>.corrupt-<time>`) with a warning and never hides the others.
    pub fn list(&self) -> Listing {
        let mut listing = Listing::default();
        let files = match self.session_files() {
            Ok(files) => files,
            Err(e) => {
                listing.warnings.push(e.to_string());
                return listing;
            }
        };
        for (_, path) in files {
            match read_session(&path) {
                Ok(session) => listing.sessions.push(session),
                // Another process pruned it between the directory scan and the read.
                Err(SessionError::Io { source, .. })
                    if source.kind() == std::io::ErrorKind::NotFound => {}
                // A newer tshoot's file, or an oversized one: leave it where it is.
                Err(e @ (SessionError::Version { .. } | SessionError::TooLarge { .. })) => {
                    listing.warnings.push(format!("{e}; skipped"));
                }
                Err(e) => match set_aside(&path) {
                    Ok(Some(aside)) => listing.warnings.push(format!(
                        "{e}; moved it aside to {} so the other sessions load",
                        aside.display()
                    )),
                    Ok(None) => {}
                    Err(move_err) => listing
                        .warnings
                        .push(format!("{e}; it could not be moved aside: {move_err}")),
                },
            }
        }
        listing
            .sessions
            .sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| b.id.cmp(&a.id)));
        listing
    }

    /// Takes the exclusive lock on session `id` for as long as the returned guard lives; a
    /// second process (or a second lock in this one) gets [`SessionError::Busy`].
    pub fn lock(&self, id: &str) -> Result<SessionLock, SessionError> {
        if !valid_id(id) {
            return Err(SessionError::BadId(id.to_owned()));
        }
        SessionLock::acquire(&self.dir, id)
    }

    /// Deletes one session (a full id or unique prefix) and returns its full id. A session
    /// open in another tshoot is refused with [`SessionError::Busy`].
    pub fn discard(&self, id: &str) -> Result<String, SessionError> {
        let full = self.resolve(id)?;
        let lock = self.lock(&full)?;
        let path = self.path(&full);
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(SessionError::io("delete", &path, e)),
        }
        // Removed while still held, so no other process can be holding it.
        let _ = fs::remove_file(lock.path());
        sync_dir(&self.dir)?;
        Ok(full)
    }

    /// Deletes finished sessions whose last activity is more than `older_than` before `now`,
    /// and returns how many. Unfinished sessions, sessions open in another process and
    /// unreadable files are left alone; temporary files left by a crash are cleaned up.
    pub fn prune(&self, older_than: Duration, now: SystemTime) -> Result<usize, SessionError> {
        let cutoff = now.checked_sub(older_than).unwrap_or(UNIX_EPOCH);
        let mut pruned = 0;
        for (id, path) in self.session_files()? {
            let Ok(session) = read_session(&path) else {
                continue;
            };
            if !session.finished || session.updated.0 >= cutoff {
                continue;
            }
            let lock = match self.lock(&id) {
                Ok(lock) => lock,
                Err(SessionError::Busy { .. }) => continue,
                Err(e) => return Err(e),
            };
            match fs::remove_file(&path) {
                Ok(()) => pruned += 1,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(SessionError::io("delete", &path, e)),
            }
            // Removed while still held, so no other process can be holding it.
            let _ = fs::remove_file(lock.path());
        }
        self.remove_stale_temp_files(now);
        if pruned > 0 {
            sync_dir(&self.dir)?;
        }
        Ok(pruned)
    }

    /// `(id, path)` of every `<id>.json` in the directory.
    fn session_files(&self) -> Result<Vec<(String, PathBuf)>, SessionError> {
        let entries = fs::read_dir(&self.dir)
            .map_err(|e| SessionError::io("read the session directory", &self.dir, e))?;
        let mut files = Vec::new();
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(stem) = name.strip_suffix(".json") else {
                continue;
            };
            if name.starts_with('.') || !valid_id(stem) {
                continue;
            }
            if entry.file_type().is_ok_and(|t| t.is_file()) {
                files.push((stem.to_owned(), entry.path()));
            }
        }
        Ok(files)
    }

    /// Deletes `.*.tmp` files (saves interrupted by a crash) older than [`STALE_TEMP`].
    fn remove_stale_temp_files(&self, now: SystemTime) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name();
            let Some(name) = name.to_str() else { continue };
            if !(name.starts_with('.') && name.ends_with(".tmp")) {
                continue;
            }
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|m| now.duration_since(m).unwrap_or_default() > STALE_TEMP);
            if old {
                let _ = fs::remove_file(entry.path());
            }
        }
    }
}

/// Writes `bytes` to `target` atomically (temp file in `dir`, fsync, rename, fsync of `dir`),
/// mode 0600.
pub fn write_atomic(dir: &Path, target: &Path, bytes: &[u8]) -> Result<(), SessionError> {
    let stem = target
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("session");
    let prefix = format!(".{stem}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o600));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| SessionError::io("create a temporary file in", dir, e))?;
    tmp.write_all(bytes)
        .and_then(|()| tmp.flush())
        .map_err(|e| SessionError::io("write", tmp.path().to_path_buf(), e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| SessionError::io("flush to disk", tmp.path().to_path_buf(), e))?;
    // On failure the temporary file is deleted when `tmp` drops; the old file is untouched.
    tmp.persist(target)
        .map_err(|e| SessionError::io("replace", target, e.error))?;
    sync_dir(dir)
}

/// Makes a rename in `dir` durable (a no-op where directories cannot be synced).
fn sync_dir(dir: &Path) -> Result<(), SessionError> {
    #[cfg(unix)]
    {
        fs::File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(|e| SessionError::io("sync the directory", dir, e))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Reads and checks one session file.
fn read_session(path: &Path) -> Result<Session, SessionError> {
    let size = fs::metadata(path)
        .map_err(|e| SessionError::io("read", path, e))?
        .len();
    if size > MAX_SESSION_BYTES {
        return Err(SessionError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    let text = fs::read_to_string(path).map_err(|e| SessionError::io("read", path, e))?;
    let version_error = |found: u64| SessionError::Version {
        path: path.to_path_buf(),
        found,
    };
    match serde_json::from_str::<Session>(&text) {
        Ok(session) if (OLDEST_SESSION_VERSION..=SESSION_VERSION).contains(&session.version) => {
            Ok(session)
        }
        Ok(session) => Err(version_error(u64::from(session.version))),
        Err(source) => {
            // A file from a newer tshoot fails on its new fields: say so rather than call
            // it corrupt.
            let found = serde_json::from_str::<serde_json::Value>(&text)
                .ok()
                .and_then(|v| v.get("version").and_then(serde_json::Value::as_u64));
            match found {
                Some(found) if found > u64::from(SESSION_VERSION) => Err(version_error(found)),
                _ => Err(SessionError::Parse {
                    path: path.to_path_buf(),
                    source,
                }),
            }
        }
    }
}

/// Renames an unreadable file to `<name>.corrupt-<UTC time>`; `None` if it vanished first.
fn set_aside(path: &Path) -> Result<Option<PathBuf>, SessionError> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let when: String = crate::engine::Stamp(SystemTime::now())
        .rfc3339()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    let mut aside = path.with_file_name(format!("{name}.corrupt-{when}"));
    let mut n = 2;
    while aside.exists() {
        aside = path.with_file_name(format!("{name}.corrupt-{when}-{n}"));
        n += 1;
    }
    match fs::rename(path, &aside) {
        Ok(()) => Ok(Some(aside)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(SessionError::io("move aside", path, e)),
    }
}
