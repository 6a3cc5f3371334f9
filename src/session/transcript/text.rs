//! The plain-text transcript, for ticket systems that show Markdown literally (ServiceNow,
//! Autotask, ConnectWise, Halo notes): no markup characters, labels in one aligned column,
//! lines wrapped to fit a note, and commands never broken inside a word.

use super::record::{Item, StepItem, Transcript};
use super::time::{Clock, duration};
use crate::engine::{ShownEntry, Stamp, StepState};
use crate::flow::Outcome;
use std::fmt::Write as _;
use std::time::Duration;

/// Lines are wrapped to this many columns; ticket notes are rarely wider.
pub(super) const WIDTH: usize = 76;

/// The label column: `Fingerprint` and two spaces.
const LABEL: usize = 13;

/// `text` wrapped to `width` with `first` before the first line and `rest` before the others.
/// Long words (a GUID, a URL, a command's argument) are kept whole on their own line rather
/// than split, so what is copied from the ticket still works.
pub(super) fn wrap(out: &mut String, first: &str, rest: &str, text: &str, width: usize) {
    for (i, para) in text.split('\n').enumerate() {
        let lead = if i == 0 { first } else { rest };
        let options = textwrap::Options::new(width.max(rest.len() + 20))
            .initial_indent(lead)
            .subsequent_indent(rest)
            .break_words(false)
            // Never at a hyphen either: GUIDs and host names are full of them.
            .word_splitter(textwrap::WordSplitter::NoHyphenation);
        if para.trim().is_empty() {
            let _ = writeln!(out, "{}", lead.trim_end());
            continue;
        }
        for line in textwrap::wrap(para, options) {
            let _ = writeln!(out, "{}", line.trim_end());
        }
    }
}

/// One `Label        value` line (wrapped under the value column), indented by `indent`.
pub(super) fn field(out: &mut String, indent: &str, label: &str, value: &str) {
    let first = format!(
        "{indent}{label:<width$}",
        width = LABEL.saturating_sub(indent.len())
    );
    let rest = " ".repeat(first.len().max(LABEL));
    let first = format!("{first:<w$}", w = rest.len());
    wrap(out, &first, &rest, value, WIDTH);
}

/// The known error: title, codes, cause, each fix numbered, and the link.
pub(super) fn entry_section(out: &mut String, e: &ShownEntry) {
    field(out, "", "Known error", &format!("{} ({})", e.title, e.id));
    if !e.codes.is_empty() {
        field(out, "  ", "Codes", &e.codes.join(", "));
    }
    field(out, "  ", "Cause", &e.cause);
    for (label, list) in [("Fix", &e.fix), ("Dev fix", &e.developer_fix)] {
        for (i, f) in list.iter().enumerate() {
            let label = if i == 0 { label } else { "" };
            let rest = " ".repeat(LABEL + 4);
            let first = format!("  {label:<w$}{:>2}. ", i + 1, w = LABEL - 2);
            wrap(out, &first, &rest, f, WIDTH);
        }
    }
    if let Some(link) = &e.link {
        field(out, "  ", "Link", link);
    }
}

