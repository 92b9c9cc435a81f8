//! Operations on the dataset that join stages: build (pages → parse →
//! store), import (snapshot files → store), export (store → snapshot files).
//! A command opens the database once, as a [`Dataset`] (one async runtime,
//! one connection, one integrity check), and hands it to every stage; the
//! commands in `cli/db.rs` print what its methods return, and `update` runs
//! them one after another on the same open database.
//!
//! It joins stages and decides between them (where a build's global keys
//! come from: [`Dataset::build_from_dirs`]); the stages know nothing of it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

use anyhow::{Context, Result, bail};
use rayon::prelude::*;

mod archived_pages;
pub use archived_pages::PAGES_AT_ONCE;
use archived_pages::{Fetched as _, in_chunks, read_one};

use crate::canonical::{parse_service, service_json};
use crate::diff::Side;
use crate::digest::sha256_hex;
use crate::model::Service;
use crate::parse::{PageReport, PageSource, PageStatus, source};
use crate::parse_run::{ParseRun, Parsing, parse_all};
use crate::snapshot::{
    CanonicalFile, CanonicalSet, Counts, Imported, KeysFile, Manifest, export_dir, import_dir,
};
use crate::store::FetchStatus;
use crate::store::{
    NewPage, NewSnapshot, Opening, SnapshotInfo, SnapshotSelector, Store, WriteLock, WriteSummary,
};

/// A runtime for sqlx: the pipeline is otherwise synchronous.
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")
}

/// Runs `f` on a runtime of its own (for a test or a one-off query; the
/// pipeline's stages go through a [`Dataset`]).
pub fn block_on<F: std::future::Future>(f: F) -> Result<F::Output> {
    Ok(runtime()?.block_on(f))
}

/// The database of one command, open: the runtime that drives sqlx and the
/// store, opened (integrity check, schema check, migrations) once and
/// handed to every stage. Opened for writing, it holds the write lock
/// (`store/lock.rs`) until dropped. Dropping it checkpoints the WAL into
/// the main file and closes the connection.
pub struct Dataset {
    store: Store,
    rt: tokio::runtime::Runtime,
    /// One caller drives the runtime at a time (a diff loads its two sides
    /// on two threads; the store has one connection anyway).
    driving: Mutex<()>,
    /// Held by a writer; released after the store is closed.
    lock: Option<WriteLock>,
}

impl std::fmt::Debug for Dataset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Dataset")
            .field("path", &self.path())
            .field("writing", &self.lock.is_some())
            .finish()
    }
}

impl Dataset {
    /// Opens an existing database to read it (a missing file is an error,
    /// not an empty database created on the way).
    pub fn open(path: &Path) -> Result<Dataset> {
        if !path.exists() {
            bail!(
                "{}: no database (build or import a snapshot first)",
                path.display()
            );
        }
        Self::open_with(path, None, Opening::Reading)
    }

    /// Takes the write lock of `path` (the lock file says `what` holds it;
    /// `wait` waits for another writer instead of failing), then opens the
    /// database, creating it when missing.
    pub fn open_writing(path: &Path, what: &str, wait: bool) -> Result<Dataset> {
        let lock = WriteLock::acquire(path, what, wait)?;
        Self::open_with(path, Some(lock), Opening::Writing)
    }

    /// [`Dataset::open_writing`] for the update's working copy, which the
    /// commit checks once after its writes ([`Opening::WorkingCopy`]).
    pub fn open_working_copy(path: &Path, what: &str) -> Result<Dataset> {
        let lock = WriteLock::acquire(path, what, false)?;
        Self::open_with(path, Some(lock), Opening::WorkingCopy)
    }

    fn open_with(path: &Path, lock: Option<WriteLock>, how: Opening) -> Result<Dataset> {
        let rt = runtime()?;
        let store = rt.block_on(Store::open_as(path, how))?;
        Ok(Dataset {
            store,
            rt,
            driving: Mutex::new(()),
            lock,
        })
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        self.store.path()
    }

    /// The open store, for queries of its own (run them with
    /// [`Dataset::block_on`]).
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Runs `f` on the dataset's runtime.
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        let _driving = self.driving.lock().unwrap_or_else(|e| e.into_inner());
        self.rt.block_on(f)
    }

    /// Closes the database (what dropping it does, said out loud).
    pub fn close(self) {}

    /// A write needs the lock the dataset was opened with.
    fn writing(&self) -> Result<()> {
        if self.lock.is_none() {
            bail!(
                "{}: opened for reading, not writing (a writer opens it with Dataset::open_writing)",
                self.path().display()
            );
        }
        Ok(())
    }
}

impl Drop for Dataset {
    fn drop(&mut self) {
        let store = self.store.clone();
        self.block_on(store.close());
    }
}

/// A database opened on first use, at most once: a command that may not
/// need it (a diff of two directories) neither opens nor creates it.
pub struct OnDemand {
    path: PathBuf,
    open: OnceLock<Dataset>,
    opening: Mutex<()>,
}

impl OnDemand {
    /// The database at `path`, not opened yet.
    pub fn new(path: &Path) -> OnDemand {
        OnDemand {
            path: path.to_path_buf(),
            open: OnceLock::new(),
            opening: Mutex::new(()),
        }
    }

    /// The open database, opened now if it was not.
    pub fn get(&self) -> Result<&Dataset> {
        let _opening = self.opening.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(ds) = self.open.get() {
            return Ok(ds);
        }
        let ds = Dataset::open(&self.path)?;
        Ok(self.open.get_or_init(|| ds))
    }

    /// One side of a diff, named as the user named it (see [`load_side`]).
    pub fn side(&self, spec: &str) -> Result<Side> {
        side_of(spec, || self.get())
    }
}

/// Bytes the database occupies (main file and WAL).
pub fn db_size(path: &Path) -> u64 {
    ["", "-wal"]
        .iter()
        .map(|suffix| {
            let mut p = path.as_os_str().to_os_string();
            p.push(suffix);
            std::fs::metadata(p).map_or(0, |m| m.len())
        })
        .sum()
}

