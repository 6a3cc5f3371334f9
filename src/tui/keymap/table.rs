//! The key table: every binding of every screen, with the words its hint and help use.
//! `action_for`, the status-bar hints and the help popup all read this one list, so a key
//! cannot do one thing and be described as another.

use super::{Act, Binding, Ctx, Key, Keys};
use crate::tui::action::Action;
use ratatui::crossterm::event::KeyCode;

use Act::Do;
use Key::{Alt, AnyChar, AnyKey, Char, Code, Ctrl, Digit, Shift};

/// Moving the selection by one, as in fzf, atuin and television.
const ARROWS: &[(Key, Act)] = &[
    (Code(KeyCode::Up), Do(Action::Move(-1))),
    (Code(KeyCode::Down), Do(Action::Move(1))),
    (Ctrl('p'), Do(Action::Move(-1))),
    (Ctrl('k'), Do(Action::Move(-1))),
    (Ctrl('n'), Do(Action::Move(1))),
    (Ctrl('j'), Do(Action::Move(1))),
];

/// j and k, where typing does not take letters.
const JK: &[(Key, Act)] = &[
    (Char('k'), Do(Action::Move(-1))),
    (Char('j'), Do(Action::Move(1))),
];

/// A page of rows at a time.
const PAGES: &[(Key, Act)] = &[
    (Code(KeyCode::PageUp), Do(Action::Move(-10))),
    (Code(KeyCode::PageDown), Do(Action::Move(10))),
];

/// 1-9 picks a row directly.
const DIGITS: &[(Key, Act)] = &[(Digit, Act::Pick)];

/// The search box's list: no letters, they are typed.
const MOVE: Keys = &[ARROWS, PAGES];
/// A list with letters free.
const MOVE_JK: Keys = &[ARROWS, JK, PAGES];
/// A list whose rows are numbered.
const CHOOSE: Keys = &[ARROWS, JK, PAGES, DIGITS];
/// Numbered rows in a pane whose pages scroll instead.
const SELECT: Keys = &[ARROWS, JK, DIGITS];

/// Scrolling a long text.
const SCROLL: Keys = &[&[
    (Code(KeyCode::PageUp), Do(Action::ScrollPreview(-10))),
    (Code(KeyCode::PageDown), Do(Action::ScrollPreview(10))),
    (Shift(KeyCode::Up), Do(Action::ScrollPreview(-1))),
    (Shift(KeyCode::Down), Do(Action::ScrollPreview(1))),
]];

/// Editing a one-line text field: the keys too plain to list in the help.
const EDIT: Keys = &[&[
    (Code(KeyCode::Left), Do(Action::CursorLeft)),
    (Code(KeyCode::Right), Do(Action::CursorRight)),
    (Code(KeyCode::Backspace), Do(Action::DeleteChar)),
    (AnyChar, Act::Type),
]];

const fn row(
    ctx: Ctx,
    keys: Keys,
    shown: &'static str,
    hint: Option<(&'static str, &'static str)>,
    help: &'static str,
) -> Binding {
    Binding {
        ctx,
        keys,
        shown,
        hint,
        help,
    }
}

/// A binding with one key.
macro_rules! one {
    ($key:expr, $act:expr) => {
        &[&[($key, $act)]]
    };
}

