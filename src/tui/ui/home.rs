//! The home screen: the search box, the results (or resume + browse list) and a preview.

use super::text::{fit, wrapped};
use crate::search::{Confidence, Kind};
use crate::tui::state::{App, Focus, Row};
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, List, ListItem, ListState, Paragraph, Wrap};

/// Below this width the preview pane is left out.
const PREVIEW_FROM: u16 = 72;

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let [search, body] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    draw_search(frame, search, app, theme);
    if area.width >= PREVIEW_FROM {
        let [list, preview] =
            Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)])
                .areas(body);
        draw_list(frame, list, app, theme);
        draw_preview(frame, preview, app, theme);
    } else {
        draw_list(frame, body, app, theme);
    }
}

fn draw_search(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let focused = app.home.focus == Focus::Search;
    let title = if app.home.pasted {
        " tshoot · pasted error text "
    } else {
        " tshoot · type or paste an error "
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()))
        .border_style(if focused {
            theme.border_focus()
        } else {
            theme.border()
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let value = app.home.query.value();
    let width = usize::from(inner.width.saturating_sub(3));
    let line = if value.is_empty() {
        Line::from(vec![
            Span::styled("> ", theme.key()),
            Span::styled(
                "AADSTS50020, invalid_grant, consent, token cache…",
                theme.dim(),
            ),
        ])
    } else if app.home.pasted {
        let lines = value.lines().count();
        // A paste often carries a token or a secret: the box shows it redacted, as it
        // would be stored (screens get shared mid-incident).
        let first =
            crate::sanitize::line(&crate::redact::redact(value.lines().next().unwrap_or("")));
        Line::from(vec![
            Span::styled("> ", theme.key()),
            Span::raw(
                first
                    .chars()
                    .take(width.saturating_sub(14))
                    .collect::<String>(),
            ),
            Span::styled(
                if lines == 1 {
                    " (1 line)".to_owned()
                } else {
                    format!(" ({lines} lines)")
                },
                theme.dim(),
            ),
        ])
    } else {
        let scroll = app.home.query.visual_scroll(width);
        let shown: String = crate::sanitize::line(value).chars().skip(scroll).collect();
        Line::from(vec![Span::styled("> ", theme.key()), Span::raw(shown)])
    };
    frame.render_widget(Paragraph::new(line), inner);
    if focused && !app.home.pasted {
        let scroll = app.home.query.visual_scroll(width);
        let x = app.home.query.visual_cursor().saturating_sub(scroll);
        let x = u16::try_from(x).unwrap_or(u16::MAX);
        frame.set_cursor_position(Position::new(
            inner
                .x
                .saturating_add(2)
                .saturating_add(x)
                .min(inner.right().saturating_sub(1)),
            inner.y,
        ));
    }
}

fn draw_list(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let rows = app.rows();
    let query = app.home.query.value().trim();
    let title = match app.home.focus {
        Focus::Browse => " All flows ".to_owned(),
        Focus::Search if query.is_empty() => " Start here ".to_owned(),
        Focus::Search => format!(" Results ({}) ", app.home.results.hits.len()),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, theme.title()))
        .border_style(if app.home.focus == Focus::Browse {
            theme.border_focus()
        } else {
            theme.border()
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let banner = banner_lines(app, inner.width, theme);
    if rows.is_empty() {
        let mut lines = banner;
        if lines.is_empty() {
            lines.push(Line::from(Span::styled(
                "No known error matches. Try fewer words, an error code, or paste the whole error.",
                theme.dim(),
            )));
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), inner);
        return;
    }
    // The banner goes above the results, and never takes more than half the list's room.
    let inner = if banner.is_empty() {
        inner
    } else {
        let want = u16::try_from(banner.len()).unwrap_or(u16::MAX);
        let height = want.min(inner.height / 2).max(1);
        let [top, rest] =
            Layout::vertical([Constraint::Length(height), Constraint::Min(1)]).areas(inner);
        frame.render_widget(Paragraph::new(banner), top);
        rest
    };
    let width = inner.width;
    // The selection mark takes two columns of every row.
    let row_width = width.saturating_sub(2);
    let mut items = Vec::new();
    let mut selectable_index = Vec::new();
    let mut selected_row = None;
    let mut n = 0;
    for row in &rows {
        if row.selectable() {
            if n == app.home.selected {
                selected_row = Some(items.len());
            }
            selectable_index.push(Some(n));
            n += 1;
        } else {
            selectable_index.push(None);
        }
        items.push(ListItem::new(fit(
            row_line(app, row, width, theme),
            row_width,
        )));
    }
    let mut state = ListState::default().with_selected(selected_row);
    let list = List::new(items)
        .highlight_style(theme.selected())
        .highlight_symbol("▶ ");
    frame.render_stateful_widget(list, inner, &mut state);
    let below = rows
        .len()
        .saturating_sub(state.offset() + usize::from(inner.height));
    if below > 0 {
        more_below(frame, area, below, "↓", theme);
    }
    // Record where each selectable row landed, for mouse clicks.
    let mut hitmap = app.hitmap.borrow_mut();
    for (i, sel) in selectable_index.iter().enumerate().skip(state.offset()) {
        let y = inner.y + u16::try_from(i - state.offset()).unwrap_or(u16::MAX);
        if y >= inner.bottom() {
            break;
        }
        if let Some(n) = sel {
            hitmap.rows.push((y, inner.x, inner.right(), *n));
        }
    }
}

/// What the operator must know before trusting the results of a paste: the codes the library
/// does not know (with Microsoft's lookup page) and, when nothing is confident, that fact and
/// the next steps.
fn banner_lines(app: &App, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let results = &app.home.results;
    if app.home.focus != Focus::Search || results.mode.is_none() {
        return Vec::new();
    }
    let mut lines = Vec::new();
    // A few typed words are a search, not an error: only a paste is owed the warning. It
    // comes first, so a small terminal still shows it.
    // A paste that holds a token is answered by the token row, which comes first.
    let unsure = !results.is_confident()
        && results.mode == Some(crate::search::Mode::Pasted)
        && app.home.token.is_none();
    if unsure {
        lines.extend(wrapped(
            crate::search::NO_CONFIDENT_MATCH,
            width,
            "",
            theme.caution(),
        ));
    }
    for note in results.unknown_notes() {
        lines.extend(wrapped(&note, width, "", theme.caution()));
    }
    if unsure {
        for step in results.next_steps() {
            lines.extend(wrapped(step, width, "· ", theme.dim()));
        }
    }
    if let Some(skipped) = &results.skipped {
        let note = format!("Long text: {}.", skipped.describe());
        lines.extend(wrapped(&note, width, "", theme.dim()));
    }
    lines
}

fn row_line(app: &App, row: &Row, width: u16, theme: &Theme) -> Line<'static> {
    match row {
        Row::Header(name) => Line::from(Span::styled(crate::sanitize::line(name), theme.title())),
        Row::Token => {
            let about = app
                .home
                .token
                .as_ref()
                .map(|t| {
                    let n = t.findings.len();
                    match n {
                        0 => " · no findings".to_owned(),
                        1 => " · 1 finding".to_owned(),
                        n => format!(" · {n} findings"),
                    }
                })
                .unwrap_or_default();
            Line::from(vec![
                Span::styled("TOKEN ", theme.caution()),
                Span::raw("Inspect this token"),
                Span::styled(about, theme.dim()),
            ])
        }
        Row::Flow(i) => {
            let Some(flow) = app.lib.flows().get(*i) else {
                return Line::default();
            };
            Line::from(vec![
                Span::styled("FLOW ", theme.good()),
                Span::raw(crate::sanitize::line(&flow.title)),
            ])
        }
        Row::Resume(i) => {
            let Some(item) = app.resumable.get(*i) else {
                return Line::default();
            };
            let ago = crate::engine::Stamp::elapsed_at(item.updated, app.now);
            let mut spans = vec![
                Span::styled("RESUME ", theme.caution()),
                Span::raw(crate::sanitize::line(&item.title)),
            ];
            if let Some(timer) = &item.timer {
                spans.push(Span::styled(format!("  ⏱ {timer}"), theme.caution()));
            }
            let mut about = format!("  step {} · {} ago", item.progress.0 + 1, ago_text(ago));
            if !item.ticket.is_empty() {
                about.push_str(&format!(" · {}", item.ticket));
            }
            spans.push(Span::styled(about, theme.dim()));
            Line::from(spans)
        }
        Row::Hit(h) => {
            let Some(hit) = app.home.results.hits.get(*h) else {
                return Line::default();
            };
            let Some(doc) = app.index.doc(hit.doc) else {
                return Line::default();
            };
            let (badge, badge_style) = match doc.kind {
                Kind::Error => ("ERR  ", theme.danger()),
                Kind::Flow => ("FLOW ", theme.good()),
            };
            let mut spans = vec![Span::styled(badge, badge_style)];
            let (conf, conf_style) = match hit.confidence {
                Confidence::High => ("●", theme.good()),
                Confidence::Possible => ("○", theme.caution()),
                Confidence::None => (" ", theme.dim()),
            };
            spans.push(Span::styled(format!("{conf} "), conf_style));
            let title = crate::sanitize::line(&doc.title);
            for (i, c) in title.chars().enumerate() {
                let style = if hit.title_positions.contains(&i) {
                    theme.matched()
                } else {
                    theme.text()
                };
                spans.push(Span::styled(c.to_string(), style));
            }
            let product = match &doc.app {
                Some(app) => format!("  {} / {app}", doc.product),
                None => format!("  {}", doc.product),
            };
            let used: usize = 8 + title.chars().count();
            if usize::from(width) > used + 4 {
                spans.push(Span::styled(crate::sanitize::line(&product), theme.dim()));
            }
            Line::from(spans)
        }
    }
}