/// What a build did.
#[derive(Debug)]
pub enum Built {
    /// A new snapshot.
    Stored {
        /// What the write added.
        summary: WriteSummary,
        /// What the snapshot holds.
        counts: Counts,
        /// Pages read.
        pages: usize,
        /// What the build had to report (merge disagreements, docs pages
        /// that failed and were carried over).
        warnings: Vec<String>,
        /// What the pages' parses had to say without failing (stored with
        /// the snapshot too), for the report's "Data quality".
        page_warnings: Vec<crate::parse::Warning>,
        /// Which renderings were read, fallbacks and twin findings.
        sources: Box<crate::reconcile::SourcesReport>,
    },
    /// Pages failed to parse: nothing was written.
    Refused {
        /// One message per failed page, naming it.
        errors: Vec<String>,
        /// Pages read.
        pages: usize,
    },
}

impl Dataset {
    /// Parses the pages under each of `dirs`, read as one snapshot (the
    /// reference pages in one, saved service docs in another), and stores
    /// them as a snapshot taken on `taken_at`, with the raw pages, in one
    /// transaction. The snapshot's source names the directories, joined by
    /// ` + `. Any page that fails to parse refuses the whole build: a snapshot
    /// never silently lacks a service.
    pub fn build_from_dirs(&self, dirs: &[impl AsRef<Path>], taken_at: &str) -> Result<Built> {
        if !crate::clock::is_date(taken_at) {
            bail!("--taken-at {taken_at:?}: expected a date, YYYY-MM-DD");
        }
        self.writing()?;
        let mut pages = Vec::new();
        let mut all_sources = Vec::new();
        let mut bases = Vec::new();
        let mut keys_dir = None;
        for dir in dirs {
            let dir = dir.as_ref();
            let sources = source::collect(&[dir.to_path_buf()])?;
            // A directory may hold only the IAM User Guide's global keys page.
            let keys_page = dir.join(crate::parse::global_keys::PAGE_FILE).is_file();
            if keys_page && keys_dir.is_none() {
                keys_dir = Some(dir);
            }
            if sources.is_empty() && !keys_page {
                bail!(
                    "{}: no pages (list_*.html, list_*.md or .tar.gz or .tar.zst archives) to build from",
                    dir.display()
                );
            }
            bases.push((dir.display().to_string(), sources.len()));
            all_sources.extend(sources);
        }
        let mut run = match parse_or_refuse(&all_sources) {
            Ok(run) => run,
            Err(refused) => return Ok(*refused),
        };
        let keys = match keys_dir {
            Some(dir) => Some(KeysFile::of(&crate::parse::global_keys::read_path(dir)?)),
            None => self.previous_keys(&mut run.merged.warnings)?,
        };
        // Each directory's pages are named relative to it.
        let mut sources = all_sources.into_iter();
        let mut reports = run.pages.iter().as_slice();
        for (base, n) in &bases {
            let chunk: Vec<PageSource> = sources.by_ref().take(*n).collect();
            pages.extend(page_records(base, chunk, &reports[..*n]));
            reports = &reports[*n..];
        }
        let source = bases
            .iter()
            .map(|(b, _)| b.as_str())
            .collect::<Vec<_>>()
            .join(" + ");
        self.store_run(taken_at, &source, &run, &pages, keys.as_ref())
    }

    /// The global keys of the newest snapshot, for a build whose input has no
    /// IAM User Guide page: they stand (a build from the reference alone does
    /// not drop them), and the build's warnings say so.
    fn previous_keys(&self, warnings: &mut Vec<String>) -> Result<Option<KeysFile>> {
        let latest = self.block_on(self.store.snapshots())?.pop();
        let keys = match &latest {
            Some(s) => self.stored_keys(s.id)?,
            None => None,
        };
        let page = crate::parse::global_keys::PAGE_FILE;
        warnings.push(match (&latest, &keys) {
        (Some(s), Some(k)) => format!(
            "global condition keys: the input has no IAM User Guide page ({page}); the {} keys of snapshot {} stand",
            k.keys().len(),
            s.id
        ),
        _ => format!(
            "global condition keys: the input has no IAM User Guide page ({page}) and no earlier snapshot holds them; the snapshot has none"
        ),
    });
        Ok(keys)
    }

    /// The global keys of a fetch run: read from the page's Markdown twin
    /// when the run fetched it; else, or when it does not read, the newest
    /// snapshot's stand, and the warnings say why.
    fn fetched_keys(
        &self,
        page: Option<(String, Vec<u8>)>,
        warnings: &mut Vec<String>,
    ) -> Result<Option<KeysFile>> {
        let Some((url, body)) = page else {
            return self.previous_keys(warnings);
        };
        let read = std::str::from_utf8(&body)
            .map_err(|_| "not UTF-8".to_string())
            .and_then(|text| crate::parse::global_keys::parse(&url, text).map_err(|e| e.problem));
        match read {
            Ok(keys) => Ok(Some(KeysFile::of(&keys))),
            Err(problem) => {
                warnings.push(format!(
                    "{url}: the global condition keys page cannot be read ({problem})"
                ));
                self.previous_keys(warnings)
            }
        }
    }

    /// The global keys file stored with a snapshot, checked against its hash.
    fn stored_keys(&self, snapshot_id: i64) -> Result<Option<KeysFile>> {
        let Some((sha256, text)) = self.block_on(self.store.global_keys(snapshot_id))? else {
            return Ok(None);
        };
        let name = format!(
            "{}: snapshot {snapshot_id}'s global condition keys",
            self.path().display()
        );
        let file = KeysFile::parse(&name, text)?;
        if file.sha256 != sha256 {
            bail!(
                "{name} are damaged (sha256 {}, expected {sha256})",
                file.sha256
            );
        }
        Ok(Some(file))
    }

    /// Stores a parsed run and its pages as a snapshot.
    fn store_run(
        &self,
        taken_at: &str,
        source: &str,
        run: &ParseRun,
        pages: &[NewPage],
        global_keys: Option<&KeysFile>,
    ) -> Result<Built> {
        let services = &run.merged.services;
        let set = CanonicalSet::from_services(services);
        let counts = Counts::of(services);
        self.writing()?;
        tracing::info!(
            "storing the snapshot of {source} into {}",
            self.path().display()
        );
        let summary = self.block_on(self.store.add_snapshot(NewSnapshot {
            taken_at: taken_at.to_string(),
            source: source.to_string(),
            files: &set,
            counts,
            pages,
            global_keys,
        }))?;
        Ok(Built::Stored {
            summary,
            counts,
            pages: pages.len(),
            warnings: run.merged.warnings.clone(),
            page_warnings: run.warnings().cloned().collect(),
            sources: Box::new(run.sources.clone()),
        })
    }
}

