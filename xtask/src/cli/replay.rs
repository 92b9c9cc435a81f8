//! `cargo xtask replay`: prints or writes the replay's table.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::ValueEnum;

use crate::replay;

/// The table's format.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ReplayFormat {
    /// A Markdown table and its summary.
    Markdown,
    /// A JSON array of rows (docs/replay.md).
    Json,
}

/// Runs the replay: the table to `out` (or standard output), one progress
/// line per recording on standard error.
pub fn run(
    paths: &[PathBuf],
    template: &Path,
    checkout: Option<PathBuf>,
    db: Option<PathBuf>,
    format: ReplayFormat,
    out: Option<&Path>,
    deadline: u64,
) -> anyhow::Result<ExitCode> {
    let opts = replay::Options {
        recordings: replay::recordings(paths)?,
        template: template.to_path_buf(),
        checkout,
        db,
        scratch_parent: None,
        deadline: Duration::from_secs(deadline),
    };
    let done = replay::run(&opts, |r| {
        eprintln!(
            "{} {} exit {} {}{} ({:.1} s)",
            r.date,
            r.outcome,
            r.exit,
            r.version_after,
            r.gate
                .as_ref()
                .map(|g| format!(" [{g}: {}]", r.services_named.join(", ")))
                .unwrap_or_default(),
            r.seconds
        );
    })?;
    eprintln!(
        "checkout {}, database {}",
        done.checkout.display(),
        done.db.display()
    );
    let text = match format {
        ReplayFormat::Markdown => replay::markdown(&done.rows),
        ReplayFormat::Json => serde_json::to_string_pretty(&done.rows)? + "\n",
    };
    match out {
        Some(path) => std::fs::write(path, text)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}
