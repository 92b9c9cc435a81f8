//! The report as text for people, a compact line a finding for editors and
//! CI logs, JSON for programs, SARIF 2.1.0 for code scanning. Same report,
//! byte-identical output.
//!
//! Nothing a policy's author controls reaches a terminal or a CI log raw:
//! file names, document names, paths and messages have their control
//! characters escaped ([`escape`]), so a file named with a newline cannot
//! start a line of its own (such as a GitHub `::error` workflow command).

mod compact;
mod group;
mod json;
mod sarif;
mod text;

pub use compact::to_compact;
pub use group::group;
pub use json::to_json;
pub use sarif::to_sarif;
pub use text::to_text;

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::check::Report;
use crate::finding::Code;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One line per finding, then counts.
    Text,
    /// `file:line:column: CODE message`, one line per finding, nothing else.
    Compact,
    /// A JSON object (see [`to_json`]).
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// Findings per code, in code order (codes without findings left out).
pub fn counts(report: &Report) -> BTreeMap<Code, usize> {
    let mut counts = BTreeMap::new();
    for f in &report.findings {
        *counts.entry(f.code).or_insert(0) += 1 + f.also;
    }
    counts
}

/// `s` with every control character (C0, DEL, C1) and every Unicode
/// character that reorders or hides text (bidirectional overrides and
/// isolates, zero-width characters, line and paragraph separators) written
/// `\u{…}`; borrowed when there is none.
pub fn escape(s: &str) -> Cow<'_, str> {
    fn hostile(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
    }
    if !s.chars().any(hostile) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if hostile(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// A file name to start a line with: escaped, and `./` before a relative
/// name that starts with `::`, so that no line is a workflow command.
pub(crate) fn line_start_file(file: &str) -> Cow<'_, str> {
    let escaped = escape(file);
    if escaped.starts_with("::") {
        Cow::Owned(format!("./{escaped}"))
    } else {
        escaped
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_and_hiding_characters_are_escaped() {
        assert_eq!(super::escape("a.json"), "a.json");
        assert_eq!(
            super::escape("a\n::error file=x::injected\r\u{1b}[31m"),
            "a\\u{a}::error file=x::injected\\u{d}\\u{1b}[31m"
        );
        assert_eq!(super::escape("x\u{202e}nosj.exe"), "x\\u{202e}nosj.exe");
        assert_eq!(super::line_start_file("::error::x"), "./::error::x");
    }
}