fn ago_text(d: std::time::Duration) -> String {
    let s = d.as_secs();
    match s {
        0..60 => format!("{s}s"),
        60..3600 => format!("{}m", s / 60),
        3600..86400 => format!("{}h", s / 3600),
        _ => format!("{}d", s / 86400),
    }
}

fn draw_preview(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(" Preview ", theme.title()))
        .border_style(theme.border());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let w = inner.width;
    let mut lines: Vec<Line> = Vec::new();
    match app.selected_row() {
        Some(Row::Hit(h)) => {
            let Some((hit, doc)) = app
                .home
                .results
                .hits
                .get(h)
                .and_then(|hit| Some((hit, app.index.doc(hit.doc)?)))
            else {
                return;
            };
            if doc.kind == Kind::Error {
                if let Some(entry) = app.lib.entry(&doc.id) {
                    lines.extend(super::entry::entry_lines(entry, app, w, theme));
                }
            } else if let Some(flow) = app.lib.flow(&doc.id) {
                lines.extend(flow_lines(flow, w, theme));
            }
            if !hit.why.is_empty() {
                lines.push(Line::default());
                lines.extend(wrapped(
                    &format!("Matched: {}", hit.why.join(", ")),
                    w,
                    "",
                    theme.dim(),
                ));
            }
            if app.home.results.ambiguous.len() > 1 && app.home.results.ambiguous.contains(&h) {
                lines.push(Line::default());
                lines.extend(wrapped(
                    "Several apps report this message: Enter asks which app.",
                    w,
                    "",
                    theme.caution(),
                ));
            }
        }
        Some(Row::Token) => {
            if let Some(token) = &app.home.token {
                lines.extend(wrapped(
                    &crate::token_text::kind_line(token),
                    w,
                    "",
                    theme.title(),
                ));
                lines.push(Line::default());
                lines.extend(super::token::findings(token, app, w, theme, None));
                lines.push(Line::default());
                lines.extend(wrapped(
                    "Enter shows every claim explained. Read offline; nothing is sent or stored.",
                    w,
                    "",
                    theme.dim(),
                ));
            }
        }
        Some(Row::Flow(i)) => {
            if let Some(flow) = app.lib.flows().get(i) {
                lines.extend(flow_lines(flow, w, theme));
            }
        }
        Some(Row::Resume(i)) => {
            if let Some(item) = app.resumable.get(i) {
                lines.extend(wrapped(&item.title, w, "", theme.title()));
                lines.push(Line::from(format!(
                    "Passed {} step(s), about {} to go.",
                    item.progress.0, item.progress.1
                )));
                let clock = &app.prefs.clock;
                let mut about = vec![
                    format!("Started: {}", clock.full(item.started)),
                    format!("Last activity: {}", clock.full(item.updated)),
                ];
                if !item.ticket.is_empty() {
                    about.push(format!("Ticket: {}", item.ticket));
                }
                for line in about {
                    lines.extend(wrapped(&line, w, "", ratatui::style::Style::default()));
                }
                if let Some(timer) = &item.timer {
                    lines.extend(wrapped(timer, w, "", theme.caution()));
                }
                if let Some(q) = &item.query {
                    lines.extend(wrapped(q, w, "", theme.dim()));
                }
                lines.push(Line::default());
                lines.extend(wrapped(
                    "Enter resumes exactly where you left off · d discards it.",
                    w,
                    "",
                    theme.dim(),
                ));
            }
        }
        Some(Row::Header(_)) | None => {
            lines.extend(wrapped(
                "Paste the whole error (portal banner, PowerShell output, JSON) or type a code \
                 such as AADSTS50020 or a few words. The best match comes first.",
                w,
                "",
                theme.dim(),
            ));
        }
    }
    let pane = Pane {
        outer: area,
        inner,
        scroll: app.home.preview_scroll,
        key: "Shift+↓",
    };
    scrolling(frame, app, pane, lines, theme);
}

