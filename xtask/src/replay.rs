//! `cargo xtask replay`: the scheduled job over recorded history.
//!
//! Each recording (a `.tar.gz`/`.tar.zst` archive or a directory of pages,
//! named after its date) is handed, in date order, to [`crate::update::run`]
//! exactly as `cargo xtask update --from-dir RECORDING` would: the same
//! gates, the same release, the default shrink limits, never
//! `--accept-shrink`. The checkout and the database are a scratch copy
//! (or the ones given), starting from nothing, so a rejected recording
//! leaves them as they were and the next compares with the last one
//! accepted, as the daily job would. One [`Row`] per recording.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde::Serialize;

use crate::update::gates::Listing;
use crate::update::{self, Outcome, ShrinkLimit, Source};

/// The files a scratch checkout starts with, copied from the template
/// repository: what an update reads besides `snapshots/` (absent: the
/// replay starts from nothing) and `src/generated/` (written by the first
/// accepted recording).
const TEMPLATE_FILES: &[&str] = &[
    "Cargo.toml",
    "Cargo.lock",
    "examples/downstream/Cargo.toml",
    "aws-iam-lint/Cargo.toml",
];

/// One recording: its date and where its pages are.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Recording {
    /// `YYYY-MM-DD`, from the name.
    pub date: String,
    /// The archive or directory.
    pub path: PathBuf,
}

/// The recordings named by `paths`, in date order: each path is a
/// recording whose name starts with its date, or a directory of them
/// (`sar-history/`), whose entries named after a date are taken.
pub fn recordings(paths: &[PathBuf]) -> Result<Vec<Recording>> {
    let mut out = Vec::new();
    for path in paths {
        if let Some(r) = recording(path) {
            out.push(r);
            continue;
        }
        if !path.is_dir() {
            bail!(
                "{}: not a recording (an archive or directory named YYYY-MM-DD…) nor a directory of them",
                path.display()
            );
        }
        let before = out.len();
        for entry in
            std::fs::read_dir(path).with_context(|| format!("cannot list {}", path.display()))?
        {
            let entry = entry.with_context(|| format!("cannot list {}", path.display()))?;
            if let Some(r) = recording(&entry.path()) {
                out.push(r);
            }
        }
        if out.len() == before {
            bail!("{}: holds no recording named YYYY-MM-DD…", path.display());
        }
    }
    out.sort();
    for pair in out.windows(2) {
        if pair[0].date == pair[1].date {
            bail!(
                "two recordings of {}: {} and {}",
                pair[0].date,
                pair[0].path.display(),
                pair[1].path.display()
            );
        }
    }
    Ok(out)
}

/// A recording when `path` is an archive or a directory named after a date.
fn recording(path: &Path) -> Option<Recording> {
    let name = path.file_name()?.to_str()?;
    let date = name.get(..10).filter(|d| crate::clock::is_date(d))?;
    let archive = crate::parse::source::is_archive(name);
    (archive || (path.is_dir() && name.len() == 10)).then(|| Recording {
        date: date.to_string(),
        path: path.to_path_buf(),
    })
}

/// What to replay, and where.
#[derive(Clone, Debug)]
pub struct Options {
    /// The recordings, in date order.
    pub recordings: Vec<Recording>,
    /// The repository the scratch checkout's files are copied from.
    pub template: PathBuf,
    /// The checkout to update (default: a new scratch directory).
    pub checkout: Option<PathBuf>,
    /// The database (default: `catalog.sqlite` in the checkout).
    pub db: Option<PathBuf>,
    /// Where a scratch checkout goes (default: the system's temporary
    /// directory); kept after the replay, for the database.
    pub scratch_parent: Option<PathBuf>,
    /// The run's deadline for reading and parsing one recording.
    pub deadline: Duration,
}

