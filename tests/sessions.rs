//! The session store: round trips, private files, atomic saves, corrupt files set aside, two
//! writers at once, locks, pruning, resuming after a flow changed, redaction of secrets, and
//! the `tshoot sessions` / `tshoot export` commands run as a real process.

use crate::util::{shipped, t, tshoot};
use predicates::prelude::*;
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};
use tshoot::engine::{Run, StepState};
use tshoot::flow::{self, Library, Sources};
use tshoot::session::{self, Opening, Session, SessionError, Store, transcript};

const FLOW: &str = "cipp-token-cache";

/// A token-cache run at the rename-and-restart checklist with the first four steps ticked:
/// the 5-minute wait of step 4 started at `t(200)`.
fn token_cache_run(lib: &Library) -> Run {
    let mut run = Run::start(lib, FLOW, t(0)).unwrap();
    run.choose(lib, 1, t(10)).unwrap(); // our own subscription
    for i in 0..3 {
        run.toggle_step(lib, i, t(20 + i as u64)).unwrap();
    }
    run.proceed(lib, t(30)).unwrap();
    run.choose(lib, 0, t(40)).unwrap(); // every Key Vault setting is green
    for i in 0..4 {
        run.toggle_step(lib, i, t(50 + 50 * i as u64)).unwrap();
    }
    run
}

fn node(session: &Session, lib: &Library) -> String {
    session.run.current(lib).unwrap().node.id.clone()
}

fn store() -> (tempfile::TempDir, Store) {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("sessions")).unwrap();
    (tmp, store)
}

/// A session file that is not JSON at all.
fn write_garbage(store: &Store, id: &str) -> PathBuf {
    let path = store.path(id);
    fs::write(&path, "{\n  \"version\": 1,\n  \"id\": oops\n").unwrap();
    path
}

#[test]
fn save_and_load_round_trip() {
    let lib = shipped();
    let (_tmp, store) = store();
    let mut s = Session::new(
        lib,
        token_cache_run(lib),
        &Opening::pasted("  The token has expired.  ", Some("cipp-token-expired")),
        t(0),
    );
    s.run.add_note("renamed both settings", t(260));
    s.touch(lib, t(260));
    assert_eq!(s.query.as_deref(), Some("The token has expired."));
    assert_eq!(s.title, "Clear the CIPP token cache");
    assert!(s.hashes.contains_key(FLOW));
    assert!(!s.finished && s.outcome.is_none());
    store.save(&s).unwrap();

    let back = store.load(&s.id).unwrap();
    assert_eq!(back, s);
    assert_eq!(node(&back, lib), "rename-and-restart");
    let ticks: Vec<StepState> = back
        .run
        .visits
        .last()
        .unwrap()
        .steps
        .iter()
        .map(|m| m.state)
        .collect();
    assert_eq!(
        &ticks[..5],
        &[
            StepState::Done,
            StepState::Done,
            StepState::Done,
            StepState::Done,
            StepState::Open
        ]
    );

    // The file is pretty, human-readable JSON with its format version.
    let text = fs::read_to_string(store.path(&s.id)).unwrap();
    assert!(
        text.starts_with("{\n  \"version\": 2,\n  \"id\": "),
        "{text}"
    );
    assert!(text.contains("\"node\": \"rename-and-restart\""));

    // A unique prefix finds it; unknown ids and path tricks are refused with clear errors.
    assert_eq!(store.load(&s.id[..20]).unwrap().id, s.id);
    let err = store.load("19990101").unwrap_err();
    assert!(matches!(err, SessionError::NotFound { .. }), "{err}");
    assert!(
        err.to_string().contains("no session matches '19990101'"),
        "{err}"
    );
    assert!(matches!(
        store.load("../etc/passwd"),
        Err(SessionError::BadId(_))
    ));
    assert!(matches!(store.load(""), Err(SessionError::BadId(_))));

    // Two sessions sharing a prefix make that prefix ambiguous.
    let other = Session::new(
        lib,
        Run::start(lib, FLOW, t(0)).unwrap(),
        &Opening::default(),
        t(0),
    );
    store.save(&other).unwrap();
    let err = store.load("2026").unwrap_err();
    assert!(matches!(err, SessionError::Ambiguous { .. }), "{err}");
    assert!(err.to_string().contains(&s.id) && err.to_string().contains(&other.id));

    // Saving again replaces, never duplicates.
    store.save(&s).unwrap();
    assert_eq!(store.list().sessions.len(), 2);
}

