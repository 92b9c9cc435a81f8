//! `file:line:column: CODE message`, one line per finding, as compilers
//! print (editors and CI problem matchers read it). A finding without a
//! line (a document given as a value) is at `1:1`.

use std::fmt::Write;

use super::{escape, line_start_file};
use crate::check::Report;

/// The report as compact lines, each ending in a newline.
pub fn to_compact(report: &Report) -> String {
    let mut out = String::new();
    for f in &report.findings {
        let _ = write!(
            out,
            "{}:{}:{}: {} {}",
            line_start_file(&f.file),
            f.line.unwrap_or(1),
            f.column.unwrap_or(1),
            f.code,
            escape(&f.message)
        );
        if let Some(doc) = &f.document {
            let _ = write!(out, " [{}]", escape(doc));
        }
        let _ = write!(out, " [{}]", escape(&f.path));
        out.push('\n');
    }
    out
}
