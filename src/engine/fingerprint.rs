//! A short content hash of a flow, so a saved session can tell whether its flow has changed.
//!
//! The hash is taken over [`Canonical`], a struct made for this purpose only and versioned
//! ([`FINGERPRINT_VERSION`]), serialised as JSON. Renaming a field of the checked model, or a
//! change in how Rust prints values, therefore leaves every fingerprint as it was; only a
//! change to what the operator would see or where an answer leads changes it.

use crate::flow::{Flow, InputKind, NodeKind, Outcome, Risk, Step};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The version of [`Canonical`]. Bump it (and say so in the session migration) only when the
/// canonical form itself changes.
pub const FINGERPRINT_VERSION: u32 = 2;

/// Everything in a flow that affects a run, in a fixed shape. Its field names are part of the
/// fingerprint: never rename them without bumping [`FINGERPRINT_VERSION`].
#[derive(Serialize)]
struct Canonical<'a> {
    version: u32,
    id: &'a str,
    title: &'a str,
    start: &'a str,
    nodes: Vec<CanonicalNode<'a>>,
}

#[derive(Serialize)]
struct CanonicalNode<'a> {
    id: &'a str,
    kind: &'static str,
    /// The prompt, checklist title, step text, goto target or search prompt.
    prompt: Option<&'a str>,
    text: Option<&'a str>,
    help: Option<&'a str>,
    /// Answers of a question: label, next, help.
    choices: Vec<(&'a str, &'a str, Option<&'a str>)>,
    steps: Vec<CanonicalStep<'a>>,
    var: Option<&'a str>,
    placeholder: Option<&'a str>,
    next: Option<&'a str>,
    outcome: Option<&'static str>,
    message: Option<&'a str>,
    entry: Option<&'a str>,
    /// Fields added later are left out when unused, so older flows keep their fingerprint.
    #[serde(skip_serializing_if = "Option::is_none")]
    input_kind: Option<&'static str>,
    /// A branch's cases: condition as written, next.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    cases: Vec<(&'a str, &'a str)>,
    /// A branch's `else`.
    #[serde(skip_serializing_if = "Option::is_none")]
    otherwise: Option<&'a str>,
}

#[derive(Serialize)]
struct CanonicalStep<'a> {
    text: &'a str,
    detail: Option<&'a str>,
    command: Option<&'a str>,
    risk: Option<&'static str>,
    wait_seconds: Option<u64>,
}

fn step(s: &Step) -> CanonicalStep<'_> {
    CanonicalStep {
        text: &s.text,
        detail: s.detail.as_deref(),
        command: s.command.as_ref().map(|c| c.text.as_str()),
        risk: s.command.as_ref().map(|c| match c.risk {
            Risk::Read => "read",
            Risk::Change => "change",
            Risk::Destructive => "destructive",
        }),
        wait_seconds: s.wait.map(|w| w.as_secs()),
    }
}

fn outcome(o: Outcome) -> &'static str {
    match o {
        Outcome::Resolved => "resolved",
        Outcome::Escalate => "escalate",
        Outcome::Unresolved => "unresolved",
    }
}

