//! The one record every transcript format is made from (and the JSON format itself).

use super::time::{Clock, duration};
use crate::engine::{
    Answer, GONE_NOT_NEXT, GONE_QUESTION, ShownEntry, Stamp, StepMark, StepState, Visit,
    confirmed_outcome, gone_summary,
};
use crate::flow::{Library, Outcome, Risk};
use crate::sanitize;
use crate::session::record::{QueryKind, Session, redact};
use serde::Serialize;
use std::collections::BTreeMap;
use std::time::Duration;

/// The transcript format's version, in the JSON's `version` field.
pub const TRANSCRIPT_VERSION: u32 = 2;

/// A session's transcript, every text ready to print.
#[derive(Debug, Serialize)]
pub(super) struct Transcript {
    pub format: &'static str,
    pub version: u32,
    /// The tshoot that wrote the transcript.
    pub tshoot_version: &'static str,
    pub session: String,
    pub flow: FlowRef,
    /// Flow id to fingerprint, for every flow the run visited.
    pub fingerprints: BTreeMap<String, String>,
    pub started: Stamp,
    /// Local time with its UTC offset.
    pub started_local: String,
    /// Last activity: the end, for a finished run.
    pub updated: Stamp,
    pub updated_local: String,
    pub duration_seconds: u64,
    /// The duration in words (`18m 21s`).
    pub duration: String,
    pub finished: bool,
    #[serde(skip_serializing_if = "Ticket::is_empty")]
    pub ticket: Ticket,
    /// The pasted error or the typed search that started the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started_by: Option<StartedBy>,
    /// The known error that led to the flow, as shown.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub known_error: Option<ShownEntry>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// What the operator is told to do at the end (the end node's message).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_action: Option<String>,
    /// Flows whose content changed (or that are gone) since the session ran them; the texts
    /// here are still the ones shown.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changed_flows: Vec<String>,
    pub path: Vec<Item>,
}

#[derive(Debug, Serialize)]
pub(super) struct FlowRef {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Default, Serialize)]
pub(super) struct Ticket {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operator: Option<String>,
}

impl Ticket {
    fn is_empty(&self) -> bool {
        self.reference.is_none() && self.customer.is_none() && self.operator.is_none()
    }
}

#[derive(Debug, Serialize)]
pub(super) struct StartedBy {
    /// `pasted` error text or `typed` search words.
    pub kind: QueryKind,
    /// The text, redacted, line breaks kept.
    pub text: String,
}

impl StartedBy {
    /// "Pasted error" or "Typed search".
    pub fn label(&self) -> &'static str {
        match self.kind {
            QueryKind::Pasted => "Pasted error",
            QueryKind::Typed => "Typed search",
        }
    }
}

