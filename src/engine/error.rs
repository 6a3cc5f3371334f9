//! Why an operator's action could not be carried out, in words the operator can act on.

use std::time::Duration;

/// An action the runner refused, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EngineError {
    /// The flow id is not in the library.
    #[error("no flow has the id '{0}'")]
    UnknownFlow(String),
    /// The saved position names a node the flow no longer has.
    #[error("flow '{flow}' has no node '{node}'")]
    UnknownNode {
        /// The flow.
        flow: String,
        /// The missing node.
        node: String,
    },
    /// The action does not fit the current node (e.g. choosing an answer on a checklist).
    #[error("this is a {actual} step, not a {expected}")]
    WrongKind {
        /// What the action needs.
        expected: &'static str,
        /// What the current node is.
        actual: &'static str,
    },
    /// The answer number is out of range.
    #[error("there is no answer {0}")]
    NoSuchChoice(usize),
    /// The step number is out of range.
    #[error("there is no step {0}")]
    NoSuchStep(usize),
    /// Some steps are neither checked nor skipped.
    #[error("{} step(s) still open: check them or skip them with a reason", .0.len())]
    StepsOpen(Vec<usize>),
    /// A timed wait is still running.
    #[error("step {} is still waiting ({} left); wait or skip the wait", .step + 1, crate::engine::stamp::clock(*.remaining))]
    WaitRunning {
        /// The step whose wait runs.
        step: usize,
        /// Time left.
        remaining: Duration,
    },
    /// An input was left empty.
    #[error("type a value first")]
    EmptyInput,
    /// A token input was given text that holds no readable token.
    #[error("that is not a token tshoot can read: {0}")]
    NotAToken(String),
    /// Branch nodes led to one another without end (a library the linter would reject).
    #[error("branch node '{0}' is part of a loop of branches; the flow cannot go on")]
    BranchLoop(String),
    /// A skip was given no reason.
    #[error("say briefly why the step is skipped")]
    EmptyReason,
    /// The flow is over; nothing comes next.
    #[error("the flow has ended")]
    Finished,
    /// Going to another flow nested too deeply (a loop of gotos).
    #[error("flows call each other too deeply (more than {0} levels)")]
    TooDeep(usize),
}
