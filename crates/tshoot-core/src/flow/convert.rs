//! Turns raw YAML items into checked model types, reporting what does not fit a node's kind.

use super::condition::Condition;
use super::duration;
use super::model::{Choice, Command, Entry, Flow, Node, NodeKind, Origin, Step, When};
use super::schema::{Outcome, RawEntry, RawFlow, RawNode, RawStep};
use super::yaml::Seg;
use crate::diag::{Diagnostic, Severity};
use rustc_hash::FxHashMap as HashMap;

/// The keys that say which kind a node is.
const KIND_KEYS: [&str; 8] = [
    "question",
    "checklist",
    "step",
    "input",
    "branch",
    "goto",
    "end",
    "search",
];

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

/// Builds a [`Flow`] from its raw form; problems go to `diags`.
pub fn flow(raw: RawFlow, origin: Origin, diags: &mut Vec<Diagnostic>) -> Flow {
    let mut nodes = Vec::with_capacity(raw.nodes.len());
    let mut index = HashMap::with_capacity_and_hasher(raw.nodes.len(), Default::default());
    for (i, raw_node) in raw.nodes.into_iter().enumerate() {
        let base = vec![key("nodes"), Seg::Index(i)];
        let node_id = raw_node.id.clone();
        let mut report = |sev: Severity, field: &[Seg], msg: String| {
            let mut rel = base.clone();
            rel.extend_from_slice(field);
            diags.push(origin.diag(sev, &raw.id, Some(&node_id), &rel, msg));
        };
        if index.contains_key(&raw_node.id) {
            report(
                Severity::Error,
                &[key("id")],
                format!("duplicate node id '{}' in this flow", raw_node.id),
            );
            continue;
        }
        let node = node(raw_node, &mut report);
        index.insert(node.id.clone(), nodes.len());
        nodes.push(node);
    }
    let start = raw
        .start
        .or_else(|| nodes.first().map(|n| n.id.clone()))
        .unwrap_or_default();
    Flow {
        id: raw.id,
        title: raw.title,
        summary: raw.summary.unwrap_or_default(),
        tags: raw.tags,
        product: raw.product,
        source: raw.source,
        start,
        nodes,
        index,
        origin,
    }
}

/// Builds a [`Node`]; a node whose kind cannot be told becomes an `end` so that the rest of
/// the flow can still be checked without a cascade of follow-on errors.
/// One node: its single kind, the fields that kind needs, and nothing it cannot use.
fn node(raw: RawNode, report: &mut impl FnMut(Severity, &[Seg], String)) -> Node {
    let kind = kind_of(&raw, report);
    check_fields_fit(&raw, kind, report);
    let node_kind = match kind {
        "question" => question(&raw, report),
        "checklist" => checklist(&raw, report),
        "step" => single_step(&raw, report),
        "input" => input(&raw, report),
        "branch" => branch(&raw, report),
        "goto" => NodeKind::Goto {
            flow: raw.goto.clone().unwrap_or_default(),
            next: raw.next.clone(),
        },
        "search" => NodeKind::Search {
            prompt: raw.search.clone().unwrap_or_default(),
        },
        _ => NodeKind::End {
            outcome: raw.end.unwrap_or(Outcome::Unresolved),
            message: raw.message.clone(),
            entry: raw.entry.clone(),
        },
    };
    Node {
        id: raw.id,
        kind: node_kind,
        text: raw.text,
        help: raw.help,
    }
}

/// The node's kind: exactly one of the kind keys must be present (an error otherwise, and
/// the node is checked as an `end` so the rest of the file is still checked).
fn kind_of(raw: &RawNode, report: &mut impl FnMut(Severity, &[Seg], String)) -> &'static str {
    let present: Vec<&'static str> = KIND_KEYS
        .iter()
        .copied()
        .filter(|k| kind_present(raw, k))
        .collect();
    match present.as_slice() {
        [one] => one,
        [] => {
            report(
                Severity::Error,
                &[key("id")],
                format!(
                    "node '{}' has no kind: add one of `question`, `checklist`, `step`, `input`, `branch`, `goto`, `end` or `search`",
                    raw.id
                ),
            );
            "end"
        }
        many => {
            report(
                Severity::Error,
                &[key(many[1])],
                format!(
                    "node '{}' has more than one kind ({}); a node is exactly one of them",
                    raw.id,
                    many.join(", ")
                ),
            );
            "end"
        }
    }
}

