//! The view: draws the state, one file per screen. Reads the state only; the one thing it
//! writes is where it drew clickable rows, so mouse clicks can be mapped back to items.

mod entry;
mod flow;
mod help;
mod home;
mod keys;
mod popup;
mod text;

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
    app.hitmap.borrow_mut().rows.clear();
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
    let mut hints = keys::hints(app);
    // On a narrow terminal drop hints from the middle: the main action (first) and the way
    // to help or out (last) stay.
    let width = |h: &[(&str, &str)]| -> usize {
        h.iter()
            .map(|(k, w)| k.chars().count() + w.chars().count() + 4)
            .sum::<usize>()
    };
    while hints.len() > 2 && width(&hints) > usize::from(area.width) + 3 {
        hints.remove(1);
    }
    let mut spans = Vec::new();
    for (i, (key, what)) in hints.into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(key, theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::raw(what));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
