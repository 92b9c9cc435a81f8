//! Databases written by an older schema, migrated by opening them.

use std::path::Path;

use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use xtask::dataset::{self, Built, block_on};
use xtask::store::{FetchStatus, FetchedPageRow, MIGRATOR, Store};

use crate::util::corpus;

const REFERENCE: &str = "https://docs.aws.amazon.com/service-authorization/latest/reference/";
const CHIME_JSON: &str = "https://servicereference.us-east-1.amazonaws.com/v1/chime/chime.json";
const INDEX: &str = "https://servicereference.us-east-1.amazonaws.com/v1/service-list.json";
/// The message schema 7's fetcher gave an absent twin's `failed` row.
const OLD_ABSENT: &str = "absent: the twin is not served (HTTP 404)";

/// A database at schema 7 holding one fetch run of Chime's page of
/// 2026-07-01 (archived uncompressed), whose rows are `(url, status,
/// http_status, message)`: what the fetcher of that schema wrote.
fn schema_7_run(db: &Path, html: &[u8], rows: &[(String, &str, Option<i64>, Option<&str>)]) {
    block_on(async {
        let options = SqliteConnectOptions::new()
            .filename(db)
            .create_if_missing(true)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .unwrap();
        MIGRATOR.run_to(7, &pool).await.unwrap();
        let sha = xtask::digest::sha256_hex(html);
        sqlx::query("INSERT INTO page_bodies VALUES (?, ?, 'none', ?)")
            .bind(&sha)
            .bind(html.len() as i64)
            .bind(html)
            .execute(&pool)
            .await
            .unwrap();
        sqlx::query(
            "INSERT INTO fetch_runs VALUES (1, 'https://docs.aws.amazon.com', NULL, \
             '2026-07-01T00:00:00Z', '2026-07-01T00:01:00Z', 1, 0, 4, 0, 0, 0)",
        )
        .execute(&pool)
        .await
        .unwrap();
        for (url, status, http_status, message) in rows {
            let body = (*status == "ok").then_some(&sha);
            sqlx::query(
                "INSERT INTO fetch_pages (run_id, url, status, message, http_status, fetched_at, attempts, sha256) \
                 VALUES (1, ?, ?, ?, ?, '2026-07-01T00:00:30Z', 1, ?)",
            )
            .bind(url)
            .bind(status)
            .bind(message)
            .bind(http_status)
            .bind(body)
            .execute(&pool)
            .await
            .unwrap();
        }
        pool.close().await;
    })
    .unwrap();
}

/// The run's rows after opening (and so migrating) the database.
fn rows_after_opening(db: &Path) -> Vec<FetchedPageRow> {
    block_on(async {
        let store = Store::open(db).await.unwrap();
        let (_, rows) = store.fetch_run(Some(1)).await.unwrap();
        store.close().await;
        rows
    })
    .unwrap()
}

fn statuses(rows: &[FetchedPageRow]) -> Vec<(&str, FetchStatus, Option<i64>)> {
    rows.iter()
        .map(|r| (r.url.as_str(), r.status, r.http_status))
        .collect()
}

