//! The history views (schema 9), `cargo xtask history` and the backfill of
//! first-recorded dates, over two real recordings of the reference: a few
//! pages of `sar-html/2026-06-01` and of `2026-07-01` (both of the `<td id>`
//! era). A service is only in the first (`codestar`, "removed"),
//! another only in the second (`s3files`, "added").

use std::path::Path;

use xtask::dataset::{Built, Dataset};
use xtask::history::eras::Era;
use xtask::history::first_recorded::Kind;

use crate::util::{corpus, xtask};

/// Builds a recording of `pages` of `sar-html/<date>` into `db`.
fn record(corpus: &Path, db: &Path, date: &str, pages: &[&str], tmp: &Path) {
    let dir = tmp.join(date);
    std::fs::create_dir_all(&dir).unwrap();
    for p in pages {
        let name = format!("list_{p}.html");
        std::fs::copy(
            corpus.join("sar-html").join(date).join(&name),
            dir.join(&name),
        )
        .unwrap();
    }
    let built = Dataset::open_writing(db, "test", false)
        .unwrap()
        .build_from_dirs(&[&dir], date)
        .unwrap();
    assert!(
        matches!(built, Built::Stored { .. }),
        "{date} was not stored"
    );
}

fn history_db(corpus: &Path, tmp: &Path) -> std::path::PathBuf {
    let db = tmp.join("history.sqlite");
    record(
        corpus,
        &db,
        "2026-06-01",
        &["amazonchime", "amazons3", "awscodestar"],
        tmp,
    );
    record(
        corpus,
        &db,
        "2026-07-01",
        &["amazonchime", "amazons3", "amazons3files"],
        tmp,
    );
    db
}

/// Rows of three text columns.
fn query(db: &Path, sql: &'static str) -> Vec<(String, String, String)> {
    xtask::dataset::block_on(async {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        let rows = sqlx::query_as(sql).fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows
    })
    .unwrap()
}

#[test]
fn views_timelines_plot_and_backfill_over_two_recordings() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = history_db(&corpus, tmp.path());

    // Spans: chime in both (on or before the first), codestar gone, s3files new.
    let spans = query(
        &db,
        "SELECT prefix, first_recorded || ' ' || last_recorded, on_or_before || current \
         FROM service_history ORDER BY prefix",
    );
    let span = |p: &str| {
        spans
            .iter()
            .find(|s| s.0 == p)
            .cloned()
            .unwrap_or_else(|| panic!("{p}: {spans:?}"))
    };
    assert_eq!(span("chime").1, "2026-06-01 2026-07-01");
    assert_eq!(span("chime").2, "11");
    assert_eq!(span("codestar").1, "2026-06-01 2026-06-01");
    assert_eq!(span("codestar").2, "10");
    assert_eq!(span("s3files").1, "2026-07-01 2026-07-01");
    assert_eq!(span("s3files").2, "01");

    // "What was added in 2026-07": s3files and its actions, nothing of chime's
    // that both recordings have.
    let added = query(
        &db,
        "SELECT kind, prefix, item FROM history_additions WHERE first_recorded LIKE '2026-07-%'",
    );
    assert!(
        added.iter().any(|r| r.0 == "service" && r.2 == "s3files"),
        "{added:?}"
    );
    assert!(
        added
            .iter()
            .filter(|r| r.0 == "action")
            .all(|r| r.1 != "codestar")
    );
    assert!(added.iter().any(|r| r.0 == "action" && r.1 == "s3files"));
    let removed = query(
        &db,
        "SELECT kind, item, last_recorded FROM history_removals",
    );
    assert!(
        removed.contains(&("service".into(), "codestar".into(), "2026-06-01".into())),
        "{removed:?}"
    );
    assert!(
        removed
            .iter()
            .any(|r| r.0 == "action" && r.1.starts_with("codestar:"))
    );
    // Each change names the recordings on both sides.
    for (field, taken, previous) in query(
        &db,
        "SELECT field, taken_at, previous_taken_at FROM action_changes",
    ) {
        assert!(["access_level", "resource_types", "required"].contains(&field.as_str()));
        assert_eq!(
            (taken.as_str(), previous.as_str()),
            ("2026-07-01", "2026-06-01")
        );
    }

    // The command: an action, a service, a resource type, a condition key.
    let run = |item: &str| {
        let out = xtask()
            .args(["--db", db.to_str().unwrap(), "history", item])
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, out, _) = run("chime:createmeeting");
    assert_eq!(code, Some(0));
    assert!(out.starts_with("action chime:CreateMeeting\n"), "{out}");
    assert!(
        out.contains("first recorded 2026-06-01 (on or before"),
        "{out}"
    );
    assert!(out.contains("in 2 of the 2 recordings"), "{out}");
    let (_, out, _) = run("s3files");
    assert!(out.contains("service s3files (Amazon S3 Files)"), "{out}");
    assert!(out.contains("2026-07-01 first recorded: "), "{out}");
    let (_, out, _) = run("codestar");
    assert!(
        out.contains("last recorded  2026-06-01 (gone since)"),
        "{out}"
    );
    let (_, out, _) = run("s3:bucket");
    assert!(out.starts_with("resource type s3:bucket\n"), "{out}");
    let (_, out, _) = run("aws:ResourceTag/${TagKey}");
    assert!(
        out.contains("condition key aws:ResourceTag/${TagKey} (in chime's table)"),
        "{out}"
    );
    let (code, _, err) = run("chime:NoSuchAction");
    assert_eq!(code, Some(2));
    assert!(err.contains("no service, action, resource type or condition key named \"chime:NoSuchAction\" in the 2 recordings"), "{err}");

    // The plot: the era of the pages, a dot per recording and series.
    let ds = Dataset::open(&db).unwrap();
    let eras: Vec<Era> = xtask::history::recordings_with_eras(&ds)
        .unwrap()
        .into_iter()
        .map(|r| r.1)
        .collect();
    assert_eq!(eras, [Era::CellIds, Era::CellIds]);
    let svg = xtask::history::plot(&ds).unwrap();
    assert_eq!(svg.matches("<circle").count(), 4);
    assert!(svg.contains("2026-06-01 to 2026-07-01 (2 recordings)"));

    // The backfill: codestar's items kept, s3files dated with its recording,
    // an item of the catalog the recordings lack dated with the data date.
    let mut current = xtask::snapshot::import_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots"),
    )
    .unwrap()
    .services;
    current.retain(|s| s.prefix.as_str() == "iam");
    let b = xtask::history::backfill(&ds, &current, "2026-07-02").unwrap();
    let idx = b.file.index();
    assert_eq!(b.file.since, "2026-06-01");
    assert_eq!(
        idx.item("chime", Kind::Action, "CREATEMEETING"),
        Some("2026-06-01")
    );
    assert_eq!(idx.service("s3files"), Some("2026-07-01"));
    assert_eq!(idx.service("codestar"), Some("2026-06-01"));
    assert_eq!(idx.service("iam"), Some("2026-07-02"));
    assert_eq!(
        b.from_catalog,
        1 + current[0].actions.len()
            + current[0].resource_types.len()
            + current[0].condition_keys.len()
    );
}
