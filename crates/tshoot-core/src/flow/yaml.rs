//! The only place that parses YAML: turns file text into [`FlowFile`] or located diagnostics,
//! and finds the line and column of any field for problems found after parsing.

use super::limits::{MAX_DEPTH, MAX_EXPANDED_BYTES, MAX_FILE_BYTES};
use super::schema::FlowFile;
use crate::diag::Diagnostic;
use saphyr_parser::{Event, Parser};
use std::collections::HashMap;
use std::sync::LazyLock;

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
/// Files over the size limit, nested too deeply or expanding too far are refused first.
pub fn parse(path: &str, text: &str) -> Result<FlowFile, Box<Diagnostic>> {
    check_limits(path, text)?;
    parse_trusted(path, text)
}

/// Parses a built-in file: [`parse`] without the limit checks, which the shipped files pass
/// by construction (CI lints them from disk, through [`parse`]); this keeps start-up fast.
pub fn parse_trusted(path: &str, text: &str) -> Result<FlowFile, Box<Diagnostic>> {
    if text.trim().is_empty() {
        return Ok(FlowFile::default());
    }
    serde_yaml::from_str::<FlowFile>(text).map_err(|err| {
        let (message, location) = split_location(&err.to_string());
        let (at, message) = split_path(&message);
        let mut diag = Diagnostic::error(path, explain(message));
        if let Some(at) = at {
            name_scope(&mut diag, text, &at);
        }
        Box::new(
            match err.location().map(|l| (l.line(), l.column())).or(location) {
                Some((line, column)) => diag.at(line, column),
                None => diag,
            },
        )
    })
}

/// The message for a file over [`MAX_FILE_BYTES`].
pub fn too_large(bytes: u64) -> String {
    format!(
        "file is {bytes} bytes; flow files may be at most {MAX_FILE_BYTES} bytes (4 MiB): split it into several files"
    )
}

/// Refuses, before serde builds anything, text over [`MAX_FILE_BYTES`], mappings and sequences
/// nested deeper than [`MAX_DEPTH`], aliases that refer to the value containing them, and
/// aliases that would expand the document past [`MAX_EXPANDED_BYTES`] ("billion laughs").
/// One pass over the parser's events: time and memory grow with the text, not the expansion.
/// Syntax errors are reported here too, located where the parser stopped.
pub fn check_limits(path: &str, text: &str) -> Result<(), Box<Diagnostic>> {
    if text.len() as u64 > MAX_FILE_BYTES {
        return Err(Box::new(Diagnostic::error(
            path,
            too_large(text.len() as u64),
        )));
    }
    /// An open mapping or sequence: its anchor (0 for none) and its expanded size so far.
    struct Open {
        anchor: usize,
        size: u64,
    }
    let mut stack: Vec<Open> = Vec::new();
    // Expanded size of every finished anchored value, by the parser's anchor id.
    let mut anchors: HashMap<usize, u64> = HashMap::new();
    let mut total: u64 = 0;
    for item in Parser::new_from_str(text) {
        let (event, span) = match item {
            Ok(item) => item,
            // Reported here rather than by serde: the parser serde uses slows down badly on
            // deep flow nesting, which is where this parser stops.
            Err(err) => {
                let message = if err.info().contains("recursion limit") {
                    format!(
                        "YAML nested more than {MAX_DEPTH} levels deep; flow files need at most 7 (is a bracket left open?)"
                    )
                } else {
                    explain(err.info())
                };
                let at = err.marker();
                return Err(Box::new(
                    Diagnostic::error(path, message).at(at.line(), at.col() + 1),
                ));
            }
        };
        let refuse = |message: String| {
            Err(Box::new(
                Diagnostic::error(path, message).at(span.start.line(), span.start.col() + 1),
            ))
        };
        let size = match event {
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if stack.len() >= MAX_DEPTH {
                    return refuse(format!(
                        "YAML nested more than {MAX_DEPTH} levels deep; flow files need at most 7 (is a bracket left open?)"
                    ));
                }
                total = total.saturating_add(1);
                stack.push(Open { anchor, size: 1 });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(open) = stack.pop() else { continue };
                if open.anchor != 0 {
                    anchors.insert(open.anchor, open.size);
                }
                open.size
            }
            Event::Scalar(value, _, anchor, _) => {
                let size = 1 + value.len() as u64;
                if anchor != 0 {
                    anchors.insert(anchor, size);
                }
                total = total.saturating_add(size);
                size
            }
            Event::Alias(id) => {
                let Some(&size) = anchors.get(&id) else {
                    if stack.iter().any(|open| open.anchor == id) {
                        return refuse(
                            "this YAML alias refers to the value that contains it, which would repeat forever".into(),
                        );
                    }
                    continue;
                };
                total = total.saturating_add(size);
                if total > MAX_EXPANDED_BYTES {
                    return refuse(format!(
                        "YAML aliases expand this file past {} MiB (a \"billion laughs\" expansion?); write repeated parts out instead of using `*alias`",
                        MAX_EXPANDED_BYTES / (1024 * 1024)
                    ));
                }
                size
            }
            _ => continue,
        };
        if let Some(parent) = stack.last_mut() {
            parent.size = parent.size.saturating_add(size);
        }
    }
    Ok(())
}

