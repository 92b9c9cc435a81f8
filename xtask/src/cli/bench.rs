//! `cargo xtask bench`: parse a directory of real pages repeatedly and report
//! wall times. A command rather than a test: timings belong in benchmarks.

use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::parse::{parse_all, source};

/// Runs the benchmark.
pub fn run(dir: &Path, runs: usize) -> Result<ExitCode> {
    if cfg!(debug_assertions) {
        eprintln!("warning: a debug build; run `cargo xtask bench` (release) for real figures");
    }
    let sources = source::collect(&[dir.to_path_buf()])?;
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    if sources.is_empty() {
        bail!("{}: no pages to parse", dir.display());
    }
    // Warm-up, and the figures the timed runs must reproduce.
    let first = parse_all(&sources);
    let actions: usize = first.merged.services.iter().map(|s| s.actions.len()).sum();
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let run = parse_all(&sources);
        times.push(start.elapsed());
        assert_eq!(run.merged.services.len(), first.merged.services.len());
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "parse {}: {} pages, {:.1} MB, {} prefixes, {} actions, {} errors",
        dir.display(),
        sources.len(),
        bytes as f64 / 1e6,
        first.merged.services.len(),
        actions,
        first.errors()
    );
    println!(
        "{} runs on {} threads: median {:.3} s, min {:.3} s, max {:.3} s ({:.1} MB/s)",
        times.len(),
        rayon::current_num_threads(),
        median.as_secs_f64(),
        times[0].as_secs_f64(),
        times[times.len() - 1].as_secs_f64(),
        bytes as f64 / 1e6 / median.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
