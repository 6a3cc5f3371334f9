//! Copying text to the operator's clipboard: the system clipboard in a local desktop
//! session (Windows, macOS, X11), and OSC 52 otherwise (SSH, a console without a display),
//! where the operator's own terminal does the copying. The message says which was used,
//! because OSC 52 cannot be confirmed: a terminal that ignores it says nothing.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// The escape sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", STANDARD.encode(text.as_bytes()))
}

/// Where a copy went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copied {
    /// The system clipboard took it.
    System,
    /// Sent to the terminal as OSC 52.
    Osc52,
}

impl Copied {
    /// The end of the "copied" message.
    pub fn said(self) -> &'static str {
        match self {
            Copied::System => "copied to the system clipboard",
            Copied::Osc52 => {
                "sent to the terminal's clipboard (OSC 52); if nothing arrives, press e to write a file"
            }
        }
    }
}

/// Whether this looks like a local desktop session whose clipboard tshoot can reach: not
/// over SSH, and on Linux and the BSDs a display to talk to.
pub fn local_desktop(env: &dyn Fn(&str) -> Option<String>) -> bool {
    let set = |k: &str| env(k).is_some_and(|v| !v.is_empty());
    if set("SSH_CONNECTION") || set("SSH_TTY") || set("SSH_CLIENT") {
        return false;
    }
    if cfg!(any(windows, target_os = "macos")) {
        return true;
    }
    set("DISPLAY") || set("WAYLAND_DISPLAY")
}

/// The system clipboard, opened on first use and kept open: on X11 the text is served
/// only while the owner lives.
#[derive(Default)]
pub struct System {
    clipboard: Option<arboard::Clipboard>,
    failed: bool,
}

impl System {
    /// Copies `text` to the system clipboard where there is one, else sends OSC 52 to `out`.
    pub fn copy(&mut self, out: &mut dyn std::io::Write, text: &str) -> Result<Copied, String> {
        let env = |k: &str| std::env::var(k).ok();
        if !self.failed && local_desktop(&env) {
            if self.clipboard.is_none() {
                self.clipboard = arboard::Clipboard::new().ok();
            }
            match self.clipboard.as_mut().map(|c| c.set_text(text.to_owned())) {
                Some(Ok(())) => return Ok(Copied::System),
                // No clipboard after all (a display without a clipboard owner): use OSC 52
                // from now on instead of trying again on every copy.
                _ => self.failed = true,
            }
        }
        out.write_all(osc52(text).as_bytes())
            .and_then(|()| out.flush())
            .map_err(|e| format!("could not copy: {e}"))?;
        Ok(Copied::Osc52)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ssh_and_headless_sessions_use_osc52() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |k: &str| {
                vars.iter()
                    .find(|(n, _)| *n == k)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert!(!super::local_desktop(&env(&[
            ("SSH_CONNECTION", "10.0.0.1 5 10.0.0.2 22"),
            ("DISPLAY", ":0")
        ])));
        if cfg!(target_os = "linux") {
            assert!(!super::local_desktop(&env(&[])));
            assert!(super::local_desktop(&env(&[("DISPLAY", ":0")])));
        }
    }

    #[test]
    fn encodes_as_base64_between_the_markers() {
        assert_eq!(super::osc52("hi"), "\x1b]52;c;aGk=\x07");
    }
}
