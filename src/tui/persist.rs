//! Carries out the effects `update` returns — saving, resuming, the Resume list, history,
//! copying and exporting — and reports each result back as an [`Action::Done`]. All the
//! wizard's file I/O happens here, and nothing here changes the wizard's state: it reads
//! [`App`] and owns only its I/O resources (the store, the session lock, the history file).

use super::action::{Action, Report, Resumed};
use super::clipboard::osc52;
use super::effect::Effect;
use super::state::{App, ResumeItem};
use crate::session::{History, Lifecycle, Session, SessionError, Store};
use std::io::Write;

/// The session store, the session this process drives and the history file.
pub struct Persist {
    sessions: Lifecycle,
    history: Option<History>,
    /// Why the last save before quitting failed, to print once the terminal is restored.
    pub quit_error: Option<String>,
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
            Effect::Copy { text, what } => match copy(out, &text) {
                Ok(how) => Report::Info(format!("{what} {how}")),
                Err(e) => Report::Failed(e),
            },
            Effect::CopyTranscript => self.copy_transcript(app, out),
            Effect::Export => self.export(app),
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
            runner.query.as_deref(),
            runner.entry.as_deref(),
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
                    query: session.query.clone(),
                    entry: session.entry.clone(),
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
            })
            .collect();
        Report::Resumable {
            items,
            warnings: listing.warnings,
        }
    }

    /// The current session's transcript, saved first so it shows what is on screen.
    fn transcript(&mut self, app: &App) -> Result<(Session, String), String> {
        self.save(app)?;
        let session = self
            .current()
            .filter(|_| self.sessions.is_saved())
            .ok_or("no session to copy: sessions are not being saved")?
            .clone();
        let text = crate::session::transcript::markdown(&session, app.lib);
        Ok((session, text))
    }

    fn copy_transcript(&mut self, app: &App, out: &mut dyn Write) -> Report {
        let result = self
            .transcript(app)
            .and_then(|(_, md)| Ok((copy(out, &md)?, md.lines().count())));
        match result {
            Ok((how, lines)) => {
                Report::Info(format!("the transcript ({lines} lines of Markdown) {how}"))
            }
            Err(e) => Report::Failed(e),
        }
    }

    fn export(&mut self, app: &App) -> Report {
        let result = self.transcript(app).and_then(|(session, md)| {
            let store = self
                .sessions
                .store()
                .ok_or("sessions are not being saved")?;
            let dir = store
                .dir()
                .parent()
                .map_or_else(|| store.dir().to_path_buf(), |p| p.join("exports"));
            std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            let path = dir.join(format!("{}.md", session.id));
            crate::session::store::write_atomic(&dir, &path, md.as_bytes())
                .map_err(|e| e.to_string())?;
            Ok(path)
        });
        match result {
            Ok(path) => Report::Info(format!("transcript written to {}", path.display())),
            Err(e) => Report::Failed(e),
        }
    }
}

/// Sends `text` to the terminal's clipboard; returns how it was copied, for the message.
fn copy(out: &mut dyn Write, text: &str) -> Result<&'static str, String> {
    out.write_all(osc52(text).as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("could not copy: {e}"))?;
    Ok("sent to the terminal's clipboard (OSC 52)")
}