#[test]
fn a_finished_run_records_its_outcome() {
    let lib = shipped();
    let mut run = Run::start(lib, FLOW, t(0)).unwrap();
    run.choose(lib, 0, t(5)).unwrap(); // hosted: ask the helpdesk
    let mut s = Session::new(lib, run, &Opening::default(), t(0));
    assert!(s.finished);
    assert_eq!(s.outcome, Some(flow::Outcome::Escalate));
    s.run.back(lib);
    s.touch(lib, t(9));
    assert!(!s.finished && s.outcome.is_none());
    assert_eq!(s.updated.0, t(9));
}

/// Windows has no mode bits: the store works without them, in the per-user profile, and
/// its lock still keeps a second driver out.
#[cfg(windows)]
#[test]
fn windows_store_lives_in_the_profile_and_locks() {
    let dir = Store::default_dir().expect("a per-user data directory");
    let shown = dir.to_string_lossy().to_lowercase();
    assert!(shown.contains("appdata"), "{shown}");
    assert!(shown.ends_with("tshoot\\data\\sessions"), "{shown}");

    let lib = shipped();
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open(&tmp.path().join("data/sessions")).unwrap();
    let s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    store.save(&s).unwrap();
    let _held = store.lock(&s.id).unwrap();
    assert!(matches!(store.lock(&s.id), Err(SessionError::Busy { .. })));
}

#[cfg(unix)]
#[test]
fn files_are_0600_and_the_directory_0700() {
    use std::os::unix::fs::PermissionsExt;
    let lib = shipped();
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data/sessions");
    let store = Store::open(&dir).unwrap();
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&dir), 0o700);
    let s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    store.save(&s).unwrap();
    assert_eq!(mode(&store.path(&s.id)), 0o600);
    let lock = store.lock(&s.id).unwrap();
    assert_eq!(mode(lock.path()), 0o600);

    // A directory made too open by hand is made private again.
    fs::set_permissions(&dir, fs::Permissions::from_mode(0o755)).unwrap();
    Store::open(&dir).unwrap();
    assert_eq!(mode(&dir), 0o700);
}

#[test]
fn a_crash_mid_write_leaves_the_previous_state() {
    let lib = shipped();
    let (_tmp, store) = store();
    let mut s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    store.save(&s).unwrap();
    let saved = store.load(&s.id).unwrap();

    // The next save is cut off after half its bytes (a crash before the rename): what is on
    // disk is a truncated temporary file beside the intact session file.
    s.run.toggle_step(lib, 4, t(600)).unwrap();
    s.touch(lib, t(600));
    let full = serde_json::to_string_pretty(&s).unwrap();
    let temp = store.dir().join(format!(".{}.a1B2c3.tmp", s.id));
    fs::write(&temp, &full[..full.len() / 2]).unwrap();
    fs::write(store.dir().join(".junk.tmp"), "\u{0}\u{1}garbage").unwrap();

    let back = store.load(&s.id).unwrap();
    assert_eq!(back, saved, "the previous state survives");
    let listing = store.list();
    assert!(listing.warnings.is_empty(), "{:?}", listing.warnings);
    assert_eq!(
        listing.sessions.len(),
        1,
        "temporary files are never listed"
    );
    assert!(
        temp.exists(),
        "listing leaves other processes' temp files alone"
    );

    // A later successful save wins, and pruning cleans up stale temporary files.
    store.save(&s).unwrap();
    assert_eq!(store.load(&s.id).unwrap(), s);
    assert_eq!(
        store
            .prune(
                Duration::from_secs(86_400),
                SystemTime::now() + Duration::from_secs(7200)
            )
            .unwrap(),
        0
    );
    assert!(!temp.exists());
    assert!(store.path(&s.id).exists());
}

#[test]
fn a_reader_never_sees_a_half_written_file() {
    let lib = shipped();
    let (_tmp, store) = store();
    let mut s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    store.save(&s).unwrap();
    let id = s.id.clone();
    let reader_store = store.clone();
    let reader = std::thread::spawn(move || {
        let mut reads = 0;
        for _ in 0..400 {
            let loaded = reader_store
                .load(&id)
                .expect("every read sees a whole file");
            reads += loaded.run.visits.len();
        }
        reads
    });
    for i in 0..150u64 {
        s.run.add_note(
            &"a long note to make the file bigger ".repeat(20),
            t(1000 + i),
        );
        s.touch(lib, t(1000 + i));
        store.save(&s).unwrap();
    }
    assert!(reader.join().unwrap() > 0);
    assert_eq!(
        store
            .load(&s.id)
            .unwrap()
            .run
            .visits
            .last()
            .unwrap()
            .notes
            .len(),
        150
    );
}

