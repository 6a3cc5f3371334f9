//! The SIGKILL torture test: plain mode is killed at random moments in the middle of a
//! checklist, 60 times. Every tick it printed as done must be in the session file, and the
//! file must always read back. (Plain mode saves before it prints; this is the proof.)

#![cfg(unix)]

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A small deterministic generator, so a failure can be replayed by its round number.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % below.max(1)
    }
}

/// Step numbers plain mode printed as ticked (`  2) [x] ...`), from complete lines only.
fn acknowledged(out: &str) -> Vec<usize> {
    let mut done = Vec::new();
    let complete = out.rfind('\n').map_or("", |i| &out[..i]);
    for line in complete.lines() {
        let line = line.trim_start_matches("> ").trim_start();
        if let Some((n, rest)) = line.split_once(") ")
            && rest.starts_with("[x]")
            && let Ok(n) = n.parse::<usize>()
        {
            done.push(n);
        }
    }
    done
}

#[test]
fn sixty_random_kills_lose_no_acknowledged_tick() {
    let exe = env!("CARGO_BIN_EXE_tshoot");
    let mut rng = Lcg(0x5eed);
    let mut acknowledged_total = 0;
    for round in 0..60 {
        let data = tempfile::tempdir().unwrap();
        let mut child = Command::new(exe)
            .arg("--data-dir")
            .arg(data.path())
            .args(["run", "cipp-token-cache", "--plain"])
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let out = Arc::new(Mutex::new(String::new()));
        let reader = {
            let out = Arc::clone(&out);
            std::thread::spawn(move || {
                let mut buf = [0u8; 4096];
                while let Ok(n) = stdout.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    out.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            })
        };
        // Not hosted; then, once the checklist is on screen, tick its three steps one by one
        // while the kill comes at a random moment.
        writeln!(stdin, "2").unwrap();
        let shown = || out.lock().unwrap().contains("Checklist:");
        for _ in 0..2000 {
            if shown() {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(shown(), "round {round}: the checklist never appeared");
        let delays: Vec<u64> = (0..3).map(|_| rng.next(6)).collect();
        let writer = std::thread::spawn(move || {
            for (line, delay) in ["1", "2", "3"].iter().zip(delays) {
                std::thread::sleep(Duration::from_millis(delay));
                if writeln!(stdin, "{line}").is_err() {
                    return;
                }
            }
            // Keep stdin open: the kill, not end of input, ends the run.
            std::thread::sleep(Duration::from_secs(2));
        });
        // Each tick is fsynced before it is shown, which takes a few ms on a busy disk: the
        // window is wide enough for some ticks to land before the kill, and some after.
        std::thread::sleep(Duration::from_millis(rng.next(60)));
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        drop(writer);

        let out = out.lock().unwrap().clone();
        let ticks = acknowledged(&out);
        acknowledged_total += ticks.len();
        let files: Vec<_> = std::fs::read_dir(data.path().join("sessions"))
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "json"))
                    .collect()
            })
            .unwrap_or_default();
        if ticks.is_empty() {
            continue;
        }
        assert_eq!(files.len(), 1, "round {round}: {files:?}\n{out}");
        let text = std::fs::read_to_string(&files[0]).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("round {round}: corrupt session file: {e}\n{text}"));
        let visits = json["run"]["visits"].as_array().unwrap();
        let checklist = visits
            .iter()
            .rev()
            .find(|v| v["node"] == "open-config")
            .unwrap_or_else(|| panic!("round {round}: no checklist visit\n{text}"));
        for n in ticks {
            assert_eq!(
                checklist["steps"][n - 1]["state"],
                "done",
                "round {round}: step {n} was shown ticked but is not saved\n{out}\n{text}"
            );
        }
    }
    // The kills must land mid-checklist often enough for the test to mean something.
    assert!(
        acknowledged_total >= 20,
        "only {acknowledged_total} ticks acknowledged"
    );
}
