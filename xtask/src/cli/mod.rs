//! The command line: one subcommand per stage.
//!
//! Exit codes: 0 success, 1 the command ran but found problems (pages that
//! failed to parse), 2 trouble (bad arguments, I/O).

mod bench;
mod crosscheck;
pub mod db;
pub mod diff;
mod mutate;
mod parse;
mod release;
mod update;

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
        /// Treat every warning (a value normalised or kept as written, a
        /// duplicated row, …) as an error of its page.
        #[arg(long)]
        strict: bool,
    },
    /// Fetch the table of contents and every page it lists into the page archive.
    Fetch {
        /// How to fetch.
        #[command(flatten)]
        fetch: FetchArgs,
        /// Fetch only these pages: slugs or service prefixes (a partial run cannot make a snapshot).
        #[arg(long, value_name = "PREFIX", num_args = 1..)]
        only: Vec<String>,
        /// Wait for another run holding the database instead of failing.
        #[arg(long)]
        wait: bool,
    },
    /// The scheduled job: fetch (or read saved pages), build, check the
    /// gates, diff against snapshots/, and when the data changed, update the
    /// database, snapshots/, src/generated/, the version and CHANGELOG.md
    /// together. Exit 0: no change, nothing written; 1: changes accepted and
    /// files updated; 2: failed or rejected by a gate, nothing written.
    Update {
        /// How to fetch (unless --from-dir).
        #[command(flatten)]
        fetch: FetchArgs,
        /// Read saved pages instead of fetching: directories, archives or
        /// files (the reference, and service docs pages).
        #[arg(long, value_name = "DIR")]
        from_dir: Vec<PathBuf>,
        /// The data date (default: the date a --from-dir directory is
        /// named after, else today, UTC).
        #[arg(long, value_name = "YYYY-MM-DD")]
        taken_at: Option<String>,
        /// Write the Markdown report (the pull request body) here, whatever
        /// the outcome.
        #[arg(long, value_name = "FILE")]
        report: Option<PathBuf>,
        /// When accepted, also write the full report (no budget) here.
        #[arg(long, value_name = "FILE")]
        full: Option<PathBuf>,
        /// The link to the full report that the body gives (default: the
        /// --full path).
        #[arg(long, value_name = "URL", requires = "full")]
        full_url: Option<String>,
        /// Largest accepted drop of the total number of actions, in percent.
        #[arg(long, value_name = "PCT", default_value_t = 2.0)]
        max_shrink: f64,
        /// Largest accepted drop of one service's actions, resource types or
        /// condition keys, in percent.
        #[arg(long, value_name = "PCT", default_value_t = 10.0)]
        max_service_shrink: f64,
        /// Accept removals AWS really made: the services named (prefixes),
        /// or all of them (`all`, or the bare flag). Named services may
        /// shrink past --max-service-shrink or vanish, and are left out of
        /// the --max-shrink total.
        #[arg(long, value_name = "SERVICE", num_args = 0.., value_delimiter = ',')]
        accept_shrink: Option<Vec<String>>,
        /// Wait for another update instead of failing.
        #[arg(long)]
        wait: bool,
        /// The checkout to update (default: this repository).
        #[arg(long, value_name = "DIR", default_value_os_t = repo_root())]
        checkout: PathBuf,
    },
    /// Parse saved pages into a new snapshot and archive them (one transaction).
    Build {
        /// Directory (or archive) of saved pages.
        #[arg(
            long,
            value_name = "DIR",
            conflicts_with = "from_db",
            required_unless_present = "from_db"
        )]
        from_dir: Vec<PathBuf>,
        /// Build from a fetch run in the database (the newest unless --run).
        #[arg(long)]
        from_db: bool,
        /// The fetch run for --from-db.
        #[arg(long, requires = "from_db")]
        run: Option<i64>,
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
        /// Markdown: the most characters the report (a pull request body)
        /// may have; what does not fit is left to --full.
        #[arg(long, value_name = "N", default_value_t = crate::report::DEFAULT_BUDGET)]
        budget: usize,
        /// Markdown: also write the full report, with no budget, to FILE.
        #[arg(long, value_name = "FILE")]
        full: Option<PathBuf>,
    },
    /// Generate the typed crate's tables (src/generated/) from snapshots/.
    Codegen {
        /// Fail (exit 1) instead of writing when the files are not what the
        /// generator would write.
        #[arg(long)]
        check: bool,
        /// The snapshot directory.
        #[arg(long, value_name = "DIR", default_value_os_t = repo_root().join("snapshots"))]
        snapshots: PathBuf,
    },
    /// Release the typed crate: bump its version by the semver verdict of
    /// the diff from the previous release's data, write a CHANGELOG.md
    /// entry, add tombstones for removed items and drop those that have
    /// shipped once (a major release), then regenerate src/generated/.
    Release {
        /// The data of the previous release: a snapshot directory, or a
        /// snapshot of the database (id, date, `latest`, `previous`).
        #[arg(long, value_name = "SNAPSHOT")]
        previous: String,
        /// The data to release.
        #[arg(long, value_name = "DIR", default_value_os_t = repo_root().join("snapshots"))]
        snapshots: PathBuf,
        /// Print the plan and the changelog entry; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// List the snapshots in the database.
    Snapshots {
        /// Output format.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
    /// Serve a directory of saved pages as a local mirror of the site (for
    /// trying `fetch --base-url` by hand); runs until interrupted.
    Mirror {
        /// Directory of list_*.html pages.
        dir: PathBuf,
        /// Milliseconds added to every answer.
        #[arg(long, default_value_t = 0)]
        latency_ms: u64,
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
    /// Compare two readings of the catalog field by field, each for what
    /// its source means: snapshots (ids, dates, directories with services/)
    /// or renderings (directories or files of HTML, Markdown or JSON twins).
    /// Exit 0: they agree; 1: discrepancies; 2: trouble.
    Crosscheck {
        /// The first reading.
        first: String,
        /// The second reading.
        second: String,
        /// Report format.
        #[arg(long, value_enum, default_value_t)]
        format: crosscheck::CrosscheckFormat,
        /// Examples shown per class (text and Markdown).
        #[arg(long, default_value_t = 5)]
        examples: usize,
        /// Write the report to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Read the IAM User Guide's "AWS global condition context keys" page
    /// (AWS's Markdown rendering, or a directory holding it) into
    /// snapshots/global-condition-keys.json.
    GlobalKeys {
        /// The page, or a directory with `reference_policies_condition-keys.md`.
        #[arg(long, value_name = "PATH", default_value_os_t = repo_root().join("../shared/corpus/iam-guide"))]
        from: PathBuf,
        /// The snapshot directory to write into.
        #[arg(long, value_name = "DIR", default_value_os_t = repo_root().join("snapshots"))]
        snapshots: PathBuf,
    },
    /// Mutate real pages (stray tags, swapped tags, duplicated ranges, cuts)
    /// and check that none parses as a smaller service without a warning.
    Mutate {
        /// Files or directories of pages to choose from.
        #[arg(default_values_os_t = [repo_root().join("../shared/corpus/sar-html/2026-07-01")])]
        paths: Vec<PathBuf>,
        /// Pages to mutate, chosen by the seed.
        #[arg(long, default_value_t = 20)]
        pages: usize,
        /// Mutations per page.
        #[arg(long, default_value_t = 200)]
        per_page: usize,
        /// The seed (same seed, same mutations).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// A parse slower than this (milliseconds) is a finding.
        #[arg(long, default_value_t = 2000)]
        slow_ms: u64,
        /// Output format of the report.
        #[arg(long, value_enum, default_value_t)]
        format: Format,
    },
}

/// How to fetch: shared by `fetch` and `update`.
#[derive(Debug, clap::Args)]
pub struct FetchArgs {
    /// Stands in for https://docs.aws.amazon.com (paths stay as on the site); http only on loopback.
    #[arg(long, value_name = "URL", default_value = crate::fetch::client::DEFAULT_BASE)]
    base_url: String,
    /// Requests in flight at once.
    #[arg(long, default_value_t = 8)]
    concurrency: usize,
    /// Attempts per page, the first included.
    #[arg(long, default_value_t = 5)]
    attempts: u32,
    /// First retry delay in milliseconds (doubled each retry, with jitter).
    #[arg(long, default_value_t = 500)]
    retry_base_ms: u64,
    /// Per-request timeout in seconds.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// Deadline in seconds: for fetching, and for an update's fetching (or
    /// reading saved pages) and parsing; past it the run stops.
    #[arg(long, default_value_t = 900)]
    deadline: u64,
    /// Largest body accepted, in MiB.
    #[arg(long, default_value_t = 16)]
    max_body_mib: usize,
    /// Fetch only the reference, not the services' own docs pages.
    #[arg(long)]
    no_docs: bool,
}

impl FetchArgs {
    /// The fetcher's configuration.
    pub fn config(&self) -> anyhow::Result<crate::fetch::FetchConfig> {
        let mut cfg = crate::fetch::FetchConfig::new(crate::fetch::Origin::new(&self.base_url)?);
        cfg.concurrency = self.concurrency;
        cfg.retry.attempts = self.attempts.max(1);
        cfg.retry.base = std::time::Duration::from_millis(self.retry_base_ms);
        cfg.request_timeout = std::time::Duration::from_secs(self.timeout);
        cfg.deadline = std::time::Duration::from_secs(self.deadline);
        cfg.max_body = self.max_body_mib << 20;
        cfg.docs = !self.no_docs;
        Ok(cfg)
    }
}

/// Runs the command line.
pub fn run() -> anyhow::Result<ExitCode> {
    let cli = Cli::parse();
    let db = cli.db.as_path();
    match cli.command {
        Command::Build {
            from_dir,
            from_db: _,
            run,
            taken_at,
            wait,
        } => db::build(db, &from_dir, run, taken_at.as_deref(), wait),
        Command::Fetch { fetch, only, wait } => db::fetch(db, fetch.config()?, &only, wait),
        Command::Update {
            fetch,
            from_dir,
            taken_at,
            report,
            max_shrink,
            max_service_shrink,
            accept_shrink,
            wait,
            checkout,
            full,
            full_url,
        } => update::run(
            crate::update::Options {
                deadline: std::time::Duration::from_secs(fetch.deadline),
                root: checkout,
                db: db.to_path_buf(),
                source: if from_dir.is_empty() {
                    crate::update::Source::Site(Box::new(fetch.config()?))
                } else {
                    crate::update::Source::Dirs(from_dir)
                },
                taken_at,
                shrink: crate::update::ShrinkLimit {
                    max_pct: max_shrink,
                    service_max_pct: max_service_shrink,
                    accepted: crate::update::Accepted::from_args(accept_shrink),
                },
                wait,
                progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
                full_report: full_url
                    .clone()
                    .or_else(|| full.as_ref().map(|p| p.display().to_string())),
            },
            report.as_deref(),
            full.as_deref(),
        ),
        Command::Import { dir, wait } => db::import(db, &dir, wait),
        Command::Export { snapshot, out } => db::export(db, &snapshot, &out),
        Command::Snapshots { format } => db::list(db, format),
        Command::Codegen { check, snapshots } => release::codegen(&snapshots, check),
        Command::Release {
            previous,
            snapshots,
            dry_run,
        } => release::release(db, &previous, &snapshots, dry_run),
        Command::Mirror { dir, latency_ms } => {
            let pages = crate::mirror::Mirror::pages_from_dir(&dir)?;
            let count = pages.len();
            let config = crate::mirror::MirrorConfig {
                latency: std::time::Duration::from_millis(latency_ms),
                gzip: true,
                ..Default::default()
            };
            let mirror = crate::mirror::Mirror::start(pages, config)?;
            println!(
                "serving {count} pages of {} at {}",
                dir.display(),
                mirror.base_url()
            );
            println!("try: cargo xtask fetch --base-url {}", mirror.base_url());
            loop {
                std::thread::park();
            }
        }
        Command::Diff {
            old,
            new,
            format,
            out,
            budget,
            full,
        } => diff::run(
            db,
            &old,
            &new,
            format,
            out.as_deref(),
            &diff::Markdown {
                budget,
                full: full.as_deref(),
            },
        ),
        Command::Parse {
            paths,
            out,
            format,
            strict,
        } => parse::run(&paths, out.as_deref(), format, strict),
        Command::Bench {
            stage,
            dir,
            old_dir,
            runs,
        } => bench::run(stage, &dir, &old_dir, runs),
        Command::Crosscheck {
            first,
            second,
            format,
            examples,
            out,
        } => crosscheck::run(db, &first, &second, format, examples, out.as_deref()),
        Command::GlobalKeys { from, snapshots } => {
            let keys = crate::parse::global_keys::read_path(&from)?;
            let path = snapshots.join(crate::snapshot::GLOBAL_KEYS_FILE);
            crate::codegen::write_atomic(&path, keys.to_json().as_bytes())?;
            println!(
                "{}: {} global condition keys",
                path.display(),
                keys.keys.len()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Mutate {
            paths,
            pages,
            per_page,
            seed,
            slow_ms,
            format,
        } => mutate::run(&paths, pages, per_page, seed, slow_ms, format),
    }
}
