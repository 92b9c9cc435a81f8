//! `cargo xtask history`: an item's timeline, the growth plot, or the
//! first-recorded dates of `snapshots/`, from the database's snapshots.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::dataset::Dataset;
use crate::history::first_recorded::FILE;

/// What `history` was asked for.
pub struct Request {
    pub item: Option<String>,
    pub plot: Option<PathBuf>,
    pub backfill: bool,
    pub snapshots: PathBuf,
}

pub fn run(db: &Path, req: &Request) -> Result<ExitCode> {
    let ds = Dataset::open(db)?;
    if let Some(item) = &req.item {
        print!("{}", crate::history::timeline(&ds, item)?);
    }
    if let Some(path) = &req.plot {
        let svg = crate::history::plot(&ds)?;
        crate::codegen::write_atomic(path, svg.as_bytes())?;
        eprintln!("wrote {} ({} bytes)", path.display(), svg.len());
    }
    if req.backfill {
        let imported = crate::snapshot::import_dir(&req.snapshots)?;
        let manifest = imported
            .manifest
            .with_context(|| format!("{}: no manifest.toml", req.snapshots.display()))?;
        let b = crate::history::backfill(&ds, &imported.services, &manifest.data_date)?;
        crate::codegen::write_atomic(&req.snapshots.join(FILE), b.file.to_json().as_bytes())?;
        println!(
            "{}: {} services and items dated from the {} recordings since {}, {} more from the catalog of {} (dated {}); run `cargo xtask codegen`",
            req.snapshots.join(FILE).display(),
            b.from_history,
            ds.block_on(ds.store().recordings())?.len(),
            b.file.since,
            b.from_catalog,
            req.snapshots.display(),
            manifest.data_date
        );
    }
    Ok(ExitCode::SUCCESS)
}
