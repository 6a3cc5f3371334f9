//! `update`: what each action does to the wizard's state, the only place that changes it.
//! Pure: no terminal, no files, no clock (the loop sets `app.now`); I/O is returned as
//! effects, and what they did comes back as [`Action::Done`].
//!
//! - [`home`]: the search box, the result and browse lists, the known-error screen;
//! - [`flow`]: the flow screen, one function per node kind;
//! - [`overlay`]: popups (help, skip reason, note, which app, restart);
//! - [`report`]: what effects report back (resumed, saved or not, the Resume list...).

mod flow;
mod home;
mod overlay;
mod report;

use super::action::Action;
use super::effect::Effect;
use super::state::{App, Screen};
use tui_input::{Input, InputRequest};

/// Applies one action and returns the I/O it needs.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Tick => {
            expire_notice(app);
            return flow::waits_ended(app);
        }
        Action::Quit => return vec![Effect::Quit],
        // The loop, which owns the terminal, clears it; the state does not change.
        Action::Redraw => return Vec::new(),
        Action::Done(report) => return report::apply(app, report),
        Action::StartFlow { flow, entry } => return home::start_flow(app, &flow, entry),
        Action::OpenEntry(id) => {
            home::open_entry(app, id);
            return Vec::new();
        }
        Action::Resume(id) => return vec![Effect::Resume(id)],
        Action::ExpectResumeList => {
            app.home.announce_no_resume = true;
            return Vec::new();
        }
        _ => {}
    }
    if app.overlay.is_some() {
        return overlay::update(app, action);
    }
    // A notice stays until the operator does something else.
    app.notice = None;
    match app.screen.clone() {
        Screen::Home => home::update(app, action),
        Screen::Entry(id) => home::entry(app, &id, action),
        Screen::Token => home::token(app, action),
        Screen::Flow => flow::update(app, action),
    }
}

/// Clears a notice that has been up long enough: a message from minutes ago would
/// mislead.
fn expire_notice(app: &mut App) {
    let now = app.now;
    if app.notice.as_ref().is_some_and(|n| {
        now.duration_since(n.at)
            .is_ok_and(|shown| shown >= n.lasts())
    }) {
        app.notice = None;
    }
}

/// Edits a text field; returns whether the action was a text edit.
fn edit(input: &mut Input, action: &Action) -> bool {
    let request = match action {
        Action::Type(c) => InputRequest::InsertChar(*c),
        Action::DeleteChar => InputRequest::DeletePrevChar,
        Action::DeleteWord => InputRequest::DeletePrevWord,
        Action::ClearField => InputRequest::DeleteLine,
        Action::CursorLeft => InputRequest::GoToPrevChar,
        Action::CursorRight => InputRequest::GoToNextChar,
        Action::CursorHome => InputRequest::GoToStart,
        Action::CursorEnd => InputRequest::GoToEnd,
        Action::WordLeft => InputRequest::GoToPrevWord,
        Action::WordRight => InputRequest::GoToNextWord,
        Action::Paste(text) => {
            // Pasted into a one-line field: keep it on one line.
            for c in text.chars().map(|c| if c.is_control() { ' ' } else { c }) {
                input.handle(InputRequest::InsertChar(c));
            }
            return true;
        }
        _ => return false,
    };
    input.handle(request);
    true
}
