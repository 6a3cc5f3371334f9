//! The text plain mode prints: a node with its header, one checklist step, the help.
//!
//! Everything from a flow file or typed by the operator passes through [`crate::sanitize`]
//! here, after `{{var}}` filling, so neither an author nor a pasted value can put control
//! bytes on the terminal. Meaning is carried by words (`[x]`, "read-only", "Outcome:"), never
//! by colour or position alone.

use crate::engine::{
    GONE_KEYS, GONE_NO, GONE_NOT_NEXT, GONE_QUESTION, GONE_YES, Run, StepMark, StepState, Visit,
    confirmed_outcome, gone_summary,
};
use crate::flow::{Flow, InputKind, Library, Node, NodeKind, Step, duration};
use crate::sanitize;
use std::time::{Duration, SystemTime};

/// Output being assembled, written to the terminal in one go.
#[derive(Debug, Default)]
pub(super) struct Page(String);

impl Page {
    /// Adds one line; the caller has already sanitised what came from outside.
    pub(super) fn line(&mut self, text: impl AsRef<str>) {
        self.0.push_str(text.as_ref());
        self.0.push('\n');
    }

    /// Adds multi-line flow text, each line indented, empty edges dropped.
    fn block(&mut self, indent: &str, raw: &str) {
        for l in sanitize::block(raw.trim()).lines() {
            self.line(format!("{indent}{}", l.trim_end()));
        }
    }

    /// Adds a refusal. The `! ` prefix marks it without colour: a screen reader reads it out
    /// and a script can grep for it.
    pub(super) fn refuse(&mut self, message: impl AsRef<str>) {
        self.line(format!("! {}", sanitize::line(message.as_ref())));
    }

    /// The text so far.
    pub(super) fn as_str(&self) -> &str {
        &self.0
    }
}

/// Flow text filled from the run's inputs and made safe for one line.
fn one(run: &Run, raw: &str) -> String {
    sanitize::line(run.fill(raw).trim())
}

