//! Checks the merged library as a whole: references resolve, every node can be reached and
//! can reach an end, and `{{var}}` placeholders are defined on every path.

use super::library::Library;
use super::model::{Entry, Flow, NodeKind};
use super::template;
use super::yaml::{Seg, YamlPath};
use crate::diag::{Diagnostic, Severity};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

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

fn check_flow(library: &Library, flow: &Flow, diags: &mut Vec<Diagnostic>) {
    let mut report = |sev, node: Option<&str>, rel: &[Seg], msg: String| {
        diags.push(flow.origin.diag(sev, &flow.id, node, rel, msg));
    };
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
        return;
    }
    if flow.node(&flow.start).is_none() {
        report(
            Severity::Error,
            None,
            &[key("start")],
            format!("`start: {}` names no node of this flow", flow.start),
        );
    }

    // References to other nodes, flows and entries. Suggestions cost a scan of the flow each,
    // so only the first few dangling references get one.
    let mut suggestions_left = 20_usize;
    for (i, node) in flow.nodes.iter().enumerate() {
        let base = |rel: YamlPath| -> YamlPath {
            let mut p = vec![key("nodes"), Seg::Index(i)];
            p.extend(rel);
            p
        };
        if node.id.trim().is_empty() {
            report(
                Severity::Error,
                Some(&node.id),
                &base(vec![key("id")]),
                "node id is empty".into(),
            );
        }
        for (target, rel) in node.kind.successors() {
            if target.is_empty() {
                continue; // already reported as missing
            }
            if flow.node(target).is_none() {
                let hint = match suggestions_left.checked_sub(1) {
                    Some(left) => {
                        suggestions_left = left;
                        suggest(target, flow)
                    }
                    None => String::new(),
                };
                report(
                    Severity::Error,
                    Some(&node.id),
                    &base(rel),
                    format!("`next: {target}` names no node of flow '{}'{hint}", flow.id),
                );
            }
        }
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
                    &base(vec![key("goto")]),
                    format!("`goto: {target}` names no flow in the library{hint}"),
                );
            }
            NodeKind::End {
                entry: Some(entry), ..
            } if library.entry(entry).is_none() => {
                report(
                    Severity::Error,
                    Some(&node.id),
                    &base(vec![key("entry")]),
                    format!("`entry: {entry}` names no known error in the library"),
                );
            }
            _ => {}
        }
    }

    let reachable = reachable_from_start(flow);
    for (i, node) in flow.nodes.iter().enumerate() {
        if !reachable.contains(&i) && flow.node(&flow.start).is_some() {
            report(
                Severity::Error,
                Some(&node.id),
                &[key("nodes"), Seg::Index(i), key("id")],
                format!(
                    "node '{}' cannot be reached from the start node '{}': no `next` leads here",
                    node.id, flow.start
                ),
            );
        }
    }

    let trapped = trapped_nodes(flow, &reachable);
    if let Some(&first) = trapped.first() {
        const SHOWN: usize = 10;
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
            &[key("nodes"), Seg::Index(first), key("id")],
            format!(
                "no end can be reached from node(s) {}: they loop forever; add a choice or `next` that leads to an end",
                names.join(", ")
            ),
        );
    }

    check_vars(flow, &reachable, &mut report);
}

/// A "did you mean" for a misspelt node id. Only ids of similar, modest length are compared,
/// so that a hostile file of long ids cannot make this quadratic in their length.
fn suggest(target: &str, flow: &Flow) -> String {
    const MAX_LEN: usize = 64;
    if target.len() > MAX_LEN {
        return String::new();
    }
    let best = flow
        .nodes
        .iter()
        .filter(|n| n.id.len() <= MAX_LEN && n.id.len().abs_diff(target.len()) <= 2)
        .map(|n| (strsim_distance(target, &n.id), &n.id))
        .filter(|(d, _)| *d <= 2)
        .min();
    match best {
        Some((_, id)) => format!(" (did you mean '{id}'?)"),
        None => String::new(),
    }
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

fn successors(flow: &Flow, i: usize) -> Vec<usize> {
    flow.nodes
        .get(i)
        .map(|n| {
            n.kind
                .successors()
                .into_iter()
                .filter_map(|(t, _)| flow.node_position(t))
                .collect()
        })
        .unwrap_or_default()
}

fn reachable_from_start(flow: &Flow) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let Some(start) = flow.node_position(&flow.start) else {
        return seen;
    };
    let mut queue = VecDeque::from([start]);
    while let Some(i) = queue.pop_front() {
        if seen.insert(i) {
            queue.extend(successors(flow, i));
        }
    }
    seen
}

/// Reachable nodes from which no terminal node can be reached.
fn trapped_nodes(flow: &Flow, reachable: &BTreeSet<usize>) -> Vec<usize> {
    let mut preds: HashMap<usize, Vec<usize>> = HashMap::new();
    for &i in reachable {
        for s in successors(flow, i) {
            preds.entry(s).or_default().push(i);
        }
    }
    let mut can_end: HashSet<usize> = HashSet::new();
    let mut queue: VecDeque<usize> = reachable
        .iter()
        .copied()
        .filter(|&i| {
            // A node with no way on is either an end or already reported as broken
            // (no choices, no `next`); counting it here avoids a second, misleading error.
            flow.nodes.get(i).is_some_and(|n| n.kind.is_terminal())
                || successors(flow, i).is_empty()
        })
        .collect();
    while let Some(i) = queue.pop_front() {
        if can_end.insert(i) {
            queue.extend(preds.get(&i).into_iter().flatten().copied());
        }
    }
    reachable
        .iter()
        .copied()
        .filter(|i| !can_end.contains(i))
        .collect()
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
        NodeKind::Goto { .. } | NodeKind::End { .. } => {}
    }
    out
}

