//! Scraped text never acts in the report, and no page's text is too long
//! for the daily job (issue 20, points 4 and 5; acceptance 2 and 3): the
//! real 2026-07-01 pages on a mirror, one Chime description made hostile
//! and 100 kB long, one Budgets description 1 MB long.

use test_support::hostile::{HOSTILE, assert_inert};

use super::{Checkout, code, json_twins, mirror, text};

/// `text` as HTML text (what a page holds for it).
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Replaces the first description starting "Grants permission to" of
/// `page` (its whole line: the pages are prettified) with `text`.
fn replace_first_description(page: &mut Vec<u8>, text: &str) {
    let html = String::from_utf8(page.clone()).unwrap();
    let at = html.find("Grants permission to").unwrap();
    let end = at + html[at..].find('\n').unwrap();
    *page = format!("{}{}{}", &html[..at], html_text(text), &html[end..]).into_bytes();
}

/// `n` bytes of words.
fn long(n: usize) -> String {
    let mut s = String::with_capacity(n + 16);
    while s.len() < n {
        s.push_str("lengthy words ");
    }
    s
}

#[test]
fn hostile_and_huge_descriptions_update_the_catalog_inert_and_cut_with_a_warning() {
    let big = format!("{} {}", HOSTILE.join(" "), long(100_000));
    let huge = long(1 << 20);
    let Some(m) = mirror("2026-07-01", |pages| {
        replace_first_description(pages.get_mut("list_amazonchime.html").unwrap(), &big);
        replace_first_description(pages.get_mut("list_awsbudgetservice.html").unwrap(), &huge);
        json_twins(pages, "2026-02-13");
    }) else {
        return;
    };
    let co = Checkout::new();
    let out = co.update(&m.base_url(), &["--taken-at", "2026-07-01"]);
    assert_eq!(code(&out), 1, "{}", text(&out));

    // The catalog holds the text, cut at the documented limit.
    let chime = std::fs::read_to_string(co.root().join("snapshots/services/chime.json")).unwrap();
    let chime: serde_json::Value = serde_json::from_str(&chime).unwrap();
    let cut: Vec<&str> = chime["actions"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["description"].as_str())
        .filter(|d| d.starts_with("Hostile @octocat"))
        .collect();
    assert_eq!(cut.len(), 1);
    assert!(cut[0].len() <= xtask::parse::limits::MAX_TEXT_BYTES);
    assert!(cut[0].ends_with(xtask::parse::limits::CUT_MARK));

    let body = co.report();
    assert!(body.chars().count() <= 65_536, "{}", body.len());
    // The hostile text is in the body, made inert.
    assert!(
        body.contains("Hostile @\u{200D}octocat"),
        "the hostile text is not shown"
    );
    assert_inert(&body);
    // Both cuts are warnings of the Data quality section, naming page and
    // item.
    let quality = &body[body
        .find("## Data quality")
        .expect("a Data quality section")..];
    assert!(
        quality.contains("**text-cut** (2)"),
        "{}",
        &quality[..500.min(quality.len())]
    );
    assert!(
        quality.contains(
            "list_amazonchime.html: \\[text-cut\\] chime: action AcceptDelegate, description:"
        ),
        "{}",
        &quality[..2000.min(quality.len())]
    );
    assert!(
        quality.contains("budgets: action "),
        "{}",
        &quality[..2000.min(quality.len())]
    );
    let changelog = std::fs::read_to_string(co.root().join("CHANGELOG.md")).unwrap();
    assert_inert(&changelog);
    eprintln!("{}", text(&out));
}
