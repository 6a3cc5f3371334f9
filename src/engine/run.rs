//! One walk through a flow: the path of visited nodes with what happened at each, and the
//! operations that move it forward or back.

use super::error::EngineError;
use super::gone::{Confirmation, confirmed_outcome};
use super::shown::Shown;
use super::stamp::Stamp;
use crate::flow::{Flow, Library, Node, NodeKind, Outcome, Step};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

/// How many flows may be nested through `goto` before the runner refuses (a loop of gotos).
pub const MAX_CALL_DEPTH: usize = 16;

/// How many branch nodes one move may pass through before the runner refuses (a loop).
pub const MAX_BRANCHES: usize = 256;

/// A walk through a flow. The last visit is where the operator is now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    /// The flow the walk started in.
    pub flow: String,
    /// Every node visited, in order; never empty.
    pub visits: Vec<Visit>,
}

/// One node as the operator met it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Visit {
    /// The flow the node belongs to.
    pub flow: String,
    /// The node id.
    pub node: String,
    /// When the operator got here.
    pub entered: Stamp,
    /// Where to come back to when this flow ends (innermost last).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub calls: Vec<Call>,
    /// Checklist (or single step) progress, one mark per step.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<StepMark>,
    /// How the node was left; `None` for the current node.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<Answer>,
    /// Free-text notes the operator added here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Note>,
    /// The texts the node showed when it was entered (absent in files from before they
    /// were kept; [`Run::fill_shown`] adds them from the library).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown: Option<Shown>,
    /// At a `resolved` end: whether the operator said the error is gone (absent in files
    /// from before the question was asked).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confirmed: Option<Confirmation>,
}

/// A `goto` waiting for its flow to end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// The calling flow.
    pub flow: String,
    /// The `goto` node in it.
    pub node: String,
}

/// How a node was left.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase", deny_unknown_fields)]
pub enum Answer {
    /// A question was answered.
    Choice {
        /// Zero-based answer number.
        index: usize,
        /// The answer's label as the operator saw it.
        label: String,
        /// When.
        at: Stamp,
    },
    /// An input was filled in.
    Input {
        /// The variable.
        var: String,
        /// The value.
        value: String,
        /// When.
        at: Stamp,
    },
    /// A token was pasted into a token input: only its non-secret claims are kept.
    Token {
        /// The input's variable (the claims are `var.field`).
        var: String,
        /// One line in place of the token ("access token for Microsoft Graph, app-only").
        summary: String,
        /// The claims, by field ([`crate::token::vars::FIELDS`]).
        claims: BTreeMap<String, String>,
        /// When.
        at: Stamp,
    },
    /// A branch node was passed: the flow went on to `next` without a question.
    Branched {
        /// The node the branch chose.
        next: String,
        /// When.
        at: Stamp,
    },
    /// A checklist, step or called flow's end was completed and the operator went on.
    Continued {
        /// When.
        at: Stamp,
    },
    /// A `goto` entered another flow.
    Entered {
        /// The flow entered.
        flow: String,
        /// When.
        at: Stamp,
    },
}

/// Progress of one checklist step.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepMark {
    /// Open, done or skipped.
    pub state: StepState,
    /// When it was checked or skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Stamp>,
    /// Why it was skipped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The timed wait after the step, once started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<WaitMark>,
}

/// Whether a step is open, done or skipped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StepState {
    /// Not done yet.
    #[default]
    Open,
    /// Checked.
    Done,
    /// Skipped with a reason.
    Skipped,
}

/// A timed wait that has started.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaitMark {
    /// When the wait started.
    pub started: Stamp,
    /// When the operator chose not to wait any longer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub skipped: Option<Stamp>,
    /// Why they did not wait (files before version 2 have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A note the operator typed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    /// The text.
    pub text: String,
    /// When.
    pub at: Stamp,
}

/// The node the operator is at, resolved against the library.
#[derive(Debug, Clone, Copy)]
pub struct Current<'a> {
    /// Its flow.
    pub flow: &'a Flow,
    /// The node.
    pub node: &'a Node,
    /// Its progress.
    pub visit: &'a Visit,
}

impl Run {
    /// Starts a walk at the first node of `flow_id`.
    pub fn start(lib: &Library, flow_id: &str, now: SystemTime) -> Result<Run, EngineError> {
        let flow = lib
            .flow(flow_id)
            .ok_or_else(|| EngineError::UnknownFlow(flow_id.to_owned()))?;
        let mut run = Run {
            flow: flow.id.clone(),
            visits: Vec::new(),
        };
        run.push(lib, &flow.id, &flow.start, Vec::new(), now)?;
        Ok(run)
    }

