//! Build, export and import on the real corpus.

use std::path::Path;

use xtask::dataset::{self, Built, db_size};
use xtask::store::SnapshotSelector;

use crate::util::corpus;

fn build(db: &Path, dir: &Path, date: &str) -> u64 {
    let before = db_size(db);
    match dataset::Dataset::open_writing(db, "build", false)
        .and_then(|d| d.build_from_dirs(&[dir], date))
        .unwrap()
    {
        Built::Stored { .. } => db_size(db) - before,
        Built::Refused { errors, .. } => panic!("{errors:?}"),
    }
}

#[test]
fn build_export_import_and_growth_on_the_real_corpus() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");

    let first = build(&db, &corpus.join("sar-html/2026-06-01"), "2026-06-01");
    let month = build(&db, &corpus.join("sar-html/2026-07-01"), "2026-07-01");
    let again = build(&db, &corpus.join("sar-html/2026-07-01"), "2026-07-01");
    eprintln!(
        "first build {} KB, June -> July {} KB, same pages again {} KB",
        first / 1024,
        month / 1024,
        again / 1024
    );
    assert!(
        again < 256 * 1024,
        "rebuilding the same pages grew the file by {again} bytes"
    );
    assert!(
        month < first / 2,
        "June -> July grew by {month} bytes, the first build by {first}"
    );

    let snapshots = dataset::Dataset::open(&db)
        .and_then(|d| d.snapshots())
        .unwrap();
    assert_eq!(snapshots.len(), 3);
    assert_eq!(snapshots[1].content_sha256, snapshots[2].content_sha256);
    assert_eq!(
        (snapshots[2].counts.services, snapshots[2].counts.actions),
        (466, 21_657)
    );

    // Export twice: the same bytes.
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    dataset::Dataset::open(&db)
        .and_then(|d| d.export(&SnapshotSelector::Latest, &a))
        .unwrap();
    dataset::Dataset::open(&db)
        .and_then(|d| d.export(&SnapshotSelector::Latest, &b))
        .unwrap();
    let exported = crate::util::tree(&a);
    assert_eq!(exported.len(), 467, "466 services and the manifest");
    assert_eq!(exported, crate::util::tree(&b));
    let manifest = String::from_utf8(exported["manifest.toml"].clone()).unwrap();
    assert!(
        manifest.contains("data_date = \"2026-07-01\"") && manifest.contains("services = 466"),
        "{manifest}"
    );

    // Import into a fresh database, export again: the same bytes.
    let fresh = tmp.path().join("fresh.sqlite");
    let (summary, counts, date) = dataset::Dataset::open_writing(&fresh, "import", false)
        .and_then(|d| d.import(&a))
        .unwrap();
    assert_eq!(
        (summary.new_service_versions, counts.actions, date.as_str()),
        (466, 21_657, "2026-07-01")
    );
    let c = tmp.path().join("c");
    dataset::Dataset::open(&fresh)
        .and_then(|d| d.export(&SnapshotSelector::Latest, &c))
        .unwrap();
    assert_eq!(crate::util::tree(&c), exported);

    // Selecting older snapshots by id, "previous" and date.
    let june = tmp.path().join("june");
    let info = dataset::Dataset::open(&db)
        .and_then(|d| d.export(&"2026-06-01".parse().unwrap(), &june))
        .unwrap();
    assert_eq!((info.id, info.counts.services), (1, 464));
    assert_eq!(
        dataset::Dataset::open(&db)
            .and_then(|d| d.export(&SnapshotSelector::Previous, &june))
            .unwrap()
            .id,
        2
    );
    let e = dataset::Dataset::open(&db)
        .and_then(|d| d.export(&SnapshotSelector::Id(9), &june))
        .unwrap_err()
        .to_string();
    assert!(e.contains("no snapshot matches \"9\""), "{e}");
}

#[test]
fn committed_snapshots_import_and_export_unchanged() {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots");
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let (_, counts, date) = dataset::Dataset::open_writing(&db, "import", false)
        .and_then(|d| d.import(&snapshots))
        .unwrap();
    assert_eq!(
        (counts.services, counts.actions, date.as_str()),
        (466, 21_657, "2026-07-01")
    );
    let out = tmp.path().join("out");
    dataset::Dataset::open(&db)
        .and_then(|d| d.export(&SnapshotSelector::Latest, &out))
        .unwrap();
    // tombstones.toml sits beside the data (release bookkeeping, not part
    // of a snapshot): a fresh export has none. The global condition keys
    // are part of the snapshot: exported, and listed in the manifest.
    let mut committed = crate::util::tree(&snapshots);
    committed.remove(xtask::snapshot::TOMBSTONES);
    // So is first-recorded.json (history the recordings give, not a scrape).
    committed.remove("first-recorded.json");
    assert!(committed.contains_key("global-condition-keys.json"));
    assert!(
        crate::util::tree(&out) == committed,
        "snapshots/ does not survive import → export byte for byte"
    );
}