/// The node's `next`, which this kind needs.
fn next_of(raw: &RawNode, kind: &str, report: &mut impl FnMut(Severity, &[Seg], String)) -> String {
    match &raw.next {
        Some(n) => n.clone(),
        None => {
            report(
                Severity::Error,
                &[key(kind)],
                format!("a {kind} node needs `next`: the node to go to afterwards"),
            );
            String::new()
        }
    }
}

fn question(raw: &RawNode, report: &mut impl FnMut(Severity, &[Seg], String)) -> NodeKind {
    let choices: Vec<Choice> = raw
        .choices
        .clone()
        .unwrap_or_default()
        .into_iter()
        .map(|c| Choice {
            label: c.label,
            next: c.next,
            help: c.help,
        })
        .collect();
    if choices.is_empty() {
        report(
            Severity::Error,
            &[key(if raw.choices.is_some() {
                "choices"
            } else {
                "question"
            })],
            "a question needs at least one entry under `choices` (each with `label` and `next`)"
                .into(),
        );
    }
    NodeKind::Question {
        prompt: raw.question.clone().unwrap_or_default(),
        choices,
    }
}

fn checklist(raw: &RawNode, report: &mut impl FnMut(Severity, &[Seg], String)) -> NodeKind {
    let raw_steps = raw.steps.clone().unwrap_or_default();
    if raw_steps.is_empty() {
        report(
            Severity::Error,
            &[key(if raw.steps.is_some() {
                "steps"
            } else {
                "checklist"
            })],
            "a checklist needs at least one entry under `steps`".into(),
        );
    }
    let steps = raw_steps
        .into_iter()
        .enumerate()
        .map(|(i, s)| {
            step(s, &mut |sev, field: &[Seg], msg| {
                let mut rel = vec![key("steps"), Seg::Index(i)];
                rel.extend_from_slice(field);
                report(sev, &rel, msg)
            })
        })
        .collect();
    NodeKind::Checklist {
        title: raw.checklist.clone().unwrap_or_default(),
        steps,
        next: next_of(raw, "checklist", report),
    }
}

fn single_step(raw: &RawNode, report: &mut impl FnMut(Severity, &[Seg], String)) -> NodeKind {
    let s = RawStep {
        text: raw.step.clone().unwrap_or_default(),
        detail: None,
        command: raw.command.clone(),
        risk: raw.risk,
        wait: raw.wait.clone(),
    };
    NodeKind::Step {
        step: step(s, &mut |sev, field: &[Seg], msg| report(sev, field, msg)),
        next: next_of(raw, "step", report),
    }
}

fn input(raw: &RawNode, report: &mut impl FnMut(Severity, &[Seg], String)) -> NodeKind {
    let var = raw.var.clone().unwrap_or_default();
    if raw.var.is_none() {
        report(
            Severity::Error,
            &[key("input")],
            "an input node needs `var`: the name later text uses as {{name}}".into(),
        );
    } else if !super::template::is_var_name(&var) {
        report(
            Severity::Error,
            &[key("var")],
            format!(
                "'{var}' is not a usable variable name: use letters, digits and _ (e.g. tenant_domain)"
            ),
        );
    }
    NodeKind::Input {
        prompt: raw.input.clone().unwrap_or_default(),
        var,
        kind: raw.kind.unwrap_or_default(),
        placeholder: raw.placeholder.clone(),
        next: next_of(raw, "input", report),
    }
}

fn kind_present(raw: &RawNode, kind: &str) -> bool {
    match kind {
        "question" => raw.question.is_some(),
        "checklist" => raw.checklist.is_some(),
        "step" => raw.step.is_some(),
        "input" => raw.input.is_some(),
        "branch" => raw.branch.is_some(),
        "goto" => raw.goto.is_some(),
        "end" => raw.end.is_some(),
        "search" => raw.search.is_some(),
        _ => false,
    }
}

