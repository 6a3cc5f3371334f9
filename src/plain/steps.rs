//! The commands of a checklist or single step: ticks (one, a list or a range), skips, cut
//! waits and Enter, with step numbers as plain mode shows them.

use super::render::{self, Page};
use super::{Next, commit, here, input};
use crate::engine::{EngineError, Run, StepState};
use crate::flow::{Library, Node, NodeKind};
use std::io::Write;
use std::time::SystemTime;

/// Checks the steps of a list (`1-3 5`) one after another, each saved before it is shown
/// as checked. A step already checked or skipped stays as it is; the first refusal (a wait
/// still running) stops the rest, and they are named.
pub(super) fn tick_each(
    lib: &Library,
    run: &mut Run,
    list: &[usize],
    now: SystemTime,
    out: &mut dyn Write,
    save: &mut dyn FnMut(&Run) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let base = render::step_base(lib, run);
    for (k, &i) in list.iter().enumerate() {
        let before = run.clone();
        let mut page = Page::default();
        let state = run
            .visits
            .last()
            .and_then(|v| v.steps.get(i))
            .map(|m| m.state);
        match state {
            Some(StepState::Done) => page.line(format!("step {} is already checked", base + i + 1)),
            Some(StepState::Skipped) => {
                page.line(format!("step {} is already skipped", base + i + 1));
            }
            _ => match run.toggle_step(lib, i, now) {
                Ok(()) => changed_step(lib, run, i, now, &mut page, false),
                Err(e) => {
                    let rest: Vec<String> = list[k..]
                        .iter()
                        .map(|j| (base + j + 1).to_string())
                        .collect();
                    let hint = match &e {
                        EngineError::WaitRunning { step, .. } => {
                            format!(" (`w {}`)", base + step + 1)
                        }
                        _ => String::new(),
                    };
                    page.refuse(format!(
                        "{}{hint}; not checked: {}",
                        refusal(&e, base),
                        rest.join(", ")
                    ));
                    page.line(render::tally(run));
                    return commit(run, &before, page, out, save);
                }
            },
        }
        if k + 1 == list.len() {
            page.line(render::tally(run));
        }
        commit(run, &before, page, out, save)?;
    }
    Ok(())
}

/// An engine refusal in words, with step numbers as plain mode shows them (`base` steps of
/// earlier checklists come before this one's).
fn refusal(e: &EngineError, base: usize) -> String {
    match e {
        EngineError::NoSuchStep(n) => format!("there is no step {}", base + n),
        EngineError::WaitRunning { step, remaining } => format!(
            "step {} is still waiting ({} left); wait or skip the wait",
            base + step + 1,
            crate::engine::clock(*remaining)
        ),
        EngineError::StepsOpen(open) => {
            let list: Vec<String> = open.iter().map(|i| (base + i + 1).to_string()).collect();
            format!("{e} (open: {})", list.join(", "))
        }
        _ => format!("{e}"),
    }
}

/// Enter at a checklist or a step node (`single`): the time left while a wait runs, else
/// continue.
pub(super) fn enter_on_steps(
    lib: &Library,
    run: &mut Run,
    single: bool,
    now: SystemTime,
    page: &mut Page,
) {
    let base = render::step_base(lib, run);
    // A step node has one step, so naming "step 1" and `w 1` would only confuse.
    let which = |step: usize| {
        if single {
            "(`w` skips the wait)".to_owned()
        } else {
            let n = base + step + 1;
            format!("on step {n} (`w {n}` skips the wait)")
        }
    };
    // Enter while a wait runs is the operator asking "how long still?"; answering with a
    // refusal would read as if they did something wrong.
    let running = running_waits(lib, run, now);
    if !running.is_empty() {
        for (i, left) in running {
            page.line(format!(
                "waiting: {} left {}",
                render::clock(left),
                which(i)
            ));
        }
        return;
    }
    match run.proceed(lib, now) {
        Ok(()) => {}
        // A step node with a wait is checked by this Enter and its wait starts now.
        Err(EngineError::WaitRunning { step, remaining }) => page.line(format!(
            "Done. waiting: {} left {}; Enter shows the time left",
            render::clock(remaining),
            which(step)
        )),
        // The engine counts the open steps; the operator also needs to know which.
        Err(e) => page.refuse(refusal(&e, base)),
    }
}