/// A countdown as `4:05` or `1:02:03`, rounded up so "0:00 left" never shows while waiting.
pub(super) fn clock(d: Duration) -> String {
    let s = d.as_secs() + u64::from(d.subsec_nanos() > 0);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// The title of the flow the current called flow returns to, if it is one.
pub(super) fn parent_title(lib: &Library, run: &Run) -> Option<String> {
    let call = run.visits.last()?.calls.last()?;
    let title = lib
        .flow(&call.flow)
        .map_or(call.flow.as_str(), |f| &f.title);
    Some(sanitize::line(title))
}

/// The number shown before the current checklist's first step, less one: steps are numbered
/// on across the checklists of a walk (and the flows it enters with `goto`), so "step 7"
/// names one step only. A single step node has nothing numbered and counts from 0.
pub(super) fn step_base(lib: &Library, run: &Run) -> usize {
    let Some((current, earlier)) = run.visits.split_last() else {
        return 0;
    };
    if !is_checklist(lib, current) {
        return 0;
    }
    earlier
        .iter()
        .filter(|v| is_checklist(lib, v))
        .map(|v| v.steps.len())
        .sum()
}

/// Whether a visit was to a checklist (by the library, else by what it showed).
fn is_checklist(lib: &Library, visit: &Visit) -> bool {
    match lib.flow(&visit.flow).and_then(|f| f.node(&visit.node)) {
        Some(node) => matches!(node.kind, NodeKind::Checklist { .. }),
        None => visit.shown.as_ref().is_some_and(|s| s.kind == "checklist"),
    }
}

/// The whole current node: header, body and what to type.
pub(super) fn node(lib: &Library, run: &Run, flow: &Flow, node: &Node, now: SystemTime) -> Page {
    let mut page = Page::default();
    page.line("");
    match parent_title(lib, run) {
        Some(parent) => page.line(format!(
            "Flow: {} (part of: {parent})",
            sanitize::line(&flow.title)
        )),
        None => page.line(format!("Flow: {}", sanitize::line(&flow.title))),
    }
    let crumbs = run.breadcrumb();
    if !crumbs.is_empty() {
        let crumbs: Vec<String> = crumbs.iter().map(|c| sanitize::line(c)).collect();
        page.line(format!("Answers so far: {}", crumbs.join("; ")));
    }
    let (done, left) = run.progress(lib);
    if left == 0 {
        page.line(format!("Step {}, the last", done + 1));
    } else {
        page.line(format!("Step {}, about {left} to go", done + 1));
    }
    body(&mut page, lib, run, node, now);
    if let Some(visit) = run.visits.last() {
        for note in &visit.notes {
            page.line(format!("Your note: {}", sanitize::line(&note.text)));
        }
    }
    page.line(how_to(lib, run, node));
    page
}

fn body(page: &mut Page, lib: &Library, run: &Run, node: &Node, now: SystemTime) {
    match &node.kind {
        NodeKind::Question { prompt, choices } => {
            page.line(format!("Question: {}", one(run, prompt)));
            text(page, run, node);
            if node.help.is_some() || choices.iter().any(|c| c.help.is_some()) {
                page.line("(More help: type ?)");
            }
            for (i, choice) in choices.iter().enumerate() {
                page.line(format!("  {}) {}", i + 1, one(run, &choice.label)));
            }
        }
        NodeKind::Checklist { title, steps, .. } => {
            page.line(format!("Checklist: {}", one(run, title)));
            text(page, run, node);
            let marks = run.visits.last().map(|v| v.steps.as_slice()).unwrap_or(&[]);
            let base = step_base(lib, run);
            for (i, step) in steps.iter().enumerate() {
                let mark = marks.get(i).cloned().unwrap_or_default();
                let number = Number {
                    n: base + i + 1,
                    last: base + steps.len(),
                };
                step_lines(page, run, Some(number), step, &mark, now);
            }
            page.line(tally(run));
        }
        NodeKind::Step { step, .. } => {
            let mark = run
                .visits
                .last()
                .and_then(|v| v.steps.first())
                .cloned()
                .unwrap_or_default();
            step_lines(page, run, None, step, &mark, now);
            text(page, run, node);
        }
        NodeKind::Input {
            prompt,
            placeholder,
            kind,
            ..
        } => {
            page.line(format!("Type in: {}", one(run, prompt)));
            if *kind == InputKind::Token {
                page.line(
                    "Paste the token on one line: the token itself, an \"Authorization: Bearer ...\" line or the JSON of a token response. tshoot reads it here and keeps only what it says (audience, permissions, expiry), never the token.",
                );
            }
            text(page, run, node);
            if let Some(example) = placeholder {
                page.line(format!("For example: {}", one(run, example)));
            }
        }
        NodeKind::End {
            outcome,
            message,
            entry,
        } => {
            let asking = run.asks_if_gone(lib);
            let confirmed = run.visits.last().and_then(|v| v.confirmed.as_ref());
            let not_gone = confirmed.is_some_and(|c| !c.error_gone);
            let real = confirmed_outcome(*outcome, confirmed).unwrap_or(*outcome);
            if asking {
                page.line("The flow's fix is done.");
            } else if parent_title(lib, run).is_some() {
                page.line(format!(
                    "Outcome of this part: {}",
                    crate::flow::Outcome::explained(real)
                ));
            } else {
                page.line(format!(
                    "Outcome: {}",
                    crate::flow::Outcome::explained(real)
                ));
            }
            if let Some(c) = confirmed {
                page.line(format!(
                    "{GONE_QUESTION} {}",
                    gone_summary(c.error_gone, None)
                ));
            }
            if not_gone {
                page.line(GONE_NOT_NEXT);
            } else if let Some(message) = message {
                page.block("", &run.fill(message));
            }
            if asking {
                page.line(format!("Question: {GONE_QUESTION}"));
                page.line(format!("  y) {GONE_YES}: {}", run.after_yes()));
                page.line(format!("  n) {GONE_NO}: {}", run.after_no(lib)));
            }
            text(page, run, node);
            if let Some(entry) = entry.as_deref().and_then(|id| lib.entry(id)) {
                page.line(format!(
                    "Known error: {} (details: tshoot show {})",
                    sanitize::line(&entry.title),
                    sanitize::line(&entry.id)
                ));
            }
        }
        NodeKind::Search { prompt } => {
            page.line(format!("Search: {}", one(run, prompt)));
            text(page, run, node);
            page.line(
                "Run `tshoot search` with the error text as arguments, or pipe it in \
                 (for example: pbpaste | tshoot search).",
            );
        }
        NodeKind::Goto { flow, .. } => {
            // The engine follows a goto as soon as it enters it, so the operator only stands
            // here when the target flow could not be entered.
            page.line(format!(
                "This step continues in flow '{}', which could not be opened.",
                sanitize::line(flow)
            ));
        }
        NodeKind::Branch { .. } => {
            // Branches are decided on entry; one is only current in a walk cut back to it.
            page.line("This step decides by itself where the flow goes next.");
        }
    }
}

/// The node's longer explanation, when it has one.
fn text(page: &mut Page, run: &Run, node: &Node) {
    if let Some(t) = &node.text {
        page.block("", &run.fill(t));
    }
}

/// What the operator can type at this node, in one line.
fn how_to(lib: &Library, run: &Run, node: &Node) -> String {
    match &node.kind {
        NodeKind::Question { choices, .. } if choices.len() == 1 => {
            "Type 1 and press Enter (? for help).".to_owned()
        }
        NodeKind::Question { choices, .. } => format!(
            "Type a number from 1 to {} and press Enter (? for help).",
            choices.len()
        ),
        NodeKind::Checklist { steps, .. } => {
            let waits = if steps.iter().any(|s| s.wait.is_some()) {
                " `w N reason` to skip its wait,"
            } else {
                ""
            };
            let first = step_base(lib, run) + 1;
            let last = first + steps.len().saturating_sub(1);
            let several = match steps.len() {
                0 | 1 => String::new(),
                2 => format!(" or both ({first} {last}),"),
                _ => format!(" or several ({first}-{last}, {first} {}),", first + 1),
            };
            let which = if first == last {
                format!("Type {first}")
            } else {
                format!("Type a step number from {first} to {last}")
            };
            format!(
                "{which} to check it (again to uncheck){several} `s N reason` to skip it,{waits} Enter to continue."
            )
        }
        NodeKind::Step { step, .. } => match step.wait {
            Some(w) => format!(
                "Press Enter when it is done; then wait {} (Enter shows the time left, `w 1 reason` skips the wait).",
                duration::format(w)
            ),
            None => "Press Enter when it is done.".to_owned(),
        },
        NodeKind::Input {
            kind: InputKind::Token,
            ..
        } => "Paste the token and press Enter.".to_owned(),
        NodeKind::Input { .. } => {
            "Type the value and press Enter (start it with = if it is exactly a command such as b or q).".to_owned()
        }
        NodeKind::End { .. } if run.asks_if_gone(lib) => {
            format!("Type {GONE_KEYS} and press Enter (b to go back).")
        }
        NodeKind::End { .. } => match parent_title(lib, run) {
            Some(parent) => format!("Enter to go back to {parent}."),
            None => "The flow is over. Press Enter to finish, or b to go back.".to_owned(),
        },
        NodeKind::Search { .. } => "Press Enter to finish, or b to go back.".to_owned(),
        NodeKind::Goto { .. } => "Type b to go back, r to start again or q to leave.".to_owned(),
        NodeKind::Branch { .. } => "Press Enter to go on.".to_owned(),
    }
}

/// "3 of 9 done." for the current checklist.
pub(super) fn tally(run: &Run) -> String {
    let marks = run.visits.last().map(|v| v.steps.as_slice()).unwrap_or(&[]);
    let done = marks.iter().filter(|m| m.state != StepState::Open).count();
    format!("{done} of {} done.", marks.len())
}

/// A checklist step's number as shown (see [`step_base`]) and the checklist's last, so the
/// numbers line up (` 9)`, `10)`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Number {
    /// This step's.
    pub n: usize,
    /// The last step's.
    pub last: usize,
}

