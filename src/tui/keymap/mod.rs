//! Turns key presses, pastes and mouse events into actions, and describes the keys: the
//! status-bar hints and the help popup come from the same [`table::TABLE`] as the bindings.

mod table;

use super::action::Action;
use super::state::{App, Focus, Overlay, Row, Screen};
use crate::flow::NodeKind;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

/// Where a binding applies. [`contexts`] says which apply now, most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ctx {
    /// Every screen, before anything else (quit, redraw).
    Always,
    /// The "terminal too small" screen.
    TooSmall,
    /// The help popup.
    HelpPopup,
    /// "Start the flow again?"
    ConfirmRestart,
    /// "Discard this session?"
    ConfirmDiscard,
    /// "Which app shows this message?"
    WhichApp,
    /// A popup with a text field (skip reason, note, ticket).
    PopupField,
    /// Any text field.
    Field,
    /// The search box while it is empty.
    SearchEmpty,
    /// The search box while it is empty and a Resume row is selected.
    ResumeRow,
    /// The search box.
    Search,
    /// The list of all flows.
    Browse,
    /// A known error's screen.
    Entry,
    /// A known error's screen, when the error has a guided fix.
    EntryFlow,
    /// The token screen.
    Token,
    /// A question node.
    Question,
    /// A checklist or step node.
    Steps,
    /// An input node.
    Input,
    /// An end node that returns to a calling flow.
    EndReturns,
    /// The end of the run.
    End,
    /// "Is the error gone?" at a resolved end.
    Gone,
    /// A search node.
    SearchNode,
    /// Every flow screen, after the node's own keys.
    Flow,
    /// Every screen but the too-small one, after the screen's own keys.
    Shown,
}

/// A key, as the table matches it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character with neither Ctrl nor Alt.
    Char(char),
    /// Ctrl and a character.
    Ctrl(char),
    /// Alt and a character.
    Alt(char),
    /// A named key without modifiers.
    Code(KeyCode),
    /// Shift and a named key.
    Shift(KeyCode),
    /// Alt and a named key.
    AltCode(KeyCode),
    /// 1 to 9.
    Digit,
    /// Any character without Ctrl or Alt.
    AnyChar,
    /// Any key at all.
    AnyKey,
}

/// What a key does.
#[derive(Debug, Clone, PartialEq)]
pub enum Act {
    /// This action.
    Do(Action),
    /// Select the row the digit names.
    Pick,
    /// Type the character.
    Type,
    /// Nothing: the key is swallowed.
    Nothing,
}

/// Keys and their actions, in groups that several bindings share.
pub type Keys = &'static [&'static [(Key, Act)]];

/// One row of the key table: keys and what they do in a context, and how it is described.
#[derive(Debug)]
pub struct Binding {
    /// Where it applies.
    pub ctx: Ctx,
    /// The keys and their actions.
    pub keys: Keys,
    /// The keys as the help popup names them.
    pub shown: &'static str,
    /// The keys and the word for the status bar, if the binding is worth a hint.
    pub hint: Option<(&'static str, &'static str)>,
    /// What it does, for the help popup ("" leaves it out).
    pub help: &'static str,
}

pub use table::TABLE;

impl Binding {
    /// Every key of the binding, with what it does.
    pub fn keys(&self) -> impl Iterator<Item = &'static (Key, Act)> {
        self.keys.iter().flat_map(|group| group.iter())
    }
}

impl Key {
    /// Whether a key press is this key.
    pub fn matches(self, key: &KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let alt = key.modifiers.contains(KeyModifiers::ALT);
        let shift = key.modifiers.contains(KeyModifiers::SHIFT);
        match self {
            Key::Char(c) => key.code == KeyCode::Char(c) && !ctrl && !alt,
            Key::Ctrl(c) => key.code == KeyCode::Char(c) && ctrl,
            Key::Alt(c) => key.code == KeyCode::Char(c) && alt && !ctrl,
            // Terminals send Shift+Tab as BackTab with Shift held.
            Key::Code(code) => {
                key.code == code && !ctrl && !alt && (!shift || code == KeyCode::BackTab)
            }
            Key::Shift(code) => key.code == code && shift && !ctrl && !alt,
            Key::AltCode(code) => key.code == code && alt && !ctrl,
            Key::Digit => matches!(key.code, KeyCode::Char('1'..='9')) && !ctrl && !alt,
            Key::AnyChar => matches!(key.code, KeyCode::Char(_)) && !ctrl && !alt,
            Key::AnyKey => true,
        }
    }
}

