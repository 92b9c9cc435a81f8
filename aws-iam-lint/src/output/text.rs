//! `file $.Statement[0].Action[2]: warning IAM003 unknown-action: …`.

use std::fmt::Write;

use crate::check::Report;
use crate::finding::Severity;

/// The report for a terminal; `summary` adds each statement's access levels.
pub fn to_text(report: &Report, summary: bool) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
        let _ = write!(
            out,
            "{}{line} {}: {} {} {}: {}",
            f.file,
            f.path,
            f.severity(),
            f.code,
            f.code.name(),
            f.message
        );
        if let Some(s) = &f.suggestion {
            let _ = write!(out, " (suggestion: {s})");
        }
        out.push('\n');
    }
    if summary {
        for s in &report.statements {
            let effect = match s.effect {
                Some(crate::policy::Effect::Allow) => "Allow",
                Some(crate::policy::Effect::Deny) => "Deny",
                None => "?",
            };
            let access: Vec<String> = s
                .access
                .iter()
                .map(|(level, n)| format!("{level} {n}"))
                .collect();
            let _ = writeln!(
                out,
                "{} statement {}{}: {effect} {}{} action(s): {}",
                s.file,
                s.statement,
                s.sid
                    .as_deref()
                    .map(|x| format!(" ({x})"))
                    .unwrap_or_default(),
                if s.not_action { "all but " } else { "" },
                s.actions,
                if access.is_empty() {
                    "none".to_string()
                } else {
                    access.join(", ")
                }
            );
        }
    }
    let count = |sev| {
        report
            .findings
            .iter()
            .filter(|f| f.severity() == sev)
            .count()
    };
    let _ = writeln!(
        out,
        "{} finding(s) in {} document(s): {} error(s), {} warning(s), {} info",
        report.findings.len(),
        report.documents,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out
}
