//! Rebuilds the binary whenever anything under `flows/` changes, since those files are
//! embedded with `include_dir!` and cargo cannot see that on its own.

fn main() {
    println!("cargo:rerun-if-changed=flows");
}