/// One recording's run: what the job did with it. The JSON form is
/// documented in `docs/replay.md`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Row {
    /// The recording's date.
    pub date: String,
    /// The archive or directory.
    pub source: String,
    /// The update's exit status: 0 no change, 1 accepted, 2 rejected or
    /// failed.
    pub exit: u8,
    /// `accepted`, `unchanged`, `rejected` or `failed`.
    pub outcome: String,
    /// The gate that stopped it (rejected only).
    pub gate: Option<String>,
    /// The gate's sentence, or the error (rejected or failed).
    pub reason: Option<String>,
    /// One line per page or service the gate names.
    pub details: Vec<String>,
    /// The service prefixes the gate's details name.
    pub services_named: Vec<String>,
    /// The crate version before the run.
    pub version_before: String,
    /// After (the same unless accepted).
    pub version_after: String,
    /// `patch`, `minor` or `major` (accepted only).
    pub bump: Option<String>,
    /// Why that bump.
    pub bump_reasons: Vec<String>,
    /// The catalog after the run (the last accepted data): services,
    /// actions, resource types, condition keys.
    pub services: usize,
    /// Actions.
    pub actions: usize,
    /// Resource types.
    pub resource_types: usize,
    /// Condition keys.
    pub condition_keys: usize,
    /// Items added by the accepted update (services, actions, resource
    /// types and condition keys together).
    pub added: usize,
    /// Items removed.
    pub removed: usize,
    /// Items changed.
    pub changed: usize,
    /// Services whose pages changed layout.
    pub layout_changes: usize,
    /// Characters of the report body (the pull request body).
    pub report_chars: usize,
    /// True when the body left something to the full report.
    pub report_cut: bool,
    /// Tombstones the release wrote.
    pub tombstones_written: Vec<String>,
    /// Tombstones the release dropped.
    pub tombstones_dropped: Vec<String>,
    /// The database's size after the run, in bytes.
    pub db_bytes: u64,
    /// Snapshots in the database before the run.
    pub snapshots_before: usize,
    /// Wall-clock seconds of the update.
    pub seconds: f64,
}

/// The replay's result: the rows and where it worked.
#[derive(Debug)]
pub struct Replay {
    /// One per recording, in date order.
    pub rows: Vec<Row>,
    /// The checkout it updated.
    pub checkout: PathBuf,
    /// The database it updated.
    pub db: PathBuf,
}

/// Makes a scratch checkout in `dir` from the template repository's
/// files and its global condition keys; `snapshots/` holds nothing else
/// and `src/generated/` is absent (a first update).
pub fn scratch_checkout(template: &Path, dir: &Path) -> Result<()> {
    for rel in TEMPLATE_FILES {
        let to = dir.join(rel);
        if let Some(parent) = to.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::copy(template.join(rel), &to)
            .with_context(|| format!("cannot copy {rel} into {}", dir.display()))?;
    }
    // The IAM User Guide's global keys are not in the recordings: the
    // update falls back to the checkout's, as for saved pages without them.
    let keys = "snapshots/global-condition-keys.json";
    if template.join(keys).exists() {
        std::fs::create_dir_all(dir.join("snapshots"))
            .with_context(|| format!("cannot create {}/snapshots", dir.display()))?;
        std::fs::copy(template.join(keys), dir.join(keys))
            .with_context(|| format!("cannot copy {keys} into {}", dir.display()))?;
    }
    // The commit moves src/generated/ into place: its parent must exist.
    std::fs::create_dir_all(dir.join("src"))
        .with_context(|| format!("cannot create {}/src", dir.display()))?;
    std::fs::write(dir.join("CHANGELOG.md"), "# Changelog\n")
        .with_context(|| format!("cannot write {}/CHANGELOG.md", dir.display()))?;
    Ok(())
}

/// Runs every recording through the update, in order; `each` sees each
/// row as it is made (progress).
pub fn run(opts: &Options, mut each: impl FnMut(&Row)) -> Result<Replay> {
    let checkout = match &opts.checkout {
        // A directory without a Cargo.toml (or none yet) becomes a scratch
        // checkout; one with a checkout in it is updated as it is.
        Some(c) => {
            if !c.join("Cargo.toml").exists() {
                std::fs::create_dir_all(c)
                    .with_context(|| format!("cannot create {}", c.display()))?;
                scratch_checkout(&opts.template, c)?;
            }
            c.clone()
        }
        None => {
            let parent = opts
                .scratch_parent
                .clone()
                .unwrap_or_else(std::env::temp_dir);
            std::fs::create_dir_all(&parent)
                .with_context(|| format!("cannot create {}", parent.display()))?;
            let dir = parent.join(format!(
                "aws-iam-catalog-replay-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis())
                    .unwrap_or(0)
            ));
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            scratch_checkout(&opts.template, &dir)?;
            dir
        }
    };
    let db = opts
        .db
        .clone()
        .unwrap_or_else(|| checkout.join("catalog.sqlite"));
    let tocs = tables_of_contents(&opts.recordings)?;
    let mut rows = Vec::new();
    let mut accepted = 0;
    for (r, toc) in opts.recordings.iter().zip(tocs) {
        let row = one(r, toc, &checkout, &db, opts.deadline, accepted)?;
        if row.outcome == "accepted" {
            accepted += 1;
        }
        each(&row);
        rows.push(row);
    }
    Ok(Replay { rows, checkout, db })
}

