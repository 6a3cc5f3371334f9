//! Transcripts of a session for the ticket: Markdown to paste, JSON for tools, both built
//! from the same record so they never disagree.
//!
//! Every text is redacted and stripped of terminal escapes ([`crate::sanitize`]); nothing
//! here fails: a node the library no longer has is shown by its id.

use super::record::{Session, redact};
use crate::engine::{Answer, Run, Stamp, StepMark, StepState, Visit};
use crate::flow::{Library, Node, NodeKind, Outcome, Step};
use crate::sanitize;
use serde::Serialize;
use std::fmt::Write as _;
use std::time::Duration;

/// The transcript format's version, in the JSON's `version` field.
pub const TRANSCRIPT_VERSION: u32 = 1;

/// A Markdown transcript of `session`, ready to paste into a ticket.
pub fn markdown(session: &Session, lib: &Library) -> String {
    render(&Transcript::build(session, lib))
}

/// The same transcript as JSON, for tools.
pub fn json(session: &Session, lib: &Library) -> serde_json::Value {
    serde_json::to_value(Transcript::build(session, lib)).unwrap_or(serde_json::Value::Null)
}

// ----- the record both formats are made from -----

#[derive(Debug, Serialize)]
struct Transcript {
    format: &'static str,
    version: u32,
    session: String,
    flow: FlowRef,
    started: Stamp,
    updated: Stamp,
    finished: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<Outcome>,
    /// What the operator is told to do at the end (the end node's message).
    #[serde(skip_serializing_if = "Option::is_none")]
    next_action: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entry: Option<EntryRef>,
    /// Flows whose content changed since the session ran them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    changed_flows: Vec<String>,
    path: Vec<Item>,
}

#[derive(Debug, Serialize)]
struct FlowRef {
    id: String,
    title: String,
}

#[derive(Debug, Serialize)]
struct EntryRef {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
}

#[derive(Debug, Serialize)]
struct Item {
    flow: String,
    node: String,
    /// question, checklist, step, input, goto, end, search, or `missing` when the library no
    /// longer has the node.
    kind: &'static str,
    entered: Stamp,
    /// The prompt, checklist title, step text or end message, as the operator saw it.
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<InputItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    entered_flow: Option<FlowRef>,
    #[serde(skip_serializing_if = "Option::is_none")]
    outcome: Option<Outcome>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    steps: Vec<StepItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    notes: Vec<NoteItem>,
    /// When the operator left the node (answered, continued).
    #[serde(skip_serializing_if = "Option::is_none")]
    left: Option<Stamp>,
    /// Whether this is where the operator is now.
    current: bool,
}

#[derive(Debug, Serialize)]
struct InputItem {
    var: String,
    value: String,
}

#[derive(Debug, Serialize)]
struct StepItem {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    command: Option<String>,
    state: StepState,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<Stamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wait: Option<WaitItem>,
}

#[derive(Debug, Serialize)]
struct WaitItem {
    seconds: u64,
    started: Stamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    skipped: Option<Stamp>,
}

#[derive(Debug, Serialize)]
struct NoteItem {
    text: String,
    at: Stamp,
}

/// Operator-typed text: redacted, one line.
fn typed(text: &str) -> String {
    sanitize::line(&redact(text))
}

/// Operator-typed text that may span lines: redacted, newlines kept.
fn typed_block(text: &str) -> String {
    sanitize::block(&redact(text))
}

/// Flow text with `{{var}}` filled in; redacted when anything was filled in.
fn flow_text(run: &Run, text: &str) -> String {
    if text.contains("{{") {
        sanitize::line(&redact(&run.fill(text)))
    } else {
        sanitize::line(text)
    }
}

