//! `update`: what each action does to the wizard's state. Pure: no terminal, no files, no
//! clock (the loop sets `app.now`); I/O is returned as effects for the loop to carry out.

use super::action::Action;
use super::effect::Effect;
use super::state::{App, Focus, Overlay, Row, Screen};
use crate::engine::{EngineError, Run, StepState};
use crate::flow::NodeKind;
use crate::search::Kind;
use tui_input::{Input, InputRequest};

/// Applies one action and returns the I/O it needs.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    if action == Action::Tick {
        return Vec::new();
    }
    if action == Action::Quit {
        return vec![Effect::Quit];
    }
    if app.overlay.is_some() {
        return overlay(app, action);
    }
    // A notice stays until the operator does something else.
    app.notice = None;
    match app.screen.clone() {
        Screen::Home => home(app, action),
        Screen::Entry(id) => entry(app, &id, action),
        Screen::Flow => flow(app, action),
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

// ----- home -----

fn home(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Paste(text) => {
            app.home.focus = Focus::Search;
            app.home.query = Input::new(text);
            app.home.pasted = true;
            research(app);
        }
        Action::Type(_)
        | Action::DeleteChar
        | Action::DeleteWord
        | Action::ClearField
        | Action::CursorLeft
        | Action::CursorRight => {
            app.home.focus = Focus::Search;
            edit(&mut app.home.query, &action);
            if app.home.query.value().trim().is_empty() {
                app.home.pasted = false;
            }
            research(app);
        }
        Action::Move(d) => move_home(app, d),
        Action::Pick(n) if n < app.selectable_rows().len() => {
            app.home.selected = n;
        }
        Action::Click(n) => {
            if n == app.home.selected {
                return open_selected(app);
            }
            if n < app.selectable_rows().len() {
                app.home.selected = n;
            }
        }
        Action::HistoryPrev => recall(app),
        Action::Confirm => return open_selected(app),
        Action::Cancel => {
            if !app.home.query.value().is_empty() {
                app.home.query.reset();
                app.home.pasted = false;
                research(app);
            } else if app.home.focus == Focus::Browse {
                app.home.focus = Focus::Search;
                app.home.selected = 0;
            }
        }
        Action::SwitchFocus => {
            app.home.focus = match app.home.focus {
                Focus::Search => Focus::Browse,
                Focus::Browse => Focus::Search,
            };
            app.home.selected = 0;
            app.home.scroll = 0;
        }
        Action::Help => app.overlay = Some(Overlay::Help),
        Action::Leave => return vec![Effect::Quit],
        _ => {}
    }
    Vec::new()
}

fn research(app: &mut App) {
    let query = app.home.query.value();
    app.home.results = if app.home.pasted {
        app.index.search_pasted(query, super::state::RESULT_LIMIT)
    } else {
        // Each keystroke usually extends the last query: the cache makes it search only
        // what that one matched.
        app.index.search_incremental(
            query,
            super::state::RESULT_LIMIT,
            &mut app.home.search_cache,
        )
    };
    app.home.selected = 0;
    app.home.scroll = 0;
    app.history_pos = None;
}

fn move_home(app: &mut App, d: isize) {
    let n = app.selectable_rows().len();
    if n == 0 {
        return;
    }
    if d < 0 && app.home.selected == 0 && app.home.focus == Focus::Search {
        recall(app);
        return;
    }
    app.home.selected = app.home.selected.saturating_add_signed(d).min(n - 1);
}

/// Up at the top of the search box brings back the previous search.
fn recall(app: &mut App) {
    if app.history.is_empty() {
        return;
    }
    let pos = match app.history_pos {
        Some(p) => p.saturating_sub(1),
        None => app.history.len() - 1,
    };
    if let Some(text) = app.history.get(pos).cloned() {
        app.home.pasted = crate::search::looks_pasted(&text);
        app.home.query = Input::new(text);
        research(app);
        app.history_pos = Some(pos);
    }
}

fn open_selected(app: &mut App) -> Vec<Effect> {
    let Some(row) = app.selected_row() else {
        return Vec::new();
    };
    match row {
        Row::Header(_) => Vec::new(),
        Row::Flow(i) => match app.lib.flows().get(i) {
            Some(flow) => {
                let id = flow.id.clone();
                start_flow(app, &id, None)
            }
            None => Vec::new(),
        },
        Row::Resume(i) => match app.resumable.get(i) {
            Some(item) => vec![Effect::Resume(item.id.clone())],
            None => Vec::new(),
        },
        Row::Hit(h) => {
            let ambiguous = &app.home.results.ambiguous;
            if ambiguous.len() > 1 && ambiguous.contains(&h) {
                app.overlay = Some(Overlay::WhichApp {
                    hits: ambiguous.clone(),
                    selected: ambiguous.iter().position(|&x| x == h).unwrap_or(0),
                });
                return Vec::new();
            }
            open_hit(app, h)
        }
    }
}

