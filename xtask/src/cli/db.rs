//! The dataset commands: `build`, `import`, `export`, `snapshots`. Each
//! opens the database once and prints what the operations in `dataset.rs`
//! return.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use super::Format;
use crate::dataset::{Built, Dataset, db_size};
use crate::store::SnapshotSelector;

/// `cargo xtask build --from-dir DIR` or `--from-db`. Exit 1 when a page
/// failed to parse or to fetch (nothing is written then).
pub fn build(
    db: &Path,
    dirs: &[std::path::PathBuf],
    run: Option<i64>,
    taken_at: Option<&str>,
    wait: bool,
) -> Result<ExitCode> {
    let taken_at = taken_at.map_or_else(crate::clock::today, str::to_string);
    let before = db_size(db);
    // Closed (its WAL checkpointed) before the file is measured.
    let built = {
        let ds = Dataset::open_writing(db, "build", wait)?;
        if dirs.is_empty() {
            ds.build_from_run(run, &taken_at)?
        } else {
            ds.build_from_dirs(dirs, &taken_at)?
        }
    };
    match built {
        Built::Refused { errors, pages } => {
            for e in &errors {
                eprintln!("error  {e}");
            }
            eprintln!(
                "build refused: {} of {pages} pages failed to {}; {} is unchanged",
                errors.len(),
                if dirs.is_empty() {
                    "fetch or parse"
                } else {
                    "parse"
                },
                db.display()
            );
            Ok(ExitCode::from(1))
        }
        Built::Stored {
            summary,
            counts,
            pages,
            warnings,
            page_warnings,
            sources,
        } => {
            for w in &warnings {
                eprintln!("warning: {w}");
            }
            for w in &page_warnings {
                eprintln!("warning: {w}");
            }
            for line in sources.lines() {
                eprintln!("sources: {line}");
            }
            let after = db_size(db);
            println!(
                "snapshot {} ({taken_at}): {} services ({} new versions), {} actions, {pages} pages ({} new bodies); \
                 {} grew by {} KB to {} KB",
                summary.id,
                counts.services,
                summary.new_service_versions,
                counts.actions,
                summary.new_page_bodies,
                db.display(),
                after.saturating_sub(before) / 1024,
                after / 1024
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `cargo xtask fetch`. Exit 1 when a page could not be fetched (the run is
/// recorded, and `build --from-db` will refuse it).
pub fn fetch(
    db: &Path,
    cfg: crate::fetch::FetchConfig,
    only: &[String],
    wait: bool,
) -> Result<ExitCode> {
    let started = std::time::Instant::now();
    let fetched = Dataset::open_writing(db, "fetch", wait)?.fetch(cfg, only, false)?;
    let r = &fetched.run;
    for (from, to) in &fetched.moved {
        println!("moved  {from} -> {to}");
    }
    for (url, message) in &fetched.failures {
        println!("failed {url}: {message}");
    }
    for w in &fetched.warnings {
        println!("warning {w}");
    }
    println!(
        "fetch run {} from {}: {} pages ({} fetched, {} not modified, {} failed), {} {} not served (absent), {} docs pages, {} requests, {} retries, {:.1} MB in {:.1} s",
        r.id,
        r.base_url,
        r.pages,
        r.pages - r.not_modified - r.failed,
        r.not_modified,
        r.failed,
        fetched.absent,
        if fetched.absent == 1 { "twin" } else { "twins" },
        fetched.docs,
        r.requests,
        r.retries,
        r.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(if r.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// `cargo xtask import DIR`.
pub fn import(db: &Path, dir: &Path, wait: bool) -> Result<ExitCode> {
    let (summary, counts, taken_at) = Dataset::open_writing(db, "import", wait)?.import(dir)?;
    println!(
        "snapshot {} ({taken_at}): imported {} services ({} new versions), {} actions from {}",
        summary.id,
        counts.services,
        summary.new_service_versions,
        counts.actions,
        dir.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask export`.
pub fn export(db: &Path, selector: &SnapshotSelector, out: &Path) -> Result<ExitCode> {
    let info = Dataset::open(db)?.export(selector, out)?;
    println!(
        "exported snapshot {} ({}): {} services, {} actions to {}",
        info.id,
        info.taken_at,
        info.counts.services,
        info.counts.actions,
        out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `cargo xtask snapshots`.
pub fn list(db: &Path, format: Format) -> Result<ExitCode> {
    let snapshots = Dataset::open(db)?.snapshots()?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&snapshots)?),
        Format::Text => {
            println!(
                "{:>4}  {:<10}  {:>8}  {:>7}  {:>5}  {:<12}  {:<20}  source",
                "id", "taken at", "services", "actions", "pages", "hash", "created"
            );
            for s in &snapshots {
                println!(
                    "{:>4}  {:<10}  {:>8}  {:>7}  {:>5}  {:<12}  {:<20}  {}",
                    s.id,
                    s.taken_at,
                    s.counts.services,
                    s.counts.actions,
                    s.pages,
                    &s.content_sha256[..12],
                    s.created_at,
                    s.source
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
