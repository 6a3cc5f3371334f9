//! The flow runner screen: header with title, breadcrumb and progress, then the current node.

use super::text::wrapped;
use crate::engine::{Run, StepState, Visit, clock as stamp_clock};
use crate::flow::{InputKind, Node, NodeKind, Risk, Step};
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
    let here = Here {
        app,
        runner,
        node: cur.node,
        area: inner,
        theme,
    };
    match &cur.node.kind {
        NodeKind::Question { prompt, choices } => draw_question(frame, &here, prompt, choices),
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
        } => draw_input(
            frame,
            &here,
            prompt,
            placeholder.as_deref(),
            *kind == InputKind::Token,
        ),
        NodeKind::End {
            outcome,
            message,
            entry,
        } => {
            let end = super::end::EndView {
                outcome: *outcome,
                message: message.as_deref(),
                entry: entry.as_deref(),
                returns: !cur.visit.calls.is_empty(),
            };
            super::end::draw_end(frame, inner, app, &runner.run, end, theme);
        }
        NodeKind::Search { prompt } => {
            let mut lines = wrapped(&runner.run.fill(prompt), inner.width, "", theme.title());
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

/// What every node's drawing needs: the state, the node, where to draw and the theme.
struct Here<'a> {
    app: &'a App<'a>,
    runner: &'a Runner,
    node: &'a Node,
    area: Rect,
    theme: &'a Theme,
}

/// A question: the prompt, its text and help, then the numbered choices.
fn draw_question(
    frame: &mut Frame,
    here: &Here<'_>,
    prompt: &str,
    choices: &[crate::flow::Choice],
) {
    let Here {
        app,
        runner,
        node,
        area,
        theme,
    } = *here;
    let run = &runner.run;
    let mut head = wrapped(&run.fill(prompt), area.width, "", theme.title());
    head.extend(node_text(node, run, area.width, theme));
    if runner.show_help {
        if let Some(help) = &node.help {
            head.push(Line::default());
            head.extend(wrapped(&run.fill(help), area.width, "ℹ ", theme.dim()));
        }
    } else if node.help.is_some() {
        head.push(Line::styled("h shows help for this question", theme.dim()));
    }
    let items: Vec<Vec<Line>> = choices
        .iter()
        .enumerate()
        .map(|(i, c)| {
            wrapped(
                &run.fill(&c.label),
                area.width.saturating_sub(2),
                &format!("{}. ", i + 1),
                theme.text(),
            )
        })
        .collect();
    list_with_head(frame, area, app, head, items, runner.selected, theme);
}

