//! Golden-file tests of the transcripts: a run through the shipped `cipp-token-cache` flow
//! with fixed times, kept as insta snapshots in `tests/snapshots/`.

use crate::util::{shipped, t};
use tshoot::engine::Run;
use tshoot::flow::Library;
use tshoot::session::transcript::{Clock, Format};
use tshoot::session::{Opening, QueryKind, Session, TicketFields, transcript};

const FLOW: &str = "cipp-token-cache";

const QUERY: &str = "Could not get token for contoso.onmicrosoft.com: The token has expired.\n\
Request: GET https://graph.microsoft.com/v1.0/users\n\
Authorization: Bearer eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJjb250b3NvIn0.c2lnbmF0dXJlc2lnbmF0dXJlc2ln\n\
client-request-id: 5f3c2a1e-9b8d-4c7a-8e6f-0a1b2c3d4e5f";

/// Open the configuration, wait for Key Vault, rename and restart: the session stops in the
/// rename-and-restart checklist with a 5-minute wait running.
fn in_progress(lib: &Library) -> Session {
    let mut run = Run::start(lib, FLOW, t(0)).unwrap();
    run.choose(lib, 1, t(25)).unwrap();
    for i in 0..3 {
        run.toggle_step(lib, i, t(60 + 15 * i as u64)).unwrap();
    }
    run.add_note(
        "Backend tab is under Settings > Backend on our v7 instance",
        t(95),
    );
    run.proceed(lib, t(100)).unwrap();
    run.choose(lib, 1, t(130)).unwrap(); // Key Vault settings not all green
    run.toggle_step(lib, 0, t(160)).unwrap();
    run.toggle_step(lib, 1, t(170)).unwrap(); // starts the 30-minute wait
    run.skip_wait(lib, 1, "done sooner", t(170 + 12 * 60))
        .unwrap();
    run.proceed(lib, t(170 + 12 * 60 + 5)).unwrap();
    run.choose(lib, 0, t(1000)).unwrap(); // all green now
    let base = 1100;
    run.toggle_step(lib, 0, t(base)).unwrap();
    run.toggle_step(lib, 1, t(base + 20)).unwrap();
    run.skip_step(lib, 2, "Already on the Overview page", t(base + 30))
        .unwrap();
    run.toggle_step(lib, 3, t(base + 40)).unwrap(); // 5-minute wait starts
    let mut s = Session::new(
        lib,
        run,
        &Opening::pasted(QUERY, Some("cipp-token-expired")),
        t(0),
    );
    s.id = "20261125-130142-1f2a-9c03".into();
    s.touch(lib, t(base + 40));
    s
}

/// The same session, carried on to the end.
fn finished(lib: &Library) -> Session {
    let mut s = in_progress(lib);
    let run = &mut s.run;
    let base = 1100 + 40 + 300; // the first wait has run out
    for (i, at) in [(4, 0), (5, 30), (6, 60), (7, 90)] {
        run.toggle_step(lib, i, t(base + at)).unwrap();
    }
    run.skip_wait(lib, 7, "done sooner", t(base + 90 + 240))
        .unwrap();
    run.toggle_step(lib, 8, t(base + 90 + 250)).unwrap();
    run.add_note("Errors stopped after the second restart", t(base + 400));
    run.proceed(lib, t(base + 410)).unwrap();
    assert!(run.asks_if_gone(lib));
    run.answer_gone(lib, true, t(base + 410)).unwrap();
    s.touch(lib, t(base + 410));
    assert!(s.finished);
    s
}

/// Times in UTC, so the snapshots do not depend on the machine's time zone.
fn utc() -> Clock {
    Clock::fixed(0)
}

#[test]
fn markdown_of_a_finished_run() {
    let lib = shipped();
    insta::assert_snapshot!(
        "cipp_token_cache_md",
        transcript::render_in(&finished(lib), lib, Format::Md, &utc())
    );
}

#[test]
fn json_of_a_finished_run() {
    let lib = shipped();
    insta::assert_snapshot!(
        "cipp_token_cache_json",
        transcript::render_in(&finished(lib), lib, Format::Json, &utc())
    );
}

