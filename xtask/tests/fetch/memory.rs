//! Fetched bodies are streamed into the archive: a run's memory is bounded
//! by its concurrency, not by the number of pages it fetches.

use xtask::mirror::{Mirror, MirrorConfig};

use super::{config, fetch, mirror, pages};
use crate::util::{corpus, xtask};

/// The largest resident set of `cmd`, from `/usr/bin/time -v`, with its
/// output.
fn peak_rss_mib(cmd: &std::process::Command) -> (u64, std::process::Output) {
    let mut timed = std::process::Command::new("/usr/bin/time");
    timed.arg("-v").arg(cmd.get_program()).args(cmd.get_args());
    let out = timed.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let kib: u64 = stderr
        .lines()
        .find_map(|l| {
            l.trim()
                .strip_prefix("Maximum resident set size (kbytes): ")
        })
        .unwrap_or_else(|| panic!("no peak RSS in {stderr}"))
        .parse()
        .unwrap();
    (kib / 1024, out)
}

/// `n` real pages of 2026-07-01 (`var` overrides `default`), each padded
/// to `page` bytes, on a mirror; `None` (skipped) without the corpus or
/// `/usr/bin/time`.
fn padded_mirror(var: &str, default: usize, page: usize) -> Option<(Mirror, usize)> {
    let corpus = corpus()?;
    if !std::path::Path::new("/usr/bin/time").exists() {
        eprintln!("skipped: /usr/bin/time measures the peak RSS");
        return None;
    }
    let n: usize = std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default);
    let m = mirror(
        pages(&corpus.join("sar-html/2026-07-01"), Some(n)),
        MirrorConfig {
            pad_to: page,
            ..Default::default()
        },
    );
    Some((m, n))
}

/// Runs `cmd`, which must succeed and say it handled `n` pages; returns its
/// peak RSS in MiB, said with `what` and the time it took.
fn measured(cmd: &std::process::Command, n: usize, what: &str) -> u64 {
    let started = std::time::Instant::now();
    let (rss, out) = peak_rss_mib(cmd);
    let took = started.elapsed();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("{what}: peak RSS {rss} MiB, {took:?}");
    assert!(stdout.contains(&format!("{n} pages")), "{stdout}");
    rss
}

/// Issue 11: 300 pages of 15 MiB ended in an allocation failure (exit 134).
/// Real pages padded to 15 MiB each (40 by default, 600 MiB in all;
/// `XTASK_FETCH_MEMORY_PAGES=300` for the 4.5 GB): the fetch stays
/// far below what holding them would take.
#[test]
fn a_fetch_of_many_large_pages_holds_a_few_at_a_time() {
    const PAGE: usize = 15 << 20;
    let Some((m, n)) = padded_mirror("XTASK_FETCH_MEMORY_PAGES", 40, PAGE) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let mut cmd = xtask();
    cmd.arg("--db")
        .arg(tmp.path().join("catalog.sqlite"))
        .args(["fetch", "--no-docs", "--base-url", &m.base_url()]);
    let rss = measured(&cmd, n, &format!("{n} pages of 15 MiB"));
    assert!(m.stats().body_bytes >= (n * PAGE) as u64, "{:?}", m.stats());
    let all_mib = ((n * PAGE) >> 20) as u64;
    assert!(
        rss < 1024 && rss < all_mib / 2,
        "peak RSS {rss} MiB for {n} pages of 15 MiB ({all_mib} MiB)"
    );
}

/// The build from such a run reads its pages back a chunk at a time: real
/// pages padded to 4 MiB each (96 by default, 384 MiB in all;
/// `XTASK_BUILD_MEMORY_PAGES` for more) are built holding a chunk's worth,
/// not every body (before, the build held each body about three times:
/// 128 such pages peaked at 1574 MiB, against 183 MiB chunked, release).
#[test]
fn a_build_from_a_run_of_many_large_pages_holds_a_few_at_a_time() {
    const PAGE: usize = 4 << 20;
    let Some((m, n)) = padded_mirror("XTASK_BUILD_MEMORY_PAGES", 96, PAGE) else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let run = fetch(&db, config(&m));
    assert_eq!((run.run.pages, run.run.failed), (n as i64, 0));
    let mut cmd = xtask();
    cmd.arg("--db")
        .arg(&db)
        .args(["build", "--from-db", "--taken-at", "2026-07-01"]);
    let rss = measured(&cmd, n, &format!("build of {n} pages of 4 MiB"));
    // Holding every body once would take all of them and more.
    let all_mib = ((n * PAGE) >> 20) as u64;
    assert!(
        rss < all_mib,
        "peak RSS {rss} MiB for {n} pages of 4 MiB ({all_mib} MiB)"
    );
}
