//! The three renderings of every page against a mirror: the HTML page, its
//! Markdown twin beside it and its JSON twin on servicereference (placed on
//! the mirror), fetched, archived, revalidated and read through
//! `reconcile`.

use std::collections::BTreeMap;
use std::path::Path;

use xtask::dataset::{self, Built};
use xtask::mirror::{MirrorConfig, json_path, markdown::twin_of};
use xtask::parse_run::parse_all;
use xtask::store::FetchStatus;

use super::{config, fetch, mirror};
use crate::util::{corpus, source_from, xtask};

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

fn stray_table_end(html: &[u8]) -> Vec<u8> {
    crate::util::stray_table_end(std::str::from_utf8(html).unwrap()).into_bytes()
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
    assert!(
        run.sources.fallbacks.is_empty(),
        "{:?}",
        run.sources.fallbacks
    );
    let (a, b) = (&alone.merged.services[0], &run.merged.services[0]);
    assert_eq!(a.actions.len(), 316);
    assert_eq!(a.actions, b.actions);
    assert_eq!(a.resource_types, b.resource_types);
    assert_eq!(a.condition_keys, b.condition_keys);
}

/// Fetches `pages` from a mirror into a fresh database and builds.
fn fetch_and_build(pages: BTreeMap<String, Vec<u8>>) -> (tempfile::TempDir, Built) {
    let m = mirror(pages, MirrorConfig::default());
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let fetched = fetch(&db, config(&m));
    assert!(fetched.failures.is_empty(), "{:?}", fetched.failures);
    let built = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-01"))
        .unwrap();
    (tmp, built)
}

fn stored(built: &Built) -> (&xtask::snapshot::Counts, &xtask::reconcile::SourcesReport) {
    match built {
        Built::Stored {
            counts, sources, ..
        } => (counts, sources),
        Built::Refused { errors, .. } => panic!("refused: {errors:#?}"),
    }
}

#[test]
fn three_renderings_are_fetched_and_a_second_fetch_is_all_304s() {
    let Some(corpus) = corpus() else { return };
    let m = mirror(pages(&corpus, true), MirrorConfig::default());
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let first = fetch(&db, config(&m));
    assert!(first.failures.is_empty(), "{:?}", first.failures);
    // The table of contents, 4 pages, 4 Markdown twins, the index (the
    // 2026-07-01 pages link no JSON) and 4 JSON twins.
    let stats = m.stats();
    assert_eq!(stats.statuses.get(&200), Some(&14), "{stats:?}");
    assert_eq!(first.run.pages, 4);
    let built = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-01"))
        .unwrap();
    let (counts, sources) = stored(&built);
    assert_eq!(counts.services, 4);
    assert!(sources.fallbacks.is_empty(), "{:?}", sources.fallbacks);
    assert_eq!(sources.disagreements, Vec::<String>::new());
    // The JSON twins (2026-02-13) are witnesses: their findings are counted.
    assert!(sources.witness.items.iter().any(|f| f.service == "chime"));
    let services = dataset::Dataset::open(&db)
        .and_then(|d| d.load_snapshot(&xtask::store::SnapshotSelector::Latest))
        .unwrap()
        .services;
    for s in &services {
        let witnesses: Vec<&str> = s.renderings.witnesses.iter().map(|l| l.as_str()).collect();
        assert_eq!(witnesses.len(), 2, "{}: {witnesses:?}", s.prefix);
    }

    m.reset_stats();
    let started = std::time::Instant::now();
    let second = fetch(&db, config(&m));
    let took = started.elapsed();
    let stats = m.stats();
    eprintln!(
        "second fetch of three renderings: {} requests, {:?}, max {} in flight, {took:?}",
        stats.requests, stats.statuses, stats.max_in_flight
    );
    assert_eq!(stats.statuses.get(&304), Some(&13), "{stats:?}");
    assert_eq!(
        stats.statuses.get(&200),
        Some(&1),
        "only the table of contents"
    );
    // And the global keys page and its twin, which this mirror lacks (404).
    assert_eq!(stats.statuses.get(&404), Some(&2), "{stats:?}");
    assert_eq!(stats.requests, 16);
    assert!(stats.max_in_flight <= 8, "{stats:?}");
    assert_eq!(second.run.not_modified, 4);
}

#[test]
fn html_with_a_stray_table_end_gives_way_to_its_markdown_twin() {
    let Some(corpus) = corpus() else { return };
    let mut p = pages(&corpus, true);
    let html = p["list_amazonchime.html"].clone();
    p.insert("list_amazonchime.html".into(), stray_table_end(&html));
    let (_tmp, built) = fetch_and_build(p);
    let (counts, sources) = stored(&built);
    assert_eq!(counts.services, 4);
    assert_eq!(sources.fallbacks.len(), 1, "{:?}", sources.fallbacks);
    assert!(
        sources.fallbacks[0].starts_with("chime: ")
            && sources.fallbacks[0].contains("the Markdown reading stands"),
        "{}",
        sources.fallbacks[0]
    );
}

