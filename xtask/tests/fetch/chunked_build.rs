//! A build from a fetch run reads the run's pages back from the archive a
//! chunk at a time ([`dataset::PAGES_AT_ONCE`]) and merges them once: the
//! snapshot is the one the same pages make read from their directory, and
//! a body the archive lacks fails the build naming its page.

use std::collections::BTreeMap;

use xtask::dataset::{self, Built, PAGES_AT_ONCE};
use xtask::mirror::{MirrorConfig, markdown::twin_of};

use super::{built_hash, config, fetch, import_committed, mirror, pages};
use crate::util::corpus;

/// Real pages of 2026-07-01, more than two chunks of them, each beside
/// the Markdown twin it would have had but the first (so that a page and
/// its twin, adjacent in the run's URL order, can fall in two chunks): the
/// 11 pages of the `aws-marketplace` prefix and their twins are more than
/// a chunk, so their merge must not depend on being read together. With
/// `broken`, one of them has HTML that cannot be read.
fn pages_across_chunks(broken: bool) -> BTreeMap<String, Vec<u8>> {
    let corpus = corpus().expect("the corpus");
    let all = pages(&corpus.join("sar-html/2026-07-01"), None);
    let names: Vec<&String> = all.keys().collect();
    let from = names
        .iter()
        .position(|n| n.starts_with("list_awsmarketplace"))
        .unwrap()
        - 5;
    let keep: Vec<String> = names[from..from + 2 * PAGES_AT_ONCE + 8]
        .iter()
        .map(|n| n.to_string())
        .collect();
    let mut out = BTreeMap::new();
    for (name, html) in all.into_iter().filter(|(n, _)| keep.contains(n)) {
        let text = String::from_utf8(html).unwrap();
        if name != keep[0] {
            let md = twin_of(&text, &format!("{REFERENCE}{name}")).unwrap();
            out.insert(name.replace(".html", ".md"), md.into_bytes());
        }
        let html = if broken && name == BROKEN {
            "<html><body><p>nothing here</p></body></html>".to_string()
        } else {
            text
        };
        out.insert(name, html.into_bytes());
    }
    out
}

const REFERENCE: &str = "https://docs.aws.amazon.com/service-authorization/latest/reference/";

/// The page whose HTML does not read (one of the marketplace's, the last
/// of the second chunk; its twin opens the third).
const BROKEN: &str = "list_awsmarketplacereporting.html";

/// Fetches `pages` from a mirror into a new database and builds the run;
/// returns the temporary directory (holding the database) and the build.
fn fetch_and_build(pages: &BTreeMap<String, Vec<u8>>) -> (tempfile::TempDir, Built) {
    let tmp = tempfile::tempdir().unwrap();
    let m = mirror(pages.clone(), MirrorConfig::default());
    let db = tmp.path().join("catalog.sqlite");
    let run = fetch(&db, config(&m));
    let html = pages.keys().filter(|n| n.ends_with(".html")).count();
    assert_eq!((run.run.pages, run.run.failed), (html as i64, 0));
    let built = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-01"))
        .unwrap();
    (tmp, built)
}

#[test]
fn a_run_of_several_chunks_builds_the_snapshot_of_its_pages_directory() {
    if corpus().is_none() {
        return;
    }
    let pages = pages_across_chunks(false);
    let (tmp, built) = fetch_and_build(&pages);
    let db = tmp.path().join("catalog.sqlite");
    let Built::Stored { pages: stored, .. } = built else {
        panic!("refused: {built:?}");
    };
    assert_eq!(stored, pages.len());
    let from_run = dataset::Dataset::open(&db)
        .and_then(|d| d.snapshots())
        .unwrap()
        .pop()
        .unwrap()
        .content_sha256;

    let dir = tmp.path().join("pages");
    std::fs::create_dir(&dir).unwrap();
    for (name, bytes) in &pages {
        std::fs::write(dir.join(name), bytes).unwrap();
    }
    let from_dir = built_hash(
        &db,
        dataset::Dataset::open_writing(&db, "build", false)
            .and_then(|d| d.build_from_dirs(&[&dir], "2026-07-01"))
            .unwrap(),
    );
    assert_eq!(from_run, from_dir);
    // The marketplace pages made one service, not one per chunk.
    let loaded = dataset::Dataset::open(&db)
        .and_then(|d| d.load_snapshot(&"latest".parse().unwrap()))
        .unwrap();
    let marketplace = loaded
        .services
        .iter()
        .filter(|s| s.prefix.as_str() == "aws-marketplace")
        .count();
    assert_eq!(marketplace, 1);
}

#[test]
fn a_twin_read_in_a_later_chunk_stands_in_for_its_page() {
    if corpus().is_none() {
        return;
    }
    let pages = pages_across_chunks(true);
    // The run reads its pages in URL order, a chunk at a time: the broken
    // page is the last of one chunk and its twin the first of the next.
    let at = |name: &str| pages.keys().position(|n| n == name).unwrap();
    let twin = BROKEN.replace(".html", ".md");
    assert_eq!(at(BROKEN) / PAGES_AT_ONCE + 1, at(&twin) / PAGES_AT_ONCE);
    let (_tmp, built) = fetch_and_build(&pages);
    let Built::Stored { sources, .. } = built else {
        panic!("refused: {built:?}");
    };
    assert_eq!(sources.fallbacks.len(), 1, "{:?}", sources.fallbacks);
    assert!(
        sources.fallbacks[0].starts_with("aws-marketplace: ")
            && sources.fallbacks[0].contains(BROKEN)
            && sources.fallbacks[0].contains("the Markdown reading stands"),
        "{}",
        sources.fallbacks[0]
    );
}

#[test]
fn a_run_whose_archive_lacks_a_body_fails_naming_its_page_and_writes_nothing() {
    let Some(corpus) = corpus() else { return };
    let served = pages(&corpus.join("sar-html/2026-07-01"), Some(PAGES_AT_ONCE + 4));
    // A page of the second chunk (the run lists its pages by URL) loses its
    // body, as a damaged or pruned archive would.
    let victim = served.keys().nth(PAGES_AT_ONCE + 1).unwrap().clone();
    let m = mirror(served, MirrorConfig::default());
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let earlier = import_committed(&db);
    let run = fetch(&db, config(&m));
    let victim = m.url(&victim);
    let sha: String = dataset::block_on(async {
        use sqlx::{Connection, Row};
        let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        sqlx::query("PRAGMA foreign_keys = OFF")
            .execute(&mut conn)
            .await
            .unwrap();
        let sha: String =
            sqlx::query("SELECT sha256 FROM fetch_pages WHERE run_id = ? AND url = ?")
                .bind(run.run.id)
                .bind(&victim)
                .fetch_one(&mut conn)
                .await
                .unwrap()
                .get(0);
        let gone = sqlx::query("DELETE FROM page_bodies WHERE sha256 = ?")
            .bind(&sha)
            .execute(&mut conn)
            .await
            .unwrap();
        assert_eq!(gone.rows_affected(), 1);
        sha
    })
    .unwrap();

    let err = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-01"))
        .unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains(&format!(
            "fetch run {}: {victim}'s body {sha} is not in the archive",
            run.run.id
        )),
        "{message}"
    );
    let snapshots = dataset::Dataset::open(&db)
        .and_then(|d| d.snapshots())
        .unwrap();
    assert_eq!(
        snapshots.iter().map(|s| s.id).collect::<Vec<_>>(),
        [earlier]
    );
}
