//! Transcripts of a session for the ticket: Markdown, plain text for ticket systems that show
//! markup literally, and JSON for tools, all built from one record so they never disagree.
//!
//! The record is made from the session alone: every text is the one the node showed when the
//! operator met it (kept in the session), so an export needs no flow file. The library is
//! used only to fill in texts for session files written before they were kept, and to say
//! which flows have changed since. Every text is redacted and stripped of terminal escapes
//! ([`crate::sanitize`]); nothing here fails.

mod lookup;
mod markdown;
mod record;
mod text;
mod time;

pub use lookup::{LookupRecord, lookup};
pub use record::TRANSCRIPT_VERSION;
pub use time::Clock;

use super::record::Session;
use crate::flow::Library;

/// The formats a transcript is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Markdown, for tickets that render it.
    Md,
    /// Plain text: no markup, aligned labels, lines that fit a ticket note.
    #[default]
    Text,
    /// JSON, the same data for tools.
    Json,
}

impl Format {
    /// The file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Text => "txt",
            Format::Json => "json",
        }
    }

    /// The name the operator sees ("plain text").
    pub fn label(self) -> &'static str {
        match self {
            Format::Md => "Markdown",
            Format::Text => "plain text",
            Format::Json => "JSON",
        }
    }
}

/// The transcript of `session` in `format`, with times in the system's time zone.
pub fn render(session: &Session, lib: &Library, format: Format) -> String {
    render_in(session, lib, format, &Clock::local())
}

/// The transcript of `session` in `format`, with times in `clock`'s time zone.
pub fn render_in(session: &Session, lib: &Library, format: Format, clock: &Clock) -> String {
    let record = record::Transcript::build(session, lib, clock);
    match format {
        Format::Md => markdown::render(&record, clock),
        Format::Text => text::render(&record, clock),
        Format::Json => {
            let mut out = serde_json::to_string_pretty(&record).unwrap_or_default();
            out.push('\n');
            out
        }
    }
}

/// A Markdown transcript of `session`, ready to paste into a ticket.
pub fn markdown(session: &Session, lib: &Library) -> String {
    render(session, lib, Format::Md)
}

/// A plain-text transcript of `session`.
pub fn text(session: &Session, lib: &Library) -> String {
    render(session, lib, Format::Text)
}

/// The transcript as JSON, for tools.
pub fn json(session: &Session, lib: &Library) -> serde_json::Value {
    json_in(session, lib, &Clock::local())
}

/// The transcript as JSON, with local times in `clock`'s time zone.
pub fn json_in(session: &Session, lib: &Library, clock: &Clock) -> serde_json::Value {
    serde_json::to_value(record::Transcript::build(session, lib, clock))
        .unwrap_or(serde_json::Value::Null)
}
