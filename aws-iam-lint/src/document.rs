//! One policy document, from its text or from a value found in a bigger
//! file, to findings placed in that file: the size cap, a byte-order mark,
//! keys given twice (which serde_json silently reduces to the last, so the
//! first `Statement` of two would never be checked), and each finding's
//! line, `Sid` and document name.

use serde_json::Value;

use crate::finding::{Code, Finding};
use crate::jsonpath;
use crate::locate::{self, Duplicate};

/// The largest document read (IAM's own limit is 10,240 characters for a
/// managed policy; this leaves room for formatting and resource policies).
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;

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
    findings: &mut [Finding],
    doc: &Value,
    document: Option<&str>,
    line_of: impl Fn(&str) -> Option<locate::Place>,
) {
    for f in findings {
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

    #[test]
    fn statements_of_paths() {
        assert_eq!(statement_of("$.Statement[12].Action"), Some(12));
        assert_eq!(statement_of("$.Statement.Action"), Some(0));
        assert_eq!(statement_of("$.Statement"), None);
        assert_eq!(statement_of("$.Statements[1]"), None);
        assert_eq!(statement_of("$.Version"), None);
    }
}
