//! `file:line [document] $.Statement[0].Action[2]: warning IAM003
//! unknown-action: …`, every part a policy's author controls escaped.

use std::fmt::Write;

use super::{escape, line_start_file};

use crate::check::Report;
use crate::finding::Severity;

/// The report for a terminal; `summary` adds each statement's access levels.
pub fn to_text(report: &Report, summary: bool) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let line = f.line.map(|l| format!(":{l}")).unwrap_or_default();
        let document = f
            .document
            .as_deref()
            .map(|d| format!(" {}", escape(d)))
            .unwrap_or_default();
        let _ = write!(
            out,
            "{}{line}{document} {}: {} {} {}: {}",
            line_start_file(&f.file),
            escape(&f.path),
            f.severity(),
            f.code,
            f.code.name(),
            escape(&f.message)
        );
        if let Some(s) = &f.suggestion {
            let _ = write!(out, " (suggestion: {})", escape(s));
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
                "{}{} statement {}{}: {effect} {}{} action(s): {}",
                line_start_file(&s.file),
                s.document
                    .as_deref()
                    .map(|d| format!(" {}", escape(d)))
                    .unwrap_or_default(),
                s.statement,
                s.sid
                    .as_deref()
                    .map(|x| format!(" ({})", escape(x)))
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
    // A grouped finding counts as the findings it stands for.
    let count = |sev| {
        report
            .findings
            .iter()
            .filter(|f| f.severity() == sev)
            .map(|f| 1 + f.also)
            .sum::<usize>()
    };
    let _ = writeln!(
        out,
        "{} finding(s) in {} document(s): {} error(s), {} warning(s), {} info",
        report.findings.iter().map(|f| 1 + f.also).sum::<usize>(),
        report.documents,
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Info)
    );
    out
}