/// Parses `sources`; any page that fails refuses the build (a snapshot
/// never silently lacks a service), with one message per failed page.
fn parse_or_refuse(sources: &[PageSource]) -> std::result::Result<ParseRun, Box<Built>> {
    refuse_failed(parse_all(sources))
}

/// A parsed run, or the refusal of its failed pages (see [`parse_or_refuse`]).
fn refuse_failed(run: ParseRun) -> std::result::Result<ParseRun, Box<Built>> {
    let errors = run.error_messages();
    if errors.is_empty() {
        Ok(run)
    } else {
        Err(Box::new(Built::Refused {
            errors,
            pages: run.pages.len(),
        }))
    }
}

/// Turns read pages and their parse reports into archive records, named
/// relative to `base` (the snapshot row holds `base` once, so a daily row per
/// page stays small).
pub fn page_records(base: &str, sources: Vec<PageSource>, reports: &[PageReport]) -> Vec<NewPage> {
    sources
        .into_iter()
        .zip(reports)
        .map(|(source, report)| {
            let relative = source
                .name
                .strip_prefix(base)
                .map(|r| r.trim_start_matches(['/', '!']))
                .filter(|r| !r.is_empty())
                .unwrap_or(&source.name)
                .to_string();
            let mut page = NewPage {
                slug: source.slug_from_name().map(str::to_string),
                source_name: relative,
                body: Some(source.bytes),
                ..NewPage::default()
            };
            match &report.status {
                PageStatus::Ok {
                    prefix,
                    slug,
                    url,
                    warnings,
                    ..
                } => {
                    page.warnings = warnings.clone();
                    page.status = "ok";
                    page.prefix = Some(prefix.clone());
                    page.slug = Some(slug.clone());
                    page.url = Some(url.clone());
                }
                PageStatus::Moved { location } => {
                    page.status = "moved";
                    page.message = location.clone();
                }
                PageStatus::Doc { url, .. } => {
                    page.status = "ok";
                    page.slug = None;
                    page.url = Some(url.clone());
                }
                PageStatus::Error { message } => {
                    page.status = "error";
                    page.message = Some(message.clone());
                }
            }
            page
        })
        .collect()
}

impl Dataset {
    /// Loads a snapshot directory (`services/*.json`, `manifest.toml`) as a new
    /// snapshot. Returns the write summary, the counts and the data date.
    pub fn import(&self, dir: &Path) -> Result<(WriteSummary, Counts, String)> {
        self.store_imported(dir, &import_dir(dir)?)
    }

    /// Stores a snapshot directory already read (from `dir`) as a new
    /// snapshot.
    pub fn store_imported(
        &self,
        dir: &Path,
        imported: &Imported,
    ) -> Result<(WriteSummary, Counts, String)> {
        self.writing()?;
        let counts = Counts::of(&imported.services);
        let (taken_at, source) = match &imported.manifest {
            Some(m) => {
                if m.counts != counts {
                    bail!(
                        "{}/manifest.toml: its counts {:?} do not match the files {:?}",
                        dir.display(),
                        m.counts,
                        counts
                    );
                }
                (m.data_date.clone(), m.source.clone())
            }
            None => (crate::clock::today(), dir.display().to_string()),
        };
        let summary = self.block_on(self.store.add_snapshot(NewSnapshot {
            taken_at: taken_at.clone(),
            source,
            files: &imported.set,
            counts,
            pages: &[],
            global_keys: imported.global_keys.as_ref(),
        }))?;
        Ok((summary, counts, taken_at))
    }
}

/// A snapshot directory as one side of a diff.
pub fn side_of_dir(label: &str, imported: Imported) -> Side {
    Side {
        label: label.to_string(),
        data_date: imported.manifest.map(|m| m.data_date),
        content_sha256: imported.set.content_sha256,
        services: imported.services,
        moved: BTreeMap::new(),
        global_keys: None,
    }
}

/// A snapshot read back from the database.
pub struct Loaded {
    /// Its row.
    pub info: SnapshotInfo,
    /// Its canonical files.
    pub set: CanonicalSet,
    /// Its services.
    pub services: Vec<Service>,
    /// Its pages that answered "moved": slug → where to.
    pub moved: BTreeMap<String, Option<String>>,
    /// Its global condition keys, when it holds them.
    pub global_keys: Option<KeysFile>,
}

impl Dataset {
    /// A snapshot's canonical files, re-created from the stored documents; each
    /// file's hash must be the one recorded when it was stored, and together they
    /// must hash to the snapshot's hash.
    pub fn load_snapshot(&self, selector: &SnapshotSelector) -> Result<Loaded> {
        let db = self.path();
        let store = &self.store;
        let (info, stored, moved) = self.block_on(async {
            let info = store.resolve(selector).await?;
            let stored = store.services(info.id).await?;
            let moved = store.moved_pages(info.id).await?;
            anyhow::Ok((info, stored, moved))
        })?;
        let read: Vec<(Service, CanonicalFile)> = stored
            .into_par_iter()
            .map(|s| {
                let service = parse_service(&s.document).with_context(|| {
                    format!(
                        "{}: the stored document of {} does not parse",
                        db.display(),
                        s.prefix
                    )
                })?;
                let text = service_json(&service);
                let sha = sha256_hex(&text);
                if sha != s.sha256 {
                    bail!(
                        "{}: the stored document of {} is damaged (sha256 {sha}, expected {})",
                        db.display(),
                        s.prefix,
                        s.sha256
                    );
                }
                let file = CanonicalFile {
                    prefix: s.prefix,
                    name: s.name,
                    text,
                    sha256: s.sha256,
                };
                Ok((service, file))
            })
            .collect::<Result<Vec<_>>>()?;
        let (services, files): (Vec<Service>, Vec<CanonicalFile>) = read.into_iter().unzip();
        let set = CanonicalSet::from_files(files);
        if set.content_sha256 != info.content_sha256 {
            bail!(
                "{}: snapshot {} should hash to {} but its files hash to {}",
                db.display(),
                info.id,
                info.content_sha256,
                set.content_sha256
            );
        }
        let global_keys = self.stored_keys(info.id)?;
        Ok(Loaded {
            info,
            set,
            services,
            moved,
            global_keys,
        })
    }

