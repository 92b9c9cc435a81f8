//! A page proves what it holds: before a parse is accepted it is checked
//! against what the page itself says, read from its raw text and not from
//! the tree the tables came from, so that a stray tag that ends a table early
//! (or drops a section) cannot make a smaller service look like a good one.
//!
//! The evidence, for every layout in the corpus:
//! - per-action anchors: `id="<slug>-<Action>"` between the page's
//!   `<slug>-actions-as-permissions` and `<slug>-resources-for-iam-policies`
//!   anchors (2019–June 2026 HTML), and `list_<slug>-action-<Action>` anchors
//!   and in-page links (July 2026 HTML and Markdown);
//! - the page's own topic list: each section it lists must have been read;
//! - the operations table's IAM actions of the page's own prefix.
//!
//! And its identity: the slug its own anchors use (`id="list_<slug>"`,
//! `<slug>-actions-as-permissions`) and its canonical link must fit the name
//! it was served under, and its `h1` must name the service its intro names.

use std::collections::BTreeSet;

use super::text::collapse;
use super::{PageDoc, Problem, ServicePage};

/// What the raw page says about itself.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Evidence {
    /// The slug the page's own anchors use (`amazonchime`, `chime`), if any.
    pub anchor_slug: Option<String>,
    /// Action names its anchors and in-page action links name.
    pub actions: BTreeSet<String>,
    /// The section headings its topic list names.
    pub topics: Vec<String>,
    /// Distinct resource type anchors (`<slug>-<type>`, old scheme); their
    /// names are mangled (`bot alias`), so only their number is evidence.
    pub resource_anchors: usize,
    /// Distinct condition key anchors (`<slug>-aws_RequestTag___TagKey_`).
    pub key_anchors: usize,
}

/// How the page identifies itself, for the checks here and for the table of
/// contents comparison of the update.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct PageIdentity {
    /// The slug of the name it was served under (file or URL).
    pub served_slug: Option<String>,
    /// The slug of its canonical link (`<link rel="canonical">`, `source_url`).
    pub canonical_slug: Option<String>,
    /// The slug its own anchors use.
    pub anchor_slug: Option<String>,
    /// The service name its `h1` gives ("… condition keys for X").
    pub title_name: Option<String>,
    /// The service name its intro gives ("X (service prefix: x)").
    pub intro_name: Option<String>,
}

/// Section anchors of the old scheme that are not actions.
const SECTION_SUFFIXES: [&str; 5] = [
    "actions-as-permissions",
    "resources-for-iam-policies",
    "policy-keys",
    "permission-only-actions",
    "operations",
];

fn is_action_like(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// The values of every `id="…"` and `name="…"` attribute, in page order.
fn anchors(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    // memchr's vectorised search: `str::find`'s two-way search over every
    // page twice was a twentieth of the parse.
    for attr in ["id=\"", "name=\""] {
        let finder = memchr::memmem::Finder::new(attr);
        let mut rest = text;
        let mut base = 0;
        while let Some(at) = finder.find(rest.as_bytes()) {
            let start = at + attr.len();
            let Some(len) = memchr::memchr(b'"', &rest.as_bytes()[start..]) else {
                break;
            };
            // Only a whole attribute name: `data-id="` is not an anchor.
            let before = rest[..at].chars().next_back();
            if before.is_none_or(|c| c.is_whitespace()) {
                out.push((base + start, &rest[start..start + len]));
            }
            base += start + len;
            rest = &rest[start + len..];
        }
    }
    out.sort_by_key(|(at, _)| *at);
    out.into_iter().map(|(_, v)| v).collect()
}

/// Which section's anchors are being read.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Region {
    None,
    Actions,
    Resources,
    Keys,
}

