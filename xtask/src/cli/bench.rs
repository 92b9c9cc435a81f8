//! `cargo xtask bench`: time pipeline stages on real pages and report the
//! median. A command rather than tests: timings belong in benchmarks, run in
//! release mode on a quiet machine.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use clap::ValueEnum;

use crate::dataset::{self, Built};
use crate::parse::{parse_all, source};
use crate::store::SnapshotSelector;

/// What to measure.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Stage {
    /// Parse every page (files already in memory) and merge by prefix.
    Parse,
    /// `build --from-dir` into a new database: read, parse, store, archive.
    Build,
    /// `export` of the latest snapshot to a directory.
    Export,
    /// `fetch` of every page from a local mirror answering after 50 ms,
    /// then the revalidation run (all 304).
    Fetch,
    /// Diff of two full snapshots (the older one from `--old-dir`): the
    /// comparison with Markdown and JSON reports, and the same with both
    /// snapshots read from exported directories first.
    Diff,
    /// `update` offline from saved pages (`--dir` and the service docs
    /// beside it in the corpus) on a copy of the checkout whose data is
    /// `--old-dir`'s: the accepted update (every stage, export, release and
    /// codegen included), then the same pages again (no change).
    Update,
    /// The typed crate: `cargo xtask codegen` on `snapshots/`, the size of
    /// what it writes, and clean builds of `aws-iam-catalog` (debug and
    /// release, each in a fresh target directory). Not part of `all`: it
    /// takes minutes. Lookups are measured by `cargo bench -p aws-iam-catalog`.
    Crate,
    /// All of the above but `crate` and `update`.
    All,
}

/// Runs `f` once to warm up, then `runs` times, and prints the figures.
fn measure(label: &str, runs: usize, mut f: impl FnMut() -> Result<()>) -> Result<Duration> {
    f()?;
    let mut times: Vec<Duration> = (0..runs.max(1))
        .map(|_| {
            let start = Instant::now();
            f().map(|()| start.elapsed())
        })
        .collect::<Result<_>>()?;
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{label:<8} {} runs on {} threads: median {:.3} s, min {:.3} s, max {:.3} s",
        times.len(),
        rayon::current_num_threads(),
        median.as_secs_f64(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64()
    );
    Ok(median)
}

/// Runs the benchmark.
pub fn run(stage: Stage, dir: &Path, old_dir: &Path, runs: usize) -> Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; `cargo xtask bench` (release) gives the real figures");
    }
    if matches!(stage, Stage::Crate) {
        return bench_crate(runs);
    }
    if matches!(stage, Stage::Update) {
        return bench_update(dir, old_dir, runs);
    }
    let sources = source::collect(&[dir.to_path_buf()])?;
    if sources.is_empty() {
        bail!("{}: no pages to measure", dir.display());
    }
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    let first = parse_all(&sources);
    println!(
        "{}: {} pages, {:.1} MB, {} prefixes, {} actions, {} errors",
        dir.display(),
        sources.len(),
        bytes as f64 / 1e6,
        first.merged.services.len(),
        first
            .merged
            .services
            .iter()
            .map(|s| s.actions.len())
            .sum::<usize>(),
        first.errors()
    );
    let all = matches!(stage, Stage::All);
    if all || matches!(stage, Stage::Parse) {
        let median = measure("parse", runs, || {
            let run = parse_all(&sources);
            assert_eq!(run.merged.services.len(), first.merged.services.len());
            Ok(())
        })?;
        println!(
            "         {:.1} MB/s",
            bytes as f64 / 1e6 / median.as_secs_f64()
        );
    }
    let tmp = tempfile_dir()?;
    let db = tmp.join("bench.sqlite");
    if all || matches!(stage, Stage::Build) {
        measure("build", runs, || {
            for suffix in ["", "-wal", "-shm", ".lock"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
            }
            match dataset::build_from_dir(&db, dir, "2026-07-01", false)? {
                Built::Stored { .. } => Ok(()),
                Built::Refused { errors, .. } => bail!("build refused: {errors:?}"),
            }
        })?;
    }
    if all || matches!(stage, Stage::Export) {
        if !db.exists() {
            dataset::build_from_dir(&db, dir, "2026-07-01", false)?;
        }
        measure("export", runs, || {
            dataset::export(&db, &SnapshotSelector::Latest, &tmp.join("export")).map(|_| ())
        })?;
    }
    if all || matches!(stage, Stage::Fetch) {
        bench_fetch(dir, &tmp, runs)?;
    }
    if all || matches!(stage, Stage::Diff) {
        bench_diff(old_dir, dir, &tmp, runs)?;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(ExitCode::SUCCESS)
}

