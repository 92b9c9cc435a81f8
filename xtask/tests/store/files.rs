//! Bad database files and bad snapshot directories get clear errors; the
//! tables answer the questions docs/dataset.md shows.

use std::path::Path;

use sqlx::Row;
use xtask::dataset::{self, Built, block_on};
use xtask::store::{SnapshotSelector, Store};

use crate::util::{fixtures, xtask};

fn fixtures_db(dir: &Path) -> std::path::PathBuf {
    let db = dir.join("catalog.sqlite");
    let built = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_dirs(&[&fixtures().join("new-layout")], "2026-07-09"))
        .unwrap();
    assert!(matches!(built, Built::Stored { .. }));
    db
}

async fn connect(db: &Path) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap()
}

fn snapshots_command(db: &Path) -> (Option<i32>, String) {
    let o = xtask()
        .arg("--db")
        .arg(db)
        .arg("snapshots")
        .output()
        .unwrap();
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

#[test]
fn non_sqlite_and_damaged_files_are_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let text = tmp.path().join("notes.sqlite");
    std::fs::write(&text, "these are my notes, not a database").unwrap();
    let (code, stderr) = snapshots_command(&text);
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("notes.sqlite is not an SQLite database"),
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_to_string(&text).unwrap(),
        "these are my notes, not a database"
    );

    let db = fixtures_db(tmp.path());
    let mut bytes = std::fs::read(&db).unwrap();
    let len = bytes.len();
    // Overwrite pages in the middle, keeping the header.
    for b in &mut bytes[len / 3..len / 3 + 8192] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    let (code, stderr) = snapshots_command(&db);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("catalog.sqlite is damaged"), "{stderr}");
}

#[test]
fn a_database_from_a_newer_schema_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let db = fixtures_db(tmp.path());
    block_on(async {
        let mut conn = connect(&db).await;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99, 'from the future', 1, x'00', 0)",
        )
        .execute(&mut conn)
        .await
        .unwrap();
    })
    .unwrap();
    let (code, stderr) = snapshots_command(&db);
    assert_eq!(code, Some(2));
    let known = xtask::store::MIGRATOR
        .iter()
        .map(|m| m.version)
        .max()
        .unwrap();
    assert!(
        stderr.contains(&format!(
            "has schema version 99, newer than this build of xtask knows ({known})"
        )),
        "{stderr}"
    );
}

#[test]
fn the_tables_answer_real_questions() {
    let tmp = tempfile::tempdir().unwrap();
    let db = fixtures_db(tmp.path());
    let rows = block_on(async {
        let store = Store::open(&db).await.unwrap();
        drop(store);
        let mut conn = connect(&db).await;
        let tagging: Vec<String> = sqlx::query(
            "SELECT a.action FROM latest_actions a JOIN action_access_levels l ON l.action_id = a.action_id \
             WHERE a.prefix = 'chime' AND l.level = 'Tagging' ORDER BY 1",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
        let need_meeting: Vec<String> = sqlx::query(
            "SELECT qualified FROM latest_action_resource_types WHERE prefix = 'chime' AND resource_type = 'meeting' \
             AND required ORDER BY 1",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
        let arn: String = sqlx::query(
            "SELECT t.template FROM resource_types r JOIN arn_templates t ON t.resource_type_id = r.id \
             JOIN latest_services s ON s.service_version_id = r.service_version_id \
             WHERE s.prefix = 'sso-oauth' AND r.name = 'Application'",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap()
        .get(0);
        let deps: Vec<(String, String)> = sqlx::query(
            "SELECT d.depends_on, d.source FROM latest_actions a JOIN dependent_actions d ON d.action_id = a.action_id \
             WHERE a.qualified = 'chime:CreateAppInstanceUser' ORDER BY 1",
        )
        .fetch_all(&mut conn)
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect();
        (tagging, need_meeting, arn, deps)
    })
    .unwrap();
    assert_eq!(rows.0, ["TagAttendee", "TagResource"]);
    assert_eq!(rows.1, ["chime:CreateAttendee", "chime:TagAttendee"]);
    assert_eq!(
        rows.2,
        "arn:${Partition}:sso::${AccountId}:application/${InstanceId}/${ApplicationId}"
    );
    assert_eq!(
        rows.3,
        [
            (
                "chime:PutAppInstanceUserExpirationSettings".to_string(),
                "operations-table".to_string()
            ),
            (
                "chime:TagResource".to_string(),
                "operations-table".to_string()
            )
        ]
    );
}

#[test]
fn import_checks_every_file_and_export_replaces_the_directory() {
    let tmp = tempfile::tempdir().unwrap();
    let db = fixtures_db(tmp.path());
    let out = tmp.path().join("snap");
    std::fs::create_dir_all(out.join("services")).unwrap();
    std::fs::write(out.join("services/stale.json"), "{}").unwrap();
    dataset::Dataset::open(&db)
        .and_then(|d| d.export(&SnapshotSelector::Latest, &out))
        .unwrap();
    assert!(!out.join("services/stale.json").exists());
    assert!(out.join("services/chime.json").exists());

    // A failed export leaves the directory as it was.
    let err = dataset::Dataset::open(&db)
        .and_then(|d| d.export(&SnapshotSelector::Id(42), &out))
        .unwrap_err()
        .to_string();
    assert!(err.contains("no snapshot matches \"42\""), "{err}");
    assert!(out.join("services/chime.json").exists());

    let fresh = tmp.path().join("fresh.sqlite");
    // Edited after export: the manifest hash catches it.
    let chime = out.join("services/chime.json");
    let original = std::fs::read_to_string(&chime).unwrap();
    std::fs::write(
        &chime,
        original.replace("Amazon Chime", "Amazon Chime Classic"),
    )
    .unwrap();
    let err = format!(
        "{:#}",
        dataset::Dataset::open_writing(&fresh, "import", false)
            .and_then(|d| d.import(&out))
            .unwrap_err()
    );
    assert!(
        err.contains("services/chime.json: sha256") && err.contains("does not match the manifest"),
        "{err}"
    );

    // Not canonical (reformatted): refused with the command that fixes it.
    let value: serde_json::Value = serde_json::from_str(&original).unwrap();
    std::fs::write(&chime, serde_json::to_string(&value).unwrap()).unwrap();
    let err = format!(
        "{:#}",
        dataset::Dataset::open_writing(&fresh, "import", false)
            .and_then(|d| d.import(&out))
            .unwrap_err()
    );
    assert!(err.contains("not in canonical form"), "{err}");

    // Restored: imports.
    std::fs::write(&chime, &original).unwrap();
    let (summary, counts, _) = dataset::Dataset::open_writing(&fresh, "import", false)
        .and_then(|d| d.import(&out))
        .unwrap();
    assert_eq!((summary.id, counts.services), (1, 3));
}
