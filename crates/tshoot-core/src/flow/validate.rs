//! Checks the merged library as a whole: references resolve, every node can be reached and
//! can reach an end, and `{{var}}` placeholders are defined on every path.

use super::graph::{MustSet, branch_loops, reachable_from_start, trapped_nodes};
use super::library::Library;
use super::model::{Entry, Flow, Node, NodeKind};
use super::template;
use super::yaml::{Seg, YamlPath};
use crate::diag::{Diagnostic, Severity};
use std::collections::BTreeSet;

fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

/// Whether an id is lower-case words, digits, `-`, `_` and `.`, starting with a letter or digit.
pub fn is_valid_id(id: &str) -> bool {
    let mut chars = id.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c))
}

/// Every problem in the library.
pub fn validate(library: &Library) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for flow in library.flows() {
        check_flow(library, flow, &mut diags);
    }
    for entry in library.entries() {
        check_entry(library, entry, &mut diags);
    }
    diags
}

fn check_entry(library: &Library, entry: &Entry, diags: &mut Vec<Diagnostic>) {
    let mut report = |sev, rel: &[Seg], msg: String| {
        diags.push(entry.origin.diag(sev, &entry.id, None, rel, msg));
    };
    if !is_valid_id(&entry.id) {
        report(Severity::Error, &[key("id")], bad_id(&entry.id));
    }
    if let Some(flow) = &entry.flow
        && library.flow(flow).is_none()
    {
        let hint = if library.entry(flow).is_some() {
            " (that id is a known error, not a flow)"
        } else {
            ""
        };
        report(
            Severity::Error,
            &[key("flow")],
            format!("`flow: {flow}` names no flow in the library{hint}"),
        );
    }
    if entry.codes.is_empty() && entry.signatures.is_empty() {
        report(
            Severity::Warning,
            &[key("id")],
            "no `codes` and no `signatures`: pasted error text can never find this entry".into(),
        );
    }
    if entry.fix.is_empty() && entry.flow.is_none() {
        report(
            Severity::Warning,
            &[key("fix")],
            "no `fix` and no `flow`: the operator is told the cause but not what to do".into(),
        );
    }
    if let Some(link) = &entry.link
        && !is_web_link(link)
    {
        report(
            Severity::Error,
            &[key("link")],
            format!(
                "link '{link}' must be one https:// address, e.g. https://login.microsoftonline.com/error?code=50020"
            ),
        );
    }
    for (i, code) in entry.codes.iter().enumerate() {
        if code.trim().is_empty() || code.chars().any(char::is_whitespace) {
            report(
                Severity::Error,
                &[key("codes"), Seg::Index(i)],
                format!(
                    "code '{code}' must be one word without spaces; put phrases under `signatures`"
                ),
            );
        }
    }
}

/// An `https://` address with a host and no spaces or control characters.
fn is_web_link(link: &str) -> bool {
    link.strip_prefix("https://").is_some_and(|rest| {
        !rest.is_empty()
            && !rest.starts_with('/')
            && !rest.chars().any(|c| c.is_whitespace() || c.is_control())
    })
}

fn bad_id(id: &str) -> String {
    format!("id '{id}' must be lower-case letters, digits, '-', '_' or '.', e.g. cipp-token-cache")
}

/// How the checks of one flow report a problem: severity, node, path below the flow, message.
type Report<'r> = dyn FnMut(Severity, Option<&str>, &[Seg], String) + 'r;

fn check_flow(library: &Library, flow: &Flow, diags: &mut Vec<Diagnostic>) {
    let mut report = |sev, node: Option<&str>, rel: &[Seg], msg: String| {
        diags.push(flow.origin.diag(sev, &flow.id, node, rel, msg));
    };
    if !check_header(flow, &mut report) {
        return;
    }
    check_references(library, flow, &mut report);
    let reachable = reachable_from_start(flow);
    check_unreachable(flow, &reachable, &mut report);
    check_trapped(flow, &reachable, &mut report);
    check_branch_loops(flow, &reachable, &mut report);
    check_vars(flow, &reachable, &mut report);
}

/// The flow's id and `start`; `false` when it has no nodes, so nothing else can be checked.
fn check_header(flow: &Flow, report: &mut Report) -> bool {
    if !is_valid_id(&flow.id) {
        report(Severity::Error, None, &[key("id")], bad_id(&flow.id));
    }
    if flow.nodes.is_empty() {
        report(
            Severity::Error,
            None,
            &[key("nodes")],
            "a flow needs at least one node".into(),
        );
        return false;
    }
    if flow.node(&flow.start).is_none() {
        report(
            Severity::Error,
            None,
            &[key("start")],
            format!("`start: {}` names no node of this flow", flow.start),
        );
    }
    true
}

/// The path of node `i`'s field `rel` below the flow.
fn node_path(i: usize, rel: YamlPath) -> YamlPath {
    let mut p = vec![key("nodes"), Seg::Index(i)];
    p.extend(rel);
    p
}

