//! Reading the operator's lines and telling commands from answers.

use std::io::{self, BufRead, Read};

/// Longer lines are cut here: a runaway paste or a binary file piped in must not grow memory
/// without bound, and no answer, value or note needs more.
const MAX_LINE: u64 = 64 * 1024;

/// The next line without its line ending; `None` at end of input. Bytes that are not UTF-8
/// become U+FFFD rather than an error, so a stray byte on a serial console does not end the
/// session.
pub(super) fn read_line(input: &mut dyn BufRead) -> io::Result<Option<String>> {
    let mut buf = Vec::new();
    let n = (&mut *input).take(MAX_LINE).read_until(b'\n', &mut buf)?;
    if n == 0 {
        return Ok(None);
    }
    if buf.last() == Some(&b'\n') {
        buf.pop();
    } else if n as u64 == MAX_LINE {
        // Drop the rest of an over-long line so it is not read as further commands.
        input.skip_until(b'\n')?;
    }
    if buf.last() == Some(&b'\r') {
        buf.pop();
    }
    Ok(Some(String::from_utf8_lossy(&buf).into_owned()))
}

/// What a line asks for, before looking at the node it was typed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cmd<'a> {
    /// An empty line: continue, or show the time left on a running wait.
    Enter,
    /// `b`: go back one node.
    Back,
    /// `r`: start the flow again.
    Restart,
    /// `n TEXT`: add a note (the text may be empty, which is refused later).
    Note(&'a str),
    /// `q`: leave, keeping progress.
    Quit,
    /// `?`: help for this node and the commands.
    Help,
    /// `l`: print the current node again.
    Look,
    /// Anything else: an answer number, a step command or an input value.
    Other(&'a str),
}

/// Sorts a line into a command. Commands are single words so they cannot be mistaken for an
/// answer number or a step command; on an input node a leading `=` lets a value that looks like
/// a command through (see [`input_value`]).
pub(super) fn parse(line: &str) -> Cmd<'_> {
    let text = line.trim();
    let (word, rest) = split_word(text);
    match word.to_ascii_lowercase().as_str() {
        "" => Cmd::Enter,
        "b" | "back" if rest.is_empty() => Cmd::Back,
        "r" | "restart" if rest.is_empty() => Cmd::Restart,
        "q" | "quit" if rest.is_empty() => Cmd::Quit,
        "?" | "h" | "help" if rest.is_empty() => Cmd::Help,
        "l" | "list" if rest.is_empty() => Cmd::Look,
        "n" | "note" => Cmd::Note(rest),
        _ => Cmd::Other(text),
    }
}

/// `y`/`yes` as true and `n`/`no` as false, any case; anything else is no answer.
pub(super) fn yes_no(line: &str) -> Option<bool> {
    match line.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" => Some(true),
        "n" | "no" => Some(false),
        _ => None,
    }
}

/// The value typed at an input node: a leading `=` is removed, so `=q` enters "q".
pub(super) fn input_value(text: &str) -> &str {
    text.strip_prefix('=').unwrap_or(text)
}

/// The first whitespace-separated word and the trimmed rest.
pub(super) fn split_word(text: &str) -> (&str, &str) {
    let text = text.trim_start();
    match text.find(char::is_whitespace) {
        Some(i) => (&text[..i], text[i..].trim()),
        None => (text, ""),
    }
}

/// A one-based number typed by the operator, as a zero-based index. `Err` carries the text
/// when it is not a number; `Ok(None)` is the number 0, which never names anything.
pub(super) fn number(text: &str) -> Result<Option<usize>, ()> {
    let n: usize = text.trim().parse().map_err(|_| ())?;
    Ok(n.checked_sub(1))
}

/// Step numbers as typed at a checklist: `3`, `1 2 3`, `1,2,3`, `1-3` or a mix (`1-3 5`).
/// The numbers are the ones shown, not yet checked against the checklist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct StepList {
    /// Each number or range as typed, in order (`(5, 5)` for a single `5`).
    pub ranges: Vec<(usize, usize)>,
    /// Whether the line was one bare number (which checks or unchecks that step).
    pub single: bool,
}

/// An example of what a list of steps looks like, for refusals.
const LIST_EXAMPLE: &str = "type step numbers such as 2, 1 2 3, 1,2,3 or 1-3";

/// Reads a line of step numbers. `None` when the line does not start with a number (it is
/// some other command); `Err` with a message naming what is wrong when it starts like a list
/// but is not one. The whole line is read before anything is done, so a typo anywhere
/// changes nothing.
pub(super) fn step_list(text: &str) -> Option<Result<StepList, String>> {
    let text = text.trim();
    if !text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some(parse_steps(text))
}