/// Every binding. Within a context the order is the order of the hints and the help.
#[rustfmt::skip]
pub const TABLE: &[Binding] = &[
    // Everywhere, before anything else.
    row(Ctx::Always, one!(Ctrl('c'), Do(Action::Quit)), "Ctrl+C", Some(("Ctrl+C", "quit")), "quit tshoot"),
    row(Ctx::Always, one!(Ctrl('l'), Do(Action::Redraw)), "Ctrl+L", None, "clear and redraw the screen"),
    // The "terminal too small" screen: nothing is visible to act on, so only quitting works.
    row(Ctx::TooSmall, one!(Char('q'), Do(Action::Quit)), "q", Some(("q", "quit")), "quit"),
    row(Ctx::TooSmall, one!(AnyKey, Act::Nothing), "", None, ""),
    // The help popup.
    row(Ctx::HelpPopup, one!(AnyKey, Do(Action::Cancel)), "any key", Some(("any key", "close")), "close this help"),
    // "Start the flow again?" and "Discard this session?".
    row(Ctx::ConfirmRestart, &[&[(Char('y'), Do(Action::Yes)), (Char('Y'), Do(Action::Yes)), (Code(KeyCode::Enter), Do(Action::Yes))]], "y / Enter", Some(("y", "restart")), "restart the flow from its first step"),
    row(Ctx::ConfirmRestart, one!(AnyKey, Do(Action::No)), "n / any key", Some(("n", "keep going")), "keep going where you are"),
    row(Ctx::ConfirmDiscard, &[&[(Char('y'), Do(Action::Yes)), (Char('Y'), Do(Action::Yes)), (Code(KeyCode::Enter), Do(Action::Yes))]], "y / Enter", Some(("y", "discard")), "discard the session for good"),
    row(Ctx::ConfirmDiscard, one!(AnyKey, Do(Action::No)), "n / any key", Some(("n", "keep")), "keep it"),
    // "Which app shows this message?"
    row(Ctx::WhichApp, CHOOSE, "↑ ↓ / j k / 1-9", Some(("↑↓/1-9", "choose")), "choose the app"),
    row(Ctx::WhichApp, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "open")), "open the chosen app's entry"),
    row(Ctx::WhichApp, one!(Code(KeyCode::Esc), Do(Action::Cancel)), "Esc", Some(("Esc", "cancel")), "back to the results"),
    // A reason, a note or the ticket fields being typed in a popup.
    row(Ctx::PopupField, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "save")), "save what you typed"),
    row(Ctx::PopupField, one!(Code(KeyCode::Esc), Do(Action::Cancel)), "Esc", Some(("Esc", "cancel")), "close without saving"),
    // Any text field.
    row(Ctx::Field, &[&[(Ctrl('a'), Do(Action::CursorHome)), (Code(KeyCode::Home), Do(Action::CursorHome)), (Ctrl('e'), Do(Action::CursorEnd)), (Code(KeyCode::End), Do(Action::CursorEnd))]], "Ctrl+A / Ctrl+E", None, "start / end of the text (also Home / End)"),
    row(Ctx::Field, &[&[(Alt('b'), Do(Action::WordLeft)), (Alt('f'), Do(Action::WordRight))]], "Alt+B / Alt+F", None, "one word left / right"),
    row(Ctx::Field, &[&[(Ctrl('u'), Do(Action::ClearField)), (Ctrl('w'), Do(Action::DeleteWord))]], "Ctrl+U / Ctrl+W", None, "clear the text / delete a word"),
    row(Ctx::Field, EDIT, "", None, ""),
    // The search box, when it is empty: ? is help, not a question mark to search for.
    row(Ctx::SearchEmpty, one!(Char('?'), Do(Action::Help)), "?", None, ""),
    // The search box, empty, on a Resume row.
    row(Ctx::ResumeRow, one!(Char('d'), Do(Action::Discard)), "d", Some(("d", "discard")), "discard the selected Resume session (asks first)"),
    // The search box.
    row(Ctx::Search, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "open")), "open the selected error or flow"),
    row(Ctx::Search, MOVE, "↑ ↓ PgUp PgDn", Some(("↑↓", "select")), "move the selection (also Ctrl+N/J and Ctrl+P/K)"),
    row(Ctx::Search, &[&[(Key::AltCode(KeyCode::Up), Do(Action::HistoryPrev))]], "Alt+↑ / ↑ at the top", None, "recall an earlier search"),
    row(Ctx::Search, &[&[(Shift(KeyCode::Up), Do(Action::ScrollPreview(-1))), (Shift(KeyCode::Down), Do(Action::ScrollPreview(1)))]], "Shift+↑ / Shift+↓", None, "scroll the preview (the wheel over it too)"),
    row(Ctx::Search, &[&[(Code(KeyCode::Tab), Do(Action::SwitchFocus)), (Code(KeyCode::BackTab), Do(Action::SwitchFocus))]], "Tab", Some(("Tab", "browse")), "switch to the list of all flows"),
    row(Ctx::Search, one!(Code(KeyCode::Esc), Do(Action::Cancel)), "Esc", Some(("Esc", "clear")), "clear the search"),
    row(Ctx::Search, &[], "type or paste", None, "search known errors and flows (paste a whole error too)"),
    // The list of all flows.
    row(Ctx::Browse, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "open")), "start the selected flow"),
    row(Ctx::Browse, MOVE_JK, "↑ ↓ / j k", Some(("↑↓", "select")), "move the selection"),
    row(Ctx::Browse, &[&[(Shift(KeyCode::Up), Do(Action::ScrollPreview(-1))), (Shift(KeyCode::Down), Do(Action::ScrollPreview(1)))]], "Shift+↑ / Shift+↓", None, "scroll the preview (the wheel over it too)"),
    row(Ctx::Browse, &[&[(Code(KeyCode::Tab), Do(Action::SwitchFocus)), (Code(KeyCode::BackTab), Do(Action::SwitchFocus)), (Char('/'), Do(Action::SwitchFocus))]], "Tab / /", Some(("Tab", "search")), "back to the search box"),
    row(Ctx::Browse, one!(Code(KeyCode::Esc), Do(Action::Cancel)), "Esc", None, "back to the search box"),
    row(Ctx::Browse, one!(Char('?'), Do(Action::Help)), "?", Some(("?", "help")), ""),
    row(Ctx::Browse, one!(Char('q'), Do(Action::Leave)), "q", Some(("q", "quit")), "quit tshoot"),
    // A known error's cause and fix.
    row(Ctx::EntryFlow, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "guided fix")), "start the guided fix"),
    row(Ctx::Entry, one!(Char('c'), Do(Action::CopyTranscript)), "c", Some(("c", "copy record")), "copy a record of this lookup for the ticket"),
    row(Ctx::Entry, one!(Char('e'), Do(Action::Export)), "e", Some(("e", "export")), "write that record to a file"),
    row(Ctx::Entry, one!(Char('f'), Do(Action::CycleFormat)), "f", None, "switch the format: plain text, Markdown, JSON"),
    row(Ctx::Entry, MOVE_JK, "↑ ↓ / j k", Some(("↑↓", "scroll")), "scroll"),
    row(Ctx::Entry, &[&[(Char('q'), Do(Action::Back)), (Char('b'), Do(Action::Back)), (Code(KeyCode::Backspace), Do(Action::Back)), (Code(KeyCode::Esc), Do(Action::Cancel))]], "q / b / Esc", Some(("q", "back")), "back to the search"),
    row(Ctx::Entry, one!(Char('?'), Do(Action::Help)), "?", None, ""),
    row(Ctx::Entry, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", None, ""),
    // The token screen.
    row(Ctx::Token, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "open entry")), "open the known error the selected finding explains"),
    row(Ctx::Token, SELECT, "↑ ↓ / j k / 1-9", Some(("↑↓", "finding")), "select a finding"),
    row(Ctx::Token, SCROLL, "PgUp PgDn / Shift+↑ ↓", Some(("PgDn", "claims")), "scroll through the claims (the wheel too)"),
    row(Ctx::Token, &[&[(Char('q'), Do(Action::Back)), (Char('b'), Do(Action::Back)), (Code(KeyCode::Backspace), Do(Action::Back)), (Code(KeyCode::Esc), Do(Action::Cancel))]], "q / b / Esc", Some(("q", "back")), "back to the results"),
    row(Ctx::Token, one!(Char('?'), Do(Action::Help)), "?", None, ""),
    // A question.
    row(Ctx::Question, CHOOSE, "↑ ↓ / j k / 1-9", Some(("↑↓/1-9", "choose")), "select an answer (1-9 answers directly)"),
    row(Ctx::Question, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "answer")), "answer with the selection"),
    row(Ctx::Question, one!(Char('h'), Do(Action::ToggleNodeHelp)), "h", None, "show or hide this question's help"),
    // A checklist, or a single step.
    row(Ctx::Steps, &[&[(Char(' '), Do(Action::Toggle)), (Char('x'), Do(Action::Toggle))]], "Space / x", Some(("Space", "check")), "check or uncheck the step"),
    row(Ctx::Steps, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "continue")), "continue when every step is checked or skipped"),
    row(Ctx::Steps, one!(Char('s'), Do(Action::Skip)), "s", Some(("s", "skip")), "skip the step (you give a reason)"),
    row(Ctx::Steps, one!(Char('w'), Do(Action::SkipWait)), "w", None, "stop waiting on a running timer (you give a reason)"),
    row(Ctx::Steps, one!(Char('y'), Do(Action::CopyCommand)), "y", Some(("y", "copy cmd")), "copy the step's command (it is never run)"),
    row(Ctx::Steps, CHOOSE, "↑ ↓ / j k / 1-9", None, "select a step"),
    row(Ctx::Steps, one!(Char('h'), Do(Action::ToggleNodeHelp)), "h", None, "show or hide the step's help"),
    // A value typed into an input node.
    row(Ctx::Input, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "save")), "save the value and continue"),
    row(Ctx::Input, one!(Code(KeyCode::Esc), Do(Action::Cancel)), "Esc", Some(("Esc", "back")), "go back"),
    row(Ctx::Input, &[], "type or paste", None, "the value asked for"),
    // The end of a flow that another flow called.
    row(Ctx::EndReturns, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "return")), "return to the flow that led here"),
    // The end of the run.
    row(Ctx::End, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "home")), "back to the search"),
    row(Ctx::End, one!(Char('c'), Do(Action::CopyTranscript)), "c", Some(("c", "copy")), "copy the transcript for the ticket"),
    row(Ctx::End, one!(Char('e'), Do(Action::Export)), "e", Some(("e", "export")), "write the transcript to a file"),
    row(Ctx::End, one!(Char('f'), Do(Action::CycleFormat)), "f", Some(("f", "format")), "switch the format: plain text, Markdown, JSON"),
    row(Ctx::End, one!(Char('t'), Do(Action::Ticket)), "t", Some(("t", "ticket")), "set the ticket reference and customer"),
    // "Is the error gone?": the answer is the run's real outcome, so Enter does not answer.
    row(Ctx::Gone, &[&[(Char('y'), Do(Action::Yes)), (Char('Y'), Do(Action::Yes))]], "y", Some(("y", "gone")), "yes, the error is gone: the flow ends resolved"),
    row(Ctx::Gone, &[&[(Char('n'), Do(Action::No)), (Char('N'), Do(Action::No))]], "n", Some(("n", "still there")), "no, it is still there: go on in triage, or escalate"),
    row(Ctx::Gone, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", None, ""),
    // A search node.
    row(Ctx::SearchNode, one!(Code(KeyCode::Enter), Do(Action::Confirm)), "Enter", Some(("Enter", "search")), "go to the search"),
    // Every flow screen, after the node's own keys.
    row(Ctx::Flow, &[&[(Char('b'), Do(Action::Back)), (Code(KeyCode::Backspace), Do(Action::Back))]], "b / Backspace", Some(("b", "back")), "go back one step and undo its answer"),
    row(Ctx::Flow, one!(Char('r'), Do(Action::Restart)), "r", None, "restart the flow (asks first)"),
    row(Ctx::Flow, one!(Char('n'), Do(Action::Note)), "n", None, "add a note to this step"),
    row(Ctx::Flow, one!(Char('t'), Do(Action::Ticket)), "t", None, "set the ticket reference and customer"),
    row(Ctx::Flow, one!(Char('c'), Do(Action::CopyTranscript)), "c", None, "copy the transcript so far"),
    row(Ctx::Flow, one!(Char('e'), Do(Action::Export)), "e", None, "write the transcript so far to a file"),
    row(Ctx::Flow, one!(Char('f'), Do(Action::CycleFormat)), "f", None, "switch the transcript format"),
    row(Ctx::Flow, one!(Char('?'), Do(Action::Help)), "?", Some(("?", "help")), ""),
    row(Ctx::Flow, &[&[(Char('q'), Do(Action::Leave)), (Code(KeyCode::Esc), Do(Action::Cancel))]], "q / Esc", Some(("q", "leave")), "leave; progress is saved and can be resumed"),
    // Everywhere but the too-small screen, after the screen's own keys.
    row(Ctx::Shown, one!(Code(KeyCode::F(1)), Do(Action::Help)), "F1 / ?", Some(("F1", "help")), "this help"),
    row(Ctx::Shown, &[], "mouse", None, "click to select, click again to open, wheel to scroll"),
];
