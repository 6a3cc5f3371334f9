//! Checking a saved walk against the library as it is now: a flow may have changed since the
//! session was saved, and the walk is cut back to where it still holds.

use super::branch::decide;
use super::error::EngineError;
use super::run::{Answer, Run, StepMark, Visit, node_steps, resolve};
use crate::flow::{Flow, Library, Node, NodeKind, Step};
use std::collections::HashMap;
use std::time::SystemTime;

impl Run {
    /// Checks a saved walk against the library as it is now. Where the path no longer holds
    /// (a node or answer is gone, or leads elsewhere), the walk is cut back to the last node
    /// that still fits, and the reason is returned for the operator.
    pub fn reconcile(
        &mut self,
        lib: &Library,
        now: SystemTime,
    ) -> Result<Option<String>, EngineError> {
        let mut keep = 0;
        let mut problem = None;
        // The variables set before each visit: a branch is checked against them.
        let mut vars = HashMap::new();
        for (i, visit) in self.visits.iter().enumerate() {
            let Ok((flow, node)) = resolve(lib, &visit.flow, &visit.node) else {
                problem = Some(format!(
                    "step '{}' of flow '{}' no longer exists",
                    visit.node, visit.flow
                ));
                break;
            };
            if let Some(n) = node_steps(node)
                && visit.steps.len() != n.len()
            {
                problem = Some(format!("the steps of '{}' changed", node.id));
                keep = i + 1;
                break;
            }
            keep = i + 1;
            let Some(next) = self.visits.get(i + 1) else {
                break;
            };
            if let Some(why) = leads_to(lib, flow, node, visit, next, &vars) {
                problem = Some(why);
                break;
            }
            if let Some(answer) = &visit.answer {
                answer.set_vars(&mut vars);
            }
        }
        if keep == 0 {
            *self = Run::start(lib, &self.flow, now)?;
            return Ok(problem.map(|p| format!("{p}; starting the flow again")));
        }
        if keep < self.visits.len() || problem.is_some() {
            self.visits.truncate(keep);
            if let Some(last) = self.visits.last_mut() {
                last.answer = None;
                last.confirmed = None;
                if let Ok((_, node)) = resolve(lib, &last.flow, &last.node) {
                    let n = node_steps(node).map_or(0, <[Step]>::len);
                    last.steps.resize(n, StepMark::default());
                }
            }
            // A walk never rests on a branch: decide it again with the answers kept.
            let at_branch = self
                .current(lib)
                .is_ok_and(|cur| matches!(cur.node.kind, NodeKind::Branch { .. }));
            if at_branch {
                self.proceed(lib, now)?;
            }
        }
        Ok(problem.map(|p| {
            let at = self
                .visits
                .last()
                .map_or("", |v| v.node.as_str())
                .to_owned();
            format!("the flow changed since this session began: {p}; resuming at '{at}'")
        }))
    }

    // ----- internals -----
}

/// Why `visit` (at `node`) does not lead to `next` any more, if it does not.
fn leads_to(
    lib: &Library,
    flow: &Flow,
    node: &Node,
    visit: &Visit,
    next: &Visit,
    vars: &HashMap<String, String>,
) -> Option<String> {
    let expect = |f: &str, n: &str| (next.flow == f && next.node == n).then_some(());
    let ok = match (&node.kind, &visit.answer) {
        (NodeKind::Question { choices, .. }, Some(Answer::Choice { index, .. })) => {
            choices.get(*index).and_then(|c| expect(&flow.id, &c.next))
        }
        (NodeKind::Input { next: n, .. }, Some(Answer::Input { .. }))
        | (
            NodeKind::Checklist { next: n, .. } | NodeKind::Step { next: n, .. },
            Some(Answer::Continued { .. }),
        ) => expect(&flow.id, n),
        (NodeKind::Input { next: n, .. }, Some(Answer::Token { .. })) => expect(&flow.id, n),
        (NodeKind::Branch { cases, otherwise }, Some(Answer::Branched { .. })) => {
            expect(&flow.id, decide(cases, otherwise, vars).next)
        }
        (NodeKind::Goto { flow: target, .. }, Some(Answer::Entered { .. })) => {
            lib.flow(target).and_then(|t| expect(&t.id, &t.start))
        }
        // "Is the error gone?" No, at a resolved end: the walk went on in the triage flow.
        (NodeKind::End { .. }, Some(Answer::Entered { flow: target, .. }))
            if visit.confirmed.as_ref().is_some_and(|c| !c.error_gone) =>
        {
            lib.flow(target).and_then(|t| expect(&t.id, &t.start))
        }
        (NodeKind::End { .. }, Some(Answer::Continued { .. })) => {
            visit.calls.last().and_then(|call| {
                let (_, goto) = resolve(lib, &call.flow, &call.node).ok()?;
                match &goto.kind {
                    NodeKind::Goto { next: Some(n), .. } => expect(&call.flow, n),
                    _ => None,
                }
            })
        }
        _ => None,
    };
    match ok {
        Some(()) => None,
        None => Some(format!(
            "the answer given at '{}' no longer leads to '{}'",
            node.id, next.node
        )),
    }
}
