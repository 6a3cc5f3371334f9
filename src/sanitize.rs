//! Makes untrusted text (flow files, pasted errors, notes) safe to print on a terminal:
//! control characters and escape sequences never reach it, and bidi / zero-width characters
//! that could hide or reorder text are shown as visible escapes.

/// Characters that reorder or hide text without being visible.
pub fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}' | '\u{180E}')
}

/// Text for one line: newlines and tabs become spaces, other controls become visible escapes.
pub fn line(text: &str) -> String {
    clean(text, false)
}

/// Text that may span lines: `\n` is kept, tabs become spaces, other controls become visible.
pub fn block(text: &str) -> String {
    clean(text, true)
}

/// Line breaks as one `\n`: terminals send a paste with CR breaks, Windows text has CRLF.
/// Applied where text comes in (a paste, stdin), so every stored or exported copy keeps its
/// lines.
pub fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

fn clean(text: &str, keep_newlines: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\n' if keep_newlines => out.push('\n'),
            '\n' | '\t' => out.push(' '),
            '\r' => {}
            c if c.is_control() => {
                let code = c as u32;
                if code == 0x1b {
                    out.push_str("\\e");
                } else {
                    out.push_str(&format!("\\x{code:02x}"));
                }
            }
            c if is_invisible_format(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_never_survive() {
        let hostile = "ok\x1b[2J\x1b]52;c;aGk=\x07\u{9b}31m\u{202e}txt.exe\u{200b}";
        let s = line(hostile);
        assert!(
            !s.chars().any(|c| c.is_control() || is_invisible_format(c)),
            "{s:?}"
        );
        assert!(s.contains("\\e[2J"));
        assert!(s.contains("\\u{202e}"));
    }

    #[test]
    fn newlines_are_normalised() {
        assert_eq!(normalize_newlines("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert_eq!(normalize_newlines("a\r\r\nb").lines().count(), 3);
    }

    #[test]
    fn block_keeps_newlines() {
        assert_eq!(block("a\r\nb\tc"), "a\nb c");
        assert_eq!(line("a\nb"), "a b");
    }
}
