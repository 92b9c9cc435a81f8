//! Diffs of real snapshots, renames, and the reports.

mod budget;
mod corpus;
mod notices;
mod renames;
mod report;

use std::path::Path;

use xtask::diff::{Diff, compare};

/// Loads both sides (paths) and compares them.
pub fn diff_paths(old: &Path, new: &Path) -> Diff {
    let db = Path::new("/nonexistent/catalog.sqlite");
    let old = xtask::dataset::load_side(old.to_str().unwrap(), db).unwrap();
    let new = xtask::dataset::load_side(new.to_str().unwrap(), db).unwrap();
    compare(&old, &new)
}