#[test]
fn markdown_of_a_run_in_progress() {
    let lib = shipped();
    insta::assert_snapshot!(
        "cipp_token_cache_in_progress_md",
        transcript::render_in(&in_progress(lib), lib, Format::Md, &utc())
    );
}

#[test]
fn markdown_and_json_carry_the_same_facts() {
    let lib = shipped();
    let s = finished(lib);
    let md = transcript::render_in(&s, lib, Format::Md, &utc());
    let json = transcript::json_in(&s, lib, &utc());
    assert_eq!(json["format"], "tshoot-transcript");
    assert_eq!(json["version"], 2);
    assert_eq!(json["outcome"], "resolved");
    assert_eq!(json["finished"], true);
    assert_eq!(json["started"], "2026-11-25T13:01:42Z");
    assert!(md.contains("- Started: 2026-11-25 13:01:42 +00:00"), "{md}");
    let path = json["path"].as_array().unwrap();
    assert_eq!(path.len(), s.run.visits.len());
    let skipped = &path[5]["steps"][2];
    assert_eq!(skipped["state"], "skipped");
    assert_eq!(skipped["reason"], "Already on the Overview page");
    assert!(
        md.contains("skipped (13:20:32): Already on the Overview page"),
        "{md}"
    );
    let next = json["next_action"].as_str().unwrap();
    assert!(next.starts_with("The cached tokens are gone"));
    assert!(md.contains(next.split('"').next().unwrap()));
}

#[test]
fn hostile_text_cannot_reach_the_terminal_or_break_the_markdown() {
    let lib = shipped();
    let mut s = in_progress(lib);
    s.query = Some("```\n# not a heading\x1b[2J\x1b]52;c;aGk=\x07 \u{202e}exe.txt".into());
    s.run.add_note(
        "</details><script>alert(1)</script> `x` **bold**\x1b[31m",
        t(5000),
    );
    let md = transcript::markdown(&s, lib);
    let json = serde_json::to_string(&transcript::json(&s, lib)).unwrap();
    for text in [&md, &json] {
        assert!(!text.contains('\x1b') && !text.contains('\x07') && !text.contains('\u{202e}'));
    }
    // The error text sits in a fence longer than any backtick run inside it.
    assert!(md.contains("\n````text\n```\n# not a heading"), "{md}");
    assert!(md.contains("): \\</details>\\<script>"), "{md}");
}

// ----- every record kind, in md, text and json -----

const PASTE: &str = "AADSTS700016: Application with identifier '7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f9a0b1' was not found in the directory 'Contoso'.\r\nTrace ID: 0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b\r\nCorrelation ID: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d\r\nTimestamp: 2026-11-25 13:00:02Z";

const APP_ID: &str = "7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f9a0b1";

/// The shipped library plus `tests/data/handover`, a flow with every node kind.
fn with_demo() -> &'static Library {
    static LIB: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    LIB.get_or_init(|| {
        let loaded = tshoot::flow::load(&tshoot::flow::Sources {
            builtin: true,
            paths: vec![crate::util::root().join("tests/data/handover")],
        });
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.library
    })
}

/// Question, input (filled into later texts), checklist with commands, a wait cut short, a
/// skip with its reason, a multi-line note, a single step, a goto into another flow and
/// back, and the end; started from a paste with CR breaks, with all three ticket fields.
fn demo(lib: &Library) -> Session {
    let mut run = Run::start(lib, "handover-demo", t(0)).unwrap();
    run.choose(lib, 0, t(20)).unwrap();
    run.submit_input(lib, APP_ID, t(40)).unwrap();
    run.toggle_step(lib, 0, t(60)).unwrap();
    run.toggle_step(lib, 1, t(70)).unwrap();
    run.toggle_step(lib, 2, t(80)).unwrap(); // the 5-minute wait starts
    run.skip_wait(lib, 2, "done sooner", t(200)).unwrap();
    run.skip_step(lib, 3, "User is on leave; their manager retests", t(210))
        .unwrap();
    run.add_note("Restarted at 13:03\nService back within 30 s", t(215));
    run.proceed(lib, t(220)).unwrap();
    run.proceed(lib, t(240)).unwrap(); // the single step, into the goto's flow
    run.proceed(lib, t(250)).unwrap(); // the inner end returns
    run.answer_gone(lib, true, t(250)).unwrap(); // "Is the error gone?" Yes
    let opening = Opening {
        query: Some(PASTE.to_owned()),
        kind: QueryKind::Pasted,
        entry: Some("entra-aadsts700016-app-not-found".to_owned()),
        ticket: TicketFields {
            reference: Some("INC0012345".to_owned()),
            customer: Some("Contoso Ltd".to_owned()),
            operator: Some("Alex Example".to_owned()),
        },
    };
    let mut s = Session::new(lib, run, &opening, t(0));
    s.id = "20261125-130142-1f2a-9c03".into();
    s.touch(lib, t(250));
    assert!(s.finished);
    s
}