#[derive(Debug, Serialize)]
pub(super) struct Item {
    pub flow: String,
    pub node: String,
    /// question, checklist, step, input, goto, end, search, or `missing` when neither the
    /// session nor the library has the node's texts.
    pub kind: String,
    pub entered: Stamp,
    /// The prompt, checklist title, step text or end message, as the operator saw it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub input: Option<InputItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entered_flow: Option<FlowRef>,
    /// What a branch decided and why.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub branch: Option<BranchItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entry: Option<ShownEntry>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<NoteItem>,
    /// At a resolved end: the answer to "Is the error gone?" and what came of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_gone: Option<GoneItem>,
    /// When the operator left the node (answered, continued).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub left: Option<Stamp>,
    /// Whether this is where the operator is now.
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct GoneItem {
    /// "Is the error gone?"
    pub question: &'static str,
    pub error_gone: bool,
    /// The answer and what followed: "Yes — resolved", "No — escalated", "No — continued in …".
    pub answer: String,
    pub at: Stamp,
}

#[derive(Debug, Serialize)]
pub(super) struct InputItem {
    pub var: String,
    /// The typed value; for a token, a one-line description in its place.
    pub value: String,
    /// A token's non-secret claims, by field (the token itself is never kept).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub claims: BTreeMap<String, String>,
}

impl InputItem {
    /// The claims worth a line in a ticket, `field value`, in a fixed order.
    pub fn key_claims(&self) -> Vec<(&'static str, &str)> {
        const KEY: [&str; 9] = [
            "aud", "tid", "app_id", "idtyp", "scp", "roles", "wids", "exp", "findings",
        ];
        KEY.iter()
            .filter_map(|k| {
                self.claims
                    .get(*k)
                    .filter(|v| !v.is_empty())
                    .map(|v| (*k, v.as_str()))
            })
            .collect()
    }
}

#[derive(Debug, Serialize)]
pub(super) struct BranchItem {
    /// Each condition tried, with its result.
    pub checked: Vec<String>,
    /// The node the branch went to.
    pub next: String,
    /// No condition held, so `else` was taken.
    pub by_else: bool,
}

#[derive(Debug, Serialize)]
pub(super) struct StepItem {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
    pub state: StepState,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Stamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub wait: Option<WaitItem>,
}

#[derive(Debug, Serialize)]
pub(super) struct WaitItem {
    pub seconds: u64,
    pub started: Stamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Stamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct NoteItem {
    pub text: String,
    pub at: Stamp,
}

/// Operator-typed text: redacted, one line.
fn typed(text: &str) -> String {
    sanitize::line(&redact(text))
}

/// Operator-typed text that may span lines: redacted, line breaks kept.
pub(super) fn typed_block(text: &str) -> String {
    sanitize::block(&redact(&sanitize::normalize_newlines(text)))
}

/// A shown text for one line (already filled in and redacted when it was captured).
fn shown(text: &str) -> String {
    sanitize::line(text)
}

/// A known error as shown, safe to print.
pub(super) fn clean_entry(e: &ShownEntry) -> ShownEntry {
    let all = |v: &[String]| v.iter().map(|s| shown(s)).collect();
    ShownEntry {
        id: shown(&e.id),
        title: shown(&e.title),
        codes: all(&e.codes),
        product: shown(&e.product),
        cause: shown(&e.cause),
        fix: all(&e.fix),
        developer_fix: all(&e.developer_fix),
        link: e.link.as_deref().map(shown),
    }
}

impl Transcript {
    pub(super) fn build(session: &Session, lib: &Library, clock: &Clock) -> Transcript {
        // Texts missing from an older session file come from the library as it is now.
        let mut session = session.clone();
        session.upgrade(lib);
        let session = &session;
        let visits = &session.run.visits;
        let last = visits.len().saturating_sub(1);
        let path: Vec<Item> = visits
            .iter()
            .enumerate()
            .map(|(i, visit)| item(visit, visits.get(i + 1), i == last))
            .collect();
        let finished = session.finished || session.run.is_finished(lib);
        let not_gone = visits
            .last()
            .and_then(|v| v.confirmed.as_ref())
            .is_some_and(|c| !c.error_gone);
        let next_action = finished
            .then(|| visits.last().and_then(|v| v.shown.as_ref()))
            .flatten()
            .and_then(|s| match s.kind.as_str() {
                "end" if not_gone => Some(GONE_NOT_NEXT.to_owned()),
                "end" => s.text.as_deref().map(shown),
                "search" => s
                    .text
                    .as_deref()
                    .map(|p| format!("Search for the error: {}", shown(p))),
                _ => None,
            });
        let outcome = session.outcome.or_else(|| {
            let last = visits.last().filter(|v| v.calls.is_empty())?;
            confirmed_outcome(last.shown.as_ref()?.outcome?, last.confirmed.as_ref())
        });
        let title = visits
            .first()
            .and_then(|v| v.shown.as_ref())
            .map_or(session.title.as_str(), |s| s.flow_title.as_str());
        let elapsed: Duration = session.duration();
        let t = &session.ticket;
        Transcript {
            format: "tshoot-transcript",
            version: TRANSCRIPT_VERSION,
            tshoot_version: env!("CARGO_PKG_VERSION"),
            session: shown(&session.id),
            flow: FlowRef {
                id: shown(&session.flow),
                title: shown(title),
            },
            fingerprints: session
                .hashes
                .iter()
                .map(|(k, v)| (shown(k), shown(v)))
                .collect(),
            started: session.started,
            started_local: clock.full(session.started),
            updated: session.updated,
            updated_local: clock.full(session.updated),
            duration_seconds: elapsed.as_secs(),
            duration: duration(elapsed),
            finished,
            ticket: Ticket {
                reference: t.reference.as_deref().map(typed),
                customer: t.customer.as_deref().map(typed),
                operator: t.operator.as_deref().map(typed),
            },
            started_by: session.query.as_deref().map(|q| StartedBy {
                kind: session.query_kind.unwrap_or_default(),
                text: typed_block(q.trim()),
            }),
            known_error: session.known_error.as_ref().map(clean_entry),
            outcome,
            next_action,
            changed_flows: session.changed_flows(lib),
            path,
        }
    }
}

fn item(visit: &Visit, next: Option<&Visit>, current: bool) -> Item {
    let shown_texts = visit.shown.as_ref();
    let mut item = Item {
        flow: shown(&visit.flow),
        node: shown(&visit.node),
        kind: shown_texts.map_or_else(|| "missing".to_owned(), |s| s.kind.clone()),
        entered: visit.entered,
        text: shown_texts.and_then(|s| s.text.as_deref()).map(shown),
        detail: shown_texts.and_then(|s| s.detail.as_deref()).map(shown),
        choices: shown_texts
            .map(|s| s.choices.iter().map(|c| shown(c)).collect())
            .unwrap_or_default(),
        answer: None,
        input: None,
        entered_flow: None,
        branch: shown_texts
            .and_then(|s| s.branch.as_ref())
            .map(|b| BranchItem {
                checked: b.checked.iter().map(|c| shown(c)).collect(),
                next: shown(&b.next),
                by_else: b.by_else,
            }),
        outcome: shown_texts.and_then(|s| s.outcome),
        entry: shown_texts.and_then(|s| s.entry.as_ref()).map(clean_entry),
        steps: Vec::new(),
        notes: visit
            .notes
            .iter()
            .map(|n| NoteItem {
                text: typed_block(&n.text),
                at: n.at,
            })
            .collect(),
        error_gone: None,
        left: None,
        current,
    };
    match &visit.answer {
        Some(Answer::Choice { label, at, .. }) => {
            item.answer = Some(typed(label));
            item.left = Some(*at);
        }
        Some(Answer::Input { var, value, at }) => {
            item.input = Some(InputItem {
                var: shown(var),
                value: typed(value),
                claims: BTreeMap::new(),
            });
            item.left = Some(*at);
        }
        Some(Answer::Token {
            var,
            summary,
            claims,
            at,
        }) => {
            item.input = Some(InputItem {
                var: shown(var),
                value: typed(summary),
                claims: claims.iter().map(|(k, v)| (shown(k), typed(v))).collect(),
            });
            item.left = Some(*at);
        }
        Some(Answer::Branched { at, .. }) => item.left = Some(*at),
        Some(Answer::Continued { at }) => item.left = Some(*at),
        Some(Answer::Entered { flow, at }) => {
            // The entered flow's title is the one its first node showed.
            let title = next
                .filter(|n| n.flow == *flow)
                .and_then(|n| n.shown.as_ref())
                .map_or_else(|| flow.clone(), |s| s.flow_title.clone());
            item.entered_flow = Some(FlowRef {
                id: shown(flow),
                title: shown(&title),
            });
            item.left = Some(*at);
        }
        None => {}
    }
    if let Some(c) = &visit.confirmed {
        let went_on = item.entered_flow.as_ref().map(|f| f.title.as_str());
        item.error_gone = Some(GoneItem {
            question: GONE_QUESTION,
            error_gone: c.error_gone,
            answer: gone_summary(c.error_gone, went_on),
            at: c.at,
        });
    }
    let unmarked = StepMark::default();
    item.steps = shown_texts
        .map(|s| s.steps.as_slice())
        .unwrap_or_default()
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mark = visit.steps.get(i).unwrap_or(&unmarked);
            StepItem {
                text: shown(&step.text),
                detail: step.detail.as_deref().map(shown),
                command: step.command.as_deref().map(shown),
                risk: step.risk,
                state: mark.state,
                at: mark.at,
                reason: mark.reason.as_deref().map(typed),
                wait: match (step.wait_seconds, &mark.wait) {
                    (Some(seconds), Some(w)) => Some(WaitItem {
                        seconds,
                        started: w.started,
                        skipped: w.skipped,
                        reason: w.reason.as_deref().map(typed),
                    }),
                    _ => None,
                },
            }
        })
        .collect();
    item
}
