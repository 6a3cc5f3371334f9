//! The flow screen: one function per node kind, each falling back to the keys every node
//! shares ([`common`]).

use super::edit;
use crate::engine::{EngineError, Run, StepState};
use crate::flow::{InputKind, NodeKind};
use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::state::{App, Focus, Overlay, Screen};
use tui_input::Input;

/// The kinds of node, as far as the keys are concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Here {
    Question,
    Checklist,
    Step,
    Input,
    End {
        returns: bool,
    },
    /// A resolved end asking "Is the error gone?".
    Gone,
    Search,
    Other,
}

fn here(app: &App) -> Option<Here> {
    let runner = app.runner.as_ref()?;
    let cur = runner.run.current(app.lib).ok()?;
    if runner.run.asks_if_gone(app.lib) {
        return Some(Here::Gone);
    }
    Some(match &cur.node.kind {
        NodeKind::Question { .. } => Here::Question,
        NodeKind::Checklist { .. } => Here::Checklist,
        NodeKind::Step { .. } => Here::Step,
        NodeKind::Input { .. } => Here::Input,
        NodeKind::End { .. } => Here::End {
            returns: !cur.visit.calls.is_empty(),
        },
        NodeKind::Search { .. } => Here::Search,
        NodeKind::Goto { .. } | NodeKind::Branch { .. } => Here::Other,
    })
}

/// An action on the flow screen.
pub(super) fn update(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(here) = here(app) else {
        // The run points at nothing the library has: back to the search.
        app.screen = Screen::Home;
        app.runner = None;
        return vec![Effect::LoadResumable];
    };
    match here {
        Here::Question => question(app, action),
        Here::Checklist | Here::Step => steps(app, action, here == Here::Step),
        Here::Input => input(app, action),
        Here::End { returns } => end(app, action, returns),
        Here::Gone => gone(app, action),
        Here::Search => search(app, action),
        Here::Other => common(app, action),
    }
}

fn question(app: &mut App, action: Action) -> Vec<Effect> {
    let items = app.node_items();
    let selected = app.runner.as_ref().map_or(0, |r| r.selected);
    let choice = match action {
        Action::Pick(n) if n < items => n,
        Action::Click(n) if n < items && n == selected => n,
        Action::Confirm => selected,
        other => return common(app, other),
    };
    let (lib, now) = (app.lib, app.now);
    engine(app, |run| run.choose(lib, choice, now))
}

fn steps(app: &mut App, action: Action, single: bool) -> Vec<Effect> {
    let (lib, now) = (app.lib, app.now);
    let items = app.node_items();
    let Some(runner) = app.runner.as_mut() else {
        return Vec::new();
    };
    let selected = runner.selected;
    match action {
        Action::Toggle => tick(app, selected),
        Action::Click(n) if n < items && n == selected && !single => tick(app, n),
        Action::Skip => {
            app.overlay = Some(Overlay::SkipReason {
                step: selected,
                wait: false,
                input: Input::default(),
            });
            Vec::new()
        }
        Action::SkipWait => {
            let step = if runner.run.wait_left(lib, selected, now).is_some() {
                Some(selected)
            } else {
                runner.run.running_wait(lib, now, None).map(|(i, _)| i)
            };
            match step {
                Some(i) => {
                    app.overlay = Some(Overlay::SkipReason {
                        step: i,
                        wait: true,
                        input: Input::default(),
                    });
                    Vec::new()
                }
                None => {
                    app.warn("no wait is running");
                    Vec::new()
                }
            }
        }
        Action::CopyCommand => copy_command(app),
        Action::Confirm => engine(app, |run| run.proceed(lib, now)),
        other => common(app, other),
    }
}

/// Checks or unchecks step `i`, then moves the selection to the next open step.
fn tick(app: &mut App, i: usize) -> Vec<Effect> {
    let (lib, now) = (app.lib, app.now);
    let effects = engine(app, |run| run.toggle_step(lib, i, now));
    if !effects.is_empty() {
        select_next_open(app);
    }
    effects
}