/// References to other nodes, flows and entries. Suggestions cost a scan of the flow each,
/// so only the first few dangling references get one.
fn check_references(library: &Library, flow: &Flow, report: &mut Report) {
    let mut suggestions_left = SUGGESTIONS;
    for (i, node) in flow.nodes.iter().enumerate() {
        if node.id.trim().is_empty() {
            report(
                Severity::Error,
                Some(&node.id),
                &node_path(i, vec![key("id")]),
                "node id is empty".into(),
            );
        }
        for (target, rel) in node.kind.successors() {
            if target.is_empty() {
                continue; // already reported as missing
            }
            if flow.node(target).is_none() {
                let ids = flow.nodes.iter().map(|n| n.id.as_str());
                let hint = suggest(target, ids, &mut suggestions_left)
                    .map_or(String::new(), |id| format!(" (did you mean '{id}'?)"));
                report(
                    Severity::Error,
                    Some(&node.id),
                    &node_path(i, rel),
                    format!("`next: {target}` names no node of flow '{}'{hint}", flow.id),
                );
            }
        }
        check_outside_references(library, i, node, report);
    }
}

/// A node's `goto` (a flow) and an end's `entry` (a known error) must be in the library.
fn check_outside_references(library: &Library, i: usize, node: &Node, report: &mut Report) {
    match &node.kind {
        NodeKind::Goto { flow: target, .. } if library.flow(target).is_none() => {
            let hint = if library.entry(target).is_some() {
                " (that id is a known error; use an end node with `entry:` to show it)"
            } else {
                ""
            };
            report(
                Severity::Error,
                Some(&node.id),
                &node_path(i, vec![key("goto")]),
                format!("`goto: {target}` names no flow in the library{hint}"),
            );
        }
        NodeKind::End {
            entry: Some(entry), ..
        } if library.entry(entry).is_none() => {
            report(
                Severity::Error,
                Some(&node.id),
                &node_path(i, vec![key("entry")]),
                format!("`entry: {entry}` names no known error in the library"),
            );
        }
        _ => {}
    }
}

/// Every node must be reachable from the start node.
fn check_unreachable(flow: &Flow, reachable: &BTreeSet<usize>, report: &mut Report) {
    if flow.node(&flow.start).is_none() {
        return;
    }
    for (i, node) in flow.nodes.iter().enumerate() {
        if !reachable.contains(&i) {
            report(
                Severity::Error,
                Some(&node.id),
                &node_path(i, vec![key("id")]),
                format!(
                    "node '{}' cannot be reached from the start node '{}': no `next` leads here",
                    node.id, flow.start
                ),
            );
        }
    }
}

/// An end must be reachable from every reachable node: one error names the nodes that loop.
fn check_trapped(flow: &Flow, reachable: &BTreeSet<usize>, report: &mut Report) {
    const SHOWN: usize = 10;
    let trapped = trapped_nodes(flow, reachable);
    let Some(&first) = trapped.first() else {
        return;
    };
    let mut names: Vec<&str> = trapped
        .iter()
        .take(SHOWN)
        .filter_map(|&i| flow.nodes.get(i).map(|n| n.id.as_str()))
        .collect();
    let id = names.first().copied().unwrap_or_default();
    let more = format!("and {} more", trapped.len().saturating_sub(SHOWN));
    if trapped.len() > SHOWN {
        names.push(&more);
    }
    report(
        Severity::Error,
        Some(id),
        &node_path(first, vec![key("id")]),
        format!(
            "no end can be reached from node(s) {}: they loop forever; add a choice or `next` that leads to an end",
            names.join(", ")
        ),
    );
}

/// Branch nodes are passed without the operator, so a loop made of them alone never stops.
fn check_branch_loops(flow: &Flow, reachable: &BTreeSet<usize>, report: &mut Report) {
    let looping = branch_loops(flow, reachable);
    let Some(&first) = looping.first() else {
        return;
    };
    let names: Vec<&str> = looping
        .iter()
        .take(10)
        .filter_map(|&i| flow.nodes.get(i).map(|n| n.id.as_str()))
        .collect();
    let id = names.first().copied().unwrap_or_default();
    report(
        Severity::Error,
        Some(id),
        &node_path(first, vec![key("id")]),
        format!(
            "branch node(s) {} can lead from one to another in a loop without a question in between; the wizard would never stop",
            names.join(", ")
        ),
    );
}

/// How many "did you mean" suggestions one flow gets for each kind of name.
const SUGGESTIONS: usize = 20;