/// Fields that only make sense for some kinds: using them elsewhere is a mistake.
fn check_fields_fit(raw: &RawNode, kind: &str, report: &mut impl FnMut(Severity, &[Seg], String)) {
    let fields: [(&str, bool, &[&str]); 11] = [
        ("choices", raw.choices.is_some(), &["question"]),
        ("steps", raw.steps.is_some(), &["checklist"]),
        ("var", raw.var.is_some(), &["input"]),
        ("placeholder", raw.placeholder.is_some(), &["input"]),
        ("kind", raw.kind.is_some(), &["input"]),
        ("else", raw.otherwise.is_some(), &["branch"]),
        ("command", raw.command.is_some(), &["step"]),
        ("risk", raw.risk.is_some(), &["step"]),
        ("wait", raw.wait.is_some(), &["step"]),
        ("message", raw.message.is_some(), &["end"]),
        ("entry", raw.entry.is_some(), &["end"]),
    ];
    for (field, present, kinds) in fields {
        if present && !kinds.contains(&kind) {
            report(
                Severity::Error,
                &[key(field)],
                format!(
                    "`{field}` belongs to {} nodes, not to a {kind} node",
                    kinds.join("/")
                ),
            );
        }
    }
    let takes_next = ["checklist", "step", "input", "goto"];
    if raw.next.is_some() && !takes_next.contains(&kind) {
        let hint = match kind {
            "question" => "; each choice has its own `next`",
            "branch" => "; each case has its own `next`, and `else` says where to go otherwise",
            _ => "",
        };
        report(
            Severity::Error,
            &[key("next")],
            format!("a {kind} node has no `next`{hint}"),
        );
    }
}

/// A branch node: its conditions parsed now, so a typo is found by `tshoot lint`, not when
/// an operator reaches the node.
fn branch(raw: &RawNode, report: &mut impl FnMut(Severity, &[Seg], String)) -> NodeKind {
    let raw_cases = raw.branch.clone().unwrap_or_default();
    if raw_cases.is_empty() {
        report(
            Severity::Error,
            &[key("branch")],
            "a branch needs at least one case under `branch` (each with `when` and `next`)".into(),
        );
    }
    let cases = raw_cases
        .into_iter()
        .enumerate()
        .map(|(i, case)| {
            let source = case.when.trim().to_owned();
            let condition = Condition::parse(&source).unwrap_or_else(|e| {
                report(
                    Severity::Error,
                    &[key("branch"), Seg::Index(i), key("when")],
                    format!("condition `{source}`: {e}"),
                );
                // Never holds, so the rest of the flow can still be checked.
                Condition::Or(Vec::new())
            });
            When {
                source,
                condition,
                next: case.next,
            }
        })
        .collect();
    let otherwise = raw.otherwise.clone().unwrap_or_else(|| {
        report(
            Severity::Error,
            &[key("branch")],
            "a branch needs `else`: the node to go to when no condition holds".into(),
        );
        String::new()
    });
    NodeKind::Branch { cases, otherwise }
}

fn step(raw: RawStep, report: &mut dyn FnMut(Severity, &[Seg], String)) -> Step {
    let command = match (raw.command, raw.risk) {
        (Some(text), Some(risk)) => Some(Command { text, risk }),
        (Some(text), None) => {
            report(
                Severity::Error,
                &[key("command")],
                "a command needs `risk`: read, change or destructive".into(),
            );
            Some(Command {
                text,
                risk: super::schema::Risk::Destructive,
            })
        }
        (None, Some(_)) => {
            report(
                Severity::Warning,
                &[key("risk")],
                "`risk` without `command` has no effect".into(),
            );
            None
        }
        (None, None) => None,
    };
    let wait = raw.wait.and_then(|w| match duration::parse(&w) {
        Ok(d) => Some(d),
        Err(msg) => {
            report(Severity::Error, &[key("wait")], msg);
            None
        }
    });
    if raw.text.trim().is_empty() {
        report(
            Severity::Error,
            &[key("text")],
            "a step needs text: what to do".into(),
        );
    }
    Step {
        text: raw.text,
        detail: raw.detail,
        command,
        wait,
    }
}

/// Builds an [`Entry`] from its raw form.
pub fn entry(raw: RawEntry, origin: Origin) -> Entry {
    Entry {
        id: raw.id,
        title: raw.title,
        codes: raw.codes,
        signatures: raw.signatures,
        product: raw.product,
        app: raw.app,
        cause: raw.cause,
        fix: raw.fix,
        developer_fix: raw.developer_fix,
        flow: raw.flow,
        source: raw.source,
        link: raw.link,
        tags: raw.tags,
        examples: raw.examples,
        wrapper: raw.wrapper,
        origin,
    }
}
