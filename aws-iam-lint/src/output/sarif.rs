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

/// A file name as a URI reference (RFC 3986): `\\` becomes `/`, every byte
/// but the unreserved ones and `/` is percent-encoded (so `a#b.json` is one
/// file, not `a` and a fragment, and `javascript:x.json` has no scheme); a
/// relative name stays relative, an absolute one becomes a `file:` URI
/// (`C:/x` keeps its drive letter).
fn uri(file: &str) -> String {
    fn encode(out: &mut String, path: &str) {
        for b in path.bytes() {
            if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    let file = file.replace('\\', "/");
    let mut out = String::with_capacity(file.len() + 8);
    let bytes = file.as_bytes();
    if file.starts_with('/') {
        out.push_str("file://");
        encode(&mut out, &file);
    } else if bytes.len() >= 3 && bytes[0].is_ascii_alphabetic() && &bytes[1..3] == b":/" {
        out.push_str("file:///");
        out.push(bytes[0] as char);
        out.push(':');
        encode(&mut out, &file[2..]);
    } else {
        encode(&mut out, &file);
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
                if let Some(column) = f.column {
                    physical["region"]["startColumn"] = json!(column);
                }
            }
            let mut logical = vec![json!({ "fullyQualifiedName": f.path, "kind": "member" })];
            if let Some(document) = &f.document {
                logical.push(json!({ "name": document, "kind": "resource" }));
            }
            json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == f.code),
                "level": level(f.severity()),
                "message": { "text": text },
                "locations": [{
                    "physicalLocation": physical,
                    "logicalLocations": logical,
                }],
                "properties": { "also": f.also },
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
        use super::uri;
        assert_eq!(uri("a b\\c.json"), "a%20b/c.json");
        assert_eq!(uri("a#b.json"), "a%23b.json");
        assert_eq!(
            uri("javascript:alert(1).json"),
            "javascript%3Aalert%281%29.json"
        );
        assert_eq!(uri("dir/x?y.json"), "dir/x%3Fy.json");
        assert_eq!(uri("../p/é.json"), "../p/%C3%A9.json");
        assert_eq!(uri("/srv/a b.json"), "file:///srv/a%20b.json");
        assert_eq!(uri("C:\\p\\a.json"), "file:///C:/p/a.json");
        assert_eq!(uri("a\nb"), "a%0Ab");
    }
}
