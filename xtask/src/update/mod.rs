//! `cargo xtask update`: the scheduled job, end to end.
//!
//! discover → fetch → build → gates → diff against the reviewed data
//! (`snapshots/`) → export → release (version, changelog, tombstones) →
//! codegen → report. Everything is done on copies (see [`commit`]) and
//! committed at once, so the run either updates the database, `snapshots/`,
//! `src/generated/` and the release files together, or changes nothing.
//! Two locks keep two updates apart: the checkout's (`.update.lock`) and the
//! database's.

pub mod commit;
pub mod gates;
mod report;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::dataset::{self, Built, Dataset};
use crate::diff::Side;
use crate::fetch::FetchConfig;
use crate::release;
use crate::snapshot::{KeysFile, Manifest, TOMBSTONES, export_dir};
use crate::store::{SnapshotSelector, WriteLock};
pub use gates::{Accepted, Gate, Rejection, ShrinkLimit};

/// Where the pages come from.
#[derive(Clone, Debug)]
pub enum Source {
    /// The documentation site (or a mirror standing in for it).
    Site(Box<FetchConfig>),
    /// Saved pages: directories, archives or files.
    Dirs(Vec<PathBuf>),
}

/// What to update.
#[derive(Clone, Debug)]
pub struct Options {
    /// The checkout: `snapshots/`, `src/generated/`, `Cargo.toml`...
    pub root: PathBuf,
    /// The database.
    pub db: PathBuf,
    /// The pages.
    pub source: Source,
    /// The data date; by default the date a saved directory is named
    /// after, else today (UTC).
    pub taken_at: Option<String>,
    /// The shrink gates.
    pub shrink: ShrinkLimit,
    /// How long reading (fetching or loading) and parsing the pages may
    /// take, from the start of the run; past it the run fails, writing
    /// nothing.
    pub deadline: Duration,
    /// Wait for another update instead of failing.
    pub wait: bool,
    /// Progress bars on stderr.
    pub progress: bool,
    /// Where the full report will be (a link or path the body names), when
    /// the caller keeps one.
    pub full_report: Option<String>,
    /// The table of contents of saved pages, when known (the replay
    /// reconstructs each recording's); empty: none. Fetched pages use the
    /// one fetched.
    pub listed: Vec<gates::Listing>,
}

/// What an update may replace in the checkout (besides the database).
pub const CHECKOUT_FILES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "CHANGELOG.md",
    "examples/downstream/Cargo.toml",
    "aws-iam-lint/Cargo.toml",
    "snapshots",
    "src/generated",
];

/// The context of errors after the commit point.
const COMMITTING: &str = "committing the update";

/// How the run ended.
#[derive(Debug)]
pub enum Outcome {
    /// The pages hold the reviewed data: nothing was written.
    Unchanged,
    /// New data passed the gates and every file was updated.
    Accepted {
        /// The crate version before and after.
        from: release::Version,
        /// After.
        to: release::Version,
    },
    /// A gate stopped the run: nothing was written.
    Rejected(Rejection),
}

/// A finished run.
#[derive(Debug)]
pub struct Run {
    /// How it ended.
    pub outcome: Outcome,
    /// The Markdown report (a pull request body); when an interrupted
    /// update's commit was finished first, it says what that commit wrote.
    pub report: String,
    /// The full report, with no budget, when the update was accepted.
    pub full_report: Option<String>,
    /// An interrupted update's commit, finished first.
    pub recovered: Option<commit::Recovered>,
    /// What the release does, when the update was accepted (for `replay`
    /// and other callers that tabulate runs).
    pub release: Option<ReleaseFacts>,
}

