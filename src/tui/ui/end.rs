//! The end of a run: the outcome (or "Is the error gone?"), the known error's fix, the
//! ticket fields the transcript will carry and a summary of what was done.

use super::text::wrapped;
use crate::engine::{self as gone, Answer, Run, StepState};
use crate::flow::{Library, NodeKind, Outcome};
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

/// What the end screen shows: the outcome, its message, the known error it names and
/// whether the run goes back to a calling flow.
pub(super) struct EndView<'a> {
    pub(super) outcome: Outcome,
    pub(super) message: Option<&'a str>,
    pub(super) entry: Option<&'a str>,
    pub(super) returns: bool,
}

pub(super) fn draw_end(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    run: &Run,
    end: EndView<'_>,
    theme: &Theme,
) {
    let EndView {
        outcome,
        message,
        entry,
        returns,
    } = end;
    // A resolved end is only called resolved once the operator says the error is gone.
    let asking = run.asks_if_gone(app.lib);
    let confirmed = run.visits.last().and_then(|v| v.confirmed.as_ref());
    let not_gone = confirmed.is_some_and(|c| !c.error_gone);
    let outcome = gone::confirmed_outcome(outcome, confirmed).unwrap_or(outcome);
    let mut lines = if asking {
        vec![Line::styled(
            format!("? {}", gone::GONE_QUESTION.to_uppercase()),
            theme.title(),
        )]
    } else {
        let (word, style) = match outcome {
            Outcome::Resolved => ("✓", theme.good()),
            Outcome::Escalate => ("↑", theme.caution()),
            Outcome::Unresolved => ("✗", theme.danger()),
        };
        vec![Line::styled(
            format!("{word} {}", outcome.label().to_uppercase()),
            style,
        )]
    };
    if let Some(c) = confirmed {
        let answer = gone::gone_summary(c.error_gone, None);
        lines.extend(wrapped(
            &format!("{} {answer}", gone::GONE_QUESTION),
            area.width,
            "",
            theme.text(),
        ));
    }
    if not_gone {
        lines.extend(wrapped(gone::GONE_NOT_NEXT, area.width, "", theme.text()));
    } else if let Some(m) = message {
        lines.extend(wrapped(&run.fill(m), area.width, "", theme.text()));
    }
    if let Some(entry) = entry.and_then(|e| app.lib.entry(e)) {
        lines.push(Line::default());
        lines.extend(wrapped(
            &format!("Known error: {}", entry.title),
            area.width,
            "",
            theme.title(),
        ));
        for (i, f) in entry.fix.iter().enumerate() {
            lines.extend(wrapped(
                &run.fill(f),
                area.width,
                &format!("{}. ", i + 1),
                theme.text(),
            ));
        }
    }
    lines.push(Line::default());
    if asking {
        let offers = [
            ("y", format!("{} — {}", gone::GONE_YES, run.after_yes())),
            (
                "n",
                format!("{} — {}", gone::GONE_NO, run.after_no(app.lib)),
            ),
        ];
        for (key, text) in offers {
            lines.extend(wrapped(&text, area.width, &format!("{key}  "), theme.key()));
        }
    } else if returns {
        lines.push(Line::styled(
            "This part is done: Enter returns to the flow that led here.",
            theme.key(),
        ));
    } else {
        lines.extend(ticket_lines(app, area.width, theme));
        lines.push(Line::default());
        lines.push(Line::styled("What was done", theme.title()));
        lines.extend(path_summary(app.lib, run, area.width, theme));
        lines.push(Line::default());
        lines.push(Line::styled(
            "c copies the transcript for the ticket · e writes it to a file",
            theme.key(),
        ));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// The ticket fields the transcript will carry, or how to add them (they are optional).
fn ticket_lines(app: &App, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let Some(ticket) = app.runner.as_ref().map(|r| &r.opening.ticket) else {
        return Vec::new();
    };
    if ticket.reference.is_none() && ticket.customer.is_none() {
        return wrapped(
            "No ticket reference or customer yet: t adds them (optional).",
            width,
            "",
            theme.dim(),
        );
    }
    let fields = [
        ("ticket", &ticket.reference),
        ("customer", &ticket.customer),
        ("operator", &ticket.operator),
    ];
    let text = fields
        .iter()
        .filter_map(|(name, value)| value.as_ref().map(|v| format!("{name} {v}")))
        .collect::<Vec<_>>()
        .join(" · ");
    wrapped(
        &format!("For the ticket: {text} (t changes it)"),
        width,
        "",
        theme.text(),
    )
}

fn path_summary(lib: &Library, run: &Run, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for visit in &run.visits {
        let Ok(flow) = lib.flow(&visit.flow).ok_or(()) else {
            continue;
        };
        let Some(node) = flow.node(&visit.node) else {
            continue;
        };
        let text = match (&node.kind, &visit.answer) {
            (NodeKind::Question { prompt, .. }, Some(Answer::Choice { label, .. })) => {
                format!("{} → {label}", run.fill(prompt))
            }
            (NodeKind::Input { prompt, .. }, Some(Answer::Input { value, .. })) => {
                format!("{} → {value}", run.fill(prompt))
            }
            (NodeKind::Input { prompt, .. }, Some(Answer::Token { summary, .. })) => {
                format!("{} → {summary}", run.fill(prompt))
            }
            (NodeKind::Checklist { title, .. }, _) => {
                let done = visit
                    .steps
                    .iter()
                    .filter(|m| m.state == StepState::Done)
                    .count();
                let skipped = visit
                    .steps
                    .iter()
                    .filter(|m| m.state == StepState::Skipped)
                    .count();
                format!("{}: {done} done, {skipped} skipped", run.fill(title))
            }
            (NodeKind::Step { step, .. }, _) => run.fill(&step.text),
            (NodeKind::Branch { .. }, _) => {
                match visit.shown.as_ref().and_then(|s| s.branch.as_ref()) {
                    Some(b) => format!("Decided: {}", b.line()),
                    None => continue,
                }
            }
            _ => continue,
        };
        lines.extend(wrapped(&text, width, "• ", theme.text()));
    }
    lines
}
