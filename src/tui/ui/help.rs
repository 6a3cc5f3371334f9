//! The help overlay: the current node's help text, then every key of the current screen.

use super::text::wrapped;
use crate::tui::keymap as keys;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::text::{Line, Span};

/// The lines of the help overlay.
pub fn lines(app: &App, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(cur) = app
        .runner
        .as_ref()
        .and_then(|r| r.run.current(app.lib).ok())
        && app.screen == crate::tui::state::Screen::Flow
        && let Some(help) = &cur.node.help
    {
        out.push(Line::styled("About this step", theme.title()));
        out.extend(wrapped(help, width, "", theme.text()));
        out.push(Line::default());
    }
    out.push(Line::styled("Keys", theme.title()));
    let key_width = keys::help(app)
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0);
    for (key, what) in keys::help(app) {
        let pad = " ".repeat(key_width.saturating_sub(key.chars().count()) + 2);
        out.push(Line::from(vec![
            Span::styled(key, theme.key()),
            Span::raw(pad),
            Span::raw(what),
        ]));
    }
    out
}
