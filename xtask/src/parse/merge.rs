//! Joins the pages that share a service prefix into one [`Service`].
//!
//! Several pages document one prefix (`aws-marketplace` has eleven, and old
//! and new pages of a renamed service often both stay online). The merged
//! service lists every page it came from. An action, resource type or
//! condition key on two pages is kept once when both say the same. When they
//! differ the merge loses nothing that IAM would honour: list fields
//! (resource types, condition keys, dependent actions, ARN templates) are
//! united, because a policy may use any of them; text fields (description,
//! access level, key type) are taken from the primary page, the one with the
//! most actions. Every disagreement is reported, grouped per pair of pages.
//! (The peers of this project silently kept whichever page they read last.)

use std::collections::BTreeMap;

use crate::model::{
    Action, ConditionKey, Prefix, ResourceType, Service, ServiceLinks, push_unique,
};

use super::ServicePage;

/// The services, and what the merge had to report.
#[derive(Debug, Default)]
pub struct Merged {
    /// One per prefix, sorted by prefix, each canonicalised.
    pub services: Vec<Service>,
    /// Disagreements between pages, one line per pair of pages.
    pub warnings: Vec<String>,
}

/// Disagreements between two pages of one prefix.
#[derive(Default)]
struct Disagreement {
    /// Field name → how many items differ in it.
    fields: BTreeMap<&'static str, usize>,
    /// The items that differ, in the order met.
    items: Vec<String>,
}

/// Merges pages by prefix.
pub fn merge(pages: Vec<ServicePage>) -> Merged {
    let mut by_prefix: BTreeMap<Prefix, Vec<ServicePage>> = BTreeMap::new();
    for page in pages {
        by_prefix.entry(page.prefix.clone()).or_default().push(page);
    }
    let mut merged = Merged::default();
    for (prefix, mut pages) in by_prefix {
        // Primary page first: most actions, then slug order, so the result
        // does not depend on the order the pages were read in.
        pages.sort_by(|a, b| {
            b.actions
                .len()
                .cmp(&a.actions.len())
                .then_with(|| a.page.slug.cmp(&b.page.slug))
        });
        let mut service = Service {
            prefix: prefix.clone(),
            name: pages[0].page.name.clone(),
            pages: Vec::new(),
            links: ServiceLinks::default(),
            notices: Vec::new(),
            actions: Vec::new(),
            resource_types: Vec::new(),
            condition_keys: Vec::new(),
            operations: Vec::new(),
            docs: Vec::new(),
            managed_policy_changes: Vec::new(),
            features: Vec::new(),
            managed_policies: Vec::new(),
            renderings: Default::default(),
        };
        let mut merger = Merger::default();
        for page in pages {
            let slug = page.page.slug.clone();
            fill_links(&mut service.links, &page.links);
            service.pages.push(page.page);
            for action in page.actions {
                merger.action(&mut service.actions, &slug, action);
            }
            for r in page.resource_types {
                merger.resource_type(&mut service.resource_types, &slug, r);
            }
            for key in page.condition_keys {
                merger.key(&mut service.condition_keys, &slug, key);
            }
            service.operations.extend(page.operations);
        }
        merged.warnings.extend(merger.report(&prefix));
        service.canonicalize();
        merged.services.push(service);
    }
    merged
}

fn fill_links(into: &mut ServiceLinks, from: &ServiceLinks) {
    for (slot, value) in [
        (&mut into.guide, &from.guide),
        (&mut into.api_reference, &from.api_reference),
        (&mut into.iam_guide, &from.iam_guide),
        (&mut into.service_reference, &from.service_reference),
    ] {
        if slot.is_none() {
            slot.clone_from(value);
        }
    }
}

/// Tracks which page each item came from and what disagreed.
#[derive(Default)]
struct Merger {
    /// Lowercased item key → the page it was first read from.
    first_page: BTreeMap<(char, String), String>,
    /// (first page, later page) → what they disagree on.
    disagreements: BTreeMap<(String, String), Disagreement>,
}

impl Merger {
    /// Returns the page an item was first seen on, recording it if new.
    fn seen(&mut self, kind: char, key: &str, slug: &str) -> Option<String> {
        let key = (kind, key.to_ascii_lowercase());
        match self.first_page.get(&key) {
            Some(first) => Some(first.clone()),
            None => {
                self.first_page.insert(key, slug.to_string());
                None
            }
        }
    }

