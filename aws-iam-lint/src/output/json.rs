//! The JSON report. Its shape is stable (fields are only added):
//! `{tool, version, catalog: {date, sha256}, documents, counts: {code: n},
//! findings: [{code, name, severity, file, document, statement, sid, path,
//! line, column, message, suggestion, also}], statements: [{file, document, statement, sid, effect, not_action,
//! actions, access: {level: n}}]}`.

use serde_json::{Map, Value, json};

use crate::check::Report;

/// The report as pretty-printed JSON, ending in a newline.
pub fn to_json(report: &Report) -> String {
    let counts: Map<String, Value> = super::counts(report)
        .into_iter()
        .map(|(code, n)| (code.as_str().to_string(), json!(n)))
        .collect();
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code.as_str(),
                "name": f.code.name(),
                "severity": f.severity().as_str(),
                "file": f.file,
                "document": f.document,
                "statement": f.statement,
                "sid": f.sid,
                "path": f.path,
                "line": f.line,
                "column": f.column,
                "message": f.message,
                "suggestion": f.suggestion,
                "also": f.also,
            })
        })
        .collect();
    let statements: Vec<Value> = report
        .statements
        .iter()
        .map(|s| {
            let access: Map<String, Value> = s
                .access
                .iter()
                .map(|(level, n)| (level.as_str().to_string(), json!(n)))
                .collect();
            json!({
                "file": s.file,
                "document": s.document,
                "statement": s.statement,
                "sid": s.sid,
                "effect": s.effect.map(|e| match e {
                    crate::policy::Effect::Allow => "Allow",
                    crate::policy::Effect::Deny => "Deny",
                }),
                "not_action": s.not_action,
                "actions": s.actions,
                "access": access,
            })
        })
        .collect();
    let doc = json!({
        "tool": "aws-iam-lint",
        "version": env!("CARGO_PKG_VERSION"),
        "catalog": {
            "date": aws_iam_catalog::DATA_VERSION.date,
            "sha256": aws_iam_catalog::DATA_VERSION.sha256,
        },
        "documents": report.documents,
        "counts": counts,
        "findings": findings,
        "statements": statements,
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("a JSON value always serializes");
    s.push('\n');
    s
}
