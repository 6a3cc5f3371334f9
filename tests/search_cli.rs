//! `tshoot search` as a process, and the typed-query matcher through the library API.

use crate::util::{shipped_index, tshoot};
use predicates::prelude::*;
use tshoot::search::{Confidence, Kind, Mode};

#[test]
fn json_contract_and_exit_0_on_confident_match() {
    let home = tempfile::tempdir().unwrap();
    let out = tshoot(home.path())
        .args([
            "search",
            "--json",
            "AADSTS50020: User account from identity provider does not exist in tenant, CIPP-SAM",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let top = &json["results"][0];
    assert_eq!(top["id"], "cipp-aadsts50020");
    assert_eq!(top["kind"], "error");
    assert_eq!(top["confidence"], "high");
    for key in ["title", "product", "codes", "score", "why"] {
        assert!(!top[key].is_null(), "missing {key}");
    }
    assert!(top["why"].to_string().contains("AADSTS50020"));
}

#[test]
fn reads_piped_stdin_and_respects_limit() {
    let home = tempfile::tempdir().unwrap();
    let paste = "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed.\"}\nCIPP";
    let out = tshoot(home.path())
        .args(["search", "--json", "--limit", "2"])
        .write_stdin(paste)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["results"].as_array().unwrap().len(), 2);
    assert_eq!(json["results"][0]["id"], "cipp-grant-revoked");
}

#[test]
fn no_confident_match_exits_1_and_says_so() {
    let home = tempfile::tempdir().unwrap();
    tshoot(home.path())
        .args(["search", "the printer on floor three is jammed again"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("No confident match"));
}

#[test]
fn unknown_aadsts_code_is_reported() {
    let home = tempfile::tempdir().unwrap();
    tshoot(home.path())
        .args([
            "search",
            "AADSTS99999999: something entirely new happened to this sign-in today",
        ])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("AADSTS99999999"));
}

#[test]
fn readable_output_shows_id_confidence_why_and_first_step() {
    let home = tempfile::tempdir().unwrap();
    tshoot(home.path())
        .args(["search", "AppLifecycle_2210"])
        .assert()
        .success()
        .stdout(predicate::str::contains("id: cipp-applifecycle-2210"))
        .stdout(predicate::str::contains("confidence: high"))
        .stdout(predicate::str::contains("why:"))
        .stdout(predicate::str::contains("first step:"));
}

#[test]
fn shared_message_returns_the_app_group() {
    let index = shipped_index();
    let r = index.search_pasted("HttpRequestFailure: Server returned: 401 Unauthorized", 10);
    assert!(r.ambiguous.len() >= 3, "{:?}", r.ambiguous);
    let apps: Vec<String> = r
        .ambiguous
        .iter()
        .filter_map(|&i| index.doc(r.hits[i].doc)?.app.clone())
        .collect();
    for app in ["Exchange Online", "Okta", "Office 365"] {
        assert!(apps.iter().any(|a| a == app), "{app} missing from {apps:?}");
    }
    // Naming the app settles it.
    let r = index.search_pasted(
        "Okta connector: HttpRequestFailure: Server returned: 401 Unauthorized",
        10,
    );
    assert!(r.ambiguous.is_empty());
    assert_eq!(index.doc(r.hits[0].doc).unwrap().id, "mcas-okta-http-401");
}

#[test]
fn typed_queries_are_fuzzy_with_highlight_positions() {
    let index = shipped_index();
    let r = index.search("consent", 10);
    assert_eq!(r.mode, Some(Mode::Typed));
    let top = index.doc(r.hits[0].doc).unwrap();
    assert!(
        top.title.to_lowercase().contains("consent"),
        "{}",
        top.title
    );
    assert!(!r.hits[0].title_positions.is_empty());
    let chars: Vec<char> = top.title.chars().collect();
    let highlighted: String = r.hits[0]
        .title_positions
        .iter()
        .map(|&p| chars[p])
        .collect();
    assert_eq!(highlighted.to_lowercase(), "consent");

    let r = index.search("aadsts5002", 10);
    assert!(r.hits.iter().take(3).any(|h| {
        index
            .doc(h.doc)
            .unwrap()
            .codes
            .iter()
            .any(|c| c == "AADSTS50020")
    }));

    let r = index.search("box refresh", 10);
    assert_eq!(
        index.doc(r.hits[0].doc).unwrap().app.as_deref(),
        Some("Box")
    );

    let r = index.search("wait 5", 10);
    assert!(
        r.hits
            .iter()
            .take(5)
            .any(|h| index.doc(h.doc).unwrap().id == "cipp-token-cache")
    );
    assert!(
        r.hits
            .iter()
            .any(|h| index.doc(h.doc).unwrap().kind == Kind::Flow)
    );
}

#[test]
fn typed_exact_code_is_high_confidence_and_nonsense_finds_nothing() {
    let index = shipped_index();
    let r = index.search("IdsLocked", 5);
    assert_eq!(r.hits[0].confidence, Confidence::High);
    assert!(index.search("zzqxv", 5).hits.is_empty());
    assert!(index.search("   ", 5).hits.is_empty());
}

#[test]
fn huge_paste_is_bounded() {
    let index = shipped_index();
    let mut paste = "noise line without meaning\n".repeat(400_000);
    paste.push_str("AADSTS50053");
    let r = index.search(&paste, 5);
    // The code sits beyond the 64 KiB bound, so it is not seen: the bound holds.
    assert!(!r.is_confident());
}
