//! The one session lifecycle every front end uses: start, resume by id or prefix, save after
//! every change, and switch to another session without ever losing or duplicating one.
//!
//! The order matters and lives only here:
//! - resuming resolves the id or prefix to a full id first, then locks that full id, then
//!   reads the file (so a prefix can never slip past the lock another process holds);
//! - the session a process drives is replaced only after the new one is locked and read (a
//!   refused resume leaves the current session, and its lock, exactly as they were);
//! - a new run is not written until its first change, so looking into a flow leaves no file.

use super::record::Session;
use super::{SessionError, SessionLock, Store};
use crate::engine::Run;
use crate::flow::Library;
use std::time::SystemTime;

/// A session this process holds the lock on.
#[derive(Debug)]
pub struct Active {
    session: Session,
    _lock: SessionLock,
}

impl Active {
    /// Locks a new session (nothing is written yet).
    pub fn begin(store: &Store, session: Session) -> Result<Active, SessionError> {
        let lock = store.lock(&session.id)?;
        Ok(Active {
            session,
            _lock: lock,
        })
    }

    /// Opens a stored session to drive it: resolves `id` (a full id or a unique prefix), locks
    /// the full id, reads the file and checks the run against the library as it is now. The
    /// message says where the run stopped matching a changed flow, if it did.
    pub fn resume(
        store: &Store,
        lib: &Library,
        id: &str,
        now: SystemTime,
    ) -> Result<(Active, Option<String>), SessionError> {
        let full = store.resolve(id)?;
        let lock = store.lock(&full)?;
        let mut session = store.load(&full)?;
        let message = super::resume(lib, &mut session, now)?;
        Ok((
            Active {
                session,
                _lock: lock,
            },
            message,
        ))
    }

    /// The session as last saved (or about to be saved).
    pub fn session(&self) -> &Session {
        &self.session
    }

    /// Records `run` as the session's walk and writes the file atomically.
    pub fn save(
        &mut self,
        store: &Store,
        lib: &Library,
        run: &Run,
        now: SystemTime,
    ) -> Result<(), SessionError> {
        if self.session.run != *run {
            self.session.run = run.clone();
            self.session.touch(lib, now);
        }
        store.save(&self.session)
    }
}

/// Where a process stands with its one session: none, a new run not yet written, or a
/// session it holds.
#[derive(Debug, Default)]
enum Current {
    #[default]
    None,
    /// A run started but not changed yet: no file, no lock.
    Pending(Box<Session>),
    /// A session on disk that this process holds.
    Held(Box<Active>),
}

/// The session store and the one session this process drives. Both the wizard and plain
/// mode go through this type.
#[derive(Debug)]
pub struct Lifecycle {
    store: Option<Store>,
    current: Current,
}

impl Lifecycle {
    /// Sessions kept in `store`; without one, nothing is saved (the operator was warned).
    pub fn new(store: Option<Store>) -> Self {
        Lifecycle {
            store,
            current: Current::None,
        }
    }

    /// The store, when sessions are being saved.
    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// The session being driven (pending or held).
    pub fn current(&self) -> Option<&Session> {
        match &self.current {
            Current::None => None,
            Current::Pending(s) => Some(s),
            Current::Held(a) => Some(a.session()),
        }
    }

    /// Whether the current session has a file on disk.
    pub fn is_saved(&self) -> bool {
        matches!(self.current, Current::Held(_))
    }

    /// Starts driving a new run. The session before it (already saved after its last
    /// change) is let go; the new one is written at its first change.
    pub fn start(&mut self, session: Session) {
        self.current = Current::Pending(Box::new(session));
    }

    /// Sets ticket fields on the current session (the fields given replace those it has);
    /// they are written with its next save.
    pub fn set_ticket(&mut self, ticket: &crate::session::TicketFields) {
        match &mut self.current {
            Current::None => {}
            Current::Pending(s) => s.ticket.merge(ticket),
            Current::Held(a) => a.session.ticket.merge(ticket),
        }
    }

    /// Lets go of the current session (its file stays as last saved).
    pub fn close(&mut self) {
        self.current = Current::None;
    }

    /// Drives the stored session `id` (full id or unique prefix); [`current`](Self::current)
    /// is then that session. The current session is kept unless the new one could be locked
    /// and read; resuming the session already held just checks it again. The message says
    /// where the run stopped matching a changed flow, if it did.
    pub fn resume(
        &mut self,
        lib: &Library,
        id: &str,
        now: SystemTime,
    ) -> Result<Option<String>, SessionError> {
        let Some(store) = &self.store else {
            return Err(SessionError::NoDataDir);
        };
        let full = store.resolve(id)?;
        if let Current::Held(active) = &mut self.current
            && active.session.id == full
        {
            return super::resume(lib, &mut active.session, now);
        }
        let (active, message) = Active::resume(store, lib, &full, now)?;
        self.current = Current::Held(Box::new(active));
        Ok(message)
    }