pub(super) fn render(t: &Transcript, clock: &Clock) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", t.flow.title);
    let _ = writeln!(
        out,
        "{}",
        "=".repeat(t.flow.title.chars().count().min(WIDTH))
    );
    let status = match (t.finished, t.outcome) {
        (true, Some(o)) => o.heading().to_owned(),
        (true, None) => "Finished".to_owned(),
        (false, _) => match t.path.last() {
            Some(last) => format!("In progress, at {}", last.node),
            None => "In progress".to_owned(),
        },
    };
    field(&mut out, "", "Status", &status);
    field(
        &mut out,
        "",
        "Flow",
        &format!("{} ({})", t.flow.title, t.flow.id),
    );
    for (label, value) in [
        ("Ticket", &t.ticket.reference),
        ("Customer", &t.ticket.customer),
        ("Operator", &t.ticket.operator),
    ] {
        if let Some(v) = value {
            field(&mut out, "", label, v);
        }
    }
    field(&mut out, "", "Started", &t.started_local);
    let end_label = if t.finished { "Ended" } else { "Last active" };
    field(&mut out, "", end_label, &t.updated_local);
    field(&mut out, "", "Duration", &t.duration);
    field(&mut out, "", "Session", &t.session);
    field(&mut out, "", "tshoot", t.tshoot_version);
    for (i, (id, hash)) in t.fingerprints.iter().enumerate() {
        let label = if i == 0 { "Fingerprint" } else { "" };
        field(&mut out, "", label, &format!("{id} {hash}"));
    }
    if !t.changed_flows.is_empty() {
        field(
            &mut out,
            "",
            "Note",
            &format!(
                "flow {} changed since this session ran; the texts below are the ones shown then",
                t.changed_flows.join(", ")
            ),
        );
    }
    if let Some(e) = &t.known_error {
        out.push('\n');
        entry_section(&mut out, e);
    }
    if let Some(by) = &t.started_by {
        let _ = writeln!(out, "\n{}:", by.label());
        for line in by.text.lines() {
            // Each line of the error stays a line; a long one wraps at spaces, indented
            // further so the reader sees it continues.
            wrap(&mut out, "  ", "      ", line, WIDTH);
        }
    }
    let day = clock.day(t.started);
    let at = |s: Stamp| clock.short(s, &day);
    let _ = writeln!(out, "\nSteps taken");
    let width = t.path.len().to_string().len();
    for (n, item) in t.path.iter().enumerate() {
        render_item(&mut out, n + 1, width, item, &at);
    }
    let _ = writeln!(out, "\nOutcome");
    let outcome = match (t.finished, t.outcome) {
        (true, Some(o)) => format!("{}.", o.heading()),
        (true, None) => "Finished.".to_owned(),
        (false, _) => "Not finished yet.".to_owned(),
    };
    let line = match &t.next_action {
        Some(next) => format!("{outcome} Next: {next}"),
        None => outcome,
    };
    wrap(&mut out, "", "", &line, WIDTH);
    out
}

