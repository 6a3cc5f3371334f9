//! The only place that parses YAML: turns file text into [`FlowFile`] or located diagnostics,
//! and finds the line and column of any field for problems found after parsing.

use super::schema::FlowFile;
use crate::diag::Diagnostic;
use saphyr_parser::{Event, Parser};
use std::collections::HashMap;
use std::sync::OnceLock;

/// One step of a path into a YAML document: a mapping key or a sequence index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Seg {
    /// A key in a mapping.
    Key(String),
    /// An index in a sequence.
    Index(usize),
}

/// A path into a YAML document, e.g. `flows[0].nodes[3].next`.
pub type YamlPath = Vec<Seg>;

/// Parses one flow file. On failure the diagnostic carries the line and column serde reported.
pub fn parse(path: &str, text: &str) -> Result<FlowFile, Box<Diagnostic>> {
    if text.trim().is_empty() {
        return Ok(FlowFile::default());
    }
    serde_yaml::from_str::<FlowFile>(text).map_err(|err| {
        let (message, location) = split_location(&err.to_string());
        let diag = Diagnostic::error(path, explain(&message));
        Box::new(
            match err.location().map(|l| (l.line(), l.column())).or(location) {
                Some((line, column)) => diag.at(line, column),
                None => diag,
            },
        )
    })
}

/// Removes the first ` at line L column C` from serde_yaml's message and returns it apart.
fn split_location(message: &str) -> (String, Option<(usize, usize)>) {
    static RE: OnceLock<Option<regex::Regex>> = OnceLock::new();
    let Some(re) = RE
        .get_or_init(|| regex::Regex::new(r" at line (\d+) column (\d+)").ok())
        .as_ref()
    else {
        return (message.to_owned(), None);
    };
    let Some(caps) = re.captures(message) else {
        return (message.to_owned(), None);
    };
    let line = caps[1].parse().ok();
    let column = caps[2].parse().ok();
    let stripped = re.replace(message, "").into_owned();
    (stripped, line.zip(column))
}

/// Adds a hint to the serde messages authors meet most often.
fn explain(message: &str) -> String {
    if message.contains("unknown field") {
        format!("{message} (check the spelling; unknown keys are not allowed)")
    } else if message.contains("missing field") {
        format!("{message} (this field is required here)")
    } else {
        message.to_owned()
    }
}

/// Line and column (1-based) of every key and sequence item in a document, by path.
#[derive(Debug, Default)]
pub struct PositionIndex {
    positions: HashMap<YamlPath, (usize, usize)>,
}

impl PositionIndex {
    /// Builds the index from the file text. A document the event parser cannot read gives an
    /// empty index: problems then fall back to the position of the nearest known parent.
    pub fn build(text: &str) -> Self {
        let mut positions = HashMap::new();
        let mut stack: Vec<Frame> = Vec::new();
        let mut path: YamlPath = Vec::new();
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let pos = (span.start.line(), span.start.col() + 1);
            // A mapping expecting a key: a scalar here is that key.
            if let Some(Frame::Map { expect_key: true }) = stack.last() {
                match event {
                    Event::Scalar(key, ..) => {
                        path.push(Seg::Key(key.into_owned()));
                        positions.entry(path.clone()).or_insert(pos);
                        if let Some(Frame::Map { expect_key }) = stack.last_mut() {
                            *expect_key = false;
                        }
                        continue;
                    }
                    Event::MappingEnd => {
                        stack.pop();
                        finish_value(&mut stack, &mut path);
                        continue;
                    }
                    // Complex keys are not used by flow files; skip their contents.
                    _ => {
                        path.push(Seg::Key(String::new()));
                        if let Some(Frame::Map { expect_key }) = stack.last_mut() {
                            *expect_key = false;
                        }
                    }
                }
            }
            if let Some(Frame::Seq { index }) = stack.last() {
                if !matches!(event, Event::SequenceEnd) {
                    path.push(Seg::Index(*index));
                    positions.entry(path.clone()).or_insert(pos);
                }
            }
            match event {
                Event::Scalar(..) | Event::Alias(..) => finish_value(&mut stack, &mut path),
                Event::SequenceStart(..) => stack.push(Frame::Seq { index: 0 }),
                Event::MappingStart(..) => stack.push(Frame::Map { expect_key: true }),
                Event::SequenceEnd | Event::MappingEnd => {
                    stack.pop();
                    finish_value(&mut stack, &mut path);
                }
                _ => {}
            }
        }
        Self { positions }
    }

    /// The position of `path`, or of its nearest parent that has one.
    pub fn locate(&self, path: &[Seg]) -> Option<(usize, usize)> {
        (0..=path.len())
            .rev()
            .find_map(|len| self.positions.get(&path[..len]).copied())
    }
}

#[derive(Debug)]
enum Frame {
    Seq { index: usize },
    Map { expect_key: bool },
}

/// A value in the current container is complete: step past it.
fn finish_value(stack: &mut [Frame], path: &mut YamlPath) {
    match stack.last_mut() {
        Some(Frame::Seq { index }) => {
            *index += 1;
            path.pop();
        }
        Some(Frame::Map { expect_key }) => {
            *expect_key = true;
            path.pop();
        }
        None => {}
    }
}

/// Renders a path the way authors read it: `flows[0].nodes[2].next`.
pub fn display_path(path: &[Seg]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Seg::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Seg::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(segs: &[&str]) -> YamlPath {
        segs.iter()
            .map(|s| match s.parse::<usize>() {
                Ok(i) => Seg::Index(i),
                Err(_) => Seg::Key((*s).to_owned()),
            })
            .collect()
    }

    #[test]
    fn locates_keys_and_items() {
        let text = "flows:\n  - id: a\n    nodes:\n      - id: one\n        next: two\n      - id: two\n        end: resolved\n";
        let idx = PositionIndex::build(text);
        assert_eq!(idx.locate(&p(&["flows"])), Some((1, 1)));
        assert_eq!(idx.locate(&p(&["flows", "0"])), Some((2, 5)));
        assert_eq!(
            idx.locate(&p(&["flows", "0", "nodes", "0", "next"])),
            Some((5, 9))
        );
        assert_eq!(
            idx.locate(&p(&["flows", "0", "nodes", "1", "end"])),
            Some((7, 9))
        );
        // Unknown child falls back to the parent.
        assert_eq!(
            idx.locate(&p(&["flows", "0", "nodes", "1", "zzz"])),
            Some((6, 9))
        );
    }

    #[test]
    fn flow_style_and_nested_sequences() {
        let text = "a: [x, {b: 1}]\nc:\n  - - d\n    - e\n";
        let idx = PositionIndex::build(text);
        assert_eq!(idx.locate(&p(&["a", "1", "b"])), Some((1, 9)));
        assert_eq!(idx.locate(&p(&["c", "0", "1"])), Some((4, 7)));
    }

    #[test]
    fn parse_error_has_location_and_hint() {
        let text = "flows:\n  - id: a\n    titel: x\n";
        let Err(d) = parse("f.yaml", text) else {
            panic!("expected an error")
        };
        assert_eq!(d.line, Some(3));
        assert!(d.message.contains("unknown field `titel`"), "{}", d.message);
        assert!(!d.message.contains("at line"), "{}", d.message);
    }
}
