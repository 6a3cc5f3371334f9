//! "High" means it: the most specific code decides, a code the library lacks is named with
//! Microsoft's lookup link, every paste encoding is read, and a long log is searched at both
//! ends. Through the library API, the `tshoot search` process and the wizard's screen.

use crate::util::{render, shipped, shipped_index, t, tshoot};
use proptest::prelude::*;
use tshoot::search::{Confidence, Index, Results};
use tshoot::tui::{Action, App, update};

/// A code of the right shape that no entry carries (Microsoft adds codes the library cannot
/// know yet).
const UNKNOWN: &str = "AADSTS9999991";

fn top_id<'a>(index: &'a Index, r: &Results) -> Option<&'a str> {
    r.hits
        .first()
        .and_then(|h| index.doc(h.doc))
        .map(|d| d.id.as_str())
}

/// Entries whose codes include an AADSTS code, with that code.
fn aadsts_entries(index: &Index) -> Vec<(String, String)> {
    index
        .docs()
        .iter()
        .filter_map(|d| {
            let code = d.codes.iter().find(|c| c.starts_with("AADSTS"))?;
            Some((d.id.clone(), code.clone()))
        })
        .collect()
}

#[test]
fn the_inner_code_decides_over_its_wrappers() {
    let index = shipped_index();
    let paste = "{\"error\":\"invalid_grant\",\"error_description\":\"AADSTS50126: Error validating \
                 credentials due to invalid username or password.\\r\\nTrace ID: 0000\"}";
    let r = index.search_pasted(paste, 5);
    let top = r.hits.first().expect("a hit");
    let doc = index.doc(top.doc).unwrap();
    assert!(doc.codes.iter().any(|c| c == "AADSTS50126"), "{}", doc.id);
    assert_eq!(top.confidence, Confidence::High);
    // The generic invalid_grant entry is only evidence: never high beside a specific code.
    for h in &r.hits[1..] {
        let d = index.doc(h.doc).unwrap();
        if !d.codes.iter().any(|c| c == "AADSTS50126") {
            assert_ne!(h.confidence, Confidence::High, "{}", d.id);
        }
    }
}

#[test]
fn a_code_the_library_lacks_caps_every_hit_at_possible() {
    let index = shipped_index();
    let paste = format!(
        "{{\"error\":\"invalid_client\",\"error_description\":\"{UNKNOWN}: The client has \
         something new wrong with it.\"}}"
    );
    let r = index.search_pasted(&paste, 10);
    assert!(r.hits.iter().all(|h| h.confidence != Confidence::High));
    assert_eq!(r.unknown_codes, vec![UNKNOWN.to_owned()]);
    assert_eq!(
        r.lookup(),
        vec!["https://login.microsoftonline.com/error?code=9999991".to_owned()]
    );
    assert_eq!(
        r.unknown_notes(),
        vec![format!(
            "{UNKNOWN} is not in tshoot's library — look it up: \
             https://login.microsoftonline.com/error?code=9999991"
        )]
    );
}

#[test]
fn a_bare_family_value_puts_the_generic_entry_first() {
    let index = shipped_index();
    let r = index.search_pasted("invalid_grant", 5);
    let doc = r
        .hits
        .first()
        .and_then(|h| index.doc(h.doc))
        .expect("a hit");
    assert!(
        doc.app.is_none(),
        "{} ({:?}) outranks the generic entry",
        doc.id,
        doc.app
    );
    assert!(r.hits.iter().all(|h| h.confidence != Confidence::High));
}

#[test]
fn a_long_log_is_searched_at_both_ends() {
    let index = shipped_index();
    let mut log = String::new();
    let mut n = 0;
    while log.len() < 90 * 1024 {
        log.push_str(&format!(
            "2026-12-02T10:{:02}:{:02}Z INFO worker polled queue item={n} status=ok\n",
            n / 60 % 60,
            n % 60
        ));
        n += 1;
    }
    log.push_str(
        "AADSTS50126: Error validating credentials due to invalid username or password.\n",
    );
    let r = index.search_pasted(&log, 5);
    let top = r.hits.first().expect("a hit");
    assert!(
        index
            .doc(top.doc)
            .unwrap()
            .codes
            .iter()
            .any(|c| c == "AADSTS50126"),
        "{:?}",
        top_id(index, &r)
    );
    assert_eq!(top.confidence, Confidence::High);
    let skipped = r.skipped.expect("the middle was skipped");
    assert!(
        skipped.describe().contains("of 91 KiB"),
        "{}",
        skipped.describe()
    );
}