#[test]
fn a_garbage_session_file_is_set_aside_with_a_warning() {
    let lib = shipped();
    let (_tmp, store) = store();
    let a = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    let b = Session::new(
        lib,
        Run::start(lib, FLOW, t(5)).unwrap(),
        &Opening::default(),
        t(5),
    );
    store.save(&a).unwrap();
    store.save(&b).unwrap();
    let bad = write_garbage(&store, "20261125-120000-1-0000");
    // Valid JSON but not a session (a field of the wrong type) is just as unreadable.
    let wrong = store.path("20261125-120000-1-0001");
    fs::write(&wrong, r#"{"version": 1, "id": 7}"#).unwrap();

    let listing = store.list();
    let mut ids: Vec<&str> = listing.sessions.iter().map(|s| s.id.as_str()).collect();
    ids.sort_unstable();
    let mut want = vec![a.id.as_str(), b.id.as_str()];
    want.sort_unstable();
    assert_eq!(ids, want, "the good sessions still list");
    assert_eq!(listing.warnings.len(), 2, "{:?}", listing.warnings);
    let warning = listing
        .warnings
        .iter()
        .find(|w| w.contains("20261125-120000-1-0000.json"))
        .unwrap();
    assert!(warning.contains("line 3 column"), "{warning}");
    assert!(warning.contains("moved it aside to"), "{warning}");
    assert!(!bad.exists() && !wrong.exists());
    let aside: Vec<String> = fs::read_dir(store.dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(".json.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 2, "{aside:?}");
    assert!(
        aside
            .iter()
            .any(|n| n.starts_with("20261125-120000-1-0000.json.corrupt-"))
    );

    // Once set aside, the files no longer trouble the listing.
    let again = store.list();
    assert!(again.warnings.is_empty(), "{:?}", again.warnings);
    assert_eq!(again.sessions.len(), 2);
    // Newest activity first.
    assert_eq!(again.sessions[0].id, b.id);

    // Loading a corrupt file directly names it and the parse error.
    write_garbage(&store, "20261125-120000-1-0002");
    let err = store.load("20261125-120000-1-0002").unwrap_err();
    assert!(matches!(err, SessionError::Parse { .. }));
    assert!(
        err.to_string()
            .contains("20261125-120000-1-0002.json is unreadable"),
        "{err}"
    );
}

#[test]
fn a_newer_format_is_skipped_not_set_aside() {
    let lib = shipped();
    let (_tmp, store) = store();
    let s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    let mut value = serde_json::to_value(&s).unwrap();
    value["version"] = 3.into();
    value["colour"] = "blue".into();
    let path = store.path(&s.id);
    fs::write(&path, serde_json::to_string(&value).unwrap()).unwrap();
    let listing = store.list();
    assert!(listing.sessions.is_empty());
    assert_eq!(listing.warnings.len(), 1);
    assert!(
        listing.warnings[0].contains("format version 3"),
        "{:?}",
        listing.warnings
    );
    assert!(path.exists(), "a newer tshoot's file is left in place");
}

#[test]
fn two_writers_at_once_never_clobber_each_other() {
    let lib = shipped();
    let (tmp, store) = store();
    let dir = store.dir().to_path_buf();
    // Two threads, each with its own store on the same directory, all at the same instant.
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let dir = dir.clone();
            std::thread::spawn(move || {
                let lib = shipped();
                let store = Store::open(&dir).unwrap();
                let mut ids = Vec::new();
                for _ in 0..40 {
                    let mut s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
                    store.save(&s).unwrap();
                    s.run.add_note(&s.id.clone(), t(1));
                    store.save(&s).unwrap();
                    ids.push(s.id);
                }
                ids
            })
        })
        .collect();
    let mut ids: Vec<String> = handles
        .into_iter()
        .flat_map(|h| h.join().unwrap())
        .collect();
    // And two processes (this test binary, re-run as a child writer).
    for _ in 0..2 {
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "sessions::child_writer",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("TSHOOT_TEST_CHILD_DIR", &dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let listing = store.list();
    assert!(listing.warnings.is_empty(), "{:?}", listing.warnings);
    assert_eq!(listing.sessions.len(), 80 + 2 * 20);
    for s in &listing.sessions {
        let note = &s.run.visits.last().unwrap().notes[0].text;
        assert_eq!(note, &s.id, "each file holds its own session");
    }
    ids.extend(listing.sessions.iter().map(|s| s.id.clone()));
    ids.sort();
    ids.dedup();
    assert_eq!(
        ids.len(),
        120,
        "ids are unique across threads and processes"
    );
    let _ = &lib;
    drop(tmp);
}

/// Run by `two_writers_at_once_never_clobber_each_other` in a child process.
#[test]
fn child_writer() {
    let Some(dir) = std::env::var_os("TSHOOT_TEST_CHILD_DIR") else {
        return;
    };
    let lib = shipped();
    let store = Store::open(Path::new(&dir)).unwrap();
    for _ in 0..20 {
        let mut s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
        s.run.add_note(&s.id.clone(), t(1));
        store.save(&s).unwrap();
    }
}

#[test]
fn a_session_open_elsewhere_is_busy() {
    let lib = shipped();
    let (_tmp, store) = store();
    let s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    let held = store.lock(&s.id).unwrap();
    assert_eq!(held.id(), s.id);
    // A second store (as a second process would) cannot take it.
    let other = Store::open(store.dir()).unwrap();
    let err = other.lock(&s.id).unwrap_err();
    assert!(matches!(err, SessionError::Busy { .. }), "{err}");
    let msg = err.to_string();
    assert!(
        msg.contains(&s.id) && msg.contains("open in another tshoot process"),
        "{msg}"
    );
    // Another session is not affected.
    let _b = other.lock("20261125-000000-1-0000").unwrap();
    drop(held);
    other.lock(&s.id).unwrap();
    // Lock files are hidden: never listed as sessions.
    store.save(&s).unwrap();
    let listing = store.list();
    assert!(listing.warnings.is_empty());
    assert_eq!(listing.sessions.len(), 1);
}

#[test]
fn prune_deletes_only_old_finished_sessions() {
    let lib = shipped();
    let (_tmp, store) = store();
    let day = 86_400;
    let finished = |at: SystemTime| {
        let mut run = Run::start(lib, FLOW, at).unwrap();
        run.choose(lib, 0, at).unwrap();
        Session::new(lib, run, &Opening::default(), at)
    };
    let old_done = finished(t(0));
    let new_done = finished(t(29 * day));
    let old_busy = finished(t(0));
    let old_open = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    for s in [&old_done, &new_done, &old_busy, &old_open] {
        store.save(s).unwrap();
    }
    write_garbage(&store, "20200101-000000-1-0000");
    let _held = store.lock(&old_busy.id).unwrap();
    let pruned = store
        .prune(Duration::from_secs(7 * day), t(30 * day))
        .unwrap();
    assert_eq!(pruned, 1);
    assert!(!store.path(&old_done.id).exists());
    for s in [&new_done, &old_busy, &old_open] {
        assert!(store.path(&s.id).exists(), "{} kept", s.id);
    }
    assert!(
        store.path("20200101-000000-1-0000").exists(),
        "prune leaves unreadable files alone"
    );
}

#[test]
fn resume_restores_node_ticks_and_running_timers() {
    let lib = shipped();
    let (_tmp, store) = store();
    let s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    store.save(&s).unwrap();
    let mut back = store.load(&s.id).unwrap();
    // Three minutes after the 5-minute wait of step 4 started (at t(200)).
    let now = t(200 + 180);
    assert_eq!(session::resume(lib, &mut back, now).unwrap(), None);
    assert_eq!(back, s, "an unchanged flow resumes exactly");
    assert_eq!(node(&back, lib), "rename-and-restart");
    assert_eq!(
        back.run.wait_left(lib, 3, now),
        Some(Duration::from_secs(120))
    );
}

#[test]
fn resume_after_the_flow_changed_says_where_the_path_stopped_matching() {
    let lib = shipped();
    let (_tmp, store) = store();
    let s = Session::new(lib, token_cache_run(lib), &Opening::default(), t(0));
    store.save(&s).unwrap();

    // The flow's author renamed the checklist the session was in.
    let text = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("flows/cipp/guides/token-cache.yaml"),
    )
    .unwrap();
    let changed = text.replace("rename-and-restart", "rename-then-restart");
    let loaded = flow::load_texts(&[("token-cache.yaml", &changed)]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let new_lib = loaded.library;

    let mut back = store.load(&s.id).unwrap();
    assert_eq!(back.changed_flows(&new_lib), vec![FLOW.to_owned()]);
    let msg = session::resume(&new_lib, &mut back, t(400))
        .unwrap()
        .expect("a message");
    assert!(
        msg.contains("the flow changed since this session began"),
        "{msg}"
    );
    assert!(
        msg.contains("no longer leads to 'rename-and-restart'"),
        "{msg}"
    );
    assert!(msg.contains("resuming at 'keyvault-check'"), "{msg}");
    assert_eq!(node(&back, &new_lib), "keyvault-check");
    assert!(
        back.changed_flows(&new_lib).is_empty(),
        "hashes adopted after resuming"
    );
    assert_eq!(back.updated.0, t(400));
    // The answers before the change are kept.
    assert_eq!(back.run.visits.len(), 3);
    assert!(
        back.run.visits[1]
            .steps
            .iter()
            .all(|m| m.state == StepState::Done)
    );

    // A flow that no longer exists cannot be resumed, and says so.
    let empty = flow::load_texts(&[]).library;
    let err = session::resume(&empty, &mut back, t(500)).unwrap_err();
    assert!(
        err.to_string()
            .contains("no flow has the id 'cipp-token-cache'"),
        "{err}"
    );
}

// ----- secrets -----

const JWT: &str = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjEyMyJ9.eyJhdWQiOiJodHRwczovL2dyYXBoLm1pY3Jvc29mdC5jb20iLCJ0aWQiOiI3MmY5ODhiZiJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const CLIENT_SECRET: &str = "Qx8Q~h3LmN0pRsTuVwXyZa1b2c3D4e5F6g7H8i9J";
const OPAQUE_BEARER: &str = "EwBwA8l6BAAUO9chh8cJscQLmU+LSWpbnr0vmwwAAXMGkB2f7aQ9";
const NOTE_PASSWORD: &str = "Winter2026!Hunter2";

const SECRET_FLOW: &str = r#"
flows:
  - id: secret-test
    title: Secret test
    product: Entra ID
    summary: a flow whose input ends up in later text
    nodes:
      - id: ask
        input: Paste the app's configuration line
        var: config
        next: check
      - id: check
        question: "Does '{{config}}' look right?"
        choices:
          - label: "Yes, {{config}}"
            next: steps
      - id: steps
        checklist: Apply {{config}}
        steps:
          - text: Update the setting to {{config}}
          - text: Restart the app
        next: done
      - id: done
        end: resolved
        message: The app now uses {{config}}.
"#;

fn secrets() -> [&'static str; 4] {
    [JWT, CLIENT_SECRET, OPAQUE_BEARER, NOTE_PASSWORD]
}

/// A finished run whose query, input, answers, notes and skip reason all hold secrets.
fn secret_session(lib: &Library) -> Session {
    let query = format!(
        "POST https://login.microsoftonline.com/common/oauth2/v2.0/token\n\
         Authorization: Bearer {OPAQUE_BEARER}\n\
         client_id=00000000-0000-0000-0000-000000000000&client_secret={CLIENT_SECRET}&grant_type=client_credentials\n\
         AADSTS7000222: The provided client secret keys are expired. Trace ID: 1b2c3d4e-0000-4000-8000-1234567890ab"
    );
    let mut run = Run::start(lib, "secret-test", t(0)).unwrap();
    run.submit_input(lib, &format!("client_secret={CLIENT_SECRET}"), t(1))
        .unwrap();
    run.add_note(&format!("token was {JWT}"), t(2));
    run.choose(lib, 0, t(3)).unwrap();
    run.toggle_step(lib, 0, t(4)).unwrap();
    run.skip_step(
        lib,
        1,
        &format!("used password={NOTE_PASSWORD} instead"),
        t(5),
    )
    .unwrap();
    run.add_note(&format!("Authorization: Bearer {JWT}"), t(6));
    run.proceed(lib, t(7)).unwrap();
    run.answer_gone(lib, true, t(7)).unwrap();
    let s = Session::new(lib, run, &Opening::pasted(&query, None), t(0));
    assert!(s.finished);
    s
}

fn assert_no_secrets(what: &str, text: &str) {
    for secret in secrets() {
        assert!(!text.contains(secret), "{what} leaks {secret}:\n{text}");
    }
    assert!(
        text.contains("[REDACTED]"),
        "{what} shows where something was redacted"
    );
}

#[test]
fn no_stored_or_exported_file_contains_a_secret() {
    let loaded = flow::load_texts(&[("secret.yaml", SECRET_FLOW)]);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    let lib = loaded.library;
    let (_tmp, store) = store();
    let s = secret_session(&lib);
    assert!(
        !s.query.as_deref().unwrap().contains(CLIENT_SECRET),
        "the query is redacted on creation"
    );
    store.save(&s).unwrap();
    for entry in fs::read_dir(store.dir()).unwrap() {
        let path = entry.unwrap().path();
        assert_no_secrets(
            &path.display().to_string(),
            &fs::read_to_string(&path).unwrap_or_else(|_| "[REDACTED]".into()),
        );
    }
    // What operators need survives.
    let stored = fs::read_to_string(store.path(&s.id)).unwrap();
    assert!(
        stored.contains("AADSTS7000222") && stored.contains("1b2c3d4e-0000-4000-8000-1234567890ab")
    );

    // Transcripts of the in-memory session (still holding the secrets) and of the stored one.
    let loaded = store.load(&s.id).unwrap();
    for session in [&s, &loaded] {
        let md = transcript::markdown(session, &lib);
        assert_no_secrets("markdown", &md);
        assert!(md.contains("AADSTS7000222"));
        let json = serde_json::to_string(&transcript::json(session, &lib)).unwrap();
        assert_no_secrets("json", &json);
    }
}

// ----- the commands, as a real process -----

/// A data dir with one unfinished and one finished session, a few days old.
fn data_dir_with_sessions() -> (tempfile::TempDir, Session, Session) {
    let lib = shipped();
    let home = tempfile::tempdir().unwrap();
    let store = Store::open(&home.path().join("tsdata/sessions")).unwrap();
    let then = SystemTime::now() - Duration::from_secs(3 * 86_400);
    let began = then - Duration::from_secs(600);
    let mut open = Session::new(
        lib,
        token_cache_run(lib),
        &Opening::pasted("The token has expired.", None),
        began,
    );
    open.touch(lib, then);
    // Begun two hours earlier, so the two ids differ from the hour on.
    let earlier = began - Duration::from_secs(7200);
    let mut run = Run::start(lib, FLOW, earlier).unwrap();
    run.choose(lib, 0, earlier).unwrap();
    let done = Session::new(lib, run, &Opening::default(), earlier);
    store.save(&open).unwrap();
    store.save(&done).unwrap();
    (home, open, done)
}

#[test]
fn sessions_lists_unfinished_ones_and_all_with_all() {
    let (home, open, done) = data_dir_with_sessions();
    let data = home.path().join("tsdata");
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .arg("sessions")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("UNFINISHED SESSIONS (1)")
                .and(predicate::str::contains(&open.id))
                .and(predicate::str::contains("Clear the CIPP token cache"))
                .and(predicate::str::contains("3 days ago"))
                .and(predicate::str::contains(&done.id).not()),
        );
    // The environment variable works as well as the option.
    tshoot(home.path())
        .env("TSHOOT_DATA_DIR", &data)
        .args(["sessions", "--all"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("SESSIONS (2)")
                .and(predicate::str::contains(&done.id))
                .and(predicate::str::contains("escalated")),
        );
    let out = tshoot(home.path())
        .env("TSHOOT_DATA_DIR", &data)
        .args(["sessions", "--json", "--all"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let list = doc["sessions"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    let first = &list[0];
    assert_eq!(first["id"], open.id.as_str(), "newest activity first");
    assert_eq!(first["title"], "Clear the CIPP token cache");
    assert_eq!(first["node"], "rename-and-restart");
    assert_eq!(first["finished"], false);
    assert_eq!(first["progress"]["done"], 3);
    assert_eq!(list[1]["outcome"], "escalate");
    assert_eq!(doc["warnings"].as_array().unwrap().len(), 0);
}

#[test]
fn sessions_warns_about_a_corrupt_file_and_lists_the_rest() {
    let (home, open, _) = data_dir_with_sessions();
    let data = home.path().join("tsdata");
    let store = Store::open(&data.join("sessions")).unwrap();
    write_garbage(&store, "20261125-120000-1-0000");
    tshoot(home.path())
        .env("TSHOOT_DATA_DIR", &data)
        .arg("sessions")
        .assert()
        .success()
        .stdout(predicate::str::contains(&open.id))
        .stderr(
            predicate::str::contains("warning: session file")
                .and(predicate::str::contains(
                    "20261125-120000-1-0000.json is unreadable",
                ))
                .and(predicate::str::contains("line 3 column")),
        );
}

#[test]
fn sessions_on_an_empty_data_dir_says_so_and_prune_prunes() {
    let home = tempfile::tempdir().unwrap();
    tshoot(home.path())
        .args(["sessions"])
        .assert()
        .success()
        .stdout(predicate::str::contains("No unfinished sessions"));
    // Without --data-dir, sessions live in the per-user data directory.
    assert!(home.path().join("data/tshoot/sessions").is_dir());

    let (home, open, done) = data_dir_with_sessions();
    let data = home.path().join("tsdata");
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["sessions", "--all", "--prune", "2"])
        .assert()
        .success()
        .stderr(predicate::str::contains("pruned 1 finished session(s)"))
        .stdout(predicate::str::contains(&open.id).and(predicate::str::contains(&done.id).not()));
}

#[test]
fn export_writes_markdown_json_and_private_files() {
    let (home, open, _) = data_dir_with_sessions();
    let data = home.path().join("tsdata");
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["export", &open.id[..22], "--format", "md"])
        .assert()
        .success()
        .stdout(
            predicate::str::starts_with("# Clear the CIPP token cache\n")
                .and(predicate::str::contains("The token has expired."))
                .and(predicate::str::contains(
                    "- [x] Stop the function app and wait 5 minutes.",
                )),
        );
    let out = tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["export", &open.id, "--format", "json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(doc["session"], open.id.as_str());
    assert_eq!(doc["flow"]["id"], FLOW);

    let file = home.path().join("ticket.txt");
    fs::write(&file, "old contents").unwrap();
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["export", &open.id, "--output"])
        .arg(&file)
        .assert()
        .success()
        .stdout("")
        .stderr(predicate::str::contains("wrote the transcript to"));
    // Without --format: plain text, for any ticket system.
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with(
            "Clear the CIPP token cache\n==========================\nStatus       In progress"
        ),
        "{text}"
    );
    assert!(!text.contains("**") && !text.contains('`'), "{text}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            fs::metadata(&file).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
}

#[test]
fn export_of_an_unknown_session_exits_1_with_a_clear_error() {
    let (home, _, _) = data_dir_with_sessions();
    let data = home.path().join("tsdata");
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["export", "19990101-000000"])
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::contains("error: no session matches '19990101-000000'")
                .and(predicate::str::contains("tshoot sessions --all")),
        );
    // Both sessions start with the same date: the prefix is ambiguous.
    // Every id starts with the year.
    let day = "20";
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["export", day])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("matches 2 sessions"));
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["export", "../../etc/passwd"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a session id"));
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["export", "x", "--format", "pdf"])
        .assert()
        .code(2);
}