    /// Writes a snapshot's canonical files and manifest to `out`.
    pub fn export(&self, selector: &SnapshotSelector, out: &Path) -> Result<SnapshotInfo> {
        let Loaded {
            info,
            set,
            global_keys,
            ..
        } = self.load_snapshot(selector)?;
        let manifest = Manifest::new(&info.taken_at, &info.source, info.counts, &set)
            .listing_keys(global_keys.as_ref());
        export_dir(out, &manifest, &set, global_keys.as_ref())?;
        Ok(info)
    }

    /// Every snapshot in the database.
    pub fn snapshots(&self) -> Result<Vec<SnapshotInfo>> {
        Ok(self.block_on(self.store.snapshots())?)
    }
}

/// One side of a diff, named as the user named it: a directory of canonical
/// files (with `services/`), a directory, archive or file of saved pages
/// (parsed on the fly), or a snapshot in the database (`7`, `latest`,
/// `previous`, `2026-07-01`). A path that exists wins over a selector; the
/// database is opened only for a selector (a diff of two sides uses
/// [`OnDemand::side`] to open it once for both).
pub fn load_side(spec: &str, db: &Path) -> Result<Side> {
    side_of(spec, || Dataset::open(db))
}

/// [`load_side`], with the database `dataset` gives when a snapshot in it
/// is asked for.
fn side_of<D: std::borrow::Borrow<Dataset>>(
    spec: &str,
    dataset: impl FnOnce() -> Result<D>,
) -> Result<Side> {
    let path = Path::new(spec);
    if path.is_dir() && path.join("services").is_dir() {
        let mut side = side_of_dir(spec, import_dir(path)?);
        side.global_keys = crate::snapshot::global_keys_if_any(path)?;
        return Ok(side);
    }
    if path.exists() {
        let sources = source::collect(&[path.to_path_buf()])?;
        if sources.is_empty() {
            bail!("{spec}: neither a snapshot directory (services/*.json) nor pages to parse");
        }
        let run = parse_all(&sources);
        let errors = run.error_messages();
        if !errors.is_empty() {
            bail!(
                "{spec}: {} pages failed to parse:\n{}",
                errors.len(),
                errors.join("\n")
            );
        }
        let moved = sources
            .iter()
            .zip(&run.pages)
            .filter_map(|(s, r)| match &r.status {
                PageStatus::Moved { location } => {
                    Some((s.slug_from_name()?.to_string(), location.clone()))
                }
                _ => None,
            })
            .collect();
        let set = CanonicalSet::from_services(&run.merged.services);
        // Corpus folders and files are named by date (2026-07-01/,
        // 2022-05-01_c13d3640_list_amazonchime.html).
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let data_date = name
            .get(..10)
            .filter(|d| crate::clock::is_date(d))
            .map(str::to_string);
        return Ok(Side {
            label: spec.to_string(),
            data_date,
            content_sha256: set.content_sha256,
            services: run.merged.services,
            moved,
            global_keys: None,
        });
    }
    let selector: SnapshotSelector = spec
        .parse()
        .map_err(|e| anyhow::anyhow!("{spec}: no such file or directory, and {e}"))?;
    let loaded = dataset()?.borrow().load_snapshot(&selector)?;
    Ok(Side {
        label: format!("snapshot {} ({spec})", loaded.info.id),
        data_date: Some(loaded.info.taken_at),
        content_sha256: loaded.info.content_sha256,
        services: loaded.services,
        moved: loaded.moved,
        global_keys: loaded.global_keys.map(|k| k.keys()),
    })
}

/// What a fetch run did.
#[derive(Debug)]
pub struct Fetched {
    /// The recorded run.
    pub run: crate::store::FetchRunInfo,
    /// The pages that failed, with why.
    pub failures: Vec<(String, String)>,
    /// Twins not served (HTTP 404 or 410): stored as `absent`, no failure.
    pub absent: usize,
    /// Listed URLs that redirected to another page of the reference.
    pub moved: Vec<(String, String)>,
    /// Service docs pages that could not be read, one line per service.
    pub warnings: Vec<String>,
    /// Service docs pages read.
    pub docs: usize,
    /// The table of contents' entries (slug and link text), for the
    /// identity gate.
    pub listed: Vec<crate::fetch::Listed>,
}

/// Fetches the services' own docs: the IAM pages their reference pages link
/// (and the override file adds), then the IAM pages of the same guides
/// those link. Failures are warnings for the services concerned.
async fn fetch_docs(
    fetcher: &crate::fetch::Fetcher,
    services: &[Service],
    reference: &[crate::fetch::PageFetch],
    validators: &BTreeMap<String, crate::fetch::Validators>,
    origin: &crate::fetch::Origin,
) -> Result<(Vec<crate::fetch::PageFetch>, Vec<String>)> {
    use crate::fetch::{Progress, docs};
    let store = fetcher.archive().expect("the fetch archives");
    let overrides = crate::parse::attach::Overrides::load_default();
    let (mut first, mut warnings) = docs::first_pages(services, &overrides, origin);
    // A page already fetched as a reference page is not fetched again.
    let done: BTreeSet<&str> = reference.iter().map(|p| p.url.as_str()).collect();
    first.retain(|url, _| !done.contains(url.as_str()));
    let first_urls: Vec<String> = first.keys().cloned().collect();
    let mut fetched = fetcher
        .fetch_all(&first_urls, validators, &Progress::quiet(first_urls.len()))
        .await;
    let mut second: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    in_chunks(store, &fetched, PAGES_AT_ONCE, |chunk, sources| {
        for (page, source) in chunk.iter().zip(sources) {
            let Some(source) = source else { continue };
            // Read under the URL asked for: the links it gives are that
            // page's.
            let source = PageSource {
                name: page.url.clone(),
                ..source
            };
            if let Ok(crate::parse::PageOutcome::Doc(doc)) = crate::parse::parse_page(&source) {
                for link in doc
                    .links
                    .iter()
                    .filter(|l| docs::worth_reading(&page.url, l))
                {
                    if let Some(url) =
                        docs::on_origin(origin, link).filter(|u| !first.contains_key(u))
                    {
                        second
                            .entry(url)
                            .or_default()
                            .extend(first[&page.url].iter().cloned());
                    }
                }
            }
        }
        Ok(())
    })
    .await?;
    let second_urls: Vec<String> = second.keys().cloned().collect();
    fetched.extend(
        fetcher
            .fetch_all(
                &second_urls,
                validators,
                &Progress::quiet(second_urls.len()),
            )
            .await,
    );
    for page in &fetched {
        if let crate::fetch::Outcome::Failed { message, .. } = &page.outcome {
            let prefixes = first
                .get(&page.url)
                .or_else(|| second.get(&page.url))
                .cloned()
                .unwrap_or_default();
            let prefixes: Vec<String> = prefixes.into_iter().collect();
            warnings.push(format!(
                "{}: docs page {} could not be fetched: {message}",
                prefixes.join(", "),
                page.url
            ));
        }
    }
    Ok((fetched, warnings))
}

