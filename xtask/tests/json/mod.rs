//! The JSON twin (service reference), the reconciling of renderings, notice
//! scoping and `crosscheck`, proven on the real corpus.

mod crosscheck;
mod reference;
mod scope;
mod twins;
mod warnings;

use std::path::{Path, PathBuf};

/// Copies corpus files (paths relative to the corpus) into `dir`, created,
/// for commands that read whole directories.
pub fn copy_into(corpus: &Path, dir: &Path, files: &[&str]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for f in files {
        let from = corpus.join(f);
        std::fs::copy(&from, dir.join(from.file_name().unwrap())).unwrap();
    }
    dir.to_path_buf()
}

/// Runs the xtask binary; panics with its stderr unless it succeeds.
pub fn xtask_ok(args: &[&std::ffi::OsStr]) {
    let out = crate::util::xtask().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
