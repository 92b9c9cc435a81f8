//! The report as text for people, JSON for programs, SARIF 2.1.0 for code
//! scanning. Same report, byte-identical output.

mod json;
mod sarif;
mod text;

pub use json::to_json;
pub use sarif::to_sarif;
pub use text::to_text;

use std::collections::BTreeMap;

use crate::check::Report;
use crate::finding::Code;

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One line per finding, then counts.
    Text,
    /// A JSON object (see [`to_json`]).
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// Findings per code, in code order (codes without findings left out).
pub fn counts(report: &Report) -> BTreeMap<Code, usize> {
    let mut counts = BTreeMap::new();
    for f in &report.findings {
        *counts.entry(f.code).or_insert(0) += 1;
    }
    counts
}
