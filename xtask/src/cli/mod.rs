//! The command line: one subcommand per stage.
//!
//! Exit codes: 0 success, 1 the command ran but found problems (pages that
//! failed to parse), 2 trouble (bad arguments, I/O).

mod bench;
pub mod db;
pub mod diff;
mod parse;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::store;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "The aws-iam-catalog pipeline", version)]
struct Cli {
    /// The SQLite dataset.
    #[arg(long, global = true, env = "IAM_CATALOG_DB", value_name = "FILE", default_value_os_t = repo_root().join("catalog.sqlite"))]
    db: PathBuf,
    #[command(subcommand)]
    command: Command,
}

/// The repository root (the parent of `xtask/`), where the default database
/// and `snapshots/` live whatever directory the command runs from.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the repository")
        .to_path_buf()
}

/// Output formats of the reporting commands.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// One line per page, for people.
    #[default]
    Text,
    /// A JSON document, for machines.
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// Parse saved pages (`.html`, `.md`, `.tar.gz` archives, directories).
    Parse {
        /// Files or directories of pages.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Write one canonical file per prefix to DIR/services/<prefix>.json.
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Parse saved pages into a new snapshot and archive them (one transaction).
    Build {
        /// Directory (or archive) of saved pages.
        #[arg(long, value_name = "DIR")]
        from_dir: PathBuf,
        /// The data date, YYYY-MM-DD (default: today, UTC).
        #[arg(long, value_name = "DATE")]
        taken_at: Option<String>,
        /// Wait for another run holding the database instead of failing.
        #[arg(long)]
        wait: bool,
    },
    /// Load a directory of canonical files (services/*.json, manifest.toml) as a snapshot.
    Import {
        /// The snapshot directory.
        dir: PathBuf,
        /// Wait for another run holding the database instead of failing.
        #[arg(long)]
        wait: bool,
    },
    /// Write a snapshot's canonical files and manifest.toml.
    Export {
        /// Snapshot id, `latest`, `previous` or a date (YYYY-MM-DD).
        #[arg(long, default_value = "latest")]
        snapshot: store::SnapshotSelector,
        /// Output directory (replaced as a whole).
        #[arg(long, value_name = "DIR", default_value_os_t = repo_root().join("snapshots"))]
        out: PathBuf,
    },
    /// Compare two snapshots: ids, `latest`, `previous`, dates, snapshot
    /// directories (services/*.json) or directories, archives and files of pages.
    Diff {
        /// The older side.
        old: String,
        /// The newer side.
        new: String,
        /// Report format.
        #[arg(long, value_enum, default_value_t)]
        format: diff::DiffFormat,
        /// Write the report to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// List the snapshots in the database.
    Snapshots {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Measure pipeline stages on real pages (release mode).
    Bench {
        /// The stage to measure.
        #[arg(value_enum, default_value = "all")]
        stage: bench::Stage,
        /// Directory of pages.
        #[arg(long, default_value_os_t = repo_root().join("../shared/corpus/sar-html/2026-07-01"))]
        dir: PathBuf,
        /// The older directory of pages, for the diff benchmark.
        #[arg(long, default_value_os_t = repo_root().join("../shared/corpus/sar-html/2026-06-01"))]
        old_dir: PathBuf,
        /// Timed runs after one warm-up run.
        #[arg(long, default_value_t = 10)]
        runs: usize,
    },
}

/// Runs the command line.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let db = cli.db.as_path();
    match cli.command {
        Command::Build {
            from_dir,
            taken_at,
            wait,
        } => db::build(db, &from_dir, taken_at.as_deref(), wait),
        Command::Import { dir, wait } => db::import(db, &dir, wait),
        Command::Export { snapshot, out } => db::export(db, &snapshot, &out),
        Command::Snapshots { format } => db::list(db, format),
        Command::Diff {
            old,
            new,
            format,
            out,
        } => diff::run(db, &old, &new, format, out.as_deref()),
        Command::Parse { paths, out, format } => parse::run(&paths, out.as_deref(), format),
        Command::Bench {
            stage,
            dir,
            old_dir,
            runs,
        } => bench::run(stage, &dir, &old_dir, runs),
    }
}
