//! Small helpers for turning flow text into wrapped, sanitised lines.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

/// Wraps sanitised text to `width`, each line prefixed by `first` (first line) or the same
/// width of spaces (following lines).
pub fn wrapped(text: &str, width: u16, first: &str, style: Style) -> Vec<Line<'static>> {
    let clean = crate::sanitize::block(text);
    let indent = " ".repeat(first.chars().count());
    let width = usize::from(width).saturating_sub(indent.len()).max(8);
    let mut out = Vec::new();
    for (i, line) in clean
        .lines()
        .flat_map(|l| {
            let w = textwrap::wrap(l, width);
            if w.is_empty() {
                vec![std::borrow::Cow::Borrowed("")]
            } else {
                w
            }
        })
        .enumerate()
    {
        let prefix = if i == 0 { first } else { indent.as_str() };
        out.push(Line::from(vec![
            Span::raw(prefix.to_owned()),
            Span::styled(line.into_owned(), style),
        ]));
    }
    out
}

/// Cuts a one-line row to `width` columns, ending it with "…" when something was cut, so
/// the operator knows there is more.
pub fn fit(line: Line<'static>, width: u16) -> Line<'static> {
    use unicode_width::UnicodeWidthChar;
    let width = usize::from(width);
    if line.width() <= width {
        return line;
    }
    let mut room = width.saturating_sub(1);
    let mut spans = Vec::new();
    for span in line.spans {
        let mut kept = String::new();
        for c in span.content.chars() {
            let w = c.width().unwrap_or(0);
            if w > room {
                room = 0;
                break;
            }
            room -= w;
            kept.push(c);
        }
        let full = kept.len() == span.content.len();
        spans.push(Span::styled(kept, span.style));
        if !full {
            break;
        }
    }
    let style = spans.last().map(|s| s.style).unwrap_or_default();
    spans.push(Span::styled("…", style));
    Line::from(spans).style(line.style)
}
