//! One concurrency budget per host (issue 20, point 9): the docs site
//! (reference pages, their Markdown twins, the service docs, the guide)
//! and the JSON twins' host each see at most `concurrency` requests in
//! flight, measured by a mirror per host on 127.0.0.1.

use std::collections::BTreeMap;
use std::time::Duration;

use xtask::dataset::Fetched;
use xtask::fetch::Origin;
use xtask::mirror::{INDEX_PATH, Mirror, MirrorConfig, json_path};

use super::{config, fetch, pages};
use crate::util::corpus;

/// A mirror of the JSON twins of 2026-02-13 (and the index it writes).
fn json_mirror(corpus: &std::path::Path, latency: Duration) -> Mirror {
    let dir = corpus.join("service-reference-json/2026-02-13");
    let mut twins = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap();
        if let Some(prefix) = name.strip_suffix(".json")
            && !name.contains("index")
        {
            twins.insert(json_path(prefix), std::fs::read(&path).unwrap());
        }
    }
    Mirror::start(
        twins,
        MirrorConfig {
            latency,
            ..Default::default()
        },
    )
    .unwrap()
}

/// A fetch of the pages `docs` serves, with the JSON twins from `json`,
/// into a scratch database.
fn fetch_from(docs: &Mirror, json: &Mirror) -> Fetched {
    let mut cfg = config(docs);
    cfg.origin = Origin::new(&docs.base_url())
        .unwrap()
        .with_json_mirror(&json.base_url())
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    fetch(&tmp.path().join("catalog.sqlite"), cfg)
}

#[test]
fn each_host_sees_at_most_its_budget_in_flight() {
    let Some(corpus) = corpus() else { return };
    let latency = Duration::from_millis(50);
    let docs = Mirror::start(
        pages(&corpus.join("sar-html/2026-07-01"), Some(60)),
        MirrorConfig {
            latency,
            ..Default::default()
        },
    )
    .unwrap();
    let json = json_mirror(&corpus, latency);
    let fetched = fetch_from(&docs, &json);
    assert!(fetched.failures.is_empty(), "{:?}", fetched.failures);
    let (d, j) = (docs.stats(), json.stats());
    eprintln!(
        "docs host: {} requests, at most {} in flight; JSON host: {} requests, at most {} in flight",
        d.requests, d.max_in_flight, j.requests, j.max_in_flight
    );
    // The twins came from their own host: the index and one per service.
    assert!(j.requests >= 40, "{j:?}");
    assert_eq!(j.statuses.get(&200), Some(&j.requests), "{j:?}");
    for (host, s) in [("docs", &d), ("JSON", &j)] {
        assert!(s.max_in_flight <= 8, "{host}: {s:?}");
        // The budget is used, not merely respected.
        assert!(s.max_in_flight >= 4, "{host}: {s:?}");
    }
}

#[test]
fn an_index_entry_off_the_allow_list_is_a_warning_naming_the_service() {
    let Some(corpus) = corpus() else { return };
    let all = pages(&corpus.join("sar-html/2026-07-01"), None);
    let chime: BTreeMap<String, Vec<u8>> = all
        .into_iter()
        .filter(|(k, _)| k == "list_amazonchime.html")
        .collect();
    let docs = Mirror::start(chime, MirrorConfig::default()).unwrap();
    let index = br#"[{"service":"chime","url":"https://evil.example/v1/chime/chime.json"}]"#;
    let json = Mirror::start(
        BTreeMap::from([(INDEX_PATH.to_string(), index.to_vec())]),
        MirrorConfig::default(),
    )
    .unwrap();
    let fetched = fetch_from(&docs, &json);
    let warning = fetched
        .warnings
        .iter()
        .find(|w| w.starts_with("chime: the JSON index"));
    assert!(
        warning.is_some_and(|w| w.contains(
            "lists its twin at https://evil.example/v1/chime/chime.json, off the allow-list"
        )),
        "{:#?}",
        fetched.warnings
    );
    assert_eq!(json.stats().requests, 1, "only the index");
}