#[test]
fn export_via_the_binary_redacts_secrets() {
    let home = tempfile::tempdir().unwrap();
    let flows = home.path().join("myflows");
    fs::create_dir_all(&flows).unwrap();
    fs::write(flows.join("secret.yaml"), SECRET_FLOW).unwrap();
    let lib = flow::load(&Sources {
        builtin: true,
        paths: vec![flows.clone()],
    })
    .library;
    let data = home.path().join("tsdata");
    let store = Store::open(&data.join("sessions")).unwrap();
    let s = secret_session(&lib);
    store.save(&s).unwrap();
    for format in ["md", "json"] {
        let out = tshoot(home.path())
            .arg("--data-dir")
            .arg(&data)
            .arg("--flows")
            .arg(&flows)
            .args(["export", &s.id, "--format", format])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        assert_no_secrets(format, &String::from_utf8(out).unwrap());
    }
}

/// The child half of `two_processes_adding_history_lose_nothing`: adds 20 searches to the
/// history in `TSHOOT_HISTORY_CHILD_DIR`, tagged with `TSHOOT_HISTORY_CHILD_TAG`. Ignored so
/// it runs only when the parent starts it.
#[test]
#[ignore = "run by two_processes_adding_history_lose_nothing as a child process"]
fn history_child_process() {
    let (Ok(dir), Ok(tag)) = (
        std::env::var("TSHOOT_HISTORY_CHILD_DIR"),
        std::env::var("TSHOOT_HISTORY_CHILD_TAG"),
    ) else {
        return;
    };
    let history = session::History::in_dir(Path::new(&dir));
    for i in 0..20 {
        history.add(&format!("{tag} search {i}")).unwrap();
    }
}

