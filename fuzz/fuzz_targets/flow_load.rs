//! The flow loader and validator on arbitrary bytes: never a panic or a hang, and every
//! diagnostic is located inside the file it names. Bytes up to the first NUL are one file, the
//! rest a second file, so that merging and duplicate ids are exercised too.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tshoot::flow::load_texts;
use tshoot::search::Index;

/// Line breaks as YAML counts them: `\n`, `\r\n` and a lone `\r`.
fn yaml_line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    (0..bytes.len())
        .filter(|&i| bytes[i] == b'\n' || (bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

fuzz_target!(|data: &[u8]| {
    let (first, second) = match data.iter().position(|&b| b == 0) {
        Some(at) => (&data[..at], &data[at + 1..]),
        None => (data, &[][..]),
    };
    let first = String::from_utf8_lossy(first);
    let second = String::from_utf8_lossy(second);
    let files = [("a.yaml", first.as_ref()), ("b.yaml", second.as_ref())];
    let loaded = load_texts(&files);
    for d in &loaded.diagnostics {
        assert!(!d.message.is_empty(), "empty message: {d:?}");
        let Some((_, text)) = files.iter().find(|(p, _)| *p == d.path) else {
            panic!("diagnostic names no input file: {d:?}");
        };
        if let Some(line) = d.line {
            // YAML breaks lines at `\n`, `\r\n` and a lone `\r` (as editors do); the
            // end-of-file position may be one line past the last break.
            let last = yaml_line_breaks(text) + 2;
            assert!(
                line >= 1 && line <= last,
                "line {line} outside 1..={last}: {d:?}"
            );
            assert!(d.column.is_some_and(|c| c >= 1), "bad column: {d:?}");
        }
    }
    // Whatever loaded must be indexable and searchable.
    let index = Index::build(&loaded.library);
    let query = loaded
        .library
        .entries()
        .first()
        .map(|e| e.title.clone())
        .unwrap_or_else(|| first.chars().take(200).collect());
    let _ = index.search(&query, 5);
});