fn input(app: &mut App, action: Action) -> Vec<Effect> {
    let (lib, now) = (app.lib, app.now);
    let Some(runner) = app.runner.as_mut() else {
        return Vec::new();
    };
    if edit(&mut runner.input, &action) {
        return Vec::new();
    }
    match action {
        Action::Confirm => {
            let value = runner.input.value().to_owned();
            let secret = runner.run.current(lib).is_ok_and(|cur| {
                matches!(
                    cur.node.kind,
                    NodeKind::Input {
                        kind: InputKind::Token,
                        ..
                    }
                )
            });
            let effects = engine(app, |run| run.submit_input(lib, &value, now));
            // A refused token is not left in the field: it is a secret, and pasting again
            // is easier into an empty field than into a hidden one.
            if secret && let Some(runner) = app.runner.as_mut() {
                runner.input = Input::default();
            }
            effects
        }
        Action::Cancel => back(app),
        other => common(app, other),
    }
}

fn end(app: &mut App, action: Action, returns: bool) -> Vec<Effect> {
    match action {
        Action::Confirm if returns => {
            let (lib, now) = (app.lib, app.now);
            engine(app, |run| run.proceed(lib, now))
        }
        Action::Confirm => go_home(app, false),
        other => common(app, other),
    }
}

/// "Is the error gone?" at a resolved end: `y` or `n`. Enter does not answer: the answer
/// becomes the run's outcome, so it takes a key of its own.
fn gone(app: &mut App, action: Action) -> Vec<Effect> {
    let (lib, now) = (app.lib, app.now);
    match action {
        Action::Yes => engine(app, |run| run.answer_gone(lib, true, now)),
        Action::No => engine(app, |run| run.answer_gone(lib, false, now)),
        Action::Confirm => {
            app.warn(format!(
                "{} press {}",
                crate::engine::GONE_QUESTION,
                crate::engine::GONE_KEYS
            ));
            Vec::new()
        }
        other => common(app, other),
    }
}

fn search(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Confirm => go_home(app, false),
        other => common(app, other),
    }
}

/// The keys every node shares: moving the selection, back, restart, note, help, leave.
fn common(app: &mut App, action: Action) -> Vec<Effect> {
    let items = app.node_items();
    let Some(runner) = app.runner.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::Move(d) if items > 0 => {
            runner.selected = runner.selected.saturating_add_signed(d).min(items - 1);
        }
        Action::Pick(n) if n >= items => {
            app.warn(format!("there is no number {}", n.saturating_add(1)));
        }
        Action::Pick(n) | Action::Click(n) if n < items => runner.selected = n,
        Action::Back => return back(app),
        Action::CopyTranscript => return vec![Effect::CopyTranscript],
        Action::Export => return vec![Effect::Export],
        Action::CycleFormat => cycle_format(app),
        Action::Ticket => {
            let current = runner.opening.ticket.reference.clone().unwrap_or_default();
            app.overlay = Some(Overlay::Ticket {
                field: 0,
                input: Input::new(current),
                reference: None,
            });
        }
        Action::Restart => app.overlay = Some(Overlay::ConfirmRestart),
        Action::Note => {
            app.overlay = Some(Overlay::Note {
                input: Input::default(),
            });
        }
        Action::ToggleNodeHelp => runner.show_help = !runner.show_help,
        Action::Help => app.overlay = Some(Overlay::Help),
        Action::Leave | Action::Cancel => return go_home(app, true),
        _ => {}
    }
    Vec::new()
}

/// Switches the format `c` and `e` use: plain text, Markdown, JSON.
pub(super) fn cycle_format(app: &mut App) {
    use crate::session::transcript::Format;
    app.prefs.format = match app.prefs.format {
        Format::Text => Format::Md,
        Format::Md => Format::Json,
        Format::Json => Format::Text,
    };
    app.info(format!("c and e now use {}", app.prefs.format.label()));
}

/// Leaves the flow for the home screen, which opens on the Resume list. A run that is still
/// going (`keep`) is saved and stays under Resume.
fn go_home(app: &mut App, keep: bool) -> Vec<Effect> {
    app.screen = Screen::Home;
    app.home.query.reset();
    app.home.pasted = false;
    app.home.focus = Focus::Search;
    app.home.results = crate::search::Results::default();
    app.home.selected = 0;
    let peek = app.runner.as_ref().is_some_and(|r| r.run.is_untouched());
    if keep && peek {
        // Nothing was done, so nothing was saved: the flow is not under Resume.
        app.runner = None;
        app.info("nothing was recorded; the flow is still there to start again");
        vec![Effect::Save, Effect::LoadResumable]
    } else if keep {
        app.info("progress saved; pick the flow under Resume to continue");
        vec![Effect::Save, Effect::LoadResumable]
    } else {
        app.runner = None;
        vec![Effect::LoadResumable]
    }
}

