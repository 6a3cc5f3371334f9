//! The shipped library: it lints clean, and the JSON Schema describes it.

use crate::util::yaml_files;
use std::path::Path;
use tshoot::flow::{Sources, load};

fn flows_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("flows")
}

#[test]
fn shipped_library_has_no_errors_or_warnings() {
    let loaded = load(&Sources {
        builtin: true,
        paths: Vec::new(),
    });
    let problems: Vec<String> = loaded.diagnostics.iter().map(ToString::to_string).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(loaded.library.flow("cipp-token-cache").is_some());
    assert!(loaded.library.flow("cipp-mfa").is_some());
}

#[test]
fn embedded_library_matches_the_flows_directory() {
    let builtin = load(&Sources {
        builtin: true,
        paths: Vec::new(),
    });
    let disk = load(&Sources {
        builtin: false,
        paths: vec![flows_dir()],
    });
    let ids = |l: &tshoot::flow::Library| {
        let mut v: Vec<String> = l
            .flows()
            .iter()
            .map(|f| f.id.clone())
            .chain(l.entries().iter().map(|e| e.id.clone()))
            .collect();
        v.sort();
        v
    };
    assert_eq!(ids(&builtin.library), ids(&disk.library));
}

fn schema() -> serde_json::Value {
    serde_json::to_value(tshoot::flow::schema::json_schema()).expect("schema is JSON")
}

#[test]
fn schema_is_a_valid_draft07_schema() {
    let schema = schema();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    jsonschema::meta::validate(&schema).expect("valid against the draft-07 meta-schema");
}

#[test]
fn shipped_flows_validate_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    let mut files = Vec::new();
    files.extend(yaml_files(&flows_dir()));
    assert!(!files.is_empty());
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        let value: serde_json::Value = serde_yaml::from_str(&text).expect("YAML");
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| e.to_string())
            .collect();
        assert!(
            errors.is_empty(),
            "{}: {}",
            file.display(),
            errors.join("; ")
        );
    }
}

#[test]
fn schema_rejects_a_typo() {
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken/03-unknown-key-typo.yaml"),
    )
    .expect("readable");
    let value: serde_json::Value = serde_yaml::from_str(&text).expect("YAML");
    assert!(!validator.is_valid(&value));
}

#[test]
fn schema_accepts_both_step_forms() {
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    let value = serde_json::json!({"flows": [{"id": "x", "title": "x", "product": "p", "nodes": [
        {"id": "a", "checklist": "c", "steps": ["plain", {"text": "t", "wait": "5m"}], "next": "b"},
        {"id": "b", "end": "resolved"}]}]});
    assert!(validator.is_valid(&value));
}

#[test]
fn committed_schema_file_is_up_to_date() {
    let committed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/tshoot.schema.json"),
    )
    .expect("assets/tshoot.schema.json exists");
    let committed: serde_json::Value = serde_json::from_str(&committed).expect("JSON");
    assert_eq!(
        committed,
        schema(),
        "regenerate with: cargo run -- schema > assets/tshoot.schema.json"
    );
}
