//! One fault at a time, on a small mirror.

use std::time::Duration;

use xtask::fetch::parse_toc;
use xtask::mirror::{Fault, MirrorConfig};

use super::{config, fetch, mirror, pages};
use crate::util::corpus;

fn small() -> Option<xtask::mirror::Mirror> {
    let corpus = corpus()?;
    Some(mirror(
        pages(&corpus.join("sar-html/2026-07-01"), Some(12)),
        MirrorConfig::default(),
    ))
}

fn failure_of<'a>(f: &'a xtask::dataset::Fetched, file: &str) -> &'a str {
    f.failures
        .iter()
        .find(|(url, _)| url.ends_with(file))
        .map(|(_, m)| m.as_str())
        .unwrap_or_else(|| panic!("{file} did not fail: {:?}", f.failures))
}

#[test]
fn off_host_redirects_and_oversized_bodies_are_refused_and_named() {
    let Some(m) = small() else { return };
    let files: Vec<String> = pages(&corpus().unwrap().join("sar-html/2026-07-01"), Some(12))
        .into_keys()
        .collect();
    let port = m.base_url().rsplit(':').next().unwrap().to_string();
    m.set_fault(
        &files[0],
        Fault::Redirect(format!(
            "http://127.0.0.2:{port}/service-authorization/latest/reference/{}",
            files[0]
        )),
    );
    m.set_fault(
        &files[1],
        Fault::Redirect("https://evil.example/phish.html".into()),
    );
    m.set_fault(
        &files[2],
        Fault::Oversize {
            bytes: 64 << 20,
            declared: false,
        },
    );
    m.set_fault(
        &files[3],
        Fault::Oversize {
            bytes: 64 << 20,
            declared: true,
        },
    );
    let tmp = tempfile::tempdir().unwrap();
    let mut cfg = config(&m);
    cfg.max_body = 1 << 20;
    let f = fetch(&tmp.path().join("catalog.sqlite"), cfg);
    assert_eq!(f.failures.len(), 4, "{:?}", f.failures);
    assert!(failure_of(&f, &files[0]).contains(&format!(
        "redirected off the allow-list to http://127.0.0.2:{port}/"
    )));
    assert!(
        failure_of(&f, &files[1])
            .contains("redirected off the allow-list to https://evil.example/phish.html")
    );
    for file in &files[2..4] {
        assert!(
            failure_of(&f, file).contains("over the 1048576 byte cap; not read further"),
            "{f:?}"
        );
    }
    // Never read whole: far less than the 128 MiB offered crossed the wire.
    assert!(m.stats().body_bytes < 32 << 20, "{:?}", m.stats());
    // Refusals are not retried.
    assert_eq!(f.run.retries, 0);
}

#[test]
fn a_redirect_to_a_new_slug_is_followed_and_recorded_as_a_move() {
    let Some(corpus) = corpus() else { return };
    let mut p = pages(&corpus.join("sar-html/2026-07-01"), Some(3));
    let html =
        std::fs::read_to_string(corpus.join("sar-html/2026-07-01/list_amazonchime.html")).unwrap();
    p.insert(
        "list_chime.html".into(),
        crate::util::renamed_page(&html, "amazonchime", "chime").into_bytes(),
    );
    p.insert("list_amazonchime.html".into(), b"(the old name)".to_vec());
    let m = mirror(p, MirrorConfig::default());
    m.set_fault(
        "list_amazonchime.html",
        Fault::Redirect(m.url("list_chime.html")),
    );
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let f = fetch(&db, config(&m));
    assert!(f.failures.is_empty(), "{:?}", f.failures);
    assert_eq!(
        f.moved,
        [(m.url("list_amazonchime.html"), m.url("list_chime.html"))]
    );
    match xtask::dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-09"))
        .unwrap()
    {
        xtask::dataset::Built::Stored { counts, .. } => assert_eq!(counts.services, 4),
        other => panic!("{other:?}"),
    }
}

#[test]
fn resets_truncations_and_timeouts_are_retried() {
    let Some(m) = small() else { return };
    let files: Vec<String> = pages(&corpus().unwrap().join("sar-html/2026-07-01"), Some(12))
        .into_keys()
        .collect();
    m.set_fault(&files[0], Fault::ResetTimes(2));
    m.set_fault(&files[1], Fault::TruncateTimes(2));
    m.set_fault(&files[2], Fault::StatusTimes(503, 3));
    m.set_fault(&files[3], Fault::Stall(Duration::from_secs(3)));
    let tmp = tempfile::tempdir().unwrap();
    let mut cfg = config(&m);
    cfg.request_timeout = Duration::from_millis(500);
    cfg.retry.attempts = 4;
    let f = fetch(&tmp.path().join("catalog.sqlite"), cfg);
    // Recovered after retries: the reset, the truncation, the 503 burst.
    assert_eq!(f.failures.len(), 1, "{:?}", f.failures);
    // The stalled page times out on every attempt, and says so.
    let stalled = failure_of(&f, &files[3]);
    assert!(
        stalled.contains("timed out") && stalled.contains("gave up after 4 attempts"),
        "{stalled}"
    );
    assert_eq!(f.run.retries, 2 + 2 + 3 + 3);
}

