//! The three renderings of every page against a mirror: the HTML page, its
//! Markdown twin beside it and its JSON twin on servicereference (placed on
//! the mirror), fetched, archived, revalidated and read through
//! `reconcile`.

use std::collections::BTreeMap;
use std::path::Path;

use xtask::dataset::{self, Built};
use xtask::mirror::{MirrorConfig, json_path, markdown::twin_of};
use xtask::parse::parse_all;

use super::{config, fetch, mirror};
use crate::util::{corpus, source_from};

const REFERENCE: &str = "https://docs.aws.amazon.com/service-authorization/latest/reference/";

/// The Markdown twin a page of 2026-07-01 would have had.
fn twin(html: &[u8], slug: &str) -> Vec<u8> {
    twin_of(
        std::str::from_utf8(html).unwrap(),
        &format!("{REFERENCE}list_{slug}.html"),
    )
    .unwrap()
    .into_bytes()
}

/// Chime's 2026-07-01 page line 374 `<tr>` → `</table><tr>` (issue 11).
fn stray_table_end(html: &[u8]) -> Vec<u8> {
    let html = std::str::from_utf8(html).unwrap();
    let mut lines: Vec<&str> = html.split_inclusive('\n').collect();
    assert_eq!(lines[373].trim(), "<tr>", "line 374 of the Chime page moved");
    let stray = lines[373].replace("<tr>", "</table><tr>");
    lines[373] = &stray;
    lines.concat().into_bytes()
}

/// A few pages of 2026-07-01 (Chime among them), each with its twins when
/// `twins`: the Markdown written from the page, the JSON of 2026-02-13.
fn pages(corpus: &Path, twins: bool) -> BTreeMap<String, Vec<u8>> {
    let dir = corpus.join("sar-html/2026-07-01");
    let mut out = BTreeMap::new();
    for (slug, prefix) in [
        ("amazonchime", "chime"),
        ("amazons3", "s3"),
        ("awsidentityandaccessmanagementiam", "iam"),
        ("amazonsqs", "sqs"),
    ] {
        let html = std::fs::read(dir.join(format!("list_{slug}.html"))).unwrap();
        if twins {
            out.insert(format!("list_{slug}.md"), twin(&html, slug));
            let json = corpus.join(format!("service-reference-json/2026-02-13/{prefix}.json"));
            out.insert(json_path(prefix), std::fs::read(json).unwrap());
        }
        out.insert(format!("list_{slug}.html"), html);
    }
    out
}

#[test]
fn a_written_twin_reads_as_its_page() {
    let Some(corpus) = corpus() else { return };
    let html = std::fs::read(corpus.join("sar-html/2026-07-01/list_amazonchime.html")).unwrap();
    let md = twin(&html, "amazonchime");
    let alone = parse_all(&[source_from("site/list_amazonchime.html", html.clone())]);
    let run = parse_all(&[
        source_from("site/list_amazonchime.html", html),
        source_from("site/list_amazonchime.md", md),
    ]);
    assert_eq!(run.errors(), 0, "{:?}", run.error_messages());
    assert_eq!(run.sources.disagreements, Vec::<String>::new());
    assert!(run.sources.fallbacks.is_empty(), "{:?}", run.sources.fallbacks);
    let (a, b) = (&alone.merged.services[0], &run.merged.services[0]);
    assert_eq!(a.actions.len(), 316);
    assert_eq!(a.actions, b.actions);
    assert_eq!(a.resource_types, b.resource_types);
    assert_eq!(a.condition_keys, b.condition_keys);
}