    /// The node the operator is at.
    pub fn current<'a>(&'a self, lib: &'a Library) -> Result<Current<'a>, EngineError> {
        let visit = self.visits.last().ok_or(EngineError::Finished)?;
        let (flow, node) = resolve(lib, &visit.flow, &visit.node)?;
        Ok(Current { flow, node, visit })
    }

    /// The values typed into inputs so far, by variable name (a token input's claims as
    /// `var.field`, and its summary as `var`).
    pub fn vars(&self) -> HashMap<String, String> {
        let mut vars = HashMap::new();
        for visit in &self.visits {
            if let Some(answer) = &visit.answer {
                answer.set_vars(&mut vars);
            }
        }
        vars
    }

    /// Flow text with `{{var}}` placeholders filled in from the inputs so far.
    pub fn fill(&self, text: &str) -> String {
        crate::flow::template::render(text, &self.vars())
    }

    /// How the walk ended, when it has: the end node's outcome with no flow to return to (a
    /// `resolved` one once the operator said the error is gone, see [`Run::answer_gone`]).
    pub fn outcome(&self, lib: &Library) -> Option<Outcome> {
        let cur = self.current(lib).ok()?;
        match &cur.node.kind {
            NodeKind::End { outcome, .. } if cur.visit.calls.is_empty() => {
                confirmed_outcome(*outcome, cur.visit.confirmed.as_ref())
            }
            _ => None,
        }
    }

    /// Whether nothing more can be done: an end with nowhere to return to (and, at a
    /// `resolved` one, the error said to be gone or not), or a hand-over to the error search.
    pub fn is_finished(&self, lib: &Library) -> bool {
        self.current(lib).is_ok_and(|cur| match &cur.node.kind {
            NodeKind::End { .. } => cur.visit.calls.is_empty() && !self.asks_if_gone(lib),
            NodeKind::Search { .. } => true,
            _ => false,
        })
    }

    /// Answers the current question with choice `index` (zero-based).
    pub fn choose(
        &mut self,
        lib: &Library,
        index: usize,
        now: SystemTime,
    ) -> Result<(), EngineError> {
        let (flow, node) = self.here(lib)?;
        let NodeKind::Question { choices, .. } = &node.kind else {
            return Err(wrong("question", node));
        };
        let choice = choices
            .get(index)
            .ok_or(EngineError::NoSuchChoice(index + 1))?;
        let calls = self
            .visits
            .last()
            .map(|v| v.calls.clone())
            .unwrap_or_default();
        let label = self.fill(&choice.label);
        self.leave(Answer::Choice {
            index,
            label,
            at: now.into(),
        });
        self.push(lib, &flow.id, &choice.next, calls, now)
    }

    /// Checks an open step or reopens a checked or skipped one. Checking a step with a `wait`
    /// starts its countdown.
    pub fn toggle_step(
        &mut self,
        lib: &Library,
        index: usize,
        now: SystemTime,
    ) -> Result<(), EngineError> {
        let steps = self.current_steps(lib)?;
        let step = steps.get(index).ok_or(EngineError::NoSuchStep(index + 1))?;
        let has_wait = step.wait.is_some();
        let mark = self.mark(index)?;
        if mark.state != StepState::Open {
            *mark = StepMark::default();
            return Ok(());
        }
        // Steps are a procedure: the step after "stop the app and wait 5 minutes" must not be
        // checked while the wait still runs.
        if let Some((step, remaining)) = self.running_wait(lib, now, Some(index)) {
            return Err(EngineError::WaitRunning { step, remaining });
        }
        let mark = self.mark(index)?;
        mark.state = StepState::Done;
        mark.at = Some(now.into());
        if has_wait {
            mark.wait = Some(WaitMark {
                started: now.into(),
                skipped: None,
                reason: None,
            });
        }
        Ok(())
    }

