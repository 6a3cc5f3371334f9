//! The checked library types the engine works with, built from the raw YAML types.

use super::condition::Condition;
use super::schema::{InputKind, Outcome, Risk};
use super::yaml::{PositionIndex, Seg, YamlPath};
use crate::diag::{Diagnostic, Severity};
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::borrow::Cow;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// A file the library was loaded from, kept so problems can be located in it later.
#[derive(Debug)]
pub struct SourceFile {
    /// How the operator refers to it: a path, or `<builtin>/name.yaml`.
    pub path: String,
    /// The file's text (borrowed for the built-in files, which live in the binary).
    pub text: Cow<'static, str>,
    positions: OnceLock<PositionIndex>,
}

impl SourceFile {
    /// A file with its display path and text.
    pub fn new(path: impl Into<String>, text: impl Into<Cow<'static, str>>) -> Self {
        Self {
            path: path.into(),
            text: text.into(),
            positions: OnceLock::new(),
        }
    }

    /// Line and column of `path` in this file; the index is built on first use only,
    /// so a clean library never pays for it.
    pub fn locate(&self, path: &[Seg]) -> Option<(usize, usize)> {
        self.positions
            .get_or_init(|| PositionIndex::build(&self.text))
            .locate(path)
    }
}

/// Where a flow or entry was defined: its file and its place in that file.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The file.
    pub file: Arc<SourceFile>,
    /// `flows` or `errors`.
    pub list: &'static str,
    /// Index within that list.
    pub index: usize,
}

/// Build-time snapshots keep an origin as its file's path and its place in the file; the
/// text of a built-in file comes back from the binary when the snapshot is read.
impl Serialize for Origin {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.file.path, self.list, self.index).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (path, list, index) = <(String, String, usize)>::deserialize(deserializer)?;
        Ok(Origin {
            file: super::library::source_file(path),
            list: if list == "flows" { "flows" } else { "errors" },
            index,
        })
    }
}

impl Origin {
    /// A diagnostic located at `rel` (a path below this item) in the source file.
    pub fn diag(
        &self,
        severity: Severity,
        item: &str,
        node: Option<&str>,
        rel: &[Seg],
        message: impl Into<String>,
    ) -> Diagnostic {
        let mut path: YamlPath = vec![Seg::Key(self.list.to_owned()), Seg::Index(self.index)];
        path.extend_from_slice(rel);
        let mut diag = match severity {
            Severity::Error => Diagnostic::error(&self.file.path, message),
            Severity::Warning => Diagnostic::warning(&self.file.path, message),
        };
        if let Some((line, column)) = self.file.locate(&path) {
            diag = diag.at(line, column);
        }
        diag.kind = crate::diag::ItemKind::of_list(self.list);
        diag.item = Some(if item.trim().is_empty() {
            format!("#{}", self.index + 1)
        } else {
            item.to_owned()
        });
        diag.node = node.map(str::to_owned);
        diag.field = field_name(rel);
        diag
    }
}

/// The last key of a path, with the index of the item it is in (`steps[2].wait`).
fn field_name(rel: &[Seg]) -> Option<String> {
    let skip = rel
        .iter()
        .position(|s| *s == Seg::Key("nodes".into()))
        .map_or(0, |i| i + 2);
    let tail = rel.get(skip..).unwrap_or(&[]);
    if tail.is_empty() {
        return None;
    }
    Some(super::yaml::display_path(tail))
}

/// A guided flow, checked and indexed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flow {
    /// Unique id.
    pub id: String,
    /// Title shown to the operator.
    pub title: String,
    /// When to use it.
    pub summary: String,
    /// Extra search words.
    pub tags: Vec<String>,
    /// The product it is about.
    pub product: String,
    /// The document the facts come from.
    pub source: Option<String>,
    /// The first node's id.
    pub start: String,
    /// The nodes in file order.
    pub nodes: Vec<Node>,
    /// Node id to position in `nodes`.
    pub index: HashMap<String, usize>,
    /// Where it was defined.
    pub origin: Origin,
}

impl Flow {
    /// The node with this id.
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).and_then(|&i| self.nodes.get(i))
    }

    /// The position of the node with this id in `nodes`.
    pub fn node_position(&self, id: &str) -> Option<usize> {
        self.index.get(id).copied()
    }
}

/// One node of a flow.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Node {
    /// Unique within its flow.
    pub id: String,
    /// What the node does.
    pub kind: NodeKind,
    /// Longer explanation.
    pub text: Option<String>,
    /// Help on request.
    pub help: Option<String>,
}

