//! "Is the error gone?": a walk that reaches a `resolved` end is only called resolved once the
//! operator says the error is gone. "No" goes on in the triage flow (once per walk, when the
//! library has it) or ends the walk as escalated. The words for it are here too, so the
//! wizard, plain mode and the transcripts say the same.

use super::error::EngineError;
use super::run::{Answer, Run};
use super::stamp::Stamp;
use crate::flow::{Flow, Library, NodeKind, Outcome};
use serde::{Deserialize, Serialize};
use std::time::SystemTime;

/// The flow a "no" goes on in: the shipped "What are you seeing? Start here".
pub const TRIAGE_FLOW: &str = "triage";

/// The question asked at a resolved end.
pub const GONE_QUESTION: &str = "Is the error gone?";

/// What the operator types or presses to answer, for prompts: `y` or `n`.
pub const GONE_KEYS: &str = "y or n";

/// The "yes" answer as offered.
pub const GONE_YES: &str = "Yes, the error is gone";

/// The "no" answer as offered.
pub const GONE_NO: &str = "No, it is still there";

/// How transcripts head a resolved end where the error was not gone.
pub const GONE_NOT_HEADING: &str = "Fix done, error still there";

/// The next action of a walk that ended because the error was not gone.
pub const GONE_NOT_NEXT: &str =
    "The error is still there after this fix: hand the problem over with this transcript.";

/// The operator's answer to [`GONE_QUESTION`] at a resolved end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Confirmation {
    /// Whether the error is gone.
    pub error_gone: bool,
    /// When they answered.
    pub at: Stamp,
}

/// What happened after the question, in words: "Yes — resolved", "No — escalated", or
/// "No — continued in FLOW" when `continued_in` names the flow a "no" went on in.
pub fn gone_summary(error_gone: bool, continued_in: Option<&str>) -> String {
    match (error_gone, continued_in) {
        (true, _) => format!("Yes — {}", Outcome::Resolved.past()),
        (false, Some(flow)) => format!("No — continued in {flow}"),
        (false, None) => format!("No — {}", Outcome::Escalate.past()),
    }
}

/// The outcome of an end reached with nothing to return to: a `resolved` end counts once
/// the error is said to be gone (escalated when it is not), and is no outcome before.
pub fn confirmed_outcome(outcome: Outcome, confirmed: Option<&Confirmation>) -> Option<Outcome> {
    match (outcome, confirmed) {
        (Outcome::Resolved, None) => None,
        (Outcome::Resolved, Some(c)) if !c.error_gone => Some(Outcome::Escalate),
        (o, _) => Some(o),
    }
}

impl Run {
    /// Whether the walk stands at a `resolved` end with nothing to return to and the operator
    /// has not yet said whether the error is gone.
    pub fn asks_if_gone(&self, lib: &Library) -> bool {
        self.current(lib).is_ok_and(|cur| {
            matches!(
                cur.node.kind,
                NodeKind::End {
                    outcome: Outcome::Resolved,
                    ..
                }
            ) && cur.visit.calls.is_empty()
                && cur.visit.confirmed.is_none()
        })
    }

    /// The flow a "no" goes on in: the triage flow, when the library has it and the walk has
    /// not been through it (else "no" ends the walk escalated).
    pub fn triage_after_no<'l>(&self, lib: &'l Library) -> Option<&'l Flow> {
        lib.flow(TRIAGE_FLOW)
            .filter(|t| self.visits.iter().all(|v| v.flow != t.id))
    }

    /// What "no" leads to, for the offer: "the walk goes on in FLOW" or "it ends escalated".
    pub fn after_no(&self, lib: &Library) -> String {
        match self.triage_after_no(lib) {
            Some(t) => format!("go on in \"{}\"", crate::sanitize::line(t.title.trim())),
            None => format!("the flow ends {}", Outcome::Escalate.past()),
        }
    }

    /// What "yes" leads to, for the offer: "the flow ends resolved".
    pub fn after_yes(&self) -> String {
        format!("the flow ends {}", Outcome::Resolved.past())
    }

    /// Answers [`GONE_QUESTION`]. Yes ends the walk resolved. No goes on at the start of the
    /// triage flow when the library has it and the walk has not been through it yet (from
    /// there it is a walk like any other); otherwise the walk ends escalated.
    pub fn answer_gone(
        &mut self,
        lib: &Library,
        error_gone: bool,
        now: SystemTime,
    ) -> Result<(), EngineError> {
        if !self.asks_if_gone(lib) {
            return Err(EngineError::WrongKind {
                expected: "resolved end",
                actual: self.current(lib).map_or("missing", |c| c.node.kind.name()),
            });
        }
        let triage = self.triage_after_no(lib).filter(|_| !error_gone);
        if let Some(last) = self.visits.last_mut() {
            last.confirmed = Some(Confirmation {
                error_gone,
                at: now.into(),
            });
        }
        let Some(triage) = triage else {
            return Ok(());
        };
        if let Some(last) = self.visits.last_mut() {
            last.answer = Some(Answer::Entered {
                flow: triage.id.clone(),
                at: now.into(),
            });
        }
        self.push(lib, &triage.id, &triage.start, Vec::new(), now)
    }
}
