//! The full-screen wizard: search-first home screen and the flow runner.
//!
//! Elm-style and synchronous: [`keymap`] turns terminal events into [`Action`]s, [`update`]
//! applies them to the [`App`] state and returns [`Effect`]s, [`persist`] carries the effects
//! out (the only file I/O), and [`ui`] draws the state. Only this module's `run` touches the
//! terminal.

pub mod action;
pub mod clipboard;
pub mod effect;
pub mod keymap;
pub mod persist;
pub mod state;
pub mod terminal;
pub mod theme;
pub mod ui;
pub mod update;

pub use action::Action;
pub use effect::Effect;
pub use state::App;
pub use update::update;

use crate::flow::Library;
use crate::search::Index;
use crate::session::Store;
use persist::{Next, Persist};
use ratatui::crossterm::event;
use std::sync::atomic::Ordering;
use std::time::{Duration, SystemTime};

/// Where the wizard opens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    /// The home screen.
    Home,
    /// The home screen with the Resume list selected.
    ResumeList,
    /// A flow, from its first node.
    Flow(String),
    /// A flow for a known error that matched `query`.
    FlowFor {
        /// The flow.
        flow: String,
        /// The known error, if any.
        entry: Option<String>,
        /// The error text that led here.
        query: String,
    },
    /// A known error's cause and fix, found for `query`.
    Entry {
        /// The known error.
        entry: String,
        /// The error text that led here.
        query: String,
    },
    /// The search screen with `query` already searched.
    Search(String),
    /// A stored session.
    Resume(String),
}

/// How often countdowns are redrawn while nothing else happens.
const TICK: Duration = Duration::from_millis(250);

/// Runs the wizard until the operator quits. `ready` is the library's search index when one
/// is at hand (the build-time snapshot); without it the index is built here.
pub fn run(
    lib: &Library,
    ready: Option<Index>,
    store: Option<Store>,
    start: Start,
    prefs: state::Prefs,
) -> anyhow::Result<()> {
    // Without a ready index, it is built on the second core while the first frame is drawn:
    // the home screen needs no index until the operator types.
    let mut ready = ready.filter(|index| index.is_for(lib));
    std::thread::scope(|scope| {
        let building = ready.is_none().then(|| scope.spawn(|| Index::build(lib)));
        let empty_library = Library::default();
        let empty = Index::build(&empty_library);
        let index: Index;
        let mut app = App::new(lib, &empty, SystemTime::now());
        app.prefs = prefs;
        let theme = theme::Theme::from_env();
        let mut persist = Persist::new(store);
        let stop = terminal::stop_flag();
        let mut guard = terminal::enter()?;
        let mut sink = std::io::sink();
        for effect in [Effect::LoadHistory, Effect::LoadResumable] {
            carry_out(&mut app, &mut persist, vec![effect], &mut sink);
        }
        let needs_index = !matches!(start, Start::Home | Start::ResumeList);
        if !needs_index {
            guard.terminal.draw(|frame| ui::view(frame, &app, &theme))?;
        }
        index = match (ready.take(), building) {
            (Some(index), _) => index,
            // A panic while indexing only costs the parallel start: build it again here.
            (None, Some(building)) => building.join().unwrap_or_else(|_| Index::build(lib)),
            (None, None) => Index::build(lib),
        };
        app.index = &index;
        for action in start_actions(start) {
            dispatch(&mut app, &mut persist, action, &mut sink);
        }
        event_loop(&mut app, &mut persist, &mut guard, &theme, &stop)?;
        finish(guard, &persist);
        Ok(())
    })
}

/// Applies an action and carries out the effects it asks for, feeding each effect's report
/// back through `update` until nothing is left to do. Returns whether to quit.
pub fn dispatch(
    app: &mut App,
    persist: &mut Persist,
    action: Action,
    out: &mut dyn std::io::Write,
) -> bool {
    let effects = update(app, action);
    carry_out(app, persist, effects, out)
}

fn carry_out(
    app: &mut App,
    persist: &mut Persist,
    effects: Vec<Effect>,
    out: &mut dyn std::io::Write,
) -> bool {
    let mut queue: std::collections::VecDeque<Effect> = effects.into();
    let mut quit = false;
    while let Some(effect) = queue.pop_front() {
        let (reports, next) = persist.run(effect, app, out);
        quit |= next == Next::Quit;
        for report in reports {
            queue.extend(update(app, report));
        }
    }
    quit
}

/// Draws, reads one event, updates, carries out the effects; until the operator quits or a
/// signal asks to stop.
fn event_loop(
    app: &mut App,
    persist: &mut Persist,
    guard: &mut terminal::Guard,
    theme: &theme::Theme,
    stop: &std::sync::atomic::AtomicBool,
) -> anyhow::Result<()> {
    loop {
        guard.terminal.draw(|frame| ui::view(frame, app, theme))?;
        if stop.load(Ordering::Relaxed) {
            carry_out(app, persist, vec![Effect::Quit], &mut std::io::sink());
            return Ok(());
        }
        if !event::poll(TICK)? {
            app.now = SystemTime::now();
            // Time passing can end a wait, which calls the operator back.
            if dispatch(app, persist, Action::Tick, guard.terminal.backend_mut()) {
                return Ok(());
            }
            continue;
        }
        let ev = event::read()?;
        app.now = SystemTime::now();
        let Some(action) = keymap::action_for(&ev, app) else {
            continue;
        };
        if action == Action::Redraw {
            terminal::clear(&mut guard.terminal)?;
        }
        if dispatch(app, persist, action, guard.terminal.backend_mut()) {
            return Ok(());
        }
    }
}

/// Restores the terminal, then says where the progress is.
fn finish(guard: terminal::Guard, persist: &Persist) {
    drop(guard);
    if let Some(e) = &persist.quit_error {
        eprintln!("warning: {e}");
    }
    if let Some(session) = persist.current().filter(|s| !s.finished)
        && persist.current_is_saved()
    {
        eprintln!(
            "Progress saved. Continue with `tshoot resume {}` or pick it under Resume.",
            session.id
        );
    }
}

/// The actions that open the wizard where the command line asked.
fn start_actions(start: Start) -> Vec<Action> {
    match start {
        Start::Home => Vec::new(),
        Start::ResumeList => vec![
            Action::ExpectResumeList,
            Action::Done(action::Report::Nothing),
        ],
        Start::Flow(flow) => vec![Action::StartFlow { flow, entry: None }],
        Start::FlowFor { flow, entry, query } => {
            let mut actions = query_actions(&query);
            actions.push(Action::StartFlow { flow, entry });
            actions
        }
        Start::Entry { entry, query } => {
            let mut actions = query_actions(&query);
            actions.push(Action::OpenEntry(entry));
            actions
        }
        Start::Search(query) => query_actions(&query),
        Start::Resume(id) => vec![Action::Resume(id)],
    }
}

/// Puts `query` in the search box, as if it had been pasted (or typed, when it is short).
fn query_actions(query: &str) -> Vec<Action> {
    let mut actions = vec![Action::ClearField];
    if crate::search::looks_pasted(query) {
        actions.push(Action::Paste(query.to_owned()));
    } else {
        actions.extend(query.chars().map(Action::Type));
    }
    actions
}