    /// Saves `run` as the current session's walk: a pending session is locked and written
    /// for the first time, a held one is rewritten. Without a store this does nothing.
    pub fn save(&mut self, lib: &Library, run: &Run, now: SystemTime) -> Result<(), SessionError> {
        let Some(store) = &self.store else {
            return Ok(());
        };
        match std::mem::take(&mut self.current) {
            Current::None => Ok(()),
            // A peek (nothing done yet) is not written.
            Current::Pending(session) if run.is_untouched() => {
                self.current = Current::Pending(session);
                Ok(())
            }
            Current::Pending(session) => {
                let mut session = *session;
                session.run = run.clone();
                session.touch(lib, now);
                match Active::begin(store, session.clone()) {
                    Ok(mut active) => {
                        let saved = active.save(store, lib, run, now);
                        self.current = match saved {
                            Ok(()) => Current::Held(Box::new(active)),
                            // Not on disk: stay pending, so the next save tries again.
                            Err(_) => Current::Pending(Box::new(session)),
                        };
                        saved
                    }
                    Err(e) => {
                        self.current = Current::Pending(Box::new(session));
                        Err(e)
                    }
                }
            }
            Current::Held(mut active) => {
                let saved = active.save(store, lib, run, now);
                self.current = Current::Held(active);
                saved
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on broken fixtures

    use super::*;
    use crate::flow::{Sources, load};
    use crate::session::Opening;
    use std::time::{Duration, UNIX_EPOCH};

    fn t(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_790_000_000 + secs)
    }

    fn lib() -> Library {
        load(&Sources {
            builtin: true,
            paths: Vec::new(),
        })
        .library
    }

    /// A run of the token-cache flow with one answer given.
    fn run(lib: &Library, at: u64) -> Run {
        let mut run = Run::start(lib, "cipp-token-cache", t(at)).unwrap();
        run.choose(lib, 1, t(at + 1)).unwrap();
        run
    }

    /// A session saved to `store`, at `at` seconds.
    fn saved(store: &Store, lib: &Library, at: u64) -> Session {
        let s = Session::new(lib, run(lib, at), &Opening::default(), t(at));
        store.save(&s).unwrap();
        s
    }

    #[test]
    fn a_prefix_of_a_held_session_is_refused() {
        let lib = lib();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let held = saved(&store, &lib, 0);
        // Another process drives it, locked by its full id.
        let _other = Active::resume(&store, &lib, &held.id, t(5)).unwrap();

        let mut mine = Lifecycle::new(Some(Store::open(dir.path()).unwrap()));
        let prefix = &held.id[..12];
        assert!(matches!(
            mine.resume(&lib, prefix, t(6)),
            Err(SessionError::Busy { .. })
        ));
        assert!(mine.current().is_none());
    }

    #[test]
    fn resuming_a_busy_session_keeps_the_current_one_without_a_duplicate() {
        let lib = lib();
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(dir.path()).unwrap();
        let mine_id = saved(&store, &lib, 0).id;
        let busy = saved(&store, &lib, 100);
        let _other = Active::resume(&store, &lib, &busy.id, t(101)).unwrap();

        let mut mine = Lifecycle::new(Some(Store::open(dir.path()).unwrap()));
        mine.resume(&lib, &mine_id, t(200)).unwrap();
        assert!(matches!(
            mine.resume(&lib, &busy.id, t(201)),
            Err(SessionError::Busy { .. })
        ));
        assert_eq!(
            mine.current().map(|s| s.id.as_str()),
            Some(mine_id.as_str())
        );
        // Saving (as quitting does) rewrites the current session; no third file appears.
        let mut next = mine.current().unwrap().run.clone();
        next.back(&lib);
        mine.save(&lib, &next, t(202)).unwrap();
        let ids: Vec<String> = store.list().sessions.into_iter().map(|s| s.id).collect();
        assert_eq!(ids.len(), 2, "{ids:?}");
        assert!(ids.contains(&mine_id) && ids.contains(&busy.id));
    }

    #[test]
    fn a_new_run_is_written_at_its_first_change_and_then_held() {
        let lib = lib();
        let dir = tempfile::tempdir().unwrap();
        let mut life = Lifecycle::new(Some(Store::open(dir.path()).unwrap()));
        let session = Session::new(
            &lib,
            Run::start(&lib, "cipp-token-cache", t(0)).unwrap(),
            &Opening::default(),
            t(0),
        );
        let id = session.id.clone();
        life.start(session);
        assert!(!life.is_saved());
        assert!(life.store().unwrap().list().sessions.is_empty());
        life.save(&lib, &run(&lib, 0), t(1)).unwrap();
        assert!(life.is_saved());
        // Held: a second lifecycle cannot take it.
        let mut other = Lifecycle::new(Some(Store::open(dir.path()).unwrap()));
        assert!(matches!(
            other.resume(&lib, &id, t(2)),
            Err(SessionError::Busy { .. })
        ));
    }
}
