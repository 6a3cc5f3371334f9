//! Builds the snapshot of the built-in library at build time: the shipped flows under
//! `flows/` are loaded and validated with the crate's own loader (its `flow`, `search` and
//! `diag` modules are compiled into this script too), indexed for search, and written with
//! postcard to `$OUT_DIR/builtin-{library,index}.snapshot`, which `src/snapshot.rs` embeds. Start-up then reads
//! that instead of parsing YAML, validating and indexing on every run.
//!
//! When the shipped flows have errors no snapshot is written (an empty file is): the binary
//! then loads the YAML at run time and reports the errors with their lines and columns, as
//! `tshoot lint` does.

use std::path::{Path, PathBuf};

#[allow(dead_code, unused_imports)]
#[path = "src/diag.rs"]
mod diag;
#[allow(dead_code, unused_imports)]
#[path = "src/flow/mod.rs"]
mod flow;
#[allow(dead_code, unused_imports)]
#[path = "src/search/mod.rs"]
mod search;

fn main() {
    // The modules above are part of this script, so cargo rebuilds and reruns it when they
    // change; the flows are read from disk below.
    println!("cargo:rerun-if-changed=flows");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap_or_default());
    let (library, index) = match snapshot() {
        Ok(parts) => parts,
        Err(why) => {
            println!("cargo:warning=no build-time snapshot of the built-in flows: {why}");
            (Vec::new(), Vec::new())
        }
    };
    // Two files: `tshoot search` reads only the index.
    for (name, bytes) in [
        ("builtin-library.snapshot", library),
        ("builtin-index.snapshot", index),
    ] {
        if let Err(e) = std::fs::write(out.join(name), bytes) {
            println!("cargo:warning=cannot write {name}: {e}");
            std::process::exit(1);
        }
    }
}

/// The postcard bytes of the library and of its index, for the shipped flows.
fn snapshot() -> Result<(Vec<u8>, Vec<u8>), String> {
    let loaded = flow::library::load_builtin_dir(Path::new("flows"));
    if loaded.has_errors() {
        let first = loaded
            .diagnostics
            .iter()
            .find(|d| d.is_error())
            .map(ToString::to_string)
            .unwrap_or_default();
        return Err(format!("the shipped flows have errors (first: {first})"));
    }
    let index = search::Index::build(&loaded.library);
    Ok((
        postcard::to_allocvec(&loaded.library).map_err(|e| e.to_string())?,
        postcard::to_allocvec(&index).map_err(|e| e.to_string())?,
    ))
}
