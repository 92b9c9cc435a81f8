//! The command line: one subcommand per stage.
//!
//! Exit codes: 0 success, 1 the command ran but found problems (pages that
//! failed to parse), 2 trouble (bad arguments, I/O).

mod bench;
mod parse;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "The aws-iam-catalog pipeline", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
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
    /// Measure a pipeline stage on real pages (release mode).
    Bench {
        /// Directory of pages to parse.
        #[arg(default_value = "../shared/corpus/sar-html/2026-07-01")]
        dir: PathBuf,
        /// Timed runs after one warm-up run.
        #[arg(long, default_value_t = 10)]
        runs: usize,
    },
}

/// Runs the command line.
pub fn run() -> anyhow::Result<ExitCode> {
    match Cli::parse().command {
        Command::Parse { paths, out, format } => parse::run(&paths, out.as_deref(), format),
        Command::Bench { dir, runs } => bench::run(&dir, runs),
    }
}
