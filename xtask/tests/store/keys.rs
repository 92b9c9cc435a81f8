//! The global condition keys as part of a snapshot (issue 14, point 1):
//! built from the IAM User Guide page into a real SQLite file, exported
//! with the manifest listing them, imported back byte for byte; a build
//! without the page keeps the newest snapshot's keys; a manifest written
//! before it listed them still imports.

use std::path::{Path, PathBuf};

use xtask::dataset::{self, Built, Dataset};
use xtask::parse::global_keys::{GlobalKeys, PAGE_FILE, read_path};
use xtask::store::{SnapshotSelector, Store};

use crate::util::{corpus, fixtures, tree};

const KEYS: &str = "global-condition-keys.json";

fn build(db: &Path, dirs: &[PathBuf], date: &str) -> Vec<String> {
    match Dataset::open_writing(db, "build", false)
        .unwrap()
        .build_from_dirs(dirs, date)
        .unwrap()
    {
        Built::Stored { warnings, .. } => warnings,
        Built::Refused { errors, .. } => panic!("refused: {errors:?}"),
    }
}

fn export(db: &Path, to: &Path) {
    dataset::Dataset::open(db)
        .and_then(|d| d.export(&SnapshotSelector::Latest, to))
        .unwrap();
}

fn manifest(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("manifest.toml")).unwrap()
}

#[test]
fn global_keys_round_trip_through_the_database_and_the_manifest() {
    let Some(corpus) = corpus() else { return };
    let guide = corpus.join("iam-guide");
    let page = read_path(&guide).unwrap();
    assert!(
        page.keys.len() > 30,
        "the real page lists {}",
        page.keys.len()
    );
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let reference = fixtures().join("new-layout");
    let warnings = build(&db, &[reference.clone(), guide.clone()], "2026-07-09");
    assert!(
        !warnings.iter().any(|w| w.contains("global condition keys")),
        "{warnings:?}"
    );

    // In the file: one stored version, named by the snapshot.
    let stored = dataset::block_on(async {
        let store = Store::open(&db).await.unwrap();
        let keys = store.global_keys(1).await.unwrap();
        store.close().await;
        keys
    })
    .unwrap()
    .expect("the snapshot holds the keys");
    assert_eq!(stored.1, page.to_json());
    assert_eq!(stored.0, xtask::digest::sha256_hex(&stored.1));

    // Exported: the file, and the manifest lists it with its hash.
    let a = tmp.path().join("a");
    export(&db, &a);
    let text = std::fs::read_to_string(a.join(KEYS)).unwrap();
    assert_eq!(GlobalKeys::from_json(KEYS, &text).unwrap(), page);
    assert!(
        manifest(&a).contains(&format!("\"{KEYS}\" = \"{}\"", stored.0)),
        "{}",
        manifest(&a)
    );

    // Imported into a fresh file and exported again: the same bytes.
    let fresh = tmp.path().join("fresh.sqlite");
    dataset::Dataset::open_writing(&fresh, "import", false)
        .and_then(|d| d.import(&a))
        .unwrap();
    let b = tmp.path().join("b");
    export(&fresh, &b);
    assert_eq!(tree(&a), tree(&b));

    // A build without the page: the newest snapshot's keys stand, said so.
    let warnings = build(&db, &[reference], "2026-07-10");
    assert!(
        warnings.iter().any(|w| w.contains(&format!(
            "no IAM User Guide page ({PAGE_FILE}); the {} keys of snapshot 1 stand",
            page.keys.len()
        ))),
        "{warnings:?}"
    );
    let c = tmp.path().join("c");
    export(&db, &c);
    assert_eq!(std::fs::read(c.join(KEYS)).unwrap(), text.as_bytes());
}

#[test]
fn a_manifest_without_the_keys_still_imports_and_a_changed_keys_file_is_refused() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    build(
        &db,
        &[fixtures().join("new-layout"), corpus.join("iam-guide")],
        "2026-07-09",
    );
    let a = tmp.path().join("a");
    export(&db, &a);

    // As written before manifests listed the keys: no line, no file.
    let old = tmp.path().join("old");
    std::fs::create_dir_all(old.join("services")).unwrap();
    for (rel, bytes) in tree(&a) {
        if rel != KEYS {
            std::fs::write(old.join(&rel), bytes).unwrap();
        }
    }
    let listed: String = manifest(&a)
        .lines()
        .filter(|l| !l.contains(KEYS))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(old.join("manifest.toml"), listed).unwrap();
    let older = tmp.path().join("older.sqlite");
    let (_, counts, _) = dataset::Dataset::open_writing(&older, "import", false)
        .and_then(|d| d.import(&old))
        .unwrap();
    assert!(counts.services > 0);
    let loaded = dataset::Dataset::open(&older)
        .and_then(|d| d.load_snapshot(&SnapshotSelector::Latest))
        .unwrap();
    assert_eq!(loaded.global_keys, None);
    let out = tmp.path().join("out");
    export(&older, &out);
    assert!(!out.join(KEYS).exists());
    assert!(!manifest(&out).contains(KEYS));
    let services = |d: &Path| {
        let mut t = tree(d);
        t.retain(|rel, _| rel.starts_with("services/"));
        t
    };
    assert_eq!(services(&out), services(&a));

    // A keys file changed after export (still canonical) is refused,
    // naming the file and the manifest.
    let text = std::fs::read_to_string(a.join(KEYS)).unwrap();
    let changed = text.replacen("\"multivalued\": false", "\"multivalued\": true", 1);
    assert_ne!(changed, text);
    std::fs::write(a.join(KEYS), changed).unwrap();
    let e = dataset::Dataset::open_writing(&tmp.path().join("third.sqlite"), "import", false)
        .and_then(|d| d.import(&a))
        .map(|_| ())
        .unwrap_err();
    let message = format!("{e:#}");
    assert!(
        message.contains(KEYS) && message.contains("does not match the manifest"),
        "{message}"
    );
    // And a manifest that lists the file without it beside.
    std::fs::remove_file(a.join(KEYS)).unwrap();
    let e = dataset::Dataset::open_writing(&tmp.path().join("fourth.sqlite"), "import", false)
        .and_then(|d| d.import(&a))
        .map(|_| ())
        .unwrap_err();
    assert!(format!("{e:#}").contains("manifest.toml lists it"), "{e:#}");
}
