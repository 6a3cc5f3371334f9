//! The flow runner screen: header with title, breadcrumb and progress, then the current node.

use super::text::wrapped;
use crate::engine::{Answer, Run, StepState, Visit, clock as stamp_clock};
use crate::flow::{InputKind, Library, Node, NodeKind, Outcome, Risk, Step};
use crate::tui::state::{App, Runner};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Gauge, List, ListItem, ListState, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(runner) = &app.runner else { return };
    let Ok(cur) = runner.run.current(app.lib) else {
        frame.render_widget(
            Paragraph::new("This flow is no longer in the library."),
            area,
        );
        return;
    };
    // On a short terminal the header is one line and the body has no frame.
    let compact = area.height < 16;
    let [header, body] = Layout::vertical([
        Constraint::Length(if compact { 1 } else { 3 }),
        Constraint::Min(1),
    ])
    .areas(area);
    draw_header(frame, header, app, runner, &cur.flow.title, theme);
    let block = if compact {
        Block::default()
    } else {
        Block::default()
            .borders(Borders::ALL)
            .border_style(theme.border_focus())
    };
    let inner = block.inner(body);
    frame.render_widget(block, body);
    let run = &runner.run;
    match &cur.node.kind {
        NodeKind::Question { prompt, choices } => {
            let mut head = wrapped(&run.fill(prompt), inner.width, "", theme.title());
            head.extend(node_text(cur.node, run, inner.width, theme));
            if runner.show_help {
                if let Some(help) = &cur.node.help {
                    head.push(Line::default());
                    head.extend(wrapped(&run.fill(help), inner.width, "ℹ ", theme.dim()));
                }
            } else if cur.node.help.is_some() {
                head.push(Line::styled("h shows help for this question", theme.dim()));
            }
            let items: Vec<Vec<Line>> = choices
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    wrapped(
                        &run.fill(&c.label),
                        inner.width.saturating_sub(2),
                        &format!("{}. ", i + 1),
                        theme.text(),
                    )
                })
                .collect();
            list_with_head(frame, inner, app, head, items, runner.selected, theme);
        }
        NodeKind::Checklist { title, steps, .. } => {
            let view = StepsView {
                title: Some(title),
                steps,
                node: cur.node,
                visit: cur.visit,
            };
            draw_steps(frame, inner, app, runner, view, theme);
        }
        NodeKind::Step { step, .. } => {
            let view = StepsView {
                title: None,
                steps: std::slice::from_ref(step),
                node: cur.node,
                visit: cur.visit,
            };
            draw_steps(frame, inner, app, runner, view, theme);
        }
        NodeKind::Input {
            prompt,
            placeholder,
            kind,
            ..
        } => {
            let secret = *kind == InputKind::Token;
            let mut lines = wrapped(&run.fill(prompt), inner.width, "", theme.title());
            lines.extend(node_text(cur.node, run, inner.width, theme));
            lines.push(Line::default());
            let width = usize::from(inner.width.saturating_sub(3));
            let scroll = runner.input.visual_scroll(width);
            let value = runner.input.value();
            // A pasted token is a secret: the field says how much was pasted, never what.
            let hidden = format!("{} characters pasted, hidden", value.chars().count());
            let field = if secret && !value.is_empty() {
                Span::styled(hidden.clone(), theme.dim())
            } else if value.is_empty() {
                Span::styled(
                    placeholder.as_deref().map_or_else(String::new, |p| {
                        format!("e.g. {}", crate::sanitize::line(p))
                    }),
                    theme.dim(),
                )
            } else {
                Span::raw(
                    crate::sanitize::line(value)
                        .chars()
                        .skip(scroll)
                        .collect::<String>(),
                )
            };
            let y = inner.y + u16::try_from(lines.len()).unwrap_or(0);
            lines.push(Line::from(vec![Span::styled("> ", theme.key()), field]));
            frame.render_widget(Paragraph::new(lines), inner);
            let x = if secret && !value.is_empty() {
                hidden.chars().count()
            } else {
                runner.input.visual_cursor().saturating_sub(scroll)
            };
            if y < inner.bottom() {
                frame.set_cursor_position(Position::new(
                    (inner.x + 2 + u16::try_from(x).unwrap_or(0))
                        .min(inner.right().saturating_sub(1)),
                    y,
                ));
            }
        }
        NodeKind::End {
            outcome,
            message,
            entry,
        } => {
            let returns = !cur.visit.calls.is_empty();
            let end = EndView {
                outcome: *outcome,
                message: message.as_deref(),
                entry: entry.as_deref(),
                returns,
            };
            draw_end(frame, inner, app, run, end, theme);
        }
        NodeKind::Search { prompt } => {
            let mut lines = wrapped(&run.fill(prompt), inner.width, "", theme.title());
            lines.push(Line::default());
            lines.push(Line::styled(
                "Enter goes to the search: paste the error text there.",
                theme.dim(),
            ));
            frame.render_widget(Paragraph::new(lines), inner);
        }
        NodeKind::Branch { .. } => {
            frame.render_widget(Paragraph::new("Deciding where to go next…"), inner);
        }
        NodeKind::Goto { flow, .. } => {
            frame.render_widget(
                Paragraph::new(format!(
                    "Continuing in flow '{}'…",
                    crate::sanitize::line(flow)
                )),
                inner,
            );
        }
    }
}