/// Reads the evidence from the raw page text (HTML or Markdown).
pub fn read(text: &str) -> Evidence {
    let ids = anchors(text);
    let mut ev = Evidence {
        topics: topics(text),
        ..Evidence::default()
    };
    let slug = ids
        .iter()
        .find_map(|id| id.strip_suffix("-actions-as-permissions"))
        .filter(|s| !s.is_empty());
    let Some(slug) = slug else {
        return ev;
    };
    ev.anchor_slug = Some(slug.strip_prefix("list_").unwrap_or(slug).to_string());
    if slug.starts_with("list_") {
        // July 2026: `list_<slug>-action-<Action>`, `…-resource-<type>` and
        // `…-<mangled key>` anchors and in-page links.
        let own = format!("{slug}-");
        let mut resources = BTreeSet::new();
        let mut keys = BTreeSet::new();
        let mut rest = text;
        while let Some(at) = rest.find(&own) {
            let before = rest[..at].chars().next_back();
            rest = &rest[at + own.len()..];
            if !matches!(before, Some('#' | '"')) {
                continue;
            }
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || "-_.$".contains(c)))
                .unwrap_or(rest.len());
            let anchor = &rest[..end];
            if let Some(action) = anchor.strip_prefix("action-") {
                if is_action_like(action) {
                    ev.actions.insert(action.to_string());
                }
            } else if let Some(resource) = anchor.strip_prefix("resource-") {
                resources.insert(resource);
            } else if !anchor.is_empty() && !SECTION_SUFFIXES.contains(&anchor) {
                keys.insert(anchor);
            }
        }
        ev.resource_anchors = resources.len();
        ev.key_anchors = keys.len();
    } else {
        let own = format!("{slug}-");
        let mut region = Region::None;
        let mut resources = BTreeSet::new();
        let mut keys = BTreeSet::new();
        for id in ids {
            let Some(suffix) = id.strip_prefix(&own) else {
                continue;
            };
            match suffix {
                "actions-as-permissions" | "permission-only-actions" => region = Region::Actions,
                "resources-for-iam-policies" => region = Region::Resources,
                "policy-keys" => region = Region::Keys,
                "operations" => region = Region::None,
                _ if SECTION_SUFFIXES.contains(&suffix) => {}
                _ => match region {
                    Region::Actions if is_action_like(suffix) => {
                        ev.actions.insert(suffix.to_string());
                    }
                    Region::Resources => {
                        resources.insert(suffix);
                    }
                    Region::Keys => {
                        keys.insert(suffix);
                    }
                    _ => {}
                },
            }
        }
        ev.resource_anchors = resources.len();
        ev.key_anchors = keys.len();
    }
    ev
}

/// The headings the page's "Topics" list names (HTML `inline-topiclist`,
/// Markdown `**Topics**`), whitespace-collapsed.
fn topics(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(at) = text.find("id=\"inline-topiclist\"") {
        let list = &text[at..];
        let list = &list[..list.find("</ul>").unwrap_or(list.len())];
        let mut rest = list;
        while let Some(a) = rest.find("<a href=\"#") {
            rest = &rest[a..];
            let Some(open_end) = rest.find('>') else {
                break;
            };
            let Some(close) = rest.find("</a>") else {
                break;
            };
            if close > open_end {
                out.push(collapse(&strip_tags(&rest[open_end + 1..close])));
            }
            rest = &rest[close.max(open_end)..];
        }
    } else if let Some(at) = text.find("**Topics**") {
        for line in text[at + "**Topics**".len()..].lines().skip(1) {
            let Some(item) = line.trim().strip_prefix("+ [") else {
                break;
            };
            if let Some(end) = item.find("](#") {
                out.push(collapse(&item[..end]));
            }
        }
    }
    out
}

fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The page's identity as read.
pub fn identity(served_slug: Option<&str>, doc: &PageDoc, ev: &Evidence) -> PageIdentity {
    PageIdentity {
        served_slug: served_slug.map(str::to_string),
        canonical_slug: doc
            .canonical_url
            .as_deref()
            .and_then(super::source::slug_of)
            .map(str::to_string),
        anchor_slug: ev.anchor_slug.clone(),
        title_name: doc.title.as_deref().and_then(title_name),
        intro_name: doc
            .intro
            .as_deref()
            .and_then(|i| i.split_once("(service prefix"))
            .map(|(n, _)| collapse(n))
            .filter(|n| !n.is_empty()),
    }
}

/// The prefix a table of contents entry names in parentheses ("Amazon Chime
/// (chime)" since July 2026), when it does: the listing's word on which
/// service the page must hold (the update's identity gate and `--only`).
pub fn listed_prefix(link_text: &str) -> Option<&str> {
    let (_, rest) = link_text.rsplit_once('(')?;
    let p = rest.strip_suffix(')')?.trim();
    (!p.is_empty() && !p.contains(' ')).then_some(p)
}

/// "Actions, resources, and condition keys for Amazon Chime" gives
/// "Amazon Chime".
pub fn title_name(title: &str) -> Option<String> {
    let at = title.to_lowercase().rfind("condition keys for ")? + "condition keys for ".len();
    Some(collapse(&title[at..]))
}

/// Names compare without case, whitespace or punctuation differences
/// (prettify and the Markdown rendering write them slightly differently).
fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    key(a) == key(b)
}

