//! Finding a service's own docs pages from the links the reference already
//! carries: the page linked as "secure this service … using IAM" (the IAM
//! landing page of the service's guide), then the pages of the same guide it
//! links about IAM, managed policies and policy examples, then the pages the
//! override file lists. A page that cannot be fetched is a warning for that
//! service, never a failed run.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::Service;
use crate::parse::attach::{Overrides, dir_of, path_of};

use super::Origin;

/// File names (without `.html`) of a guide's IAM pages worth reading.
const PATTERNS: &[&str] = &[
    "service-with-iam",
    "awsmanpol",
    "managed-polic",
    "id-based-policy-examples",
    "security-iam",
    "security_iam",
];

/// True for a link from an IAM landing page to a page worth reading: same
/// guide directory, a name about IAM or managed policies.
pub fn worth_reading(landing: &str, link: &str) -> bool {
    let name = path_of(link).rsplit('/').next().unwrap_or_default();
    dir_of(link) == dir_of(landing)
        && name.ends_with(".html")
        && PATTERNS.iter().any(|p| name.contains(p))
        && !name.contains("troubleshoot")
}

/// `url` on this run's origin (the site or the mirror), when it is a page
/// of the allowed hosts.
pub fn on_origin(origin: &Origin, url: &str) -> Option<String> {
    let parsed = reqwest::Url::parse(url).ok()?;
    let host = parsed.host_str()?;
    if !super::client::ALLOWED_HOSTS.contains(&host) && !origin.allows(&parsed) {
        return None;
    }
    origin.url(path_of(url)).ok().map(|u| u.to_string())
}

/// The landing pages and override pages of every service, by URL on the
/// origin, with the prefixes that asked for each; and a warning per service
/// whose link cannot be followed.
pub fn first_pages(
    services: &[Service],
    overrides: &Overrides,
    origin: &Origin,
) -> (BTreeMap<String, BTreeSet<String>>, Vec<String>) {
    let mut pages: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut warnings = Vec::new();
    for s in services {
        let mut wanted: Vec<&str> = s.links.iam_guide.as_deref().into_iter().collect();
        wanted.extend(
            overrides
                .pages
                .get(s.prefix.as_str())
                .into_iter()
                .flatten()
                .map(String::as_str),
        );
        if wanted.is_empty() {
            warnings.push(format!(
                "{}: the reference links no IAM docs page; no notices or changelog read",
                s.prefix
            ));
        }
        for url in wanted {
            match on_origin(origin, url) {
                Some(u) => {
                    pages.entry(u).or_default().insert(s.prefix.to_string());
                }
                None => warnings.push(format!(
                    "{}: docs link {url} is outside the allow-list; not fetched",
                    s.prefix
                )),
            }
        }
    }
    (pages, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_iam_pages_of_the_same_guide() {
        let landing = "https://docs.aws.amazon.com/chime/latest/ag/security-iam.html";
        assert!(worth_reading(
            landing,
            "https://docs.aws.amazon.com/chime/latest/ag/security_iam_service-with-iam.html"
        ));
        assert!(worth_reading(
            landing,
            "https://docs.aws.amazon.com/chime/latest/ag/security-iam-awsmanpol.html"
        ));
        assert!(!worth_reading(
            landing,
            "https://docs.aws.amazon.com/chime/latest/ag/security_iam_troubleshoot.html"
        ));
        assert!(!worth_reading(
            landing,
            "https://docs.aws.amazon.com/IAM/latest/UserGuide/security-iam.html"
        ));
        assert!(!worth_reading(
            landing,
            "https://docs.aws.amazon.com/chime/latest/ag/what-is-chime.html"
        ));
    }

    #[test]
    fn links_move_onto_the_mirror() {
        let mirror = Origin::new("http://127.0.0.1:9000").unwrap();
        assert_eq!(
            on_origin(
                &mirror,
                "https://docs.aws.amazon.com/chime/latest/ag/security-iam.html"
            )
            .as_deref(),
            Some("http://127.0.0.1:9000/chime/latest/ag/security-iam.html")
        );
        assert_eq!(on_origin(&mirror, "https://evil.example/x.html"), None);
    }
}