fn draw_header(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    runner: &Runner,
    title: &str,
    theme: &Theme,
) {
    let (done, left) = runner.run.progress(app.lib);
    let progress = if left == 0 {
        format!(" step {} ", done + 1)
    } else {
        format!(" step {} · about {left} to go ", done + 1)
    };
    if area.height < 3 {
        let line = Line::from(vec![
            Span::styled(crate::sanitize::line(title), theme.title()),
            Span::styled(format!(" ·{progress}"), theme.dim()),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            format!(" {} ", crate::sanitize::line(title)),
            theme.title(),
        ))
        .title_top(Line::from(Span::styled(progress, theme.dim())).right_aligned())
        .border_style(theme.border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let crumbs = runner.run.breadcrumb();
    let text = if crumbs.is_empty() {
        "first step".to_owned()
    } else {
        crumbs
            .iter()
            .map(|c| crate::sanitize::line(c))
            .collect::<Vec<_>>()
            .join(" › ")
    };
    // Keep the end of the breadcrumb: the latest answers matter most.
    let width = usize::from(inner.width);
    let count = text.chars().count();
    let shown = if count > width {
        let tail: String = text.chars().skip(count - width + 1).collect();
        format!("…{tail}")
    } else {
        text
    };
    frame.render_widget(Paragraph::new(Span::styled(shown, theme.dim())), inner);
}

fn node_text(node: &Node, run: &Run, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    match &node.text {
        Some(t) => {
            let mut lines = vec![Line::default()];
            lines.extend(wrapped(&run.fill(t), width, "", theme.text()));
            lines
        }
        None => Vec::new(),
    }
}

/// What a checklist or single-step screen shows: its title, steps, node and the marks.
struct StepsView<'a> {
    title: Option<&'a String>,
    steps: &'a [Step],
    node: &'a Node,
    visit: &'a Visit,
}

fn draw_steps(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    runner: &Runner,
    view: StepsView<'_>,
    theme: &Theme,
) {
    let StepsView {
        title,
        steps,
        node,
        visit,
    } = view;
    let run = &runner.run;
    let total = steps.len();
    let done = visit
        .steps
        .iter()
        .filter(|m| m.state != StepState::Open)
        .count();
    let mut head = Vec::new();
    if let Some(title) = title {
        head.extend(wrapped(&run.fill(title), area.width, "", theme.title()));
    }
    if area.height >= 14 {
        head.extend(node_text(node, run, area.width, theme));
    }
    let [gauge_area, rest] = if title.is_some() {
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area)
    } else {
        [Rect::default(), area]
    };
    if title.is_some() {
        let ratio = if total == 0 {
            0.0
        } else {
            done as f64 / total as f64
        };
        frame.render_widget(
            Gauge::default()
                .ratio(ratio.clamp(0.0, 1.0))
                .label(format!("{done}/{total} done"))
                .gauge_style(theme.good()),
            gauge_area,
        );
    }
    let now = app.now;
    let w = rest.width.saturating_sub(2);
    let items: Vec<Vec<Line>> = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mark = visit.steps.get(i).cloned().unwrap_or_default();
            let (box_text, box_style) = match mark.state {
                StepState::Open => ("[ ] ", theme.text()),
                StepState::Done => ("[x] ", theme.good()),
                StepState::Skipped => ("[-] ", theme.caution()),
            };
            let prefix = format!("{box_text}{}. ", i + 1);
            let mut lines = wrapped(&run.fill(&step.text), w, &prefix, theme.text());
            if let Some(first) = lines.first_mut()
                && let Some(span) = first.spans.first_mut()
            {
                span.style = box_style;
            }
            let indent = " ".repeat(prefix.chars().count());
            if mark.state == StepState::Skipped {
                let reason = mark.reason.clone().unwrap_or_default();
                lines.extend(wrapped(
                    &format!("skipped: {reason}"),
                    w,
                    &indent,
                    theme.caution(),
                ));
            }
            if let Some(wait) = step.wait {
                let text = match (mark.wait, run.wait_left(app.lib, i, now)) {
                    (None, _) => (
                        format!(
                            "⏱ wait {} after this step",
                            humantime::format_duration(wait)
                        ),
                        theme.dim(),
                    ),
                    (Some(w), _) if w.skipped.is_some() => {
                        ("⏱ wait skipped".to_owned(), theme.caution())
                    }
                    (Some(_), Some(left)) => (
                        format!("⏳ waiting: {} left (w skips)", stamp_clock(left)),
                        theme.caution(),
                    ),
                    (Some(_), None) => ("✓ done waiting".to_owned(), theme.good()),
                };
                lines.push(Line::from(vec![
                    Span::raw(indent.clone()),
                    Span::styled(text.0, text.1),
                ]));
            }
            if i == runner.selected
                && let Some(detail) = &step.detail
            {
                lines.extend(wrapped(&run.fill(detail), w, &indent, theme.dim()));
            }
            if let Some(cmd) = &step.command {
                let (mark, style) = match cmd.risk {
                    Risk::Read => ("", theme.dim()),
                    Risk::Change => ("", theme.caution()),
                    Risk::Destructive => ("⚠ ", theme.danger()),
                };
                let label = format!("{mark}{}", cmd.risk.label());
                lines.push(Line::from(vec![
                    Span::raw(indent.clone()),
                    Span::styled(format!("[{label}] "), style),
                    Span::styled("y copies · never run by tshoot", theme.dim()),
                ]));
                // Commands wrap rather than being cut: the operator must see all of it.
                for l in crate::sanitize::block(&run.fill(&cmd.text)).lines() {
                    lines.extend(wrapped(l, w, &format!("{indent}  $ "), theme.code()));
                }
            }
            lines
        })
        .collect();
    list_with_head(frame, rest, app, head, items, runner.selected, theme);
}

