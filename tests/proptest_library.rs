//! Properties of the loader and the search on arbitrary input, the `proptest` versions of the
//! `flow_load` and `search` fuzz targets: never a panic, every diagnostic located inside the
//! file it names, and search results sorted by score with consistent confidence.

use crate::util::yaml_files;
use proptest::prelude::*;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tshoot::flow::{Loaded, Sources, load, load_texts};
use tshoot::search::Index;

/// The texts of the shipped flow files and of the broken-flow corpus.
fn seed_files() -> &'static [String] {
    static FILES: OnceLock<Vec<String>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        paths.extend(yaml_files(&root.join("flows")));
        paths.extend(yaml_files(&root.join("tests/broken")));
        paths.sort();
        paths
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect()
    })
}

/// Line breaks as YAML (and editors) count them: `\n`, `\r\n` and a lone `\r`.
fn yaml_line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// Every diagnostic names one of `files`, has a message, and, when it has a line, that line is
/// inside the file (or the end-of-file position just past its last line) with a column.
fn assert_located(files: &[(&str, &str)], loaded: &Loaded) -> Result<(), TestCaseError> {
    for d in &loaded.diagnostics {
        prop_assert!(!d.message.is_empty(), "empty message: {:?}", d);
        let text = files.iter().find(|(p, _)| *p == d.path).map(|(_, t)| *t);
        prop_assert!(text.is_some(), "diagnostic names no input file: {:?}", d);
        if let (Some(line), Some(text)) = (d.line, text) {
            let last = yaml_line_breaks(text) + 2;
            prop_assert!(
                line >= 1 && line <= last,
                "line {} outside 1..={}: {:?}",
                line,
                last,
                d
            );
            prop_assert!(
                d.column.is_some_and(|c| c >= 1),
                "line without column: {:?}",
                d
            );
        }
    }
    Ok(())
}

/// Pieces of YAML and of the flow format, to build text the parser gets far into.
const PIECES: &[&str] = &[
    "flows:",
    "errors:",
    "\n",
    "\n  ",
    "\n    ",
    "\n      ",
    "- ",
    "id: ",
    "title: ",
    "product: ",
    "nodes:",
    "start: ",
    "question: ",
    "choices:",
    "label: ",
    "next: ",
    "checklist: ",
    "steps:",
    "step: ",
    "command: ",
    "risk: read",
    "risk: change",
    "wait: 5m",
    "wait: 99h",
    "input: ",
    "var: ",
    "goto: ",
    "end: resolved",
    "end: nope",
    "message: ",
    "entry: ",
    "search: ",
    "codes: ",
    "signatures: ",
    "cause: ",
    "fix: ",
    "source: ",
    "tags: ",
    "examples: ",
    "a",
    "b",
    "x1",
    "{{a}}",
    "{{",
    "}}",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: *a",
    "[",
    "]",
    "{",
    "}",
    ", ",
    ": ",
    "'",
    "\"",
    "|",
    ">-",
    "# c",
    "---",
    "...",
    "!!str ",
    "!x ",
    "\t",
    "\u{202e}",
    "\u{1b}[2J",
    "~",
    "null",
    "42",
    "-1",
    "true",
];

fn yamlish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..80).prop_map(|parts| parts.concat())
}

/// One edit of a seed file: where (as a fraction of its length), and what.
#[derive(Debug, Clone)]
enum Edit {
    Delete(f64, usize),
    Insert(f64, &'static str),
    DuplicateLine(f64),
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0.0..1.0, 1usize..40).prop_map(|(at, n)| Edit::Delete(at, n)),
        (0.0..1.0, prop::sample::select(PIECES)).prop_map(|(at, s)| Edit::Insert(at, s)),
        (0.0..1.0).prop_map(Edit::DuplicateLine),
    ]
}

