//! Popups: help, the skip reason, a note, "which app?" and the restart question.

use super::edit;
use super::flow::{engine, select_next_open};
use super::home::open_hit;
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{App, Overlay};
use tui_input::Input;

/// An action while a popup is open.
pub(super) fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let lib = app.lib;
    let now = app.now;
    let Some(mut overlay) = app.overlay.take() else {
        return Vec::new();
    };
    match &mut overlay {
        Overlay::Help => {
            // Any key closes the help.
            return Vec::new();
        }
        Overlay::ConfirmRestart => match action {
            Action::Yes | Action::Confirm => {
                let effects = engine(app, |run| run.restart(lib, now));
                if let Some(runner) = app.runner.as_mut() {
                    runner.selected = 0;
                    runner.show_help = false;
                }
                return effects;
            }
            Action::No | Action::Cancel => return Vec::new(),
            _ => {}
        },
        Overlay::SkipReason { step, wait, input } => {
            if edit(input, &action) {
            } else if action == Action::Confirm {
                let (step, wait, reason) = (*step, *wait, input.value().to_owned());
                let effects = if wait {
                    engine(app, |run| run.skip_wait(lib, step, &reason, now))
                } else {
                    engine(app, |run| run.skip_step(lib, step, &reason, now))
                };
                if effects.is_empty() {
                    // Refused (empty reason): keep asking.
                    app.overlay = Some(overlay);
                } else {
                    select_next_open(app);
                }
                return effects;
            } else if action == Action::Cancel {
                return Vec::new();
            }
        }
        Overlay::Note { input } => {
            if edit(input, &action) {
            } else if action == Action::Confirm {
                let text = input.value().to_owned();
                let added = app
                    .runner
                    .as_mut()
                    .is_some_and(|r| r.run.add_note(&text, now));
                if added {
                    app.info("note added");
                    return vec![Effect::Save];
                }
                return Vec::new();
            } else if action == Action::Cancel {
                return Vec::new();
            }
        }
        Overlay::ConfirmDiscard { id, .. } => match action {
            Action::Yes | Action::Confirm => return vec![Effect::Discard(id.clone())],
            Action::No | Action::Cancel => return Vec::new(),
            _ => {}
        },
        Overlay::Ticket {
            field,
            input,
            reference,
        } => {
            if edit(input, &action) {
            } else if action == Action::Confirm {
                let value = Some(input.value().trim().to_owned()).filter(|v| !v.is_empty());
                if *field == 0 {
                    let customer = app
                        .runner
                        .as_ref()
                        .and_then(|r| r.opening.ticket.customer.clone())
                        .unwrap_or_default();
                    app.overlay = Some(Overlay::Ticket {
                        field: 1,
                        input: Input::new(customer),
                        reference: value,
                    });
                    return Vec::new();
                }
                let fields = crate::session::TicketFields {
                    reference: reference.take(),
                    customer: value,
                    operator: None,
                };
                if let Some(runner) = app.runner.as_mut() {
                    runner.opening.ticket.merge(&fields);
                }
                app.info("ticket fields saved with the session");
                return vec![Effect::SetTicket(fields)];
            } else if action == Action::Cancel {
                return Vec::new();
            }
        }
        Overlay::WhichApp { hits, selected } => match action {
            Action::Move(d) => {
                *selected = selected
                    .saturating_add_signed(d)
                    .min(hits.len().saturating_sub(1));
            }
            Action::Pick(n) | Action::Click(n) if n < hits.len() => {
                let h = hits.get(n).copied();
                return h.map_or_else(Vec::new, |h| open_hit(app, h));
            }
            Action::Confirm => {
                let h = hits.get(*selected).copied();
                return h.map_or_else(Vec::new, |h| open_hit(app, h));
            }
            Action::Cancel => return Vec::new(),
            _ => {}
        },
    }
    app.overlay = Some(overlay);
    Vec::new()
}