fn open_hit(app: &mut App, h: usize) -> Vec<Effect> {
    let Some(doc) = app
        .home
        .results
        .hits
        .get(h)
        .and_then(|hit| app.index.doc(hit.doc))
    else {
        return Vec::new();
    };
    let (kind, id) = (doc.kind, doc.id.clone());
    let mut effects = Vec::new();
    let query = app.home.query.value().trim().to_owned();
    if !query.is_empty() {
        effects.push(Effect::RememberQuery(query));
    }
    match kind {
        Kind::Flow => effects.extend(start_flow(app, &id, None)),
        Kind::Error => match app.lib.entry(&id).and_then(|e| e.flow.clone()) {
            Some(flow) => effects.extend(start_flow(app, &flow, Some(id))),
            None => {
                app.home.entry_scroll = 0;
                app.screen = Screen::Entry(id);
            }
        },
    }
    effects
}

fn start_flow(app: &mut App, flow_id: &str, entry: Option<String>) -> Vec<Effect> {
    match Run::start(app.lib, flow_id, app.now) {
        Ok(run) => {
            let query = Some(app.home.query.value().trim().to_owned()).filter(|q| !q.is_empty());
            app.open_run(run, query, entry);
            vec![Effect::NewSession]
        }
        Err(e) => {
            app.warn(format!("cannot start '{flow_id}': {e}"));
            Vec::new()
        }
    }
}

// ----- entry screen -----

fn entry(app: &mut App, id: &str, action: Action) -> Vec<Effect> {
    match action {
        Action::Cancel | Action::Leave | Action::Back => app.screen = Screen::Home,
        Action::Move(d) => {
            app.home.entry_scroll = app
                .home
                .entry_scroll
                .saturating_add_signed(i16::try_from(d).unwrap_or(0));
        }
        Action::Confirm => {
            if let Some(flow) = app.lib.entry(id).and_then(|e| e.flow.clone()) {
                return start_flow(app, &flow, Some(id.to_owned()));
            }
            app.screen = Screen::Home;
        }
        Action::Help => app.overlay = Some(Overlay::Help),
        _ => {}
    }
    Vec::new()
}

// ----- flow screen -----

fn flow(app: &mut App, action: Action) -> Vec<Effect> {
    let lib = app.lib;
    let now = app.now;
    let Some(runner) = app.runner.as_mut() else {
        app.screen = Screen::Home;
        return Vec::new();
    };
    let Ok(cur) = runner.run.current(lib) else {
        app.screen = Screen::Home;
        return Vec::new();
    };
    let kind = cur.node.kind.clone();
    let calls = cur.visit.calls.len();
    let items = app.node_items();
    let Some(runner) = app.runner.as_mut() else {
        return Vec::new();
    };
    let before = runner.run.visits.len();

    // Text fields take typing first.
    if let NodeKind::Input { .. } = kind {
        if edit(&mut runner.input, &action) {
            return Vec::new();
        }
        match action {
            Action::Confirm => {
                let value = runner.input.value().to_owned();
                return changed(app, before, |run| run.submit_input(lib, &value, now));
            }
            Action::Cancel => return back(app),
            _ => {}
        }
    }

    let advance = matches!(action, Action::Toggle | Action::Click(_));
    let result: Option<Result<(), EngineError>> = match action {
        Action::Move(d) => {
            if items > 0 {
                runner.selected = runner.selected.saturating_add_signed(d).min(items - 1);
            }
            None
        }
        Action::Pick(n) => {
            if n >= items {
                app.warn(format!("there is no number {}", n.saturating_add(1)));
                return Vec::new();
            }
            runner.selected = n;
            match kind {
                NodeKind::Question { .. } => Some(runner.run.choose(lib, n, now)),
                _ => None,
            }
        }
        Action::Click(n) => {
            if n >= items {
                return Vec::new();
            }
            if n != runner.selected {
                runner.selected = n;
                None
            } else {
                match kind {
                    NodeKind::Question { .. } => Some(runner.run.choose(lib, n, now)),
                    NodeKind::Checklist { .. } => Some(runner.run.toggle_step(lib, n, now)),
                    _ => None,
                }
            }
        }
        Action::Confirm => match kind {
            NodeKind::Question { .. } => Some(runner.run.choose(lib, runner.selected, now)),
            NodeKind::Search { .. } => {
                app.screen = Screen::Home;
                app.home.focus = Focus::Search;
                app.runner = None;
                return Vec::new();
            }
            NodeKind::End { .. } if calls == 0 => {
                app.screen = Screen::Home;
                app.runner = None;
                return Vec::new();
            }
            _ => Some(runner.run.proceed(lib, now)),
        },
        Action::Toggle => match kind {
            NodeKind::Checklist { .. } | NodeKind::Step { .. } => {
                Some(runner.run.toggle_step(lib, runner.selected, now))
            }
            _ => None,
        },
        Action::Skip => {
            if matches!(kind, NodeKind::Checklist { .. } | NodeKind::Step { .. }) {
                let step = runner.selected;
                app.overlay = Some(Overlay::SkipReason {
                    step,
                    input: Input::default(),
                });
            }
            None
        }
        Action::SkipWait => {
            let step = if runner.run.wait_left(lib, runner.selected, now).is_some() {
                Some(runner.selected)
            } else {
                runner.run.running_wait(lib, now, None).map(|(i, _)| i)
            };
            match step {
                Some(i) => Some(runner.run.skip_wait(lib, i, now)),
                None => {
                    app.warn("no wait is running");
                    return Vec::new();
                }
            }
        }
        Action::CopyCommand => return copy_command(app),
        Action::CopyTranscript => return vec![Effect::CopyTranscript],
        Action::Export => return vec![Effect::Export],
        Action::Back => return back(app),
        Action::Restart => {
            app.overlay = Some(Overlay::ConfirmRestart);
            None
        }
        Action::Note => {
            app.overlay = Some(Overlay::Note {
                input: Input::default(),
            });
            None
        }
        Action::ToggleNodeHelp => {
            runner.show_help = !runner.show_help;
            None
        }
        Action::Help => {
            app.overlay = Some(Overlay::Help);
            None
        }
        Action::Leave | Action::Cancel => {
            app.screen = Screen::Home;
            // Home opens on the Resume list, where this run now is.
            app.home.query.reset();
            app.home.pasted = false;
            app.home.focus = Focus::Search;
            app.home.results = crate::search::Results::default();
            app.home.selected = 0;
            app.info("progress saved; pick the flow under Resume to continue");
            return vec![Effect::Save];
        }
        _ => None,
    };
    match result {
        None => Vec::new(),
        Some(Ok(())) => {
            let effects = after_change(app, before);
            if advance {
                select_next_open(app);
            }
            effects
        }
        Some(Err(e)) => {
            app.warn(e.to_string());
            Vec::new()
        }
    }
}

