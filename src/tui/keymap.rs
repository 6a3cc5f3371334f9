//! Turns key presses, pastes and mouse events into actions: the one place keys are bound.

use super::action::Action;
use super::state::{App, Focus, Overlay, Screen};
use crate::flow::NodeKind;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

/// The action for a terminal event in the current state, if it means anything.
pub fn action_for(event: &Event, app: &App) -> Option<Action> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(*key, app),
        Event::Paste(text) => Some(Action::Paste(text.clone())),
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::Down(MouseButton::Left) => app
                .hitmap
                .borrow()
                .item_at(mouse.column, mouse.row)
                .map(Action::Click),
            MouseEventKind::ScrollDown => Some(Action::Move(1)),
            MouseEventKind::ScrollUp => Some(Action::Move(-1)),
            _ => None,
        },
        Event::Resize(..) => Some(Action::Tick),
        _ => None,
    }
}

/// Whether typing goes into a text field right now.
fn typing(app: &App) -> bool {
    match &app.overlay {
        Some(Overlay::SkipReason { .. } | Overlay::Note { .. } | Overlay::Ticket { .. }) => {
            return true;
        }
        Some(_) => return false,
        None => {}
    }
    match app.screen {
        Screen::Home => app.home.focus == Focus::Search,
        Screen::Flow => app
            .runner
            .as_ref()
            .and_then(|r| r.run.current(app.lib).ok())
            .is_some_and(|c| matches!(c.node.kind, NodeKind::Input { .. })),
        Screen::Entry(_) => false,
    }
}

