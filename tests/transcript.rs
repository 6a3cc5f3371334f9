//! Golden-file tests of the transcripts: a run through the shipped `cipp-token-cache` flow
//! with fixed times, kept as insta snapshots in `tests/snapshots/`.

use crate::util::{shipped, t};
use tshoot::engine::Run;
use tshoot::flow::Library;
use tshoot::session::{Opening, Session, transcript};

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
    run.skip_wait(lib, 1, t(170 + 12 * 60)).unwrap();
    run.proceed(lib, t(170 + 12 * 60 + 5)).unwrap();
    run.choose(lib, 0, t(1000)).unwrap(); // all green now
    let base = 1100;
    run.toggle_step(lib, 0, t(base)).unwrap();
    run.toggle_step(lib, 1, t(base + 20)).unwrap();
    run.skip_step(lib, 2, "Already on the Overview page", t(base + 30))
        .unwrap();
    run.toggle_step(lib, 3, t(base + 40)).unwrap(); // 5-minute wait starts
    let mut s = Session::new(lib, run, &Opening::pasted(QUERY, Some("cipp-token-expired")), t(0));
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
    run.skip_wait(lib, 7, t(base + 90 + 240)).unwrap();
    run.toggle_step(lib, 8, t(base + 90 + 250)).unwrap();
    run.add_note("Errors stopped after the second restart", t(base + 400));
    run.proceed(lib, t(base + 410)).unwrap();
    s.touch(lib, t(base + 410));
    assert!(s.finished);
    s
}

fn pretty(value: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(value).unwrap();
    s.push('\n');
    s
}

#[test]
fn markdown_of_a_finished_run() {
    let lib = shipped();
    insta::assert_snapshot!(
        "cipp_token_cache_md",
        transcript::markdown(&finished(lib), lib)
    );
}

#[test]
fn json_of_a_finished_run() {
    let lib = shipped();
    insta::assert_snapshot!(
        "cipp_token_cache_json",
        pretty(&transcript::json(&finished(lib), lib))
    );
}

#[test]
fn markdown_of_a_run_in_progress() {
    let lib = shipped();
    insta::assert_snapshot!(
        "cipp_token_cache_in_progress_md",
        transcript::markdown(&in_progress(lib), lib)
    );
}

#[test]
fn markdown_and_json_carry_the_same_facts() {
    let lib = shipped();
    let s = finished(lib);
    let md = transcript::markdown(&s, lib);
    let json = transcript::json(&s, lib);
    assert_eq!(json["format"], "tshoot-transcript");
    assert_eq!(json["version"], 1);
    assert_eq!(json["outcome"], "resolved");
    assert_eq!(json["finished"], true);
    assert_eq!(json["started"], "2026-11-25T13:01:42Z");
    assert!(md.contains("- Started: 2026-11-25 13:01:42 UTC"));
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
