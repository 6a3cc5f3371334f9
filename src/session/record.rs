//! The session file type: a run of a flow with when it started, what started it, the flow
//! versions it ran against and how it ended.

use super::SessionError;
use crate::engine::{Answer, Run, ShownEntry, Stamp, fingerprint};
use crate::flow::{Library, Outcome};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The session file format version this build writes. Version 2 keeps the texts each node
/// showed, the known error's cause and fix, the ticket fields and how the query was given.
pub const SESSION_VERSION: u32 = 2;

/// The oldest session file format this build still reads (and upgrades when it saves).
pub const OLDEST_SESSION_VERSION: u32 = 1;

/// How the text that started a run was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueryKind {
    /// Pasted error text (searched as an error message).
    #[default]
    Pasted,
    /// Search words the operator typed.
    Typed,
}

/// The hand-over fields a ticket system needs; each optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TicketFields {
    /// The ticket's reference (`INC0012345`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    /// The customer or tenant the work is for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Who did the work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

impl TicketFields {
    /// Whether no field is set.
    pub fn is_empty(&self) -> bool {
        self.reference.is_none() && self.customer.is_none() && self.operator.is_none()
    }

    /// Fields set in `other` replace these; the rest stay.
    pub fn merge(&mut self, other: &TicketFields) {
        let pick = |mine: &mut Option<String>, theirs: &Option<String>| {
            if let Some(v) = theirs.as_deref().map(str::trim).filter(|v| !v.is_empty()) {
                *mine = Some(redact(&crate::sanitize::line(v)));
            }
        };
        pick(&mut self.reference, &other.reference);
        pick(&mut self.customer, &other.customer);
        pick(&mut self.operator, &other.operator);
    }

    /// "INC001 · Contoso" for lists; empty when neither is set.
    pub fn summary(&self) -> String {
        [self.reference.as_deref(), self.customer.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    }
}

/// What started a run: the operator's text, how it was given, the known error picked and
/// the ticket fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Opening {
    /// The pasted error or typed search.
    pub query: Option<String>,
    /// Pasted or typed.
    pub kind: QueryKind,
    /// The known error (catalog entry id) that led here.
    pub entry: Option<String>,
    /// Ticket, customer, operator.
    pub ticket: TicketFields,
}

impl Opening {
    /// A run started from pasted error text, for the known error `entry`.
    pub fn pasted(query: &str, entry: Option<&str>) -> Opening {
        Opening {
            query: Some(query.to_owned()),
            kind: QueryKind::Pasted,
            entry: entry.map(str::to_owned),
            ticket: TicketFields::default(),
        }
    }
}

/// One flow run as stored on disk: one pretty-JSON file per session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    /// File format version ([`SESSION_VERSION`]).
    pub version: u32,
    /// Unique, time-sortable id; also the file name.
    pub id: String,
    /// The root flow's id.
    pub flow: String,
    /// The root flow's title when the session was last saved.
    pub title: String,
    /// Flow id to [`fingerprint`] for every flow the run has visited.
    pub hashes: BTreeMap<String, String>,
    /// When the session began.
    pub started: Stamp,
    /// Last activity.
    pub updated: Stamp,
    /// The error text or search words that started it (redacted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// Whether `query` was pasted error text or typed search words (absent before version 2:
    /// read as pasted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_kind: Option<QueryKind>,
    /// The known error (catalog entry id) that led here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// That known error as it was shown: title, codes, cause, fix and link.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub known_error: Option<ShownEntry>,
    /// Ticket, customer and operator.
    #[serde(default, skip_serializing_if = "TicketFields::is_empty")]
    pub ticket: TicketFields,
    /// The walk itself.
    pub run: Run,
    /// How the run ended, once it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Whether nothing more can be done in the run (kept as history).
    pub finished: bool,
}

impl Session {
    /// A new session for `run`, with a fresh id; the query and ticket fields are redacted
    /// before they are kept.
    pub fn new(lib: &Library, run: Run, opening: &Opening, now: SystemTime) -> Session {
        let query = opening
            .query
            .as_deref()
            .map(|q| crate::sanitize::normalize_newlines(q.trim()))
            .filter(|q| !q.is_empty());
        let entry = opening.entry.as_deref();
        let mut ticket = TicketFields::default();
        ticket.merge(&opening.ticket);
        let title = lib
            .flow(&run.flow)
            .map_or_else(|| run.flow.clone(), |f| f.title.clone());
        let mut session = Session {
            version: SESSION_VERSION,
            id: new_id(now),
            flow: run.flow.clone(),
            title,
            hashes: BTreeMap::new(),
            started: now.into(),
            updated: now.into(),
            query_kind: query.is_some().then_some(opening.kind),
            query: query.as_deref().map(redact),
            entry: entry.map(str::to_owned),
            known_error: entry.and_then(|id| lib.entry(id)).map(ShownEntry::of),
            ticket,
            run,
            outcome: None,
            finished: false,
        };
        session.refresh(lib);
        session
    }

    /// What started the session, as a front end needs it to carry on.
    pub fn opening(&self) -> Opening {
        Opening {
            query: self.query.clone(),
            kind: self.query_kind.unwrap_or_default(),
            entry: self.entry.clone(),
            ticket: self.ticket.clone(),
        }
    }

    /// Records activity: sets the last-activity time and brings the flow hashes, outcome and
    /// finished flag up to date with the run.
    pub fn touch(&mut self, lib: &Library, now: SystemTime) {
        self.updated = now.into();
        self.refresh(lib);
    }