/// The char boundary nearest below `fraction` of `text`.
fn boundary(text: &str, fraction: f64) -> usize {
    let mut at = ((text.len() as f64) * fraction) as usize;
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(mut text: String, edits: &[Edit]) -> String {
    for e in edits {
        match *e {
            Edit::Delete(at, n) => {
                let start = boundary(&text, at);
                let mut end = (start + n).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                text.replace_range(start..end, "");
            }
            Edit::Insert(at, piece) => {
                let at = boundary(&text, at);
                text.insert_str(at, piece);
            }
            Edit::DuplicateLine(at) => {
                let at = boundary(&text, at);
                let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
                let line = text[start..end].to_owned();
                text.insert_str(end, &line);
            }
        }
    }
    text
}

fn mutated_seed() -> impl Strategy<Value = String> {
    let count = seed_files().len().max(1);
    (0..count, prop::collection::vec(edit(), 1..8)).prop_map(|(i, edits)| {
        let seed = seed_files().get(i).cloned().unwrap_or_default();
        apply(seed, &edits)
    })
}

/// A node of a generated flow: its kind and the nodes (by index, some past the end) it names.
#[derive(Debug, Clone)]
struct GenNode {
    kind: u8,
    targets: Vec<usize>,
    var: u8,
    uses: Option<u8>,
}

fn gen_node() -> impl Strategy<Value = GenNode> {
    (
        0u8..7,
        prop::collection::vec(0usize..14, 0..4),
        0u8..4,
        prop::option::of(0u8..5),
    )
        .prop_map(|(kind, targets, var, uses)| GenNode {
            kind,
            targets,
            var,
            uses,
        })
}

/// Well-formed YAML of a flow whose graph is random: dangling `next`s, loops, unreachable
/// nodes, variables used before they are asked for, a `goto` to itself or nowhere.
fn render_flow(nodes: &[GenNode]) -> String {
    let mut s =
        String::from("flows:\n  - id: gen\n    title: Generated\n    product: Test\n    nodes:\n");
    for (i, n) in nodes.iter().enumerate() {
        let text = n
            .uses
            .map_or(String::from("Do it"), |v| format!("Use {{{{v{v}}}}}"));
        let _ = writeln!(s, "      - id: n{i}");
        let first = n.targets.first().copied().unwrap_or(i + 1);
        match n.kind {
            0 => {
                let _ = writeln!(s, "        question: {text}?\n        choices:");
                for t in &n.targets {
                    let _ = writeln!(s, "          - label: Go {t}\n            next: n{t}");
                }
            }
            1 => {
                let _ = writeln!(
                    s,
                    "        checklist: {text}\n        steps:\n          - First\n          - text: Wait\n            wait: 5m\n        next: n{first}"
                );
            }
            2 => {
                let _ = writeln!(
                    s,
                    "        step: {text}\n        command: echo {text}\n        risk: read\n        next: n{first}"
                );
            }
            3 => {
                let _ = writeln!(
                    s,
                    "        input: {text}\n        var: v{}\n        next: n{first}",
                    n.var
                );
            }
            4 => {
                let target = if first % 2 == 0 { "gen" } else { "elsewhere" };
                let _ = writeln!(s, "        goto: {target}\n        next: n{first}");
            }
            5 => {
                let _ = writeln!(s, "        search: {text}");
            }
            _ => {
                let _ = writeln!(s, "        end: resolved\n        message: {text}");
            }
        }
    }
    s
}

/// The variables a generated flow uses without certainly having asked for them, as
/// `(node, var)`: a plain fixpoint over the graph, to check the loader's faster analysis.
fn unset_vars(nodes: &[GenNode]) -> std::collections::BTreeSet<(usize, u8)> {
    use std::collections::BTreeSet;
    let n = nodes.len();
    let succ = |i: usize| -> Vec<usize> {
        let node = &nodes[i];
        let first = node.targets.first().copied().unwrap_or(i + 1);
        let all = match node.kind {
            0 => node.targets.clone(),
            1..=4 => vec![first],
            _ => Vec::new(),
        };
        all.into_iter().filter(|&t| t < n).collect()
    };
    let mut reachable = BTreeSet::from([0]);
    let mut todo = vec![0];
    while let Some(i) = todo.pop() {
        for s in succ(i) {
            if reachable.insert(s) {
                todo.push(s);
            }
        }
    }
    let all: BTreeSet<u8> = nodes
        .iter()
        .filter(|g| g.kind == 3)
        .map(|g| g.var)
        .collect();
    let mut entry: Vec<BTreeSet<u8>> = (0..n)
        .map(|i| if i == 0 { BTreeSet::new() } else { all.clone() })
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for &i in &reachable {
            let mut out = entry[i].clone();
            if nodes[i].kind == 3 {
                out.insert(nodes[i].var);
            }
            for s in succ(i) {
                let meet: BTreeSet<u8> = entry[s].intersection(&out).copied().collect();
                if meet != entry[s] {
                    entry[s] = meet;
                    changed = true;
                }
            }
        }
    }
    reachable
        .iter()
        .filter_map(|&i| {
            let v = nodes[i].uses?;
            (nodes[i].kind != 4 && !entry[i].contains(&v)).then_some((i, v))
        })
        .collect()
}

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let loaded = load(&Sources {
            builtin: true,
            paths: Vec::new(),
        });
        Index::build(&loaded.library)
    })
}

