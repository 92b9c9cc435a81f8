//! The command line: one subcommand per stage.
//!
//! Exit codes: 0 success, 1 the command ran but found problems (pages that
//! failed to parse), 2 trouble (bad arguments, I/O).

mod bench;
pub mod checkout;
mod crosscheck;
pub mod db;
pub mod diff;
mod history;
mod mutate;
mod parse;
mod release;
mod replay;
mod update;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::store;

#[derive(Parser)]
#[command(name = "cargo xtask", about = "The aws-iam-catalog pipeline", version)]
struct Cli {
    /// The SQLite dataset (default: the checkout's `catalog.sqlite`).
    #[arg(long, global = true, env = "IAM_CATALOG_DB", value_name = "FILE")]
    db: Option<PathBuf>,
    /// The checkout to work on: where `snapshots/`, `src/generated/`, the
    /// manifests and the default database are (default: the checkout
    /// holding the working directory; never the one the binary was built in).
    #[arg(long, global = true, value_name = "DIR")]
    checkout: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

impl Cli {
    /// The checkout, resolved when a command needs it.
    fn root(&self) -> anyhow::Result<PathBuf> {
        checkout::resolve(self.checkout.as_deref())
    }

    /// The database: `--db`, else the checkout's.
    fn db(&self) -> anyhow::Result<PathBuf> {
        match &self.db {
            Some(db) => Ok(db.clone()),
            None => Ok(self.root()?.join("catalog.sqlite")),
        }
    }
}

/// `explicit`, else `rel` under the checkout.
fn or_in(
    explicit: Option<PathBuf>,
    root: impl FnOnce() -> anyhow::Result<PathBuf>,
    rel: &str,
) -> anyhow::Result<PathBuf> {
    match explicit {
        Some(p) => Ok(p),
        None => Ok(root()?.join(rel)),
    }
}

/// The real pages beside a checkout (`../shared/corpus`), for the defaults
/// of the commands that measure or mutate them.
const CORPUS: &str = "../shared/corpus";

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
    /// Parse saved pages (`.html`, `.md`, `.tar.gz` or `.tar.zst` archives, directories).
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
        /// Write the files the update may change (the checkout's paths of
        /// `update::CHECKOUT_FILES` and the --full report), one a line,
        /// to FILE when it changes any: what the workflow commits.
        #[arg(long, value_name = "FILE")]
        changed_files: Option<PathBuf>,
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
        /// Output directory, replaced as a whole (default: the checkout's snapshots/).
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
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
        /// The snapshot directory (default: the checkout's snapshots/).
        #[arg(long, value_name = "DIR")]
        snapshots: Option<PathBuf>,
    },
    /// Release the typed crate: bump its version by the semver verdict of
    /// the diff from the previous release's data, write a CHANGELOG.md
    /// entry, add tombstones for removed items and, once the oldest has been
    /// deprecated for half a year, drop those that have shipped (a major
    /// release), then regenerate src/generated/.
    Release {
        /// The data of the previous release: a snapshot directory, or a
        /// snapshot of the database (id, date, `latest`, `previous`).
        #[arg(long, value_name = "SNAPSHOT")]
        previous: String,
        /// The data to release (default: the checkout's snapshots/).
        #[arg(long, value_name = "DIR")]
        snapshots: Option<PathBuf>,
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
        /// Directory of pages (default: the corpus's sar-html/2026-07-01
        /// beside the checkout).
        #[arg(long)]
        dir: Option<PathBuf>,
        /// The older directory of pages, for the diff benchmark (default:
        /// sar-html/2026-06-01).
        #[arg(long)]
        old_dir: Option<PathBuf>,
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
        /// The page, or a directory with `reference_policies_condition-keys.md`
        /// (default: the corpus's iam-guide/ beside the checkout).
        #[arg(long, value_name = "PATH")]
        from: Option<PathBuf>,
        /// The snapshot directory to write into (default: the checkout's snapshots/).
        #[arg(long, value_name = "DIR")]
        snapshots: Option<PathBuf>,
    },
    /// The catalog's history, from the snapshots in the database (each a
    /// recording of the reference): an item's timeline (first and last
    /// recording, field changes, a service's additions, removals and page
    /// renames), the growth plot, or snapshots/first-recorded.json.
    History {
        /// A service prefix (`s3`), an action (`s3:GetObject`), a resource
        /// type (`s3:bucket`) or a condition key (`aws:SourceIp`: every
        /// service whose table lists it).
        #[arg(required_unless_present_any = ["plot", "backfill"])]
        item: Option<String>,
        /// Write the growth plot (services and actions per recording, the
        /// layout eras marked) as SVG to FILE.
        #[arg(long, value_name = "FILE")]
        plot: Option<PathBuf>,
        /// Write first-recorded.json of --snapshots from the recordings
        /// (items they lack get the catalog's data date).
        #[arg(long)]
        backfill: bool,
        /// The snapshot directory for --backfill.
        #[arg(long, value_name = "DIR")]
        snapshots: Option<PathBuf>,
    },
    /// Run the scheduled job (`update --from-dir`, default gates, never
    /// --accept-shrink) over recordings in date order, in a scratch
    /// checkout and database, one row per recording. Exit 0 when every
    /// recording ran (accepted, unchanged or rejected); 2 on trouble.
    Replay {
        /// Recordings (`YYYY-MM-DD….tar.zst`/`.tar.gz` or a `YYYY-MM-DD`
        /// directory), or directories of them.
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Table format.
        #[arg(long, value_enum, default_value = "markdown")]
        format: replay::ReplayFormat,
        /// Write the table here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Deadline in seconds for reading and parsing one recording.
        #[arg(long, default_value_t = 900)]
        deadline: u64,
    },
    /// Mutate real pages (stray tags, swapped tags, duplicated ranges, cuts)
    /// and check that none parses as a smaller service without a warning.
    Mutate {
        /// Files or directories of pages to choose from (default: the
        /// corpus's sar-html/2026-07-01 beside the checkout).
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
    /// The scheduled job's rehearsal points it at a local mirror through
    /// the environment variable.
    #[arg(long, value_name = "URL", env = "IAM_CATALOG_BASE_URL", default_value = crate::fetch::client::DEFAULT_BASE)]
    base_url: String,
    /// Stands in for https://servicereference.us-east-1.amazonaws.com (the
    /// JSON twins) beside a --base-url mirror; without it that mirror serves them too.
    #[arg(long, value_name = "URL")]
    json_base_url: Option<String>,
    /// Requests in flight at once, per host.
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
        let mut origin = crate::fetch::Origin::new(&self.base_url)?;
        if let Some(json) = &self.json_base_url {
            origin = origin.with_json_mirror(json)?;
        }
        let mut cfg = crate::fetch::FetchConfig::new(origin);
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
    let root = || cli.root();
    let corpus = |rel: &str| -> anyhow::Result<PathBuf> { Ok(root()?.join(CORPUS).join(rel)) };
    match &cli.command {
        Command::Build {
            from_dir,
            from_db: _,
            run,
            taken_at,
            wait,
        } => db::build(&cli.db()?, from_dir, *run, taken_at.as_deref(), *wait),
        Command::Fetch { fetch, only, wait } => db::fetch(&cli.db()?, fetch.config()?, only, *wait),
        Command::Update {
            fetch,
            from_dir,
            taken_at,
            report,
            max_shrink,
            max_service_shrink,
            accept_shrink,
            wait,
            full,
            full_url,
            changed_files,
        } => update::run(
            crate::update::Options {
                deadline: std::time::Duration::from_secs(fetch.deadline),
                root: root()?,
                db: cli.db()?,
                source: if from_dir.is_empty() {
                    crate::update::Source::Site(Box::new(fetch.config()?))
                } else {
                    crate::update::Source::Dirs(from_dir.clone())
                },
                taken_at: taken_at.clone(),
                shrink: crate::update::ShrinkLimit {
                    max_pct: *max_shrink,
                    service_max_pct: *max_service_shrink,
                    accepted: crate::update::Accepted::from_args(accept_shrink.clone()),
                },
                wait: *wait,
                progress: std::io::IsTerminal::is_terminal(&std::io::stderr()),
                full_report: full_url
                    .clone()
                    .or_else(|| full.as_ref().map(|p| p.display().to_string())),
                listed: Vec::new(),
            },
            &update::Files {
                report: report.as_deref(),
                full: full.as_deref(),
                changed: changed_files.as_deref(),
            },
        ),
        Command::Import { dir, wait } => db::import(&cli.db()?, dir, *wait),
        Command::Export { snapshot, out } => db::export(
            &cli.db()?,
            snapshot,
            &or_in(out.clone(), root, "snapshots")?,
        ),
        Command::Snapshots { format } => db::list(&cli.db()?, *format),
        Command::Codegen { check, snapshots } => {
            let root = root()?;
            let snapshots = snapshots.clone().unwrap_or_else(|| root.join("snapshots"));
            release::codegen(&root, &snapshots, *check)
        }
        Command::Replay {
            paths,
            format,
            out,
            deadline,
        } => replay::run(
            paths,
            // The checkout the replay works from is the working directory's;
            // --checkout and --db name the scratch checkout and database it
            // updates (default: new ones under the system's temporary
            // directory).
            &checkout::resolve(None)?,
            cli.checkout.clone(),
            cli.db.clone(),
            *format,
            out.as_deref(),
            *deadline,
        ),
        Command::Release {
            previous,
            snapshots,
            dry_run,
        } => {
            let root = root()?;
            let snapshots = snapshots.clone().unwrap_or_else(|| root.join("snapshots"));
            release::release(&root, &cli.db()?, previous, &snapshots, *dry_run)
        }
        Command::Mirror { dir, latency_ms } => {
            let pages = crate::mirror::Mirror::pages_from_dir(dir)?;
            let count = pages.len();
            let config = crate::mirror::MirrorConfig {
                latency: std::time::Duration::from_millis(*latency_ms),
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
            &cli.db()?,
            old,
            new,
            *format,
            out.as_deref(),
            &diff::Markdown {
                budget: *budget,
                full: full.as_deref(),
            },
        ),
        Command::Parse {
            paths,
            out,
            format,
            strict,
        } => parse::run(paths, out.as_deref(), *format, *strict),
        Command::Bench {
            stage,
            dir,
            old_dir,
            runs,
        } => {
            let dir = match dir {
                Some(d) => d.clone(),
                None => corpus("sar-html/2026-07-01")?,
            };
            let old_dir = match old_dir {
                Some(d) => d.clone(),
                None => corpus("sar-html/2026-06-01")?,
            };
            bench::run(*stage, &dir, &old_dir, *runs, root)
        }
        Command::Crosscheck {
            first,
            second,
            format,
            examples,
            out,
        } => crosscheck::run(
            &cli.db()?,
            first,
            second,
            *format,
            *examples,
            out.as_deref(),
        ),
        Command::GlobalKeys { from, snapshots } => {
            let from = match from {
                Some(f) => f.clone(),
                None => corpus("iam-guide")?,
            };
            // The checkout first: outside one, refuse before reading.
            let snapshots = or_in(snapshots.clone(), root, "snapshots")?;
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
        Command::History {
            item,
            plot,
            backfill,
            snapshots,
        } => history::run(
            &cli.db()?,
            &history::Request {
                item: item.clone(),
                plot: plot.clone(),
                backfill: *backfill,
                snapshots: or_in(snapshots.clone(), root, "snapshots")?,
            },
        ),
        Command::Mutate {
            paths,
            pages,
            per_page,
            seed,
            slow_ms,
            format,
        } => {
            let paths = if paths.is_empty() {
                vec![corpus("sar-html/2026-07-01")?]
            } else {
                paths.clone()
            };
            mutate::run(&paths, *pages, *per_page, *seed, *slow_ms, *format)
        }
    }
}