/// Removes the first ` at line L column C` from serde_yaml's message and returns it apart.
fn split_location(message: &str) -> (String, Option<(usize, usize)>) {
    #[allow(
        clippy::expect_used,
        reason = "a constant pattern, exercised by every located error test"
    )]
    static RE: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r" at line (\d+) column (\d+)").expect("the location pattern compiles")
    });
    let re = &*RE;
    let Some(caps) = re.captures(message) else {
        return (message.to_owned(), None);
    };
    let line = caps[1].parse().ok();
    let column = caps[2].parse().ok();
    let stripped = re.replace(message, "").into_owned();
    (stripped, line.zip(column))
}

/// Splits serde's leading `flows[0].nodes[1].next: ` from its message, when it points into
/// the file's `flows` or `errors`.
fn split_path(message: &str) -> (Option<YamlPath>, &str) {
    let Some((head, rest)) = message.split_once(": ") else {
        return (None, message);
    };
    match parse_path(head) {
        Some(path) if matches!(path.first(), Some(Seg::Key(k)) if k == "flows" || k == "errors") => {
            (Some(path), rest)
        }
        _ => (None, message),
    }
}

/// Reads a path as serde writes it (`flows[0].nodes[1].next`); `None` for anything else.
fn parse_path(text: &str) -> Option<YamlPath> {
    let mut out = Vec::new();
    for part in text.split('.') {
        let (name, mut indexes) = part.split_at(part.find('[').unwrap_or(part.len()));
        if !name.is_empty() {
            if !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            {
                return None;
            }
            out.push(Seg::Key(name.to_owned()));
        } else if out.is_empty() || indexes.is_empty() {
            return None;
        }
        while let Some(inner) = indexes.strip_prefix('[') {
            let (number, after) = inner.split_once(']')?;
            out.push(Seg::Index(number.parse().ok()?));
            indexes = after;
        }
        if !indexes.is_empty() {
            return None;
        }
    }
    Some(out)
}

/// Names the flow or known error (and node) that serde's `path` points into by their ids, as
/// the validator's diagnostics do, rather than by position: the text is read again without
/// types, which a file that failed only on a field or a type still passes.
fn name_scope(diag: &mut Diagnostic, text: &str, path: &[Seg]) {
    use serde_yaml::Value;
    let (Some(Seg::Key(list)), Some(Seg::Index(i))) = (path.first(), path.get(1)) else {
        return;
    };
    let doc = serde_yaml::from_str::<Value>(text).ok();
    let item = doc
        .as_ref()
        .and_then(|d| d.get(list))
        .and_then(|l| l.get(*i));
    let id_or = |value: Option<&Value>, n: usize| {
        value
            .and_then(|v| v.get("id"))
            .and_then(Value::as_str)
            .filter(|id| !id.trim().is_empty())
            .map_or_else(|| format!("#{}", n + 1), str::to_owned)
    };
    diag.kind = crate::diag::ItemKind::of_list(list);
    diag.item = Some(id_or(item, *i));
    let mut rel = path.get(2..).unwrap_or_default();
    if let (Some(Seg::Key(nodes)), Some(Seg::Index(j))) = (rel.first(), rel.get(1))
        && list == "flows"
        && nodes == "nodes"
    {
        let node = item.and_then(|f| f.get("nodes")).and_then(|n| n.get(*j));
        diag.node = Some(id_or(node, *j));
        rel = rel.get(2..).unwrap_or_default();
    }
    diag.field = (!rel.is_empty()).then(|| display_path(rel));
}

/// Adds a hint to the serde messages authors meet most often.
fn explain(message: &str) -> String {
    if message.contains("unknown field") {
        format!("{message} (check the spelling; unknown keys are not allowed)")
    } else if message.contains("missing field") {
        format!("{message} (this field is required here)")
    } else if message.contains("recursion limit exceeded") {
        format!("{message}: YAML nested too deeply")
    } else if message.contains("repetition limit exceeded") {
        format!("{message}: YAML aliases repeat too much; write repeated parts out instead")
    } else {
        message.to_owned()
    }
}