/// Runs an engine operation and reports its refusal, if any.
fn changed(
    app: &mut App,
    before: usize,
    op: impl FnOnce(&mut Run) -> Result<(), EngineError>,
) -> Vec<Effect> {
    let Some(runner) = app.runner.as_mut() else {
        return Vec::new();
    };
    match op(&mut runner.run) {
        Ok(()) => after_change(app, before),
        Err(e) => {
            app.warn(e.to_string());
            Vec::new()
        }
    }
}

/// After the run changed: a new node starts with a fresh selection, and progress is saved.
fn after_change(app: &mut App, before: usize) -> Vec<Effect> {
    let lib = app.lib;
    if let Some(runner) = app.runner.as_mut() {
        if runner.run.visits.len() != before {
            runner.selected = 0;
            runner.input = Input::default();
            runner.show_help = false;
            // On a checklist, start at the first open step.
            if let Some(v) = runner.run.visits.last() {
                runner.selected = v
                    .steps
                    .iter()
                    .position(|m| m.state == StepState::Open)
                    .unwrap_or(0);
            }
        }
        if let Some(outcome) = runner.run.outcome(lib) {
            app.info(format!(
                "flow finished: {} — c copies the transcript, e exports it",
                crate::show::outcome_name(outcome)
            ));
        }
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
        // Coming back to a question, select the answer that was given before.
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
            app.info(format!(
                "copied to the clipboard (not run): {}",
                crate::sanitize::line(&text)
            ));
            vec![Effect::Copy(text)]
        }
        None => {
            app.warn("this step has no command to copy");
            Vec::new()
        }
    }
}

// ----- overlays -----

fn overlay(app: &mut App, action: Action) -> Vec<Effect> {
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
                let before = usize::MAX;
                return changed(app, before, |run| run.restart(lib, now));
            }
            Action::No | Action::Cancel => return Vec::new(),
            _ => {}
        },
        Overlay::SkipReason { step, input } => {
            if edit(input, &action) {
            } else if action == Action::Confirm {
                let (step, reason) = (*step, input.value().to_owned());
                let before = app.runner.as_ref().map_or(0, |r| r.run.visits.len());
                let effects = changed(app, before, |run| run.skip_step(lib, step, &reason, now));
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

/// After a skip, the selection moves to the next open step.
fn select_next_open(app: &mut App) {
    if let Some(runner) = app.runner.as_mut()
        && let Some(v) = runner.run.visits.last()
        && let Some(i) = v.steps.iter().position(|m| m.state == StepState::Open)
    {
        runner.selected = i;
    }
}