/// The figures of an accepted update's release.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct ReleaseFacts {
    /// `patch`, `minor` or `major`.
    pub bump: String,
    /// The bump in words.
    pub label: String,
    /// Why, one sentence each.
    pub reasons: Vec<String>,
    /// The diff's summary: added, removed, changed per kind of item.
    pub summary: crate::diff::Summary,
    /// Services whose pages changed layout.
    pub layout_changes: usize,
    /// Tombstones this release writes (`kind name`).
    pub tombstones_added: Vec<String>,
    /// Tombstones this release drops (shipped in an earlier one).
    pub tombstones_dropped: Vec<String>,
    /// The lint's versions, `from → to`: it is published with every
    /// release.
    pub lint: Option<String>,
}

impl ReleaseFacts {
    fn of(plan: &release::Plan) -> ReleaseFacts {
        let name = |t: &crate::codegen::Tombstone| format!("{} {}", t.kind, t.name);
        ReleaseFacts {
            bump: plan.bump.as_str().to_string(),
            label: release::bump_label(plan).to_string(),
            reasons: plan.reasons.clone(),
            summary: plan.diff.summary.clone(),
            layout_changes: plan.diff.services.relayout.len(),
            tombstones_added: plan.added.iter().map(name).collect(),
            tombstones_dropped: plan.dropped.iter().map(name).collect(),
            lint: plan
                .lint
                .as_ref()
                .map(|(from, to)| format!("{from} → {to}")),
        }
    }
}

/// The run's deadline passed before the pages were read and parsed.
#[derive(Debug, thiserror::Error)]
#[error(
    "the run's deadline of {} s passed before the pages were read and parsed (--deadline)",
    .0.as_secs()
)]
pub struct DeadlinePassed(pub Duration);

/// The update lock could not be taken: another update holds it.
#[derive(Debug, thiserror::Error)]
#[error("another update is running ({holder}); try again when it has finished, or pass --wait")]
pub struct AnotherUpdate {
    /// What the lock file says.
    pub holder: String,
}

fn lock(path: &Path, wait: bool) -> Result<WriteLock> {
    WriteLock::acquire(path, "update", wait).map_err(|e| match e.downcast::<crate::store::Busy>() {
        Ok(busy) => AnotherUpdate {
            holder: busy.holder,
        }
        .into(),
        Err(e) => e,
    })
}

/// The data date of saved pages: the name of the first directory when it
/// is a date (`sar-html/2026-07-01`), else today.
fn data_date(opts: &Options) -> String {
    if let Some(d) = &opts.taken_at {
        return d.clone();
    }
    if let Source::Dirs(dirs) = &opts.source
        && let Some(name) = dirs
            .first()
            .and_then(|d| d.file_name())
            .and_then(|n| n.to_str())
        && let Some(date) = name.get(..10).filter(|d| crate::clock::is_date(d))
    {
        return date.to_string();
    }
    crate::clock::today()
}

fn describe(source: &Source) -> String {
    match source {
        Source::Site(cfg) => cfg.origin.base.to_string(),
        Source::Dirs(dirs) => dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(" + "),
    }
}

/// Runs the update. An `Err` means the run failed (and wrote nothing);
/// gates that stop it are an `Ok` [`Outcome::Rejected`].
pub fn run(opts: &Options, pause_after_commit_point: impl FnOnce()) -> Result<Run> {
    let _checkout = lock(&opts.root.join(".update"), opts.wait)?;
    let _db = lock(&opts.db, opts.wait)?;
    let recovered = commit::recover(&opts.root, &opts.db)?;
    if recovered.is_some() {
        eprintln!("finished the commit of an interrupted update");
    }
    let run = run_staged(opts, pause_after_commit_point)?;
    Ok(match recovered {
        None => run,
        Some(r) => Run {
            report: with_recovery(&r, &opts.root, &run),
            recovered: Some(r),
            ..run
        },
    })
}