/// One step with its state, detail, command and wait. `number` is `None` for a step node,
/// which has nothing to number.
pub(super) fn step_lines(
    page: &mut Page,
    run: &Run,
    number: Option<Number>,
    step: &Step,
    mark: &StepMark,
    now: SystemTime,
) {
    let text = one(run, &step.text);
    let indent;
    let head = match number {
        Some(Number { n, last }) => {
            let state = match mark.state {
                StepState::Open => "[ ]".to_owned(),
                StepState::Done => "[x]".to_owned(),
                StepState::Skipped => format!(
                    "[skipped: {}]",
                    sanitize::line(mark.reason.as_deref().unwrap_or("no reason given"))
                ),
            };
            let width = last.to_string().len();
            indent = " ".repeat(width + 6);
            format!("  {n:>width$}) {state} {text}")
        }
        None => {
            indent = "  ".to_owned();
            match mark.state {
                StepState::Open => format!("Do this: {text}"),
                StepState::Done => format!("Done: {text}"),
                StepState::Skipped => format!("Skipped: {text}"),
            }
        }
    };
    let indent = indent.as_str();
    page.line(head);
    if let Some(detail) = &step.detail {
        page.block(indent, &run.fill(detail));
    }
    if let Some(cmd) = &step.command {
        page.line(format!(
            "{indent}command ({}): {}",
            crate::flow::Risk::explained(cmd.risk),
            one(run, &cmd.text)
        ));
    }
    if let Some(total) = step.wait {
        page.line(format!("{indent}{}", wait_words(total, mark, now)));
    }
}