    /// The flows of the run whose content differs from the library's (or that are gone).
    pub fn changed_flows(&self, lib: &Library) -> Vec<String> {
        self.hashes
            .iter()
            .filter(|(id, hash)| lib.flow(id).is_none_or(|f| fingerprint(f) != **hash))
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// A copy with every operator-typed text redacted: the query, input values, answer labels
    /// (they may contain filled-in inputs), notes and skip reasons.
    pub fn redacted(&self) -> Session {
        let mut s = self.clone();
        s.query = s.query.as_deref().map(redact);
        for visit in &mut s.run.visits {
            match &mut visit.answer {
                Some(Answer::Input { value, .. }) => *value = redact(value),
                Some(Answer::Choice { label, .. }) => *label = redact(label),
                // Claims are not secrets, but they come from pasted text: belt and braces.
                Some(Answer::Token {
                    summary, claims, ..
                }) => {
                    *summary = redact(summary);
                    for value in claims.values_mut() {
                        *value = redact(value);
                    }
                }
                _ => {}
            }
            for note in &mut visit.notes {
                note.text = redact(&note.text);
            }
            for mark in &mut visit.steps {
                if let Some(reason) = &mut mark.reason {
                    *reason = redact(reason);
                }
                if let Some(reason) = mark.wait.as_mut().and_then(|w| w.reason.as_mut()) {
                    *reason = redact(reason);
                }
            }
        }
        s
    }

    /// Brings a session read from an older file up to this version: the texts each visit
    /// showed and the known error's, taken from the library as it is now (the best that can
    /// be done for texts that were not kept). Nothing is lost: a visit whose flow is gone
    /// keeps what it has.
    pub fn upgrade(&mut self, lib: &Library) {
        self.run.fill_shown(lib, false);
        if self.known_error.is_none() {
            self.known_error = self
                .entry
                .as_deref()
                .and_then(|id| lib.entry(id))
                .map(ShownEntry::of);
        }
        self.version = SESSION_VERSION;
    }

    /// The total time from start to the last activity.
    pub fn duration(&self) -> std::time::Duration {
        self.started.elapsed_at(self.updated.0)
    }

    /// Title, hashes, outcome and finished flag recomputed from the run and the library.
    fn refresh(&mut self, lib: &Library) {
        self.upgrade(lib);
        if let Some(flow) = lib.flow(&self.flow) {
            self.title.clone_from(&flow.title);
        }
        let mut hashes = BTreeMap::new();
        for visit in &self.run.visits {
            let ids = std::iter::once(&visit.flow).chain(visit.calls.iter().map(|c| &c.flow));
            for id in ids {
                if !hashes.contains_key(id)
                    && let Some(flow) = lib.flow(id)
                {
                    hashes.insert(id.clone(), fingerprint(flow));
                }
            }
        }
        self.hashes = hashes;
        self.outcome = self.run.outcome(lib);
        self.finished = self.run.is_finished(lib);
    }
}

/// Checks a saved session against the library as it is now, so it can be continued. Where
/// the path no longer holds, the run is cut back to the last node that still fits and the
/// message for the operator says where it stopped matching. Running timers are kept: a wait
/// started three minutes before a five-minute countdown shows two minutes left.
pub fn resume(
    lib: &Library,
    session: &mut Session,
    now: SystemTime,
) -> Result<Option<String>, SessionError> {
    let changed = session.changed_flows(lib);
    session.upgrade(lib);
    // Reconciling an unchanged run is a no-op, so it is always done: it also catches a file
    // edited by hand.
    let message = session.run.reconcile(lib, now)?;
    if message.is_some() {
        session.run.fill_shown(lib, true);
        session.touch(lib, now);
    } else if !changed.is_empty() {
        // The flow changed but the path still holds: adopt the new hashes silently. The
        // current node is shown again as the library has it now, so its texts follow.
        session.run.fill_shown(lib, true);
        session.refresh(lib);
    }
    Ok(message)
}

/// The text with secrets replaced.
pub fn redact(text: &str) -> String {
    crate::redact::redact(text).into_owned()
}

/// A new session id: UTC date and time, process id and a per-process sequence, e.g.
/// `20261125-130142-1f2a-9c03`. Ids sort by time; two processes differ by pid, and one
/// process never repeats an id within a second.
fn new_id(now: SystemTime) -> String {
    static SEED: OnceLock<u32> = OnceLock::new();
    static SEQ: AtomicU32 = AtomicU32::new(0);
    let nanos = |t: SystemTime| t.duration_since(UNIX_EPOCH).map_or(0, |d| d.subsec_nanos());
    let seed = *SEED.get_or_init(|| {
        let n = nanos(SystemTime::now());
        n ^ (n >> 13) ^ std::process::id().rotate_left(7)
    });
    let seq = seed.wrapping_add(SEQ.fetch_add(1, Ordering::Relaxed)) & 0xffff;
    let digits: String = Stamp(now)
        .rfc3339()
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    let (date, time) = digits.split_at(digits.len().min(8));
    format!("{date}-{time}-{:x}-{seq:04x}", std::process::id())
}

/// Whether `id` could be a session id (or a prefix of one): non-empty, ASCII letters,
/// digits and `-`, so it is always a plain file name.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty() && id.len() <= 128 && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn ids_are_sortable_valid_and_distinct() {
        let t = UNIX_EPOCH + Duration::from_secs(1_795_611_702);
        let a = new_id(t);
        let b = new_id(t);
        assert_ne!(a, b);
        assert!(a.starts_with("20261125-"), "{a}");
        assert!(valid_id(&a) && valid_id(&b));
        let later = new_id(t + Duration::from_secs(1));
        assert!(later > a && later > b);
        assert!(!valid_id("../etc") && !valid_id("") && !valid_id("a.json"));
    }
}