/// What the report of a run that finished an interrupted commit says
/// first: what that commit wrote (its own report, kept in the journal),
/// then this run's outcome, unless it found nothing more to write.
fn with_recovery(r: &commit::Recovered, root: &Path, run: &Run) -> String {
    let wrote: Vec<String> = r
        .wrote
        .iter()
        .map(|p| format!("`{}`", p.strip_prefix(root).unwrap_or(p).display()))
        .collect();
    let mut s = format!(
        "# aws-iam-catalog update: finished an interrupted update\n\n\
         An update was stopped after its commit point; this run finished moving what it \
         committed into place: {}.\n\n",
        wrote.join(", ")
    );
    match &r.report {
        Some(committed) => {
            s.push_str(
                "What that update committed:\n\n<details open><summary>its report</summary>\n\n",
            );
            s.push_str(&committed.replacen("# ", "## ", 1));
            s.push_str("\n</details>\n\n");
        }
        None => s.push_str("Its journal did not keep its report (an older version wrote it).\n\n"),
    }
    match run.outcome {
        Outcome::Unchanged => s.push_str(
            "Then the pages were read again: they hold the data that commit wrote, so this run wrote nothing more.\n",
        ),
        _ => {
            s.push_str("Then this run:\n\n---\n\n");
            s.push_str(&run.report);
        }
    }
    s
}

/// What the reading thread hands back: the open working database, what the
/// build did, the table of contents' entries and the reviewed data.
type Read = (Dataset, Built, Fetch, Option<crate::snapshot::Imported>);

/// What fetching said beside the pages: the table of contents' entries
/// (none for saved pages) and the fetch's warnings.
type Fetch = (Vec<gates::Listing>, Vec<String>);

/// Opens the working database (the one time this run opens it), stores
/// the reviewed data (`imported` from the checkout's `snapshots/`) in it
/// unless it is its newest snapshot already, then reads the pages (fetching
/// them, or from saved directories) and builds them into it, on a thread of
/// its own so that the deadline holds whatever a page does to the parser.
/// On time, the open database and what the build did; past it,
/// [`DeadlinePassed`] (the thread is left to the end of the process, and
/// the stage, which it alone writes, is discarded).
fn read_within_deadline(
    opts: &Options,
    working_db: &Path,
    taken_at: &str,
    started: Instant,
    imported: Option<(PathBuf, crate::snapshot::Imported)>,
) -> Result<Read> {
    let deadline = started + opts.deadline;
    let saved_listing = opts.listed.clone();
    let (source, db, taken_at, quiet) = (
        opts.source.clone(),
        working_db.to_path_buf(),
        taken_at.to_string(),
        !opts.progress,
    );
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("read pages".into())
        .spawn(move || {
            let read = (|| {
                let ds = Dataset::open_working_copy(&db, "update")?;
                if let Some((dir, imported)) = &imported {
                    store_reviewed(&ds, dir, imported)?;
                }
                let (built, (mut listed, warnings)) =
                    read(source, &ds, &taken_at, deadline, quiet)?;
                if listed.is_empty() {
                    listed = saved_listing;
                }
                Ok((ds, built, (listed, warnings), imported.map(|(_, i)| i)))
            })();
            let _ = tx.send(read);
        })
        .context("cannot start the thread that reads the pages")?;
    match rx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
        Ok(read) => read.map_err(|e| commit::name_the_original(e, working_db, &opts.db)),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(DeadlinePassed(opts.deadline).into())
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            anyhow::bail!("reading the pages stopped without an answer")
        }
    }
}

/// The reviewed data, stored in the working database unless it is its
/// newest snapshot already: the build keeps docs it could not fetch from
/// the newest snapshot.
fn store_reviewed(ds: &Dataset, dir: &Path, imported: &crate::snapshot::Imported) -> Result<()> {
    let latest = ds.snapshots()?.into_iter().max_by_key(|s| s.id);
    if latest.is_none_or(|l| l.content_sha256 != imported.set.content_sha256) {
        ds.store_imported(dir, imported)?;
    }
    Ok(())
}

