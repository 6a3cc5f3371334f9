//! A known error in full: cause, fix, developer fix and the guided flow it links to.

use super::text::wrapped;
use crate::flow::Entry;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, id: &str, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" Known error ", theme.title()))
        .border_style(theme.border_focus());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(entry) = app.lib.entry(id) else {
        return;
    };
    let lines = entry_lines(entry, app, inner.width, theme);
    frame.render_widget(
        Paragraph::new(lines).scroll((app.home.entry_scroll, 0)),
        inner,
    );
}

/// The lines that describe a known error, for the preview and the entry screen.
pub fn entry_lines(entry: &Entry, app: &App, w: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = wrapped(&entry.title, w, "", theme.title());
    let product = match &entry.app {
        Some(a) => format!("{} / {a}", entry.product),
        None => entry.product.clone(),
    };
    let mut meta = product;
    if !entry.codes.is_empty() {
        meta.push_str(" · ");
        meta.push_str(&entry.codes.join(", "));
    }
    lines.extend(wrapped(&meta, w, "", theme.dim()));
    lines.push(Line::default());
    lines.push(Line::styled("Cause", theme.caution()));
    lines.extend(wrapped(&entry.cause, w, "", theme.text()));
    if !entry.fix.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled("Fix", theme.good()));
        for (i, step) in entry.fix.iter().enumerate() {
            lines.extend(wrapped(step, w, &format!("{}. ", i + 1), theme.text()));
        }
    }
    if !entry.developer_fix.is_empty() {
        lines.push(Line::default());
        lines.push(Line::styled("For the app's developer", theme.good()));
        for (i, step) in entry.developer_fix.iter().enumerate() {
            lines.extend(wrapped(step, w, &format!("{}. ", i + 1), theme.text()));
        }
    }
    if let Some(flow) = entry.flow.as_deref().and_then(|f| app.lib.flow(f)) {
        lines.push(Line::default());
        lines.extend(wrapped(
            &format!("Guided fix: {} (Enter)", flow.title),
            w,
            "",
            theme.key(),
        ));
    }
    if let Some(link) = &entry.link {
        lines.extend(wrapped(&format!("More: {link}"), w, "", theme.key()));
    }
    lines.extend(wrapped(
        &format!("Source: {}", entry.source),
        w,
        "",
        theme.dim(),
    ));
    lines
}