/// Checks the page's identity: its own anchors and canonical link name the
/// page it was served as, and its title the service its intro names.
pub fn check_identity(id: &PageIdentity) -> Result<(), Problem> {
    let mismatch = |what: &str, found: &str, expected: &str| {
        Err(Problem::Identity(format!(
            "{what} says {found:?} but the page was served as {expected:?}"
        )))
    };
    if let Some(served) = &id.served_slug {
        if let Some(anchor) = &id.anchor_slug
            && anchor != served
        {
            return mismatch("its own anchors' slug", anchor, served);
        }
        if let Some(canonical) = &id.canonical_slug
            && canonical != served
        {
            return mismatch("its canonical link", canonical, served);
        }
    }
    if let (Some(title), Some(intro)) = (&id.title_name, &id.intro_name)
        && !same_name(title, intro)
    {
        return Err(Problem::Identity(format!(
            "its title names {title:?} but its intro names {intro:?}"
        )));
    }
    Ok(())
}

/// Checks the parse against the evidence: every action the page names is in
/// it, and every section its topic list names was read.
pub fn check_contents(
    page: &ServicePage,
    ev: &Evidence,
    headings: &[String],
) -> Result<(), Problem> {
    let parsed: BTreeSet<&str> = page.actions.iter().map(|a| a.name.as_str()).collect();
    let mut missing: BTreeSet<&str> = ev
        .actions
        .iter()
        .map(String::as_str)
        .filter(|a| !parsed.contains(a))
        .collect();
    for op in &page.operations {
        for a in &op.actions {
            if a.action.prefix() == page.prefix.as_str() && !parsed.contains(a.action.action()) {
                missing.insert(a.action.action());
            }
        }
    }
    if !missing.is_empty() {
        let total = missing.len();
        let list: Vec<&str> = missing.into_iter().take(10).collect();
        return Err(Problem::MissingActions {
            count: total,
            names: format!(
                "{}{}",
                list.join(", "),
                if total > 10 {
                    format!(" and {} more", total - 10)
                } else {
                    String::new()
                }
            ),
        });
    }
    for (what, anchors, parsed) in [
        (
            "resource types",
            ev.resource_anchors,
            page.resource_types.len(),
        ),
        ("condition keys", ev.key_anchors, page.condition_keys.len()),
    ] {
        if anchors > parsed {
            return Err(Problem::MissingItems {
                what,
                anchors,
                parsed,
            });
        }
    }
    for topic in &ev.topics {
        if !headings.iter().any(|h| same_name(h, topic)) {
            return Err(Problem::MissingTopic(topic.clone()));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn old_anchors_between_the_section_anchors_are_actions() {
        let ev = read(
            r#"<div id="list_amazonchime"><h2 id="amazonchime-actions-as-permissions">A</h2>
            <td id="amazonchime-CreateMeeting" rowspan="2"></td><td data-id="amazonchime-Fake"></td>
            <h2 id="amazonchime-resources-for-iam-policies">R</h2><td id="amazonchime-meeting"></td>"#,
        );
        assert_eq!(ev.anchor_slug.as_deref(), Some("amazonchime"));
        assert_eq!(ev.actions.iter().collect::<Vec<_>>(), ["CreateMeeting"]);
    }

    #[test]
    fn new_anchors_and_links_are_actions() {
        let ev = read(
            "**Topics**\n+ [Actions defined by X](#list_chime-actions-as-permissions)\n\n\
             <a name=\"list_chime-actions-as-permissions\"></a>\n\
             [chime:A](#list_chime-action-A) [s3:B](list_s3.html#list_s3-action-B) list_chime-action-C",
        );
        assert_eq!(ev.anchor_slug.as_deref(), Some("chime"));
        assert_eq!(ev.actions.iter().collect::<Vec<_>>(), ["A"]);
        assert_eq!(ev.topics, ["Actions defined by X"]);
    }

    #[test]
    fn identity_mismatches_are_named() {
        let id = PageIdentity {
            served_slug: Some("amazonchime".into()),
            anchor_slug: Some("amazons3".into()),
            ..PageIdentity::default()
        };
        let err = check_identity(&id).unwrap_err().to_string();
        assert!(
            err.contains("\"amazons3\"") && err.contains("\"amazonchime\""),
            "{err}"
        );
        let id = PageIdentity {
            title_name: Some("Amazon S3".into()),
            intro_name: Some("Amazon Chime".into()),
            ..PageIdentity::default()
        };
        assert!(check_identity(&id).is_err());
    }
}
