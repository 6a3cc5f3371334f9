//! `tshoot token`: the JSON contract (golden), the text report, every input form, error exits,
//! and a proptest that no text makes the inspector panic or print a token's signature.
//!
//! The clock is fixed with the hidden `--now RFC3339` argument (not shown in `--help`), so
//! relative times in the golden output never change.

use crate::util::{shipped, tshoot};
use predicates::prelude::*;
use proptest::prelude::*;
use serde_json::{Value, json};
use tshoot::token::testing::{FAKE_SIGNATURE, jwt, token};
use tshoot::token::{FindingCode, Options, inspect};

/// 2026-11-25T13:01:42Z, as `util::t(0)`.
const NOW: i64 = 1_795_611_702;
const NOW_ARG: &str = "2026-11-25T13:01:42Z";
const TENANT: &str = "72f988bf-86f1-41af-91ab-2d7cd011db47";

/// A v1 delegated token from Azure PowerShell, for Azure AD Graph, expired, without MFA.
fn troubled() -> Value {
    json!({
        "aud": "https://graph.windows.net",
        "iss": format!("https://sts.windows.net/{TENANT}/"),
        "iat": NOW - 5400, "nbf": NOW - 5400, "exp": NOW - 3600,
        "acr": "1", "aio": "internal", "amr": ["pwd"],
        "appid": "1950a258-227b-4e31-a9cf-717495945fc2", "appidacr": "0",
        "ipaddr": "203.0.113.7", "name": "Adele Vance",
        "oid": "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee",
        "scp": "user_impersonation", "tid": TENANT,
        "unique_name": "adele@contoso.com", "upn": "adele@contoso.com",
        "ver": "1.0", "wids": ["62e90394-69f5-4237-9190-012177145e10"],
        "_claim_names": {"groups": "src1"}
    })
}

/// A v2 app-only Graph token that is fine.
fn healthy() -> Value {
    json!({
        "aud": "https://graph.microsoft.com",
        "iss": format!("https://login.microsoftonline.com/{TENANT}/v2.0"),
        "iat": NOW - 60, "nbf": NOW - 60, "exp": NOW + 43 * 60,
        "azp": "14d82eec-204b-4c2f-b7e8-296a70dab67e", "azpacr": "2", "idtyp": "app",
        "oid": "bbbbbbbb-cccc-dddd-eeee-ffffffffffff", "roles": ["User.Read.All"],
        "tid": TENANT, "ver": "2.0"
    })
}

fn run(args: &[&str], stdin: &str) -> (i32, String, String) {
    let home = tempfile::tempdir().unwrap();
    let out = tshoot(home.path())
        .arg("token")
        .args(["--now", NOW_ARG])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn json_golden() {
    let t = token(&troubled());
    let (code, out, err) = run(
        &[
            "--json",
            "--for",
            "graph",
            "--tenant",
            "11111111-2222-3333-4444-555555555555",
            "-",
        ],
        &format!("Authorization: Bearer {t}\n"),
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(!out.contains(FAKE_SIGNATURE) && !out.contains(&t));
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["signature_verified"], false);
    insta::assert_snapshot!("token_json_troubled", out);
}

#[test]
fn text_report() {
    let (code, out, _) = run(&[&token(&troubled())], "");
    assert_eq!(code, 0);
    insta::assert_snapshot!("token_text_troubled", out);
    assert!(out.contains("The signature is not verified"));
    assert!(!out.contains(FAKE_SIGNATURE));
    let (code, out, _) = run(&["--for", "graph", &token(&healthy())], "");
    assert_eq!(code, 0);
    assert!(out.contains("Access token, app-only, v2.0, for Microsoft Graph."));
    assert!(out.contains("Findings: none."));
    assert!(out.contains("valid for 43 min more"));
    assert!(out.contains("Microsoft Graph Command Line Tools"));
}

#[test]
fn the_text_report_gives_times_in_local_time_with_the_offset() {
    let dir = tempfile::tempdir().unwrap();
    let out = tshoot(dir.path())
        .env("TZ", "<+02>-2")
        .args(["token", "--now", NOW_ARG, &token(&troubled())])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&out.stdout);
    // exp is an hour before NOW (13:01:42Z): 12:01:42 UTC is 14:01:42 at +02:00.
    assert!(out.contains("2026-11-25 14:01:42 +02:00"), "{out}");
    assert!(
        !out.contains("12:01:42Z"),
        "no UTC time is left in the text: {out}"
    );
    assert!(out.contains("expired 1 h ago"));
    // The JSON contract stays UTC.
    let json = tshoot(dir.path())
        .env("TZ", "<+02>-2")
        .args(["token", "--json", "--now", NOW_ARG, &token(&troubled())])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&json.stdout).contains("2026-11-25T12:01:42Z"));
}