/// `N`, a list such as `1-3 5`, `s N reason` or `w N reason` at a checklist or step node.
pub(super) fn step_command(
    lib: &Library,
    run: &mut Run,
    node: &Node,
    text: &str,
    now: SystemTime,
    page: &mut Page,
) -> Next {
    let hint = "type a step number, `s N reason` to skip a step, `w N reason` to skip a wait, or Enter to continue (? for help)";
    let count = match &node.kind {
        NodeKind::Checklist { steps, .. } => steps.len(),
        NodeKind::Step { .. } => 1,
        _ => 0,
    };
    let base = render::step_base(lib, run);
    let (first, last) = (base + 1, base + count);
    let range = if first >= last {
        format!("the only step here is {first}")
    } else {
        format!("the steps here are {first} to {last}")
    };
    // A shown number to an index at this node.
    let index = |n: usize| {
        if (first..=last).contains(&n) {
            Ok(n - first)
        } else {
            Err(format!("there is no step {n} here; {range}"))
        }
    };
    let step_number = |t: &str| match input::number(t) {
        Ok(Some(i)) => index(i + 1),
        Ok(None) => index(0),
        Err(()) => Err(format!("type the step number after the letter; {hint}")),
    };
    let (word, rest) = input::split_word(text);
    match word.to_ascii_lowercase().as_str() {
        "s" | "skip" => {
            let (n, reason) = input::split_word(rest);
            let i = match step_number(n) {
                Ok(i) => i,
                Err(m) => {
                    page.refuse(m);
                    return Next::Stay;
                }
            };
            match run.skip_step(lib, i, reason, now) {
                Ok(()) => changed_step(lib, run, i, now, page, true),
                Err(e @ EngineError::EmptyReason) => {
                    page.refuse(format!("{e}, for example: s {} already done", base + i + 1));
                }
                Err(e) => page.refuse(refusal(&e, base)),
            }
        }
        "w" | "wait" => {
            let (n, reason) = input::split_word(rest);
            let i = if n.is_empty() {
                match run.running_wait(lib, now, None) {
                    Some((i, _)) => i,
                    None => {
                        page.refuse("no wait is running");
                        return Next::Stay;
                    }
                }
            } else {
                match step_number(n) {
                    Ok(i) => i,
                    Err(m) => {
                        page.refuse(m);
                        return Next::Stay;
                    }
                }
            };
            if run.wait_left(lib, i, now).is_none() {
                page.refuse(format!("step {} has no wait running", base + i + 1));
                return Next::Stay;
            }
            match run.skip_wait(lib, i, reason, now) {
                Ok(()) => changed_step(lib, run, i, now, page, true),
                Err(e @ EngineError::EmptyReason) => page.refuse(format!(
                    "{e}, for example: w {} the service restarted already",
                    base + i + 1
                )),
                Err(e) => page.refuse(refusal(&e, base)),
            }
        }
        _ => {
            let list = match input::step_list(text) {
                None => {
                    page.refuse(hint);
                    return Next::Stay;
                }
                Some(Err(m)) => {
                    page.refuse(m);
                    return Next::Stay;
                }
                Some(Ok(list)) => list,
            };
            // Every number is checked before anything is done: a typo changes nothing.
            let mut indices = Vec::new();
            for &(lo, hi) in &list.ranges {
                for n in [lo, hi] {
                    if let Err(m) = index(n) {
                        page.refuse(m);
                        return Next::Stay;
                    }
                }
                for i in (lo - first)..=(hi - first) {
                    if !indices.contains(&i) {
                        indices.push(i);
                    }
                }
            }
            if !list.single {
                return Next::Ticks(indices);
            }
            let Some(&i) = indices.first() else {
                return Next::Stay;
            };
            match run.toggle_step(lib, i, now) {
                Ok(()) => changed_step(lib, run, i, now, page, true),
                Err(e @ EngineError::WaitRunning { step, .. }) => {
                    page.refuse(format!("{} (`w {}`)", refusal(&e, base), base + step + 1));
                }
                Err(e) => page.refuse(refusal(&e, base)),
            }
        }
    }
    Next::Stay
}

/// Confirms a change to step `i` by printing the step as it is now, and (`tally`) how many
/// are done.
fn changed_step(lib: &Library, run: &Run, i: usize, now: SystemTime, page: &mut Page, tally: bool) {
    let Ok((_, node)) = here(lib, run) else {
        return;
    };
    let mark = run
        .visits
        .last()
        .and_then(|v| v.steps.get(i))
        .cloned()
        .unwrap_or_default();
    match &node.kind {
        NodeKind::Checklist { steps, .. } => {
            if let Some(step) = steps.get(i) {
                let base = render::step_base(lib, run);
                let number = render::Number {
                    n: base + i + 1,
                    last: base + steps.len(),
                };
                render::step_lines(page, run, Some(number), step, &mark, now);
            }
            if tally {
                page.line(render::tally(run));
            }
        }
        NodeKind::Step { step, .. } => render::step_lines(page, run, None, step, &mark, now),
        _ => {}
    }
}

/// Every running wait at the current node, with its time left.
pub(super) fn running_waits(
    lib: &Library,
    run: &Run,
    now: SystemTime,
) -> Vec<(usize, std::time::Duration)> {
    let count = run.visits.last().map_or(0, |v| v.steps.len());
    (0..count)
        .filter_map(|i| run.wait_left(lib, i, now).map(|left| (i, left)))
        .collect()
}