/// A pane of text that scrolls: where it is, how far it is scrolled, the key that scrolls on.
pub(super) struct Pane<'a> {
    /// The pane with its border (the "more" note goes on the bottom border).
    pub outer: Rect,
    /// Inside the border.
    pub inner: Rect,
    /// Lines scrolled off the top, as the state asks.
    pub scroll: u16,
    /// The key the "more" note names.
    pub key: &'a str,
}

/// Draws `lines` scrolled in `pane`; records where the pane is (for the wheel) and how far it
/// can scroll (so `update` can stop at the end), and says how much is below.
pub(super) fn scrolling(
    frame: &mut Frame,
    app: &App,
    pane: Pane<'_>,
    lines: Vec<Line<'static>>,
    theme: &Theme,
) {
    let Pane {
        outer,
        inner,
        scroll,
        key,
    } = pane;
    let height = usize::from(inner.height);
    let max = u16::try_from(lines.len().saturating_sub(height)).unwrap_or(u16::MAX);
    let scroll = scroll.min(max);
    {
        let mut hitmap = app.hitmap.borrow_mut();
        hitmap.preview = Some((inner.x, inner.y, inner.width, inner.height));
        hitmap.preview_max = max;
    }
    let below = lines.len().saturating_sub(usize::from(scroll) + height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), inner);
    if below > 0 {
        more_below(frame, outer, below, key, theme);
    }
}

/// "↓ 3 more" on the bottom border of a pane whose content does not fit.
pub(super) fn more_below(frame: &mut Frame, area: Rect, more: usize, key: &str, theme: &Theme) {
    let text = format!(" ↓ {more} more · {key} ");
    let width = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
    if area.height < 2 || area.width < width.saturating_add(2) {
        return;
    }
    let at = Rect::new(
        area.right().saturating_sub(width + 1),
        area.bottom().saturating_sub(1),
        width,
        1,
    );
    frame.render_widget(Paragraph::new(Span::styled(text, theme.dim())), at);
}

fn flow_lines(flow: &crate::flow::Flow, w: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = wrapped(&flow.title, w, "", theme.title());
    lines.push(Line::styled(
        format!("Guided flow · {}", crate::sanitize::line(&flow.product)),
        theme.dim(),
    ));
    lines.push(Line::default());
    lines.extend(wrapped(&flow.summary, w, "", theme.text()));
    lines.push(Line::default());
    lines.push(Line::styled("Enter starts it.", theme.dim()));
    lines
}
