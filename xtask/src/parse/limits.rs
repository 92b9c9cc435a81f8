//! The longest text the catalog keeps in one field, and the cut that keeps
//! every page within it.
//!
//! The generated crate stores each string as a start and a 2-byte length,
//! so a string over 65,535 bytes cannot be generated at all: one page with
//! one such description would stop the daily job every day until someone
//! edited code. The real pages' longest description is a few hundred bytes,
//! so text over [`MAX_TEXT_BYTES`] is a page gone wrong, not data: it is cut
//! there (at a character boundary, marked with [`CUT_MARK`]) when the page
//! is read, with a warning naming the page and the item, which the report's
//! "Data quality" section shows. Cutting at reading keeps every later stage
//! (merge, diff, snapshot, codegen) on text that fits, and makes the HTML
//! and Markdown renderings of one page cut alike.

use super::ServicePage;
use super::docs::DocPage;
use super::warning::{Warning, WarningClass};

/// Longest text kept in one field, in bytes (UTF-8): 16 KiB, far above any
/// real description and far below the generated tables' 65,535.
pub const MAX_TEXT_BYTES: usize = 16 * 1024;

/// Appended to a text that was cut.
pub const CUT_MARK: &str = " [cut]";

/// Cuts `text` to [`MAX_TEXT_BYTES`] (at the last character boundary
/// before it) and marks it; returns its length before, when it was cut.
pub fn cut(text: &mut String) -> Option<usize> {
    let len = text.len();
    if len <= MAX_TEXT_BYTES {
        return None;
    }
    let mut at = MAX_TEXT_BYTES - CUT_MARK.len();
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    text.truncate(at);
    text.push_str(CUT_MARK);
    Some(len)
}

/// The message of a cut.
fn said(what: &str, before: usize) -> String {
    format!(
        "{what}: {before} bytes of text, cut to the catalog's limit of {MAX_TEXT_BYTES} bytes (marked \"{}\")",
        CUT_MARK.trim()
    )
}

/// Cuts every text field of a service page read from `source`, one
/// warning per field cut.
pub fn service_page(page: &mut ServicePage, source: &str) {
    let prefix = page.prefix.to_string();
    let mut warnings = Vec::new();
    let mut check = |text: &mut String, what: String| {
        if let Some(before) = cut(text) {
            warnings.push(Warning::page(
                source,
                WarningClass::TextCut,
                said(&format!("{prefix}: {what}"), before),
            ));
        }
    };
    check(&mut page.page.name, "the service name".into());
    for a in &mut page.actions {
        let name = a.name.to_string();
        check(&mut a.description, format!("action {name}, description"));
        check(
            &mut a.access_level.raw,
            format!("action {name}, access level"),
        );
        if let Some(url) = &mut a.doc_url {
            check(url, format!("action {name}, doc link"));
        }
    }
    for r in &mut page.resource_types {
        let name = r.name.to_string();
        for t in &mut r.arn_templates {
            check(t, format!("resource type {name}, ARN template"));
        }
        if let Some(url) = &mut r.doc_url {
            check(url, format!("resource type {name}, doc link"));
        }
    }
    for k in &mut page.condition_keys {
        let name = k.name.to_string();
        check(
            &mut k.description,
            format!("condition key {name}, description"),
        );
        check(&mut k.key_type, format!("condition key {name}, type"));
    }
    for o in &mut page.operations {
        let name = o.name.clone();
        check(&mut o.name, format!("operation {name}, name"));
        for c in &mut o.sdk_clients {
            check(c, format!("operation {name}, SDK client"));
        }
        for a in &mut o.actions {
            for v in &mut a.possible_values {
                check(v, format!("operation {name}, possible value"));
            }
            check(
                &mut a.access_level,
                format!("operation {name}, access level"),
            );
        }
    }
    page.warnings.extend(warnings);
}

/// Cuts every text field of a page of a service's docs, one warning per
/// field cut (a docs page's warnings are lines).
pub fn doc_page(doc: &mut DocPage) {
    let url = doc.url.clone();
    let mut warnings = Vec::new();
    let mut check = |text: &mut String, what: &str| {
        if let Some(before) = cut(text) {
            warnings.push(format!("{url}: {}", said(what, before)));
        }
    };
    check(&mut doc.title, "the title");
    for n in &mut doc.notices {
        check(&mut n.text, "a notice");
    }
    for c in &mut doc.changes {
        check(&mut c.change, "a managed-policy change");
        check(&mut c.description, "a managed-policy change's description");
        check(&mut c.date_text, "a managed-policy change's date");
        for p in &mut c.policies {
            check(p, "a managed-policy change's policy name");
        }
    }
    for f in &mut doc.features {
        check(&mut f.name, "an IAM feature");
        check(&mut f.support, "an IAM feature's support");
    }
    doc.warnings.extend(warnings);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_over_the_limit_is_cut_at_a_character_boundary_and_marked() {
        let mut short = "a".repeat(MAX_TEXT_BYTES);
        assert_eq!(cut(&mut short), None);
        assert_eq!(short.len(), MAX_TEXT_BYTES);
        // Three-byte characters: the limit falls inside one.
        let mut long = "€".repeat(MAX_TEXT_BYTES);
        assert_eq!(cut(&mut long), Some(3 * MAX_TEXT_BYTES));
        assert!(long.len() <= MAX_TEXT_BYTES, "{}", long.len());
        assert!(long.ends_with(CUT_MARK));
        assert!(long.len() > MAX_TEXT_BYTES - CUT_MARK.len() - 3);
    }
}