/// Each recording's table of contents, as the live job would have fetched
/// it: the recordings hold none, so it is reconstructed from the history
/// itself. A page is listed on a date when the recording has it, or when
/// an earlier recording had it and a later one has it again (the page
/// existed; the recorder missed it). A page gone from a recording and from
/// every later one is not listed: AWS retired or renamed it. The last
/// recording has no table of contents (nothing later tells), so any page it
/// lacks stops it.
pub fn tables_of_contents(recordings: &[Recording]) -> Result<Vec<Vec<Listing>>> {
    let slugs: Vec<BTreeSet<String>> = recordings
        .iter()
        .map(|r| {
            Ok(crate::parse::source::page_names(&r.path)?
                .iter()
                .filter_map(|n| crate::parse::source::slug_of(n).map(str::to_string))
                .collect())
        })
        .collect::<Result<_>>()?;
    let mut out = Vec::new();
    let mut before: BTreeSet<&str> = BTreeSet::new();
    for (i, own) in slugs.iter().enumerate() {
        if i + 1 == slugs.len() {
            // No later recording to tell a retired page from a missed one:
            // no table of contents, so an absent page stops the run.
            out.push(Vec::new());
            break;
        }
        let later: BTreeSet<&str> = slugs[i + 1..]
            .iter()
            .flat_map(|s| s.iter().map(String::as_str))
            .collect();
        let mut listed: BTreeSet<&str> = own.iter().map(String::as_str).collect();
        listed.extend(before.intersection(&later).copied());
        out.push(
            listed
                .into_iter()
                .map(|slug| Listing {
                    slug: slug.to_string(),
                    text: String::new(),
                })
                .collect(),
        );
        before.extend(own.iter().map(String::as_str));
    }
    Ok(out)
}

/// One recording through [`update::run`].
fn one(
    r: &Recording,
    listed: Vec<Listing>,
    checkout: &Path,
    db: &Path,
    deadline: Duration,
    snapshots_before: usize,
) -> Result<Row> {
    let version_before = crate::release::current_version(checkout)?.to_string();
    let opts = update::Options {
        root: checkout.to_path_buf(),
        db: db.to_path_buf(),
        source: Source::Dirs(vec![r.path.clone()]),
        taken_at: Some(r.date.clone()),
        shrink: ShrinkLimit::default(),
        deadline,
        wait: false,
        progress: false,
        full_report: None,
        listed,
    };
    let started = Instant::now();
    let result = update::run(&opts, || {});
    let seconds = started.elapsed().as_secs_f64();
    let mut row = Row {
        date: r.date.clone(),
        source: r.path.display().to_string(),
        version_before: version_before.clone(),
        snapshots_before,
        seconds,
        ..Row::default()
    };
    match result {
        Err(e) => {
            row.exit = 2;
            row.outcome = "failed".into();
            row.reason = Some(format!("{e:#}"));
        }
        Ok(run) => {
            row.report_chars = run.report.chars().count();
            row.report_cut = is_cut(&run.report);
            match &run.outcome {
                Outcome::Unchanged => row.outcome = "unchanged".into(),
                Outcome::Accepted { .. } => {
                    row.exit = 1;
                    row.outcome = "accepted".into();
                }
                Outcome::Rejected(rej) => {
                    row.exit = 2;
                    row.outcome = "rejected".into();
                    row.gate = Some(rej.gate.as_str().to_string());
                    row.reason = Some(rej.reason.clone());
                    row.details = rej.details.clone();
                    row.services_named = named_services(&rej.details);
                }
            }
            if let Some(f) = run.release {
                let s = &f.summary;
                let kinds = [
                    &s.services,
                    &s.actions,
                    &s.resource_types,
                    &s.condition_keys,
                ];
                row.added = kinds.iter().map(|t| t.added).sum();
                row.removed = kinds.iter().map(|t| t.removed).sum();
                row.changed = kinds.iter().map(|t| t.changed).sum();
                row.layout_changes = f.layout_changes;
                row.bump = Some(f.bump);
                row.bump_reasons = f.reasons;
                row.tombstones_written = f.tombstones_added;
                row.tombstones_dropped = f.tombstones_dropped;
            }
        }
    }
    row.version_after = crate::release::current_version(checkout)?.to_string();
    let manifest = checkout.join("snapshots/manifest.toml");
    if manifest.exists() {
        let text = std::fs::read_to_string(&manifest)
            .with_context(|| format!("cannot read {}", manifest.display()))?;
        let m = crate::snapshot::Manifest::parse(&text)?;
        row.services = m.counts.services;
        row.actions = m.counts.actions;
        row.resource_types = m.counts.resource_types;
        row.condition_keys = m.counts.condition_keys;
    }
    row.db_bytes = std::fs::metadata(db).map(|m| m.len()).unwrap_or(0);
    Ok(row)
}