#[test]
fn schema_8_turns_old_absent_twins_into_absent_rows_and_keeps_the_rest() {
    let Some(corpus) = corpus() else { return };
    let html = std::fs::read(corpus.join("sar-html/2026-07-01/list_amazonchime.html")).unwrap();
    let page = format!("{REFERENCE}list_amazonchime.html");
    let md = format!("{REFERENCE}list_amazonchime.md");
    let s3_md = format!("{REFERENCE}list_amazons3.md");
    let s3 = format!("{REFERENCE}list_amazons3.html");
    let index = format!("{INDEX}?v=1");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    schema_7_run(
        &db,
        &html,
        &[
            (page.clone(), "ok", Some(200), None),
            (md.clone(), "failed", Some(404), Some(OLD_ABSENT)),
            (CHIME_JSON.into(), "failed", Some(404), Some(OLD_ABSENT)),
            (index.clone(), "failed", Some(410), Some("HTTP 410 Gone")),
            // A twin that failed otherwise stays failed, and so does a
            // page (not a twin) that answered 404.
            (s3_md.clone(), "failed", Some(500), Some("HTTP 500")),
            (s3.clone(), "failed", Some(404), Some("HTTP 404 Not Found")),
        ],
    );
    let rows = rows_after_opening(&db);
    // Rows come back ordered by URL.
    assert_eq!(
        statuses(&rows),
        [
            (page.as_str(), FetchStatus::Ok, Some(200)),
            (md.as_str(), FetchStatus::Absent, Some(404)),
            (s3.as_str(), FetchStatus::Failed, Some(404)),
            (s3_md.as_str(), FetchStatus::Failed, Some(500)),
            (CHIME_JSON, FetchStatus::Absent, Some(404)),
            (index.as_str(), FetchStatus::Absent, Some(410)),
        ]
    );
    // The rest of each row is as it was: the body, the messages.
    let chime = rows.iter().find(|r| r.url == page).unwrap();
    assert_eq!(
        chime.sha256.as_deref(),
        Some(xtask::digest::sha256_hex(&html).as_str())
    );
    assert_eq!(
        rows.iter()
            .find(|r| r.url == md)
            .unwrap()
            .message
            .as_deref(),
        Some(OLD_ABSENT)
    );
    // The rebuilt table still refuses a status it does not know.
    let refused = block_on(async {
        let store = Store::open(&db).await.unwrap();
        drop(store);
        use sqlx::Connection;
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query("UPDATE fetch_pages SET status = 'gone' WHERE url = ?")
            .bind(&md)
            .execute(&mut conn)
            .await
    })
    .unwrap();
    assert!(
        refused
            .unwrap_err()
            .to_string()
            .contains("CHECK constraint failed"),
    );
}

/// A run fetched under schema 7 builds after the migration as it did
/// before: absent twins are no failure, and an HTML page that failed while
/// its twin was absent is still refused.
#[test]
fn a_run_fetched_under_schema_7_builds_the_same_after_schema_8() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("sar-html/2026-07-01");
    let html = std::fs::read(dir.join("list_amazonchime.html")).unwrap();
    let page = format!("{REFERENCE}list_amazonchime.html");
    let md = format!("{REFERENCE}list_amazonchime.md");
    let tmp = tempfile::tempdir().unwrap();

    let db = tmp.path().join("ok.sqlite");
    schema_7_run(
        &db,
        &html,
        &[
            (page.clone(), "ok", Some(200), None),
            (md.clone(), "failed", Some(404), Some(OLD_ABSENT)),
            (CHIME_JSON.into(), "failed", Some(404), Some(OLD_ABSENT)),
        ],
    );
    let from_run = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(Some(1), "2026-07-01"))
        .unwrap();
    let Built::Stored { summary, .. } = from_run else {
        panic!("refused: {from_run:?}")
    };
    let one = tempfile::tempdir().unwrap();
    std::fs::write(one.path().join("list_amazonchime.html"), &html).unwrap();
    let other = one.path().join("dir.sqlite");
    let Built::Stored {
        summary: dir_summary,
        ..
    } = dataset::Dataset::open_writing(&other, "build", false)
        .and_then(|d| d.build_from_dirs(&[one.path()], "2026-07-01"))
        .unwrap()
    else {
        panic!("the page alone was refused")
    };
    let hash = |db: &Path, id: i64| {
        dataset::Dataset::open(db)
            .and_then(|d| d.snapshots())
            .unwrap()
            .into_iter()
            .find(|s| s.id == id)
            .unwrap()
            .content_sha256
    };
    assert_eq!(hash(&db, summary.id), hash(&other, dir_summary.id));

    let db = tmp.path().join("failed.sqlite");
    schema_7_run(
        &db,
        &html,
        &[
            (
                page.clone(),
                "failed",
                Some(503),
                Some("HTTP 503 Service Unavailable"),
            ),
            (md, "failed", Some(404), Some(OLD_ABSENT)),
        ],
    );
    match dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(Some(1), "2026-07-01"))
        .unwrap()
    {
        Built::Refused { errors, .. } => {
            assert_eq!(errors, [format!("{page}: HTTP 503 Service Unavailable")])
        }
        built => panic!("a page no rendering of which was read was built: {built:?}"),
    }
}
