//! The global condition keys page fetched with the reference (issue 14,
//! point 3): an update from a mirror that serves the IAM User Guide page
//! reads its keys into the database, `snapshots/` and its manifest. (A
//! mirror without it: `opens.rs` checks the warning and that the previous
//! keys stand.)

use xtask::fetch::guide;
use xtask::parse::global_keys::{PAGE_FILE, parse};
use xtask::snapshot::KeysFile;
use xtask::store::SnapshotSelector;

use super::{Checkout, code, json_twins, mirror, text};
use crate::util::corpus;

#[test]
fn an_update_from_a_mirror_serving_the_keys_page_reads_its_keys() {
    let Some(corpus) = corpus() else { return };
    let page = std::fs::read_to_string(corpus.join("iam-guide").join(PAGE_FILE)).unwrap();
    // One key's availability edited, so the keys differ from the committed.
    let sentence = "for all requests, including anonymous requests.";
    let edited = page.replacen(
        sentence,
        "for all requests, including anonymous requests (edited).",
        1,
    );
    assert_ne!(edited, page, "the page has the sentence");
    let expected = KeysFile::of(&parse(PAGE_FILE, &edited).unwrap());
    let Some(m) = mirror("2026-07-01", |pages| {
        // The committed operations come from the JSON twins: served, as on the site.
        json_twins(pages, "2026-02-13");
        pages.insert(
            guide::mirror_path_of_markdown(),
            edited.clone().into_bytes(),
        );
    }) else {
        return;
    };
    let co = Checkout::new();
    let out = co.update(&m.base_url(), &["--taken-at", "2026-07-01"]);
    // Exit 1: accepted (only the keys changed).
    assert_eq!(code(&out), 1, "{}", text(&out));
    assert!(
        !text(&out).contains("global condition keys page could not be read"),
        "{}",
        text(&out)
    );
    let snapshots = co.root().join("snapshots");
    let written = std::fs::read_to_string(snapshots.join("global-condition-keys.json")).unwrap();
    assert!(written.contains("anonymous requests (edited)."));
    assert_eq!(written, expected.text);
    let manifest = std::fs::read_to_string(snapshots.join("manifest.toml")).unwrap();
    assert!(
        manifest.contains(&format!(
            "\"global-condition-keys.json\" = \"{}\"",
            expected.sha256
        )),
        "{manifest}"
    );
    let loaded = xtask::dataset::Dataset::open(&co.db())
        .and_then(|d| d.load_snapshot(&SnapshotSelector::Latest))
        .unwrap();
    assert_eq!(loaded.global_keys, Some(expected));
}
