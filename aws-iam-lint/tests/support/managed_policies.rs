//! Reads the corpus's managed policies (gzip'd JSONL). Shared by the tests,
//! the benchmark and the `managed-policies` example through `#[path]`, since
//! flate2 is only a development dependency.

use std::io::Read;
use std::path::Path;

use aws_iam_lint::corpus::{self, ManagedPolicy};

/// The file, relative to the corpus directory.
pub const FILE: &str = "managed-policies/aws-managed-policies-latest.jsonl.gz";

/// Every policy of `<corpus>/managed-policies/…jsonl.gz`; panics naming the
/// file and the problem (a test or benchmark cannot go on without it).
pub fn load(corpus: &Path) -> Vec<ManagedPolicy> {
    let path = corpus.join(FILE);
    let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut text = String::new();
    flate2::read::GzDecoder::new(file)
        .read_to_string(&mut text)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    corpus::read("managed-policies", text.as_bytes()).unwrap_or_else(|e| panic!("{e}"))
}
