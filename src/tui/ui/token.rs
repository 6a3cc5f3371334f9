//! The token screen: what the token in the paste is, what is wrong with it (each finding can
//! open the known error it explains) and every claim in an administrator's words. The raw
//! token and its signature are never drawn: the state holds only the decoded claims.

use super::text::wrapped;
use crate::token::Inspection;
use crate::tui::state::App;
use crate::tui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

pub fn draw(frame: &mut Frame, area: Rect, app: &App, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(
            " Token · read offline, not verified ",
            theme.title(),
        ))
        .border_style(theme.border_focus());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(token) = &app.home.token else {
        return;
    };
    let lines = lines(token, app, inner.width, theme);
    let pane = super::home::Pane {
        outer: area,
        inner,
        scroll: app.home.token_scroll,
        key: "PgDn",
    };
    super::home::scrolling(frame, app, pane, lines, theme);
}

/// The token screen's lines: kind, findings (the selected one marked), claims, signature.
fn lines(token: &Inspection, app: &App, w: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = wrapped(&crate::token_text::kind_line(token), w, "", theme.title());
    out.push(Line::default());
    out.extend(findings(
        token,
        app,
        w,
        theme,
        Some(app.home.token_selected),
    ));
    out.push(Line::default());
    out.push(Line::styled("Claims", theme.title()));
    let width = token
        .explained
        .iter()
        .map(|e| e.claim.chars().count())
        .max()
        .unwrap_or(0)
        .min(12);
    for e in &token.explained {
        let claim = format!("{:<width$}  ", crate::sanitize::line(&e.claim));
        out.extend(wrapped(&e.value, w, &claim, theme.text()));
        let indent = " ".repeat(claim.chars().count());
        out.extend(wrapped(&e.meaning, w, &indent, theme.dim()));
    }
    if !token.other_claims.is_empty() {
        out.push(Line::default());
        out.extend(wrapped(
            &format!(
                "Other claims (values not shown): {}.",
                token.other_claims.join(", ")
            ),
            w,
            "",
            theme.dim(),
        ));
    }
    out.push(Line::default());
    out.extend(wrapped(
        crate::token::SIGNATURE_NOT_VERIFIED,
        w,
        "",
        theme.caution(),
    ));
    out
}

/// The findings, numbered, each with the known error it opens; `selected` marks one.
pub fn findings(
    token: &Inspection,
    app: &App,
    w: u16,
    theme: &Theme,
    selected: Option<usize>,
) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if token.findings.is_empty() {
        out.extend(wrapped(
            "Findings: none. The token itself looks right; the cause is elsewhere.",
            w,
            "",
            theme.good(),
        ));
        return out;
    }
    out.push(Line::styled("Findings", theme.title()));
    for (i, f) in token.findings.iter().enumerate() {
        let mark = if selected == Some(i) { "▶ " } else { "  " };
        let style = if selected == Some(i) {
            theme.selected()
        } else {
            theme.caution()
        };
        out.extend(wrapped(&f.message, w, &format!("{mark}{}. ", i + 1), style));
        if let Some(entry) = f.entry.and_then(|id| app.lib.entry(id)) {
            out.extend(wrapped(
                &format!("→ {} (Enter opens it)", entry.title),
                w,
                "     ",
                theme.dim(),
            ));
        }
    }
    out
}
