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
        let theme = theme::Theme::from_env();
        let mut persist = Persist::new(store);
        app.history = persist.load_history();
        persist.refresh(&mut app);
        let mut sink = std::io::sink();
        let stop = terminal::stop_flag();
        let mut guard = terminal::enter()?;
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
        apply_start(&mut app, &mut persist, start, &mut sink);
        event_loop(&mut app, &mut persist, &mut guard, &theme, &stop)?;
        finish(guard, &persist);
        Ok(())
    })
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
    let mut sink = std::io::sink();
    loop {
        guard.terminal.draw(|frame| ui::view(frame, app, theme))?;
        if stop.load(Ordering::Relaxed) {
            persist.apply(Effect::Save, app, &mut sink);
            return Ok(());
        }
        if !event::poll(TICK)? {
            app.now = SystemTime::now();
            continue;
        }
        let ev = event::read()?;
        app.now = SystemTime::now();
        let Some(action) = keymap::action_for(&ev, app) else {
            continue;
        };
        let mut quit = false;
        for effect in update(app, action) {
            let out = guard.terminal.backend_mut();
            if persist.apply(effect, app, out) == Next::Quit {
                quit = true;
            }
        }
        if quit {
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
    if let Some(session) = persist.current().filter(|s| !s.finished) {
        eprintln!(
            "Progress saved. Continue with `tshoot resume {}` or pick it under Resume.",
            session.id
        );
    }
}

/// Opens the wizard where the command line asked.
fn apply_start(app: &mut App, persist: &mut Persist, start: Start, out: &mut dyn std::io::Write) {
    let effects = match start {
        Start::Home => Vec::new(),
        Start::ResumeList => {
            if app.resumable.is_empty() {
                app.info("no unfinished sessions: search for an error or pick a flow");
            }
            Vec::new()
        }
        Start::Flow(flow) => start_flow(app, &flow, None, None),
        Start::FlowFor { flow, entry, query } => {
            set_query(app, &query);
            start_flow(app, &flow, entry, Some(query))
        }
        Start::Entry { entry, query } => {
            set_query(app, &query);
            app.screen = state::Screen::Entry(entry);
            Vec::new()
        }
        Start::Search(query) => {
            set_query(app, &query);
            Vec::new()
        }
        Start::Resume(id) => vec![Effect::Resume(id)],
    };
    for effect in effects {
        persist.apply(effect, app, out);
    }
}

/// Puts `query` in the search box and searches it, as if it had been pasted.
fn set_query(app: &mut App, query: &str) {
    let pasted = crate::search::looks_pasted(query);
    update(app, Action::ClearField);
    if pasted {
        update(app, Action::Paste(query.to_owned()));
    } else {
        for c in query.chars() {
            update(app, Action::Type(c));
        }
    }
}

fn start_flow(
    app: &mut App,
    flow: &str,
    entry: Option<String>,
    query: Option<String>,
) -> Vec<Effect> {
    match crate::engine::Run::start(app.lib, flow, app.now) {
        Ok(run) => {
            app.open_run(run, query, entry);
            vec![Effect::NewSession]
        }
        Err(e) => {
            app.warn(e.to_string());
            Vec::new()
        }
    }
}