fn key_action(key: KeyEvent, app: &App) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    // Keys that mean the same everywhere.
    match key.code {
        KeyCode::Char('c') if ctrl => return Some(Action::Quit),
        KeyCode::Char('l') if ctrl => return Some(Action::Redraw),
        _ => {}
    }
    // On the "terminal too small" screen nothing is visible to act on: only quitting (and
    // a redraw) gets through, so no key ticks a step or starts a wait out of sight.
    if app.hitmap.borrow().too_small {
        return match key.code {
            KeyCode::Char('q') => Some(Action::Quit),
            _ => None,
        };
    }
    match key.code {
        // The selection moves as in fzf, atuin and television.
        KeyCode::Char('n' | 'j') if ctrl => return Some(Action::Move(1)),
        KeyCode::Char('p' | 'k') if ctrl => return Some(Action::Move(-1)),
        KeyCode::F(1) => return Some(Action::Help),
        // Earlier searches: Alt+↑ (plain ↑ at the top of the list does it too).
        KeyCode::Up if alt => return Some(Action::HistoryPrev),
        KeyCode::Up => return Some(Action::Move(-1)),
        KeyCode::Down => return Some(Action::Move(1)),
        KeyCode::PageUp => return Some(Action::Move(-10)),
        KeyCode::PageDown => return Some(Action::Move(10)),
        KeyCode::Enter => return Some(Action::Confirm),
        KeyCode::Esc => return Some(Action::Cancel),
        KeyCode::Tab | KeyCode::BackTab => return Some(Action::SwitchFocus),
        _ => {}
    }
    if let Some(Overlay::ConfirmRestart | Overlay::ConfirmDiscard { .. }) = app.overlay {
        return match key.code {
            KeyCode::Char('y' | 'Y') => Some(Action::Yes),
            _ => Some(Action::No),
        };
    }
    if let Some(Overlay::WhichApp { .. }) = app.overlay {
        return match key.code {
            KeyCode::Char(c @ '1'..='9') => Some(Action::Pick(digit(c))),
            KeyCode::Char('k') => Some(Action::Move(-1)),
            KeyCode::Char('j') => Some(Action::Move(1)),
            _ => None,
        };
    }
    if let Some(Overlay::Help) = app.overlay {
        return Some(Action::Cancel);
    }
    if typing(app) {
        return match key.code {
            KeyCode::Char('u') if ctrl => Some(Action::ClearField),
            KeyCode::Char('w') if ctrl => Some(Action::DeleteWord),
            KeyCode::Char('a') if ctrl => Some(Action::CursorHome),
            KeyCode::Char('e') if ctrl => Some(Action::CursorEnd),
            KeyCode::Char('b') if alt => Some(Action::WordLeft),
            KeyCode::Char('f') if alt => Some(Action::WordRight),
            KeyCode::Home => Some(Action::CursorHome),
            KeyCode::End => Some(Action::CursorEnd),
            KeyCode::Char('?')
                if app.screen == Screen::Home && app.home.query.value().is_empty() =>
            {
                Some(Action::Help)
            }
            // On a Resume row (the search box is empty), d discards instead of typing.
            KeyCode::Char('d')
                if app.screen == Screen::Home
                    && app.overlay.is_none()
                    && app.home.query.value().is_empty()
                    && matches!(app.selected_row(), Some(super::state::Row::Resume(_))) =>
            {
                Some(Action::Discard)
            }
            KeyCode::Char(c) if !ctrl && !alt => Some(Action::Type(c)),
            KeyCode::Backspace => Some(Action::DeleteChar),
            KeyCode::Left => Some(Action::CursorLeft),
            KeyCode::Right => Some(Action::CursorRight),
            _ => None,
        };
    }
    match app.screen {
        Screen::Home => match key.code {
            KeyCode::Char('q') => Some(Action::Leave),
            KeyCode::Char('?') => Some(Action::Help),
            KeyCode::Char('k') => Some(Action::Move(-1)),
            KeyCode::Char('j') => Some(Action::Move(1)),
            KeyCode::Char('/') => Some(Action::SwitchFocus),
            _ => None,
        },
        Screen::Entry(_) => match key.code {
            KeyCode::Char('q' | 'b') | KeyCode::Backspace => Some(Action::Back),
            KeyCode::Char('c') => Some(Action::CopyTranscript),
            KeyCode::Char('e') => Some(Action::Export),
            KeyCode::Char('f') => Some(Action::CycleFormat),
            KeyCode::Char('?') => Some(Action::Help),
            KeyCode::Char('k') => Some(Action::Move(-1)),
            KeyCode::Char('j') => Some(Action::Move(1)),
            _ => None,
        },
        Screen::Flow => match key.code {
            // "Is the error gone?" at a resolved end: y and n answer it.
            KeyCode::Char('y' | 'Y') if asks_if_gone(app) => Some(Action::Yes),
            KeyCode::Char('n' | 'N') if asks_if_gone(app) => Some(Action::No),
            KeyCode::Char(c @ '1'..='9') => Some(Action::Pick(digit(c))),
            KeyCode::Char('k') => Some(Action::Move(-1)),
            KeyCode::Char('j') => Some(Action::Move(1)),
            KeyCode::Char(' ') | KeyCode::Char('x') => Some(Action::Toggle),
            KeyCode::Char('s') => Some(Action::Skip),
            KeyCode::Char('w') => Some(Action::SkipWait),
            KeyCode::Char('y') => Some(Action::CopyCommand),
            KeyCode::Char('c') => Some(Action::CopyTranscript),
            KeyCode::Char('e') => Some(Action::Export),
            KeyCode::Char('f') => Some(Action::CycleFormat),
            KeyCode::Char('t') => Some(Action::Ticket),
            KeyCode::Char('b') | KeyCode::Backspace => Some(Action::Back),
            KeyCode::Char('r') => Some(Action::Restart),
            KeyCode::Char('n') => Some(Action::Note),
            KeyCode::Char('h') => Some(Action::ToggleNodeHelp),
            KeyCode::Char('?') => Some(Action::Help),
            KeyCode::Char('q') => Some(Action::Leave),
            _ => None,
        },
    }
}

/// Whether the flow screen asks "Is the error gone?".
fn asks_if_gone(app: &App) -> bool {
    app.runner
        .as_ref()
        .is_some_and(|r| r.run.asks_if_gone(app.lib))
}

fn digit(c: char) -> usize {
    c.to_digit(10).map_or(0, |d| d as usize).saturating_sub(1)
}
