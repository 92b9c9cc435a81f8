//! `cargo bench -p aws-iam-lint`: every AWS managed policy of the corpus
//! (1,594), checked in full. The bar: at most 0.3 s (median).
//!
//! Two measures: the parsed documents (`check_value`), and the documents as
//! JSON text (`check_text`: parsing and line numbers included, as the CLI
//! does it). Each iteration starts from a new [`Checker`], so nothing
//! worked out by an earlier iteration is reused: the figure is a cold run's.

use std::path::Path;

use aws_iam_lint::corpus::{self, ManagedPolicy};
use aws_iam_lint::{Checker, Options};

#[path = "../tests/support/managed_policies.rs"]
mod support;

fn load() -> Vec<ManagedPolicy> {
    support::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus"))
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 31, sample_size = 1)]
fn all_managed_policies_parsed(bencher: divan::Bencher) {
    let policies = load();
    assert_eq!(policies.len(), 1594);
    bencher.bench(|| corpus::check_all("managed-policies", &policies, Options::default()));
}

#[divan::bench(sample_count = 31, sample_size = 1)]
fn all_managed_policies_from_text(bencher: divan::Bencher) {
    let texts: Vec<(String, String)> = load()
        .into_iter()
        .map(|p| (p.name, p.document.to_string()))
        .collect();
    bencher.bench(|| {
        let mut checker = Checker::new(Options::default());
        texts
            .iter()
            .map(|(name, text)| checker.check_text(name, text).findings.len())
            .sum::<usize>()
    });
}
