//! Why a session could not be saved, found, read or locked, naming the file and the step that
//! failed.

use crate::engine::EngineError;
use std::path::PathBuf;

/// A session operation that failed.
#[derive(Debug, thiserror::Error)]
pub enum SessionError {
    /// A file-system operation failed.
    #[error("could not {action} {}: {source}", .path.display())]
    Io {
        /// What was being done ("create the session directory", "write", ...).
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A session file is not valid session JSON.
    #[error("session file {} is unreadable: {source}", .path.display())]
    Parse {
        /// The file.
        path: PathBuf,
        /// The parse error, with line and column.
        source: serde_json::Error,
    },
    /// A session file was written by a newer (or unknown) format version.
    #[error(
        "session file {} has format version {found}; this tshoot reads versions {} to {}",
        .path.display(), crate::session::record::OLDEST_SESSION_VERSION,
        crate::session::SESSION_VERSION
    )]
    Version {
        /// The file.
        path: PathBuf,
        /// The version it declares.
        found: u64,
    },
    /// A session file is larger than any real session.
    #[error("session file {} is too large ({size} bytes)", .path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
    },
    /// A session could not be turned into JSON.
    #[error("could not encode session {id}: {source}")]
    Encode {
        /// The session.
        id: String,
        /// The serializer's error.
        source: serde_json::Error,
    },
    /// The text given is not a possible session id.
    #[error("'{0}' is not a session id (session ids are letters, digits and '-')")]
    BadId(String),
    /// No session has this id or id prefix.
    #[error("no session matches '{id}' in {}; `tshoot sessions --all` lists them", .dir.display())]
    NotFound {
        /// The id or prefix asked for.
        id: String,
        /// The session directory searched.
        dir: PathBuf,
    },
    /// More than one session starts with this prefix.
    #[error("'{prefix}' matches {} sessions ({}); give more of the id", .matches.len(), .matches.join(", "))]
    Ambiguous {
        /// The prefix asked for.
        prefix: String,
        /// The ids it matches.
        matches: Vec<String>,
    },
    /// Another process has the session open.
    #[error(
        "session {id} is open in another tshoot process (lock file {}); finish or close it there first",
        .path.display()
    )]
    Busy {
        /// The session.
        id: String,
        /// The lock file.
        path: PathBuf,
    },
    /// No per-user data directory could be found and none was given.
    #[error("no data directory: set --data-dir or TSHOOT_DATA_DIR")]
    NoDataDir,
    /// The saved run could not be matched to the library at all.
    #[error("the session's flow cannot be resumed: {0}")]
    Engine(#[from] EngineError),
}

impl SessionError {
    /// An I/O error with what was being done and to which path.
    pub(crate) fn io(
        action: &'static str,
        path: impl Into<PathBuf>,
        source: std::io::Error,
    ) -> Self {
        SessionError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}
