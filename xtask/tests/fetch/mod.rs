//! The fetcher against a real HTTP server on 127.0.0.1 (`xtask::mirror`)
//! serving corpus pages, with faults injected there.

mod chunked_build;
mod faults;
mod memory;
mod mirror_runs;
mod twins;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use xtask::dataset::{self, Built, Fetched};
use xtask::fetch::{FetchConfig, Origin};
use xtask::mirror::{Mirror, MirrorConfig};

/// Settings for tests: quick retries, short timeouts.
pub fn config(mirror: &Mirror) -> FetchConfig {
    let mut cfg = FetchConfig::new(Origin::new(&mirror.base_url()).unwrap());
    cfg.retry.base = Duration::from_millis(10);
    cfg.retry.attempts = 4;
    cfg.request_timeout = Duration::from_secs(5);
    // The corpus has no docs pages of the services: these tests are about
    // the reference (the docs have tests of their own).
    cfg.docs = false;
    cfg
}

/// Pages of a corpus directory, all or the first `n` by name.
pub fn pages(dir: &Path, n: Option<usize>) -> BTreeMap<String, Vec<u8>> {
    let mut all = Mirror::pages_from_dir(dir).unwrap();
    if let Some(n) = n {
        let keep: Vec<String> = all.keys().take(n).cloned().collect();
        all.retain(|k, _| keep.contains(k));
    }
    all
}

/// A mirror of the given pages.
pub fn mirror(pages: BTreeMap<String, Vec<u8>>, config: MirrorConfig) -> Mirror {
    Mirror::start(pages, config).unwrap()
}

/// Fetches into `db` quietly.
pub fn fetch(db: &Path, cfg: FetchConfig) -> Fetched {
    dataset::Dataset::open_writing(db, "fetch", false)
        .and_then(|d| d.fetch(cfg, &[], true))
        .unwrap()
}

/// The newest fetch run's rows, as stored.
pub fn stored_rows(db: &Path) -> Vec<xtask::store::FetchedPageRow> {
    dataset::block_on(async {
        let store = xtask::store::Store::open(db).await.unwrap();
        let (_, rows) = store.fetch_run(None).await.unwrap();
        store.close().await;
        rows
    })
    .unwrap()
}

/// Imports the committed `snapshots/` into `db`, as the earlier snapshot a
/// refused build must leave alone; returns its id.
pub fn import_committed(db: &Path) -> i64 {
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots");
    dataset::Dataset::open_writing(db, "import", false)
        .and_then(|d| d.import(&snapshots))
        .unwrap()
        .0
        .id
}

/// The content hash of the snapshot a build made.
pub fn built_hash(db: &Path, built: Built) -> String {
    match built {
        Built::Stored { summary, .. } => {
            let snapshots = dataset::Dataset::open(db)
                .and_then(|d| d.snapshots())
                .unwrap();
            snapshots
                .iter()
                .find(|s| s.id == summary.id)
                .unwrap()
                .content_sha256
                .clone()
        }
        Built::Refused { errors, .. } => panic!("build refused: {errors:?}"),
    }
}
