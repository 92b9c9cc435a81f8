//! What the tests of several crates of the workspace share (a dev-dependency
//! of each, never published): where the real corpus is, and the rule for a
//! test that needs it; the hostile text of scraped pages ([`hostile`]).
//! Knows nothing of the crates that use it.
//!
//! `env!("CARGO_MANIFEST_DIR")` is this crate's, one level below the
//! repository root, so `../../shared/corpus` is the corpus beside the
//! checkout whichever crate's test asks.

use std::path::{Path, PathBuf};

pub mod hostile;

/// `../shared/corpus`, beside the repository. Under `CI=true` a missing corpus
/// fails the test; elsewhere the test is skipped with a visible message.
pub fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "the corpus is missing at {} (CI must have ../shared beside the checkout)",
            dir.display()
        );
    }
    eprintln!("SKIPPED: the corpus is not at {}", dir.display());
    None
}