/// True when the report body left sections to the full report (the
/// body's "Not shown here" footer, or its note that even grouped it does
/// not fit).
fn is_cut(report: &str) -> bool {
    report.contains("## Not shown here") || report.contains("read the full report.")
}

/// The prefixes a gate's detail lines start with (`chime (Amazon Chime): …`)
/// or name as a page (`list_chime.html: …`).
fn named_services(details: &[String]) -> Vec<String> {
    let mut out: Vec<String> = details
        .iter()
        .filter_map(|d| {
            let head = d.split([' ', ':']).next()?;
            let head = head.trim_start_matches('`');
            let head = head
                .rsplit('!')
                .next()
                .unwrap_or(head)
                .rsplit('/')
                .next()
                .unwrap_or(head);
            let head = crate::parse::source::slug_of(head).unwrap_or(head);
            (!head.is_empty()).then(|| head.to_string())
        })
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The rows as a Markdown table, with a summary under it.
pub fn markdown(rows: &[Row]) -> String {
    let mut s = String::from(
        "| date | exit | outcome | gate: services | version | bump | services | actions | resource types | keys | added | removed | changed | layout | body chars | cut | tombstones +/− | db MiB | s |\n\
         |---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n",
    );
    for r in rows {
        let gate = match (&r.gate, &r.reason) {
            (Some(g), _) => format!("{g}: {}", cell(&r.services_named.join(", "))),
            (None, Some(e)) if r.outcome == "failed" => cell(e),
            _ => String::new(),
        };
        let version = if r.version_before == r.version_after {
            r.version_after.clone()
        } else {
            format!("{} → {}", r.version_before, r.version_after)
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {}/{} | {:.1} | {:.1} |",
            r.date,
            r.exit,
            r.outcome,
            gate,
            version,
            r.bump.as_deref().unwrap_or(""),
            r.services,
            r.actions,
            r.resource_types,
            r.condition_keys,
            r.added,
            r.removed,
            r.changed,
            r.layout_changes,
            r.report_chars,
            if r.report_cut { "yes" } else { "" },
            r.tombstones_written.len(),
            r.tombstones_dropped.len(),
            r.db_bytes as f64 / (1 << 20) as f64,
            r.seconds
        );
    }
    s.push('\n');
    s.push_str(&summary(rows));
    s
}

/// A table cell: no pipes or line breaks, at most 200 characters.
fn cell(text: &str) -> String {
    let one_line = text.replace(['\n', '\r'], " ").replace('|', "\\|");
    match one_line.char_indices().nth(200) {
        Some((at, _)) => format!("{}…", &one_line[..at]),
        None => one_line,
    }
}

/// The counts under the table: outcomes, bumps and their reasons, the
/// largest body, the database and the time.
pub fn summary(rows: &[Row]) -> String {
    let count = |o: &str| rows.iter().filter(|r| r.outcome == o).count();
    let bumps = |b: &str| rows.iter().filter(|r| r.bump.as_deref() == Some(b)).count();
    let mut s = format!(
        "{} recordings: {} accepted, {} unchanged, {} rejected, {} failed.\n",
        rows.len(),
        count("accepted"),
        count("unchanged"),
        count("rejected"),
        count("failed")
    );
    let _ = writeln!(
        s,
        "Releases: {} patch, {} minor, {} major.",
        bumps("patch"),
        bumps("minor"),
        bumps("major")
    );
    for r in rows.iter().filter(|r| r.bump.as_deref() == Some("major")) {
        let _ = writeln!(
            s,
            "- major {} ({}): {}",
            r.version_after,
            r.date,
            cell(&r.bump_reasons.join("; "))
        );
    }
    let accepted = rows.iter().filter(|r| r.outcome == "accepted");
    if let Some(max) = accepted.clone().max_by_key(|r| r.report_chars) {
        let _ = writeln!(
            s,
            "Largest accepted report body: {} characters ({}).",
            max.report_chars, max.date
        );
    }
    let written: usize = rows.iter().map(|r| r.tombstones_written.len()).sum();
    let dropped: usize = rows.iter().map(|r| r.tombstones_dropped.len()).sum();
    let _ = writeln!(s, "Tombstones: {written} written, {dropped} dropped.");
    if let Some(last) = rows.last() {
        let total: f64 = rows.iter().map(|r| r.seconds).sum();
        let _ = writeln!(
            s,
            "Database after the replay: {:.1} MiB; {:.0} s in all, {:.1} s per recording.",
            last.db_bytes as f64 / (1 << 20) as f64,
            total,
            total / rows.len() as f64
        );
    }
    s
}