#[test]
fn every_paste_encoding_is_read() {
    let index = shipped_index();
    let cases = [
        (
            "json",
            r#"{\"error_description\":\"AADSTS50126: Error validating credentials\\r\\nTrace ID: 1\"}"#,
        ),
        (
            "url",
            "https://app.contoso.com/cb?error=invalid_grant&error_description=AADSTS50126%3a+Error+validating+credentials%0d%0aTrace+ID%3a+1",
        ),
        (
            "html",
            "AADSTS50126: Error validating credentials due to invalid username or password. &quot;Trace&quot;",
        ),
        (
            "literal crlf",
            r"AADSTS50126: Error validating credentials\r\nTrace ID: 1",
        ),
        (
            "cr only",
            "Sign-in failed\rAADSTS50126: Error validating credentials\rTrace ID: 1",
        ),
        ("lower case", "aadsts50126: error validating credentials"),
        (
            "bare code",
            "Sign-in error code: 50126\nFailure reason: Error validating credentials",
        ),
        (
            "json codes",
            r#"{"error":"invalid_grant","error_codes":[50126],"timestamp":"2026-12-02"}"#,
        ),
        (
            "foreign",
            "Anmeldung fehlgeschlagen. Fehlercode AADSTS50126: Error validating credentials. Bitte erneut versuchen.",
        ),
    ];
    for (form, paste) in cases {
        let r = index.search_pasted(paste, 3);
        let top = r.hits.first().unwrap_or_else(|| panic!("{form}: no hit"));
        let doc = index.doc(top.doc).unwrap();
        assert!(
            doc.codes.iter().any(|c| c == "AADSTS50126"),
            "{form}: got {}",
            doc.id
        );
        assert_eq!(top.confidence, Confidence::High, "{form}");
    }
    // A code split by a console's wrapping is joined again.
    let wrapped = format!(
        "{}\n{}\n",
        "Connect-MgGraph: ClientSecretCredential authentication failed: AADSTS5012",
        "6: Error validating credentials due to invalid username or password. Trace"
    );
    let wide = wrapped.lines().map(str::len).max().unwrap();
    let padded: String = wrapped
        .lines()
        .map(|l| format!("{l:<wide$}"))
        .collect::<Vec<_>>()
        .join("\n");
    let r = index.search_pasted(&padded.replace("  ", " "), 3);
    assert!(
        r.hits
            .first()
            .and_then(|h| index.doc(h.doc))
            .is_some_and(|d| d.codes.iter().any(|c| c == "AADSTS50126")),
        "console-wrapped: {:?}",
        top_id(index, &r)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever entry's code and message a paste holds, a second, unknown AADSTS code in it
    /// leaves nothing "high": the library cannot tell which of the two errors is the cause.
    #[test]
    fn an_unknown_code_beside_any_entry_is_never_high(pick in any::<prop::sample::Index>(), digits in 1_000_000u32..9_999_999) {
        let index = shipped_index();
        let entries = aadsts_entries(index);
        let (id, code) = &entries[pick.index(entries.len())];
        let unknown = format!("AADSTS{digits}");
        prop_assume!(index.docs().iter().all(|d| !d.codes.iter().any(|c| c.eq_ignore_ascii_case(&unknown))));
        let title = &index.docs().iter().find(|d| &d.id == id).unwrap().title;
        for paste in [
            format!("{code}: {title}\n{unknown}: The request failed."),
            format!("{unknown}: The request failed. Inner: {code}: {title}"),
        ] {
            let r = index.search_pasted(&paste, 10);
            prop_assert!(r.hits.iter().all(|h| h.confidence != Confidence::High), "{paste}");
            prop_assert!(r.unknown_codes.contains(&unknown));
        }
    }
}

#[test]
fn text_output_names_the_unknown_code_and_where_to_look() {
    let home = tempfile::tempdir().unwrap();
    let out = tshoot(home.path())
        .args(["search", "--limit", "2"])
        .write_stdin(format!(
            "{UNKNOWN}: Something entirely new went wrong.\r\nTrace ID: 1"
        ))
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    insta::assert_snapshot!("search_text_unknown_code", out);
    assert!(out.contains(&format!("{UNKNOWN} is not in tshoot's library")));
    assert!(out.contains("https://login.microsoftonline.com/error?code=9999991"));
    assert!(out.contains("No confident match."));
    assert!(out.contains("tshoot run triage"));
}

#[test]
fn json_output_has_lookup_beside_unknown_codes() {
    let home = tempfile::tempdir().unwrap();
    let out = tshoot(home.path())
        .args([
            "search",
            "--json",
            &format!("{UNKNOWN}: Something entirely new went wrong."),
        ])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["unknown_codes"], serde_json::json!([UNKNOWN]));
    assert_eq!(
        json["lookup"],
        serde_json::json!(["https://login.microsoftonline.com/error?code=9999991"])
    );
    assert!(json["skipped"].is_null());
}

#[test]
fn the_wizard_shows_the_unknown_code_banner_above_results() {
    let lib = shipped();
    let index = Index::build(lib);
    let mut app = App::new(lib, &index, t(0));
    update(
        &mut app,
        Action::Paste(format!(
            "{UNKNOWN}: The sign-in failed because of a problem with the account.\rTrace ID: 1"
        )),
    );
    let big = render(&app, 80, 24);
    let small = render(&app, 40, 12);
    insta::assert_snapshot!("wizard_unknown_code_80x24", big);
    insta::assert_snapshot!("wizard_unknown_code_40x12", small);
    // The banner wraps: compare the words, not the lines.
    let flat = |s: &str| {
        s.replace(['│', '┌', '┐', '└', '┘', '─'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    // Narrower than the preview needs, so the banner's lines are the list's only.
    let list_only = flat(&render(&app, 60, 24));
    assert!(list_only.contains(&format!(
        "{UNKNOWN} is not in tshoot's library — look it up:"
    )));
    assert!(list_only.contains("https://login.microsoftonline.com/error?code=9999991"));
    assert!(big.contains("No confident match."));
    assert!(small.contains("No confident match."));
    // The paste's CR line breaks are lines.
    assert!(big.contains("(2 lines)"), "{big}");
}