/// A heading, then a selectable list of multi-line items; records item rows for the mouse.
fn list_with_head(
    frame: &mut Frame,
    area: Rect,
    app: &App,
    head: Vec<Line<'static>>,
    items: Vec<Vec<Line<'static>>>,
    selected: usize,
    theme: &Theme,
) {
    let head_h = u16::try_from(head.len() + 1)
        .unwrap_or(u16::MAX)
        .min(area.height / 2);
    let [head_area, list_area] =
        Layout::vertical([Constraint::Length(head_h), Constraint::Min(1)]).areas(area);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
    // An item taller than the list would not be drawn at all: cut it to fit, marked with "…".
    let max = usize::from(list_area.height).max(1);
    let items: Vec<Vec<Line<'static>>> = items
        .into_iter()
        .map(|mut lines| {
            if lines.len() > max {
                lines.truncate(max);
                if let Some(last) = lines.last_mut() {
                    last.spans.push(Span::styled(" …", theme.dim()));
                }
            }
            lines
        })
        .collect();
    let heights: Vec<usize> = items.iter().map(Vec::len).collect();
    let list = List::new(items.into_iter().map(ListItem::new))
        .highlight_style(theme.selected())
        .highlight_symbol("▶ ");
    let mut state = ListState::default().with_selected(Some(selected));
    frame.render_stateful_widget(list, list_area, &mut state);
    let mut hitmap = app.hitmap.borrow_mut();
    let mut y = list_area.y;
    for (i, h) in heights.iter().enumerate().skip(state.offset()) {
        for _ in 0..*h {
            if y >= list_area.bottom() {
                return;
            }
            hitmap.rows.push((y, list_area.x, list_area.right(), i));
            y += 1;
        }
    }
}

/// What the end screen shows: the outcome, its message, the known error it names and
/// whether the run goes back to a calling flow.
struct EndView<'a> {
    outcome: Outcome,
    message: Option<&'a str>,
    entry: Option<&'a str>,
    returns: bool,
}

fn draw_end(frame: &mut Frame, area: Rect, app: &App, run: &Run, end: EndView<'_>, theme: &Theme) {
    let EndView {
        outcome,
        message,
        entry,
        returns,
    } = end;
    let (word, style) = match outcome {
        Outcome::Resolved => ("✓", theme.good()),
        Outcome::Escalate => ("↑", theme.caution()),
        Outcome::Unresolved => ("✗", theme.danger()),
    };
    let word = format!("{word} {}", outcome.label().to_uppercase());
    let mut lines = vec![Line::styled(word, style)];
    if let Some(m) = message {
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
    if returns {
        lines.push(Line::styled(
            "This part is done: Enter returns to the flow that led here.",
            theme.key(),
        ));
    } else {
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
