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

// ----- conventions: man page, version, help, ids for completion, list, lint wording -----

#[test]
fn man_prints_a_manual_page() {
    let home = tempfile::tempdir().expect("tempdir");
    tshoot(home.path())
        .arg("man")
        .assert()
        .success()
        .stdout(predicate::str::contains(".TH tshoot 1"))
        .stdout(predicate::str::contains("TSHOOT_FLOWS"));
}

#[test]
fn version_counts_the_built_in_library() {
    let home = tempfile::tempdir().expect("tempdir");
    let lib = crate::util::shipped();
    let out = tshoot(home.path()).arg("--version").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(
        text.starts_with(&format!("tshoot {}", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );
    assert!(
        text.contains(&format!("{} flows", lib.flows().len())),
        "{text}"
    );
    assert!(
        text.contains(&format!("{} known errors", lib.entries().len())),
        "{text}"
    );
}

#[test]
fn help_names_the_environment_and_the_own_flow_directory() {
    let home = tempfile::tempdir().expect("tempdir");
    let own = home.path().join("config").join("tshoot").join("flows");
    for flag in ["-h", "--help"] {
        tshoot(home.path())
            .arg(flag)
            .assert()
            .success()
            .stdout(predicate::str::contains("TSHOOT_FLOWS"))
            .stdout(predicate::str::contains("TSHOOT_DATA_DIR"))
            .stdout(predicate::str::contains(own.display().to_string()));
    }
}

/// The lines `tshoot list --ids KINDS` prints, with `args` before `list`.
fn ids(home: &std::path::Path, args: &[&str], kinds: &str) -> Vec<String> {
    let out = tshoot(home)
        .args(args)
        .args(["list", "--ids", kinds])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8_lossy(&out)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn list_ids_prints_flow_error_and_session_ids() {
    let home = tempfile::tempdir().expect("tempdir");
    let lib = crate::util::shipped();
    let flows = ids(home.path(), &[], "flows");
    assert_eq!(flows.len(), lib.flows().len());
    assert!(flows.iter().any(|id| id == "cipp-token-cache"));
    let errors = ids(home.path(), &[], "errors");
    assert_eq!(errors.len(), lib.entries().len());
    assert_eq!(
        ids(home.path(), &[], "flows,errors").len(),
        flows.len() + errors.len()
    );
    // No sessions yet, and asking does not create the directory.
    let data = home.path().join("tsdata");
    let data_arg = data.to_str().expect("UTF-8 temp path");
    assert!(ids(home.path(), &["--data-dir", data_arg], "sessions").is_empty());
    assert!(!data.exists());
    let store = tshoot::session::Store::open(&data.join("sessions")).expect("store");
    let run = tshoot::engine::Run::start(lib, "cipp-token-cache", crate::util::t(0)).expect("run");
    let session = tshoot::session::Session::new(
        lib,
        run,
        &tshoot::session::Opening::default(),
        crate::util::t(0),
    );
    store.save(&session).expect("save");
    assert_eq!(
        ids(home.path(), &["--data-dir", data_arg], "sessions"),
        vec![session.id.clone()]
    );
    // Bare `--ids` is everything.
    let all = ids(home.path(), &["--data-dir", data_arg], "all");
    assert_eq!(all.len(), flows.len() + errors.len() + 1);
    tshoot(home.path())
        .args(["list", "--ids"])
        .assert()
        .success()
        .stdout(predicate::str::contains("cipp-token-cache"));
}

#[test]
fn completion_scripts_ask_list_ids_for_the_id_arguments() {
    let home = tempfile::tempdir().expect("tempdir");
    let script = |shell: &str| {
        let out = tshoot(home.path())
            .args(["completions", shell])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8_lossy(&out).into_owned()
    };
    let bash = script("bash");
    assert!(bash.contains("list --ids"), "{bash}");
    assert!(bash.contains("complete -F _tshoot_ids"), "{bash}");
    let zsh = script("zsh");
    for kinds in ["flows,errors", "flows", "sessions"] {
        assert!(
            zsh.contains(&format!(":_tshoot_ids {kinds}'")),
            "{kinds}: {zsh}"
        );
    }
    assert!(!zsh.contains("TSHOOT-IDS-"), "{zsh}");
    assert!(zsh.starts_with("#compdef tshoot\n"), "{zsh}");
    let fish = script("fish");
    assert!(
        fish.contains("__fish_tshoot_using_subcommand run\" -f -a \"(tshoot list --ids flows"),
        "{fish}"
    );
}

/// What bash offers for the words `line` (the last one being completed), with the bash script
/// loaded and this build's tshoot first on PATH; `None` where bash is missing.
fn bash_complete(home: &std::path::Path, line: &[&str]) -> Option<Vec<String>> {
    let bin = assert_cmd::cargo::cargo_bin("tshoot");
    let script = home.join("tshoot.bash");
    let out = tshoot(home).args(["completions", "bash"]).output().ok()?;
    std::fs::write(&script, out.stdout).ok()?;
    let words: Vec<String> = line.iter().map(|w| format!("'{w}'")).collect();
    let cword = line.len() - 1;
    let cmd = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={cword}; COMP_LINE='{}'; \
         _tshoot_ids tshoot '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script.display(),
        words.join(" "),
        line.join(" "),
        line[cword],
        line[cword.saturating_sub(1)],
    );
    let path = format!(
        "{}:{}",
        bin.parent()?.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &cmd])
        .env("PATH", path)
        .env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("TSHOOT_FLOWS")
        .env_remove("TSHOOT_DATA_DIR")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    )
}

