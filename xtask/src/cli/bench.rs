//! `cargo xtask bench`: time pipeline stages on real pages and report the
//! median. A command rather than tests: timings belong in benchmarks, run in
//! release mode on a quiet machine.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use clap::ValueEnum;

use crate::dataset::{self, Built};
use crate::parse::source;
use crate::parse_run::parse_all;
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

/// Runs the benchmark; `root` finds the checkout (the crate and update
/// stages read it; they write only in temporary directories).
pub fn run(
    stage: Stage,
    dir: &Path,
    old_dir: &Path,
    runs: usize,
    template: Option<&Path>,
    root: impl FnOnce() -> Result<std::path::PathBuf>,
) -> Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; `cargo xtask bench` (release) gives the real figures");
    }
    if matches!(stage, Stage::Crate) {
        return bench_crate(&root()?, runs);
    }
    if matches!(stage, Stage::Update) {
        return bench_update(&root()?, dir, old_dir, runs, template);
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
            match dataset::Dataset::open_writing(&db, "build", false)
                .and_then(|d| d.build_from_dirs(&[dir], "2026-07-01"))?
            {
                Built::Stored { .. } => Ok(()),
                Built::Refused { errors, .. } => bail!("build refused: {errors:?}"),
            }
        })?;
    }
    if all || matches!(stage, Stage::Export) {
        if !db.exists() {
            dataset::Dataset::open_writing(&db, "build", false)
                .and_then(|d| d.build_from_dirs(&[dir], "2026-07-01"))?;
        }
        measure("export", runs, || {
            dataset::Dataset::open(&db)
                .and_then(|d| d.export(&SnapshotSelector::Latest, &tmp.join("export")))
                .map(|_| ())
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
        let f = dataset::Dataset::open_writing(&db, "fetch", false)
            .and_then(|d| d.fetch(cfg.clone(), &[], true))?;
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
        let f = dataset::Dataset::open_writing(&db, "fetch", false)
            .and_then(|d| d.fetch(cfg.clone(), &[], true))?;
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
        crate::snapshot::export_dir(&out, &manifest, &set, None)?;
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
        let db = dataset::OnDemand::new(&db);
        let (o, n) = rayon::join(|| db.side(&old), || db.side(&new));
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
fn bench_crate(root: &Path, runs: usize) -> Result<ExitCode> {
    let snapshots = root.join("snapshots");
    let input = crate::codegen::read_input(&snapshots)?;
    let mut sizes = Default::default();
    measure("codegen", runs, || {
        let generated = crate::codegen::generate(&input, root)?;
        sizes = crate::codegen::sizes(&generated.outputs);
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
    let result = bench_dependency_cost(root, &tmp, runs.clamp(1, 5));
    let _ = std::fs::remove_dir_all(&tmp);
    result?;
    Ok(ExitCode::SUCCESS)
}

/// The body of the bench's one-lookup program: read an action name from
/// the command line, print what it is.
const ACTION_LOOKUP: &str = "    let name = std::env::args().nth(1).unwrap_or_else(|| \"s3:GetObject\".into());\n    \
     match name.parse::<aws_iam_catalog::Action>() {\n        Ok(a) => println!(\"{a}: {} ({})\", a.description(), a.access_level()),\n        \
     Err(e) => eprintln!(\"{e}\"),\n    }\n";

/// What the operations program adds to it: the operation of that name (or
/// SDK call), its clients and the actions it needs.
const OPERATION_LOOKUP: &str = "    let op = name.parse::<Operation>().ok().or_else(|| name.split_once('.').and_then(|(c, m)| Operation::for_sdk(c, m)));\n    \
     if let Some(op) = op {\n        \
     let clients: Vec<_> = op.sdk_clients().collect();\n        \
     println!(\"{op} (SDK {}) needs:\", clients.join(\", \"));\n        \
     for need in op.actions() {\n            \
     let keys: Vec<_> = need.condition_keys().chain(need.possible_values()).collect();\n            \
     let others = need.action().operations().count();\n            \
     println!(\"  {} {} (needed by {others} operations)\", need.action(), keys.join(\" \"));\n        }\n    }\n";

/// A user's view of the dependency: binary crates of the same shape (read
/// an action name from the command line, print what it is), two answering
/// through the catalog and one with a one-entry table of its own. Each is
/// built clean (a fresh target directory, the same flags); the cost of the
/// dependency is the difference of the medians. Also the release
/// binaries' sizes and `cargo doc -p aws-iam-catalog --no-deps`.
///
/// The catalog is depended on twice: as the packed crate from a local
/// registry (what a user of the published crate builds: cargo builds a
/// registry dependency without incremental compilation) and by path (what
/// a workspace member builds, incrementally: cargo makes every path
/// dependency incremental in debug builds, which costs rustc time to save
/// its query results).
fn bench_dependency_cost(root: &Path, tmp: &Path, runs: usize) -> Result<()> {
    let from_registry = tmp.join("with-catalog");
    let by_path = tmp.join("with-catalog-by-path");
    let without = tmp.join("baseline");
    let manifest = |name: &str, dep: &str| {
        format!(
            "[package]\nname = \"{name}\"\nversion = \"0.0.0\"\nedition = \"2024\"\npublish = false\n\n\
             [dependencies]\n{dep}\n[profile.release]\ndebug = \"line-tables-only\"\n\n[workspace]\n"
        )
    };
    let uses_catalog = format!("fn main() {{\n{ACTION_LOOKUP}}}\n");
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let registry = vendor_catalog(&cargo, root, tmp)?;
    write_crate(
        &from_registry,
        &manifest(
            "with-catalog",
            &format!("aws-iam-catalog = \"={}\"\n", registry.version),
        ),
        &uses_catalog,
    )?;
    // The local registry stands in for crates.io, for this crate alone.
    std::fs::create_dir_all(from_registry.join(".cargo"))?;
    std::fs::write(
        from_registry.join(".cargo/config.toml"),
        format!(
            "[source.crates-io]\nreplace-with = \"packed\"\n\n[source.packed]\ndirectory = {:?}\n",
            registry.dir.display().to_string()
        ),
    )?;
    write_crate(
        &by_path,
        &manifest(
            "with-catalog",
            &format!(
                "aws-iam-catalog = {{ path = {:?} }}\n",
                root.display().to_string()
            ),
        ),
        &uses_catalog,
    )?;
    write_crate(
        &without,
        &manifest("baseline", ""),
        "const TABLE: &[(&str, &str, &str)] = &[(\"s3:GetObject\", \"Grants permission to retrieve objects from Amazon S3\", \"Read\")];\n\n\
         fn main() {\n    let name = std::env::args().nth(1).unwrap_or_else(|| \"s3:GetObject\".into());\n    \
         match TABLE.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(&name)) {\n        Some((n, d, l)) => println!(\"{n}: {d} ({l})\"),\n        \
         None => eprintln!(\"{name:?} is not an action\"),\n    }\n}\n",
    )?;

    let mut n = 0;
    // (wall time, CPU time of cargo and the compilers, target directory)
    let mut clean = |dir: &Path, args: &[&str]| -> Result<(Duration, f64, std::path::PathBuf)> {
        n += 1;
        let target = tmp.join(format!("target-{n}"));
        let cpu_before = children_cpu_seconds();
        let start = Instant::now();
        let out = std::process::Command::new(&cargo)
            .args(args)
            .args(["--quiet", "--offline"])
            .current_dir(dir)
            .env("CARGO_TARGET_DIR", &target)
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_INCREMENTAL")
            .output()?;
        let took = start.elapsed();
        let cpu = children_cpu_seconds() - cpu_before;
        anyhow::ensure!(
            out.status.success(),
            "cargo {} in {} failed: {}",
            args.join(" "),
            dir.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        Ok((took, cpu, target))
    };
    let show = |label: &str, v: &[f64], unit: &str| {
        let mut s = v.to_vec();
        s.sort_by(f64::total_cmp);
        println!(
            "{label:<52} {} runs: median {:.2} {unit} (min {:.2}, max {:.2})",
            s.len(),
            s[s.len() / 2],
            s[0],
            s[s.len() - 1]
        );
    };
    // The last release build of the one-lookup program (registry), for the
    // operations' cost.
    let mut one_lookup_bin = Vec::new();
    for (label, profile) in [("debug", None), ("release", Some("--release"))] {
        let args: Vec<&str> = std::iter::once("build").chain(profile).collect();
        let mut base = vec![];
        // Per dependency (registry, path): wall, added wall, added CPU.
        let mut dep: [[Vec<f64>; 3]; 2] = Default::default();
        let mut growth = vec![];
        for _ in 0..runs {
            let (b, b_cpu, bt) = clean(&without, &args)?;
            base.push(b.as_secs_f64());
            for (i, dir) in [&from_registry, &by_path].into_iter().enumerate() {
                let (d, d_cpu, dt) = clean(dir, &args)?;
                dep[i][0].push(d.as_secs_f64());
                dep[i][1].push(d.as_secs_f64() - b.as_secs_f64());
                dep[i][2].push(d_cpu - b_cpu);
                if profile.is_some() && i == 0 {
                    one_lookup_bin = std::fs::read(dt.join("release/with-catalog"))?;
                    let size = |t: &Path, name: &str| {
                        std::fs::metadata(t.join("release").join(name)).map(|m| m.len() as f64)
                    };
                    growth.push(
                        (size(&dt, "with-catalog")? - size(&bt, "baseline")?) / (1024.0 * 1024.0),
                    );
                }
                let _ = std::fs::remove_dir_all(&dt);
            }
            let _ = std::fs::remove_dir_all(&bt);
        }
        show(&format!("clean build {label}, baseline"), &base, "s");
        for (i, how) in ["", ", path dependency"].into_iter().enumerate() {
            show(
                &format!("clean build {label}, with catalog{how}"),
                &dep[i][0],
                "s",
            );
            show(&format!("build cost added, {label}{how}"), &dep[i][1], "s");
            // On a shared machine the wall time includes waiting for the
            // CPU; the CPU time of cargo and rustc does not.
            show(
                &format!("build cost added, {label}{how}, CPU time"),
                &dep[i][2],
                "s",
            );
        }
        if !growth.is_empty() {
            show("release binary growth", &growth, "MiB");
        }
    }
    operations_cost(
        &from_registry,
        &one_lookup_bin,
        &registry.version,
        root,
        &mut clean,
    )?;
    let mut docs = vec![];
    let mut files = 0;
    for _ in 0..runs.min(1) {
        let (_, _, t) = clean(&by_path, &["doc", "-p", "aws-iam-catalog", "--no-deps"])?;
        let (bytes, count) = dir_size(&t.join("doc"))?;
        docs.push(bytes as f64 / 1e6);
        files = count;
        let _ = std::fs::remove_dir_all(&t);
    }
    show(&format!("cargo doc --no-deps ({files} files)"), &docs, "MB");
    Ok(())
}

/// What the operations' tables cost (issue 23): a program of the same
/// shape that also answers an operation's actions and SDK clients, against
/// the one-lookup program, both from the registry in release. The linker
/// keeps a table only where code reads it, so the one-lookup program must
/// not hold the operations' name blob (`src/generated/operations/text.rs`,
/// names no action has): it is searched for in both binaries, byte for
/// byte. The one-lookup binary is the last release build of the runs
/// above; the operations program is built once (its size is the same every
/// run).
fn operations_cost(
    one_lookup: &Path,
    one_lookup_bin: &[u8],
    version: &str,
    root: &Path,
    clean: &mut impl FnMut(&Path, &[&str]) -> Result<(Duration, f64, std::path::PathBuf)>,
) -> Result<()> {
    if !root.join("src/generated/operations").is_dir() {
        println!("operations: none in this checkout's crate");
        return Ok(());
    }
    let with_operations = one_lookup.with_file_name("with-operations");
    write_crate(
        &with_operations,
        &std::fs::read_to_string(one_lookup.join("Cargo.toml"))?.replacen(
            "name = \"with-catalog\"",
            "name = \"with-operations\"",
            1,
        ),
        &format!(
            "use aws_iam_catalog::Operation;\n\nfn main() {{\n{ACTION_LOOKUP}{OPERATION_LOOKUP}}}\n"
        ),
    )?;
    std::fs::create_dir_all(with_operations.join(".cargo"))?;
    std::fs::copy(
        one_lookup.join(".cargo/config.toml"),
        with_operations.join(".cargo/config.toml"),
    )?;
    let (_, _, ops) = clean(&with_operations, &["build", "--release"])?;
    let ops_bin = std::fs::read(ops.join("release/with-operations"))?;
    let blob = operations_blob_sample(root)?;
    let holds = |bin: &[u8]| match memchr::memmem::find(bin, blob.as_bytes()) {
        Some(_) => "present",
        None => "absent",
    };
    println!(
        "operations used (catalog {version}), release binary: +{:.2} MiB over the one-lookup program",
        (ops_bin.len() as f64 - one_lookup_bin.len() as f64) / (1024.0 * 1024.0)
    );
    println!(
        "operations' name blob ({} bytes sampled) in the one-lookup program: {}; in the operations program: {}",
        blob.len(),
        holds(one_lookup_bin),
        holds(&ops_bin),
    );
    let _ = std::fs::remove_dir_all(&ops);
    Ok(())
}

/// 64 bytes from the middle of the operations' name blob, as the generated
/// source writes them (a run without escapes, so the same bytes as in a
/// binary that links the blob).
fn operations_blob_sample(root: &Path) -> Result<String> {
    let path = root.join("src/generated/operations/text.rs");
    let text = std::fs::read_to_string(&path)?;
    let literal = text
        .split("[\n\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .ok_or_else(|| anyhow::anyhow!("{}: no string literal", path.display()))?;
    let plain = literal
        .split('\\')
        .max_by_key(|run| run.len())
        .unwrap_or_default();
    anyhow::ensure!(
        plain.len() >= 64 && plain.is_ascii(),
        "{}: no run of 64 plain ASCII bytes",
        path.display()
    );
    let mid = plain.len() / 2 - 32;
    Ok(plain[mid..mid + 64].to_string())
}

/// A directory registry holding the catalog as `cargo package` packs it.
struct Vendored {
    dir: std::path::PathBuf,
    version: String,
}

/// Packs the catalog (`cargo package`, the files a publish uploads) and
/// unpacks it as a directory source (`.cargo-checksum.json` beside it, as
/// `cargo vendor` writes).
fn vendor_catalog(cargo: &std::ffi::OsStr, root: &Path, tmp: &Path) -> Result<Vendored> {
    let target = tmp.join("package-target");
    let out = std::process::Command::new(cargo)
        .args([
            "package",
            "--quiet",
            "--offline",
            "--no-verify",
            "--allow-dirty",
        ])
        .args(["-p", "aws-iam-catalog"])
        .current_dir(root)
        .env("CARGO_TARGET_DIR", &target)
        .output()?;
    anyhow::ensure!(
        out.status.success(),
        "cargo package -p aws-iam-catalog failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let packed = std::fs::read_dir(target.join("package"))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|e| e == "crate"))
        .ok_or_else(|| {
            anyhow::anyhow!("cargo package wrote no .crate under {}", target.display())
        })?;
    let stem = packed
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    let version = stem
        .strip_prefix("aws-iam-catalog-")
        .ok_or_else(|| anyhow::anyhow!("{} is not the catalog's package", packed.display()))?
        .to_string();
    let dir = tmp.join("registry");
    std::fs::create_dir_all(&dir)?;
    let bytes = std::fs::read(&packed)?;
    tar::Archive::new(flate2::read::GzDecoder::new(&bytes[..])).unpack(&dir)?;
    std::fs::write(
        dir.join(&stem).join(".cargo-checksum.json"),
        format!(
            "{{\"files\":{{}},\"package\":\"{}\"}}",
            crate::digest::sha256_hex(&bytes)
        ),
    )?;
    Ok(Vendored { dir, version })
}

/// User plus system CPU seconds of this process's finished children and
/// theirs (`/proc/self/stat` fields 16 and 17, in clock ticks of 1/100 s
/// on Linux); 0 elsewhere.
fn children_cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // The command name may hold spaces; fields resume after its `)`.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map_or("", |(_, rest)| rest)
        .split_whitespace()
        .collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // fields[0] is field 3 (state): cutime is field 16, cstime 17.
    (ticks(13) + ticks(14)) / 100.0
}

/// A crate of one `src/main.rs`.
fn write_crate(dir: &Path, manifest: &str, main: &str) -> Result<()> {
    std::fs::create_dir_all(dir.join("src"))?;
    std::fs::write(dir.join("Cargo.toml"), manifest)?;
    std::fs::write(dir.join("src/main.rs"), main)?;
    Ok(())
}

/// Bytes and files under `dir`.
fn dir_size(dir: &Path) -> Result<(u64, usize)> {
    let mut total = (0, 0);
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        if meta.is_dir() {
            let (b, n) = dir_size(&entry.path())?;
            total = (total.0 + b, total.1 + n);
        } else {
            total = (total.0 + meta.len(), total.1 + 1);
        }
    }
    Ok(total)
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
fn bench_update(
    root: &Path,
    dir: &Path,
    old_dir: &Path,
    runs: usize,
    prepared: Option<&Path>,
) -> Result<ExitCode> {
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
        full_report: None,
        listed: Vec::new(),
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
    // The template: the repository's files with the older data accepted,
    // or a prepared checkout and the history its database holds.
    let (template, template_db) = match prepared {
        Some(dir) => (dir.to_path_buf(), dir.join("catalog.sqlite")),
        None => {
            let template = tmp.join("template");
            copy_checkout(root, &template)?;
            let db = tmp.join("template.sqlite");
            run(&options(&template, &db, old_dir, true), || {})?;
            (template, db)
        }
    };
    let snapshots = crate::dataset::Dataset::open(&template_db)?
        .snapshots()?
        .len();
    println!(
        "{}: update of a checkout holding {} (template ready: {} snapshots stored, database {:.1} MiB)",
        dir.display(),
        prepared.unwrap_or(old_dir).display(),
        snapshots,
        crate::dataset::db_size(&template_db) as f64 / (1 << 20) as f64
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