/// The action for a terminal event in the current state, if it means anything.
pub fn action_for(event: &Event, app: &App) -> Option<Action> {
    let too_small = app.hitmap.borrow().too_small;
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => key_action(key, app),
        // Nothing pasted lands in a field the operator cannot see.
        Event::Paste(text) if !too_small => Some(Action::Paste(text.clone())),
        Event::Mouse(mouse) if !too_small => {
            let hitmap = app.hitmap.borrow();
            let over_preview = hitmap.over_preview(mouse.column, mouse.row);
            match mouse.kind {
                MouseEventKind::Down(MouseButton::Left) => {
                    hitmap.item_at(mouse.column, mouse.row).map(Action::Click)
                }
                MouseEventKind::ScrollDown if over_preview => Some(Action::ScrollPreview(3)),
                MouseEventKind::ScrollUp if over_preview => Some(Action::ScrollPreview(-3)),
                MouseEventKind::ScrollDown => Some(Action::Move(1)),
                MouseEventKind::ScrollUp => Some(Action::Move(-1)),
                _ => None,
            }
        }
        Event::Resize(..) => Some(Action::Tick),
        _ => None,
    }
}

/// The action a key press asks for: the first binding of the most specific context.
fn key_action(key: &KeyEvent, app: &App) -> Option<Action> {
    for ctx in contexts(app) {
        for binding in TABLE.iter().filter(|b| b.ctx == ctx) {
            if let Some((k, act)) = binding.keys().find(|(k, _)| k.matches(key)) {
                return match act {
                    Act::Do(action) => Some(action.clone()),
                    Act::Pick => match key.code {
                        KeyCode::Char(c) => Some(Action::Pick(digit(c))),
                        _ => None,
                    },
                    Act::Type => match (k, key.code) {
                        (_, KeyCode::Char(c)) => Some(Action::Type(c)),
                        _ => None,
                    },
                    Act::Nothing => None,
                };
            }
        }
    }
    None
}

/// The contexts that apply now, in the order their bindings are tried.
pub fn contexts(app: &App) -> Vec<Ctx> {
    contexts_under(app, app.overlay.as_ref())
}

/// The contexts with this popup open (the help popup describes the screen under it).
fn contexts_under(app: &App, overlay: Option<&Overlay>) -> Vec<Ctx> {
    let mut out = vec![Ctx::Always];
    if app.hitmap.borrow().too_small {
        out.push(Ctx::TooSmall);
        return out;
    }
    match overlay {
        Some(Overlay::Help) => out.push(Ctx::HelpPopup),
        Some(Overlay::ConfirmRestart) => out.push(Ctx::ConfirmRestart),
        Some(Overlay::ConfirmDiscard { .. }) => out.push(Ctx::ConfirmDiscard),
        Some(Overlay::WhichApp { .. }) => out.push(Ctx::WhichApp),
        Some(Overlay::SkipReason { .. } | Overlay::Note { .. } | Overlay::Ticket { .. }) => {
            out.extend([Ctx::PopupField, Ctx::Field]);
        }
        None => out.extend(screen_contexts(app)),
    }
    out.push(Ctx::Shown);
    out
}

fn screen_contexts(app: &App) -> Vec<Ctx> {
    match &app.screen {
        Screen::Home if app.home.focus == Focus::Search => {
            // The search box's own keys bind no letters, so they can come first (and so
            // lead the hints); d and ? must come before typing takes every letter.
            let mut out = vec![Ctx::Search];
            if app.home.query.value().is_empty() {
                if matches!(app.selected_row(), Some(Row::Resume(_))) {
                    out.push(Ctx::ResumeRow);
                }
                out.push(Ctx::SearchEmpty);
            }
            out.push(Ctx::Field);
            out
        }
        Screen::Home => vec![Ctx::Browse],
        Screen::Entry(id) if app.lib.entry(id).is_some_and(|e| e.flow.is_some()) => {
            vec![Ctx::EntryFlow, Ctx::Entry]
        }
        Screen::Entry(_) => vec![Ctx::Entry],
        Screen::Token => vec![Ctx::Token],
        Screen::Flow => {
            let Some(cur) = app
                .runner
                .as_ref()
                .and_then(|r| r.run.current(app.lib).ok())
            else {
                return vec![Ctx::Flow];
            };
            match &cur.node.kind {
                NodeKind::Question { .. } => vec![Ctx::Question, Ctx::Flow],
                NodeKind::Checklist { .. } | NodeKind::Step { .. } => vec![Ctx::Steps, Ctx::Flow],
                // Typing takes every letter: the flow's own keys wait until the value is in.
                NodeKind::Input { .. } => vec![Ctx::Input, Ctx::Field],
                NodeKind::End { .. }
                    if app
                        .runner
                        .as_ref()
                        .is_some_and(|r| r.run.asks_if_gone(app.lib)) =>
                {
                    vec![Ctx::Gone, Ctx::Flow]
                }
                NodeKind::End { .. } if !cur.visit.calls.is_empty() => {
                    vec![Ctx::EndReturns, Ctx::Flow]
                }
                NodeKind::End { .. } => vec![Ctx::End, Ctx::Flow],
                NodeKind::Search { .. } | NodeKind::Goto { .. } | NodeKind::Branch { .. } => {
                    vec![Ctx::SearchNode, Ctx::Flow]
                }
            }
        }
    }
}

