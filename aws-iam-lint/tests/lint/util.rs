//! Shared helpers: fixtures, the corpus, and findings in a comparable form.

use std::path::{Path, PathBuf};

use aws_iam_lint::corpus::ManagedPolicy;
use aws_iam_lint::{Code, Finding, Options, Report, check_text};

#[path = "../support/managed_policies.rs"]
mod support;

// The corpus rule of the whole workspace (`CI=true` fails, else skip with a
// message).
pub use test_support::corpus;

/// `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Checks a fixture, reported under its name relative to `tests/fixtures`.
pub fn check_fixture(name: &str) -> Report {
    let text = std::fs::read_to_string(fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    check_text(name, &text, Options::default())
}

/// `(code, path)` of every finding, sorted.
pub fn codes_at(findings: &[Finding]) -> Vec<(Code, &str)> {
    let mut v: Vec<(Code, &str)> = findings.iter().map(|f| (f.code, f.path.as_str())).collect();
    v.sort();
    v
}

/// The one finding with `code` at `path`.
pub fn the<'a>(report: &'a Report, code: Code, path: &str) -> &'a Finding {
    let found: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.code == code && f.path == path)
        .collect();
    assert_eq!(found.len(), 1, "{code} at {path} in {:#?}", report.findings);
    found[0]
}

/// The 1,594 AWS managed policies.
pub fn managed_policies(corpus: &Path) -> Vec<ManagedPolicy> {
    support::load(corpus)
}
