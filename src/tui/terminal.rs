//! Entering and leaving full-screen mode, so the terminal is always given back in the state it
//! was found: on a normal exit, on a panic, and on SIGTERM / SIGHUP / SIGINT.

use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use ratatui::crossterm::{cursor::Show, execute};
use std::io::{Stdout, stdout};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;

/// The terminal in full-screen mode; dropping it restores the terminal.
pub struct Guard {
    /// The ratatui terminal to draw on.
    pub terminal: Terminal<CrosstermBackend<Stdout>>,
}

/// Puts the terminal in raw, alternate-screen mode with mouse and bracketed paste, after
/// making sure a panic restores it first.
pub fn enter() -> std::io::Result<Guard> {
    install_panic_hook();
    enable_raw_mode()?;
    let mut out = stdout();
    if let Err(e) = execute!(
        out,
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    ) {
        restore();
        return Err(e);
    }
    match Terminal::new(CrosstermBackend::new(out)) {
        // Cleared in full at once: a terminal left dirty by a killed run must not show
        // its leftovers under the first frame.
        Ok(mut terminal) => match clear(&mut terminal) {
            Ok(()) => Ok(Guard { terminal }),
            Err(e) => {
                restore();
                Err(e)
            }
        },
        Err(e) => {
            restore();
            Err(e)
        }
    }
}

/// Clears the whole screen and forgets what was drawn, so the next frame is drawn in full
/// (start-up, and Ctrl+L). Resizing to the same size does that without asking the terminal
/// for the cursor position, which `Terminal::clear` does and some terminals never answer.
pub fn clear<B: ratatui::backend::Backend>(terminal: &mut Terminal<B>) -> Result<(), B::Error> {
    let size = terminal.size()?;
    terminal.resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

/// Leaves every mode `enter` set. Safe to call more than once; errors are ignored because the
/// terminal may already be gone (SIGHUP).
pub fn restore() {
    let _ = execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        LeaveAlternateScreen,
        Show
    );
    let _ = disable_raw_mode();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

/// A flag raised by SIGTERM, SIGHUP or SIGINT, checked by the event loop so it can save and
/// restore the terminal instead of dying mid-screen.
pub fn stop_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    #[cfg(unix)]
    for signal in [
        signal_hook::consts::SIGTERM,
        signal_hook::consts::SIGHUP,
        signal_hook::consts::SIGINT,
    ] {
        // Registration only fails for forbidden signals; these are allowed.
        let _ = signal_hook::flag::register(signal, Arc::clone(&flag));
    }
    // Windows: in raw mode Ctrl+C arrives as a key, not a signal; SIGINT and SIGTERM are the
    // C runtime's emulations, the only two there. Closing the console window ends the process
    // without a signal we can catch; every change is already saved, so no progress is lost,
    // and the console itself goes away, so there is no screen to restore.
    #[cfg(windows)]
    for signal in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGINT] {
        let _ = signal_hook::flag::register(signal, Arc::clone(&flag));
    }
    watchdog(Arc::clone(&flag));
    flag
}

/// How long the event loop has to notice a stop signal before the process ends without it.
const STOP_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// Ends the process when a stop signal is not handled in time. After the terminal hangs up
/// (an SSH drop, a closed tmux pane) crossterm's reader spins on the end of input and never
/// returns to the event loop, which then never sees the flag; without this, tshoot kept a
/// core busy forever. Every change was saved before it was shown and the files are written
/// atomically, so ending here loses nothing; the OS releases the session lock.
fn watchdog(flag: Arc<AtomicBool>) {
    let spawned = std::thread::Builder::new()
        .name("stop-watchdog".into())
        .spawn(move || {
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            std::thread::sleep(STOP_GRACE);
            restore();
            std::process::exit(129);
        });
    // Without the thread the loop still handles signals whenever it is not stuck.
    drop(spawned);
}
