//! A short content hash of a flow, so a saved session can tell whether its flow has changed.

use crate::flow::Flow;
use sha2::{Digest, Sha256};

/// A hex digest of everything in a flow that affects a run (title, start and nodes).
pub fn fingerprint(flow: &Flow) -> String {
    let mut hasher = Sha256::new();
    // Debug output of the checked model is deterministic and covers every field that matters;
    // the flow's file position is left out, so moving a flow between files keeps its hash.
    hasher.update(flow.id.as_bytes());
    hasher.update([0]);
    hasher.update(flow.title.as_bytes());
    hasher.update([0]);
    hasher.update(flow.start.as_bytes());
    hasher.update([0]);
    hasher.update(format!("{:?}", flow.nodes).as_bytes());
    let digest = hasher.finalize();
    digest.iter().take(12).map(|b| format!("{b:02x}")).collect()
}