#[test]
fn a_page_with_no_readable_rendering_refuses_the_build_naming_it() {
    let Some(corpus) = corpus() else { return };
    let mut p = pages(&corpus, true);
    p.insert(
        "list_amazonchime.html".into(),
        b"<html><body><p>nothing here</p></body></html>".to_vec(),
    );
    p.insert("list_amazonchime.md".into(), b"# Nothing here\n".to_vec());
    let (_tmp, built) = fetch_and_build(p);
    let Built::Refused { errors, .. } = built else {
        panic!("stored a snapshot without chime")
    };
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(errors[0].contains("list_amazonchime.html"), "{}", errors[0]);
    assert!(errors[1].contains("list_amazonchime.md"), "{}", errors[1]);
}

#[test]
fn a_twin_with_another_access_level_is_a_disagreement_naming_it() {
    let Some(corpus) = corpus() else { return };
    let mut p = pages(&corpus, true);
    let md = String::from_utf8(p["list_amazonchime.md"].clone()).unwrap();
    let item = md.find("- **   [CreateMeeting](").unwrap();
    let level = item + md[item..].find("**Access level:** Write").unwrap();
    let md = format!(
        "{}**Access level:** Read{}",
        &md[..level],
        &md[level + "**Access level:** Write".len()..]
    );
    p.insert("list_amazonchime.md".into(), md.into_bytes());
    let (_tmp, built) = fetch_and_build(p);
    let (_, sources) = stored(&built);
    assert_eq!(
        sources.disagreements,
        ["chime: action CreateMeeting (access level): HTML \"Write\", Markdown \"Read\""]
    );
    assert!(sources.fallbacks.is_empty());
}