/// Line and column (1-based) of every key and sequence item in a document, by path.
///
/// Paths are kept as 64-bit hashes, each built from its parent's, so that building the index
/// costs one small hash per event rather than a copy of the whole path: a file of a million
/// values is indexed in a fraction of a second.
#[derive(Debug, Default)]
pub struct PositionIndex {
    positions: PositionMap,
}

/// The hash of the empty path.
const ROOT: u64 = 0x7368_6f6f_745f_7961;

/// The hash of `parent`'s path extended by a key or an index: FNV-1a over the parts, then a
/// SplitMix64 finaliser so that the bits are well mixed for the map.
fn extend(parent: u64, key: Option<&str>, index: usize) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h = parent ^ 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    match key {
        Some(k) => {
            eat(0);
            k.bytes().for_each(&mut eat);
            eat(0xff);
        }
        None => {
            eat(1);
            (index as u64).to_le_bytes().into_iter().for_each(&mut eat);
        }
    }
    let mut z = h.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Keys of the position map are hashes already: use them as they are.
#[derive(Debug, Default, Clone, Copy)]
struct PassThrough(u64);

impl std::hash::Hasher for PassThrough {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type PositionMap = HashMap<u64, (usize, usize), std::hash::BuildHasherDefault<PassThrough>>;

fn extend_seg(parent: u64, seg: &Seg) -> u64 {
    match seg {
        Seg::Key(k) => extend(parent, Some(k), 0),
        Seg::Index(i) => extend(parent, None, *i),
    }
}

impl PositionIndex {
    /// Builds the index from the file text. A document the event parser cannot read gives an
    /// empty index: problems then fall back to the position of the nearest known parent.
    pub fn build(text: &str) -> Self {
        let mut positions = PositionMap::default();
        let mut stack: Vec<Frame> = Vec::new();
        // The hash of each prefix of the current path.
        let mut path: Vec<u64> = Vec::new();
        let parent = |path: &[u64]| path.last().copied().unwrap_or(ROOT);
        for item in Parser::new_from_str(text) {
            let Ok((event, span)) = item else { break };
            let pos = (span.start.line(), span.start.col() + 1);
            // A mapping expecting a key: a scalar here is that key.
            if let Some(Frame::Map { expect_key: true }) = stack.last() {
                match event {
                    Event::Scalar(key, ..) => {
                        let h = extend(parent(&path), Some(&key), 0);
                        path.push(h);
                        positions.entry(h).or_insert(pos);
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
                        path.push(extend(parent(&path), Some(""), 0));
                        if let Some(Frame::Map { expect_key }) = stack.last_mut() {
                            *expect_key = false;
                        }
                    }
                }
            }
            if let Some(Frame::Seq { index }) = stack.last()
                && !matches!(event, Event::SequenceEnd)
            {
                let h = extend(parent(&path), None, *index);
                path.push(h);
                positions.entry(h).or_insert(pos);
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
        let mut hashes = Vec::with_capacity(path.len());
        let mut h = ROOT;
        for seg in path {
            h = extend_seg(h, seg);
            hashes.push(h);
        }
        hashes
            .iter()
            .rev()
            .find_map(|h| self.positions.get(h).copied())
    }
}

#[derive(Debug)]
enum Frame {
    Seq { index: usize },
    Map { expect_key: bool },
}

/// A value in the current container is complete: step past it.
fn finish_value(stack: &mut [Frame], path: &mut Vec<u64>) {
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
    fn serde_paths_are_read_back() {
        assert_eq!(
            parse_path("flows[0].nodes[12].next"),
            Some(p(&["flows", "0", "nodes", "12", "next"]))
        );
        assert_eq!(parse_path("a[1][2]"), Some(p(&["a", "1", "2"])));
        for bad in ["", "[0]", "a[x]", "a[1]b", "a b", "a..b"] {
            assert_eq!(parse_path(bad), None, "{bad}");
        }
        assert_eq!(split_path("invalid type: map").0, None);
        assert_eq!(split_path("x.y: invalid type").0, None);
    }

    #[test]
    fn parse_errors_name_the_flow_and_node_by_id() {
        let text = "flows:\n  - id: a\n    nodes:\n      - id: one\n        nxt: two\n";
        let Err(d) = parse("f.yaml", text) else {
            panic!("expected an error")
        };
        assert_eq!(d.item.as_deref(), Some("a"));
        assert_eq!(d.node.as_deref(), Some("one"));
        assert!(!d.message.contains("flows[0]"), "{}", d.message);
        let shown = d.to_string();
        assert!(
            shown.contains("error: flow a, node one: unknown field `nxt`"),
            "{shown}"
        );
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
