//! The graph analyses behind validation: which nodes the start reaches, which can never
//! reach an end, and which `{{var}}`s are certainly set on entry to each node.

use super::model::{Flow, NodeKind, input_vars};
use std::collections::{BTreeSet, HashMap, HashSet, VecDeque};

/// The positions of the nodes node `i` leads to.
pub(super) fn successors(flow: &Flow, i: usize) -> Vec<usize> {
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

/// The nodes the start node reaches, itself included.
pub(super) fn reachable_from_start(flow: &Flow) -> BTreeSet<usize> {
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
pub(super) fn trapped_nodes(flow: &Flow, reachable: &BTreeSet<usize>) -> Vec<usize> {
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

/// Reachable branch nodes that lead, through branch nodes only, into a loop: the engine
/// moves through branches without the operator, so such a loop would never stop.
pub(super) fn branch_loops(flow: &Flow, reachable: &BTreeSet<usize>) -> Vec<usize> {
    let is_branch = |i: usize| {
        flow.nodes
            .get(i)
            .is_some_and(|n| matches!(n.kind, NodeKind::Branch { .. }))
    };
    let mut out_edges: HashMap<usize, Vec<usize>> = reachable
        .iter()
        .copied()
        .filter(|&i| is_branch(i))
        .map(|i| {
            (
                i,
                successors(flow, i)
                    .into_iter()
                    .filter(|&s| is_branch(s))
                    .collect(),
            )
        })
        .collect();
    // Peel off branches that reach a non-branch node on every way on; what is left loops.
    loop {
        let done: Vec<usize> = out_edges
            .iter()
            .filter(|(_, outs)| outs.is_empty())
            .map(|(&i, _)| i)
            .collect();
        if done.is_empty() {
            break;
        }
        for i in &done {
            out_edges.remove(i);
        }
        for outs in out_edges.values_mut() {
            outs.retain(|s| !done.contains(s));
        }
    }
    let mut left: Vec<usize> = out_edges.into_keys().collect();
    left.sort_unstable();
    left
}

/// Must-analysis: the variables certainly set on entry to each reachable node. The sets are
/// bitsets over the flow's input variables, solved with a worklist in reverse post-order, so a
/// flow of thousands of nodes and variables is checked in a blink and little memory.
pub(super) struct MustSet {
    /// The flow's input variables.
    pub(super) vars: BTreeSet<String>,
    /// Each variable's bit.
    bits: HashMap<String, usize>,
    /// The bitset on entry to each node (empty for unreachable nodes).
    entry: Vec<Vec<u64>>,
}

impl MustSet {
    /// Solves the analysis; `None` when the start node does not exist.
    pub(super) fn solve(flow: &Flow, reachable: &BTreeSet<usize>) -> Option<Self> {
        // What each node sets: an input its `var` (and a token input `var.field` too).
        let own: Vec<Vec<String>> = flow
            .nodes
            .iter()
            .map(|n| match &n.kind {
                NodeKind::Input { var, kind, .. } => input_vars(var, *kind),
                _ => Vec::new(),
            })
            .collect();
        let names: BTreeSet<&str> = own.iter().flatten().map(String::as_str).collect();
        let bits: HashMap<String, usize> = names
            .iter()
            .enumerate()
            .map(|(i, v)| ((*v).to_owned(), i))
            .collect();
        let start = flow.node_position(&flow.start)?;
        let succ: Vec<Vec<usize>> = (0..flow.nodes.len())
            .map(|i| {
                if reachable.contains(&i) {
                    successors(flow, i)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let own_var: Vec<Vec<usize>> = own
            .iter()
            .map(|vs| {
                vs.iter()
                    .filter_map(|v| bits.get(v.as_str()).copied())
                    .collect()
            })
            .collect();
        let entry = solve_must(start, &succ, &own_var, names.len());
        let vars = names.into_iter().map(str::to_owned).collect();
        Some(Self { vars, bits, entry })
    }

    /// Whether `var` is certainly set on entry to node `i`.
    pub(super) fn defined(&self, i: usize, var: &str) -> bool {
        self.bits.get(var).is_some_and(|&v| {
            self.entry
                .get(i)
                .and_then(|set| set.get(v / 64))
                .is_some_and(|w| w & (1 << (v % 64)) != 0)
        })
    }
}

/// The worklist of [`MustSet::solve`]: the bitset of `vars` variables certainly set on entry
/// to each node, given each node's successors and the variable it sets.
fn solve_must(
    start: usize,
    succ: &[Vec<usize>],
    own_var: &[Vec<usize>],
    vars: usize,
) -> Vec<Vec<u64>> {
    let words = vars.div_ceil(64);
    let mut full = vec![u64::MAX; words];
    if let Some(last) = full.last_mut() {
        let used = vars % 64;
        if used != 0 {
            *last = (1u64 << used) - 1;
        }
    }
    let order = reverse_postorder(start, succ);
    let mut rank = vec![usize::MAX; succ.len()];
    for (r, &i) in order.iter().enumerate() {
        rank[i] = r;
    }
    let mut entry: Vec<Vec<u64>> = (0..succ.len())
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
        for &v in &own_var[i] {
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
    entry
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