impl Transcript {
    fn build(session: &Session, lib: &Library) -> Transcript {
        let run = &session.run;
        let last = run.visits.len().saturating_sub(1);
        let path = run
            .visits
            .iter()
            .enumerate()
            .map(|(i, visit)| item(lib, run, visit, i == last))
            .collect::<Vec<_>>();
        let finished = session.finished || run.is_finished(lib);
        let next_action = if finished {
            run.visits
                .last()
                .and_then(|v| lib.flow(&v.flow).and_then(|f| f.node(&v.node)))
                .and_then(|node| match &node.kind {
                    NodeKind::End { message, .. } => {
                        message.as_deref().map(|m| flow_text(run, m.trim()))
                    }
                    NodeKind::Search { prompt } => Some(format!(
                        "Search for the error: {}",
                        flow_text(run, prompt.trim())
                    )),
                    _ => None,
                })
        } else {
            None
        };
        Transcript {
            format: "tshoot-transcript",
            version: TRANSCRIPT_VERSION,
            session: sanitize::line(&session.id),
            flow: FlowRef {
                id: sanitize::line(&session.flow),
                title: sanitize::line(
                    lib.flow(&session.flow)
                        .map_or(session.title.as_str(), |f| f.title.as_str()),
                ),
            },
            started: session.started,
            updated: session.updated,
            finished,
            outcome: session.outcome.or_else(|| run.outcome(lib)),
            next_action,
            query: session.query.as_deref().map(|q| typed_block(q.trim())),
            entry: session.entry.as_deref().map(|id| EntryRef {
                id: sanitize::line(id),
                title: lib.entry(id).map(|e| sanitize::line(&e.title)),
            }),
            changed_flows: session.changed_flows(lib),
            path,
        }
    }
}

fn item(lib: &Library, run: &Run, visit: &Visit, current: bool) -> Item {
    let node = lib.flow(&visit.flow).and_then(|f| f.node(&visit.node));
    let mut item = Item {
        flow: sanitize::line(&visit.flow),
        node: sanitize::line(&visit.node),
        kind: node.map_or("missing", |n| n.kind.name()),
        entered: visit.entered,
        text: None,
        answer: None,
        input: None,
        entered_flow: None,
        outcome: None,
        steps: Vec::new(),
        notes: visit
            .notes
            .iter()
            .map(|n| NoteItem {
                text: typed_block(&n.text),
                at: n.at,
            })
            .collect(),
        left: None,
        current,
    };
    match &visit.answer {
        Some(Answer::Choice { label, at, .. }) => {
            item.answer = Some(typed(label));
            item.left = Some(*at);
        }
        Some(Answer::Input { var, value, at }) => {
            item.input = Some(InputItem {
                var: sanitize::line(var),
                value: typed(value),
            });
            item.left = Some(*at);
        }
        Some(Answer::Continued { at }) => item.left = Some(*at),
        Some(Answer::Entered { flow, at }) => {
            item.entered_flow = Some(FlowRef {
                id: sanitize::line(flow),
                title: lib
                    .flow(flow)
                    .map_or_else(|| sanitize::line(flow), |f| sanitize::line(&f.title)),
            });
            item.left = Some(*at);
        }
        None => {}
    }
    if let Some(node) = node {
        describe(run, node, visit, &mut item);
    }
    item
}

/// Fills in what the node said and, for checklists, each step's progress.
fn describe(run: &Run, node: &Node, visit: &Visit, item: &mut Item) {
    let steps: &[Step] = match &node.kind {
        NodeKind::Question { prompt, .. }
        | NodeKind::Input { prompt, .. }
        | NodeKind::Search { prompt } => {
            item.text = Some(flow_text(run, prompt.trim()));
            &[]
        }
        NodeKind::Checklist { title, steps, .. } => {
            item.text = Some(flow_text(run, title.trim()));
            steps
        }
        NodeKind::Step { step, .. } => std::slice::from_ref(step),
        NodeKind::End {
            outcome, message, ..
        } => {
            item.outcome = Some(*outcome);
            item.text = message.as_deref().map(|m| flow_text(run, m.trim()));
            &[]
        }
        NodeKind::Goto { .. } => &[],
    };
    let unmarked = StepMark::default();
    item.steps = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mark = visit.steps.get(i).unwrap_or(&unmarked);
            StepItem {
                text: flow_text(run, step.text.trim()),
                command: step.command.as_ref().map(|c| flow_text(run, c.text.trim())),
                state: mark.state,
                at: mark.at,
                reason: mark.reason.as_deref().map(typed),
                wait: match (step.wait, mark.wait) {
                    (Some(total), Some(w)) => Some(WaitItem {
                        seconds: total.as_secs(),
                        started: w.started,
                        skipped: w.skipped,
                    }),
                    _ => None,
                },
            }
        })
        .collect();
}

