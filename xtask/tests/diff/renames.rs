//! A page served under a new name, a prefix moved to another page, a page
//! that now answers "moved": renames, never a removal and an addition.

use std::path::Path;

use xtask::diff::Bump;

use super::diff_paths;
use crate::util::corpus;

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

const STUB: &str = "<!DOCTYPE HTML PUBLIC \"-//IETF//DTD HTML 2.0//EN\">\n<html><head><title>301 Moved Permanently</title></head>\
<body><h1>Moved Permanently</h1><p>The document has moved <a href=\"LOCATION\">here</a>.</p></body></html>\n";

#[test]
fn a_renamed_page_is_a_rename() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let page = corpus.join("sar-html/2026-07-01/list_amazonchime.html");
    copy(&page, &tmp.path().join("old/list_amazonchime.html"));
    // As AWS did in July 2026: list_amazonchime.html became list_chime.html.
    std::fs::create_dir_all(tmp.path().join("new")).unwrap();
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        tmp.path().join("new/list_chime.html"),
        crate::util::renamed_page(&html, "amazonchime", "chime"),
    )
    .unwrap();
    let d = diff_paths(&tmp.path().join("old"), &tmp.path().join("new"));
    assert!(d.services.added.is_empty() && d.services.removed.is_empty());
    assert!(
        d.actions.added.is_empty() && d.actions.removed.is_empty() && d.actions.changed.is_empty()
    );
    assert_eq!(d.services.renamed.len(), 1);
    let r = &d.services.renamed[0];
    assert_eq!(
        (r.from_prefix.as_str(), r.to_prefix.as_deref()),
        ("chime", Some("chime"))
    );
    assert_eq!(
        (r.from_pages.as_slice(), r.to_pages.as_slice()),
        (&["amazonchime".to_string()][..], &["chime".to_string()][..])
    );
    assert!(d.deprecations.is_empty());
    assert_eq!(d.semver.bump, Bump::Patch);
}

#[test]
fn a_prefix_whose_page_moved_to_a_new_prefix_is_renamed() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let page = corpus.join("sar-html/2026-07-01/list_recyclebin.html");
    copy(&page, &tmp.path().join("old/list_recyclebin.html"));
    // The old page answers "moved" to a new page that declares a new prefix.
    let html = std::fs::read_to_string(&page).unwrap();
    let renamed = crate::util::renamed_page(&html, "recyclebin", "recyclebin2").replace(
        "<code class=\"code\">\n             rbin\n            </code>",
        "<code class=\"code\">rbin2</code>",
    );
    assert_ne!(renamed, html, "the fixture edit must take");
    std::fs::create_dir_all(tmp.path().join("new")).unwrap();
    std::fs::write(tmp.path().join("new/list_recyclebin2.html"), renamed).unwrap();
    std::fs::write(
        tmp.path().join("new/list_recyclebin.html"),
        STUB.replace("LOCATION", "https://docs.aws.amazon.com/service-authorization/latest/reference/list_recyclebin2.html"),
    )
    .unwrap();
    let d = diff_paths(&tmp.path().join("old"), &tmp.path().join("new"));
    assert!(
        d.services.added.is_empty() && d.services.removed.is_empty(),
        "{:?}",
        d.services
    );
    let r = &d.services.renamed[0];
    assert_eq!(
        (r.from_prefix.as_str(), r.to_prefix.as_deref()),
        ("rbin", Some("rbin2"))
    );
    assert!(
        r.moved_to
            .as_deref()
            .unwrap()
            .ends_with("list_recyclebin2.html")
    );
    // Policies naming rbin:* break: the rename is a deprecation.
    assert!(
        d.deprecations
            .iter()
            .any(|x| x.kind == "service-renamed" && x.name == "rbin")
    );
}

#[test]
fn a_page_that_moved_out_of_the_reference_is_not_a_removal() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    copy(
        &corpus.join("sar-html/2026-07-01/list_recyclebin.html"),
        &tmp.path().join("old/list_recyclebin.html"),
    );
    std::fs::create_dir_all(tmp.path().join("new")).unwrap();
    // A snapshot needs one page that parses; the moved stub rides along.
    copy(
        &corpus.join("sar-html/2026-07-01/list_amazonchime.html"),
        &tmp.path().join("old/list_amazonchime.html"),
    );
    copy(
        &corpus.join("sar-html/2026-07-01/list_amazonchime.html"),
        &tmp.path().join("new/list_amazonchime.html"),
    );
    std::fs::write(
        tmp.path().join("new/list_recyclebin.html"),
        STUB.replace(
            "LOCATION",
            "https://docs.aws.amazon.com/ebs/latest/userguide/recycle-bin.html",
        ),
    )
    .unwrap();
    let d = diff_paths(&tmp.path().join("old"), &tmp.path().join("new"));
    assert!(d.services.removed.is_empty(), "{:?}", d.services.removed);
    let r = &d.services.renamed[0];
    assert_eq!(
        (r.from_prefix.as_str(), r.to_prefix.as_deref()),
        ("rbin", None)
    );
    assert_eq!(
        r.moved_to.as_deref(),
        Some("https://docs.aws.amazon.com/ebs/latest/userguide/recycle-bin.html")
    );
    // Its actions are no longer in the catalog: listed, and deprecated.
    assert!(
        !d.actions.removed.is_empty() && d.actions.removed.iter().all(|a| a.starts_with("rbin:"))
    );
}
