//! The canonical service files: deterministic bytes, a faithful round trip,
//! and the published schema.

use serde_json::Value;
use xtask::canonical::{parse_service, service_json, write_services};
use xtask::parse::source;
use xtask::parse_run::parse_all;

use crate::util::schema::validate;
use crate::util::{corpus, fixtures};

#[test]
fn canonical_files_are_deterministic_and_round_trip() {
    let Some(corpus) = corpus() else { return };
    let mut sources = source::collect(&[corpus.join("sar-html/2026-07-01")]).unwrap();
    let first = parse_all(&sources);
    // Reading the pages in another order gives the same bytes.
    sources.reverse();
    let second = parse_all(&sources);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (a.path(), b.path());
    write_services(a, &first.merged.services).unwrap();
    write_services(b, &second.merged.services).unwrap();
    let mut files = 0;
    for entry in std::fs::read_dir(a.join("services")).unwrap() {
        let path = entry.unwrap().path();
        let other = b.join("services").join(path.file_name().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            std::fs::read_to_string(&other).unwrap(),
            "{}",
            path.display()
        );
        assert!(text.ends_with("}\n") && !text.contains('\r'));
        // Parse back, write again: the same bytes.
        assert_eq!(
            service_json(&parse_service(&text).unwrap()),
            text,
            "{}",
            path.display()
        );
        files += 1;
    }
    assert_eq!(files, 466);
}

#[test]
fn canonical_files_follow_the_published_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../schema/service.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut sources = source::collect(&[fixtures().join("new-layout")]).unwrap();
    if let Some(corpus) = corpus() {
        sources.extend(source::collect(&[corpus.join("sar-html/2026-07-01")]).unwrap());
    }
    let run = parse_all(&sources);
    for s in &run.merged.services {
        let value: Value = serde_json::from_str(&service_json(s)).unwrap();
        let mut problems = Vec::new();
        validate(&schema, &value, s.prefix.as_str(), &mut problems);
        assert!(problems.is_empty(), "{problems:#?}");
    }
    // Sorted keys: the bytes of an object list its keys in order.
    let chime = run
        .merged
        .services
        .iter()
        .find(|s| s.prefix.as_str() == "chime")
        .unwrap();
    let text = service_json(chime);
    let top: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  \""))
        .map(|l| l.trim().split('"').nth(1).unwrap())
        .collect();
    let mut sorted = top.clone();
    sorted.sort();
    assert_eq!(top, sorted);
}