fn read(
    source: Source,
    ds: &Dataset,
    taken_at: &str,
    deadline: Instant,
    quiet: bool,
) -> Result<(Built, Fetch)> {
    match source {
        Source::Dirs(dirs) => Ok((ds.build_from_dirs(&dirs, taken_at)?, Default::default())),
        Source::Site(mut cfg) => {
            // The fetcher stops at the same instant.
            cfg.deadline = deadline.saturating_duration_since(Instant::now());
            let fetched = ds.fetch(*cfg, &[], quiet)?;
            for w in &fetched.warnings {
                eprintln!("warning: {w}");
            }
            // Not a warning: the pages stand on their other renderings, and
            // the report's "Sources" says which each service was read from.
            if fetched.absent > 0 {
                eprintln!(
                    "note: {} not served (absent); their pages stand on their other renderings",
                    crate::report::count(fetched.absent, "twin")
                );
            }
            let listed = fetched
                .listed
                .iter()
                .map(|l| gates::Listing {
                    slug: l.slug.clone(),
                    text: l.text.clone(),
                })
                .collect();
            Ok((
                ds.build_from_run(None, taken_at)?,
                (listed, fetched.warnings),
            ))
        }
    }
}

fn run_staged(opts: &Options, pause_after_commit_point: impl FnOnce()) -> Result<Run> {
    let started = Instant::now();
    let mut stage = commit::Stage::new(&opts.root, &opts.db)?;
    let source = describe(&opts.source);
    let snapshots = opts.root.join("snapshots");

    // The reviewed data (stored in the copied database under the deadline).
    let imported = if snapshots.join("manifest.toml").exists() {
        Some(crate::snapshot::import_dir(&snapshots)?)
    } else {
        None
    };
    let taken_at = data_date(opts);
    let (ds, built, (listed, fetch_warnings), imported) = read_within_deadline(
        opts,
        stage.working_db(),
        &taken_at,
        started,
        imported.map(|i| (snapshots.clone(), i)),
    )?;
    let baseline = imported.map(|i| dataset::side_of_dir(&snapshots.to_string_lossy(), i));
    let (pages, page_warnings, read) = match built {
        Built::Refused { errors, pages } => {
            let rejection = gates::pages(&errors, pages + errors.len());
            return Ok(rejected(rejection, &source));
        }
        Built::Stored {
            pages,
            page_warnings,
            sources,
            ..
        } => (pages, page_warnings, sources),
    };
    let dataset::Loaded {
        info,
        set,
        services,
        moved,
        global_keys,
    } = ds.load_snapshot(&SnapshotSelector::Latest)?;
    let mut new = Side {
        label: source.clone(),
        data_date: Some(info.taken_at.clone()),
        content_sha256: info.content_sha256.clone(),
        services,
        moved,
        global_keys: None,
    };
    let mut old = baseline.unwrap_or_else(|| Side {
        label: "nothing (first update)".into(),
        data_date: None,
        content_sha256: String::new(),
        services: Vec::new(),
        moved: Default::default(),
        global_keys: None,
    });
    let mut passed = vec![format!("{}: {pages} pages", Gate::Pages.as_str())];
    match gates::check(&old, &new, &listed, &opts.shrink) {
        Ok(lines) => passed.extend(lines),
        Err(rejection) => return Ok(rejected(rejection, &source)),
    }
    // The global keys are compared like the services: an update where
    // only they changed is not "no change".
    old.global_keys = crate::snapshot::global_keys_if_any(&snapshots)?;
    // The keys the build stored (the build decides: the input's page, or
    // the previous snapshot's when the input did not have it); a working
    // database without any falls back to the checkout's file.
    let keys = match global_keys {
        Some(k) => k,
        None => KeysFile::of(&crate::snapshot::read_global_keys_file(&snapshots)?),
    };
    new.global_keys = Some(keys.keys());
    if old.content_sha256 == new.content_sha256 && old.global_keys == new.global_keys {
        return Ok(Run {
            report: report::unchanged(&new, &source, &passed, &read),
            full_report: None,
            outcome: Outcome::Unchanged,
            recovered: None,
            release: None,
        });
    }

    // Accepted: stage the new snapshots/ and every file the release writes.
    let tombstones = crate::codegen::Tombstones::read(&snapshots.join(TOMBSTONES))?;
    let plan = release::plan_at(&opts.root, &old, &new, &tombstones)?;
    // The new snapshot, exported and generated from what is in memory.
    let manifest =
        Manifest::new(&info.taken_at, &info.source, info.counts, &set).listing_keys(Some(&keys));
    let staged_snapshots = stage.dir_for("snapshots");
    export_dir(&staged_snapshots, &manifest, &set, Some(&keys))?;
    plan.tombstones.write(&staged_snapshots.join(TOMBSTONES))?;
    let first_recorded = first_recorded(&snapshots, &new.services, &info.taken_at)?;
    crate::codegen::write_atomic(
        &staged_snapshots.join(crate::history::first_recorded::FILE),
        first_recorded.to_json().as_bytes(),
    )?;
    // The page's keys when the input has it, else the checkout's.
    let global_keys = keys.keys();
    let input = crate::codegen::Input {
        services: new.services,
        manifest,
        tombstones: plan.tombstones.clone(),
        global_keys,
        first_recorded: Some(first_recorded),
    };
    let crate::codegen::Generated {
        outputs,
        warnings: codegen_warnings,
    } = release::outputs(&opts.root, &input, &plan)?;
    stage.put_dir(&staged_snapshots, &snapshots);
    // src/generated/ is replaced as a whole, so files the new data no
    // longer produces (a dropped service's module) go with it.
    let (generated, others): (Vec<_>, Vec<_>) = outputs
        .into_iter()
        .partition(|o| o.path.starts_with("src/generated"));
    let tree = stage.dir_for("tree");
    crate::codegen::write(&tree, &generated)?;
    stage.put_dir(
        &tree.join("src/generated"),
        &opts.root.join("src/generated"),
    );
    for o in &others {
        stage.put_file(&opts.root.join(&o.path), &o.text)?;
    }
    let facts = ReleaseFacts::of(&plan);
    let (report, full_report) = report::accepted(
        &plan,
        &source,
        &passed,
        (&input.services, &read),
        &report::Quality {
            codegen: &codegen_warnings,
            pages: &page_warnings,
            fetch: &fetch_warnings,
        },
        opts.full_report.as_deref(),
    );
    // Closed (its WAL checkpointed) before the commit seals and moves it.
    ds.close();
    stage
        .commit(&report, pause_after_commit_point)
        .context(COMMITTING)?;
    Ok(Run {
        outcome: Outcome::Accepted {
            from: plan.from,
            to: plan.to,
        },
        report,
        full_report: Some(full_report),
        recovered: None,
        release: Some(facts),
    })
}

/// The checkout's first-recorded dates carried forward: every item of the
/// new data without one is dated with the update's data date (a checkout
/// without the file starts one at that date).
fn first_recorded(
    snapshots: &Path,
    services: &[crate::model::Service],
    taken_at: &str,
) -> Result<crate::history::first_recorded::FirstRecorded> {
    use crate::history::first_recorded::FirstRecorded;
    let mut file =
        FirstRecorded::read_dir(snapshots)?.unwrap_or_else(|| FirstRecorded::starting(taken_at));
    file.record(services, taken_at);
    Ok(file)
}

fn rejected(rejection: Rejection, source: &str) -> Run {
    Run {
        report: report::rejected(&rejection, source),
        full_report: None,
        outcome: Outcome::Rejected(rejection),
        recovered: None,
        release: None,
    }
}

/// The report of a run that failed with an error.
pub fn failed_report(error: &anyhow::Error) -> String {
    report::failed(error)
}