/// The services the fetched reference pages and their Markdown twins make,
/// read a few pages at a time (each page beside its twin, so a page whose
/// HTML cannot be read is still known from its Markdown). Pages sharing a
/// prefix may come out as several services: each lists its links.
async fn read_services(
    store: &Store,
    reference: &[crate::fetch::PageFetch],
    markdown: &[crate::fetch::PageFetch],
) -> Result<Vec<Service>> {
    let twins: BTreeMap<&str, &crate::fetch::PageFetch> =
        markdown.iter().map(|p| (p.url.as_str(), p)).collect();
    let mut paired: Vec<&crate::fetch::PageFetch> = Vec::new();
    for p in reference {
        paired.push(p);
        if let Some(md) =
            crate::fetch::twins::markdown_twin(p.served()).and_then(|u| twins.get(u.as_str()))
        {
            paired.push(md);
        }
    }
    let mut services = Vec::new();
    in_chunks(store, &paired, PAGES_AT_ONCE, |_, sources| {
        let sources: Vec<PageSource> = sources.into_iter().flatten().collect();
        services.extend(parse_all(&sources).merged.services);
        Ok(())
    })
    .await?;
    Ok(services)
}

/// The Markdown twin of every reference page on the origin, once each (a
/// link the table of contents gave off the allow-list has none).
fn markdown_urls(
    reference: &[crate::fetch::PageFetch],
    origin: &crate::fetch::Origin,
) -> Vec<String> {
    let mut seen = BTreeSet::new();
    reference
        .iter()
        .filter(|p| {
            reqwest::Url::parse(p.served()).is_ok_and(|u| origin.allows(&u))
                && crate::fetch::is_reference_url(p.served())
        })
        .filter_map(|p| crate::fetch::twins::markdown_twin(p.served()))
        .filter(|u| seen.insert(u.clone()))
        .collect()
}

/// Bodies looked through at once for twin links: pages may be large (a
/// body cap of 16 MiB), and only a link and a prefix are wanted.
const SCANNED_AT_ONCE: usize = 4;

/// What the pages say of their JSON twins: the link each carries, else its
/// prefix (to look up in the index), by a scan of the text rather than a
/// parse, so it costs little and works on a page the parser cannot read.
async fn twin_mentions(
    store: &Store,
    reference: &[crate::fetch::PageFetch],
    markdown: &[crate::fetch::PageFetch],
) -> Result<Vec<crate::fetch::twins::Mention>> {
    let mut out = Vec::new();
    let all: Vec<&crate::fetch::PageFetch> = reference.iter().chain(markdown).collect();
    in_chunks(store, &all, SCANNED_AT_ONCE, |_, sources| {
        for s in sources.into_iter().flatten() {
            out.extend(crate::fetch::twins::mention(&String::from_utf8_lossy(
                &s.bytes,
            )));
        }
        Ok(())
    })
    .await?;
    Ok(out)
}

/// Fetches the JSON twin of every service: from the link its page carries,
/// else from the index `v1/service-list.json` (fetched, conditionally, only
/// when a page names none). Returns the fetches (the index's among them)
/// and a warning per service whose twin cannot be placed.
async fn fetch_json_twins(
    fetcher: &crate::fetch::Fetcher,
    mentions: &[crate::fetch::twins::Mention],
    validators: &BTreeMap<String, crate::fetch::Validators>,
    origin: &crate::fetch::Origin,
) -> Result<(Vec<crate::fetch::PageFetch>, Vec<String>)> {
    use crate::fetch::{Progress, twins};
    let mut fetched = Vec::new();
    let mut warnings = Vec::new();
    let mut urls: BTreeSet<String> = BTreeSet::new();
    let mut unlinked = BTreeSet::new();
    for m in mentions {
        match &m.link {
            Some(link) => match twins::place(origin, link) {
                Some(url) => {
                    urls.insert(url);
                }
                None => warnings.push(format!(
                    "{}: its JSON twin {link} is off the allow-list ({}); not fetched",
                    m.prefix.as_deref().unwrap_or("a page"),
                    origin.describe_allowed()
                )),
            },
            None => unlinked.extend(m.prefix.clone()),
        }
    }
    // A prefix whose twin one rendering links needs no look-up.
    let linked: BTreeSet<&String> = mentions
        .iter()
        .filter(|m| m.link.is_some())
        .filter_map(|m| m.prefix.as_ref())
        .collect();
    unlinked.retain(|p| !linked.contains(p));
    if !unlinked.is_empty()
        && let Some(index_url) = twins::index_url(origin)
    {
        let index = fetcher
            .fetch_all(
                std::slice::from_ref(&index_url),
                validators,
                &Progress::quiet(1),
            )
            .await;
        let body = match index.first() {
            Some(page) => read_one(fetcher.archive().expect("archives"), page).await?,
            None => None,
        };
        if let Some(body) = body {
            match twins::parse_index(&body.bytes) {
                Ok(by_prefix) => {
                    for prefix in &unlinked {
                        let Some(listed) = by_prefix.get(prefix) else {
                            continue;
                        };
                        match twins::place(origin, listed) {
                            Some(url) => {
                                urls.insert(url);
                            }
                            // As a page's own off-list link is warned of.
                            None => warnings.push(format!(
                                "{prefix}: the JSON index {index_url} lists its twin at {listed}, off the allow-list ({}); not fetched",
                                origin.describe_allowed()
                            )),
                        }
                    }
                }
                Err(e) => warnings.push(format!("{index_url}: {e}; no JSON twins from it")),
            }
        }
        fetched.extend(index);
    }
    let urls: Vec<String> = urls.into_iter().collect();
    fetched.extend(
        fetcher
            .fetch_all(&urls, validators, &Progress::quiet(urls.len()))
            .await,
    );
    Ok((fetched, warnings))
}