#[test]
fn every_record_kind_in_markdown() {
    let lib = with_demo();
    insta::assert_snapshot!(
        "handover_md",
        transcript::render_in(&demo(lib), lib, Format::Md, &Clock::fixed(1))
    );
}

#[test]
fn every_record_kind_in_plain_text() {
    let lib = with_demo();
    let text = transcript::render_in(&demo(lib), lib, Format::Text, &Clock::fixed(1));
    // Plain means plain: none of Markdown's markup, every line fits a ticket note.
    for markup in ["**", "`", "~~", "- [", "##"] {
        assert!(!text.contains(markup), "{markup} in\n{text}");
    }
    for line in text.lines() {
        // Only an unbreakable word may run past the width (it is never split).
        // Commands sit whole on their own `$ ` line, so they are copied as one command.
        let t = line.trim();
        assert!(
            line.chars().count() <= 76 || !t.contains(' ') || t.starts_with("$ "),
            "too long: {line}"
        );
    }
    insta::assert_snapshot!("handover_text", text);
}

#[test]
fn every_record_kind_in_json() {
    let lib = with_demo();
    let json = transcript::render_in(&demo(lib), lib, Format::Json, &Clock::fixed(1));
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value["ticket"]["reference"], "INC0012345");
    assert_eq!(value["started_by"]["kind"], "pasted");
    assert_eq!(value["started_local"], "2026-11-25 14:01:42 +01:00");
    assert_eq!(value["duration"], "4m 10s");
    insta::assert_snapshot!("handover_json", json);
}

#[test]
fn the_paste_keeps_its_lines_and_the_query_is_labelled() {
    let lib = with_demo();
    let s = demo(lib);
    for format in [Format::Md, Format::Text] {
        let out = transcript::render_in(&s, lib, format, &Clock::fixed(1));
        assert!(out.contains("Pasted error"), "{out}");
        assert!(!out.contains('\r'));
        for line in [
            "Trace ID: 0f1e2d3c",
            "Correlation ID: 9a8b7c6d",
            "Timestamp: 2026",
        ] {
            assert!(
                out.lines().any(|l| l.trim_start().starts_with(line)),
                "{line} is not on its own line in\n{out}"
            );
        }
    }
    let mut typed = s.clone();
    typed.query_kind = Some(QueryKind::Typed);
    typed.query = Some("redirect uri".into());
    let out = transcript::render_in(&typed, lib, Format::Text, &Clock::fixed(1));
    assert!(out.contains("Typed search:\n  redirect uri"), "{out}");
    assert!(!out.contains("Pasted error"));
}