/// The kinds of node and what each needs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum NodeKind {
    /// Ask and branch.
    Question {
        /// The question.
        prompt: String,
        /// The answers.
        choices: Vec<Choice>,
    },
    /// Steps to tick off, then continue.
    Checklist {
        /// The heading.
        title: String,
        /// The steps in order.
        steps: Vec<Step>,
        /// Where to go when every step is checked or skipped.
        next: String,
    },
    /// One instruction, then continue.
    Step {
        /// The instruction.
        step: Step,
        /// Where to go next.
        next: String,
    },
    /// Ask for a value.
    Input {
        /// The prompt.
        prompt: String,
        /// The variable it fills.
        var: String,
        /// Text, or a token whose claims fill `var.field` variables.
        kind: InputKind,
        /// An example value.
        placeholder: Option<String>,
        /// Where to go next.
        next: String,
    },
    /// Go on at once to the first case whose condition holds, else to `otherwise`.
    Branch {
        /// The cases, tried in order.
        cases: Vec<When>,
        /// Where to go when no case holds.
        otherwise: String,
    },
    /// Run another flow; come back to `next` if given.
    Goto {
        /// The other flow's id.
        flow: String,
        /// Where to continue after the other flow ends.
        next: Option<String>,
    },
    /// The flow is over.
    End {
        /// How it ended.
        outcome: Outcome,
        /// What to tell the operator.
        message: Option<String>,
        /// A known error to show.
        entry: Option<String>,
    },
    /// Hand over to the error search.
    Search {
        /// The prompt above the search box.
        prompt: String,
    },
}

impl NodeKind {
    /// The name authors use for this kind.
    pub fn name(&self) -> &'static str {
        match self {
            NodeKind::Question { .. } => "question",
            NodeKind::Checklist { .. } => "checklist",
            NodeKind::Step { .. } => "step",
            NodeKind::Input { .. } => "input",
            NodeKind::Branch { .. } => "branch",
            NodeKind::Goto { .. } => "goto",
            NodeKind::End { .. } => "end",
            NodeKind::Search { .. } => "search",
        }
    }

    /// The nodes of this flow this node can lead to, with the field that names each.
    pub fn successors(&self) -> Vec<(&str, YamlPath)> {
        match self {
            NodeKind::Question { choices, .. } => choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    (
                        c.next.as_str(),
                        vec![
                            Seg::Key("choices".into()),
                            Seg::Index(i),
                            Seg::Key("next".into()),
                        ],
                    )
                })
                .collect(),
            NodeKind::Checklist { next, .. }
            | NodeKind::Step { next, .. }
            | NodeKind::Input { next, .. } => vec![(next.as_str(), vec![Seg::Key("next".into())])],
            NodeKind::Branch { cases, otherwise } => cases
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    (
                        c.next.as_str(),
                        vec![
                            Seg::Key("branch".into()),
                            Seg::Index(i),
                            Seg::Key("next".into()),
                        ],
                    )
                })
                .chain(std::iter::once((
                    otherwise.as_str(),
                    vec![Seg::Key("else".into())],
                )))
                .collect(),
            NodeKind::Goto { next, .. } => next
                .iter()
                .map(|n| (n.as_str(), vec![Seg::Key("next".into())]))
                .collect(),
            NodeKind::End { .. } | NodeKind::Search { .. } => Vec::new(),
        }
    }

    /// Whether the flow can stop at this node.
    pub fn is_terminal(&self) -> bool {
        matches!(
            self,
            NodeKind::End { .. } | NodeKind::Search { .. } | NodeKind::Goto { next: None, .. }
        )
    }
}

/// The variables an input node sets: its `var`, and for a token input `var.field` for
/// every field of [`crate::token::vars::FIELDS`].
pub fn input_vars(var: &str, kind: InputKind) -> Vec<String> {
    let mut out = vec![var.to_owned()];
    if kind == InputKind::Token {
        out.extend(
            crate::token::vars::FIELDS
                .iter()
                .map(|(field, _)| format!("{var}.{field}")),
        );
    }
    out
}

/// One case of a branch node.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct When {
    /// The condition as the author wrote it (trimmed), for transcripts and `show`.
    pub source: String,
    /// The parsed condition.
    pub condition: Condition,
    /// Where it leads when it holds.
    pub next: String,
}

/// One answer of a question.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Choice {
    /// What the operator reads.
    pub label: String,
    /// Where it leads.
    pub next: String,
    /// Extra help.
    pub help: Option<String>,
}

/// One step of a checklist (or the single step of a step node).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Step {
    /// What to do.
    pub text: String,
    /// More detail.
    pub detail: Option<String>,
    /// A command to copy; never run.
    pub command: Option<Command>,
    /// How long to wait after it.
    pub wait: Option<Duration>,
}

/// A command shown to the operator to copy.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Command {
    /// The exact text.
    pub text: String,
    /// What it does to the tenant.
    pub risk: Risk,
}

/// A known error.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Unique id.
    pub id: String,
    /// Short name.
    pub title: String,
    /// Error codes.
    pub codes: Vec<String>,
    /// Message phrases.
    pub signatures: Vec<String>,
    /// Product showing the error.
    pub product: String,
    /// Connected app, where it matters.
    pub app: Option<String>,
    /// Why it happens.
    pub cause: String,
    /// What the operator should do.
    pub fix: Vec<String>,
    /// What the app's developer should do.
    pub developer_fix: Vec<String>,
    /// A guided flow for the fix.
    pub flow: Option<String>,
    /// The document the facts come from.
    pub source: String,
    /// The authoritative page to read more (an `https://` URL).
    pub link: Option<String>,
    /// Whether its code usually carries a more specific code (see the flow format).
    pub wrapper: bool,
    /// Extra search words.
    pub tags: Vec<String>,
    /// Real error texts that must find this entry.
    pub examples: Vec<String>,
    /// Where it was defined.
    pub origin: Origin,
}
