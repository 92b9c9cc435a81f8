//! `cargo xtask diff OLD NEW`: compare two snapshots. Exit status as
//! `diff(1)`: 0 no difference, 1 differences, 2 trouble.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;

use crate::dataset::load_side;
use crate::diff::{Diff, compare};
use crate::report::{Markdown, Terminal, render};

/// Report formats.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum DiffFormat {
    /// Text, coloured on a terminal unless NO_COLOR is set.
    #[default]
    Text,
    /// Markdown for a pull request body.
    Markdown,
    /// JSON (schema/diff.schema.json).
    Json,
}

/// The version of the JSON report's layout (`schema/diff.schema.json`).
pub const JSON_FORMAT_VERSION: u32 = 1;

/// The report in a format.
pub fn format_report(diff: &Diff, format: DiffFormat, to_terminal: bool) -> Result<String> {
    Ok(match format {
        DiffFormat::Markdown => render(diff, &Markdown),
        DiffFormat::Text if to_terminal => render(diff, &Terminal::for_stdout()),
        DiffFormat::Text => render(diff, &Terminal { color: false }),
        DiffFormat::Json => {
            let mut value = serde_json::to_value(diff)?;
            value["format_version"] = JSON_FORMAT_VERSION.into();
            serde_json::to_string_pretty(&value)? + "\n"
        }
    })
}

/// Runs the command.
pub fn run(
    db: &Path,
    old: &str,
    new: &str,
    format: DiffFormat,
    out: Option<&Path>,
) -> Result<ExitCode> {
    let (old, new) = rayon::join(|| load_side(old, db), || load_side(new, db));
    let diff = compare(&old?, &new?);
    let report = format_report(&diff, format, out.is_none())?;
    match out {
        Some(path) => std::fs::write(path, &report)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{report}"),
    }
    Ok(if diff.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
