//! `tshoot sessions`: unfinished (or all) sessions, plain for people, `--json` for tools.

use crate::flow::Library;
use crate::session::{Session, Store};
use anyhow::Result;
use std::io::Write;
use std::process::ExitCode;
use std::time::{Duration, SystemTime};

/// `tshoot sessions`: prunes when asked, then lists unfinished sessions (all with `all`).
pub fn run(
    store: &Store,
    lib: &Library,
    json: bool,
    all: bool,
    prune_days: Option<u64>,
    discard: Option<&str>,
    now: SystemTime,
) -> Result<ExitCode> {
    if let Some(id) = discard {
        return match store.discard(id) {
            Ok(full) => {
                eprintln!("discarded session {full}");
                Ok(ExitCode::SUCCESS)
            }
            Err(e @ crate::session::SessionError::Io { .. }) => Err(e.into()),
            Err(e) => {
                eprintln!("error: {e}");
                Ok(ExitCode::from(1))
            }
        };
    }
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
            (true, Some(o)) => o.past().to_owned(),
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
        let about = about(s, lib, now);
        if !about.is_empty() {
            writeln!(out, "    {about}")?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The second line of a row: start time, ticket, customer, operator, a running timer and
/// the start of the error or search that began it.
pub fn about(s: &Session, lib: &Library, now: SystemTime) -> String {
    let mut parts = vec![format!("started {}", minute(s.started))];
    let t = &s.ticket;
    for (label, value) in [
        ("ticket", &t.reference),
        ("customer", &t.customer),
        ("operator", &t.operator),
    ] {
        if let Some(v) = value {
            parts.push(format!("{label} {}", crate::sanitize::line(v)));
        }
    }
    if let Some(timer) = timer(s, lib, now) {
        parts.push(timer);
    }
    if let Some(q) = first_line(s) {
        parts.push(q);
    }
    parts.join(" · ")
}

/// "wait 4:12 left on step 2", when a countdown runs in the session's current node.
pub fn timer(s: &Session, lib: &Library, now: SystemTime) -> Option<String> {
    let (step, left) = s.run.running_wait(lib, now, None)?;
    Some(format!(
        "wait {} left on step {}",
        crate::engine::clock(left),
        step + 1
    ))
}

/// `error: "AADSTS50020: User account …"`, the first line of the query, cut to 60 chars.
pub fn first_line(s: &Session) -> Option<String> {
    let q = s.query.as_deref()?.lines().find(|l| !l.trim().is_empty())?;
    let q = crate::sanitize::line(q.trim());
    let cut: String = q.chars().take(60).collect();
    let more = if cut.len() < q.len() { "…" } else { "" };
    let label = match s.query_kind {
        Some(crate::session::QueryKind::Typed) => "search",
        _ => "error",
    };
    Some(format!("{label}: \"{cut}{more}\""))
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
        "query_kind": s.query_kind,
        "ticket": s.ticket.reference,
        "customer": s.ticket.customer,
        "operator": s.ticket.operator,
        "timer": timer(s, lib, SystemTime::now()),
    })
}

/// The current node's number and the fewest nodes a walk to an end would have.
fn position(s: &Session, lib: &Library) -> (usize, usize) {
    let (done, left) = s.run.progress(lib);
    (done + 1, done + 1 + left)
}

/// `2026-11-25 13:01 UTC`.
pub fn minute(t: crate::engine::Stamp) -> String {
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
