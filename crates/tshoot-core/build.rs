//! The built-in flows are embedded with `include_dir!`, which cargo cannot see: this tells it
//! to rebuild the crate when a file under `flows/` changes.

fn main() {
    println!("cargo:rerun-if-changed=../../flows");
}
