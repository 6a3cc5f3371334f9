//! End-to-end: the real `tshoot` binary in a pseudo-terminal, read back through a vt100
//! screen model, driven the way an operator drives it. Checks that the terminal is always
//! handed back in cooked mode, on quit and on SIGTERM, and that a SIGKILLed run resumes with
//! the same node and ticks.

#![cfg(unix)]

use expectrl::Session;
use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_tshoot");
const COLS: u16 = 100;
const ROWS: u16 = 30;

/// A running program in a pty and the screen it has drawn so far.
struct Term {
    session: expectrl::session::OsSession,
    parser: vt100::Parser,
    raw: Vec<u8>,
}

impl Term {
    fn spawn(mut cmd: Command) -> Term {
        cmd.env("TERM", "xterm-256color").env_remove("NO_COLOR");
        let mut session = Session::spawn(cmd).expect("spawn in a pty");
        session
            .get_process_mut()
            .set_window_size(COLS, ROWS)
            .expect("set the window size");
        let rows = std::num::NonZeroU16::new(ROWS).unwrap();
        let cols = std::num::NonZeroU16::new(COLS).unwrap();
        Term {
            session,
            parser: vt100::Parser::new(rows, cols, 0),
            raw: Vec::new(),
        }
    }

    fn pump(&mut self) {
        let mut buf = [0u8; 8192];
        while let Ok(n) = self.session.try_read(&mut buf) {
            if n == 0 {
                break;
            }
            self.parser.process(&buf[..n]);
            self.raw.extend_from_slice(&buf[..n]);
        }
    }

    fn screen(&self) -> String {
        self.parser.screen().contents()
    }

