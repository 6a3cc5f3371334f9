//! Popups drawn above the screen: help, skip reason, note, "which app?", restart confirmation.

use super::help;
use super::text::wrapped;
use crate::tui::state::{App, Overlay};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use tui_input::Input;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let Some(overlay) = &app.overlay else { return };
    match overlay {
        Overlay::Help => {
            let rect = centered(area, 72, area.height.saturating_sub(2).max(8));
            let lines = help::lines(app, rect.width.saturating_sub(2), theme);
            let hidden = lines
                .len()
                .saturating_sub(usize::from(rect.height.saturating_sub(2)));
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(lines)
                    .wrap(Wrap { trim: false })
                    .block(block(" Help · any key closes ", theme)),
                rect,
            );
            if hidden > 0 {
                super::home::more_below(frame, rect, hidden, "a taller terminal shows them", theme);
            }
        }
        Overlay::SkipReason { step, wait, input } => {
            let (title, prompt) = if *wait {
                (
                    " Stop waiting ",
                    format!("Why not wait for step {}?", step + 1),
                )
            } else {
                (" Skip step ", format!("Why is step {} skipped?", step + 1))
            };
            text_popup(frame, area, title, &prompt, input, theme);
        }
        Overlay::Note { input } => {
            text_popup(
                frame,
                area,
                " Note ",
                "Note for this step (goes into the transcript):",
                input,
                theme,
            );
        }
        Overlay::ConfirmRestart => {
            let rect = centered(area, 50, 5);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from("Start the flow again from the first step?"),
                    hint_line(app, theme),
                ])
                .wrap(Wrap { trim: true })
                .block(block(" Restart ", theme)),
                rect,
            );
        }
        Overlay::ConfirmDiscard { title, id } => {
            let rect = centered(area, 56, 6);
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(vec![
                    Line::from(format!("Discard the session \"{title}\" ({id})?")),
                    Line::from("Its file is deleted; this cannot be undone."),
                    hint_line(app, theme),
                ])
                .wrap(Wrap { trim: true })
                .block(block(" Discard ", theme)),
                rect,
            );
        }
        Overlay::Ticket { field, input, .. } => {
            let prompt = if *field == 0 {
                "Ticket reference (Enter keeps it as shown, empty skips):"
            } else {
                "Customer or tenant (Enter keeps it as shown, empty skips):"
            };
            text_popup(frame, area, " Ticket ", prompt, input, theme);
        }
        Overlay::WhichApp { hits, selected } => {
            let height = u16::try_from(hits.len()).unwrap_or(20).saturating_add(4);
            let rect = centered(area, 60, height.min(area.height));
            let inner_w = rect.width.saturating_sub(2);
            let mut lines = wrapped(
                "Several apps report this message. Which app shows it?",
                inner_w,
                "",
                theme.text(),
            );
            let top = rect.y + 1 + u16::try_from(lines.len()).unwrap_or(0);
            let mut hitmap = app.hitmap.borrow_mut();
            hitmap.rows.clear();
            for (i, h) in hits.iter().enumerate() {
                let doc = app
                    .home
                    .results
                    .hits
                    .get(*h)
                    .and_then(|hit| app.index.doc(hit.doc));
                let name = doc.map_or_else(String::new, |d| {
                    d.app.clone().unwrap_or_else(|| d.product.clone())
                });
                let text = format!("{}. {}", i + 1, crate::sanitize::line(&name));
                let style = if i == *selected {
                    theme.selected()
                } else {
                    theme.text()
                };
                lines.push(Line::styled(text, style));
                hitmap
                    .rows
                    .push((top + u16::try_from(i).unwrap_or(0), rect.x, rect.right(), i));
            }
            frame.render_widget(Clear, rect);
            frame.render_widget(
                Paragraph::new(lines).block(block(" Which app? ", theme)),
                rect,
            );
        }
    }
}

fn block(title: &'static str, theme: &Theme) -> Block<'static> {
    Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()))
        .border_style(theme.border_focus())
}

fn text_popup(
    frame: &mut Frame,
    area: Rect,
    title: &'static str,
    prompt: &str,
    input: &Input,
    theme: &Theme,
) {
    let rect = centered(area, 64, 5);
    let inner_w = usize::from(rect.width.saturating_sub(4));
    let scroll = input.visual_scroll(inner_w);
    let shown: String = crate::sanitize::line(input.value())
        .chars()
        .skip(scroll)
        .collect();
    frame.render_widget(Clear, rect);
    frame.render_widget(
        Paragraph::new(vec![
            Line::from(crate::sanitize::line(prompt)),
            Line::from(vec![Span::styled("> ", theme.key()), Span::raw(shown)]),
        ])
        .block(block(title, theme)),
        rect,
    );
    let x = input.visual_cursor().saturating_sub(scroll);
    frame.set_cursor_position(Position::new(
        rect.x
            + 3
            + u16::try_from(x)
                .unwrap_or(0)
                .min(rect.width.saturating_sub(5)),
        rect.y + 2,
    ));
}

/// A rectangle of at most `width`×`height`, centred in `area`.
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// The popup's keys, as the key table names them.
fn hint_line(app: &App, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, hint) in crate::tui::keymap::hints(app).into_iter().enumerate() {
        if i > 0 {
            spans.push(Span::raw(" · "));
        }
        spans.push(Span::styled(hint.keys, theme.key()));
        spans.push(Span::raw(format!(" {}", hint.word)));
    }
    Line::from(spans)
}