/// The bindings that apply now, in the order hints and help list them: the screen's own
/// first, then those of every screen (quit last).
///
/// A binding whose every key an earlier context already takes is left out: help and
/// hints name only what the keys really do here.
fn described(app: &App, overlay: Option<&Overlay>) -> Vec<&'static Binding> {
    let ctxs = contexts_under(app, overlay);
    let mut taken: Vec<Key> = Vec::new();
    let mut live = Vec::new();
    for ctx in &ctxs {
        for binding in TABLE.iter().filter(|b| b.ctx == *ctx) {
            let keys: Vec<Key> = binding
                .keys()
                .map(|(k, _)| *k)
                .filter(|k| !matches!(k, Key::AnyChar | Key::AnyKey))
                .collect();
            let shadowed = !keys.is_empty() && keys.iter().all(|k| taken.contains(k));
            taken.extend(keys);
            if !shadowed {
                live.push(binding);
            }
        }
    }
    // The screen's own first, then those of every screen, quit last.
    let (always, rest): (Vec<_>, Vec<_>) = live.into_iter().partition(|b| b.ctx == Ctx::Always);
    rest.into_iter().chain(always).collect()
}

/// One key named in the status bar.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hint {
    /// The keys.
    pub keys: &'static str,
    /// What they do, in a word or two.
    pub word: &'static str,
    /// A key of every flow screen or every screen (back, leave, help), not this screen's own.
    pub general: bool,
    /// The key that gets the operator out (leave, quit, cancel): it is never dropped.
    pub way_out: bool,
}

/// The few keys shown in the status bar, from the table.
pub fn hints(app: &App) -> Vec<Hint> {
    let mut out: Vec<Hint> = Vec::new();
    let mut way_out = false;
    for binding in described(app, app.overlay.as_ref()) {
        let Some((keys, mut word)) = binding.hint else {
            continue;
        };
        let leaves = binding
            .keys()
            .any(|(_, a)| matches!(a, Act::Do(Action::Leave | Action::Quit)));
        // Ctrl+C is named only where the screen has no key of its own to get out.
        if binding.ctx == Ctx::Always && leaves && way_out {
            continue;
        }
        way_out |= leaves;
        let general = matches!(binding.ctx, Ctx::Flow | Ctx::Shown | Ctx::Always);
        // A popup's own keys are all it needs: help and quit wait until it is closed.
        if general && app.overlay.is_some() {
            continue;
        }
        // The format key names the format it is on.
        if binding
            .keys()
            .any(|(_, a)| *a == Act::Do(Action::CycleFormat))
        {
            word = app.prefs.format.label();
        }
        if !out.iter().any(|h| h.word == word) {
            out.push(Hint {
                keys,
                word,
                general,
                way_out: leaves || binding.keys().any(|(_, a)| *a == Act::Do(Action::Cancel)),
            });
        }
    }
    out
}

/// Every key of the current screen, for the help popup, from the table.
pub fn help(app: &App) -> Vec<(&'static str, &'static str)> {
    let overlay = match &app.overlay {
        Some(Overlay::Help) => None,
        other => other.as_ref(),
    };
    let mut out: Vec<(&'static str, &'static str)> = Vec::new();
    for binding in described(app, overlay) {
        if binding.help.is_empty() || binding.shown.is_empty() {
            continue;
        }
        if !out.contains(&(binding.shown, binding.help)) {
            out.push((binding.shown, binding.help));
        }
    }
    out
}

fn digit(c: char) -> usize {
    c.to_digit(10).map_or(0, |d| d as usize).saturating_sub(1)
}
