//! The session reader on arbitrary bytes: loading, listing (which sets bad files aside) and
//! resuming whatever parses must never panic, and a resumed run stands on a real node.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};
use tshoot::flow::{Library, Sources, load};
use tshoot::session::{Session, Store};

fn library() -> &'static Library {
    static LIB: OnceLock<Library> = OnceLock::new();
    LIB.get_or_init(|| {
        load(&Sources {
            builtin: true,
            paths: Vec::new(),
        })
        .library
    })
}

fuzz_target!(|data: &[u8]| {
    let lib = library();
    let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
    if let Ok(mut session) = serde_json::from_slice::<Session>(data) {
        if tshoot::session::resume(lib, &mut session, now).is_ok() {
            assert!(
                session.run.current(lib).is_ok(),
                "resumed onto a missing node"
            );
        }
    }
    // The same bytes as a file in a store: load and list answer, never panic.
    let Ok(dir) = tempfile::tempdir() else { return };
    let Ok(store) = Store::open(dir.path()) else {
        return;
    };
    let id = "20261125-130000-1-abcd";
    if std::fs::write(store.path(id), data).is_ok() {
        let _ = store.load(id);
        let listing = store.list();
        assert!(listing.sessions.len() + listing.warnings.len() <= 1);
    }
});
