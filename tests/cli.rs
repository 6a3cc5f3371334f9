//! The command line, run as a real process.

use crate::util::{root, tshoot};
use predicates::prelude::*;

#[test]
fn lint_of_the_shipped_library_is_clean() {
    let home = tempfile::tempdir().expect("tempdir");
    tshoot(home.path())
        .args(["lint", "--deny-warnings"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn lint_reports_path_line_column_and_exits_1() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = root().join("tests/broken/03-unknown-key-typo.yaml");
    tshoot(home.path())
        .arg("lint")
        .arg(&file)
        .assert()
        .code(1)
        .stdout(predicate::str::contains(
            "03-unknown-key-typo.yaml:9:9: error:",
        ))
        .stdout(predicate::str::contains("unknown field `nxt`"));
}

#[test]
fn lint_json_lists_diagnostics() {
    let home = tempfile::tempdir().expect("tempdir");
    let file = root().join("tests/broken/04-dangling-next.yaml");
    let out = tshoot(home.path())
        .args(["lint", "--json"])
        .arg(&file)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    assert_eq!(json["errors"], 1);
    let d = &json["diagnostics"][0];
    assert_eq!(d["severity"], "error");
    assert_eq!(d["line"], 13);
    assert_eq!(d["node"], "ask");
    assert_eq!(d["field"], "choices[1].next");
}

#[test]
fn lint_of_a_missing_path_exits_2() {
    let home = tempfile::tempdir().expect("tempdir");
    tshoot(home.path())
        .args(["lint", "/no/such/dir"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no such file or directory"));
}

#[test]
fn unknown_option_exits_2() {
    let home = tempfile::tempdir().expect("tempdir");
    tshoot(home.path())
        .args(["lint", "--frobnicate"])
        .assert()
        .code(2);
}

#[test]
fn list_json_has_the_token_cache_flow() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = tshoot(home.path())
        .args(["list", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).expect("JSON");
    let flows = json["flows"].as_array().expect("flows array");
    assert!(flows.iter().any(|f| f["id"] == "cipp-token-cache"));
}

#[test]
fn show_renders_a_flow_and_rejects_unknown_ids() {
    let home = tempfile::tempdir().expect("tempdir");
    tshoot(home.path())
        .args(["show", "cipp-token-cache"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Clear the CIPP token cache"))
        .stdout(predicate::str::contains("(wait 5m)"))
        .stdout(predicate::str::contains("(wait 30m)"));
    tshoot(home.path())
        .args(["show", "no-such-id"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no flow or known error"));
}

const OVERRIDE: &str = r#"
flows:
  - id: cipp-token-cache
    title: Our own token cache procedure
    product: CIPP
    nodes:
      - id: a
        end: resolved
  - id: team-flow
    title: A team flow that reuses a built-in one
    product: CIPP
    nodes:
      - id: a
        goto: cipp-mfa
"#;

#[test]
fn user_directory_overrides_builtin_by_id() {
    let home = tempfile::tempdir().expect("tempdir");
    let user = home.path().join("config/tshoot/flows");
    std::fs::create_dir_all(&user).expect("mkdir");
    std::fs::write(user.join("ours.yaml"), OVERRIDE).expect("write");
    tshoot(home.path())
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("Our own token cache procedure"))
        .stdout(predicate::str::contains("team-flow"))
        .stdout(predicate::str::contains("cipp-mfa"));
}

#[test]
fn flows_option_env_and_no_builtin() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("team");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("only.yaml"),
        "flows:\n  - id: only-one\n    title: Only\n    product: X\n    nodes:\n      - id: a\n        end: resolved\n",
    )
    .expect("write");
    tshoot(home.path())
        .arg("--no-builtin")
        .arg("--flows")
        .arg(&dir)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("only-one"))
        .stdout(predicate::str::contains("cipp-token-cache").not());
    tshoot(home.path())
        .env("TSHOOT_FLOWS", &dir)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("only-one"))
        .stdout(predicate::str::contains("cipp-token-cache"));
}

#[test]
fn broken_user_flows_fall_back_to_builtin_with_a_warning() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("team");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::copy(
        root().join("tests/broken/03-unknown-key-typo.yaml"),
        dir.join("bad.yaml"),
    )
    .expect("copy");
    tshoot(home.path())
        .arg("--flows")
        .arg(&dir)
        .arg("list")
        .assert()
        .success()
        .stdout(predicate::str::contains("cipp-token-cache"))
        .stderr(predicate::str::contains("bad.yaml:9:9: error"))
        .stderr(predicate::str::contains("using the built-in library only"));
}

#[test]
fn schema_and_completions_print() {
    let home = tempfile::tempdir().expect("tempdir");
    tshoot(home.path())
        .arg("schema")
        .assert()
        .success()
        .stdout(predicate::str::contains("\"$schema\""));
    tshoot(home.path())
        .args(["completions", "bash"])
        .assert()
        .success()
        .stdout(predicate::str::contains("_tshoot"));
}

#[test]
fn own_flows_override_and_reach_built_in_ones_on_top_of_the_snapshot() {
    // The built-in layer comes from the build-time snapshot; the operator's flows are parsed
    // on top of it, replace built-in ids and may `goto` built-in flows.
    let home = tempfile::tempdir().expect("tempdir");
    let dir = home.path().join("team");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(
        dir.join("own.yaml"),
        "flows:\n  - id: cipp-token-cache\n    title: Zeppelin cache routine of our team\n    product: CIPP\n    nodes:\n      - id: a\n        end: resolved\n  - id: team-mfa\n    title: Team MFA entry\n    product: X\n    nodes:\n      - id: a\n        goto: cipp-mfa\n",
    )
    .expect("write");
    tshoot(home.path())
        .arg("--flows")
        .arg(&dir)
        .args(["lint", "--deny-warnings"])
        .assert()
        .success();
    tshoot(home.path())
        .arg("--flows")
        .arg(&dir)
        .args(["show", "cipp-token-cache"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Zeppelin cache routine"));
    tshoot(home.path())
        .arg("--flows")
        .arg(&dir)
        .args(["search", "--json", "zeppelin"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"id\": \"cipp-token-cache\""));
    // Without them, the shipped title is back.
    tshoot(home.path())
        .args(["show", "cipp-token-cache"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Clear the CIPP token cache"));
}