#[test]
fn two_processes_adding_history_lose_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = ["alpha", "beta"]
        .iter()
        .map(|tag| {
            std::process::Command::new(&exe)
                .args([
                    "--exact",
                    "sessions::history_child_process",
                    "--ignored",
                    "--test-threads=1",
                ])
                .env("TSHOOT_HISTORY_CHILD_DIR", tmp.path())
                .env("TSHOOT_HISTORY_CHILD_TAG", tag)
                .stdout(std::process::Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let kept = session::History::in_dir(tmp.path()).read();
    for tag in ["alpha", "beta"] {
        for i in 0..20 {
            let q = format!("{tag} search {i}");
            assert!(kept.contains(&q), "lost '{q}': {kept:?}");
        }
    }
    assert_eq!(kept.len(), 40);
}

#[test]
fn sessions_discard_removes_one_and_refuses_a_held_one() {
    let (home, open, done) = data_dir_with_sessions();
    let data = home.path().join("tsdata");
    let store = Store::open(&data.join("sessions")).unwrap();
    // Held by another tshoot: refused, the file stays.
    let lock = store.lock(&open.id).unwrap();
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["sessions", "--discard", &open.id[..22]])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("open in another tshoot"));
    assert!(store.path(&open.id).exists());
    drop(lock);
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["sessions", "--discard", &open.id[..22]])
        .assert()
        .success()
        .stderr(predicate::str::contains(format!(
            "discarded session {}",
            open.id
        )));
    assert!(!store.path(&open.id).exists());
    assert!(store.path(&done.id).exists(), "only the one named goes");
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["sessions", "--discard", "19990101"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no session"));
}

