//! One policy document, from its text or from a value found in a bigger
//! file, to findings placed in that file: the size cap, a byte-order mark,
//! keys given twice (which serde_json silently reduces to the last, so the
//! first `Statement` of two would never be checked), and each finding's
//! line, `Sid` and document name.

use serde_json::Value;

use crate::check::{Checker, MAX_DOCUMENT_BYTES, Report};
use crate::finding::{Code, Finding};
use crate::jsonpath;
use crate::locate::{self, Duplicate};

/// `text` without a UTF-8 byte-order mark (editors on Windows write one;
/// JSON forbids it, IAM's console strips it).
pub(crate) fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// A finding about a whole document (`$`), outside any statement.
pub(crate) fn whole(file: &str, code: Code, line: Option<usize>, message: String) -> Finding {
    Finding {
        code,
        file: file.to_string(),
        document: None,
        sid: None,
        statement: None,
        path: "$".to_string(),
        line,
        column: None,
        message,
        suggestion: None,
        also: 0,
    }
}

/// The finding for a document over the cap, which is not read further.
pub(crate) fn too_large(file: &str, bytes: usize, line: Option<usize>) -> Finding {
    whole(
        file,
        Code::Malformed,
        line,
        format!(
            "the document is {bytes} bytes, more than the {MAX_DOCUMENT_BYTES} this checker reads"
        ),
    )
}

/// The statement a path is in: `$.Statement[3]…` is 3, `$.Statement.…`
/// (a single statement object) is 0, anything else none.
pub(crate) fn statement_of(path: &str) -> Option<usize> {
    let rest = path.strip_prefix("$.Statement")?;
    if let Some(rest) = rest.strip_prefix('[') {
        return rest.split_once(']')?.0.parse().ok();
    }
    (rest.starts_with('.') || rest.starts_with("['")).then_some(0)
}

/// The IAM001 finding for `d`, a key given twice, when its path is under
/// `prefix` (the policy's place in the text, `$` for all): its path made
/// relative to the policy. `in_string`: the policy was a JSON string inside
/// another file, where its own lines mean nothing.
pub(crate) fn duplicate_finding(
    file: &str,
    prefix: &str,
    d: &Duplicate,
    in_string: bool,
) -> Option<Finding> {
    let rest = d.path.strip_prefix(prefix)?;
    if !(rest.starts_with('.') || rest.starts_with('[')) {
        return None;
    }
    let path = format!("${rest}");
    let (line, place) = if in_string {
        (None, " of the policy string".to_string())
    } else {
        (
            Some(d.line),
            format!(" (lines {} and {})", d.first_line, d.line),
        )
    };
    let mut f = whole(
        file,
        Code::Malformed,
        line,
        format!(
            "the key {:?} is given twice in one object{place}: readers keep only the last, so the first is never checked",
            d.key
        ),
    );
    f.statement = statement_of(&path);
    f.path = path;
    Some(f)
}

/// IAM001 findings for keys given twice in `text` (JSON) under `prefix`
/// (see [`duplicate_finding`]).
pub(crate) fn duplicate_keys(
    file: &str,
    text: &str,
    prefix: &str,
    in_string: bool,
) -> Vec<Finding> {
    cap_duplicates(
        locate::duplicates(text)
            .iter()
            .filter_map(|d| duplicate_finding(file, prefix, d, in_string))
            .collect(),
    )
}

/// Most keys given twice reported one by one in a document; the rest are
/// one finding saying how many (a hostile document of 100,000 repeats is
/// not 100,000 lines).
pub(crate) const MAX_DUPLICATE_FINDINGS: usize = 20;

/// `found` cut to [`MAX_DUPLICATE_FINDINGS`], and a finding for the rest.
pub(crate) fn cap_duplicates(mut found: Vec<Finding>) -> Vec<Finding> {
    if found.len() > MAX_DUPLICATE_FINDINGS {
        let rest = found.len() - MAX_DUPLICATE_FINDINGS;
        found.truncate(MAX_DUPLICATE_FINDINGS);
        let mut more = found[MAX_DUPLICATE_FINDINGS - 1].clone();
        more.statement = None;
        more.sid = None;
        more.path = "$".to_string();
        more.message = format!("{rest} more keys are given twice in this document");
        found.push(more);
    }
    found
}

/// Checks one JSON document given as text: the cap, a BOM, repeated keys,
/// then every check, each finding with its line.
pub(crate) fn check_json(checker: &mut Checker, file: &str, text: &str) -> Report {
    check_json_value(checker, file, text, false).0
}

/// [`check_json`], and the document when it was JSON. `in_string`: the
/// text was a string inside another file (see [`duplicate_finding`]).
pub(crate) fn check_json_value(
    checker: &mut Checker,
    file: &str,
    text: &str,
    in_string: bool,
) -> (Report, Option<Value>) {
    let text = strip_bom(text);
    if text.len() > MAX_DOCUMENT_BYTES {
        return (single(too_large(file, text.len(), None)), None);
    }
    let doc = match serde_json::from_str::<Value>(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = (e.line() > 0).then_some(e.line());
            return (
                single(whole(file, Code::Malformed, line, format!("not JSON: {e}"))),
                None,
            );
        }
    };
    let mut report = checker.check_value(file, &doc);
    report
        .findings
        .extend(duplicate_keys(file, text, "$", in_string));
    let lines = lines_for(text, "$", &report.findings);
    place(&mut report, &doc, None, |path| lines.get(path).copied());
    (report, Some(doc))
}