    /// Waits until the screen shows `text`; panics with the screen after 15 s.
    fn wait_for(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            self.pump();
            if self.screen().contains(text) {
                return;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("timed out waiting for {text:?}; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until everything written so far contains `text` (for output after the
    /// alternate screen is left).
    fn wait_for_raw(&mut self, text: &str) {
        let start = Instant::now();
        loop {
            self.pump();
            if String::from_utf8_lossy(&self.raw).contains(text) {
                return;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!(
                    "timed out waiting for {text:?}; output:\n{}",
                    String::from_utf8_lossy(&self.raw)
                );
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    fn send(&mut self, keys: &str) {
        self.session.write_all(keys.as_bytes()).expect("write keys");
        self.session.flush().expect("flush");
        // Let the program read and redraw before the next key.
        std::thread::sleep(Duration::from_millis(120));
        self.pump();
    }
}

fn data_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// Runs tshoot under `sh`, which records the terminal mode before and after with `stty -g`
/// and says whether tshoot left it as it found it.
fn shell_then_stty(args: &str, data: &std::path::Path) -> Command {
    let mut cmd = Command::new("sh");
    cmd.arg("-c").arg(format!(
        "S0=$(stty -g); '{BIN}' --data-dir '{}' {args}; S1=$(stty -g); echo; \
         if [ \"$S0\" = \"$S1\" ]; then echo MODE_SAME; else echo MODE_DIFF; fi; \
         stty -a; echo __DONE__",
        data.display()
    ));
    cmd
}

fn assert_cooked(term: &mut Term) {
    term.wait_for_raw("__DONE__");
    let out = String::from_utf8_lossy(&term.raw).into_owned();
    let stty = out.rsplit_once("speed").map_or(out.as_str(), |(_, s)| s);
    assert!(
        stty.contains(" icanon"),
        "canonical mode not restored:\n{stty}"
    );
    assert!(!stty.contains("-icanon"), "raw mode left behind:\n{stty}");
    assert!(
        out.contains("MODE_SAME"),
        "the terminal mode differs from before tshoot started:\n{stty}"
    );
    let screen = term.parser.screen();
    assert!(!screen.alternate_screen(), "alternate screen left on");
    assert!(!screen.hide_cursor(), "cursor left hidden");
    assert!(!screen.bracketed_paste(), "bracketed paste left on");
    assert_eq!(
        screen.mouse_protocol_mode(),
        vt100::MouseProtocolMode::None,
        "mouse capture left on"
    );
}

#[test]
fn search_open_answer_tick_back_and_quit_in_a_real_terminal() {
    let data = data_dir();
    let mut term = Term::spawn(shell_then_stty("", data.path()));
    term.wait_for("type or paste an error");
    term.send("token cache");
    term.wait_for("Clear the CIPP token cache");
    term.send("\r");
    term.wait_for("Is this CIPP instance hosted");
    term.send("2");
    term.wait_for("Open the function app's configuration");
    term.send(" ");
    term.send(" ");
    term.wait_for("[x] 2.");
    // Enter with a step open is refused, with the reason on screen.
    term.send("\r");
    term.wait_for("still open");
    term.send(" ");
    term.send("\r");
    term.wait_for("green check");
    term.send("1");
    term.wait_for("Rename the token settings");
    term.send(" ");
    term.wait_for("[x] 1. Rename");
    // Back undoes the answer and returns to the question.
    term.send("b");
    term.wait_for("Does every setting whose source is Key Vault");
    // The help overlay opens and closes.
    term.send("?");
    term.wait_for("go back one step");
    term.send("x");
    // q leaves for the home screen with the run under Resume; Ctrl+C quits.
    term.send("q");
    term.wait_for("RESUME");
    term.send("\x03");
    assert_cooked(&mut term);
    let out = String::from_utf8_lossy(&term.raw).into_owned();
    assert!(out.contains("Progress saved"), "{out}");
}

#[test]
fn sigterm_restores_the_terminal_and_keeps_progress() {
    let data = data_dir();
    let mut term = Term::spawn(shell_then_stty("run cipp-token-cache", data.path()));
    term.wait_for("Is this CIPP instance hosted");
    term.send("2");
    term.wait_for("Open the function app's configuration");
    let sh = term.session.get_process().pid();
    let children =
        std::fs::read_to_string(format!("/proc/{sh}/task/{sh}/children")).unwrap_or_default();
    let Some(child) = children.split_whitespace().next() else {
        eprintln!("skipped: /proc children list not available");
        return;
    };
    let status = Command::new("kill")
        .args(["-TERM", child])
        .status()
        .unwrap();
    assert!(status.success());
    assert_cooked(&mut term);
    let out = Command::new(BIN)
        .args(["--data-dir"])
        .arg(data.path())
        .args(["sessions", "--json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("cipp-token-cache"), "{text}");
}

#[test]
fn sigkill_then_resume_finds_the_same_node_and_ticks() {
    let data = data_dir();
    let mut cmd = Command::new(BIN);
    cmd.arg("--data-dir")
        .arg(data.path())
        .args(["run", "cipp-token-cache"]);
    let mut term = Term::spawn(cmd);
    term.wait_for("Is this CIPP instance hosted");
    term.send("2");
    term.wait_for("Open the function app's configuration");
    term.send(" ");
    term.send(" ");
    term.wait_for("[x] 2.");
    let pid = term.session.get_process().pid().to_string();
    let status = Command::new("kill").args(["-KILL", &pid]).status().unwrap();
    assert!(status.success());
    std::thread::sleep(Duration::from_millis(200));

    let mut cmd = Command::new(BIN);
    cmd.arg("--data-dir").arg(data.path()).arg("resume");
    let mut term = Term::spawn(cmd);
    term.wait_for("RESUME Clear the CIPP token cache");
    term.send("\r");
    term.wait_for("Open the function app's configuration");
    let screen = term.screen();
    assert!(
        screen.contains("[x] 1. In CIPP, open Settings."),
        "{screen}"
    );
    assert!(
        screen.contains("[x] 2. Choose the Backend tab."),
        "{screen}"
    );
    assert!(screen.contains("[ ] 3."), "{screen}");
    assert!(screen.contains("resumed where you left off"), "{screen}");
    term.send("\x03");
}

#[test]
fn a_bracketed_paste_is_searched_as_error_text() {
    let data = data_dir();
    let mut term = Term::spawn(shell_then_stty("", data.path()));
    term.wait_for("type or paste an error");
    term.send(
        "\x1b[200~AADSTS50020: User account 'bob@fabrikam.com' from identity provider 'live.com' does not exist in tenant 'Contoso'.\r\nTrace ID: 0b6f1c2e-1111-2222-3333-444455556666\r\n\x1b[201~",
    );
    term.wait_for("pasted error text");
    term.wait_for("lines)");
    let screen = term.screen();
    assert!(screen.contains("ERR  ●"), "{screen}");
    term.send("\x03");
    assert_cooked(&mut term);
}

#[test]
fn search_open_goes_straight_into_the_wizard() {
    let data = data_dir();
    let mut cmd = Command::new(BIN);
    cmd.arg("--data-dir").arg(data.path()).args([
        "search",
        "--open",
        "AADSTS50020 user from identity provider does not exist in tenant",
    ]);
    let mut term = Term::spawn(cmd);
    // The top hit has no guided flow: its cause and fix open.
    term.wait_for("Known error");
    term.wait_for("Cause");
    // q goes back to the search, with the query and its results.
    term.send("q");
    term.wait_for("Results (");
    term.send("\x03");

    let mut cmd = Command::new(BIN);
    cmd.arg("--data-dir")
        .arg(data.path())
        .args(["search", "--open", "token cache"]);
    let mut term = Term::spawn(cmd);
    // A sure match on a flow opens the flow itself.
    term.wait_for("Is this CIPP instance hosted");
    term.send("\x03");
}

/// The session files in `data`.
fn session_files(data: &std::path::Path) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(data.join("sessions"))
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn a_peek_leaves_no_session_and_a_cr_paste_keeps_its_lines() {
    let data = data_dir();
    let mut term = Term::spawn(shell_then_stty("", data.path()));
    term.wait_for("type or paste an error");
    // Terminals send a paste's line breaks as CR.
    let paste = "\x1b[200~Could not get token for contoso.onmicrosoft.com: The token has expired.\rTrace ID: 0b6f1c2e-1111-2222-3333-444455556666\rCorrelation ID: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d\rTimestamp: 2026-11-25 13:00:02Z\x1b[201~";
    term.send(paste);
    term.wait_for("(4 lines)");
    // Enter shows the known error's cause and fix first; Enter there starts its flow.
    term.send("\r");
    term.wait_for("Enter guided fix");
    // Open the flow and leave at once: a peek writes nothing.
    term.send("\r");
    term.wait_for("Which message do you see?");
    term.send("q");
    term.wait_for("type or paste an error");
    assert!(
        session_files(data.path()).is_empty(),
        "a peek wrote a session"
    );
    // Now answer: the session is written, with the paste's four lines.
    term.send(paste);
    term.wait_for("(4 lines)");
    term.send("\r");
    term.wait_for("Enter guided fix");
    term.send("\r");
    term.wait_for("Which message do you see?");
    term.send("3");
    term.send("\x03");
    assert_cooked(&mut term);
    let files = session_files(data.path());
    assert_eq!(files.len(), 1, "{files:?}");
    let id = files[0].file_stem().unwrap().to_string_lossy().into_owned();
    let out = Command::new(BIN)
        .arg("--data-dir")
        .arg(data.path())
        .args(["export", &id, "--format", "text"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    for line in [
        "  Could not get token for contoso.onmicrosoft.com: The token has expired.",
        "  Trace ID: 0b6f1c2e-1111-2222-3333-444455556666",
        "  Correlation ID: 9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
        "  Timestamp: 2026-11-25 13:00:02Z",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "{line:?} not a line of:\n{text}"
        );
    }
    assert!(text.contains("Pasted error:"), "{text}");
}

/// Every file below `dir`, with its bytes.
fn all_files(dir: &std::path::Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.is_dir() {
            out.extend(all_files(&path));
        } else if let Ok(bytes) = std::fs::read(&path) {
            out.push((path, bytes));
        }
    }
    out
}

#[test]
fn a_pasted_token_is_inspected_and_no_part_of_it_is_kept() {
    let data = data_dir();
    let token = crate::tui_token::expired_token();
    let mut term = Term::spawn(shell_then_stty("", data.path()));
    term.wait_for("type or paste an error");
    term.send(&format!(
        "\x1b[200~GET https://graph.windows.net/me\rAuthorization: Bearer {token}\r401 Unauthorized\x1b[201~"
    ));
    term.wait_for("TOKEN Inspect this token");
    term.send("\r");
    term.wait_for("Findings");
    assert!(
        term.screen().contains("Azure AD Graph"),
        "{}",
        term.screen()
    );
    // The third finding (no MFA) opens its known error; back returns to the token.
    term.send("3");
    term.send("\r");
    term.wait_for("Known error");
    // The lookup record is written to a file: the paste in it must be redacted.
    term.send("e");
    term.wait_for("written");
    term.send("q");
    term.wait_for("Findings");
    // Back to the search, then a flow started from the browse list with the paste as its
    // opening text, and one answer so the session is saved.
    term.send("q");
    term.wait_for("Inspect this token");
    term.send("\t");
    term.wait_for("All flows");
    term.send("\r");
    term.wait_for("step 1");
    term.send("1");
    std::thread::sleep(Duration::from_millis(300));
    term.send("\x03");
    term.wait_for_raw("\x1b[?1049l");
    std::thread::sleep(Duration::from_millis(200));

    let files = all_files(data.path());
    assert!(
        files
            .iter()
            .any(|(p, _)| p.to_string_lossy().contains("sessions")),
        "a session was saved: {:?}",
        files.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    assert!(
        files
            .iter()
            .any(|(p, _)| p.to_string_lossy().contains("history")),
        "the search was remembered"
    );
    // Any 16 characters of a segment would be a leak.
    let pieces = crate::token_flow::pieces(&token);
    for (path, bytes) in &files {
        let text = String::from_utf8_lossy(bytes);
        for piece in &pieces {
            assert!(
                !text.contains(piece.as_str()),
                "{} holds part of the token: {piece}",
                path.display()
            );
        }
    }
}

/// Closing the terminal (an SSH drop, a killed tmux pane) must end the wizard. crossterm's
/// reader spins on a hung-up terminal and never returns to the event loop; before the stop
/// watchdog, such a tshoot kept a core busy for good. Needs python3 (for `pty.fork` and
/// closing the master side); skipped without it.
#[test]
fn a_hung_up_terminal_ends_the_wizard_instead_of_spinning() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("skipped: needs python3");
        return;
    }
    let data = data_dir();
    let script = r#"
import os, pty, sys, time, signal
binary, data = sys.argv[1], sys.argv[2]
if not os.path.isdir("/proc"):
    print("exited (skipped: no /proc to look for the child)")
    sys.exit(0)
pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, TERM="xterm-256color", TSHOOT_BIN=binary, TSHOOT_D=data)
    # Under a shell that stays (as in a tmux pane): the shell leads the session, and
    # tshoot is its child, as it is when tmux or sshd hangs up.
    os.execve("/bin/sh", ["sh", "-c", '"$TSHOOT_BIN" --data-dir "$TSHOOT_D"; :'], env)
end = time.time() + 2
while time.time() < end:
    try:
        os.read(fd, 65536)
    except OSError:
        break
os.close(fd)
start = time.time()
def running():
    # tshoot, the shell's child: is any process still running this binary with this data dir?
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                cmd = open("/proc/%s/cmdline" % p, "rb").read().split(b"\0")
            except OSError:
                continue
            if cmd and cmd[0] == binary.encode() and data.encode() in cmd:
                return int(p)
    return None
while time.time() - start < 10:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass
    if running() is None:
        print("exited after %.1f s" % (time.time() - start))
        sys.exit(0)
    time.sleep(0.1)
left = running()
if left:
    os.kill(left, signal.SIGKILL)
print("still running 10 s after the hang-up")
sys.exit(1)
"#;
    let out = Command::new("python3")
        .args(["-c", script, BIN])
        .arg(data.path())
        .output()
        .expect("run python3");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(said.contains("exited"), "{said}");
}
