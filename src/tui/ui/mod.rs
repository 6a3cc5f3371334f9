//! The view: draws the state, one file per screen. Reads the state only; the one thing it
//! writes is where it drew clickable rows, so mouse clicks can be mapped back to items.

mod end;
mod entry;
mod flow;
mod help;
mod home;
mod popup;
mod text;
mod token;

use super::keymap::Hint;
use super::state::{App, Level, Screen};
use super::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// The smallest terminal the wizard draws in.
pub const MIN_WIDTH: u16 = 40;
/// The smallest terminal the wizard draws in.
pub const MIN_HEIGHT: u16 = 12;

/// Draws the whole screen.
pub fn view(frame: &mut Frame, app: &App, theme: &Theme) {
    {
        let mut hitmap = app.hitmap.borrow_mut();
        hitmap.rows.clear();
        hitmap.preview = None;
    }
    let area = frame.area();
    let too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
    app.hitmap.borrow_mut().too_small = too_small;
    if too_small {
        let msg = format!(
            "Terminal too small: {}×{}. tshoot needs at least {MIN_WIDTH}×{MIN_HEIGHT}.",
            area.width, area.height
        );
        let msg = format!("{msg} Enlarge the window, or press q to quit.");
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), area);
        return;
    }
    let [main, notice, status] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    match &app.screen {
        Screen::Home => home::draw(frame, main, app, theme),
        Screen::Flow => flow::draw(frame, main, app, theme),
        Screen::Entry(id) => entry::draw(frame, main, app, id, theme),
        Screen::Token => token::draw(frame, main, app, theme),
    }
    draw_notice(frame, notice, app, theme);
    draw_status(frame, status, app, theme);
    popup::draw(frame, main, app, theme);
}

fn draw_notice(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(notice) = &app.notice else { return };
    let (mark, style) = match notice.level {
        Level::Info => ("✓ ", theme.good()),
        Level::Warn => ("! ", theme.caution()),
    };
    let line = Line::from(vec![
        Span::styled(mark, style),
        Span::raw(crate::sanitize::line(&notice.text)),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_status(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let mut hints = crate::tui::keymap::hints(app);
    // Running timers come first: they are why the operator is waiting.
    let timers = running_timers(app);
    let area = if timers.is_empty() {
        area
    } else {
        let w = u16::try_from(timers.chars().count() + 3).unwrap_or(u16::MAX);
        let [left, rest] =
            Layout::horizontal([Constraint::Length(w.min(area.width)), Constraint::Min(0)])
                .areas(area);
        frame.render_widget(
            Paragraph::new(Line::from(vec![
                Span::styled(timers, theme.caution()),
                Span::styled(" · ", theme.dim()),
            ])),
            left,
        );
        rest
    };
    // On a narrow terminal drop hints: first the general ones (back, help), then the screen's
    // own from the end; the main action (first) and the way out stay.
    let width = |h: &[Hint]| -> usize {
        h.iter()
            .map(|h| h.keys.chars().count() + h.word.chars().count() + 4)
            .sum::<usize>()
    };
    while width(&hints) > usize::from(area.width) + 3 {
        let last = |general: bool| {
            (1..hints.len()).rev().find(|&i| {
                hints
                    .get(i)
                    .is_some_and(|h| !h.way_out && h.general == general)
            })
        };
        let Some(drop) = last(true).or_else(|| last(false)) else {
            break;
        };
        hints.remove(drop);
    }
    let mut spans = Vec::new();
    for (
        i,
        Hint {
            keys: key,
            word: what,
            ..
        },
    ) in hints.into_iter().enumerate()
    {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(what));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// "⏱ 4:12 step 2" for every wait running on the current node.
fn running_timers(app: &App) -> String {
    if app.screen != crate::tui::state::Screen::Flow {
        return String::new();
    }
    let Some(runner) = &app.runner else {
        return String::new();
    };
    runner
        .run
        .running_waits(app.lib, app.now)
        .iter()
        .map(|(i, left)| format!("⏱ {} step {}", crate::engine::clock(*left), i + 1))
        .collect::<Vec<_>>()
        .join(" ")
}