#[test]
fn terminal_escapes_in_claims_are_shown_not_sent() {
    let hostile = json!({"aud": "https://graph.microsoft.com", "scp": "a\u{1b}]52;c;aGk=\u{7}",
                         "upn": "x\u{1b}[2J\u{202e}y", "exp": NOW + 60, "appid": "z"});
    let (code, out, _) = run(&[&token(&hostile)], "");
    assert_eq!(code, 0);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.contains("x\\e[2J\\u{202e}y"));
}

#[test]
fn every_input_form() {
    let t = token(&healthy());
    let other = token(&troubled());
    let cases = [
        (t.clone(), "Read from: a bare token."),
        (
            format!("curl -H 'Authorization: Bearer {t}' https://graph.microsoft.com/v1.0/me"),
            "Read from: an Authorization: Bearer value.",
        ),
        (
            format!(
                r#"{{"token_type":"Bearer","expires_in":3599,"id_token":"{other}","access_token":"{t}"}}"#
            ),
            "Read from: a field of a JSON body (access_token).\nThe text holds 2 tokens; this is the access_token one.",
        ),
        (
            format!("https://localhost/cb#access_token={t}&token_type=Bearer&expires_in=3599"),
            "Read from: a parameter of a URL (access_token).",
        ),
        (
            format!("10:02 request failed\nsent header with {t}\nand later {other}\n"),
            "Read from: a longer text.\nThe text holds 2 tokens; this is the first.",
        ),
    ];
    for (text, want) in cases {
        // Piped stdin without an argument, and `-`.
        for args in [&[][..], &["-"][..]] {
            let (code, out, err) = run(args, &text);
            assert_eq!(code, 0, "{text}: {err}");
            assert!(out.starts_with(want), "{text}:\n{out}");
            assert!(
                out.contains("app-only, v2.0, for Microsoft Graph"),
                "{text}:\n{out}"
            );
            assert!(!out.contains(FAKE_SIGNATURE));
        }
    }
    // And as an argument.
    let (code, out, _) = run(&[&format!("Bearer {t}")], "");
    assert_eq!(code, 0);
    assert!(out.starts_with("Read from: an Authorization: Bearer value."));
}

#[test]
fn error_exits() {
    let header = tshoot::token::testing::b64(br#"{"alg":"RS256"}"#);
    let cases = [
        ("no token in here, only words", "error: no token found"),
        ("", "error: no token found"),
        (
            "Authorization: Bearer EwBwA8l6BAAUs",
            "error: the value after Bearer is not a JWT: it has 1 part(s)",
        ),
        (
            &*format!("{header}.ab$cd.{FAKE_SIGNATURE}"),
            "error: the token's claims (second part) is not valid base64url: character 3",
        ),
        (
            &*format!("{header}.aGVsbG8.{FAKE_SIGNATURE}"),
            "error: the token's claims (second part) decodes, but not to JSON",
        ),
        (
            &*format!("{header}.k.iv.ct.tag"),
            "error: the token is encrypted",
        ),
    ];
    for (text, want) in cases {
        let (code, out, err) = run(&[], text);
        assert_eq!(code, 1, "{text}");
        assert_eq!(out, "");
        assert!(err.starts_with(want), "{text}: {err}");
        assert!(!err.contains(FAKE_SIGNATURE) && !err.contains("ab$cd"));
    }
    let (code, out, _) = run(&["--json"], "nothing");
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["format"], "tshoot-token");
    assert!(v["error"].as_str().unwrap().starts_with("no token found"));
    // Unusable arguments: exit 2, with what is expected.
    let (code, _, err) = run(&["--tenant", "contoso.onmicrosoft.com", "x"], "");
    assert_eq!(code, 2);
    assert!(err.contains("tenant ID"), "{err}");
    let (code, _, err) = run(&["--for", "teams", "x"], "");
    assert_eq!(code, 2);
    assert!(err.contains("graph, exchange, sharepoint, arm"), "{err}");
}

