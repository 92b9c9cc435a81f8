//! Where the real corpus is, for every test of the workspace that needs it.
//! One file, included by path where a crate cannot import another's test
//! helpers (`aws-iam-lint/tests/lint/util.rs`): `env!("CARGO_MANIFEST_DIR")`
//! is then the including crate's, and every crate sits one level below the
//! repository root.

use std::path::{Path, PathBuf};

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