fn render_item(
    out: &mut String,
    n: usize,
    width: usize,
    item: &Item,
    at: &dyn Fn(Stamp) -> String,
) {
    let head = match (item.kind.as_str(), &item.text) {
        ("goto", _) => match &item.entered_flow {
            Some(f) => format!("Went to flow {} ({})", f.title, f.id),
            None => format!("Went to another flow from {}", item.node),
        },
        ("end", text) => {
            let not_gone = item.error_gone.as_ref().is_some_and(|g| !g.error_gone);
            let word = if not_gone {
                crate::engine::GONE_NOT_HEADING
            } else {
                item.outcome.map_or("End", Outcome::heading)
            };
            match text {
                Some(text) if !item.current || not_gone => {
                    format!("End of {}: {word}. {text}", item.flow)
                }
                _ => format!("End of {}: {word}", item.flow),
            }
        }
        ("missing", _) => format!("{} (texts not recorded)", item.node),
        ("branch", _) => match &item.branch {
            Some(b) => format!("Decided at {}: went to {}", item.node, b.next),
            None => format!("Decided at {}", item.node),
        },
        (_, Some(text)) => text.clone(),
        (_, None) => item.node.clone(),
    };
    let current = if item.current && item.left.is_none() && item.kind != "end" {
        " (current step)"
    } else {
        ""
    };
    let first = format!("{n:>width$}. ");
    let indent = " ".repeat(first.len());
    wrap(out, &first, &indent, &format!("{head}{current}"), WIDTH);
    let when = item
        .left
        .map(|t| format!(" ({})", at(t)))
        .unwrap_or_default();
    if let Some(answer) = &item.answer {
        wrap(
            out,
            &indent,
            &indent,
            &format!("Answer: {answer}{when}"),
            WIDTH,
        );
    }
    if let Some(g) = &item.error_gone {
        let line = format!("{} {} ({})", g.question, g.answer, at(g.at));
        wrap(out, &indent, &indent, &line, WIDTH);
    }
    if let Some(input) = &item.input {
        let line = if input.claims.is_empty() {
            format!("Input {}: {}{when}", input.var, input.value)
        } else {
            format!("Token {} (not kept): {}{when}", input.var, input.value)
        };
        wrap(out, &indent, &indent, &line, WIDTH);
        let claims: Vec<String> = input
            .key_claims()
            .into_iter()
            .map(|(k, v)| format!("{k} {v}"))
            .collect();
        if !claims.is_empty() {
            let rest = format!("{indent}  ");
            let line = format!("Claims: {}", claims.join("; "));
            wrap(out, &indent, &rest, &line, WIDTH);
        }
    }
    if let Some(b) = &item.branch {
        let rest = format!("{indent}  ");
        for c in &b.checked {
            wrap(out, &indent, &rest, &format!("Checked: {c}"), WIDTH);
        }
        if b.by_else {
            wrap(out, &indent, &rest, "None held: took else", WIDTH);
        }
    }
    if let Some(e) = &item.entry
        && !item.current
    {
        let line = format!("Known error: {} ({})", e.title, e.id);
        wrap(out, &indent, &indent, &line, WIDTH);
    }
    for step in &item.steps {
        render_step(out, &indent, step, at);
    }
    for note in &item.notes {
        let rest = format!("{indent}  ");
        wrap(
            out,
            &indent,
            &rest,
            &format!("Note ({}): {}", at(note.at), note.text),
            WIDTH,
        );
    }
    if matches!(item.kind.as_str(), "checklist" | "step")
        && let Some(left) = item.left
    {
        let _ = writeln!(out, "{indent}Continued at {}", at(left));
    }
}

/// `[x]` checked, `[ ]` open, `[-]` skipped with its reason; command and wait under it.
fn render_step(out: &mut String, indent: &str, step: &StepItem, at: &dyn Fn(Stamp) -> String) {
    let when = step.at.map(|t| format!(" ({})", at(t))).unwrap_or_default();
    let skipped_at = step
        .at
        .map(|t| format!(" at {}", at(t)))
        .unwrap_or_default();
    let line = match step.state {
        StepState::Done => format!("[x] {}{when}", step.text),
        StepState::Open => format!("[ ] {}", step.text),
        StepState::Skipped => {
            let reason = step
                .reason
                .as_deref()
                .map(|r| format!(", reason: {r}"))
                .unwrap_or_default();
            format!("[-] {} (skipped{skipped_at}{reason})", step.text)
        }
    };
    let sub = format!("{indent}    ");
    wrap(out, indent, &sub, &line, WIDTH);
    if let Some(command) = &step.command {
        let risk = step
            .risk
            .map(|r| format!(" ({})", r.label()))
            .unwrap_or_default();
        // The command on a line of its own, never wrapped: copied from the ticket, it must
        // still be one command.
        let _ = writeln!(out, "{sub}Command{risk}:");
        let _ = writeln!(out, "{sub}  $ {command}");
    }
    if let Some(wait) = &step.wait {
        let length = duration(Duration::from_secs(wait.seconds));
        let end = match wait.skipped {
            Some(skipped) => match &wait.reason {
                Some(r) => format!("skipped at {}, reason: {}", at(skipped), r),
                None => format!("skipped at {}", at(skipped)),
            },
            None => format!(
                "until {}",
                at(Stamp(wait.started.0 + Duration::from_secs(wait.seconds)))
            ),
        };
        let line = format!("Wait of {length}: started {}, {end}", at(wait.started));
        wrap(out, &sub, &sub, &line, WIDTH);
    }
}
