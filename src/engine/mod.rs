//! The flow runner: where the operator is in a flow and what each of their actions does.
//!
//! Pure: no terminal, no files. The TUI, the plain line mode and the session store all drive
//! the same [`Run`]; every operation takes the library and the current time as arguments so it
//! can be tested in microseconds and replayed from a saved session.

mod branch;
mod error;
mod fingerprint;
mod gone;
mod input;
mod progress;
mod reconcile;
mod run;
mod shown;
mod stamp;
mod waits;

pub use error::EngineError;
pub use fingerprint::{FINGERPRINT_VERSION, fingerprint};
pub use gone::{
    Confirmation, GONE_KEYS, GONE_NO, GONE_NOT_HEADING, GONE_NOT_NEXT, GONE_QUESTION, GONE_YES,
    TRIAGE_FLOW, confirmed_outcome, gone_summary,
};
pub use run::{Answer, Call, Current, Note, Run, StepMark, StepState, Visit, WaitMark};

/// The steps of a checklist, or the single step of a step node (none for other nodes).
pub fn node_steps_of(node: &crate::flow::Node) -> &[crate::flow::Step] {
    run::node_steps(node).unwrap_or_default()
}
pub use branch::ShownBranch;
pub use shown::{Shown, ShownEntry, ShownStep};
pub use stamp::{Stamp, clock};

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_branch;
