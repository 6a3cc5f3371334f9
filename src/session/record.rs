//! The session file type: a run of a flow with when it started, what started it, the flow
//! versions it ran against and how it ended.

use super::SessionError;
use crate::engine::{Answer, Run, Stamp, fingerprint};
use crate::flow::{Library, Outcome};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The session file format version this build writes and reads.
pub const SESSION_VERSION: u32 = 1;

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
    /// The error text that started it (redacted).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query: Option<String>,
    /// The known error (catalog entry id) that led here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    /// The walk itself.
    pub run: Run,
    /// How the run ended, once it has.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// Whether nothing more can be done in the run (kept as history).
    pub finished: bool,
}

impl Session {
    /// A new session for `run`, with a fresh id; `query` is redacted before it is kept.
    pub fn new(
        lib: &Library,
        run: Run,
        query: Option<&str>,
        entry: Option<&str>,
        now: SystemTime,
    ) -> Session {
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
            query: query.map(str::trim).filter(|q| !q.is_empty()).map(redact),
            entry: entry.map(str::to_owned),
            run,
            outcome: None,
            finished: false,
        };
        session.refresh(lib);
        session
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
                _ => {}
            }
            for note in &mut visit.notes {
                note.text = redact(&note.text);
            }
            for mark in &mut visit.steps {
                if let Some(reason) = &mut mark.reason {
                    *reason = redact(reason);
                }
            }
        }
        s
    }

    /// Title, hashes, outcome and finished flag recomputed from the run and the library.
    fn refresh(&mut self, lib: &Library) {
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
    // Reconciling an unchanged run is a no-op, so it is always done: it also catches a file
    // edited by hand.
    let message = session.run.reconcile(lib, now)?;
    if message.is_some() {
        session.touch(lib, now);
    } else if !changed.is_empty() {
        // The flow changed but the path still holds: adopt the new hashes silently.
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
