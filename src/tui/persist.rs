//! Carries out the effects `update` returns — saving, resuming, the Resume list, history,
//! copying and exporting — and reports each result back as an [`Action::Done`]. All the
//! wizard's file I/O happens here, and nothing here changes the wizard's state: it reads
//! [`App`] and owns only its I/O resources (the store, the session lock, the history file).

use super::action::{Action, Report, Resumed};
use super::effect::Effect;
use super::state::{App, ResumeItem, Screen};
use crate::engine::ShownEntry;
use crate::session::QueryKind;
use crate::session::transcript::LookupRecord;
use crate::session::{History, Lifecycle, Session, SessionError, Store};
use std::io::Write;

/// The session store, the session this process drives and the history file.
pub struct Persist {
    sessions: Lifecycle,
    history: Option<History>,
    /// Why the last save before quitting failed, to print once the terminal is restored.
    pub quit_error: Option<String>,
    clipboard: super::clipboard::System,
}

/// What the loop must do after an effect.
#[derive(Debug, PartialEq, Eq)]
pub enum Next {
    /// Keep going.
    Continue,
    /// Leave the program.
    Quit,
}

impl Persist {
    /// Persistence through `store`; `None` runs without saving (the operator was warned).
    pub fn new(store: Option<Store>) -> Self {
        let history = store
            .as_ref()
            .and_then(|s| s.dir().parent().map(History::in_dir));
        Persist {
            sessions: Lifecycle::new(store),
            history,
            quit_error: None,
            clipboard: super::clipboard::System::default(),
        }
    }

    /// The session this process drives, if any has been written or started.
    pub fn current(&self) -> Option<&Session> {
        self.sessions.current()
    }

    /// Whether the current session has been written to disk (a peek writes nothing).
    pub fn current_is_saved(&self) -> bool {
        self.sessions.is_saved()
    }

    /// Carries out one effect and says what happened, as actions for `update`.
    pub fn run(&mut self, effect: Effect, app: &App, out: &mut dyn Write) -> (Vec<Action>, Next) {
        let report = match effect {
            Effect::Quit => {
                self.quit_error = self.save(app).err();
                return (Vec::new(), Next::Quit);
            }
            Effect::Save => match self.save(app) {
                Ok(()) => Report::Nothing,
                Err(e) => Report::SaveFailed(e),
            },
            Effect::StartSession => {
                self.start(app);
                Report::Nothing
            }
            Effect::Resume(id) => self.resume(app, &id),
            Effect::LoadResumable => self.resumable(app),
            Effect::LoadHistory => {
                Report::History(self.history.as_ref().map(History::read).unwrap_or_default())
            }
            Effect::RememberQuery(q) => match &self.history {
                Some(h) => match h.add(&q) {
                    Ok(list) => Report::History(list),
                    Err(e) => Report::Failed(format!("search history not saved: {e}")),
                },
                None => Report::Nothing,
            },
            Effect::Copy { text, what } => match self.clipboard.copy(out, &text) {
                Ok(how) => Report::Info(format!("{what} {}", how.said())),
                Err(e) => Report::Failed(e),
            },
            Effect::CopyTranscript => self.copy_transcript(app, out),
            Effect::Export => self.export(app),
            Effect::Discard(id) => self.discard(&id),
            Effect::WaitDone(step) => {
                let mut signal = String::new();
                if app.prefs.bell {
                    signal.push('\x07');
                }
                if app.prefs.title {
                    let title: String = format!("tshoot: wait done — {step}")
                        .chars()
                        .take(80)
                        .collect();
                    signal.push_str(&format!("\x1b]0;{title}\x07"));
                }
                // A terminal that cannot be written to has bigger problems; the status
                // line says it anyway.
                let _ = out.write_all(signal.as_bytes()).and_then(|()| out.flush());
                Report::Nothing
            }
            Effect::SetTicket(fields) => {
                self.sessions.set_ticket(&fields);
                match self.save(app) {
                    Ok(()) => Report::Nothing,
                    Err(e) => Report::SaveFailed(e),
                }
            }
        };
        let actions = match report {
            Report::Nothing => Vec::new(),
            report => vec![Action::Done(report)],
        };
        (actions, Next::Continue)
    }

    /// A new run: tracked as a session, written at its first change.
    fn start(&mut self, app: &App) {
        let Some(runner) = &app.runner else { return };
        self.sessions.start(Session::new(
            app.lib,
            runner.run.clone(),
            &runner.opening,
            app.now,
        ));
    }

    fn save(&mut self, app: &App) -> Result<(), String> {
        let Some(runner) = &app.runner else {
            return Ok(());
        };
        self.sessions
            .save(app.lib, &runner.run, app.now)
            .map_err(|e| e.to_string())
    }

