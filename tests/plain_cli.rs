//! The plain mode through the real binary with scripted stdin: the token-cache flow from the
//! first question to the resolved end, saved as a finished session.

use assert_cmd::Command;
use predicates::prelude::*;

#[test]
fn token_cache_flow_runs_line_by_line_from_stdin() {
    let data = tempfile::tempdir().unwrap();
    let script = [
        "2", // not hosted
        "1",
        "2",
        "3",
        "",  // open the configuration
        "1", // every Key Vault setting is green
        "1",
        "2",
        "3",
        "4", // rename, save, overview, stop and wait
        "5", // refused: the wait is still running
        "w 4 no need",
        "5",
        "6",
        "7",
        "8",
        "w 8 no need",
        "9",
        "", // the rest of the sequence
        "",
    ]
    .join("\n");
    Command::cargo_bin("tshoot")
        .unwrap()
        .arg("--data-dir")
        .arg(data.path())
        .args(["run", "cipp-token-cache", "--plain"])
        .write_stdin(script)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1) Yes, it is a hosted CIPP instance",
        ))
        .stdout(predicate::str::contains("is still waiting"))
        .stdout(predicate::str::contains("wait skipped"))
        .stdout(predicate::str::contains("Outcome: Resolved"))
        .stdout(predicate::str::contains("\x1b").not());
    let out = Command::cargo_bin("tshoot")
        .unwrap()
        .arg("--data-dir")
        .arg(data.path())
        .args(["sessions", "--all", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("cipp-token-cache"), "{text}");
    assert!(text.contains("\"resolved\""), "{text}");
}

#[test]
fn not_a_terminal_falls_back_to_plain_mode() {
    let data = tempfile::tempdir().unwrap();
    Command::cargo_bin("tshoot")
        .unwrap()
        .arg("--data-dir")
        .arg(data.path())
        .args(["run", "cipp-mfa"])
        .write_stdin("q\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Checklist: Check MFA"));
}

#[test]
fn unknown_flow_is_a_clear_error() {
    Command::cargo_bin("tshoot")
        .unwrap()
        .args(["run", "no-such-flow", "--plain"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no flow has the id 'no-such-flow'",
        ));
}
