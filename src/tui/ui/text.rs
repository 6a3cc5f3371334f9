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
