//! Whole runs against a mirror of the 2026-07-01 pages.

use xtask::dataset::{self, Built};
use xtask::mirror::MirrorConfig;

use super::{built_hash, config, fetch, import_committed, mirror, pages};
use crate::util::{corpus, xtask};

#[test]
fn fetch_then_build_equals_build_from_the_directory_and_revalidates() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("sar-html/2026-07-01");
    let m = mirror(
        pages(&dir, None),
        MirrorConfig {
            gzip: true,
            ..Default::default()
        },
    );
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");

    let first = fetch(&db, config(&m));
    assert_eq!(
        (
            first.run.pages,
            first.run.failed,
            first.run.requests,
            first.run.retries
        ),
        // The table of contents, 535 pages, their 535 Markdown twins, the
        // JSON index and the global keys page and its twin (404s on this
        // mirror: absent, not failures).
        (535, 0, 1074, 0)
    );
    assert!(first.failures.is_empty());
    // The mirror never saw more requests in flight than allowed.
    assert!(m.stats().max_in_flight <= 8, "{:?}", m.stats());
    let fetched = built_hash(
        &db,
        dataset::Dataset::open_writing(&db, "build", false)
            .and_then(|d| d.build_from_run(None, "2026-07-01"))
            .unwrap(),
    );
    let from_dir = built_hash(
        &db,
        dataset::Dataset::open_writing(&db, "build", false)
            .and_then(|d| d.build_from_dirs(&[&dir], "2026-07-01"))
            .unwrap(),
    );
    assert_eq!(fetched, from_dir);

    // A second run revalidates every page: all 304, no page body again.
    m.reset_stats();
    let started = std::time::Instant::now();
    let second = fetch(&db, config(&m));
    eprintln!(
        "second fetch (535 pages, their twins absent): {:?} in {:?}",
        m.stats(),
        started.elapsed()
    );
    assert!(m.stats().max_in_flight <= 8, "{:?}", m.stats());
    assert_eq!(
        (second.run.pages, second.run.not_modified, second.run.failed),
        (535, 535, 0)
    );
    let stats = m.stats();
    assert_eq!(stats.statuses.get(&304), Some(&535), "{stats:?}");
    assert_eq!(
        stats.statuses.get(&200),
        Some(&1),
        "only the table of contents: {stats:?}"
    );
    // The 304s reuse the archived bodies: the same snapshot again.
    let again = built_hash(
        &db,
        dataset::Dataset::open_writing(&db, "build", false)
            .and_then(|d| d.build_from_run(None, "2026-07-01"))
            .unwrap(),
    );
    assert_eq!(again, from_dir);
}

#[test]
fn random_429_and_503_give_the_same_snapshot() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("sar-html/2026-07-01");
    let m = mirror(
        pages(&dir, None),
        MirrorConfig {
            random_errors: 0.10,
            retry_after: Some("1".into()),
            seed: 7,
            ..Default::default()
        },
    );
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let mut cfg = config(&m);
    cfg.retry.attempts = 8;
    let run = fetch(&db, cfg).run;
    assert_eq!(run.failed, 0, "{run:?}");
    let stats = m.stats();
    let errors = stats.statuses.get(&429).copied().unwrap_or(0)
        + stats.statuses.get(&503).copied().unwrap_or(0);
    assert!(
        errors > 20,
        "about one answer in ten should fail: {stats:?}"
    );
    assert_eq!(run.retries as usize, errors, "every 429/503 was retried");
    // 1072 pages of the reference and their twins, and the IAM User
    // Guide's global keys page and its twin (404s here).
    assert_eq!(run.requests as usize, 1074 + errors);
    let fetched = built_hash(
        &db,
        dataset::Dataset::open_writing(&db, "build", false)
            .and_then(|d| d.build_from_run(None, "2026-07-01"))
            .unwrap(),
    );
    let from_dir = built_hash(
        &db,
        dataset::Dataset::open_writing(&db, "build", false)
            .and_then(|d| d.build_from_dirs(&[&dir], "2026-07-01"))
            .unwrap(),
    );
    assert_eq!(fetched, from_dir);
}

#[test]
fn a_page_that_fails_every_attempt_fails_the_run_and_the_build() {
    let Some(corpus) = corpus() else { return };
    let m = mirror(
        pages(&corpus.join("sar-html/2026-07-01"), Some(30)),
        MirrorConfig::default(),
    );
    let victim = "list_alexaforbusiness.html";
    m.set_fault(victim, xtask::mirror::Fault::Status(503));
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    // An earlier snapshot that must stay untouched.
    let earlier = import_committed(&db);

    let o = xtask()
        .arg("--db")
        .arg(&db)
        .args([
            "fetch",
            "--attempts",
            "3",
            "--retry-base-ms",
            "10",
            "--base-url",
            &m.base_url(),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(&format!(
            "failed {}: HTTP 503 Service Unavailable (gave up after 3 attempts)",
            m.url(victim)
        )),
        "{stdout}"
    );
    // Not served on this mirror: the 30 Markdown twins and the JSON index,
    // none of them a failure (the global keys page's Markdown is: the keys
    // are read from it alone).
    assert!(
        stdout.contains(
            "30 pages (29 fetched, 0 not modified, 1 failed), 31 twins not served (absent)"
        ),
        "{stdout}"
    );

    match dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-01"))
        .unwrap()
    {
        Built::Refused { errors, .. } => assert!(
            errors[0].contains(victim) && errors[0].contains("503"),
            "{errors:?}"
        ),
        built => panic!("an incomplete run was built: {built:?}"),
    }
    let snapshots = dataset::Dataset::open(&db)
        .and_then(|d| d.snapshots())
        .unwrap();
    assert_eq!(snapshots.len(), 1);
    assert_eq!(snapshots[0].id, earlier);
}