fn canonical(flow: &Flow) -> Canonical<'_> {
    let nodes = flow
        .nodes
        .iter()
        .map(|n| {
            let mut c = CanonicalNode {
                id: &n.id,
                kind: n.kind.name(),
                prompt: None,
                text: n.text.as_deref(),
                help: n.help.as_deref(),
                choices: Vec::new(),
                steps: Vec::new(),
                var: None,
                placeholder: None,
                next: None,
                outcome: None,
                message: None,
                entry: None,
                input_kind: None,
                cases: Vec::new(),
                otherwise: None,
            };
            match &n.kind {
                NodeKind::Question { prompt, choices } => {
                    c.prompt = Some(prompt);
                    c.choices = choices
                        .iter()
                        .map(|ch| (ch.label.as_str(), ch.next.as_str(), ch.help.as_deref()))
                        .collect();
                }
                NodeKind::Checklist { title, steps, next } => {
                    c.prompt = Some(title);
                    c.steps = steps.iter().map(step).collect();
                    c.next = Some(next);
                }
                NodeKind::Step { step: s, next } => {
                    c.steps = vec![step(s)];
                    c.next = Some(next);
                }
                NodeKind::Input {
                    prompt,
                    var,
                    kind,
                    placeholder,
                    next,
                } => {
                    c.prompt = Some(prompt);
                    c.var = Some(var);
                    c.placeholder = placeholder.as_deref();
                    c.next = Some(next);
                    c.input_kind = match kind {
                        InputKind::Text => None,
                        InputKind::Token => Some("token"),
                    };
                }
                NodeKind::Branch { cases, otherwise } => {
                    c.cases = cases
                        .iter()
                        .map(|w| (w.source.as_str(), w.next.as_str()))
                        .collect();
                    c.otherwise = Some(otherwise);
                }
                NodeKind::Goto { flow, next } => {
                    c.prompt = Some(flow);
                    c.next = next.as_deref();
                }
                NodeKind::End {
                    outcome: o,
                    message,
                    entry,
                } => {
                    c.outcome = Some(outcome(*o));
                    c.message = message.as_deref();
                    c.entry = entry.as_deref();
                }
                NodeKind::Search { prompt } => c.prompt = Some(prompt),
            }
            c
        })
        .collect();
    Canonical {
        version: FINGERPRINT_VERSION,
        id: &flow.id,
        title: &flow.title,
        start: &flow.start,
        nodes,
    }
}

/// A hex digest of everything in a flow that affects a run (title, start and nodes); the
/// flow's file and position are left out, so moving a flow between files keeps its hash.
pub fn fingerprint(flow: &Flow) -> String {
    // Serialising borrowed strings and numbers into memory cannot fail.
    let bytes = serde_json::to_vec(&canonical(flow)).unwrap_or_default();
    let digest = Sha256::digest(&bytes);
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::load_texts;

    const FLOW: &str = r#"
flows:
  - id: f
    title: T
    product: P
    nodes:
      - id: q
        question: Ask?
        choices:
          - { label: A, next: done }
      - id: done
        end: resolved
"#;

    fn fp(text: &str) -> String {
        let loaded = load_texts(&[("f.yaml", text)]);
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        fingerprint(loaded.library.flow("f").expect("flow f"))
    }

    #[test]
    fn the_fingerprint_is_pinned() {
        // Pinned: if this changes, every saved session would say its flow changed.
        assert_eq!(fp(FLOW), "76e58ba46920a44bc8525a19");
    }

    #[test]
    fn what_the_operator_sees_changes_it_and_layout_does_not() {
        let base = fp(FLOW);
        assert_ne!(fp(&FLOW.replace("Ask?", "Ask again?")), base);
        assert_ne!(fp(&FLOW.replace("label: A", "label: B")), base);
        assert_ne!(fp(&FLOW.replace("resolved", "escalate")), base);
        // Comments, whitespace, the product and the source file do not.
        assert_eq!(fp(&format!("# a comment\n{FLOW}\n\n")), base);
        assert_eq!(fp(&FLOW.replace("product: P", "product: Q")), base);
    }

    const BRANCHING: &str = r#"
flows:
  - id: f
    title: T
    product: P
    nodes:
      - id: paste
        input: Paste the token
        var: token
        kind: token
        next: route
      - id: route
        branch:
          - when: token
            next: done
        else: done
      - id: done
        end: resolved
"#;

    #[test]
    fn token_inputs_and_branches_count() {
        let base = fp(BRANCHING);
        assert_ne!(fp(&BRANCHING.replace("kind: token", "kind: text")), base);
        assert_ne!(
            fp(&BRANCHING.replace("when: token", "when: not token")),
            base
        );
        assert_ne!(
            fp(&BRANCHING.replace(
                "        else: done",
                "        else: route-x\n      - id: route-x\n        end: escalate"
            )),
            base
        );
    }
}
