//! The wizard's link to the session store: carries out the save, resume, copy, export and
//! history effects that `update` returns. All the wizard's file I/O happens here.

use super::clipboard::osc52;
use super::effect::Effect;
use super::state::{App, ResumeItem, Screen};
use crate::flow::Library;
use crate::session::{Session, SessionError, SessionLock, Store};
use std::io::Write;
use std::path::PathBuf;

/// How many earlier searches are kept.
const HISTORY_LEN: usize = 50;

/// The store and the session this process has open.
pub struct Persist {
    store: Option<Store>,
    current: Option<(Session, SessionLock)>,
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
        Persist {
            store,
            current: None,
            quit_error: None,
        }
    }

    /// The session this process has open.
    pub fn current(&self) -> Option<&Session> {
        self.current.as_ref().map(|(s, _)| s)
    }

    /// Unfinished sessions for the home screen's Resume list, and warnings about files
    /// that had to be set aside.
    pub fn resumable(&self, lib: &Library) -> (Vec<ResumeItem>, Vec<String>) {
        let Some(store) = &self.store else {
            return (Vec::new(), Vec::new());
        };
        let listing = store.list();
        let items = listing
            .sessions
            .iter()
            .filter(|s| !s.finished)
            .filter(|s| self.current().is_none_or(|c| c.id != s.id || !c.finished))
            .map(|s| ResumeItem {
                id: s.id.clone(),
                title: s.title.clone(),
                progress: s.run.progress(lib),
                updated: s.updated,
            })
            .collect();
        (items, listing.warnings)
    }

    /// Loads the search history (already redacted when it was saved).
    pub fn load_history(&self) -> Vec<String> {
        let Some(path) = self.history_path() else {
            return Vec::new();
        };
        std::fs::read(&path)
            .ok()
            .and_then(|bytes| serde_json::from_slice::<Vec<String>>(&bytes).ok())
            .unwrap_or_default()
    }

    fn history_path(&self) -> Option<PathBuf> {
        let store = self.store.as_ref()?;
        Some(store.dir().parent()?.join("history.json"))
    }

    /// Carries out one effect.
    pub fn apply(&mut self, effect: Effect, app: &mut App, out: &mut dyn Write) -> Next {
        let result = match effect {
            Effect::Quit => {
                self.quit_error = self.save(app).err();
                return Next::Quit;
            }
            Effect::Save => self.save(app),
            Effect::NewSession => self.new_session(app),
            Effect::Resume(id) => self.resume(app, &id),
            Effect::Copy(text) => copy(out, &text),
            Effect::CopyTranscript => self.copy_transcript(app, out),
            Effect::Export => self.export(app),
            Effect::RememberQuery(q) => self.remember(app, &q),
        };
        if let Err(e) = result {
            app.warn(e);
        }
        if app.screen == Screen::Home {
            self.refresh(app);
        }
        Next::Continue
    }

    /// Re-reads the Resume list.
    pub fn refresh(&self, app: &mut App) {
        let (items, warnings) = self.resumable(app.lib);
        app.resumable = items;
        if let Some(w) = warnings.first() {
            app.warn(w.clone());
        }
    }

    fn new_session(&mut self, app: &mut App) -> Result<(), String> {
        self.current = None;
        let (Some(store), Some(runner)) = (&self.store, &app.runner) else {
            return Ok(());
        };
        let session = Session::new(
            app.lib,
            runner.run.clone(),
            runner.query.as_deref(),
            runner.entry.as_deref(),
            app.now,
        );
        let lock = store.lock(&session.id).map_err(|e| e.to_string())?;
        store.save(&session).map_err(|e| e.to_string())?;
        self.current = Some((session, lock));
        Ok(())
    }

    fn save(&mut self, app: &mut App) -> Result<(), String> {
        let Some(runner) = &app.runner else {
            return Ok(());
        };
        if self.current.is_none() {
            return self.new_session(app);
        }
        let (Some(store), Some((session, _))) = (&self.store, &mut self.current) else {
            return Ok(());
        };
        session.run = runner.run.clone();
        session.touch(app.lib, app.now);
        store
            .save(session)
            .map_err(|e| format!("progress NOT saved: {e}"))
    }

    fn resume(&mut self, app: &mut App, id: &str) -> Result<(), String> {
        let Some(store) = &self.store else {
            return Err("sessions are not available: no data directory".to_owned());
        };
        let held = self.current.take().filter(|(s, _)| s.id == id);
        let (mut session, lock) = match held {
            Some(pair) => pair,
            None => {
                let lock = store.lock(id).map_err(|e| match e {
                    SessionError::Busy { .. } => {
                        "this session is open in another tshoot window".to_owned()
                    }
                    other => other.to_string(),
                })?;
                let session = store.load(id).map_err(|e| e.to_string())?;
                (session, lock)
            }
        };
        let message = crate::session::resume(app.lib, &mut session, app.now)
            .map_err(|e| format!("cannot resume: {e}"))?;
        app.open_run(
            session.run.clone(),
            session.query.clone(),
            session.entry.clone(),
        );
        match message {
            Some(m) => app.warn(m),
            None => app.info("resumed where you left off"),
        }
        store.save(&session).map_err(|e| e.to_string())?;
        self.current = Some((session, lock));
        Ok(())
    }

    fn transcript(&mut self, app: &mut App) -> Result<String, String> {
        self.save(app)?;
        let session = self
            .current()
            .ok_or("no session to copy: sessions are not being saved")?;
        Ok(crate::session::transcript::markdown(session, app.lib))
    }

    fn copy_transcript(&mut self, app: &mut App, out: &mut dyn Write) -> Result<(), String> {
        let md = self.transcript(app)?;
        copy(out, &md)?;
        app.info(format!(
            "transcript copied to the clipboard ({} lines of Markdown)",
            md.lines().count()
        ));
        Ok(())
    }

    fn export(&mut self, app: &mut App) -> Result<(), String> {
        let md = self.transcript(app)?;
        let (Some(store), Some(session)) = (&self.store, self.current()) else {
            return Ok(());
        };
        let dir = store
            .dir()
            .parent()
            .map_or_else(|| store.dir().to_path_buf(), |p| p.join("exports"));
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let path = dir.join(format!("{}.md", session.id));
        crate::session::store::write_atomic(&dir, &path, md.as_bytes())
            .map_err(|e| e.to_string())?;
        app.info(format!("transcript written to {}", path.display()));
        Ok(())
    }

    fn remember(&mut self, app: &mut App, query: &str) -> Result<(), String> {
        let query = crate::session::record::redact(query);
        app.history.retain(|q| *q != query);
        app.history.push(query);
        let excess = app.history.len().saturating_sub(HISTORY_LEN);
        app.history.drain(..excess);
        let (Some(path), Some(dir)) = (
            self.history_path(),
            self.history_path()
                .and_then(|p| p.parent().map(PathBuf::from)),
        ) else {
            return Ok(());
        };
        let bytes = serde_json::to_vec_pretty(&app.history).map_err(|e| e.to_string())?;
        crate::session::store::write_atomic(&dir, &path, &bytes).map_err(|e| e.to_string())
    }
}

fn copy(out: &mut dyn Write, text: &str) -> Result<(), String> {
    out.write_all(osc52(text).as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| format!("could not copy: {e}"))
}
