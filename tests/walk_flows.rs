//! Walks every path of every shipped flow from its start: each path must end (at an end, a
//! search hand-over or a goto that hands over), and every node must lie on some path.

use std::collections::HashSet;
use tshoot::flow::{Flow, NodeKind, Sources, load};

/// Depth-first over simple paths; returns the number of complete paths.
fn walk(
    flow: &Flow,
    node: &str,
    on_path: &mut Vec<String>,
    seen: &mut HashSet<String>,
    dead: &mut Vec<String>,
) -> usize {
    let n = flow
        .node(node)
        .unwrap_or_else(|| panic!("{}: node '{node}' missing", flow.id));
    seen.insert(node.to_owned());
    if n.kind.is_terminal() {
        return 1;
    }
    on_path.push(node.to_owned());
    let mut complete = 0;
    let nexts = n.kind.successors();
    if nexts.is_empty() {
        dead.push(format!("{} > {}", flow.id, on_path.join(" > ")));
    }
    for (next, _) in nexts {
        if on_path.iter().any(|p| p == next) {
            continue; // a loop back; the validator guarantees an exit exists elsewhere
        }
        complete += walk(flow, next, on_path, seen, dead);
    }
    on_path.pop();
    complete
}

#[test]
fn every_flow_can_be_walked_to_an_end_on_every_path() {
    let loaded = load(&Sources {
        builtin: true,
        paths: Vec::new(),
    });
    assert!(loaded.library.flows().len() >= 10);
    for flow in loaded.library.flows() {
        let mut seen = HashSet::new();
        let mut dead = Vec::new();
        let paths = walk(flow, &flow.start, &mut Vec::new(), &mut seen, &mut dead);
        assert!(paths > 0, "{}: no path reaches an end", flow.id);
        assert!(dead.is_empty(), "dead ends: {dead:?}");
        let unvisited: Vec<&str> = flow
            .nodes
            .iter()
            .map(|n| n.id.as_str())
            .filter(|id| !seen.contains(*id))
            .collect();
        assert!(
            unvisited.is_empty(),
            "{}: nodes on no path: {unvisited:?}",
            flow.id
        );
        for node in &flow.nodes {
            if let NodeKind::Goto { flow: target, .. } = &node.kind {
                assert!(
                    loaded.library.flow(target).is_some(),
                    "{}: goto {target}",
                    flow.id
                );
            }
        }
    }
}
