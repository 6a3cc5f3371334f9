//! Every file in tests/broken/ must fail to load with the error named in its first line
//! (`# expect: LINE TEXT`), at that line, without panicking.

use std::path::Path;
use tshoot::flow::{Sources, load};

#[test]
fn each_broken_file_reports_its_error_at_its_line() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/broken exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 15,
        "the broken corpus needs at least 15 files"
    );
    let mut failures = Vec::new();
    for file in &files {
        let bytes = std::fs::read(file).expect("readable file");
        let header = String::from_utf8_lossy(&bytes)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned();
        let spec = header.strip_prefix("# expect: ").unwrap_or_else(|| {
            panic!(
                "{}: first line must be `# expect: LINE TEXT`",
                file.display()
            )
        });
        let (line, text) = spec.split_once(' ').expect("LINE TEXT");
        let line: usize = line.parse().expect("a line number");
        let loaded = load(&Sources {
            builtin: false,
            paths: vec![file.clone()],
        });
        let hit = loaded
            .diagnostics
            .iter()
            .any(|d| d.is_error() && d.line == Some(line) && d.message.contains(text));
        if !hit {
            failures.push(format!(
                "{}: expected an error at line {line} containing {text:?}, got:\n  {}",
                file.display(),
                loaded
                    .diagnostics
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n  ")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn diagnostics_name_file_flow_node_and_field() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/04-dangling-next.yaml");
    let loaded = load(&Sources {
        builtin: false,
        paths: vec![file],
    });
    let d = loaded
        .diagnostics
        .iter()
        .find(|d| d.message.contains("names no node"))
        .expect("a dangling-next error");
    assert!(d.path.ends_with("04-dangling-next.yaml"));
    assert_eq!(d.item.as_deref(), Some("dangling"));
    assert_eq!(d.node.as_deref(), Some("ask"));
    assert_eq!(d.field.as_deref(), Some("choices[1].next"));
    assert_eq!((d.line, d.column), (Some(13), Some(13)));
}

#[test]
fn a_directory_reports_the_problems_of_every_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken");
    let loaded = load(&Sources {
        builtin: false,
        paths: vec![dir],
    });
    let files: std::collections::BTreeSet<_> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.path.clone())
        .collect();
    assert!(files.len() >= 15, "only {} files reported", files.len());
}