/// A report of one finding about one document.
pub(crate) fn single(finding: Finding) -> Report {
    Report {
        findings: vec![finding],
        statements: Vec::new(),
        documents: 1,
    }
}

/// The lines in `text` of every finding's path and of its ancestors (the
/// fallback when a path names something absent), the paths taken relative
/// to `prefix`, the place of the document in `text`.
pub(crate) fn lines_for(
    text: &str,
    prefix: &str,
    findings: &[Finding],
) -> std::collections::HashMap<String, locate::Place> {
    let mut wanted = std::collections::BTreeSet::new();
    for f in findings {
        let mut p = Some(f.path.as_str());
        while let Some(path) = p {
            wanted.insert(jsonpath::join(prefix, path));
            p = jsonpath::parent(path);
        }
    }
    let found = locate::lines(text, wanted.iter().map(String::as_str));
    // Keyed back by the document's own paths.
    found
        .into_iter()
        .filter_map(|(abs, line)| {
            let rest = abs.strip_prefix(prefix)?;
            Some((format!("${rest}"), line))
        })
        .collect()
}

/// Names each finding's document and statement `Sid`, and gives it the
/// line and column `line_of` knows for its path or, failing that, for the nearest
/// ancestor (a finding about something absent points at its parent).
pub(crate) fn place(
    report: &mut Report,
    doc: &Value,
    document: Option<&str>,
    line_of: impl Fn(&str) -> Option<locate::Place>,
) {
    for s in &mut report.statements {
        if s.document.is_none() {
            s.document = document.map(str::to_string);
        }
    }
    for f in &mut report.findings {
        if f.document.is_none() {
            f.document = document.map(str::to_string);
        }
        if f.sid.is_none() {
            f.sid = f.statement.and_then(|i| sid(doc, i));
        }
        if f.line.is_none() {
            let mut p = Some(f.path.as_str());
            while let (None, Some(path)) = (f.line, p) {
                if let Some((line, column)) = line_of(path) {
                    f.line = Some(line);
                    f.column = Some(column);
                }
                p = jsonpath::parent(path);
            }
        }
    }
}

/// The `Sid` of statement `index`.
pub(crate) fn sid(doc: &Value, index: usize) -> Option<String> {
    let statement = match doc.get("Statement")? {
        Value::Array(list) => list.get(index)?,
        one @ Value::Object(_) if index == 0 => one,
        _ => return None,
    };
    statement.get("Sid")?.as_str().map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Options;

    #[test]
    fn statements_of_paths() {
        assert_eq!(statement_of("$.Statement[12].Action"), Some(12));
        assert_eq!(statement_of("$.Statement.Action"), Some(0));
        assert_eq!(statement_of("$.Statement"), None);
        assert_eq!(statement_of("$.Statements[1]"), None);
        assert_eq!(statement_of("$.Version"), None);
    }

    #[test]
    fn a_repeated_statement_key_is_an_error_naming_both_lines() {
        // serde_json keeps the second Statement: the first, with an unknown
        // action and both Resource and NotResource, would pass silently.
        let text = "{\"Version\": \"2012-10-17\",\n \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:Nope\", \"Resource\": \"*\", \"NotResource\": \"x\"}],\n \"Statement\": [{\"Sid\": \"B\", \"Effect\": \"Allow\",\n \"Effect\": \"Deny\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]}";
        let r = check_json(&mut Checker::new(Options::default()), "p.json", text);
        let dups: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.message.contains("given twice"))
            .collect();
        assert_eq!(dups.len(), 2, "{:#?}", r.findings);
        assert_eq!(dups[0].path, "$.Statement");
        assert!(
            dups[0].message.contains("lines 2 and 3"),
            "{}",
            dups[0].message
        );
        assert_eq!(dups[1].path, "$.Statement[0].Effect");
        assert_eq!(dups[1].statement, Some(0));
        assert_eq!(dups[1].sid.as_deref(), Some("B"));
        assert!(dups[1].message.contains("lines 3 and 4"));
        assert!(dups.iter().all(|f| f.code == Code::Malformed));
    }

    #[test]
    fn many_repeated_keys_are_one_finding_past_a_cap() {
        let keys: String = (0..1000).map(|_| "\"a\": 1,").collect();
        let text = format!("{{{keys} \"Statement\": []}}");
        let r = check_json(&mut Checker::new(Options::default()), "p.json", &text);
        let dups: Vec<&Finding> = r
            .findings
            .iter()
            .filter(|f| f.message.contains("twice"))
            .collect();
        assert_eq!(dups.len(), MAX_DUPLICATE_FINDINGS + 1);
        assert_eq!(
            dups.last().unwrap().message,
            format!(
                "{} more keys are given twice in this document",
                999 - MAX_DUPLICATE_FINDINGS
            )
        );
    }

    #[test]
    fn a_byte_order_mark_is_read() {
        let text = "\u{feff}{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}";
        let r = check_json(&mut Checker::new(Options::default()), "p.json", text);
        assert!(
            r.findings.iter().all(|f| f.code != Code::Malformed),
            "{:#?}",
            r.findings
        );
    }
}