/// An input: the prompt and text, then the field with its cursor. A token (`secret`) is
/// never drawn: the field says how much was pasted, never what.
fn draw_input(
    frame: &mut Frame,
    here: &Here<'_>,
    prompt: &str,
    placeholder: Option<&str>,
    secret: bool,
) {
    let Here {
        runner,
        node,
        area,
        theme,
        ..
    } = *here;
    let run = &runner.run;
    let mut lines = wrapped(&run.fill(prompt), area.width, "", theme.title());
    lines.extend(node_text(node, run, area.width, theme));
    lines.push(Line::default());
    let width = usize::from(area.width.saturating_sub(3));
    let scroll = runner.input.visual_scroll(width);
    let value = runner.input.value();
    let hidden = format!("{} characters pasted, hidden", value.chars().count());
    let field = if secret && !value.is_empty() {
        Span::styled(hidden.clone(), theme.dim())
    } else if value.is_empty() {
        Span::styled(
            placeholder.map_or_else(String::new, |p| {
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
    let y = area.y + u16::try_from(lines.len()).unwrap_or(0);
    lines.push(Line::from(vec![Span::styled("> ", theme.key()), field]));
    frame.render_widget(Paragraph::new(lines), area);
    let x = if secret && !value.is_empty() {
        hidden.chars().count()
    } else {
        runner.input.visual_cursor().saturating_sub(scroll)
    };
    if y < area.bottom() {
        frame.set_cursor_position(Position::new(
            (area.x + 2 + u16::try_from(x).unwrap_or(0)).min(area.right().saturating_sub(1)),
            y,
        ));
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
        frame.render_widget(Paragraph::new(super::text::fit(line, area.width)), area);
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
    let w = rest.width.saturating_sub(2);
    let items: Vec<Vec<Line>> = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let mark = visit.steps.get(i).cloned().unwrap_or_default();
            step_lines(app, runner, (i, step), &mark, w, theme)
        })
        .collect();
    list_with_head(frame, rest, app, head, items, runner.selected, theme);
}

/// One step of a checklist: its box and number, text, skip reason, wait, detail (when
/// selected) and command.
fn step_lines(
    app: &App,
    runner: &Runner,
    (i, step): (usize, &Step),
    mark: &crate::engine::StepMark,
    w: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let run = &runner.run;
    let now = app.now;
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
        let text = match (&mark.wait, run.wait_left(app.lib, i, now)) {
            (None, _) => (
                format!(
                    "⏱ wait {} after this step",
                    humantime::format_duration(wait)
                ),
                theme.dim(),
            ),
            (Some(w), _) if w.skipped.is_some() => ("⏱ wait skipped".to_owned(), theme.caution()),
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
        lines.push(super::text::fit(
            Line::from(vec![
                Span::raw(indent.clone()),
                Span::styled(format!("[{label}] "), style),
                Span::styled("y copies · never run by tshoot", theme.dim()),
            ]),
            w,
        ));
        // Commands wrap at spaces only, never inside a GUID or a URL, so what the
        // mouse copies from the screen is a command that works.
        for l in crate::sanitize::block(&run.fill(&cmd.text)).lines() {
            lines.extend(command_lines(l, w, &format!("{indent}  $ "), theme.code()));
        }
    }
    lines
}

/// One line of a command, wrapped at spaces. A word too long for the indented width gets a
/// line of its own from the first column, and is cut (marked "…") only if even that is too
/// narrow; `y` copies the whole command either way.
pub(super) fn command_lines(
    text: &str,
    width: u16,
    first: &str,
    style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    use textwrap::{Options, WordSeparator, WordSplitter};
    let indent = " ".repeat(first.chars().count());
    let room = usize::from(width).saturating_sub(indent.len()).max(8);
    let options = Options::new(room)
        .break_words(false)
        .word_separator(WordSeparator::AsciiSpace)
        .word_splitter(WordSplitter::NoHyphenation);
    let mut out = Vec::new();
    for (i, part) in textwrap::wrap(text, options).into_iter().enumerate() {
        let part = part.into_owned();
        let prefix = if i == 0 { first } else { indent.as_str() };
        let part_width = unicode_width::UnicodeWidthStr::width(part.as_str());
        let line = if part_width <= room {
            Line::from(vec![
                Span::raw(prefix.to_owned()),
                Span::styled(part, style),
            ])
        } else {
            // Out of the indent, keeping the "$ " of a first line when there is room.
            let short = if i == 0 { "$ " } else { "  " };
            let lead = if part_width + short.len() <= usize::from(width) {
                short
            } else {
                ""
            };
            super::text::fit(
                Line::from(vec![Span::raw(lead), Span::styled(part, style)]),
                width,
            )
        };
        out.push(line);
    }
    out
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
    // A list taller than its room keeps its last row for "↓ 3 more below".
    let total: usize = items.iter().map(Vec::len).sum();
    let overflow = total > usize::from(list_area.height) && list_area.height >= 3;
    let (list_area, more_area) = if overflow {
        let [list, more] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(list_area);
        (list, Some(more))
    } else {
        (list_area, None)
    };
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
    if let Some(more_area) = more_area {
        // Items that start below the last visible row.
        let mut used = 0;
        let mut shown = 0;
        for h in heights.iter().skip(state.offset()) {
            if used >= usize::from(list_area.height) {
                break;
            }
            used += h;
            shown += 1;
        }
        let below = heights.len().saturating_sub(state.offset() + shown);
        let above = state.offset();
        let mut text = Vec::new();
        if above > 0 {
            text.push(format!("↑ {above} above"));
        }
        if below > 0 {
            text.push(format!("↓ {below} more below"));
        }
        frame.render_widget(
            Paragraph::new(Span::styled(text.join(" · "), theme.dim())),
            more_area,
        );
    }
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
