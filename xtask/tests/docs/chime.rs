//! Amazon Chime's end of support, end to end: in a diff of two snapshots,
//! and discovered and fetched from a mirror.

use std::collections::BTreeMap;
use std::path::Path;

use xtask::dataset::{self, Built};
use xtask::diff::compare;
use xtask::mirror::{Mirror, MirrorConfig};
use xtask::report::{Markdown, render};

use crate::util::{corpus, fixtures};

const DOCS: [&str; 3] = [
    "security-iam.html",
    "security_iam_service-with-iam.html",
    "security_iam_id-based-policy-examples.html",
];

/// A directory with the chime reference page and the docs of `when`.
fn side(corpus: &Path, dir: &Path, when: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::copy(
        corpus.join("sar-html/2026-07-01/list_amazonchime.html"),
        dir.join("list_amazonchime.html"),
    )
    .unwrap();
    for page in DOCS {
        std::fs::copy(
            fixtures().join("service-docs").join(when).join(page),
            dir.join(page),
        )
        .unwrap();
    }
}

#[test]
fn a_diff_reports_the_end_of_support_under_deprecations() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let (old, new) = (tmp.path().join("old"), tmp.path().join("new"));
    side(&corpus, &old, "chime-before");
    side(&corpus, &new, "chime-after");
    let db = tmp.path().join("none.sqlite");
    let d = compare(
        &dataset::load_side(old.to_str().unwrap(), &db).unwrap(),
        &dataset::load_side(new.to_str().unwrap(), &db).unwrap(),
    );
    let eos: Vec<_> = d
        .deprecations
        .iter()
        .filter(|x| x.kind == "end-of-support")
        .collect();
    assert_eq!(eos.len(), 1, "{:#?}", d.deprecations);
    assert_eq!(
        (eos[0].name.as_str(), eos[0].date.as_deref()),
        ("chime", Some("2026-02-20"))
    );
    assert!(eos[0].detail.starts_with("End of support notice: On February 20, 2026, AWS will end support for the Amazon Chime service."));
    assert_eq!(
        eos[0].url.as_deref(),
        Some("https://docs.aws.amazon.com/chime/latest/ag/security_iam_service-with-iam.html")
    );
    // The new changelog row, the new feature, nothing else of the reference.
    let rows: Vec<&str> = d
        .managed_policy_changes
        .added
        .iter()
        .map(|r| r.row.date_text.as_str())
        .collect();
    assert_eq!(rows, ["March 15, 2022"]);
    assert_eq!(d.features.added.len(), 1);
    assert_eq!(d.features.added[0].name, "ABAC (tags in policies)");
    assert!(
        d.actions.added.is_empty() && d.actions.removed.is_empty() && d.actions.changed.is_empty()
    );

    let md = render(&d, &Markdown);
    let deprecations =
        &md[md.find("## Deprecations").unwrap()..md.find("## Managed policies").unwrap()];
    assert!(
        deprecations.contains(
            "`chime` end-of-support on 2026-02-20: End of support notice: On February 20, 2026"
        ) && deprecations.contains(
            // Scraped text: the joiner keeps GitHub from autolinking it.
            "(https:\u{200d}//docs.aws.amazon.com/chime/latest/ag/security_iam_service-with-iam.html)"
        ),
        "{deprecations}"
    );
    assert!(md.contains("### New changelog rows (1)"), "{md}");
}

#[test]
fn docs_pages_are_discovered_through_links_and_fetched_from_the_mirror() {
    let Some(corpus) = corpus() else { return };
    let mut pages: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for file in ["list_amazonchime.html", "list_recyclebin.html"] {
        pages.insert(
            file.into(),
            std::fs::read(corpus.join("sar-html/2026-07-01").join(file)).unwrap(),
        );
    }
    for page in DOCS {
        pages.insert(
            format!("/chime/latest/ag/{page}"),
            std::fs::read(fixtures().join("service-docs/chime-after").join(page)).unwrap(),
        );
    }
    let m = Mirror::start(pages, MirrorConfig::default()).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let mut cfg = crate::fetch::config(&m);
    cfg.docs = true;
    let fetched = dataset::Dataset::open_writing(&db, "fetch", false)
        .and_then(|d| d.fetch(cfg, &[], true))
        .unwrap();
    // The run succeeds; the pages that do not exist are warnings, per service.
    assert_eq!((fetched.run.pages, fetched.run.failed), (2, 0));
    assert_eq!(fetched.docs, 3, "{:#?}", fetched.warnings);
    assert!(
        fetched
            .warnings
            .iter()
            .any(|w| w.starts_with("rbin: docs page ") && w.contains("404")),
        "{:#?}",
        fetched.warnings
    );
    assert!(
        fetched
            .warnings
            .iter()
            .any(|w| w.starts_with("chime: docs page ") && w.contains("chime-sdk")),
        "{:#?}",
        fetched.warnings
    );
    // The landing page's troubleshooting link is not followed.
    assert_eq!(
        m.stats().statuses.get(&200),
        Some(&(1 + 2 + 3)),
        "{:?}",
        m.stats()
    );

    let Built::Stored { warnings, .. } = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_run(None, "2026-07-09"))
        .unwrap()
    else {
        panic!("refused")
    };
    assert!(
        warnings
            .iter()
            .any(|w| w.starts_with("chime: docs pages could not be fetched")),
        "{warnings:#?}"
    );
    let loaded = dataset::Dataset::open(&db)
        .and_then(|d| d.load_snapshot(&xtask::store::SnapshotSelector::Latest))
        .unwrap();
    let chime = loaded
        .services
        .iter()
        .find(|s| s.prefix.as_str() == "chime")
        .unwrap();
    assert_eq!(chime.notices.len(), 1, "{:#?}", chime.notices);
    assert_eq!(chime.notices[0].date.as_deref(), Some("2026-02-20"));
    assert_eq!(chime.managed_policy_changes.len(), 4);
    assert_eq!(chime.features.len(), 11);
    assert_eq!(chime.managed_policies.len(), 3);
    assert_eq!(chime.docs.len(), 3);
    let rbin = loaded
        .services
        .iter()
        .find(|s| s.prefix.as_str() == "rbin")
        .unwrap();
    assert!(rbin.docs.is_empty() && rbin.notices.is_empty());
}
