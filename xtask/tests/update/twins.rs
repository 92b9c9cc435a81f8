//! `update` reading every rendering of a page: a Markdown twin stands in for
//! an HTML page that cannot be read, and the report's "Sources" says so.

use std::collections::BTreeMap;

use super::{Checkout, code, json_twins, mirror, text};

const CHIME: &str = "list_amazonchime.html";

/// Chime's Markdown twin, written from its good 2026-07-01 HTML.
fn add_chime_twin(pages: &mut BTreeMap<String, Vec<u8>>) {
    let html = std::str::from_utf8(&pages[CHIME]).unwrap();
    let md = xtask::mirror::markdown::twin_of(
        html,
        "https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonchime.html",
    )
    .unwrap();
    pages.insert("list_amazonchime.md".into(), md.into_bytes());
}

/// Acceptance 3 (a): line 374's `<tr>` → `</table><tr>` (issue 11) with a
/// good Markdown twin: chime keeps its 316 actions, read from the Markdown,
/// and the report names the fallback.
#[test]
fn a_stray_table_end_with_a_good_markdown_twin_keeps_chime_and_names_the_fallback() {
    let Some(m) = mirror("2026-07-01", |pages| {
        // The committed operations come from the JSON twins: served, as on the site.
        json_twins(pages, "2026-02-13");
        add_chime_twin(pages);
        let broken = crate::util::stray_table_end(std::str::from_utf8(&pages[CHIME]).unwrap());
        pages.insert(CHIME.into(), broken.into_bytes());
    }) else {
        return;
    };
    let co = Checkout::new();
    let out = co.update(&m.base_url(), &["--taken-at", "2026-07-01"]);
    assert!(matches!(code(&out), 0 | 1), "{}", text(&out));
    // The other 534 pages' Markdown twins are not served (the JSON twins
    // and their index are): said once, not a failure or a warning each. The global keys
    // page is not served either, a failure of its own (its Markdown is the
    // keys' one source).
    let log = text(&out);
    assert!(
        log.contains(
            "note: 534 twins not served (absent); their pages stand on their other renderings"
        ),
        "{log}"
    );
    assert!(
        log.contains("reference_policies_condition-keys.md: HTTP 404"),
        "{log}"
    );
    assert!(!log.contains("list_amazons3.md"), "{log}");
    let report = co.report();
    assert!(report.contains("## Sources"), "{report}");
    assert!(
        report.contains(
            "read from markdown-2026; witnesses html, service-reference-json; operations from service-reference-json: 1 service (chime)"
        ),
        "{report}"
    );
    assert!(
        report.contains("Fallbacks: a twin stands for a page (1):")
            // The page's own evidence refuses the broken HTML (issue 11).
            && report.contains("- chime: the HTML cannot be read")
            && report.contains("the page names 315 actions that its tables did not yield"),
        "{report}"
    );
    // Chime's actions are all there: nothing removed.
    assert!(!report.contains("Removed actions"), "{report}");
    let chime: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(co.root().join("snapshots/services/chime.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(chime["actions"].as_array().unwrap().len(), 316);
}

/// Acceptance 3 (b): neither the HTML nor its Markdown twin can be read:
/// exit 2, the report names the page.
#[test]
fn no_readable_rendering_of_a_page_stops_the_update_naming_it() {
    let Some(m) = mirror("2026-07-01", |pages| {
        pages.insert(
            CHIME.into(),
            b"<html><body><p>nothing</p></body></html>".to_vec(),
        );
        pages.insert("list_amazonchime.md".into(), b"# Nothing here\n".to_vec());
    }) else {
        return;
    };
    let co = Checkout::new();
    let before = co.state();
    let out = co.update(&m.base_url(), &["--taken-at", "2026-07-01"]);
    assert_eq!(
        (code(&out), super::changed(&before, &co.state())),
        (2, Vec::new()),
        "{}",
        text(&out)
    );
    let report = co.report();
    for said in [
        "# aws-iam-catalog update: rejected",
        "list_amazonchime.html",
        "list_amazonchime.md",
    ] {
        assert!(report.contains(said), "{report}");
    }
}
