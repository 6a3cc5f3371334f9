//! The plain mode through the real binary with scripted stdin: the token-cache flow from the
//! first question to the resolved end, saved as a finished session.

use assert_cmd::Command;
use predicates::prelude::*;

#[test]
fn token_cache_flow_runs_line_by_line_from_stdin() {
    let data = tempfile::tempdir().unwrap();
    let script = [
        "2",   // not hosted
        "1-3", // the three configuration steps at once
        "",    // open the configuration
        "1",   // every Key Vault setting is green
        // The second checklist's steps are numbered on: 4 to 12.
        "4 5,6 7", // rename, save, overview, stop and wait
        "8",       // refused: the wait is still running
        "w 7 no need",
        "8-11",
        "w 11 no need",
        "12",
        "",  // the rest of the sequence: "Is the error gone?"
        "y", // yes
        "",
    ]
    .join("\n");
    let out = in_data(&data)
        .args(["run", "cipp-token-cache", "--plain"])
        .write_stdin(script)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "1) Yes, it is a hosted CIPP instance",
        ))
        .stdout(predicate::str::contains("   4) [x] Rename the settings"))
        .stdout(predicate::str::contains(
            "  12) [x] Start the function app.",
        ))
        .stdout(predicate::str::contains("is still waiting"))
        .stdout(predicate::str::contains("wait skipped"))
        .stdout(predicate::str::contains("Question: Is the error gone?"))
        .stdout(predicate::str::contains("Outcome: Resolved"))
        .stdout(predicate::str::contains("\x1b").not())
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    // The closing lines name the session and how to hand it over; a finished run has
    // nothing to resume.
    let id = session_id(&out, " is finished: resolved.");
    let dir = data.path().display();
    assert!(
        out.ends_with(&format!(
            "Session {id} is finished: resolved.\nTranscript for the ticket: tshoot --data-dir {dir} export {id}\n"
        )),
        "{out}"
    );
    assert!(!out.contains("tshoot resume"), "{out}");
    let out = in_data(&data)
        .args(["sessions", "--all", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("cipp-token-cache"), "{text}");
    assert!(text.contains("\"resolved\""), "{text}");
    // The transcript says what was asked and answered.
    in_data(&data)
        .args(["export", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Is the error gone? Yes — resolved",
        ));
}

/// tshoot with its data in `data`, isolated from the developer's own config and flows.
fn in_data(data: &tempfile::TempDir) -> Command {
    let mut cmd = crate::util::tshoot(data.path());
    cmd.arg("--data-dir").arg(data.path());
    cmd
}

/// The session id from the closing line `Session ID<rest>`.
fn session_id(out: &str, rest: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix("Session ")?.strip_suffix(rest))
        .unwrap_or_else(|| panic!("no closing line in\n{out}"))
        .to_owned()
}

#[test]
fn quitting_mid_run_prints_the_commands_that_continue_it() {
    let data = tempfile::tempdir().unwrap();
    let out = in_data(&data)
        .args(["run", "cipp-token-cache", "--plain"])
        .write_stdin("2\n1 2\nq\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let id = session_id(&out, " is saved.");
    let dir = data.path().display();
    assert!(
        out.ends_with(&format!(
            "Leaving.\nProgress is saved.\nSession {id} is saved.\nTo continue: tshoot --data-dir {dir} resume {id}\nTranscript for the ticket: tshoot --data-dir {dir} export {id}\n"
        )),
        "{out}"
    );
    // The printed commands work as printed: resume where it stopped, tick the last step.
    in_data(&data)
        .args(["resume", &id, "--plain"])
        .write_stdin("3\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("  2) [x] Choose the Backend tab."))
        .stdout(predicate::str::contains("3 of 3 done."))
        .stdout(predicate::str::contains(format!(
            "To continue: tshoot --data-dir {dir} resume {id}"
        )));
    in_data(&data)
        .args(["export", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("[x] Choose the Backend tab."));
    // Nothing done, nothing recorded, nothing to continue.
    in_data(&data)
        .args(["run", "cipp-token-cache", "--plain"])
        .write_stdin("q\n")
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "Nothing was recorded: no answer, tick, input or note was given.",
        ))
        .stdout(predicate::str::contains("tshoot resume").not());
}

#[test]
fn not_a_terminal_falls_back_to_plain_mode() {
    let data = tempfile::tempdir().unwrap();
    in_data(&data)
        .args(["run", "cipp-mfa"])
        .write_stdin("q\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("Checklist: Check MFA"));
}

#[test]
fn unknown_flow_is_a_clear_error() {
    let home = tempfile::tempdir().unwrap();
    crate::util::tshoot(home.path())
        .args(["run", "no-such-flow", "--plain"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "no flow has the id 'no-such-flow'",
        ));
}
