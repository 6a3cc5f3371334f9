//! Every item of the three source documents is covered by a library entry that search finds,
//! and no sentence of a seed was copied into flows/ (own words).

use crate::util::root;
use crate::util::yaml_files;
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
use tshoot::flow::{Sources, load};
use tshoot::search::Index;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item {
    seed: String,
    item: String,
    id: String,
    query: String,
}

fn items() -> Vec<Item> {
    let text =
        std::fs::read_to_string(root().join("tests/seed_coverage.yaml")).expect("coverage file");
    serde_yaml::from_str(&text).expect("coverage YAML")
}

#[test]
fn every_seed_item_maps_to_an_entry_that_search_finds() {
    let loaded = load(&Sources {
        builtin: true,
        paths: Vec::new(),
    });
    let index = Index::build(&loaded.library);
    let items = items();
    let per_seed = |prefix: &str| items.iter().filter(|i| i.seed.starts_with(prefix)).count();
    assert_eq!(per_seed("000_"), 22, "all 22 CIPP headings");
    assert_eq!(per_seed("001_"), 31, "all 31 connector rows");
    assert!(per_seed("002_") >= 40, "the identity-platform errors");
    let mut problems = Vec::new();
    for it in &items {
        let exists =
            loaded.library.entry(&it.id).is_some() || loaded.library.flow(&it.id).is_some();
        if !exists {
            problems.push(format!(
                "{} '{}': id '{}' is not in the library",
                it.seed, it.item, it.id
            ));
            continue;
        }
        let results = index.search(&it.query, 10);
        let pos = results
            .hits
            .iter()
            .position(|h| index.doc(h.doc).is_some_and(|d| d.id == it.id));
        let found = pos.is_some_and(|p| p < 3 || results.ambiguous.contains(&p));
        if !found {
            let got: Vec<&str> = results
                .hits
                .iter()
                .take(3)
                .filter_map(|h| index.doc(h.doc))
                .map(|d| d.id.as_str())
                .collect();
            problems.push(format!(
                "'{}' (query {:?}): '{}' not in top 3, got {got:?}",
                it.item, it.query, it.id
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_catalog_entry_names_its_source() {
    let loaded = load(&Sources {
        builtin: true,
        paths: Vec::new(),
    });
    for e in loaded.library.entries() {
        assert!(!e.source.trim().is_empty(), "{} has no source", e.id);
    }
}

fn words(text: &str) -> Vec<String> {
    text.to_lowercase()
        .replace(['\'', '\u{2019}'], "")
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Keys whose text is not our prose: quotes of real error text (`signatures`, `examples`),
/// facts (`codes`, ids, links, sources, product and app names) and commands.
const NOT_PROSE: &[&str] = &[
    "signatures",
    "examples",
    "codes",
    "id",
    "link",
    "source",
    "command",
    "commands",
    "flow",
    "next",
    "start",
    "goto",
    "var",
    "app",
    "product",
];

/// Every prose string of a YAML document, with its key.
fn prose<'a>(value: &'a serde_yaml::Value, key: &str, out: &mut Vec<(String, &'a str)>) {
    if NOT_PROSE.contains(&key) {
        return;
    }
    match value {
        serde_yaml::Value::String(s) => out.push((key.to_owned(), s)),
        serde_yaml::Value::Sequence(items) => {
            for v in items {
                prose(v, key, out);
            }
        }
        serde_yaml::Value::Mapping(m) => {
            for (k, v) in m {
                prose(v, k.as_str().unwrap_or(key), out);
            }
        }
        _ => {}
    }
}

/// The 12-word runs of every source document and reference copy, with the file they are in.
fn source_grams(n: usize) -> Option<HashMap<String, String>> {
    let mut grams: HashMap<String, String> = HashMap::new();
    let mut any_dir = false;
    for dir in ["../shared/seeds", "../shared/refs"] {
        let dir = root().join(dir);
        if !dir.is_dir() {
            continue;
        }
        any_dir = true;
        for entry in std::fs::read_dir(&dir).expect("shared dir") {
            let p = entry.expect("entry").path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            if name == "README.md" || !(name.ends_with(".txt") || name.ends_with(".md")) {
                continue;
            }
            let w = words(&std::fs::read_to_string(&p).expect("source text"));
            for g in w.windows(n) {
                grams.entry(g.join(" ")).or_insert_with(|| name.clone());
            }
        }
    }
    any_dir.then_some(grams)
}

/// Needs ../shared/seeds and ../shared/refs (only in the project's workplace); skips when
/// both are absent. Facts carry over, sentences do not: no 12-word run of a source may appear
/// in a prose field of a flow file (`signatures` and `examples` quote real error text).
#[test]
fn no_twelve_word_run_of_a_source_appears_in_prose() {
    const N: usize = 12;
    let Some(grams) = source_grams(N) else {
        eprintln!("skipped: ../shared/seeds and ../shared/refs are not present on this machine");
        return;
    };
    assert!(!grams.is_empty());
    let mut copied = HashSet::new();
    for f in yaml_files(&root().join("flows")) {
        let text = std::fs::read_to_string(&f).expect("flow text");
        let doc: serde_yaml::Value = serde_yaml::from_str(&text).expect("flow YAML");
        let mut fields = Vec::new();
        prose(&doc, "", &mut fields);
        for (key, text) in fields {
            let w = words(text);
            for g in w.windows(N) {
                let g = g.join(" ");
                if let Some(source) = grams.get(&g) {
                    copied.insert(format!("{}: `{key}` copies {source}: '{g}'", f.display()));
                }
            }
        }
    }
    assert!(
        copied.is_empty(),
        "{}",
        copied.into_iter().collect::<Vec<_>>().join("\n")
    );
}

#[test]
fn prose_fields_exclude_quotes_and_facts() {
    let doc: serde_yaml::Value = serde_yaml::from_str(
        "errors:\n  - id: x\n    cause: own words\n    signatures: [quoted text]\n    examples: [a paste]\n    fix: [do this]\n",
    )
    .unwrap();
    let mut out = Vec::new();
    prose(&doc, "", &mut out);
    let texts: Vec<&str> = out.iter().map(|(_, t)| *t).collect();
    assert_eq!(texts, ["own words", "do this"]);
}

#[test]
fn the_copy_check_can_fail() {
    let seed = "the quick brown fox jumps over the lazy dog and then runs far away";
    let grams: HashSet<String> = words(seed).windows(12).map(|g| g.join(" ")).collect();
    let copied = "Note: The quick brown fox jumps over the lazy dog, and then runs far!";
    assert!(
        words(copied)
            .windows(12)
            .any(|g| grams.contains(&g.join(" ")))
    );
}