/// Must-analysis: the variables certainly set on entry to each reachable node. The sets are
/// bitsets over the flow's input variables, solved with a worklist in reverse post-order, so a
/// flow of thousands of nodes and variables is checked in a blink and little memory.
fn check_vars(
    flow: &Flow,
    reachable: &BTreeSet<usize>,
    report: &mut impl FnMut(Severity, Option<&str>, &[Seg], String),
) {
    let all_vars: BTreeSet<&str> = flow
        .nodes
        .iter()
        .filter_map(|n| match &n.kind {
            NodeKind::Input { var, .. } => Some(var.as_str()),
            _ => None,
        })
        .collect();
    let var_ids: HashMap<&str, usize> = all_vars.iter().enumerate().map(|(i, v)| (*v, i)).collect();
    let Some(start) = flow.node_position(&flow.start) else {
        return;
    };
    let words = all_vars.len().div_ceil(64);
    let mut full = vec![u64::MAX; words];
    if let Some(last) = full.last_mut() {
        let used = all_vars.len() % 64;
        if used != 0 {
            *last = (1u64 << used) - 1;
        }
    }
    let succ: Vec<Vec<usize>> = (0..flow.nodes.len())
        .map(|i| {
            if reachable.contains(&i) {
                successors(flow, i)
            } else {
                Vec::new()
            }
        })
        .collect();
    let own_var: Vec<Option<usize>> = flow
        .nodes
        .iter()
        .map(|n| match &n.kind {
            NodeKind::Input { var, .. } => var_ids.get(var.as_str()).copied(),
            _ => None,
        })
        .collect();
    let order = reverse_postorder(start, &succ);
    let mut rank = vec![usize::MAX; flow.nodes.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let mut entry: Vec<Vec<u64>> = (0..flow.nodes.len())
        .map(|i| match i {
            _ if i == start => vec![0; words],
            _ if rank[i] != usize::MAX => full.clone(),
            _ => Vec::new(),
        })
        .collect();
    let mut pending: BTreeSet<usize> = (0..order.len()).collect();
    let mut out = vec![0u64; words];
    while let Some(r) = pending.pop_first() {
        let i = order[r];
        out.copy_from_slice(&entry[i]);
        if let Some(v) = own_var[i] {
            out[v / 64] |= 1 << (v % 64);
        }
        for &s in &succ[i] {
            let mut changed = false;
            for (have, new) in entry[s].iter_mut().zip(&out) {
                let meet = *have & new;
                changed |= meet != *have;
                *have = meet;
            }
            if changed {
                pending.insert(rank[s]);
            }
        }
    }
    let defined = |i: usize, var: &str| {
        var_ids.get(var).is_some_and(|&v| {
            entry
                .get(i)
                .and_then(|set| set.get(v / 64))
                .is_some_and(|w| w & (1 << (v % 64)) != 0)
        })
    };
    for &i in reachable {
        let Some(node) = flow.nodes.get(i) else {
            continue;
        };
        for (rel, text) in node_texts(&node.kind, node.text.as_deref(), node.help.as_deref()) {
            let mut path = vec![key("nodes"), Seg::Index(i)];
            path.extend(rel);
            match template::vars(&text) {
                Err(template::TemplateProblem::Malformed(msg)) => {
                    report(Severity::Error, Some(&node.id), &path, msg);
                }
                Ok(used) => {
                    for var in used {
                        if defined(i, &var) {
                            continue;
                        }
                        let why = if all_vars.contains(var.as_str()) {
                            "is not set on every path to this node: some path skips the input that asks for it"
                        } else {
                            "is never asked for: add an input node with this `var` before this node"
                        };
                        report(
                            Severity::Error,
                            Some(&node.id),
                            &path,
                            format!("{{{{{var}}}}} {why}"),
                        );
                    }
                }
            }
        }
    }
}

/// The nodes reachable from `start`, in reverse post-order of a depth-first walk (without
/// recursion, so a long chain of nodes cannot overflow the stack).
fn reverse_postorder(start: usize, succ: &[Vec<usize>]) -> Vec<usize> {
    let mut visited = vec![false; succ.len()];
    let mut post = Vec::new();
    let mut stack = vec![(start, 0_usize)];
    if let Some(v) = visited.get_mut(start) {
        *v = true;
    }
    while let Some((node, child)) = stack.last_mut() {
        let node = *node;
        match succ.get(node).and_then(|s| s.get(*child)) {
            Some(&next) => {
                *child += 1;
                if let Some(v) = visited.get_mut(next)
                    && !*v
                {
                    *v = true;
                    stack.push((next, 0));
                }
            }
            None => {
                post.push(node);
                stack.pop();
            }
        }
    }
    post.reverse();
    post
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
