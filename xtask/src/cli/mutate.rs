//! `cargo xtask mutate`: the mutation campaign against the parser (see
//! `crate::mutate`), with its counts.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Result;

use super::Format;
use std::collections::BTreeMap;

use crate::mutate::{Campaign, Outcome, Verdict, run as run_campaign};
use crate::parse::source;

/// Runs the command: exit 0 when nothing was found, 1 when a mutated page
/// parsed as a smaller service without a warning, panicked or was slow.
pub fn run(
    dirs: &[PathBuf],
    pages: usize,
    per_page: usize,
    seed: u64,
    slow_ms: u64,
    format: Format,
) -> Result<ExitCode> {
    let sources = source::collect(dirs)?;
    let outcome = run_campaign(
        &sources,
        &Campaign {
            pages,
            per_page,
            seed,
            slow: Duration::from_millis(slow_ms),
        },
    );
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&outcome)?),
        Format::Text => print_text(&outcome, seed),
    }
    Ok(if outcome.clean() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn counts(m: &BTreeMap<Verdict, usize>) -> String {
    m.iter()
        .map(|(v, n)| format!("{} {n}", v.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn print_text(o: &Outcome, seed: u64) {
    println!(
        "{} mutations of {} pages (seed {seed}); slowest parse {} ms",
        o.mutations,
        o.pages.len(),
        o.slowest_millis
    );
    println!("verdicts: {}", counts(&o.verdicts));
    for (kind, verdicts) in &o.by_kind {
        println!("  {:<16} {}", kind.as_str(), counts(verdicts));
    }
    for f in &o.findings {
        println!(
            "finding: {} mutation {} ({}: {}): {} in {} ms, actions {} -> {}",
            f.page,
            f.index,
            f.kind.as_str(),
            f.detail,
            f.verdict.as_str(),
            f.millis,
            f.actions.0,
            f.actions.1
        );
    }
    println!(
        "{}",
        if o.clean() {
            "no silent loss, no panic, no slow parse"
        } else {
            "FOUND problems (see findings)"
        }
    );
}