    /// Skips a step, with the operator's reason.
    pub fn skip_step(
        &mut self,
        lib: &Library,
        index: usize,
        reason: &str,
        now: SystemTime,
    ) -> Result<(), EngineError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(EngineError::EmptyReason);
        }
        let steps = self.current_steps(lib)?;
        if index >= steps.len() {
            return Err(EngineError::NoSuchStep(index + 1));
        }
        let mark = self.mark(index)?;
        *mark = StepMark {
            state: StepState::Skipped,
            at: Some(now.into()),
            reason: Some(reason.to_owned()),
            wait: None,
        };
        Ok(())
    }

    /// Goes on from a checklist (every step checked or skipped, no wait running), a single
    /// step (checking it first), or the end of a flow that was entered with `goto`.
    pub fn proceed(&mut self, lib: &Library, now: SystemTime) -> Result<(), EngineError> {
        let (flow, node) = self.here(lib)?;
        let calls = self
            .visits
            .last()
            .map(|v| v.calls.clone())
            .unwrap_or_default();
        let flow_id = flow.id.clone();
        match &node.kind {
            NodeKind::Checklist { next, .. } | NodeKind::Step { next, .. } => {
                let single = matches!(node.kind, NodeKind::Step { .. });
                let first_open = self
                    .visits
                    .last()
                    .and_then(|v| v.steps.first())
                    .is_some_and(|m| m.state == StepState::Open);
                if single && first_open {
                    self.toggle_step(lib, 0, now)?;
                }
                let open: Vec<usize> = self
                    .visits
                    .last()
                    .map(|v| v.steps.as_slice())
                    .unwrap_or_default()
                    .iter()
                    .enumerate()
                    .filter(|(_, m)| m.state == StepState::Open)
                    .map(|(i, _)| i)
                    .collect();
                if !open.is_empty() {
                    return Err(EngineError::StepsOpen(open));
                }
                if let Some((step, remaining)) = self.running_wait(lib, now, None) {
                    return Err(EngineError::WaitRunning { step, remaining });
                }
                self.leave(Answer::Continued { at: now.into() });
                self.push(lib, &flow_id, next, calls, now)
            }
            NodeKind::End { .. } => {
                let mut calls = calls;
                let call = calls.pop().ok_or(EngineError::Finished)?;
                let (_, goto) = resolve(lib, &call.flow, &call.node)?;
                let NodeKind::Goto {
                    next: Some(next), ..
                } = &goto.kind
                else {
                    return Err(EngineError::Finished);
                };
                let next = next.clone();
                self.leave(Answer::Continued { at: now.into() });
                self.push(lib, &call.flow, &next, calls, now)
            }
            NodeKind::Question { .. } => Err(wrong("checklist", node)),
            NodeKind::Input { .. } => Err(EngineError::EmptyInput),
            // Only a saved walk cut back to a branch stops at one: take it now.
            NodeKind::Branch { .. } => {
                self.visits.pop();
                self.push(lib, &flow_id, &node.id, calls, now)
            }
            NodeKind::Goto { .. } | NodeKind::Search { .. } => Err(EngineError::Finished),
        }
    }

    /// Adds a note to the current node.
    pub fn add_note(&mut self, text: &str, now: SystemTime) -> bool {
        let text = text.trim();
        match self.visits.last_mut() {
            Some(visit) if !text.is_empty() => {
                visit.notes.push(Note {
                    text: text.to_owned(),
                    at: now.into(),
                });
                true
            }
            _ => false,
        }
    }

    /// Goes back to the node before this one and undoes the answer given there. Returns
    /// false at the first node.
    pub fn back(&mut self, lib: &Library) -> bool {
        let before = self.visits.len();
        while self.visits.len() > 1 {
            self.visits.pop();
            // A goto or branch is passed through on the way in, so it is passed through on the
            // way back.
            let passthrough = self.current(lib).is_ok_and(|cur| {
                matches!(
                    cur.node.kind,
                    NodeKind::Goto { .. } | NodeKind::Branch { .. }
                )
            });
            if !passthrough || self.visits.len() == 1 {
                break;
            }
        }
        if let Some(last) = self.visits.last_mut() {
            last.answer = None;
            last.confirmed = None;
        }
        self.visits.len() < before
    }

    /// Starts the flow again from its first node; the old path is discarded.
    pub fn restart(&mut self, lib: &Library, now: SystemTime) -> Result<(), EngineError> {
        *self = Run::start(lib, &self.flow, now)?;
        Ok(())
    }

    /// The current flow and node, borrowed from the library only.
    pub(super) fn here<'l>(&self, lib: &'l Library) -> Result<(&'l Flow, &'l Node), EngineError> {
        let visit = self.visits.last().ok_or(EngineError::Finished)?;
        resolve(lib, &visit.flow, &visit.node)
    }

    pub(super) fn current_steps<'l>(&self, lib: &'l Library) -> Result<&'l [Step], EngineError> {
        let (_, node) = self.here(lib)?;
        node_steps(node).ok_or_else(|| wrong("checklist", node))
    }

    pub(super) fn mark(&mut self, index: usize) -> Result<&mut StepMark, EngineError> {
        self.visits
            .last_mut()
            .and_then(|v| v.steps.get_mut(index))
            .ok_or(EngineError::NoSuchStep(index + 1))
    }

    pub(super) fn leave(&mut self, answer: Answer) {
        if let Some(last) = self.visits.last_mut() {
            last.answer = Some(answer);
        }
    }

    /// Enters a node; a `goto` is followed at once into its flow, and a branch at once to
    /// the node its conditions choose.
    pub(super) fn push(
        &mut self,
        lib: &Library,
        flow: &str,
        node: &str,
        calls: Vec<Call>,
        now: SystemTime,
    ) -> Result<(), EngineError> {
        let (mut flow, mut node) = resolve(lib, flow, node)?;
        let mut calls = calls;
        let vars = self.vars();
        let mut branches = 0;
        loop {
            let steps = node_steps(node).map_or(0, <[Step]>::len);
            self.visits.push(Visit {
                flow: flow.id.clone(),
                node: node.id.clone(),
                entered: now.into(),
                calls: calls.clone(),
                steps: vec![StepMark::default(); steps],
                answer: None,
                notes: Vec::new(),
                shown: Some(Shown::of(lib, flow, node, &vars)),
                confirmed: None,
            });
            if let NodeKind::Branch { cases, otherwise } = &node.kind {
                // The linter rejects loops of branches; this guards hand-edited libraries.
                branches += 1;
                if branches > MAX_BRANCHES {
                    self.visits.pop();
                    return Err(EngineError::BranchLoop(node.id.clone()));
                }
                let next = super::branch::decide(cases, otherwise, &vars).next;
                self.leave(Answer::Branched {
                    next: next.to_owned(),
                    at: now.into(),
                });
                node = flow.node(next).ok_or_else(|| EngineError::UnknownNode {
                    flow: flow.id.clone(),
                    node: next.to_owned(),
                })?;
                continue;
            }
            let NodeKind::Goto { flow: target, next } = &node.kind else {
                return Ok(());
            };
            if next.is_some() {
                if calls.len() >= MAX_CALL_DEPTH {
                    self.visits.pop();
                    return Err(EngineError::TooDeep(MAX_CALL_DEPTH));
                }
                calls.push(Call {
                    flow: flow.id.clone(),
                    node: node.id.clone(),
                });
            }
            let entered = lib
                .flow(target)
                .ok_or_else(|| EngineError::UnknownFlow(target.clone()))?;
            self.leave(Answer::Entered {
                flow: entered.id.clone(),
                at: now.into(),
            });
            if self.visits.len() > 4096 {
                return Err(EngineError::TooDeep(MAX_CALL_DEPTH));
            }
            flow = entered;
            node = flow
                .node(&flow.start)
                .ok_or_else(|| EngineError::UnknownNode {
                    flow: flow.id.clone(),
                    node: flow.start.clone(),
                })?;
        }
    }
}

/// The flow and node with these ids.
pub(super) fn resolve<'a>(
    lib: &'a Library,
    flow: &str,
    node: &str,
) -> Result<(&'a Flow, &'a Node), EngineError> {
    let f = lib
        .flow(flow)
        .ok_or_else(|| EngineError::UnknownFlow(flow.to_owned()))?;
    let n = f.node(node).ok_or_else(|| EngineError::UnknownNode {
        flow: flow.to_owned(),
        node: node.to_owned(),
    })?;
    Ok((f, n))
}

/// The steps of a checklist, or the single step of a step node.
pub(crate) fn node_steps(node: &Node) -> Option<&[Step]> {
    match &node.kind {
        NodeKind::Checklist { steps, .. } => Some(steps),
        NodeKind::Step { step, .. } => Some(std::slice::from_ref(step)),
        _ => None,
    }
}

pub(super) fn wrong(expected: &'static str, node: &Node) -> EngineError {
    EngineError::WrongKind {
        expected,
        actual: node.kind.name(),
    }
}