/// The state of a step's wait in words.
fn wait_words(total: Duration, mark: &StepMark, now: SystemTime) -> String {
    match &mark.wait {
        None => format!("wait {}", duration::format(total)),
        Some(w) if w.skipped.is_some() => "wait skipped".to_owned(),
        Some(w) => {
            let left = total.saturating_sub(w.started.elapsed_at(now));
            if left.is_zero() {
                "done waiting".to_owned()
            } else {
                format!("waiting: {} left", clock(left))
            }
        }
    }
}

/// Help for the current node and every command that works at it.
pub(super) fn help(page: &mut Page, run: &Run, node: Option<&Node>) {
    if let Some(node) = node {
        if let Some(h) = &node.help {
            page.line("Help:");
            page.block("  ", &run.fill(h));
        }
        if let NodeKind::Question { choices, .. } = &node.kind {
            for (i, c) in choices.iter().enumerate() {
                if let Some(h) = &c.help {
                    page.line(format!("  About answer {}: {}", i + 1, one(run, h)));
                }
            }
        }
    }
    page.line("What you can type, then Enter:");
    match node.map(|n| &n.kind) {
        Some(NodeKind::Question { .. }) => page.line("  a number   choose that answer"),
        Some(NodeKind::Checklist { .. }) => {
            page.line("  N          check step N, or uncheck it if it is checked or skipped");
            page.line("  N M, N-M   check several steps in order: 4 5 6, 4,5,6, 4-6, 4-6 8");
            page.line("  s N WHY    skip step N, saying why");
            page.line("  w N REASON stop waiting on step N's timer, saying why");
            page.line("  (empty)    continue, or show the time left while a wait runs");
        }
        Some(NodeKind::Step { .. }) => {
            page.line("  (empty)    mark it done and continue, or show the time left of its wait");
            page.line("  w          stop waiting");
        }
        Some(NodeKind::Input { .. }) => {
            page.line("  a value    fill it in (=VALUE enters a value that looks like a command)");
        }
        Some(NodeKind::End { .. }) => {
            page.line("  y / n      at a resolved end: say whether the error is gone");
            page.line("  (empty)    go on, or finish");
        }
        Some(NodeKind::Search { .. }) => page.line("  (empty)    go on, or finish"),
        Some(NodeKind::Branch { .. }) => page.line("  (empty)    go on"),
        Some(NodeKind::Goto { .. }) | None => {}
    }
    page.line("  b          go back one step and undo its answer");
    page.line("  r          start the flow again from the first step");
    page.line("  n TEXT     add a note to this step");
    page.line("  l          show this step again");
    page.line("  q          quit; progress is saved");
    page.line("  ?          this help");
    page.line("Commands shown here are never run by tshoot; copy them yourself.");
}