/// Runs an engine operation on the run: on success the new state is saved; a refusal is
/// said to the operator.
pub(super) fn engine(
    app: &mut App,
    op: impl FnOnce(&mut Run) -> Result<(), EngineError>,
) -> Vec<Effect> {
    let Some(runner) = app.runner.as_mut() else {
        return Vec::new();
    };
    let before = runner.run.visits.len();
    match op(&mut runner.run) {
        Ok(()) => after_change(app, before),
        Err(e) => {
            app.warn(e.to_string());
            Vec::new()
        }
    }
}

/// After the run changed: a new node starts with a fresh selection on its first open step,
/// the end of the flow says so, and progress is saved.
fn after_change(app: &mut App, before: usize) -> Vec<Effect> {
    let lib = app.lib;
    if let Some(runner) = app.runner.as_mut()
        && runner.run.visits.len() != before
    {
        runner.input = Input::default();
        runner.show_help = false;
        runner.selected = 0;
        select_next_open(app);
    }
    if let Some(outcome) = app.runner.as_ref().and_then(|r| r.run.outcome(lib)) {
        app.info(format!(
            "flow finished: {} — c copies the transcript, e exports it",
            outcome.label()
        ));
    }
    vec![Effect::Save]
}

fn back(app: &mut App) -> Vec<Effect> {
    let lib = app.lib;
    let Some(runner) = app.runner.as_mut() else {
        return Vec::new();
    };
    if runner.run.back(lib) {
        runner.input = Input::default();
        runner.show_help = false;
        runner.selected = 0;
        select_next_open(app);
        vec![Effect::Save]
    } else {
        app.warn("this is the first step");
        Vec::new()
    }
}

fn copy_command(app: &mut App) -> Vec<Effect> {
    let lib = app.lib;
    let Some(runner) = app.runner.as_ref() else {
        return Vec::new();
    };
    let Ok(cur) = runner.run.current(lib) else {
        return Vec::new();
    };
    let step = match &cur.node.kind {
        NodeKind::Checklist { steps, .. } => steps.get(runner.selected),
        NodeKind::Step { step, .. } => Some(step),
        _ => None,
    };
    match step.and_then(|s| s.command.as_ref()) {
        Some(command) => {
            let text = crate::sanitize::block(&runner.run.fill(&command.text));
            vec![Effect::Copy {
                text,
                what: "the command (not run)".to_owned(),
            }]
        }
        None => {
            app.warn("this step has no command to copy");
            Vec::new()
        }
    }
}

/// Selects the first open step of the current node (after a tick, a skip, a resume or going
/// back); leaves the selection alone where every step is done.
pub(super) fn select_next_open(app: &mut App) {
    if let Some(runner) = app.runner.as_mut()
        && let Some(v) = runner.run.visits.last()
        && let Some(i) = v.steps.iter().position(|m| m.state == StepState::Open)
    {
        runner.selected = i;
    }
}

/// On each tick: the waits that ran out since the last one. Each is announced once, with
/// the bell and the terminal title (the operator may be in another window), and the
/// status line says which step can go on. A wait stopped with `w` is not announced.
pub(super) fn waits_ended(app: &mut App) -> Vec<Effect> {
    let (lib, now) = (app.lib, app.now);
    let Some(runner) = app.runner.as_mut() else {
        return Vec::new();
    };
    let Ok(cur) = runner.run.current(lib) else {
        return Vec::new();
    };
    let steps = crate::engine::node_steps_of(cur.node);
    let running: Vec<usize> = runner
        .run
        .running_waits(lib, now)
        .into_iter()
        .map(|(i, _)| i)
        .collect();
    let ended: Vec<usize> = runner
        .waits
        .iter()
        .copied()
        .filter(|i| !running.contains(i))
        .filter(|&i| {
            cur.visit
                .steps
                .get(i)
                .and_then(|m| m.wait.as_ref())
                .is_some_and(|w| w.skipped.is_none())
        })
        .collect();
    let text = ended
        .first()
        .and_then(|&i| steps.get(i))
        .map(|s| runner.run.fill(s.text.trim()));
    runner.waits = running;
    let (Some(&first), Some(text)) = (ended.first(), text) else {
        return Vec::new();
    };
    let text = crate::sanitize::line(&crate::redact::redact(&text));
    app.info(format!(
        "wait done: step {} ({text}); you can go on",
        first + 1
    ));
    vec![Effect::WaitDone(text)]
}