/// `out` with every run of white space as one space, so wrapped lines still contain a text.
fn flat(out: &str) -> String {
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every text the operator saw, as it must appear in any export of [`demo`].
const SHOWN: &[&str] = &[
    "Which tenant is affected?",
    "The customer's production tenant",
    "What is the application (client) ID?",
    "Check the app 7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f9a0b1",
    "Open App registrations and find 7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f9a0b1",
    "az ad app show --id 7e8f9a0b-1c2d-4e3f-a4b5-c6d7e8f9a0b1 --query web.redirectUris",
    "Restart-Service tshoot-demo",
    "Wait of 5m",
    "User is on leave; their manager retests",
    "Service back within 30 s",
    "Write down the time of the restart",
    "Inner checks",
    "The app signs in again; close the ticket with this transcript.",
];

#[test]
fn an_export_needs_no_flow_file() {
    let lib = with_demo();
    let s = demo(lib);
    // Saved and read back, then exported with only the built-in library: the demo flows
    // are gone, every shown text is still there.
    let dir = tempfile::tempdir().unwrap();
    let store = tshoot::session::Store::open(dir.path()).unwrap();
    store.save(&s).unwrap();
    let back = store.load(&s.id).unwrap();
    let without = crate::util::shipped();
    assert!(without.flow("handover-demo").is_none());
    for format in [Format::Md, Format::Text, Format::Json] {
        let out = flat(&transcript::render_in(
            &back,
            without,
            format,
            &Clock::fixed(1),
        ));
        for text in SHOWN
            .iter()
            .filter(|t| format != Format::Json || !t.starts_with("Wait"))
        {
            assert!(out.contains(text), "{format:?} lacks {text:?}:\n{out}");
        }
        assert!(!out.contains("texts not recorded"), "{out}");
        assert!(out.contains("handover-demo"), "the changed flow is named");
    }
}

#[test]
fn a_changed_flow_keeps_the_texts_that_were_shown() {
    let lib = with_demo();
    let s = demo(lib);
    let dir = tempfile::tempdir().unwrap();
    let yaml =
        std::fs::read_to_string(crate::util::root().join("tests/data/handover/handover.yaml"))
            .unwrap()
            .replace("Which tenant is affected?", "Which directory is it?")
            .replace("Restart-Service tshoot-demo", "Restart-Service other");
    std::fs::write(dir.path().join("handover.yaml"), yaml).unwrap();
    let changed = tshoot::flow::load(&tshoot::flow::Sources {
        builtin: true,
        paths: vec![dir.path().to_path_buf()],
    });
    assert!(!changed.has_errors());
    let md = transcript::render_in(&s, &changed.library, Format::Md, &Clock::fixed(1));
    for text in SHOWN {
        assert!(md.contains(text), "lacks {text:?}:\n{md}");
    }
    assert!(!md.contains("Which directory is it?") && !md.contains("Restart-Service other"));
    assert!(md.contains("changed since this session ran"), "{md}");
}

#[test]
fn a_version_1_session_file_is_read_and_upgraded() {
    let lib = with_demo();
    // A file as tshoot wrote it before the texts were kept: version 1, no `shown`, no
    // ticket or known-error copy.
    let mut value = serde_json::to_value(demo(lib)).unwrap();
    value["version"] = 1.into();
    let obj = value.as_object_mut().unwrap();
    for key in ["known_error", "ticket", "query_kind"] {
        obj.remove(key);
    }
    for visit in value["run"]["visits"].as_array_mut().unwrap() {
        visit.as_object_mut().unwrap().remove("shown");
    }
    let dir = tempfile::tempdir().unwrap();
    let store = tshoot::session::Store::open(dir.path()).unwrap();
    let id = "20261125-130142-1f2a-9c03";
    std::fs::write(
        store.path(id),
        serde_json::to_string_pretty(&value).unwrap(),
    )
    .unwrap();
    let mut old = store.load(id).unwrap();
    assert_eq!(old.version, 1);
    assert!(old.run.visits.iter().all(|v| v.shown.is_none()));
    // Exported while its flow is loaded, the texts come from the library.
    let md = transcript::render_in(&old, lib, Format::Md, &Clock::fixed(1));
    for text in SHOWN {
        assert!(md.contains(text), "lacks {text:?}:\n{md}");
    }
    // Resumed and saved, it becomes version 2 with the texts kept: the flow can go.
    tshoot::session::resume(lib, &mut old, t(300)).unwrap();
    store.save(&old).unwrap();
    let upgraded = store.load(id).unwrap();
    assert_eq!(upgraded.version, tshoot::session::SESSION_VERSION);
    assert!(upgraded.run.visits.iter().all(|v| v.shown.is_some()));
    assert!(upgraded.known_error.is_some());
    let md = transcript::render_in(
        &upgraded,
        crate::util::shipped(),
        Format::Md,
        &Clock::fixed(1),
    );
    for text in SHOWN {
        assert!(md.contains(text), "lacks {text:?}:\n{md}");
    }
}

/// The demo up to its resolved end, where "Is the error gone?" is asked.
fn demo_asking(lib: &Library) -> Session {
    let mut s = demo(lib);
    s.run.visits.last_mut().unwrap().confirmed = None;
    s.touch(lib, t(250));
    assert!(s.run.asks_if_gone(lib) && !s.finished);
    s
}

#[test]
fn error_still_there_is_the_real_outcome_in_every_format() {
    // Only the demo's own flows: no triage flow to go on in, so "no" escalates.
    let loaded = tshoot::flow::load(&tshoot::flow::Sources {
        builtin: false,
        paths: vec![crate::util::root().join("tests/data/handover")],
    });
    let lib = &loaded.library;
    let mut s = demo_asking(lib);
    s.run.answer_gone(lib, false, t(260)).unwrap();
    s.touch(lib, t(260));
    assert!(s.finished);
    assert_eq!(s.outcome, Some(tshoot::flow::Outcome::Escalate));
    let md = transcript::render_in(&s, lib, Format::Md, &Clock::fixed(1));
    assert!(md.contains("- Status: **Escalate**"), "{md}");
    assert!(
        md.contains("- Is the error gone? **No — escalated** (14:06:02)"),
        "{md}"
    );
    assert!(md.contains("Fix done, error still there"), "{md}");
    assert!(md.contains("**Escalate.** Next: The error is still there after this fix"));
    let text = transcript::render_in(&s, lib, Format::Text, &Clock::fixed(1));
    assert!(
        text.contains("Is the error gone? No — escalated (14:06:02)"),
        "{text}"
    );
    assert!(text.contains("Status       Escalate"), "{text}");
    let json: serde_json::Value = serde_json::from_str(&transcript::render_in(
        &s,
        lib,
        Format::Json,
        &Clock::fixed(1),
    ))
    .unwrap();
    assert_eq!(json["outcome"], "escalate");
    let end = json["path"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(end["outcome"], "resolved", "what the end node said");
    assert_eq!(end["error_gone"]["error_gone"], false);
    assert_eq!(end["error_gone"]["answer"], "No — escalated");
    assert_eq!(end["error_gone"]["question"], "Is the error gone?");
}

#[test]
fn error_still_there_goes_on_in_triage_and_the_transcript_says_so() {
    let lib = with_demo();
    let mut s = demo_asking(lib);
    s.run.answer_gone(lib, false, t(260)).unwrap();
    s.touch(lib, t(260));
    assert!(!s.finished);
    assert_eq!(s.run.visits.last().unwrap().flow, "triage");
    let text = transcript::render_in(&s, lib, Format::Text, &Clock::fixed(1));
    assert!(
        flat(&text).contains(
            "Is the error gone? No — continued in What are you seeing? Start here (14:06:02)"
        ),
        "{text}"
    );
    assert!(text.contains("Not finished yet."), "{text}");
}

#[test]
fn a_session_from_before_the_question_stays_resolved() {
    // Written by a tshoot that did not ask: finished at a resolved end, no answer kept.
    let lib = with_demo();
    let mut value = serde_json::to_value(demo(lib)).unwrap();
    for visit in value["run"]["visits"].as_array_mut().unwrap() {
        visit.as_object_mut().unwrap().remove("confirmed");
    }
    assert_eq!(value["finished"], true);
    assert_eq!(value["outcome"], "resolved");
    let old: Session = serde_json::from_value(value).unwrap();
    let json: serde_json::Value = serde_json::from_str(&transcript::render_in(
        &old,
        lib,
        Format::Json,
        &Clock::fixed(1),
    ))
    .unwrap();
    assert_eq!(json["finished"], true);
    assert_eq!(json["outcome"], "resolved");
    let md = transcript::render_in(&old, lib, Format::Md, &Clock::fixed(1));
    assert!(md.contains("- Status: **Resolved**"), "{md}");
    assert!(!md.contains("Is the error gone?"), "no answer is made up");
}
