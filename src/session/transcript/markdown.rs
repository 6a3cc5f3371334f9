//! The Markdown transcript, for tickets that render Markdown.

use super::record::{Item, StepItem, Transcript};
use super::time::{Clock, duration};
use crate::engine::{ShownEntry, Stamp, StepState};
use crate::flow::Outcome;
use std::fmt::Write as _;
use std::time::Duration;

/// Escapes what would turn plain text into Markdown markup or HTML: emphasis, code, links,
/// tags, and a backslash that would escape the next character. Other characters are left
/// alone so the text still reads well pasted as plain text.
pub(super) fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let escape = match c {
            '`' | '*' | '<' | '[' | '~' => true,
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
pub(super) fn code(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text) + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

/// A fenced block that survives backtick runs inside `text`.
pub(super) fn fenced(text: &str) -> String {
    let fence = "`".repeat(longest_backtick_run(text).max(2) + 1);
    format!("{fence}text\n{text}\n{fence}")
}

fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// The known error's title, codes, cause, fix and link, as Markdown bullets.
pub(super) fn entry_section(out: &mut String, e: &ShownEntry) {
    let _ = writeln!(out, "- Known error: {} ({})", md(&e.title), code(&e.id));
    if !e.codes.is_empty() {
        let codes: Vec<String> = e.codes.iter().map(|c| code(c)).collect();
        let _ = writeln!(out, "  - Codes: {}", codes.join(", "));
    }
    let _ = writeln!(out, "  - Cause: {}", md(&e.cause));
    for (label, list) in [("Fix", &e.fix), ("Developer fix", &e.developer_fix)] {
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "  - {label}:");
        for (i, f) in list.iter().enumerate() {
            let _ = writeln!(out, "    {}. {}", i + 1, md(f));
        }
    }
    if let Some(link) = &e.link {
        let _ = writeln!(out, "  - Link: <{link}>");
    }
}

pub(super) fn render(t: &Transcript, clock: &Clock) -> String {
    let mut out = String::new();
    let day = clock.day(t.started);
    let at = |s: Stamp| clock.short(s, &day);
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
    let _ = writeln!(out, "- Flow: {} ({})", md(&t.flow.title), code(&t.flow.id));
    for (label, value) in [
        ("Ticket", &t.ticket.reference),
        ("Customer", &t.ticket.customer),
        ("Operator", &t.ticket.operator),
    ] {
        if let Some(v) = value {
            let _ = writeln!(out, "- {label}: {}", md(v));
        }
    }
    let _ = writeln!(out, "- Started: {}", t.started_local);
    let end_label = if t.finished { "Ended" } else { "Last activity" };
    let _ = writeln!(out, "- {end_label}: {}", t.updated_local);
    let _ = writeln!(out, "- Duration: {}", t.duration);
    let _ = writeln!(out, "- Session: {}", code(&t.session));
    let _ = writeln!(out, "- tshoot: {}", t.tshoot_version);
    let prints: Vec<String> = t
        .fingerprints
        .iter()
        .map(|(id, hash)| format!("{} {}", code(id), code(hash)))
        .collect();
    if !prints.is_empty() {
        let _ = writeln!(out, "- Fingerprint: {}", prints.join(", "));
    }
    if let Some(e) = &t.known_error {
        entry_section(&mut out, e);
    }
    if !t.changed_flows.is_empty() {
        let ids: Vec<String> = t.changed_flows.iter().map(|f| code(f)).collect();
        let _ = writeln!(
            out,
            "- Note: flow {} changed since this session ran; the texts below are the ones shown then",
            ids.join(", ")
        );
    }
    if let Some(by) = &t.started_by {
        let _ = writeln!(out, "\n## {}\n\n{}", by.label(), fenced(&by.text));
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
    let heading = match (item.kind.as_str(), &item.text) {
        ("goto", _) => match &item.entered_flow {
            Some(f) => format!("Went to flow **{}** ({})", md(&f.title), code(&f.id)),
            None => format!("Went to another flow from {}", code(&item.node)),
        },
        ("end", text) => {
            let not_gone = item.error_gone.as_ref().is_some_and(|g| !g.error_gone);
            let word = if not_gone {
                crate::engine::GONE_NOT_HEADING
            } else {
                item.outcome.map_or("End", Outcome::heading)
            };
            match text {
                // The last end's message is the outcome's "Next:"; not said twice.
                Some(text) if !last_end || not_gone => {
                    format!("End of {}: **{word}**. {}", code(&item.flow), md(text))
                }
                _ => format!("End of {}: **{word}**", code(&item.flow)),
            }
        }
        ("missing", _) => format!("{} (texts not recorded)", code(&item.node)),
        ("branch", _) => match &item.branch {
            Some(b) => format!("Decided at {}: went to {}", code(&item.node), code(&b.next)),
            None => format!("Decided at {}", code(&item.node)),
        },
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
    if let Some(g) = &item.error_gone {
        let _ = writeln!(
            out,
            "{indent}- {} **{}** ({})",
            md(g.question),
            md(&g.answer),
            at(g.at)
        );
    }
    if let Some(input) = &item.input
        && input.claims.is_empty()
    {
        let _ = writeln!(
            out,
            "{indent}- Input {}: {}{when}",
            code(&input.var),
            code(&input.value)
        );
    } else if let Some(input) = &item.input {
        let _ = writeln!(
            out,
            "{indent}- Token {} (not kept): {}{when}",
            code(&input.var),
            md(&input.value)
        );
        let claims: Vec<String> = input
            .key_claims()
            .into_iter()
            .map(|(k, v)| format!("{k} {}", code(v)))
            .collect();
        if !claims.is_empty() {
            let _ = writeln!(out, "{indent}- Claims: {}", claims.join(", "));
        }
    }
    if let Some(b) = &item.branch {
        for c in &b.checked {
            let _ = writeln!(out, "{indent}- Checked: {}", md(c));
        }
        if b.by_else {
            let _ = writeln!(out, "{indent}- None held: took `else`");
        }
    }
    if let Some(e) = &item.entry
        && !item.current
    {
        let _ = writeln!(
            out,
            "{indent}- Known error: {} ({})",
            md(&e.title),
            code(&e.id)
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
    if matches!(item.kind.as_str(), "checklist" | "step")
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
        let risk = step
            .risk
            .map(|r| format!(" ({})", r.label()))
            .unwrap_or_default();
        let _ = writeln!(out, "{sub}- Command{risk}: {}", code(command));
    }
    if let Some(wait) = &step.wait {
        let length = duration(Duration::from_secs(wait.seconds));
        let end = match wait.skipped {
            Some(skipped) => match &wait.reason {
                Some(r) => format!("skipped at {}, reason: {}", at(skipped), md(r)),
                None => format!("skipped at {}", at(skipped)),
            },
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