/// A "did you mean" for a misspelt name: the closest candidate within two edits, while
/// `budget` lasts (each call spends one). Only names of similar, modest length are compared,
/// so that a hostile file of long names cannot make this quadratic in their length.
fn suggest<'a>(
    target: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    budget: &mut usize,
) -> Option<&'a str> {
    const MAX_LEN: usize = 64;
    *budget = budget.checked_sub(1)?;
    if target.len() > MAX_LEN {
        return None;
    }
    candidates
        .into_iter()
        .filter(|c| c.len() <= MAX_LEN && c.len().abs_diff(target.len()) <= 2)
        .map(|c| (strsim_distance(target, c), c))
        .filter(|(d, _)| *d <= 2)
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance, small strings only (ids).
fn strsim_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The texts of a node that may hold placeholders, with their paths below the node.
pub fn node_texts(
    kind: &NodeKind,
    text: Option<&str>,
    help: Option<&str>,
) -> Vec<(YamlPath, String)> {
    let mut out: Vec<(YamlPath, String)> = Vec::new();
    let mut push = |path: YamlPath, s: &str| out.push((path, s.to_owned()));
    if let Some(t) = text {
        push(vec![key("text")], t);
    }
    if let Some(h) = help {
        push(vec![key("help")], h);
    }
    let step_texts = |push: &mut dyn FnMut(YamlPath, &str),
                      prefix: YamlPath,
                      step: &super::model::Step,
                      own_key: &str| {
        let at = |k: &str| {
            let mut p = prefix.clone();
            p.push(key(k));
            p
        };
        push(at(own_key), &step.text);
        if let Some(d) = &step.detail {
            push(at("detail"), d);
        }
        if let Some(c) = &step.command {
            push(at("command"), &c.text);
        }
    };
    match kind {
        NodeKind::Question { prompt, choices } => {
            push(vec![key("question")], prompt);
            for (i, c) in choices.iter().enumerate() {
                push(vec![key("choices"), Seg::Index(i), key("label")], &c.label);
                if let Some(h) = &c.help {
                    push(vec![key("choices"), Seg::Index(i), key("help")], h);
                }
            }
        }
        NodeKind::Checklist { title, steps, .. } => {
            push(vec![key("checklist")], title);
            for (i, s) in steps.iter().enumerate() {
                step_texts(&mut push, vec![key("steps"), Seg::Index(i)], s, "text");
            }
        }
        NodeKind::Step { step, .. } => step_texts(&mut push, Vec::new(), step, "step"),
        NodeKind::Input {
            prompt,
            placeholder,
            ..
        } => {
            push(vec![key("input")], prompt);
            if let Some(p) = placeholder {
                push(vec![key("placeholder")], p);
            }
        }
        NodeKind::End {
            message: Some(m), ..
        } => push(vec![key("message")], m),
        NodeKind::Search { prompt } => push(vec![key("search")], prompt),
        NodeKind::Goto { .. } | NodeKind::End { .. } | NodeKind::Branch { .. } => {}
    }
    out
}

/// The variables a node's conditions read, with the path of each `when` below the node.
fn node_conditions(kind: &NodeKind) -> Vec<(YamlPath, Vec<&str>)> {
    match kind {
        NodeKind::Branch { cases, .. } => cases
            .iter()
            .enumerate()
            .map(|(i, c)| {
                (
                    vec![key("branch"), Seg::Index(i), key("when")],
                    c.condition.vars(),
                )
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// Every `{{var}}` in a reachable node's text must be well formed and set by an input on
/// every path to that node; a name no input asks for gets a "did you mean".
fn check_vars(flow: &Flow, reachable: &BTreeSet<usize>, report: &mut Report) {
    let Some(must) = MustSet::solve(flow, reachable) else {
        return;
    };
    let mut suggestions_left = SUGGESTIONS;
    for &i in reachable {
        let Some(node) = flow.nodes.get(i) else {
            continue;
        };
        let mut uses: Vec<(YamlPath, Vec<String>, bool)> = Vec::new();
        for (rel, text) in node_texts(&node.kind, node.text.as_deref(), node.help.as_deref()) {
            match template::vars(&text) {
                Ok(used) => uses.push((rel, used, true)),
                Err(template::TemplateProblem::Malformed(msg)) => {
                    report(Severity::Error, Some(&node.id), &node_path(i, rel), msg);
                }
            }
        }
        for (rel, used) in node_conditions(&node.kind) {
            uses.push((rel, used.into_iter().map(str::to_owned).collect(), false));
        }
        for (rel, used, braces) in uses {
            let path = node_path(i, rel);
            for var in used.iter().filter(|var| !must.defined(i, var)) {
                let why = if must.vars.contains(var.as_str()) {
                    "is not set on every path to this node: some path skips the input that asks for it".to_owned()
                } else {
                    let hint = suggest(
                        var,
                        must.vars.iter().map(String::as_str),
                        &mut suggestions_left,
                    )
                    .map_or(String::new(), |v| {
                        if braces {
                            format!(" (did you mean `{{{{{v}}}}}`?)")
                        } else {
                            format!(" (did you mean `{v}`?)")
                        }
                    });
                    format!(
                        "is never asked for: add an input node with this `var` before this node{hint}"
                    )
                };
                let shown = if braces {
                    format!("{{{{{var}}}}}")
                } else {
                    format!("`{var}` (in the condition)")
                };
                report(
                    Severity::Error,
                    Some(&node.id),
                    &path,
                    format!("{shown} {why}"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("cipp-token-cache"));
        assert!(is_valid_id("aadsts50020"));
        assert!(!is_valid_id("Token Cache"));
        assert!(!is_valid_id("-x"));
    }

    #[test]
    fn distance() {
        assert_eq!(strsim_distance("restart", "restrat"), 2);
        assert_eq!(strsim_distance("a", "a"), 0);
    }
}
