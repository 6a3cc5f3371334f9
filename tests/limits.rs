//! Size limits and hostile input for the loader: every refusal is a located diagnostic with a
//! clear message, never a panic or a hang.

use std::fmt::Write as _;
use tshoot::diag::Diagnostic;
use tshoot::flow::limits::{MAX_DEPTH, MAX_FILE_BYTES, MAX_LIBRARY_ITEMS, MAX_NODES_PER_FLOW};
use tshoot::flow::{Loaded, Sources, load, load_texts};
use tshoot::search::Index;

fn errors(loaded: &Loaded) -> Vec<&Diagnostic> {
    loaded.diagnostics.iter().filter(|d| d.is_error()).collect()
}

/// The only error of `loaded`, which must mention `needle`.
fn only_error<'a>(loaded: &'a Loaded, needle: &str) -> &'a Diagnostic {
    let errs = errors(loaded);
    let shown: Vec<String> = errs
        .iter()
        .take(5)
        .map(|d| d.to_string().chars().take(300).collect())
        .collect();
    assert_eq!(
        errs.len(),
        1,
        "expected one error, got {}:\n{}",
        errs.len(),
        shown.join("\n")
    );
    assert!(errs[0].message.contains(needle), "{}", shown.join("\n"));
    errs[0]
}

/// A flow of `n` nodes in a chain: n-1 steps, then an end.
fn chain_flow(id: &str, n: usize) -> String {
    let mut s = format!("flows:\n  - id: {id}\n    title: Long\n    product: Test\n    nodes:\n");
    for i in 0..n.saturating_sub(1) {
        let _ = write!(
            s,
            "      - id: n{i}\n        step: Do {i}\n        next: n{}\n",
            i + 1
        );
    }
    let _ = writeln!(
        s,
        "      - id: n{}\n        end: resolved",
        n.saturating_sub(1)
    );
    s
}

#[test]
fn a_flow_of_ten_thousand_nodes_loads() {
    let text = chain_flow("long", MAX_NODES_PER_FLOW);
    let loaded = load_texts(&[("long.yaml", &text)]);
    assert!(errors(&loaded).is_empty(), "{:?}", errors(&loaded).first());
    assert_eq!(
        loaded.library.flow("long").map(|f| f.nodes.len()),
        Some(MAX_NODES_PER_FLOW)
    );
}

#[test]
fn a_flow_over_the_node_limit_is_refused_at_the_first_node_too_many() {
    let text = chain_flow("too-long", MAX_NODES_PER_FLOW + 1);
    let loaded = load_texts(&[("long.yaml", &text)]);
    let d = only_error(&loaded, "a flow may have at most 10000");
    assert!(d.message.contains("flow has 10001 nodes"), "{d}");
    assert_eq!(d.path, "long.yaml");
    assert_eq!(d.item.as_deref(), Some("too-long"));
    // The 10001st node starts on line 6 + 3 * 10000.
    assert_eq!(
        (d.line, d.column),
        (Some(6 + 3 * MAX_NODES_PER_FLOW), Some(9))
    );
    assert!(loaded.library.flow("too-long").is_none());
}

#[test]
fn ten_thousand_inputs_in_reverse_order_are_checked_quickly() {
    // Every node asks for its own variable and uses all earlier ones' neighbour: the worst
    // case for the "set on every path" analysis. Listed last-first so a naive fixpoint needs
    // one pass per node.
    let n = MAX_NODES_PER_FLOW;
    let mut s = String::from(
        "flows:\n  - id: vars\n    title: Vars\n    product: Test\n    start: n0\n    nodes:\n",
    );
    for i in (0..n).rev() {
        if i + 1 == n {
            let _ = write!(
                s,
                "      - id: n{i}\n        end: resolved\n        message: done {{{{v{}}}}}\n",
                i - 1
            );
        } else {
            let used = if i > 0 {
                format!(" {{{{v{}}}}}", i - 1)
            } else {
                String::new()
            };
            let _ = write!(
                s,
                "      - id: n{i}\n        input: Value {i}{used}\n        var: v{i}\n        next: n{}\n",
                i + 1
            );
        }
    }
    let loaded = load_texts(&[("vars.yaml", &s)]);
    assert!(errors(&loaded).is_empty(), "{:?}", errors(&loaded).first());
}

