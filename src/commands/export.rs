//! `tshoot export SESSION`: a session's transcript for the ticket (plain text, Markdown or
//! JSON), to stdout or a file.

use crate::flow::Library;
use crate::session::store::write_atomic;
use crate::session::{SessionError, Store, transcript};
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub use crate::session::transcript::Format;

/// `tshoot export`: writes a session's transcript to stdout or `output` (mode 0600). An
/// unknown or ambiguous id, or an unreadable session file, exits 1 with the reason.
pub fn run(
    store: &Store,
    lib: &Library,
    id: &str,
    format: Option<Format>,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let format = match format {
        Some(f) => f,
        None => crate::config::Config::load()?.format(),
    };
    let session = match store.load(id) {
        Ok(s) => s,
        Err(e @ SessionError::Io { .. }) => return Err(e.into()),
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let text = transcript::render(&session, lib, format);
    match output {
        None => std::io::stdout()
            .lock()
            .write_all(text.as_bytes())
            .context("writing to stdout")?,
        Some(path) => {
            write_private(path, text.as_bytes())?;
            eprintln!("wrote the transcript to {}", path.display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a file readable by the user only: atomically for a regular (or new) file, in
/// place for a device or pipe such as `/dev/stdout`.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let special = std::fs::metadata(path).is_ok_and(|m| !m.is_file());
    if special {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("opening {}", path.display()))?;
        file.write_all(bytes)
            .with_context(|| format!("writing {}", path.display()))?;
        return Ok(());
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    write_atomic(dir, path, bytes)?;
    Ok(())
}
