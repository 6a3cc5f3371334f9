//! Colours and emphasis. Only the 16 basic ANSI colours are used, so any terminal shows
//! them; with `NO_COLOR` set, emphasis comes from bold, reverse and underline alone and every
//! state also has a word or symbol, never colour only.

use ratatui::style::{Color, Modifier, Style};

/// The styles the view draws with.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    /// Whether colour may be used.
    pub color: bool,
}

impl Theme {
    /// Colour unless `NO_COLOR` is set to anything non-empty (no-color.org).
    pub fn from_env() -> Self {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme { color: !no_color }
    }

    /// A theme without colour.
    pub fn plain() -> Self {
        Theme { color: false }
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }

    /// Normal text.
    pub fn text(&self) -> Style {
        Style::new()
    }

    /// Less important text.
    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::DarkGray)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// Titles and headings.
    pub fn title(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// The selected row.
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }

    /// Matched characters in a result title.
    pub fn matched(&self) -> Style {
        self.fg(Color::Yellow)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    /// Good news: done, resolved, high confidence.
    pub fn good(&self) -> Style {
        self.fg(Color::Green).add_modifier(Modifier::BOLD)
    }

    /// Needs attention: waits, escalation, possible matches.
    pub fn caution(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    /// Bad news: destructive commands, refusals, unresolved.
    pub fn danger(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }

    /// Commands shown for copying.
    pub fn code(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Magenta)
        } else {
            Style::new().add_modifier(Modifier::ITALIC)
        }
    }

    /// Key names in hints.
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }

    /// Borders.
    pub fn border(&self) -> Style {
        self.fg(Color::Blue)
    }

    /// The border of the focused pane.
    pub fn border_focus(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}
