//! The error search on arbitrary query text against the shipped library: never a panic, and
//! the results keep their promises (bounded, sorted by score, confidence consistent).

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tshoot::flow::{Sources, load};
use tshoot::search::Index;

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

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    if let Err(broken) = tshoot::search::promises::check(index(), &query, 10) {
        panic!("{broken} for query {query:?}");
    }
});
