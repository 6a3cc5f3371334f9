//! Prepares the built-in flows at build time: each YAML file under `flows/` is parsed here,
//! with the same serde types the loader uses, and embedded as JSON. Start-up then reads JSON,
//! which is an order of magnitude cheaper than YAML; the YAML text is still embedded (by
//! `include_dir!`) so problems can be located in it.
//!
//! A file that does not parse is left out here with a warning: the loader then parses its
//! YAML at run time and reports the problem with its line and column, as for any user file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/flow/schema.rs"]
mod schema;

fn main() {
    println!("cargo:rerun-if-changed=flows");
    println!("cargo:rerun-if-changed=src/flow/schema.rs");
    if let Err(e) = prepare() {
        // Only this build script's own I/O can fail here; say so instead of panicking.
        println!("cargo:warning=could not prepare the built-in flows: {e}");
        std::process::exit(1);
    }
}

fn prepare() -> std::io::Result<()> {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let json_dir = out.join("builtin");
    std::fs::create_dir_all(&json_dir)?;
    let mut files = Vec::new();
    collect(Path::new("flows"), &mut files)?;
    files.sort();
    let mut table = String::from("&[\n");
    for (n, path) in files.iter().enumerate() {
        let rel = path
            .strip_prefix("flows")
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        let text = std::fs::read_to_string(path)?;
        let parsed = if text.trim().is_empty() {
            Ok(schema::FlowFile::default())
        } else {
            serde_yaml::from_str::<schema::FlowFile>(&text).map_err(|e| e.to_string())
        };
        let json = match parsed.and_then(|f| serde_json::to_string(&f).map_err(|e| e.to_string())) {
            Ok(json) => json,
            Err(e) => {
                println!("cargo:warning=flows/{rel} is left to the run-time loader: {e}");
                continue;
            }
        };
        let target = json_dir.join(format!("{n}.json"));
        std::fs::write(&target, json)?;
        let _ = writeln!(
            table,
            "    ({rel:?}, include_str!({:?})),",
            target.to_string_lossy()
        );
    }
    table.push_str("]\n");
    std::fs::write(out.join("builtin_prepared.rs"), table)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            out.push(path);
        }
    }
    Ok(())
}