#[test]
fn help_names_the_command_and_hides_now() {
    let home = tempfile::tempdir().unwrap();
    tshoot(home.path())
        .args(["token", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--for <API>"))
        .stdout(predicate::str::contains("--tenant <TENANT_ID>"))
        .stdout(predicate::str::contains("signature is neither checked"))
        .stdout(predicate::str::contains("--now").not());
    tshoot(home.path())
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("token"));
}

#[test]
fn findings_link_only_entries_the_library_has() {
    for code in FindingCode::ALL {
        if let Some(entry) = code.entry() {
            assert!(
                shipped().entry(entry).is_some(),
                "{code:?} links {entry}, which is not in flows/"
            );
        }
    }
}

fn now() -> std::time::SystemTime {
    crate::util::t(0)
}

/// The text report and the JSON of whatever `text` holds (or the error).
fn outputs(text: &str) -> String {
    match inspect(text, &Options::default(), now()) {
        Ok(i) => format!(
            "{}\n{}",
            tshoot::commands::token::text_report(&i),
            i.to_json()
        ),
        Err(e) => e.to_string(),
    }
}

/// JSON values from proptest strings, some of which quote the signature.
fn claim_value(sig: String) -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<String>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        Just(Value::from(format!("x{sig}y"))),
        prop::collection::vec(any::<String>(), 0..3).prop_map(Value::from),
        Just(json!([sig])),
    ]
}

fn claims_with(sig: String) -> impl Strategy<Value = Value> {
    let names = prop_oneof![
        Just("aud".to_owned()),
        Just("scp".to_owned()),
        Just("roles".to_owned()),
        Just("upn".to_owned()),
        Just("exp".to_owned()),
        Just("wids".to_owned()),
        Just("amr".to_owned()),
        Just("_claim_names".to_owned()),
        "[a-z_]{1,8}",
    ];
    prop::collection::btree_map(names, claim_value(sig), 0..8)
        .prop_map(|m| Value::Object(m.into_iter().collect()))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = outputs(&text);
    }

    #[test]
    fn jwt_shaped_garbage_never_panics(text in "(eyJ[A-Za-z0-9_=-]{0,40}\\.){1,5}[A-Za-z0-9_-]{0,20}") {
        let _ = outputs(&text);
    }

    #[test]
    fn the_signature_is_never_printed(
        (sig, claims) in "[A-Za-z0-9_-]{16,60}".prop_flat_map(|s| (Just(s.clone()), claims_with(s))),
        before in "[^.]{0,40}",
        after in "[^.]{0,40}",
        wrap in 0usize..4,
    ) {
        let t = jwt(&json!({"alg": "RS256", "typ": "JWT"}), &claims, &sig);
        let text = match wrap {
            0 => t.clone(),
            1 => format!("{before} Authorization: Bearer {t}\n{after}"),
            2 => format!(r#"{{"access_token":"{t}","x":"{after}"}}"#),
            _ => format!("{before}\n{t}\n{after}"),
        };
        let out = outputs(&text);
        prop_assert!(!out.contains(&sig), "signature in output:\n{}", out);
        prop_assert!(!out.contains(&t));
    }
}