/// The promises every answer keeps (`tshoot::search::promises`), for all three matchers.
fn assert_search(query: &str) -> Result<(), TestCaseError> {
    tshoot::search::promises::check(index(), query, 10).map_err(TestCaseError::fail)
}

/// Real error texts from the fixtures, to mutate into near-misses.
fn fixture_texts() -> &'static [String] {
    static TEXTS: OnceLock<Vec<String>> = OnceLock::new();
    TEXTS.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/errors");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        paths.sort();
        paths
            .iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    })
}

fn mutated_paste() -> impl Strategy<Value = String> {
    let count = fixture_texts().len().max(1);
    (0..count, prop::collection::vec(edit(), 0..6)).prop_map(|(i, edits)| {
        let text = fixture_texts().get(i).cloned().unwrap_or_default();
        apply(text, &edits)
    })
}

/// Found by the `flow_load` fuzz target (crash-7d33438b): a file broken with lone carriage
/// returns. YAML counts each as a line break, so the error is at line 4 as an editor shows it,
/// not at line 1 as a count of `\n` would say.
#[test]
fn lone_carriage_returns_are_line_breaks_in_diagnostics() {
    let text = "flows:\r  - id: a\r    title: T\r   product: P\r";
    let files = [("cr.yaml", text)];
    let loaded = load_texts(&files);
    let first = loaded
        .diagnostics
        .first()
        .map(|d| (d.line, d.message.clone()));
    assert_eq!(first.as_ref().map(|f| f.0), Some(Some(4)), "{first:?}");
    assert_located(&files, &loaded).unwrap_or_else(|e| panic!("{e}"));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn loader_survives_arbitrary_text(text in any::<String>()) {
        let files = [("any.yaml", text.as_str())];
        assert_located(&files, &load_texts(&files))?;
    }

    #[test]
    fn loader_survives_yaml_pieces(a in yamlish(), b in yamlish()) {
        let files = [("a.yaml", a.as_str()), ("b.yaml", b.as_str())];
        assert_located(&files, &load_texts(&files))?;
    }

    #[test]
    fn loader_survives_mutated_flow_files(a in mutated_seed(), b in mutated_seed()) {
        let files = [("a.yaml", a.as_str()), ("b.yaml", b.as_str())];
        assert_located(&files, &load_texts(&files))?;
    }

    #[test]
    fn every_problem_of_a_well_formed_file_has_a_line(
        nodes in prop::collection::vec(gen_node(), 1..14)
    ) {
        let text = render_flow(&nodes);
        let files = [("gen.yaml", text.as_str())];
        let loaded = load_texts(&files);
        assert_located(&files, &loaded)?;
        for d in &loaded.diagnostics {
            prop_assert!(d.line.is_some(), "unlocated: {}\n{}", d, text);
        }
    }

    #[test]
    fn variables_not_set_on_every_path_are_exactly_the_reported_ones(
        nodes in prop::collection::vec(gen_node(), 1..14)
    ) {
        let text = render_flow(&nodes);
        let loaded = load_texts(&[("gen.yaml", text.as_str())]);
        let reported: std::collections::BTreeSet<(usize, u8)> = loaded
            .diagnostics
            .iter()
            .filter(|d| d.message.contains("is not set on every path") || d.message.contains("is never asked for"))
            .filter_map(|d| {
                let node = d.node.as_deref()?.strip_prefix('n')?.parse().ok()?;
                let var = d.message.strip_prefix("{{v")?.split("}}").next()?.parse().ok()?;
                Some((node, var))
            })
            .collect();
        prop_assert_eq!(reported, unset_vars(&nodes), "{}", text);
    }

    #[test]
    fn search_survives_arbitrary_text(query in any::<String>()) {
        assert_search(&query)?;
    }

    #[test]
    fn search_survives_typed_words(query in "[a-zA-Z0-9_ .:-]{0,30}") {
        assert_search(&query)?;
    }

    #[test]
    fn search_survives_mutated_pastes(query in mutated_paste()) {
        assert_search(&query)?;
    }
}
