//! Helpers every test module shares: the shipped library and index (loaded once), fixed
//! times, the repository root, and the flow files on disk.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};
use tshoot::flow::{Library, Sources, load};
use tshoot::search::Index;

/// The repository root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The built-in library, loaded from the YAML once per test run; it must have no errors.
pub fn shipped() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        let loaded = load(&Sources {
            builtin: true,
            paths: Vec::new(),
        });
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.library
    })
}

/// The search index of [`shipped`].
pub fn shipped_index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| Index::build(shipped()))
}

/// A fixed moment, `secs` seconds after 2026-11-25 13:01:42 UTC, so times in snapshots and
/// transcripts never change.
pub fn t(secs: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(1_795_611_702 + secs)
}

/// Every `*.yaml` / `*.yml` file below `dir`, sorted.
pub fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.flatten().map(|e| e.path()) {
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, &mut out);
    out.sort();
    out
}

/// A tshoot command isolated from the developer's own config, flows and sessions.
pub fn tshoot(home: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("tshoot").expect("binary built");
    cmd.env("HOME", home)
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("TSHOOT_FLOWS")
        .env_remove("TSHOOT_DATA_DIR")
        .env_remove("TSHOOT_OPERATOR")
        .env_remove("TSHOOT_CONFIG")
        .env("NO_COLOR", "1")
        // Local times in output are UTC, so snapshots match on every machine.
        .env("TZ", "UTC");
    cmd
}

/// The wizard's screen drawn with `TestBackend`, as text: one line per row, trailing
/// spaces trimmed.
pub fn render(app: &tshoot::tui::App, w: u16, h: u16) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(w, h)).expect("test backend");
    terminal
        .draw(|f| tshoot::tui::ui::view(f, app, &tshoot::tui::theme::Theme::plain()))
        .expect("draw");
    let buf = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let line: String = (0..w).map(|x| buf[(x, y)].symbol()).collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Opens `cipp-token-cache` from a search, answers that the instance is self-hosted, ticks
/// the first checklist and the first four steps of the second: step 4's 5-minute wait is
/// then running from `app.now`. Several screens and timer tests start here.
pub fn token_cache_waiting(app: &mut tshoot::tui::App) {
    use tshoot::tui::{Action, update};
    for c in "token cache".chars() {
        update(app, Action::Type(c));
    }
    update(app, Action::Confirm);
    update(app, Action::Pick(1));
    for _ in 0..3 {
        update(app, Action::Toggle);
    }
    update(app, Action::Confirm);
    update(app, Action::Pick(0));
    for _ in 0..4 {
        update(app, Action::Toggle);
    }
}

/// Walks `cipp-mfa` to its resolved end: both MFA steps ticked, no Conditional Access policy
/// applies, CIPP works now. The wizard then asks "Is the error gone?".
pub fn cipp_mfa_at_resolved_end(app: &mut tshoot::tui::App) {
    use tshoot::tui::{Action, update};
    let flow = "cipp-mfa".to_owned();
    update(app, Action::StartFlow { flow, entry: None });
    update(app, Action::Toggle);
    update(app, Action::Toggle);
    update(app, Action::Confirm);
    update(app, Action::Pick(1)); // no Conditional Access policy applies
    update(app, Action::Pick(0)); // CIPP works now: the resolved end
}
