//! One open database per command (issue 12, point 6): the store is opened
//! (integrity check over the whole file, schema check, migrations) once per
//! command and handed through its stages. `XTASK_LOG=debug` makes the
//! binary log each open; these tests count the lines.

use std::path::Path;
use std::process::Output;

use super::{Checkout, code, json_twins, mirror, text};
use crate::util::{fixtures, xtask};

/// What `Store::open` logs at debug level.
const OPENED: &str = "opened the database";

/// The lines of a run's stderr that say a database was opened.
fn opens(out: &Output) -> Vec<String> {
    String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(OPENED))
        .map(str::to_string)
        .collect()
}

/// `xtask --db DB ARGS` with debug logging.
fn run(db: &Path, args: &[&str]) -> Output {
    xtask()
        .env("XTASK_LOG", "debug")
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .unwrap()
}

/// An accepted update from the mirror, on a checkout with no database yet
/// (one page edited, so every stage runs: the reviewed data stored, fetch,
/// build, load, export, release, commit) opens the working database once.
/// Before this change the same run opened it seven times (snapshots,
/// import, fetch, build, the previous snapshot for the docs that failed,
/// store, load), each with its own runtime and `quick_check`.
#[test]
fn an_update_from_the_mirror_opens_the_working_database_once() {
    let Some(m) = mirror("2026-07-01", |pages| {
        // The committed operations come from the JSON twins: served, as on the site.
        json_twins(pages, "2026-02-13");
        let page = std::str::from_utf8(&pages["list_amazons3.html"]).unwrap();
        let edited = page.replacen("Grants permission to", "Grants permission (edited) to", 1);
        assert_ne!(edited, page, "the S3 page has descriptions");
        pages.insert("list_amazons3.html".into(), edited.into_bytes());
    }) else {
        return;
    };
    let co = Checkout::new();
    let out = co
        .command(&m.base_url(), &["--taken-at", "2026-07-01"])
        .env("XTASK_LOG", "debug")
        .output()
        .unwrap();
    // Exit 1: accepted, files changed.
    assert_eq!(code(&out), 1, "{}", text(&out));
    let s3 = std::fs::read_to_string(co.root().join("snapshots/services/s3.json")).unwrap();
    assert!(
        s3.contains("Grants permission (edited) to abort"),
        "the edit is committed"
    );
    let opens = opens(&out);
    assert_eq!(opens.len(), 1, "{opens:#?}");
    assert!(
        opens[0].contains("catalog.sqlite.update-staging"),
        "the working copy is what is opened: {opens:#?}"
    );
    assert!(co.db().exists(), "the accepted update wrote the database");
    // The mirror serves no IAM User Guide page: said, and the checkout's
    // global condition keys stand (issue 14, point 3).
    assert!(
        text(&out).contains("the global condition keys page could not be read"),
        "{}",
        text(&out)
    );
    let keys = "snapshots/global-condition-keys.json";
    assert_eq!(
        std::fs::read(co.root().join(keys)).unwrap(),
        std::fs::read(super::repo().join(keys)).unwrap()
    );
}

/// The dataset commands open the database once each; a diff of two
/// snapshots in it opens it once for both sides, and a diff of two
/// directories does not open (or create) it at all.
#[test]
fn dataset_commands_open_the_database_once_each() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let pages = fixtures().join("new-layout");
    let pages = pages.to_str().unwrap();
    for date in ["2026-07-08", "2026-07-09"] {
        let out = run(&db, &["build", "--taken-at", date, "--from-dir", pages]);
        assert_eq!(code(&out), 0, "{}", text(&out));
        assert_eq!(opens(&out).len(), 1, "build: {}", text(&out));
    }
    let out = run(&db, &["snapshots"]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert_eq!(opens(&out).len(), 1, "snapshots: {}", text(&out));
    let exported = tmp.path().join("exported");
    let out = run(
        &db,
        &[
            "export",
            "--snapshot",
            "latest",
            "--out",
            exported.to_str().unwrap(),
        ],
    );
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert_eq!(opens(&out).len(), 1, "export: {}", text(&out));
    let out = run(&db, &["diff", "previous", "latest"]);
    assert_eq!(code(&out), 0, "same pages, no change: {}", text(&out));
    assert_eq!(
        opens(&out).len(),
        1,
        "diff of two snapshots: {}",
        text(&out)
    );
    let none = tmp.path().join("none.sqlite");
    let exported = exported.to_str().unwrap();
    let out = run(&none, &["diff", exported, exported]);
    assert_eq!(code(&out), 0, "{}", text(&out));
    assert!(
        opens(&out).is_empty(),
        "diff of two directories: {}",
        text(&out)
    );
    assert!(!none.exists(), "a diff of directories creates no database");
}
