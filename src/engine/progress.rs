//! Where a walk stands, for the header and the breadcrumb: the answers given so far and how
//! many nodes are passed and still to go.

use super::run::{Answer, Run, resolve};
use crate::flow::{Flow, Library, NodeKind};
use std::collections::{HashSet, VecDeque};

impl Run {
    /// The labels of the answers given so far, for a breadcrumb.
    pub fn breadcrumb(&self) -> Vec<String> {
        self.answers()
    }

    /// Whether the operator has done nothing yet: no answer, input, tick, skip or note (a
    /// `goto` or branch passed through on the way in does not count). Such a run is a peek and
    /// leaves no session behind.
    pub fn is_untouched(&self) -> bool {
        self.visits.iter().all(|v| {
            matches!(
                v.answer,
                None | Some(Answer::Entered { .. } | Answer::Branched { .. })
            ) && v.notes.is_empty()
                && v.steps.iter().all(|m| *m == super::StepMark::default())
        })
    }

    fn answers(&self) -> Vec<String> {
        self.visits
            .iter()
            .filter_map(|v| match &v.answer {
                Some(Answer::Choice { label, .. }) => Some(label.clone()),
                Some(Answer::Input { value, .. }) => Some(value.clone()),
                Some(Answer::Token { summary, .. }) => Some(summary.clone()),
                _ => None,
            })
            .collect()
    }

    /// Nodes passed so far and the fewest still to go before an end, for a progress gauge.
    pub fn progress(&self, lib: &Library) -> (usize, usize) {
        let done = self.visits.len().saturating_sub(1);
        let Ok(cur) = self.current(lib) else {
            return (done, 0);
        };
        let mut left = distance_to_end(cur.flow, &cur.node.id);
        // Each flow still to return to adds its own way from the goto to an end.
        for call in &cur.visit.calls {
            if let Ok((flow, node)) = resolve(lib, &call.flow, &call.node)
                && let NodeKind::Goto { next: Some(n), .. } = &node.kind
            {
                left += 1 + distance_to_end(flow, n);
            }
        }
        (done, left)
    }
}

/// The fewest nodes from `start` to a node where the flow can stop.
fn distance_to_end(flow: &Flow, start: &str) -> usize {
    let mut seen = HashSet::new();
    let mut queue = VecDeque::from([(start, 0usize)]);
    while let Some((id, d)) = queue.pop_front() {
        if !seen.insert(id) {
            continue;
        }
        let Some(node) = flow.node(id) else { continue };
        if node.kind.is_terminal() {
            return d;
        }
        for (next, _) in node.kind.successors() {
            queue.push_back((next, d + 1));
        }
    }
    0
}