fn parse_steps(text: &str) -> Result<StepList, String> {
    let mut ranges = Vec::new();
    let mut chars = text.chars().peekable();
    let mut pending: Option<usize> = None; // a number waiting to see if a range follows
    let mut dash = false;
    let mut comma = false; // a comma since the last number: a dash cannot follow
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(d);
                chars.next();
            }
            let n: usize = digits
                .parse()
                .map_err(|_| format!("there is no step {digits}"))?;
            match (pending.take(), dash) {
                (Some(lo), true) if lo > n => {
                    return Err(format!("the range {lo}-{n} runs backwards; type {n}-{lo}"));
                }
                (Some(lo), true) => ranges.push((lo, n)),
                (Some(prev), false) => {
                    ranges.push((prev, prev));
                    pending = Some(n);
                }
                (None, _) => pending = Some(n),
            }
            dash = false;
            comma = false;
        } else if c.is_whitespace() || c == ',' {
            chars.next();
            comma |= c == ',';
        } else if c == '-' || c == '\u{2013}' {
            chars.next();
            if dash || comma || pending.is_none() {
                return Err(format!(
                    "a range needs a first step, as in 1-3; {LIST_EXAMPLE}"
                ));
            }
            dash = true;
        } else {
            return Err(format!(
                "`{}` is not a step number; {LIST_EXAMPLE}",
                crate::sanitize::line(&c.to_string())
            ));
        }
    }
    if dash {
        let lo = pending.unwrap_or_default();
        return Err(format!(
            "the range {lo}- needs a last step, as in {lo}-{}",
            lo + 2
        ));
    }
    if let Some(n) = pending {
        ranges.push((n, n));
    }
    let single = ranges.len() == 1 && !text.contains(|c: char| !c.is_ascii_digit());
    Ok(StepList { ranges, single })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    #[test]
    fn sorts_commands_from_answers() {
        assert_eq!(parse("  "), Cmd::Enter);
        assert_eq!(parse("B"), Cmd::Back);
        assert_eq!(
            parse("n called the helpdesk "),
            Cmd::Note("called the helpdesk")
        );
        assert_eq!(parse("n"), Cmd::Note(""));
        assert_eq!(parse("s 3 done already"), Cmd::Other("s 3 done already"));
        assert_eq!(parse("b 2"), Cmd::Other("b 2"));
        assert_eq!(parse("12"), Cmd::Other("12"));
        assert_eq!(input_value("=q"), "q");
        assert_eq!(split_word("s  3   why  not"), ("s", "3   why  not"));
        assert_eq!(number("3"), Ok(Some(2)));
        assert_eq!(number("0"), Ok(None));
        assert_eq!(number("x"), Err(()));
    }

    #[test]
    fn reads_lists_and_ranges_of_steps() {
        let list = |t: &str| step_list(t).map(|r| r.map(|l| (l.ranges, l.single)));
        assert_eq!(list("3"), Some(Ok((vec![(3, 3)], true))));
        assert_eq!(
            list(" 1 2  3 "),
            Some(Ok((vec![(1, 1), (2, 2), (3, 3)], false)))
        );
        assert_eq!(
            list("1,2,3"),
            Some(Ok((vec![(1, 1), (2, 2), (3, 3)], false)))
        );
        assert_eq!(list("1-3"), Some(Ok((vec![(1, 3)], false))));
        assert_eq!(list("1 - 3, 5"), Some(Ok((vec![(1, 3), (5, 5)], false))));
        assert_eq!(
            list("1\u{2013}3 5"),
            Some(Ok((vec![(1, 3), (5, 5)], false)))
        );
        assert_eq!(list("s 3 why"), None);
        assert_eq!(list("-3"), None);
        for bad in [
            "3-1",
            "1-",
            "1--3",
            "1, -3",
            "1 x",
            "1.5",
            "1-3-5",
            "99999999999999999999999",
        ] {
            assert!(matches!(list(bad), Some(Err(_))), "{bad}");
        }
        assert_eq!(
            list("3-1"),
            Some(Err("the range 3-1 runs backwards; type 1-3".to_owned()))
        );
        assert_eq!(
            list("1 x"),
            Some(Err(
                "`x` is not a step number; type step numbers such as 2, 1 2 3, 1,2,3 or 1-3"
                    .to_owned()
            ))
        );
    }

    #[test]
    fn reads_lines_and_survives_bad_bytes_and_long_lines() {
        let mut long = vec![b'a'; 70_000];
        long.extend_from_slice(b"\nnext\r\n\xff\xfe");
        let mut input = Cursor::new(long);
        let first = read_line(&mut input).unwrap().unwrap();
        assert_eq!(first.len(), 64 * 1024);
        assert_eq!(read_line(&mut input).unwrap().as_deref(), Some("next"));
        assert_eq!(
            read_line(&mut input).unwrap().as_deref(),
            Some("\u{fffd}\u{fffd}")
        );
        assert_eq!(read_line(&mut input).unwrap(), None);
    }
}
