//! `cargo xtask diff OLD NEW`: compare two snapshots. Exit status as
//! `diff(1)`: 0 no difference, 1 differences, 2 trouble.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;

use crate::dataset::OnDemand;
use crate::diff::{Diff, compare};
use crate::report::{Extras, Terminal, render, render_body, render_full};

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

/// How a Markdown report is bounded.
#[derive(Clone, Copy, Debug)]
pub struct Markdown<'a> {
    /// The most characters the body may have.
    pub budget: usize,
    /// Where the full report goes.
    pub full: Option<&'a Path>,
}

impl Default for Markdown<'_> {
    fn default() -> Self {
        Markdown {
            budget: crate::report::DEFAULT_BUDGET,
            full: None,
        }
    }
}

/// The report in a format (Markdown: the body, within the default budget).
pub fn format_report(diff: &Diff, format: DiffFormat, to_terminal: bool) -> Result<String> {
    Ok(match format {
        DiffFormat::Markdown => render_body(
            diff,
            &crate::report::Markdown,
            &Extras::default(),
            crate::report::DEFAULT_BUDGET,
        ),
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
    markdown: &Markdown<'_>,
) -> Result<ExitCode> {
    // Opened once, and only when a side is a snapshot in it.
    let db = OnDemand::new(db);
    let (old, new) = rayon::join(|| db.side(old), || db.side(new));
    let diff = compare(&old?, &new?);
    let report = match format {
        DiffFormat::Markdown => {
            let extras = Extras {
                full_report: markdown.full.map(|p| p.display().to_string()),
                ..Extras::default()
            };
            if let Some(path) = markdown.full {
                let full = render_full(&diff, &crate::report::Markdown, &extras);
                std::fs::write(path, full)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            render_body(&diff, &crate::report::Markdown, &extras, markdown.budget)
        }
        _ => format_report(&diff, format, out.is_none())?,
    };
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