#[test]
fn ticket_fields_and_the_operator_reach_the_session_list_and_the_transcript() {
    let home = tempfile::tempdir().unwrap();
    let data = home.path().join("tsdata");
    let config = home.path().join("config.json");
    fs::write(&config, r#"{"operator": "Sam from config"}"#).unwrap();
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .env("TSHOOT_CONFIG", &config)
        .env("TSHOOT_OPERATOR", "Alex Example")
        .args([
            "run",
            "cipp-token-cache",
            "--plain",
            "--ticket",
            "INC0012345",
            "--customer",
            "Contoso Ltd",
        ])
        .write_stdin("2\n")
        .assert()
        .success();
    let store = Store::open(&data.join("sessions")).unwrap();
    let listing = store.list();
    let s = listing.sessions.first().expect("a session was written");
    assert_eq!(s.ticket.reference.as_deref(), Some("INC0012345"));
    assert_eq!(s.ticket.customer.as_deref(), Some("Contoso Ltd"));
    assert_eq!(
        s.ticket.operator.as_deref(),
        Some("Alex Example"),
        "TSHOOT_OPERATOR wins"
    );
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["sessions"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "ticket INC0012345 · customer Contoso Ltd · operator Alex Example",
        ));
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .args(["export", &s.id, "--format", "text"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Ticket       INC0012345")
                .and(predicate::str::contains("Customer     Contoso Ltd"))
                .and(predicate::str::contains("Operator     Alex Example")),
        );
    // A broken config file is named with its line and column, and nothing starts.
    fs::write(&config, "{\n  \"operater\": 1\n}").unwrap();
    tshoot(home.path())
        .arg("--data-dir")
        .arg(&data)
        .env("TSHOOT_CONFIG", &config)
        .args(["run", "cipp-token-cache", "--plain"])
        .write_stdin("2\n")
        .assert()
        .failure()
        .stderr(
            predicate::str::contains("config.json:2:").and(predicate::str::contains("operater")),
        );
}

#[test]
fn the_config_example_fits_its_schema_and_the_reader() {
    let root = crate::util::root();
    let schema: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(root.join("assets/config.schema.json")).unwrap())
            .unwrap();
    jsonschema::meta::validate(&schema).expect("a valid draft-07 schema");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let path = root.join("assets/config.example.json");
    let text = fs::read_to_string(&path).unwrap();
    let example: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(validator.is_valid(&example));
    assert!(!validator.is_valid(&serde_json::json!({"operater": "x"})));
    assert!(!validator.is_valid(&serde_json::json!({"export_format": "pdf"})));
    let config = tshoot::config::Config::parse(&path, &text).unwrap();
    assert_eq!(config.operator.as_deref(), Some("Alex Example"));
}