fn bench_fetch(dir: &Path, tmp: &Path, runs: usize) -> Result<()> {
    use crate::fetch::{FetchConfig, Origin};
    use crate::mirror::{Mirror, MirrorConfig};
    let latency = Duration::from_millis(50);
    let pages = Mirror::pages_from_dir(dir)?;
    // The table of contents, then every page.
    let requests = 1 + pages.len();
    let mirror = Mirror::start(
        pages,
        MirrorConfig {
            latency,
            gzip: true,
            ..Default::default()
        },
    )?;
    let mut cfg = FetchConfig::new(Origin::new(&mirror.base_url())?);
    // The corpus holds the reference only; its docs links would all be 404s.
    cfg.docs = false;
    let bound = latency.mul_f64(1.3 * requests as f64 / cfg.concurrency as f64);
    let db = tmp.join("fetch.sqlite");
    let fresh = || {
        for suffix in ["", "-wal", "-shm", ".lock"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
        }
    };
    let median = measure("fetch", runs.min(5), || {
        fresh();
        let f = dataset::fetch(&db, cfg.clone(), &[], false, true)?;
        anyhow::ensure!(f.run.failed == 0, "failures: {:?}", f.failures);
        Ok(())
    })?;
    let stats = mirror.stats();
    println!(
        "         {requests} requests, concurrency {}, 50 ms latency: bound 1.3 x requests / concurrency x 50 ms = {:.2} s; \
         median {:.2} s ({:.0}% of the bound); most in flight at the server: {}",
        cfg.concurrency,
        bound.as_secs_f64(),
        median.as_secs_f64(),
        100.0 * median.as_secs_f64() / bound.as_secs_f64(),
        stats.max_in_flight
    );
    anyhow::ensure!(
        stats.max_in_flight <= cfg.concurrency,
        "the server saw {} requests in flight",
        stats.max_in_flight
    );
    // The revalidation run on the unchanged mirror, as the daily job meets it.
    mirror.set_latency(Duration::ZERO);
    measure("fetch-304", runs.min(5), || {
        let f = dataset::fetch(&db, cfg.clone(), &[], false, true)?;
        anyhow::ensure!(
            f.run.not_modified == f.run.pages,
            "not all 304: {:?}",
            f.run
        );
        Ok(())
    })?;
    Ok(())
}

fn bench_diff(old_dir: &Path, new_dir: &Path, tmp: &Path, runs: usize) -> Result<()> {
    use crate::diff::compare;
    use crate::report::{Markdown, render};
    // Both sides as exported snapshot directories, as `diff` reads them.
    let mut sides = Vec::new();
    for (name, dir) in [("old", old_dir), ("new", new_dir)] {
        let out = tmp.join(name);
        let side = dataset::load_side(&dir.display().to_string(), &tmp.join("none.sqlite"))?;
        let set = crate::snapshot::CanonicalSet::from_services(&side.services);
        let counts = crate::snapshot::Counts::of(&side.services);
        let manifest = crate::snapshot::Manifest::new(
            side.data_date.as_deref().unwrap_or("1970-01-01"),
            &side.label,
            counts,
            &set,
        );
        crate::snapshot::export_dir(&out, &manifest, &set)?;
        sides.push((out, side));
    }
    let d = compare(&sides[0].1, &sides[1].1);
    println!(
        "diff     {} → {}: {} actions added, {} removed, {} changed",
        old_dir.display(),
        new_dir.display(),
        d.summary.actions.added,
        d.summary.actions.removed,
        d.summary.actions.changed
    );
    measure("diff", runs, || {
        let d = compare(&sides[0].1, &sides[1].1);
        let md = render(&d, &Markdown);
        let json = serde_json::to_string(&d)?;
        assert!(!md.is_empty() && !json.is_empty());
        Ok(())
    })?;
    let (old, new) = (
        sides[0].0.display().to_string(),
        sides[1].0.display().to_string(),
    );
    measure("diff+load", runs, || {
        let db = tmp.join("none.sqlite");
        let (o, n) = rayon::join(
            || dataset::load_side(&old, &db),
            || dataset::load_side(&new, &db),
        );
        let d = compare(&o?, &n?);
        let md = render(&d, &Markdown);
        assert!(!md.is_empty());
        Ok(())
    })?;
    Ok(())
}