    fn resume(&mut self, app: &App, id: &str) -> Report {
        // The run on screen is saved before another one is opened.
        if let Err(e) = self.save(app) {
            return Report::SaveFailed(e);
        }
        match self.sessions.resume(app.lib, id, app.now) {
            Ok(message) => match self.sessions.current() {
                Some(session) => Report::Resumed(Box::new(Resumed {
                    run: session.run.clone(),
                    opening: session.opening(),
                    message,
                })),
                None => Report::Failed("cannot resume: the session vanished".to_owned()),
            },
            Err(SessionError::Busy { .. }) => {
                Report::Failed("this session is open in another tshoot window".to_owned())
            }
            Err(e) => Report::Failed(format!("cannot resume: {e}")),
        }
    }

    /// Unfinished sessions for the home screen's Resume list, and warnings about files
    /// that had to be set aside.
    fn resumable(&self, app: &App) -> Report {
        let Some(store) = self.sessions.store() else {
            return Report::Resumable {
                items: Vec::new(),
                warnings: Vec::new(),
            };
        };
        let listing = store.list();
        let items = listing
            .sessions
            .iter()
            .filter(|s| !s.finished)
            .map(|s| ResumeItem {
                id: s.id.clone(),
                title: s.title.clone(),
                progress: s.run.progress(app.lib),
                updated: s.updated,
                started: s.started,
                ticket: s.ticket.summary(),
                query: crate::commands::sessions::first_line(s),
                timer: crate::commands::sessions::timer(s, app.lib, app.now),
            })
            .collect();
        Report::Resumable {
            items,
            warnings: listing.warnings,
        }
    }

    /// What `c` and `e` hand over: on a known error's screen the lookup record, elsewhere
    /// the current session's transcript (saved first, so it shows what is on screen). The
    /// name is for the file.
    fn hand_over(&mut self, app: &App) -> Result<(String, String), String> {
        let format = app.prefs.format;
        let clock = app.prefs.clock.clone();
        if let Screen::Entry(id) = &app.screen {
            let entry = app.lib.entry(id).ok_or("the known error is gone")?;
            let query = app.home.query.value().trim();
            let record = LookupRecord {
                query: (!query.is_empty()).then(|| query.to_owned()),
                kind: if app.home.pasted {
                    QueryKind::Pasted
                } else {
                    QueryKind::Typed
                },
                entry: ShownEntry::of(entry),
                at: app.now.into(),
                ticket: app.prefs.ticket.clone(),
            };
            let text = crate::session::transcript::lookup(&record, format, &clock);
            let stamp: String = record
                .at
                .rfc3339()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            return Ok((format!("lookup-{stamp}-{id}"), text));
        }
        self.save(app)?;
        let session = self
            .current()
            .filter(|_| self.sessions.is_saved())
            .ok_or("nothing to hand over yet: answer, tick or note something first")?;
        let text = crate::session::transcript::render_in(session, app.lib, format, &clock);
        Ok((session.id.clone(), text))
    }

    fn copy_transcript(&mut self, app: &App, out: &mut dyn Write) -> Report {
        let what = match app.screen {
            Screen::Entry(_) => "the lookup record",
            _ => "the transcript",
        };
        let label = app.prefs.format.label();
        let result = self
            .hand_over(app)
            .and_then(|(_, text)| Ok((self.clipboard.copy(out, &text)?, text.lines().count())));
        match result {
            Ok((how, lines)) => {
                Report::Info(format!("{what} ({lines} lines, {label}) {}", how.said()))
            }
            Err(e) => Report::Failed(e),
        }
    }

    fn export(&mut self, app: &App) -> Report {
        let result = self.hand_over(app).and_then(|(name, text)| {
            let store = self
                .sessions
                .store()
                .ok_or("sessions are not being saved, so there is no export folder")?;
            let dir = store
                .dir()
                .parent()
                .map_or_else(|| store.dir().to_path_buf(), |p| p.join("exports"));
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = dir.join(format!("{name}.{}", app.prefs.format.extension()));
            crate::session::store::write_atomic(&dir, &path, text.as_bytes())
                .map_err(|e| e.to_string())?;
            Ok(path)
        });
        match result {
            Ok(path) => Report::Info(format!("written to {}", path.display())),
            Err(e) => Report::Failed(e),
        }
    }

    /// Deletes a stored session from the Resume list; never the one on screen.
    fn discard(&mut self, id: &str) -> Report {
        if self.current().is_some_and(|s| s.id == id) {
            return Report::Failed("that session is open here; leave it first".to_owned());
        }
        let Some(store) = self.sessions.store() else {
            return Report::Failed("sessions are not being saved".to_owned());
        };
        match store.discard(id) {
            Ok(full) => Report::Discarded(format!("discarded session {full}")),
            Err(SessionError::Busy { .. }) => {
                Report::Failed("this session is open in another tshoot window".to_owned())
            }
            Err(e) => Report::Failed(format!("cannot discard: {e}")),
        }
    }
}