#[test]
fn bash_completes_flow_ids_and_leaves_options_to_clap() {
    let home = tempfile::tempdir().expect("tempdir");
    let Some(run) = bash_complete(home.path(), &["tshoot", "run", "cipp-token-c"]) else {
        eprintln!("no bash here: skipped");
        return;
    };
    assert_eq!(run, vec!["cipp-token-cache".to_owned()]);
    let show = bash_complete(
        home.path(),
        &["tshoot", "--no-builtin", "show", "cipp-token"],
    );
    assert_eq!(show, Some(Vec::new()), "--no-builtin is passed on");
    let show =
        bash_complete(home.path(), &["tshoot", "show", "entra-aadsts5002"]).unwrap_or_default();
    assert!(!show.is_empty(), "known error ids too");
    // After the id, and for an option's value, clap's own completion answers.
    let second = bash_complete(home.path(), &["tshoot", "run", "cipp-token-cache", "cipp"]);
    assert_eq!(second, Some(Vec::new()));
    let format = bash_complete(home.path(), &["tshoot", "export", "--format", ""]);
    assert_eq!(
        format,
        Some(vec!["md".to_owned(), "text".to_owned(), "json".to_owned()])
    );
    let flag = bash_complete(home.path(), &["tshoot", "run", "--pl"]);
    assert_eq!(flag, Some(vec!["--plain".to_owned()]));
}

#[test]
fn list_columns_line_up_and_name_each_product_once() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = tshoot(home.path()).arg("list").assert().success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!text.contains("Okta / Okta"), "{text}");
    let lib = crate::util::shipped();
    let (flows, errors) = text.split_once("KNOWN ERRORS").expect("two sections");
    let check = |section: &str, titles: Vec<&str>| {
        let mut columns = std::collections::BTreeSet::new();
        for line in section.lines().filter(|l| l.starts_with("  ")) {
            let title = titles
                .iter()
                .filter(|t| line.ends_with(**t))
                .max_by_key(|t| t.len())
                .unwrap_or_else(|| panic!("no title ends {line:?}"));
            columns.insert(line.chars().count() - title.chars().count());
        }
        assert_eq!(columns.len(), 1, "titles start at {columns:?}");
    };
    check(
        flows,
        lib.flows().iter().map(|f| f.title.as_str()).collect(),
    );
    check(
        errors,
        lib.entries().iter().map(|e| e.title.as_str()).collect(),
    );
}

#[test]
fn lint_names_the_flow_and_node_not_a_yaml_path() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = tshoot(home.path())
        .args(["lint", "--no-builtin"])
        .arg(root().join("tests/broken"))
        .assert()
        .code(1);
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(!text.contains("flows["), "{text}");
    assert!(!text.contains("errors["), "{text}");
    for expected in [
        "03-unknown-key-typo.yaml:9:9: error: flow typo, node a: unknown field `nxt`",
        "04-dangling-next.yaml:13:13: error: flow dangling, node ask, field choices[1].next: ",
        "18-entry-flow-missing.yaml:9:5: error: known error entry-bad-flow, field flow: ",
        "25-misspelt-var.yaml:12:9: error: flow misspelt-var, node use, field step: {{tennant}} is never asked for",
        "(did you mean `{{tenant}}`?)",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
}
