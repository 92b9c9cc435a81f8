//! `cargo bench -p aws-iam-lint`: every AWS managed policy of the corpus
//! (1,594), checked in full. The issue's bar: at most 0.3 s (median).
//!
//! Also the hostile documents of issue 22, each under the 1 MiB cap and each
//! to be checked in about a second at most: a policy of `"Action": "*"` with
//! 4,000 condition keys, and 240 ARN patterns `arn:aws:` + `*a` × 2,027 and
//! a `*b` + `::` (an ARN whose service is a wildcard and which fits no
//! template, so that each is met with all of them) beside every service's
//! `prefix:*`; and the action strings of round 3: 8,100 distinct prefix
//! wildcards (`*:*`, `**:*`, `*:**`…, 760 KB) and 150,000 `"*"` in one
//! statement (750 KB), which ran 12 s and 91 s before the work bound
//! (IAM018).
//!
//! Three measures: the parsed documents (`check_value`), the same with
//! `--since` (IAM017, off by default), and the documents as JSON text
//! (`check_text`: parsing and line numbers included, as the CLI does it). Each iteration starts from a new [`Checker`], so nothing
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

/// The same with IAM017 on too (`--since 2024-01-01`), the one check that
/// is off by default.
#[divan::bench(sample_count = 31, sample_size = 1)]
fn all_managed_policies_parsed_since(bencher: divan::Bencher) {
    let policies = load();
    let options = Options {
        since: aws_iam_catalog::Date::parse_iso("2024-01-01"),
        ..Options::default()
    };
    bencher.bench(|| corpus::check_all("managed-policies", &policies, options));
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

/// `"Action": "*"` and 4,000 condition keys no action supports (about 60 KB).
fn many_condition_keys() -> String {
    let keys: Vec<String> = (0..4000).map(|i| format!(r#""s3:k{i:04}":"v""#)).collect();
    format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":"*","Resource":"*","Condition":{{"StringEquals":{{{}}}}}}}]}}"#,
        keys.join(",")
    )
}

/// Every service's `prefix:*` and 240 ARN patterns of 4 KB that can meet
/// any template (about 980 KB).
fn hostile_arn_patterns() -> String {
    let actions: Vec<String> = aws_iam_catalog::Service::all()
        .map(|s| format!(r#""{}:*""#, s.prefix()))
        .collect();
    let arns: Vec<String> = (0..240)
        .map(|i| {
            format!(
                r#""arn:aws:{}*b{}::""#,
                "*a".repeat(i),
                "*a".repeat(2027 - i)
            )
        })
        .collect();
    one_statement(&actions.join(","), &format!("[{}]", arns.join(",")))
}

/// An `Allow` of the action strings (JSON, comma-separated) on the
/// resource (JSON), under the 1 MiB cap.
fn one_statement(actions: &str, resource: &str) -> String {
    let text = format!(
        r#"{{"Version":"2012-10-17","Statement":[{{"Effect":"Allow","Action":[{actions}],"Resource":{resource}}}]}}"#
    );
    assert!(text.len() < 1 << 20, "{}", text.len());
    text
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn hostile_4000_condition_keys(bencher: divan::Bencher) {
    let text = many_condition_keys();
    bencher.bench(|| {
        let report = Checker::new(Options::default()).check_text("keys.json", &text);
        assert!(report.findings.len() >= 4000, "{}", report.findings.len());
        report.findings.len()
    });
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn hostile_240_arn_patterns(bencher: divan::Bencher) {
    let text = hostile_arn_patterns();
    bencher.bench(|| findings_cold("arns.json", &text));
}

/// 8,100 distinct wildcards, each matching every action (`*` × i, `:`,
/// `*` × j): each was a scan of every action.
fn hostile_prefix_wildcards() -> String {
    let actions: Vec<String> = (1..=90)
        .flat_map(|i| (1..=90).map(move |j| format!(r#""{}:{}""#, "*".repeat(i), "*".repeat(j))))
        .collect();
    one_statement(&actions.join(","), r#""*""#)
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn hostile_8100_prefix_wildcards(bencher: divan::Bencher) {
    let text = hostile_prefix_wildcards();
    bencher.bench(|| findings_cold("wildcards.json", &text));
}

#[divan::bench(sample_count = 5, sample_size = 1)]
fn hostile_150000_stars(bencher: divan::Bencher) {
    let text = one_statement(&vec![r#""*""#; 150_000].join(","), r#""*""#);
    bencher.bench(|| findings_cold("stars.json", &text));
}

/// The findings of one document checked by a new checker (nothing reused).
fn findings_cold(name: &str, text: &str) -> usize {
    Checker::new(Options::default())
        .check_text(name, text)
        .findings
        .len()
}