/// `count` known errors with ids `{prefix}{i}`, split into files of at most 10k each.
fn entry_files(prefix: &str, count: usize) -> Vec<(String, String)> {
    let mut files = Vec::new();
    for start in (0..count).step_by(10_000) {
        let mut s = String::from("errors:\n");
        for i in start..(start + 10_000).min(count) {
            let _ = writeln!(
                s,
                "  - {{id: {prefix}{i}, title: Error {i}, codes: [E{i:06}], product: Test, cause: Cause {i}, fix: [Fix {i}], source: generated}}"
            );
        }
        files.push((format!("{prefix}{start}.yaml"), s));
    }
    files
}

fn as_refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect()
}

#[test]
fn a_library_of_fifty_thousand_entries_loads_and_searches() {
    let files = entry_files("e", 50_000);
    let loaded = load_texts(&as_refs(&files));
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        loaded.diagnostics.first()
    );
    assert_eq!(loaded.library.entries().len(), 50_000);
    let index = Index::build(&loaded.library);
    let results = index.search("AADSTS error E012345 occurred", 5);
    assert_eq!(
        results
            .hits
            .first()
            .map(|h| index.docs()[h.doc].id.as_str()),
        Some("e12345")
    );
}

#[test]
fn a_library_over_the_item_limit_reports_once_and_keeps_the_first_items() {
    let files = entry_files("e", MAX_LIBRARY_ITEMS + 5);
    let loaded = load_texts(&as_refs(&files));
    let d = only_error(&loaded, "already holds 100000 flows and known errors");
    assert_eq!(d.item.as_deref(), Some("e100000"));
    assert_eq!(d.path, "e100000.yaml");
    assert_eq!((d.line, d.column), (Some(2), Some(6)));
    assert_eq!(loaded.library.entries().len(), MAX_LIBRARY_ITEMS);
}

#[test]
fn replacing_many_entries_by_flows_in_a_later_layer_is_not_quadratic() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    for (name, text) in entry_files("x", 20_000) {
        std::fs::write(a.join(name), text).unwrap();
    }
    let mut flows = String::from("flows:\n");
    for i in 0..20_000 {
        let _ = writeln!(
            flows,
            "  - {{id: x{i}, title: F, product: P, nodes: [{{id: a, end: resolved}}]}}"
        );
    }
    std::fs::write(b.join("flows.yaml"), flows).unwrap();
    let loaded = load(&Sources {
        builtin: false,
        paths: vec![a, b],
    });
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        loaded.diagnostics.first()
    );
    assert_eq!(loaded.library.entries().len(), 0);
    assert_eq!(loaded.library.flows().len(), 20_000);
    assert_eq!(
        loaded.library.flow("x19999").map(|f| f.id.as_str()),
        Some("x19999")
    );
}

#[test]
fn a_file_over_the_size_limit_is_refused_from_disk_and_from_memory() {
    let big = format!("# {}\n", "x".repeat(MAX_FILE_BYTES as usize));
    let loaded = load_texts(&[("big.yaml", &big)]);
    let d = only_error(&loaded, "flow files may be at most 4194304 bytes (4 MiB)");
    assert_eq!(d.path, "big.yaml");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, &big).unwrap();
    let loaded = load(&Sources {
        builtin: false,
        paths: vec![dir.path().to_path_buf()],
    });
    let d = only_error(&loaded, "split it into several files");
    assert!(
        d.message.contains(&format!("file is {} bytes", big.len())),
        "{d}"
    );
    assert_eq!(d.path, path.display().to_string());
}

#[test]
fn a_hundred_thousand_open_brackets_are_refused_at_the_limit() {
    let text = "[".repeat(100_000);
    let loaded = load_texts(&[("deep.yaml", &text)]);
    let d = only_error(&loaded, "YAML nested more than 32 levels deep");
    // The scanner runs ahead of the events, so the position is where it stopped: at most
    // 255 brackets in, whatever follows.
    assert_eq!(d.line, Some(1));
    assert!(d.column.is_some_and(|c| c > MAX_DEPTH && c <= 256), "{d}");
}

#[test]
fn thirty_three_open_brackets_are_refused_at_the_thirty_third() {
    let text = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
    let loaded = load_texts(&[("deep.yaml", &text)]);
    let d = only_error(&loaded, "YAML nested more than 32 levels deep");
    assert_eq!((d.line, d.column), (Some(1), Some(MAX_DEPTH + 1)));
}