#[test]
fn a_mirror_without_twins_builds_as_before() {
    let Some(corpus) = corpus() else { return };
    let m = mirror(pages(&corpus, false), MirrorConfig::default());
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let fetched = fetch(&db, config(&m));
    assert!(fetched.failures.is_empty(), "{:?}", fetched.failures);
    // 4 Markdown twins and the index answer 404: absent, not failed; so do
    // the global keys page and its twin.
    assert_eq!(m.stats().statuses.get(&404), Some(&7), "{:?}", m.stats());
    assert_eq!(fetched.run.failed, 0);
    // Stored as `absent` with their HTTP status: every twin (the Markdown
    // of the 4 pages, the index); the global keys page, HTML and Markdown,
    // failed (a warning of its own: the keys are read from its Markdown
    // alone, and the previous snapshot's stand).
    let rows = super::stored_rows(&db);
    let mut absent: Vec<&str> = rows
        .iter()
        .filter(|r| r.status == FetchStatus::Absent)
        .inspect(|r| assert_eq!(r.http_status, Some(404), "{r:?}"))
        .map(|r| r.url.rsplit('/').next().unwrap())
        .collect();
    absent.sort_unstable();
    assert_eq!(
        absent,
        [
            "list_amazonchime.md",
            "list_amazons3.md",
            "list_amazonsqs.md",
            "list_awsidentityandaccessmanagementiam.md",
            "service-list.json",
        ]
    );
    let keys_md = rows
        .iter()
        .find(|r| r.url.ends_with("reference_policies_condition-keys.md"))
        .unwrap();
    assert_eq!(
        (keys_md.status, keys_md.http_status),
        (FetchStatus::Failed, Some(404))
    );
    assert_eq!(fetched.absent, absent.len());
    let failed: Vec<&str> = rows
        .iter()
        .filter(|r| r.status == FetchStatus::Failed)
        .map(|r| r.url.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(
        failed,
        [
            "reference_policies_condition-keys.html",
            "reference_policies_condition-keys.md"
        ]
    );
    let fetched_hash = super::built_hash(
        &db,
        dataset::Dataset::open_writing(&db, "build", false)
            .and_then(|d| d.build_from_run(None, "2026-07-01"))
            .unwrap(),
    );
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in pages(&corpus, false) {
        std::fs::write(dir.path().join(name), bytes).unwrap();
    }
    let from_dir = super::built_hash(
        &db,
        dataset::Dataset::open_writing(&db, "build", false)
            .and_then(|d| d.build_from_dirs(&[dir.path()], "2026-07-01"))
            .unwrap(),
    );
    assert_eq!(fetched_hash, from_dir);
}

const TOC_URL: &str = "https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html";

#[test]
fn the_redesigned_table_of_contents_is_read_from_its_markdown() {
    let Some(corpus) = corpus() else { return };
    let md = std::fs::read_to_string(
        corpus.join("new-layout/aws-md/reference_policies_actions-resources-contextkeys.md"),
    )
    .unwrap();
    let origin = xtask::fetch::Origin::new(xtask::fetch::client::DEFAULT_BASE).unwrap();
    let toc =
        xtask::fetch::parse_toc_markdown(&md, &reqwest::Url::parse(TOC_URL).unwrap(), &origin);
    assert_eq!(toc.listed.len(), 476);
    assert!(toc.refused.is_empty());
    let chime = toc.listed.iter().find(|l| l.slug == "chime").unwrap();
    assert_eq!(
        chime.url,
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_chime.html"
    );
    assert_eq!(chime.text, "Amazon Chime (chime)");
}

/// A table of contents whose HTML links no page we know is read from its
/// Markdown rendering, and its pages fetched.
#[test]
fn a_table_of_contents_known_only_by_its_markdown_is_discovered() {
    let Some(corpus) = corpus() else { return };
    let mut p = pages(&corpus, false);
    p.insert(
        xtask::mirror::TOC_FILE.into(),
        b"<html><body><div id=\"main-col-body\"><p>redesigned</p></div></body></html>".to_vec(),
    );
    let md: String = p
        .keys()
        .filter(|k| k.ends_with(".html") && k.starts_with("list_"))
        .map(|k| format!("+ [{k}]({})\n", k.replace(".html", ".md")))
        .collect();
    p.insert(
        "reference_policies_actions-resources-contextkeys.md".into(),
        md.into_bytes(),
    );
    let m = mirror(p, MirrorConfig::default());
    let tmp = tempfile::tempdir().unwrap();
    let fetched = fetch(&tmp.path().join("catalog.sqlite"), config(&m));
    assert_eq!(fetched.listed.len(), 4, "{:?}", fetched.listed);
    assert!(fetched.failures.is_empty(), "{:?}", fetched.failures);
    assert_eq!(fetched.run.pages, 4);
}

/// A page that fails to fetch while its Markdown twin is read is not
/// refused: the run is rejected for a page only when no rendering of it can
/// be read.
#[test]
fn a_page_that_fails_to_fetch_is_read_from_its_markdown_twin() {
    let Some(corpus) = corpus() else { return };
    let m = mirror(pages(&corpus, true), MirrorConfig::default());
    m.set_fault("list_amazonchime.html", xtask::mirror::Fault::Status(503));
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let fetched = fetch(&db, config(&m));
    assert!(fetched.failures.is_empty(), "{:?}", fetched.failures);
    assert!(
        fetched
            .warnings
            .iter()
            .any(|w| w.contains("list_amazonchime.html") && w.contains("Markdown twin stands in")),
        "{:?}",
        fetched.warnings
    );
    let built = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-01"))
        .unwrap();
    let (counts, _) = stored(&built);
    assert_eq!(counts.services, 4);
    let chime = dataset::Dataset::open(&db)
        .and_then(|d| d.load_snapshot(&xtask::store::SnapshotSelector::Latest))
        .unwrap()
        .services
        .into_iter()
        .find(|s| s.prefix.as_str() == "chime")
        .unwrap();
    assert_eq!(chime.actions.len(), 316);
    assert!(
        chime
            .pages
            .iter()
            .all(|p| p.layout == xtask::model::Layout::Markdown2026)
    );
}

/// A twin that answers 500 is a failure of that twin, not an absence: its
/// row says `failed` with the status, the fetch warns of it, and the page
/// is read from its HTML (no failure of the run: the HTML stands).
#[test]
fn a_twin_that_answers_500_is_failed_and_said_so() {
    let Some(corpus) = corpus() else { return };
    let m = mirror(pages(&corpus, true), MirrorConfig::default());
    m.set_fault("list_amazonchime.md", xtask::mirror::Fault::Status(500));
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let o = xtask()
        .arg("--db")
        .arg(&db)
        .args([
            "fetch",
            "--no-docs",
            "--attempts",
            "2",
            "--retry-base-ms",
            "10",
            "--base-url",
            &m.base_url(),
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{stdout}{stderr}");
    let md = m.url("list_amazonchime.md");
    assert!(
        stdout.contains(&format!(
            "warning {md}: the twin could not be fetched (HTTP 500 Internal Server Error (gave up after 2 attempts))"
        )),
        "{stdout}"
    );
    // Every twin but the failing one is served on this mirror; the global
    // keys page's Markdown is not, a failure of its own (no absence).
    assert!(
        stdout
            .contains("4 pages (4 fetched, 0 not modified, 0 failed), 0 twins not served (absent)"),
        "{stdout}"
    );
    // Not served is said once, in the summary; a failure as it happens.
    assert!(
        stderr.contains("failed ") && stderr.contains("reference_policies_condition-keys.md"),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("failed {md}")), "{stderr}");
    let rows = super::stored_rows(&db);
    let row = rows.iter().find(|r| r.url == md).unwrap();
    assert_eq!(
        (row.status, row.http_status),
        (FetchStatus::Failed, Some(500))
    );
    let built = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-01"))
        .unwrap();
    let (counts, _) = stored(&built);
    assert_eq!(counts.services, 4);
}
