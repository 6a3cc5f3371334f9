//! The keys of each screen, in two lengths: the status-bar hints and the full help.

use crate::flow::NodeKind;
use crate::tui::state::{App, Focus, Overlay, Screen};

/// What the current node is, for choosing its keys.
enum Here {
    Question,
    Checklist,
    Step,
    Input,
    End { returns: bool },
    Search,
    Unknown,
}

fn here(app: &App) -> Here {
    let Some(cur) = app
        .runner
        .as_ref()
        .and_then(|r| r.run.current(app.lib).ok())
    else {
        return Here::Unknown;
    };
    match &cur.node.kind {
        NodeKind::Question { .. } => Here::Question,
        NodeKind::Checklist { .. } => Here::Checklist,
        NodeKind::Step { .. } => Here::Step,
        NodeKind::Input { .. } => Here::Input,
        NodeKind::End { .. } => Here::End {
            returns: !cur.visit.calls.is_empty(),
        },
        NodeKind::Search { .. } => Here::Search,
        NodeKind::Goto { .. } | NodeKind::Branch { .. } => Here::Unknown,
    }
}

/// The few keys shown in the status bar.
pub fn hints(app: &App) -> Vec<(&'static str, &'static str)> {
    match &app.overlay {
        Some(Overlay::Help) => return vec![("any key", "close")],
        Some(Overlay::SkipReason { .. } | Overlay::Note { .. } | Overlay::Ticket { .. }) => {
            return vec![("Enter", "save"), ("Esc", "cancel")];
        }
        Some(Overlay::WhichApp { .. }) => {
            return vec![("↑↓/1-9", "choose"), ("Enter", "open"), ("Esc", "cancel")];
        }
        Some(Overlay::ConfirmRestart) => return vec![("y", "restart"), ("n", "keep going")],
        Some(Overlay::ConfirmDiscard { .. }) => return vec![("y", "discard"), ("n", "keep")],
        None => {}
    }
    match app.screen {
        Screen::Home if app.home.focus == Focus::Search => vec![
            ("Enter", "open"),
            ("↑↓", "select"),
            ("Tab", "browse"),
            ("Esc", "clear"),
            ("F1", "help"),
            ("Ctrl+C", "quit"),
        ],
        Screen::Home => vec![
            ("Enter", "open"),
            ("↑↓", "select"),
            ("Tab", "search"),
            ("?", "help"),
            ("q", "quit"),
        ],
        Screen::Entry(ref id) if app.lib.entry(id).is_some_and(|e| e.flow.is_some()) => {
            vec![
                ("Enter", "guided fix"),
                ("c", "copy record"),
                ("e", "export"),
                ("q", "back"),
            ]
        }
        Screen::Entry(_) => vec![
            ("c", "copy record"),
            ("e", "export"),
            ("↑↓", "scroll"),
            ("q", "back"),
        ],
        Screen::Flow => match here(app) {
            Here::Question => vec![
                ("↑↓/1-9", "choose"),
                ("Enter", "answer"),
                ("b", "back"),
                ("?", "help"),
                ("q", "leave"),
            ],
            Here::Checklist => vec![
                ("Space", "check"),
                ("s", "skip"),
                ("y", "copy cmd"),
                ("Enter", "continue"),
                ("b", "back"),
                ("?", "help"),
            ],
            Here::Step => vec![
                ("Enter", "done"),
                ("y", "copy cmd"),
                ("b", "back"),
                ("?", "help"),
                ("q", "leave"),
            ],
            Here::Input => vec![("Enter", "save"), ("Esc", "back"), ("Ctrl+C", "quit")],
            Here::End { returns: true } => vec![("Enter", "return"), ("b", "back"), ("?", "help")],
            Here::End { returns: false } => vec![
                ("c", "copy"),
                ("e", "export"),
                ("f", app.prefs.format.label()),
                ("t", "ticket"),
                ("Enter", "home"),
            ],
            Here::Search | Here::Unknown => vec![("Enter", "search"), ("b", "back")],
        },
    }
}

/// Every key of the current screen, for the help overlay.
pub fn help(app: &App) -> Vec<(&'static str, &'static str)> {
    let mut keys = match app.screen {
        Screen::Home => vec![
            (
                "type",
                "search known errors and flows (paste a whole error too)",
            ),
            (
                "↑ ↓ PgUp PgDn",
                "move the selection (also Ctrl+N/J and Ctrl+P/K)",
            ),
            ("↑ at the top / Alt+↑", "recall an earlier search"),
            (
                "Ctrl+A / Ctrl+E",
                "start / end of the search box (also Home / End)",
            ),
            ("Alt+B / Alt+F", "one word left / right"),
            ("Enter", "open the selected error or flow"),
            ("Tab", "switch between search and the list of all flows"),
            ("Esc", "clear the search"),
            ("Ctrl+U / Ctrl+W", "clear the box / delete a word"),
            ("d", "discard the selected Resume session (asks first)"),
            (
                "mouse",
                "click to select, click again to open, wheel to scroll",
            ),
            ("q", "quit (from the list)"),
        ],
        Screen::Entry(_) => vec![
            ("Enter", "start the guided fix, if there is one"),
            ("c", "copy a record of this lookup for the ticket"),
            ("e", "write that record to a file"),
            ("f", "switch the format: plain text, Markdown, JSON"),
            ("↑ ↓", "scroll"),
            ("q / b / Esc", "back to the search"),
        ],
        Screen::Flow => {
            let mut keys = match here(app) {
                Here::Question => vec![
                    ("↑ ↓ / j k", "select an answer"),
                    ("1-9", "answer directly"),
                    ("Enter", "answer with the selection"),
                    ("h", "show or hide this question's help"),
                ],
                Here::Checklist | Here::Step => vec![
                    ("↑ ↓ / j k / 1-9", "select a step"),
                    ("Space / x", "check or uncheck the step"),
                    ("s", "skip the step (you give a reason)"),
                    ("w", "stop waiting on a running timer (you give a reason)"),
                    ("y", "copy the step's command (it is never run)"),
                    ("Enter", "continue when every step is checked or skipped"),
                ],
                Here::Input => vec![
                    ("type", "the value"),
                    ("Enter", "save it and continue"),
                    ("Esc", "go back"),
                ],
                Here::End { .. } => vec![
                    ("c", "copy the transcript for the ticket"),
                    ("e", "write the transcript to a file"),
                    ("f", "switch the format: plain text, Markdown, JSON"),
                    ("Enter", "return to the calling flow, or go home"),
                ],
                Here::Search | Here::Unknown => vec![("Enter", "go to the search")],
            };
            keys.extend([
                ("b / Backspace", "go back one step and undo its answer"),
                ("r", "restart the flow (asks first)"),
                ("n", "add a note to this step"),
                ("t", "set the ticket reference and customer"),
                ("q / Esc", "leave; progress is saved and can be resumed"),
            ]);
            keys
        }
    };
    keys.extend([
        ("F1 / ?", "this help"),
        ("Ctrl+L", "clear and redraw the screen"),
        ("Ctrl+C", "quit tshoot"),
    ]);
    keys
}