#[test]
fn a_missing_page_and_a_wrong_content_type_fail_without_retries() {
    let Some(m) = small() else { return };
    let files: Vec<String> = pages(&corpus().unwrap().join("sar-html/2026-07-01"), Some(12))
        .into_keys()
        .collect();
    m.set_fault(&files[0], Fault::Status(404));
    m.set_fault(&files[1], Fault::ContentType("application/json".into()));
    let tmp = tempfile::tempdir().unwrap();
    let f = fetch(&tmp.path().join("catalog.sqlite"), config(&m));
    assert_eq!(failure_of(&f, &files[0]), "HTTP 404 Not Found");
    assert_eq!(
        failure_of(&f, &files[1]),
        "content type \"application/json\", expected text/html"
    );
    assert_eq!(f.run.retries, 0);
}

#[test]
fn concurrency_is_bounded_at_the_server() {
    let Some(corpus) = corpus() else { return };
    let m = mirror(
        pages(&corpus.join("sar-html/2026-07-01"), Some(40)),
        MirrorConfig {
            latency: Duration::from_millis(20),
            ..Default::default()
        },
    );
    let tmp = tempfile::tempdir().unwrap();
    let mut cfg = config(&m);
    cfg.concurrency = 3;
    let f = fetch(&tmp.path().join("catalog.sqlite"), cfg);
    assert!(f.failures.is_empty(), "{:?}", f.failures);
    assert_eq!(m.stats().max_in_flight, 3, "{:?}", m.stats());
}

#[test]
fn the_table_of_contents_lists_pages_once_and_nothing_else() {
    let toc = reqwest::Url::parse("https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html").unwrap();
    let html = r#"<ul>
        <li><a href="./list_amazonchime.html">Amazon Chime</a></li>
        <li><a href="list_chime.html#x">Amazon Chime (chime)</a></li>
        <li><a href="./list_amazonchime.html">again</a></li>
        <li><a href="/IAM/latest/UserGuide/list_other.html">another guide</a></li>
        <li><a href="reference_policies_actions-resources-contextkeys.html">itself</a></li>
    </ul>"#;
    let origin = xtask::fetch::Origin::new(xtask::fetch::client::DEFAULT_BASE).unwrap();
    let listed = parse_toc(html, &toc, &origin).listed;
    let slugs: Vec<(&str, &str)> = listed
        .iter()
        .map(|l| (l.slug.as_str(), l.text.as_str()))
        .collect();
    assert_eq!(
        slugs,
        [
            ("amazonchime", "Amazon Chime"),
            ("chime", "Amazon Chime (chime)")
        ]
    );
    assert_eq!(
        listed[1].url,
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_chime.html"
    );
}

#[test]
fn a_table_of_contents_that_fails_fails_the_run() {
    let Some(m) = small() else { return };
    m.set_fault(
        "reference_policies_actions-resources-contextkeys.html",
        Fault::Status(404),
    );
    let tmp = tempfile::tempdir().unwrap();
    let e =
        xtask::dataset::Dataset::open_writing(&tmp.path().join("catalog.sqlite"), "fetch", false)
            .and_then(|d| d.fetch(config(&m), &[], true))
            .unwrap_err();
    let e = format!("{e:#}");
    assert!(
        e.contains("the table of contents") && e.contains("HTTP 404"),
        "{e}"
    );
}

/// Issue 11: a table-of-contents link to another host was fetched and
/// stored as if it came from the site. It is refused and named, the other
/// host is never asked, and the run (and a build from it) fails.
#[test]
fn a_table_of_contents_link_off_the_allow_list_is_refused_named_and_not_fetched() {
    let Some(corpus) = corpus() else { return };
    let mut listed = pages(&corpus.join("sar-html/2026-07-01"), Some(3));
    let elsewhere = mirror(listed.clone(), MirrorConfig::default());
    let off_host = format!(
        "{}/service-authorization/latest/reference/list_amazonchime.html",
        elsewhere.base_url()
    );
    let mut toc = xtask::mirror::table_of_contents(listed.keys().map(String::as_str)).replace(
        "</ul>",
        &format!("<li><a href=\"{off_host}\">Amazon Chime (chime)</a></li></ul>"),
    );
    toc = toc.replace("</ul>", "<li><a href=\"https://evil.example/service-authorization/latest/reference/list_amazons3.html\">S3</a></li></ul>");
    listed.insert(xtask::mirror::TOC_FILE.into(), toc.into_bytes());
    let m = mirror(listed, MirrorConfig::default());
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let f = fetch(&db, config(&m));
    let refused = failure_of(&f, "list_amazonchime.html");
    assert!(
        refused.contains("links this page off the allow-list (127.0.0.1:")
            && refused.ends_with("refused, not fetched"),
        "{refused}"
    );
    assert!(
        f.failures.iter().any(|(u, _)| u
            == "https://evil.example/service-authorization/latest/reference/list_amazons3.html"),
        "{:?}",
        f.failures
    );
    assert_eq!(f.failures.len(), 2, "{:?}", f.failures);
    assert_eq!(elsewhere.stats().requests, 0, "the other host was asked");
    assert_eq!(f.run.pages, 5, "{:?}", f.run);
    // Nothing of it is stored, and no snapshot can be built from the run.
    match xtask::dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-01"))
        .unwrap()
    {
        xtask::dataset::Built::Refused { errors, .. } => {
            assert!(
                errors
                    .iter()
                    .any(|e| e.starts_with(&off_host) && e.contains("refused, not fetched")),
                "{errors:?}"
            )
        }
        built => panic!("built from a run with a refused link: {built:?}"),
    }
}
