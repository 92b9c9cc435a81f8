//! Attaches service docs pages to the services they document.
//!
//! A docs page belongs to a service when it sits in the same guide directory
//! as the page the Service Authorization Reference links as the service's
//! IAM docs ("Learn how to secure this service … using IAM"), or when the
//! committed override file (`xtask/service-docs-overrides.toml`) lists it for
//! the service. Pages are matched by path, so a mirror serves as the site.

use std::collections::BTreeMap;

use anyhow::{Context, Result};

use super::docs::DocPage;
use crate::model::Service;

/// Extra docs pages per prefix.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Prefix → absolute URLs.
    pub pages: BTreeMap<String, Vec<String>>,
}

const DEFAULT_OVERRIDES: &str = include_str!("../../service-docs-overrides.toml");

impl Overrides {
    /// Reads an override file.
    pub fn parse(text: &str) -> Result<Overrides> {
        let pages: BTreeMap<String, Vec<String>> =
            toml::from_str(text).context("the service docs override file")?;
        Ok(Overrides { pages })
    }

    /// The committed file, compiled in.
    pub fn load_default() -> Overrides {
        Overrides::parse(DEFAULT_OVERRIDES)
            .expect("the committed override file parses (a test checks it)")
    }
}

/// The path of a URL (`/chime/latest/ag/security-iam.html`).
pub fn path_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let path = rest.find('/').map_or("/", |i| &rest[i..]);
    path.split(['?', '#']).next().unwrap_or(path)
}

/// The guide directory of a URL (`/chime/latest/ag/`).
pub fn dir_of(url: &str) -> &str {
    let path = path_of(url);
    &path[..path.rfind('/').map_or(0, |i| i + 1)]
}

/// Which docs URLs belong to a service: those in the directory of its IAM
/// guide link, and the pages the override file lists for its prefix.
pub struct DocsScope<'a> {
    guide_dir: Option<&'a str>,
    extra: Vec<&'a str>,
}

impl<'a> DocsScope<'a> {
    /// The scope of `service`.
    pub fn of(service: &'a Service, overrides: &'a Overrides) -> DocsScope<'a> {
        DocsScope {
            guide_dir: service
                .links
                .iam_guide
                .as_deref()
                .map(dir_of)
                .filter(|d| d.len() > 1),
            extra: overrides
                .pages
                .get(service.prefix.as_str())
                .into_iter()
                .flatten()
                .map(|u| path_of(u))
                .collect(),
        }
    }

    /// True when `url` is one of the service's docs pages.
    pub fn covers(&self, url: &str) -> bool {
        self.guide_dir.is_some_and(|dir| dir_of(url) == dir) || self.extra.contains(&path_of(url))
    }
}

/// The docs pages of a service, by path.
pub fn docs_for<'d>(
    service: &Service,
    docs: &'d [DocPage],
    overrides: &Overrides,
) -> Vec<&'d DocPage> {
    let scope = DocsScope::of(service, overrides);
    let mut mine: Vec<&DocPage> = docs.iter().filter(|d| scope.covers(&d.url)).collect();
    // "How X works with IAM" first: a notice repeated on several pages is
    // credited to it.
    mine.sort_by_key(|d| (!d.url.contains("service-with-iam"), d.url.clone()));
    mine
}

/// Attaches every docs page to its services; returns warnings.
pub fn attach(services: &mut [Service], docs: &[DocPage], overrides: &Overrides) -> Vec<String> {
    let mut warnings = Vec::new();
    if docs.is_empty() {
        return warnings;
    }
    let mut used = vec![false; docs.len()];
    for service in services.iter_mut() {
        for doc in docs_for(service, docs, overrides) {
            if let Some(i) = docs.iter().position(|d| std::ptr::eq(d, doc)) {
                used[i] = true;
            }
            service.docs.push(doc.url.clone());
            for n in &doc.notices {
                if !service.notices.iter().any(|m| m.text == n.text) {
                    service.notices.push(n.clone());
                }
            }
            service
                .managed_policy_changes
                .extend(doc.changes.iter().cloned());
            service.features.extend(doc.features.iter().cloned());
            service
                .managed_policies
                .extend(doc.policies.iter().cloned());
        }
        service.canonicalize();
    }
    for (doc, used) in docs.iter().zip(used) {
        if !used {
            warnings.push(format!(
                "{}: a docs page of no service in this snapshot; not attached",
                doc.url
            ));
        }
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_directories() {
        assert_eq!(
            path_of("https://docs.aws.amazon.com/chime/latest/ag/security-iam.html#x"),
            "/chime/latest/ag/security-iam.html"
        );
        assert_eq!(
            dir_of("http://127.0.0.1:9000/chime/latest/ag/security-iam.html"),
            "/chime/latest/ag/"
        );
        assert_eq!(dir_of("list_chime.md"), "/");
    }

    #[test]
    fn the_committed_overrides_parse() {
        let o = Overrides::load_default();
        assert!(
            o.pages["chime"]
                .iter()
                .all(|u| u.starts_with("https://docs.aws.amazon.com/"))
        );
    }
}