/// Which listed pages a `--only` selection keeps: by slug, by the prefix in
/// the link text ("Amazon Chime (chime)"), or by the prefix the newest
/// snapshot read from that slug.
fn selected(
    listed: &crate::fetch::Listed,
    only: &[String],
    known: &BTreeMap<String, String>,
) -> bool {
    let text_prefix = crate::parse::evidence::listed_prefix(&listed.text);
    only.iter().any(|o| {
        o == &listed.slug || Some(o.as_str()) == text_prefix || known.get(&listed.slug) == Some(o)
    })
}

impl Dataset {
    /// Fetches the table of contents and every page it lists into the page
    /// archive, recording the run (one transaction at the end). Conditional
    /// requests use the newest archived copy of each URL.
    pub fn fetch(
        &self,
        cfg: crate::fetch::FetchConfig,
        only: &[String],
        quiet: bool,
    ) -> Result<Fetched> {
        use crate::fetch::{Fetcher, Outcome, Progress, Validators};
        use std::sync::atomic::Ordering;

        self.writing()?;
        let started_at = crate::clock::utc_now_rfc3339();
        let base_url = cfg.origin.base.to_string();
        let origin = cfg.origin.clone();
        let read_docs = cfg.docs;
        let store = &self.store;
        self.block_on(async {
        let known = store.slug_prefixes().await?;
        let validators: BTreeMap<String, Validators> = store
            .latest_validators()
            .await?
            .into_iter()
            .map(|(url, (etag, last_modified, sha256))| {
                (
                    url,
                    Validators {
                        etag,
                        last_modified,
                        sha256,
                    },
                )
            })
            .collect();
        let fetcher = Fetcher::archiving(cfg, store.clone())?;
        let (toc, crate::fetch::Toc { listed, refused }) = fetcher.discover().await?;
        for r in &refused {
            tracing::warn!(
                "{toc} links {} off the allow-list; refused, not fetched",
                r.url
            );
        }
        let urls: Vec<String> = listed
            .iter()
            .filter(|l| only.is_empty() || selected(l, only, &known))
            .map(|l| l.url.clone())
            .collect();
        if urls.is_empty() {
            bail!(
                "{toc} lists {} pages, none of which --only {} selects",
                listed.len(),
                only.join(" ")
            );
        }
        tracing::info!(
            "{toc} lists {} pages; fetching {}",
            listed.len(),
            urls.len()
        );
        let progress = if quiet {
            Progress::quiet(urls.len())
        } else {
            Progress::new(urls.len())
        };
        let mut pages = fetcher.fetch_all(&urls, &validators, &progress).await;
        // A refused link is a page of the table of contents that could not
        // be read: the run fails naming it, and nothing of it is stored.
        pages.extend(refused.iter().map(|r| crate::fetch::PageFetch {
            url: r.url.clone(),
            final_url: None,
            outcome: Outcome::Failed {
                message: format!(
                    "the table of contents links this page off the allow-list ({}); refused, not fetched",
                    origin.describe_allowed()
                ),
                http_status: None,
            },
            attempts: 0,
            fetched_at: crate::clock::utc_now_rfc3339(),
        }));
        // The twins: each page's Markdown, then the services' JSON.
        let md_urls = markdown_urls(&pages, &origin);
        let markdown = fetcher
            .fetch_all(&md_urls, &validators, &Progress::quiet(md_urls.len()))
            .await;
        let mentions = twin_mentions(store, &pages, &markdown).await?;
        let (json, mut doc_warnings) =
            fetch_json_twins(&fetcher, &mentions, &validators, &origin).await?;
        let (docs, more) = if read_docs {
            let services = read_services(store, &pages, &markdown).await?;
            fetch_docs(&fetcher, &services, &pages, &validators, &origin).await?
        } else {
            (Vec::new(), Vec::new())
        };
        doc_warnings.extend(more);
        let twins_read: BTreeSet<String> = markdown
            .iter()
            .filter(|p| !matches!(p.outcome, Outcome::Failed { .. }))
            .map(|p| p.url.clone())
            .collect();
        pages.extend(markdown);
        pages.extend(json);
        let docs_read = docs
            .iter()
            .filter(|p| !matches!(p.outcome, crate::fetch::Outcome::Failed { .. }))
            .count();
        tracing::info!(
            "read {docs_read} of {} docs pages of the services",
            docs.len()
        );
                pages.extend(docs);
        // The IAM User Guide's global condition keys page and its twin.
        let guide_urls = crate::fetch::guide::urls(&origin);
        let guide = fetcher
            .fetch_all(
                &guide_urls,
                &validators,
                &Progress::quiet(guide_urls.len()),
            )
            .await;
        if let Some(p) = guide
            .iter()
            .find(|p| crate::fetch::guide::is_markdown(&p.url))
            .filter(|p| matches!(p.outcome, Outcome::Failed { .. }))
        {
            doc_warnings.push(format!(
                "{}: the global condition keys page could not be read; a build from this run keeps the previous snapshot's keys",
                p.url
            ));
        }
        pages.extend(guide);

        let mut failures = Vec::new();
        let mut twin_warnings = Vec::new();
        let mut absent = 0;
        let mut moved = Vec::new();
        let rows: Vec<(crate::store::FetchedPageRow, Option<Vec<u8>>)> = pages
            .into_iter()
            .map(|p| {
                let mut row = crate::store::FetchedPageRow {
                    url: p.url.clone(),
                    final_url: p.final_url.clone(),
                    fetched_at: p.fetched_at,
                    attempts: i64::from(p.attempts),
                    ..Default::default()
                };
                if let Some(to) = &p.final_url {
                    moved.push((p.url.clone(), to.clone()));
                }
                let mut ok = |etag, last_modified| {
                    row.status = FetchStatus::Ok;
                    row.http_status = Some(200);
                    row.etag = etag;
                    row.last_modified = last_modified;
                };
                let body = match p.outcome {
                    Outcome::Fetched {
                        body,
                        etag,
                        last_modified,
                    } => {
                        ok(etag, last_modified);
                        Some(body)
                    }
                    Outcome::Archived {
                        sha256,
                        etag,
                        last_modified,
                    } => {
                        ok(etag, last_modified);
                        row.sha256 = Some(sha256);
                        None
                    }
                    Outcome::NotModified { validators } => {
                        row.status = FetchStatus::NotModified;
                        row.http_status = Some(304);
                        row.etag = validators.etag;
                        row.last_modified = validators.last_modified;
                        row.sha256 = Some(validators.sha256);
                        None
                    }
                    Outcome::Failed { http_status, .. }
                        if crate::fetch::is_absent(&p.url, &p.outcome) =>
                    {
                        // Not served: absent, which is no failure (neither
                        // in `failures` nor a warning; the summary counts them).
                        absent += 1;
                        row.status = FetchStatus::Absent;
                        row.message = Some(crate::fetch::twins::ABSENT.to_string());
                        row.http_status = http_status.map(i64::from);
                        None
                    }
                    Outcome::Failed {
                        message,
                        http_status,
                    } => {
                        // A docs page that failed is a warning (said above),
                        // a twin that failed too (its page stands); a
                        // reference page is a failure unless its Markdown
                        // twin was read.
                                                if crate::fetch::guide::is_page(&p.url) {
                            // Said above, for the rendering read.
                        } else if crate::fetch::is_reference_url(&p.url) {
                            let twin = crate::fetch::twins::markdown_twin(&p.url);
                            if twin.is_some_and(|t| twins_read.contains(&t)) {
                                twin_warnings.push(format!(
                                    "{}: {message}; its Markdown twin stands in",
                                    p.url
                                ));
                            } else {
                                failures.push((p.url.clone(), message.clone()));
                            }
                        } else if crate::fetch::is_twin_url(&p.url) {
                            twin_warnings.push(format!(
                                "{}: the twin could not be fetched ({message}); the page is read from its other renderings",
                                p.url
                            ));
                        }
                        row.status = FetchStatus::Failed;
                        row.message = Some(message);
                        row.http_status = http_status.map(i64::from);
                        None
                    }
                };
                (row, body)
            })
            .collect();
        let c = fetcher.counters();
        let reference_rows = |status| {
            rows.iter()
                .filter(|(r, _)| r.status == status && crate::fetch::is_reference_url(&r.url))
                .count() as u64
        };
        let id = store
            .record_fetch_run(crate::store::NewFetchRun {
                base_url: base_url.clone(),
                only: (!only.is_empty()).then(|| only.join(" ")),
                started_at,
                requests: c.requests.load(Ordering::Relaxed),
                retries: c.retries.load(Ordering::Relaxed),
                // 304s of the reference pages, as `pages` counts those.
                not_modified: reference_rows(FetchStatus::NotModified),
                bytes: c.bytes.load(Ordering::Relaxed),
                reference_pages: rows
                    .iter()
                    .filter(|(r, _)| crate::fetch::is_reference_url(&r.url))
                    .count() as u64,
                // Only reference pages fail a run; a docs page that failed is a warning.
                failed: reference_rows(FetchStatus::Failed),
                pages: rows,
            })
            .await?;
        let (run, _) = store.fetch_run(Some(id)).await?;
        anyhow::Ok(Fetched {
            run,
            failures,
            absent,
            moved,
            warnings: doc_warnings.into_iter().chain(twin_warnings).collect(),
            docs: docs_read,
            listed,
        })
    })
    }

