//! The built-in library and its search index as build.rs loaded, validated and indexed
//! them: reading this is what keeps start-up small (see BENCHMARKS.md).

use crate::flow::Library;
use crate::search::Index;

/// postcard bytes of the library and of its index; empty when the shipped flows had errors at
/// build time.
static LIBRARY: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-library.snapshot"));
static INDEX: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-index.snapshot"));

/// The built-in library, checked at build time; `None` when there is no usable snapshot, and
/// the caller loads the YAML instead (which reports whatever is wrong).
pub fn library() -> Option<Library> {
    postcard::from_bytes(LIBRARY).ok()
}

/// The search index of the built-in library; `None` as for [`library`].
pub fn index() -> Option<Index> {
    postcard::from_bytes(INDEX).ok()
}

/// Both; `None` unless both are usable.
pub fn library_and_index() -> Option<(Library, Index)> {
    library().zip(index())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow::{Sources, load};

    fn fresh() -> Library {
        let loaded = load(&Sources {
            builtin: true,
            paths: Vec::new(),
        });
        assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
        loaded.library
    }

    #[test]
    fn the_snapshot_library_is_the_loaded_library() {
        let (snap, _) = library_and_index().expect("build.rs wrote a snapshot");
        let fresh = fresh();
        assert_eq!(snap.flows().len(), fresh.flows().len());
        assert_eq!(snap.entries().len(), fresh.entries().len());
        for (a, b) in snap.flows().iter().zip(fresh.flows()) {
            assert_eq!(a.id, b.id);
            assert_eq!(
                format!("{:?}", a.nodes),
                format!("{:?}", b.nodes),
                "{}",
                a.id
            );
            assert_eq!(a.origin.file.path, b.origin.file.path);
            assert_eq!(a.origin.file.text, b.origin.file.text);
            for n in &a.nodes {
                assert_eq!(a.node_position(&n.id), b.node_position(&n.id));
            }
            assert!(snap.flow(&a.id).is_some());
        }
        for (a, b) in snap.entries().iter().zip(fresh.entries()) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
            assert!(snap.entry(&a.id).is_some());
        }
    }

    #[test]
    fn the_snapshot_index_is_for_the_snapshot_library_only() {
        let (library, index) = library_and_index().expect("build.rs wrote a snapshot");
        assert!(index.is_for(&library));
        assert!(!index.is_for(&Library::default()));
        let other = crate::flow::load_texts(&[(
            "x.yaml",
            "errors:\n  - id: only-one\n    title: T\n    product: P\n    cause: C\n    source: S\n",
        )]);
        assert!(!other.has_errors(), "{:?}", other.diagnostics);
        assert!(!index.is_for(&other.library));
    }

    #[test]
    fn the_snapshot_index_answers_as_a_fresh_index() {
        let (_, snap) = library_and_index().expect("build.rs wrote a snapshot");
        let fresh = Index::build(&fresh());
        let long = "AADSTS50020: User account from identity provider does not exist in tenant \
                    and cannot access the application. "
            .repeat(12);
        for q in [
            "consent",
            "c",
            "box refresh",
            "invalid_grant",
            "need admin approval",
            "AADSTS700016",
            long.as_str(),
        ] {
            let (a, b) = (snap.search(q, 10), fresh.search(q, 10));
            assert_eq!(format!("{:?}", a.hits), format!("{:?}", b.hits), "{q}");
            assert!(!a.hits.is_empty(), "{q}");
        }
    }
}