#[test]
fn a_syntax_error_before_deep_nesting_is_reported_without_reading_on() {
    // The first problem stops the reading: the brackets after it are never parsed.
    let text = format!("flows: [a, b\n  c: d]\nx: {}", "[".repeat(1_000_000));
    let loaded = load_texts(&[("bad.yaml", &text)]);
    let d = only_error(&loaded, "");
    assert_eq!(d.line, Some(2), "{d}");
}

#[test]
fn deeply_nested_block_mappings_are_refused() {
    let mut text = String::from("flows:\n");
    for depth in 1..=40 {
        let _ = writeln!(text, "{}k{depth}:", "  ".repeat(depth));
    }
    let loaded = load_texts(&[("deep.yaml", &text)]);
    let d = only_error(&loaded, "levels deep");
    assert_eq!(d.line, Some(MAX_DEPTH + 1));
}

#[test]
fn nesting_within_the_limit_gets_the_usual_type_error() {
    let text = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
    let loaded = load_texts(&[("ok.yaml", &text)]);
    only_error(&loaded, "invalid type");
}

#[test]
fn billion_laughs_is_refused() {
    let mut text = String::from("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        let _ = writeln!(text, "a{i}: &a{i} [{refs}]");
    }
    let loaded = load_texts(&[("lol.yaml", &text)]);
    let d = only_error(&loaded, "billion laughs");
    assert!(d.message.contains("past 16 MiB"), "{d}");
    assert!(d.line.is_some_and(|l| l > 1 && l <= 10), "{d}");
}

#[test]
fn billion_laughs_inside_a_flow_is_refused() {
    // Valid as a flow file, so serde would build every copy: tags of a 1 MiB string, repeated.
    let mut text = format!(
        "x: &s {}\nflows:\n  - id: f\n    title: T\n    product: P\n    nodes: [{{id: a, end: resolved}}]\n    tags: &t [",
        "y".repeat(1 << 20)
    );
    text.push_str(&vec!["*s"; 64].join(", "));
    text.push_str("]\n");
    let loaded = load_texts(&[("lol.yaml", &text)]);
    let d = only_error(&loaded, "billion laughs");
    assert_eq!(d.line, Some(7));
}

#[test]
fn an_alias_inside_its_own_anchor_is_refused() {
    let loaded = load_texts(&[("loop.yaml", "flows: &a [*a]\n")]);
    let d = only_error(&loaded, "refers to the value that contains it");
    assert_eq!((d.line, d.column), (Some(1), Some(12)));
}

#[test]
fn modest_aliases_still_work() {
    let text = "\
flows:
  - id: f
    title: T
    product: P
    tags: &tags [one, two]
    nodes:
      - id: a
        checklist: Do
        steps: &steps [First, Second]
        next: b
      - id: b
        checklist: Again
        steps: *steps
        next: c
      - id: c
        end: resolved
errors:
  - id: e
    title: E
    codes: [E1]
    product: P
    cause: C
    fix: [F]
    source: S
    tags: *tags
";
    let loaded = load_texts(&[("ok.yaml", text)]);
    assert!(loaded.diagnostics.is_empty(), "{:?}", loaded.diagnostics);
    assert_eq!(loaded.library.entry("e").map(|e| e.tags.len()), Some(2));
}

#[test]
fn a_one_mebibyte_single_line_value_loads() {
    let long = "x".repeat(1 << 20);
    let text = format!(
        "flows:\n  - id: f\n    title: {long}\n    product: P\n    nodes:\n      - id: a\n        step: {long}\n        next: b\n      - id: b\n        end: resolved\n"
    );
    let loaded = load_texts(&[("long.yaml", &text)]);
    assert!(
        loaded.diagnostics.is_empty(),
        "{:?}",
        loaded.diagnostics.first()
    );
    assert_eq!(
        loaded.library.flow("f").map(|f| f.title.len()),
        Some(1 << 20)
    );
}

#[test]
fn one_mebibyte_ids_that_almost_match_do_not_hang_the_suggestions() {
    let long = "x".repeat(1 << 20);
    let text = format!(
        "flows:\n  - id: f\n    title: T\n    product: P\n    nodes:\n      - id: {long}a\n        step: S\n        next: {long}b\n      - id: {long}c\n        end: resolved\n"
    );
    let loaded = load_texts(&[("long.yaml", &text)]);
    let errs = errors(&loaded);
    assert!(
        errs.iter()
            .any(|d| d.message.contains("names no node") && d.line == Some(8)),
        "{:?}",
        errs.iter()
            .map(|d| d.to_string().chars().take(200).collect::<String>())
            .collect::<Vec<_>>()
    );
}