fn tempfile_dir() -> Result<std::path::PathBuf> {
    let dir = std::env::temp_dir().join(format!("xtask-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

/// Codegen and clean builds of the typed crate.
fn bench_crate(runs: usize) -> Result<ExitCode> {
    let root = crate::cli::repo_root();
    let snapshots = root.join("snapshots");
    let input = crate::codegen::read_input(&snapshots)?;
    let mut sizes = Default::default();
    measure("codegen", runs, || {
        let outputs = crate::codegen::generate(&input, &root)?;
        sizes = crate::codegen::sizes(&outputs);
        Ok(())
    })?;
    let generated: usize = sizes
        .iter()
        .filter(|(p, _)| p.starts_with("src/generated"))
        .map(|(_, n)| n)
        .sum();
    println!("         generated source: {generated} bytes");
    // By group (`consts/`, `tables/`, `strings/` hold a file per service,
    // table and chunk), with the largest file.
    let mut groups: std::collections::BTreeMap<&str, (usize, usize, usize)> = Default::default();
    for (path, &n) in &sizes {
        let Some(rel) = path.strip_prefix("src/generated/") else {
            continue;
        };
        let group = rel.split(['/', '.']).next().unwrap_or(rel);
        let g = groups.entry(group).or_default();
        *g = (g.0 + n, g.1 + 1, g.2.max(n));
    }
    for (group, (bytes, files, largest)) in groups {
        println!("           {group}: {bytes} bytes in {files} files, the largest {largest}");
    }
    let tmp = tempfile_dir()?;
    for (label, profile) in [("debug", None), ("release", Some("--release"))] {
        let mut n = 0;
        measure(&format!("build-{label}"), runs.min(3), || {
            // A fresh target directory each time: a clean build of the
            // crate alone (it has no dependencies by default).
            n += 1;
            let target = tmp.join(format!("target-{label}-{n}"));
            let status = std::process::Command::new(
                std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()),
            )
            .args(["build", "--quiet", "--offline", "-p", "aws-iam-catalog"])
            .args(profile)
            .current_dir(&root)
            .env("CARGO_TARGET_DIR", &target)
            .status()?;
            anyhow::ensure!(status.success(), "cargo build {label} failed");
            let _ = std::fs::remove_dir_all(&target);
            Ok(())
        })?;
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(ExitCode::SUCCESS)
}

/// Copies what an update touches from the repository at `from` to `to`.
fn copy_checkout(from: &Path, to: &Path) -> Result<()> {
    fn copy(from: &Path, to: &Path) -> std::io::Result<()> {
        if from.is_dir() {
            std::fs::create_dir_all(to)?;
            for entry in std::fs::read_dir(from)? {
                let name = entry?.file_name();
                copy(&from.join(&name), &to.join(&name))?;
            }
            Ok(())
        } else {
            std::fs::create_dir_all(to.parent().unwrap_or(Path::new(".")))?;
            std::fs::copy(from, to).map(|_| ())
        }
    }
    for rel in crate::update::CHECKOUT_FILES {
        copy(&from.join(rel), &to.join(rel))?;
    }
    Ok(())
}

/// Full offline updates: prepared outside the clock, timed alone.
fn bench_update(dir: &Path, old_dir: &Path, runs: usize) -> Result<ExitCode> {
    use crate::update::{Options, Outcome, ShrinkLimit, Source, run};
    let docs = dir.join("../../service-docs");
    let dirs = |d: &Path| {
        let mut v = vec![d.to_path_buf()];
        if docs.is_dir() {
            v.push(docs.clone());
        }
        v
    };
    let tmp = tempfile_dir()?;
    let options = |root: &Path, db: &Path, from: &Path, accept: bool| Options {
        root: root.to_path_buf(),
        db: db.to_path_buf(),
        source: Source::Dirs(dirs(from)),
        taken_at: None,
        shrink: ShrinkLimit {
            accepted: if accept {
                crate::update::Accepted::All
            } else {
                crate::update::Accepted::Nothing
            },
            ..ShrinkLimit::default()
        },
        wait: false,
        progress: false,
        deadline: std::time::Duration::from_secs(900),
    };
    // The template: the repository's files with the older data accepted.
    let template = tmp.join("template");
    copy_checkout(&crate::cli::repo_root(), &template)?;
    let template_db = tmp.join("template.sqlite");
    run(&options(&template, &template_db, old_dir, true), || {})?;
    println!(
        "{}: update of a checkout holding {} (template ready)",
        dir.display(),
        old_dir.display()
    );
    let mut accepted = Vec::new();
    let mut unchanged = Vec::new();
    for i in 0..=runs.max(1) {
        let root = tmp.join(format!("run-{i}"));
        let db = tmp.join(format!("run-{i}.sqlite"));
        copy_checkout(&template, &root)?;
        std::fs::copy(&template_db, &db)?;
        let start = Instant::now();
        let r = run(&options(&root, &db, dir, false), || {})?;
        let took = start.elapsed();
        anyhow::ensure!(
            matches!(r.outcome, Outcome::Accepted { .. }),
            "expected an accepted update: {}",
            r.report
        );
        let start = Instant::now();
        let again = run(&options(&root, &db, dir, false), || {})?;
        let took_again = start.elapsed();
        anyhow::ensure!(
            matches!(again.outcome, Outcome::Unchanged),
            "expected no change: {}",
            again.report
        );
        if i > 0 {
            // The first is a warm-up.
            accepted.push(took);
            unchanged.push(took_again);
        }
        let _ = std::fs::remove_dir_all(&root);
        let _ = std::fs::remove_file(&db);
    }
    for (label, mut times) in [("update", accepted), ("no-change", unchanged)] {
        times.sort();
        println!(
            "{label:<9} {} runs on {} threads: median {:.3} s, min {:.3} s, max {:.3} s",
            times.len(),
            rayon::current_num_threads(),
            times[times.len() / 2].as_secs_f64(),
            times[0].as_secs_f64(),
            times[times.len() - 1].as_secs_f64()
        );
    }
    let _ = std::fs::remove_dir_all(&tmp);
    Ok(ExitCode::SUCCESS)
}