    fn disagree(&mut self, first: String, slug: &str, item: String, fields: &[&'static str]) {
        if fields.is_empty() {
            return;
        }
        let d = self
            .disagreements
            .entry((first, slug.to_string()))
            .or_default();
        for f in fields {
            *d.fields.entry(f).or_default() += 1;
        }
        d.items.push(item);
    }

    fn action(&mut self, actions: &mut Vec<Action>, slug: &str, action: Action) {
        // IAM action names are case-insensitive: two spellings are one action.
        let Some(first) = self.seen('a', action.name.as_str(), slug) else {
            actions.push(action);
            return;
        };
        let existing = actions
            .iter_mut()
            .find(|a| a.name.as_str().eq_ignore_ascii_case(action.name.as_str()))
            .expect("recorded when pushed");
        let fields = action_differences(existing, &action);
        self.disagree(first, slug, existing.name.to_string(), &fields);
        existing.absorb_lists(action);
    }

    fn resource_type(&mut self, list: &mut Vec<ResourceType>, slug: &str, r: ResourceType) {
        let Some(first) = self.seen('r', r.name.as_str(), slug) else {
            list.push(r);
            return;
        };
        let x = list
            .iter_mut()
            .find(|x| x.name.as_str().eq_ignore_ascii_case(r.name.as_str()))
            .expect("recorded when pushed");
        let mut fields = Vec::new();
        if sorted(&x.arn_templates) != sorted(&r.arn_templates) {
            fields.push("ARN templates");
        }
        if sorted(&x.condition_keys) != sorted(&r.condition_keys) {
            fields.push("resource condition keys");
        }
        self.disagree(first, slug, format!("resource type {}", x.name), &fields);
        // Lex V1 and V2 define `bot` with other ARN formats: one type, every
        // template.
        push_unique(&mut x.arn_templates, r.arn_templates);
        push_unique(&mut x.condition_keys, r.condition_keys);
        if x.doc_url.is_none() {
            x.doc_url = r.doc_url;
        }
    }

    fn key(&mut self, list: &mut Vec<ConditionKey>, slug: &str, key: ConditionKey) {
        let Some(first) = self.seen('k', key.name.as_str(), slug) else {
            list.push(key);
            return;
        };
        let existing = list
            .iter()
            .find(|k| k.name.as_str().eq_ignore_ascii_case(key.name.as_str()))
            .expect("recorded when pushed");
        let mut fields = Vec::new();
        if existing.key_type != key.key_type {
            fields.push("key type");
        }
        if existing.description != key.description {
            fields.push("key description");
        }
        self.disagree(first, slug, format!("key {}", key.name), &fields);
    }

    /// One line per pair of pages that disagree.
    fn report(self, prefix: &Prefix) -> Vec<String> {
        self.disagreements
            .into_iter()
            .map(|((first, later), d)| {
                let fields: Vec<String> = d.fields.iter().map(|(f, n)| format!("{f} {n}")).collect();
                let shown: Vec<&str> = d.items.iter().take(5).map(String::as_str).collect();
                let more = d.items.len().saturating_sub(shown.len());
                format!(
                    "{prefix}: pages {first} and {later} disagree on {} items ({}); kept the text of {first}, \
                     united the lists: {}{}",
                    d.items.len(),
                    fields.join(", "),
                    shown.join(", "),
                    if more > 0 { format!(" and {more} more") } else { String::new() }
                )
            })
            .collect()
    }
}

fn sorted<T: Ord + Clone>(v: &[T]) -> Vec<T> {
    let mut v = v.to_vec();
    v.sort();
    v
}

/// The fields in which two readings of an action differ (the doc link aside,
/// which legitimately differs between pages).
fn action_differences(a: &Action, b: &Action) -> Vec<&'static str> {
    let (mut a, mut b) = (a.clone(), b.clone());
    a.canonicalize();
    b.canonicalize();
    [
        ("name case", a.name != b.name),
        ("description", a.description != b.description),
        ("access level", a.access_level != b.access_level),
        ("permission-only", a.permission_only != b.permission_only),
        ("resource types", a.resource_types != b.resource_types),
        ("condition keys", a.condition_keys != b.condition_keys),
        (
            "dependent actions",
            a.dependent_actions != b.dependent_actions,
        ),
        ("scenarios", a.scenarios != b.scenarios),
    ]
    .into_iter()
    .filter_map(|(field, differs)| differs.then_some(field))
    .collect()
}
