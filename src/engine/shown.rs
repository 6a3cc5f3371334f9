//! The texts a node showed the operator, kept in the walk itself: a transcript is built from
//! what was on screen, never from whatever flow files happen to be loaded when it is exported.
//!
//! Texts are captured when the node is entered, with `{{vars}}` filled in from the inputs
//! given so far (later inputs cannot change a text already shown), and redacted, because a
//! filled-in value may be a secret the operator typed.

use super::branch::{ShownBranch, decide};
use super::run::{Run, resolve};
use crate::flow::{Entry, Flow, Library, Node, NodeKind, Outcome, Risk, Step};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// What one node showed: its kind, flow title, main text and steps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shown {
    /// The node kind's name (`question`, `checklist`, `step`, `input`, `branch`, `goto`,
    /// `end`, `search`).
    pub kind: String,
    /// The title of the flow the node belongs to.
    pub flow_title: String,
    /// The prompt, checklist title, single step's text, end message or search prompt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// The node's longer explanation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// A question's answers, as labelled.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub choices: Vec<String>,
    /// A checklist's steps (one for a step node).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<ShownStep>,
    /// An end node's outcome.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<Outcome>,
    /// The known error an end node showed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<ShownEntry>,
    /// The flow a `goto` entered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goto: Option<String>,
    /// What a branch decided, and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<ShownBranch>,
}

/// One checklist step as shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShownStep {
    /// What to do.
    pub text: String,
    /// More detail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The command to copy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<String>,
    /// What the command does to the tenant.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<Risk>,
    /// The wait after the step, in seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_seconds: Option<u64>,
}

/// A known error as shown: enough to hand over without the library.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShownEntry {
    /// The entry id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Its error codes.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub codes: Vec<String>,
    /// The product showing the error.
    #[serde(default)]
    pub product: String,
    /// Why it happens.
    pub cause: String,
    /// What the admin does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fix: Vec<String>,
    /// What the app's developer does.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub developer_fix: Vec<String>,
    /// The page to read more.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

impl ShownEntry {
    /// The entry's texts (catalog text, nothing to fill in).
    pub fn of(entry: &Entry) -> ShownEntry {
        ShownEntry {
            id: entry.id.clone(),
            title: entry.title.trim().to_owned(),
            codes: entry.codes.clone(),
            product: entry.product.clone(),
            cause: entry.cause.trim().to_owned(),
            fix: entry.fix.iter().map(|f| f.trim().to_owned()).collect(),
            developer_fix: entry
                .developer_fix
                .iter()
                .map(|f| f.trim().to_owned())
                .collect(),
            link: entry.link.clone(),
        }
    }
}

impl Shown {
    /// What `node` of `flow` shows with these input values.
    pub fn of(lib: &Library, flow: &Flow, node: &Node, vars: &HashMap<String, String>) -> Shown {
        let fill = |text: &str| fill(text.trim(), vars);
        let mut shown = Shown {
            kind: node.kind.name().to_owned(),
            flow_title: flow.title.trim().to_owned(),
            text: None,
            detail: node.text.as_deref().map(fill),
            choices: Vec::new(),
            steps: Vec::new(),
            outcome: None,
            entry: None,
            goto: None,
            branch: None,
        };
        match &node.kind {
            NodeKind::Question { prompt, choices } => {
                shown.text = Some(fill(prompt));
                shown.choices = choices.iter().map(|c| fill(&c.label)).collect();
            }
            NodeKind::Input { prompt, .. } | NodeKind::Search { prompt } => {
                shown.text = Some(fill(prompt));
            }
            NodeKind::Checklist { title, steps, .. } => {
                shown.text = Some(fill(title));
                shown.steps = steps.iter().map(|s| step(s, &fill)).collect();
            }
            NodeKind::Step { step: s, .. } => {
                shown.text = Some(fill(&s.text));
                shown.steps = vec![step(s, &fill)];
            }
            NodeKind::Goto { flow, .. } => shown.goto = Some(flow.clone()),
            NodeKind::Branch { cases, otherwise } => {
                shown.branch = Some(decide(cases, otherwise, vars).shown());
            }
            NodeKind::End {
                outcome,
                message,
                entry,
            } => {
                shown.outcome = Some(*outcome);
                shown.text = message.as_deref().map(fill);
                shown.entry = entry
                    .as_deref()
                    .and_then(|id| lib.entry(id))
                    .map(ShownEntry::of);
            }
        }
        shown
    }
}

fn step(s: &Step, fill: &dyn Fn(&str) -> String) -> ShownStep {
    ShownStep {
        text: fill(&s.text),
        detail: s.detail.as_deref().map(fill),
        command: s.command.as_ref().map(|c| fill(&c.text)),
        risk: s.command.as_ref().map(|c| c.risk),
        wait_seconds: s.wait.map(|w| w.as_secs()),
    }
}

/// Flow text with its placeholders filled in; redacted when anything was filled in.
fn fill(text: &str, vars: &HashMap<String, String>) -> String {
    if text.contains("{{") {
        crate::redact::redact(&crate::flow::template::render(text, vars)).into_owned()
    } else {
        text.to_owned()
    }
}

impl Run {
    /// Adds the shown texts, from the library as it is now, to visits that lack them (a
    /// session file from before they were kept); `refresh_last` also replaces the current
    /// node's, which the operator is about to see again as the library has it now.
    pub fn fill_shown(&mut self, lib: &Library, refresh_last: bool) {
        let mut vars = HashMap::new();
        let last = self.visits.len().saturating_sub(1);
        for (i, visit) in self.visits.iter_mut().enumerate() {
            if (visit.shown.is_none() || (refresh_last && i == last))
                && let Ok((flow, node)) = resolve(lib, &visit.flow, &visit.node)
            {
                visit.shown = Some(Shown::of(lib, flow, node, &vars));
            }
            if let Some(answer) = &visit.answer {
                answer.set_vars(&mut vars);
            }
        }
    }
}
