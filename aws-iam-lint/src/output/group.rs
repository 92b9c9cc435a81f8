//! Findings of one code on one statement, grouped: a policy that lists 36
//! actions of a retired service gets one finding naming how many and a few
//! of them, not 36 near-identical lines.

use std::collections::BTreeMap;

use crate::check::Report;
use crate::finding::Finding;

/// How many findings of one code on one statement are grouped: two stay
/// as they are, three or more become one.
pub const GROUP_FROM: usize = 3;

/// How many other findings a grouped one names.
const EXAMPLES: usize = 3;

/// The report with each run of [`GROUP_FROM`] or more findings of one code
/// on one statement (same file, document and statement) replaced by the
/// first of them, its message naming how many more there are and a few of
/// them, and `also` set to that number. Findings outside a statement are
/// never grouped; the order of the rest is kept.
pub fn group(report: &Report) -> Report {
    type Key<'a> = (&'a str, Option<&'a str>, usize, crate::finding::Code);
    let mut members: BTreeMap<Key, Vec<usize>> = BTreeMap::new();
    for (i, f) in report.findings.iter().enumerate() {
        if let Some(statement) = f.statement {
            members
                .entry((&f.file, f.document.as_deref(), statement, f.code))
                .or_default()
                .push(i);
        }
    }
    let mut leader_of = vec![None; report.findings.len()];
    for list in members.values().filter(|l| l.len() >= GROUP_FROM) {
        for &i in list {
            leader_of[i] = Some(list[0]);
        }
    }
    let mut findings = Vec::with_capacity(report.findings.len());
    for (i, f) in report.findings.iter().enumerate() {
        match leader_of[i] {
            None => findings.push(f.clone()),
            Some(leader) if leader == i => {
                let key = (
                    f.file.as_str(),
                    f.document.as_deref(),
                    f.statement.unwrap_or_default(),
                    f.code,
                );
                let rest: Vec<&Finding> = members[&key][1..]
                    .iter()
                    .map(|&j| &report.findings[j])
                    .collect();
                findings.push(grouped(f, &rest));
            }
            Some(_) => {}
        }
    }
    Report {
        findings,
        statements: report.statements.clone(),
        documents: report.documents,
    }
}

fn grouped(first: &Finding, rest: &[&Finding]) -> Finding {
    let mut examples: Vec<&str> = rest.iter().take(EXAMPLES).map(|f| subject(f)).collect();
    if rest.len() > EXAMPLES {
        examples.push("…");
    }
    let mut out = first.clone();
    out.also = rest.len() + first.also;
    out.message = format!(
        "{} (and {} more {} finding(s) on this statement: {})",
        first.message,
        rest.len(),
        first.code,
        examples.join(", ")
    );
    out
}

/// What a finding is about: the quoted value its message starts with
/// (`"chime:CreateAccount"`), else its path.
fn subject(f: &Finding) -> &str {
    if f.message.starts_with('"') {
        if let Some(end) = f.message.find("\": ") {
            return &f.message[..end + 1];
        }
    }
    &f.path
}
