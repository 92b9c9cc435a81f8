//! SARIF 2.1.0 for GitHub code scanning: one run, a rule per finding code,
//! a result per finding located by file URI, line (when the text was read)
//! and JSON path (as a logical location).

use serde_json::{Value, json};

use crate::check::Report;
use crate::finding::{Code, Severity};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative or absolute path as a URI reference: `\` becomes `/`, and
/// bytes outside RFC 3986's unreserved and path characters are escaped.
fn uri(file: &str) -> String {
    let mut out = String::with_capacity(file.len());
    for b in file.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/:@!$&'()*+,;=#".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The report as SARIF 2.1.0 JSON, ending in a newline.
pub fn to_sarif(report: &Report) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "id": c.as_str(),
                "name": c.name(),
                "shortDescription": { "text": c.summary() },
                "defaultConfiguration": { "level": level(c.severity()) },
            })
        })
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            let mut text = f.message.clone();
            if let Some(s) = &f.suggestion {
                text.push_str(&format!(" (suggestion: {s})"));
            }
            let mut physical = json!({ "artifactLocation": { "uri": uri(&f.file) } });
            if let Some(line) = f.line {
                physical["region"] = json!({ "startLine": line });
            }
            json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == f.code),
                "level": level(f.severity()),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": [{ "fullyQualifiedName": f.path, "kind": "member" }],
                }],
            })
        })
        .collect();
    let doc = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "aws-iam-lint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/aws-iam-catalog/aws-iam-catalog",
                "rules": rules,
            }},
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).expect("a JSON value always serializes");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_escaped() {
        assert_eq!(super::uri("a b\\c.json"), "a%20b/c.json");
        assert_eq!(super::uri("x.jsonl#Name"), "x.jsonl#Name");
    }
}