    /// A service whose docs pages failed to fetch keeps what the previous
    /// snapshot read from them: a page that could not be read is unknown, and
    /// its notices and changelog must not look removed.
    fn carry_over_docs(&self, parsed: &mut ParseRun, failed_docs: &[&str]) -> Result<()> {
        if failed_docs.is_empty() {
            return Ok(());
        }
        let previous: BTreeMap<String, Service> =
            match self.load_snapshot(&SnapshotSelector::Latest) {
                Ok(loaded) => loaded
                    .services
                    .into_iter()
                    .map(|s| (s.prefix.to_string(), s))
                    .collect(),
                Err(_) => BTreeMap::new(),
            };
        carry_over(&previous, parsed, failed_docs);
        Ok(())
    }
}

/// What the `previous` snapshot read from the docs pages that failed
/// comes back to the services those pages belong to, with a warning each.
fn carry_over(previous: &BTreeMap<String, Service>, parsed: &mut ParseRun, failed_docs: &[&str]) {
    use crate::parse::attach::{DocsScope, Overrides, dir_of, path_of};
    let overrides = Overrides::load_default();
    for service in &mut parsed.merged.services {
        let scope = DocsScope::of(service, &overrides);
        let lost: Vec<&&str> = failed_docs.iter().filter(|u| scope.covers(u)).collect();
        if lost.is_empty() {
            continue;
        }
        // What the previous snapshot read from those pages comes back, and
        // from pages of the same guide directory that were not read this
        // time (they are found through links on the pages that failed);
        // what the pages read now say stands.
        let read_now: Vec<String> = service
            .docs
            .iter()
            .map(|u| path_of(u).to_string())
            .collect();
        let message = match previous.get(service.prefix.as_str()) {
            Some(before) => {
                let from_lost = |url: &str| {
                    let path = path_of(url);
                    lost.iter().any(|u| path_of(u) == path)
                        || (lost.iter().any(|u| dir_of(u) == dir_of(url))
                            && !read_now.iter().any(|r| r == path))
                };
                service
                    .docs
                    .extend(before.docs.iter().filter(|u| from_lost(u)).cloned());
                service
                    .notices
                    .extend(before.notices.iter().filter(|n| from_lost(&n.url)).cloned());
                service.managed_policy_changes.extend(
                    before
                        .managed_policy_changes
                        .iter()
                        .filter(|c| from_lost(&c.url))
                        .cloned(),
                );
                service.managed_policies.extend(
                    before
                        .managed_policies
                        .iter()
                        .filter(|p| from_lost(&p.url))
                        .cloned(),
                );
                if service.features.is_empty() {
                    service.features.clone_from(&before.features);
                }
                service.canonicalize();
                "kept what the previous snapshot read from them"
            }
            None => "no previous snapshot to keep them from",
        };
        parsed.merged.warnings.push(format!(
            "{}: docs pages could not be fetched ({}); {message}",
            service.prefix,
            lost.iter()
                .map(|u| u.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
}

impl Dataset {
    /// Builds a snapshot from a fetch run (the newest when `run` is `None`). A
    /// partial run (`--only`) or one with failed pages is refused: a page that
    /// failed to fetch is unknown, and a snapshot without it would say the
    /// service was removed. The pages are read back from the archive and
    /// parsed [`PAGES_AT_ONCE`] at a time, so memory holds a chunk of bodies
    /// (and what every page said), not every body of the run.
    pub fn build_from_run(&self, run: Option<i64>, taken_at: &str) -> Result<Built> {
        if !crate::clock::is_date(taken_at) {
            bail!("--taken-at {taken_at:?}: expected a date, YYYY-MM-DD");
        }
        self.writing()?;
        let store = &self.store;
        let (info, rows) = self.block_on(store.fetch_run(run))?;
        if let Some(only) = &info.only {
            bail!(
                "fetch run {} fetched only {only}: a snapshot needs every page of the table of contents (run `cargo xtask fetch` without --only)",
                info.id
            );
        }
        // A page is refused only when no rendering of it was fetched: its
        // Markdown twin stands in for an HTML page that failed.
        let read: BTreeSet<&str> = rows
            .iter()
            .filter(|r| r.status.has_body())
            .map(|r| r.url.as_str())
            .collect();
        let failed: Vec<String> = rows
            .iter()
            .filter(|r| r.status == FetchStatus::Failed && crate::fetch::is_reference_url(&r.url))
            .filter(|r| {
                crate::fetch::twins::markdown_twin(&r.url)
                    .is_none_or(|t| !read.contains(t.as_str()))
            })
            .map(|r| format!("{}: {}", r.url, r.message.as_deref().unwrap_or("failed")))
            .collect();
        let failed_docs: Vec<&str> = rows
            .iter()
            .filter(|r| {
                r.status == FetchStatus::Failed
                    && !crate::fetch::is_reference_url(&r.url)
                    && !crate::fetch::is_twin_url(&r.url)
                    && !crate::fetch::guide::is_page(&r.url)
            })
            .map(|r| r.url.as_str())
            .collect();
        // The global keys page is read on its own, not as a service's page.
        let guide = rows
            .iter()
            .find(|r| r.status.has_body() && crate::fetch::guide::is_markdown(&r.url));
        // The index of the JSON twins is how they were found, not a page.
        let rows: Vec<&crate::store::FetchedPageRow> = rows
            .iter()
            .filter(|r| {
                r.status.has_body()
                    && crate::fetch::twins::Rendering::of(&r.url)
                        != crate::fetch::twins::Rendering::Index
                    && !crate::fetch::guide::is_page(&r.url)
            })
            .collect();
        if !failed.is_empty() {
            return Ok(Built::Refused {
                errors: failed,
                pages: rows.len(),
            });
        }
        // Parse each page under the name it was served from, so a page that
        // redirected to a new slug is read as that page, once even when the
        // table of contents lists both names; the old name is recorded as moved.
        let mut served = std::collections::BTreeSet::new();
        let mut parsed_rows = Vec::new();
        let mut moved_pages = Vec::new();
        for &r in &rows {
            if let Some(to) = &r.final_url {
                moved_pages.push(NewPage {
                    source_name: r.url.clone(),
                    url: Some(r.url.clone()),
                    slug: crate::parse::source::slug_of(&r.url).map(str::to_string),
                    status: "moved",
                    message: Some(to.clone()),
                    fetched_at: Some(r.fetched_at.clone()),
                    http_status: Some(301),
                    ..NewPage::default()
                });
            }
            if served.insert(r.served()) {
                parsed_rows.push(r);
            }
        }
        let in_run = |e: anyhow::Error| e.context(format!("fetch run {}", info.id));
        let mut parsing = Parsing::new(false);
        let mut pages = Vec::with_capacity(parsed_rows.len() + moved_pages.len());
        self.block_on(in_chunks(
            store,
            &parsed_rows,
            PAGES_AT_ONCE,
            |chunk, sources| {
                let sources = chunk
                    .iter()
                    .zip(sources)
                    .map(|(r, s)| s.with_context(|| format!("{}: no body was archived", r.url)))
                    .collect::<Result<Vec<_>>>()?;
                let reports = parsing.add(&sources);
                // The record names the archived body rather than holding it.
                for (mut page, row) in page_records("", sources, reports).into_iter().zip(chunk) {
                    page.body = None;
                    page.archived.clone_from(&row.sha256);
                    page.fetched_at = Some(row.fetched_at.clone());
                    page.http_status = row.http_status;
                    page.etag = row.etag.clone();
                    page.last_modified = row.last_modified.clone();
                    pages.push(page);
                }
                Ok(())
            },
        ))
        .map_err(in_run)?;
        let mut parsed = match refuse_failed(parsing.finish()) {
            Ok(run) => run,
            Err(refused) => return Ok(*refused),
        };
        self.carry_over_docs(&mut parsed, &failed_docs)?;
        pages.extend(moved_pages);
        let guide_page = match guide {
            Some(row) => self.block_on(read_one(store, row)).map_err(in_run)?,
            None => None,
        };
        // Read under the URL listed, as the keys page names itself.
        let guide = guide.zip(guide_page).map(|(r, s)| (r.url.clone(), s.bytes));
        let keys = self.fetched_keys(guide, &mut parsed.merged.warnings)?;
        self.store_run(taken_at, &info.base_url, &parsed, &pages, keys.as_ref())
    }
}