// ----- Markdown -----

/// `2026-11-25 13:01:42 UTC`.
fn full_time(t: Stamp) -> String {
    let s = t.rfc3339();
    format!("{} UTC", s.trim_end_matches('Z').replacen('T', " ", 1))
}

/// `13:01:42`, with the date in front when it is not the session's first day.
fn short_time(t: Stamp, first_day: &str) -> String {
    let full = full_time(t);
    match full.split_once(' ') {
        Some((day, rest)) if day == first_day => rest.trim_end_matches(" UTC").to_owned(),
        _ => full,
    }
}

/// Escapes what would turn plain text into Markdown markup or HTML: emphasis, code, links,
/// tags, and a backslash that would escape the next character. Other characters are left
/// alone so the text still reads well pasted as plain text.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let escape = match c {
            '`' | '*' | '<' | '[' => true,
            '\\' => chars.peek().is_some_and(char::is_ascii_punctuation),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// An inline code span that survives backticks in `text`.
fn code(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

fn render(t: &Transcript) -> String {
    let mut out = String::new();
    let day = full_time(t.started)
        .split_once(' ')
        .map(|(d, _)| d.to_owned())
        .unwrap_or_default();
    let at = |s: Stamp| short_time(s, &day);
    let _ = writeln!(out, "# {}\n", md(&t.flow.title));
    let status = match (t.finished, t.outcome) {
        (true, Some(o)) => format!("**{}**", o.heading()),
        (true, None) => "finished".to_owned(),
        (false, _) => match t.path.last() {
            Some(last) => format!("in progress, at {}", code(&last.node)),
            None => "in progress".to_owned(),
        },
    };
    let _ = writeln!(out, "- Status: {status}");
    let _ = writeln!(out, "- Flow: {}", code(&t.flow.id));
    let _ = writeln!(out, "- Session: {}", code(&t.session));
    let _ = writeln!(out, "- Started: {}", full_time(t.started));
    let _ = writeln!(out, "- Last activity: {}", full_time(t.updated));
    if let Some(entry) = &t.entry {
        match &entry.title {
            Some(title) => {
                let _ = writeln!(out, "- Known error: {} ({})", md(title), code(&entry.id));
            }
            None => {
                let _ = writeln!(out, "- Known error: {}", code(&entry.id));
            }
        }
    }
    if !t.changed_flows.is_empty() {
        let ids: Vec<String> = t.changed_flows.iter().map(|f| code(f)).collect();
        let _ = writeln!(
            out,
            "- Note: flow {} changed since this session ran; texts are from the current version",
            ids.join(", ")
        );
    }
    if let Some(query) = &t.query {
        let fence = "`".repeat(longest_backtick_run(query).max(2) + 1);
        let _ = writeln!(out, "\n## Error\n\n{fence}text\n{query}\n{fence}");
    }
    let _ = writeln!(out, "\n## Steps taken\n");
    for (n, item) in t.path.iter().enumerate() {
        render_item(&mut out, n + 1, item, &at);
    }
    let _ = writeln!(out, "## Outcome\n");
    match (t.finished, t.outcome) {
        (true, Some(o)) => {
            let _ = write!(out, "**{}.**", o.heading());
        }
        (true, None) => out.push_str("**Finished.**"),
        (false, _) => out.push_str("**Not finished yet.**"),
    }
    match &t.next_action {
        Some(next) => {
            let _ = writeln!(out, " Next: {}", md(next));
        }
        None => out.push('\n'),
    }
    out
}

/// One node of the path: a numbered item, with what happened there as bullets under it.
fn render_item(out: &mut String, n: usize, item: &Item, at: &dyn Fn(Stamp) -> String) {
    let last_end = item.current && item.kind == "end";
    let heading = match (item.kind, &item.text) {
        ("goto", _) => match &item.entered_flow {
            Some(f) => format!("Went to flow **{}** ({})", md(&f.title), code(&f.id)),
            None => format!("Went to another flow from {}", code(&item.node)),
        },
        ("end", text) => {
            let word = item.outcome.map_or("End", Outcome::heading);
            match text {
                // The last end's message is the outcome's "Next:"; not said twice.
                Some(text) if !last_end => {
                    format!("End of {}: **{word}**. {}", code(&item.flow), md(text))
                }
                _ => format!("End of {}: **{word}**", code(&item.flow)),
            }
        }
        ("missing", _) => format!("{} (no longer in the flow)", code(&item.node)),
        (_, Some(text)) => format!("**{}**", md(text)),
        (_, None) => code(&item.node),
    };
    let current = if item.current && item.left.is_none() && item.kind != "end" {
        " *(current step)*"
    } else {
        ""
    };
    let _ = writeln!(out, "{n}. {heading}{current}");
    let indent = " ".repeat(n.to_string().len() + 2);
    let when = item
        .left
        .map(|t| format!(" ({})", at(t)))
        .unwrap_or_default();
    if let Some(answer) = &item.answer {
        let _ = writeln!(out, "{indent}- Answer: **{}**{when}", md(answer));
    }
    if let Some(input) = &item.input {
        let _ = writeln!(
            out,
            "{indent}- Input {}: {}{when}",
            code(&input.var),
            code(&input.value)
        );
    }
    for step in &item.steps {
        render_step(out, &indent, step, at);
    }
    for note in &item.notes {
        let mut lines = note.text.lines();
        match (lines.next(), lines.next()) {
            (Some(only), None) => {
                let _ = writeln!(out, "{indent}- Note ({}): {}", at(note.at), md(only));
            }
            _ => {
                let _ = writeln!(out, "{indent}- Note ({}):", at(note.at));
                for line in note.text.lines() {
                    let _ = writeln!(out, "{indent}  > {}", md(line));
                }
            }
        }
    }
    if matches!(item.kind, "checklist" | "step")
        && let Some(left) = item.left
    {
        let _ = writeln!(out, "{indent}- Continued at {}", at(left));
    }
    out.push('\n');
}

/// One checklist step: `[x]` checked, `[ ]` open, struck through when skipped; its command
/// and wait as bullets under it.
fn render_step(out: &mut String, indent: &str, step: &StepItem, at: &dyn Fn(Stamp) -> String) {
    let when = step.at.map(|t| format!(" ({})", at(t))).unwrap_or_default();
    let line = match step.state {
        StepState::Done => format!("- [x] {}{when}", md(&step.text)),
        StepState::Open => format!("- [ ] {}", md(&step.text)),
        StepState::Skipped => {
            let reason = step
                .reason
                .as_deref()
                .map(|r| format!(": {}", md(r)))
                .unwrap_or_default();
            format!("- [ ] ~~{}~~ skipped{when}{reason}", md(&step.text))
        }
    };
    let _ = writeln!(out, "{indent}{line}");
    let sub = format!("{indent}  ");
    if let Some(command) = &step.command {
        let _ = writeln!(out, "{sub}- Command: {}", code(command));
    }
    if let Some(wait) = &step.wait {
        let length = humantime::format_duration(Duration::from_secs(wait.seconds));
        let end = match wait.skipped {
            Some(skipped) => format!("skipped at {}", at(skipped)),
            None => format!(
                "until {}",
                at(Stamp(wait.started.0 + Duration::from_secs(wait.seconds)))
            ),
        };
        let _ = writeln!(
            out,
            "{sub}- Wait of {length}: started {}, {end}",
            at(wait.started)
        );
    }
}
