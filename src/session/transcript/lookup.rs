//! A short record of a known-error lookup that ended without a flow: what was pasted or
//! typed, the entry with its cause, fix and link, and when. Most lookups end this way, and
//! the ticket still needs to say what was found.

use super::markdown::{entry_section as md_entry, fenced, md};
use super::record::{StartedBy, clean_entry, typed_block};
use super::text::{entry_section as text_entry, field};
use super::time::Clock;
use super::{Format, TRANSCRIPT_VERSION};
use crate::engine::{ShownEntry, Stamp};
use crate::session::{QueryKind, TicketFields};
use serde::Serialize;
use std::fmt::Write as _;

/// What a lookup showed, to export.
#[derive(Debug, Clone)]
pub struct LookupRecord {
    /// The pasted error or typed search, if any.
    pub query: Option<String>,
    /// How it was given.
    pub kind: QueryKind,
    /// The known error shown.
    pub entry: ShownEntry,
    /// When.
    pub at: Stamp,
    /// The operator (and any ticket fields known).
    pub ticket: TicketFields,
}

#[derive(Serialize)]
struct Json<'a> {
    format: &'static str,
    version: u32,
    tshoot_version: &'static str,
    at: Stamp,
    at_local: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    operator: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_by: Option<StartedBy>,
    known_error: ShownEntry,
}

/// The record in `format`, times in `clock`'s zone; every text redacted and made safe.
pub fn lookup(record: &LookupRecord, format: Format, clock: &Clock) -> String {
    let entry = clean_entry(&record.entry);
    let by = record
        .query
        .as_deref()
        .map(str::trim)
        .filter(|q| !q.is_empty())
        .map(|q| StartedBy {
            kind: record.kind,
            text: typed_block(q),
        });
    let when = clock.full(record.at);
    let operator = record.ticket.operator.as_deref();
    let mut out = String::new();
    match format {
        Format::Json => {
            let json = Json {
                format: "tshoot-lookup",
                version: TRANSCRIPT_VERSION,
                tshoot_version: env!("CARGO_PKG_VERSION"),
                at: record.at,
                at_local: when,
                operator,
                started_by: by,
                known_error: entry,
            };
            out = serde_json::to_string_pretty(&json).unwrap_or_default();
            out.push('\n');
        }
        Format::Md => {
            let _ = writeln!(out, "# Known error: {}\n", md(&entry.title));
            let _ = writeln!(out, "- Looked up: {when}");
            if let Some(op) = operator {
                let _ = writeln!(out, "- Operator: {}", md(op));
            }
            let _ = writeln!(out, "- tshoot: {}", env!("CARGO_PKG_VERSION"));
            md_entry(&mut out, &entry);
            if let Some(by) = &by {
                let _ = writeln!(out, "\n## {}\n\n{}", by.label(), fenced(&by.text));
            }
        }
        Format::Text => {
            let title = format!("Known error: {}", entry.title);
            let _ = writeln!(
                out,
                "{title}\n{}",
                "=".repeat(title.chars().count().min(76))
            );
            field(&mut out, "", "Looked up", &when);
            if let Some(op) = operator {
                field(&mut out, "", "Operator", op);
            }
            field(&mut out, "", "tshoot", env!("CARGO_PKG_VERSION"));
            text_entry(&mut out, &entry);
            if let Some(by) = &by {
                let _ = writeln!(out, "\n{}:", by.label());
                for line in by.text.lines() {
                    super::text::wrap(&mut out, "  ", "      ", line, 76);
                }
            }
        }
    }
    out
}
