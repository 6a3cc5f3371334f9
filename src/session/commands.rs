//! The `tshoot sessions` and `tshoot export` commands: plain output for people, `--json` for
//! tools, problems on stderr.

use super::store::write_atomic;
use super::{Session, SessionError, Store, transcript};
use crate::flow::Library;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

/// The transcript formats `tshoot export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Markdown, ready to paste into a ticket.
    #[default]
    Md,
    /// JSON, the same data for tools.
    Json,
}

/// `tshoot sessions`: prunes when asked, then lists unfinished sessions (all with `all`).
pub fn sessions(
    store: &Store,
    lib: &Library,
    json: bool,
    all: bool,
    prune_days: Option<u64>,
    now: SystemTime,
) -> Result<ExitCode> {
    if let Some(days) = prune_days {
        let age = Duration::from_secs(days.saturating_mul(86_400));
        let pruned = store.prune(age, now)?;
        eprintln!("pruned {pruned} finished session(s) last active more than {days} day(s) ago");
    }
    let listing = store.list();
    for warning in &listing.warnings {
        eprintln!("warning: {warning}");
    }
    let shown: Vec<&Session> = listing
        .sessions
        .iter()
        .filter(|s| all || !s.finished)
        .collect();
    let mut out = std::io::stdout().lock();
    if json {
        let sessions: Vec<_> = shown.iter().map(|s| summary_json(s, lib)).collect();
        let doc = serde_json::json!({"sessions": sessions, "warnings": listing.warnings});
        writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if shown.is_empty() {
        if all {
            writeln!(out, "No sessions.")?;
        } else {
            writeln!(
                out,
                "No unfinished sessions. (`tshoot sessions --all` includes finished ones.)"
            )?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let heading = if all {
        "SESSIONS"
    } else {
        "UNFINISHED SESSIONS"
    };
    writeln!(out, "{heading} ({})", shown.len())?;
    writeln!(
        out,
        "  {:<26} {:<12} {:<9} {:<34} FLOW",
        "ID", "STATUS", "PROGRESS", "LAST ACTIVITY"
    )?;
    for s in shown {
        let (pos, total) = position(s, lib);
        let status = match (s.finished, s.outcome) {
            (false, _) => "in progress".to_owned(),
            (true, Some(o)) => outcome_word(o).to_owned(),
            (true, None) => "finished".to_owned(),
        };
        let activity = format!("{} ({})", minute(s.updated), ago(s.updated.elapsed_at(now)));
        writeln!(
            out,
            "  {:<26} {:<12} {:<9} {:<34} {}",
            s.id,
            status,
            format!("{pos}/{total}"),
            activity,
            crate::sanitize::line(&s.title)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `tshoot export`: writes a session's transcript to stdout or `output` (mode 0600). An
/// unknown or ambiguous id, or an unreadable session file, exits 1 with the reason.
pub fn export(
    store: &Store,
    lib: &Library,
    id: &str,
    format: Format,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let session = match store.load(id) {
        Ok(s) => s,
        Err(e @ SessionError::Io { .. }) => return Err(e.into()),
        Err(e) => {
            eprintln!("error: {e}");
            return Ok(ExitCode::from(1));
        }
    };
    let text = match format {
        Format::Md => transcript::markdown(&session, lib),
        Format::Json => {
            let mut t = serde_json::to_string_pretty(&transcript::json(&session, lib))?;
            t.push('\n');
            t
        }
    };
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

/// One session for `tshoot sessions --json`.
fn summary_json(s: &Session, lib: &Library) -> serde_json::Value {
    let (done, left) = s.run.progress(lib);
    serde_json::json!({
        "id": s.id,
        "flow": s.flow,
        "title": crate::sanitize::line(&s.title),
        "started": s.started,
        "updated": s.updated,
        "finished": s.finished,
        "outcome": s.outcome,
        "node": s.run.visits.last().map(|v| v.node.as_str()),
        "progress": {"done": done, "left": left},
        "entry": s.entry,
        "query": s.query.as_deref().map(crate::sanitize::block),
    })
}

/// The current node's number and the fewest nodes a walk to an end would have.
fn position(s: &Session, lib: &Library) -> (usize, usize) {
    let (done, left) = s.run.progress(lib);
    (done + 1, done + 1 + left)
}

fn outcome_word(o: crate::flow::Outcome) -> &'static str {
    match o {
        crate::flow::Outcome::Resolved => "resolved",
        crate::flow::Outcome::Escalate => "escalated",
        crate::flow::Outcome::Unresolved => "unresolved",
    }
}

/// `2026-11-25 13:01 UTC`.
fn minute(t: crate::engine::Stamp) -> String {
    let s = t.rfc3339();
    let s = s.trim_end_matches('Z').replacen('T', " ", 1);
    format!("{} UTC", s.get(..16).unwrap_or(&s))
}

/// `just now`, `5 min ago`, `3 h ago`, `2 days ago`.
fn ago(d: Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", s / 60),
        3600..86_400 => format!("{} h ago", s / 3600),
        _ => match s / 86_400 {
            1 => "1 day ago".to_owned(),
            n => format!("{n} days ago"),
        },
    }
}
