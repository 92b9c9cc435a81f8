//! Finds availability notices in a block of text: end of support,
//! deprecation, "no longer available to new customers".
//!
//! The detector looks at wording, not at markup: the same notice comes as a
//! banner div, a paragraph, an alert box, with a bold "End of support notice"
//! label or without. It fires only on phrases that announce a retirement;
//! a page that says a service "supports" something, or points to "AWS
//! Support", does not match.

use super::dates::find_date;

/// What a notice announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    /// The service stops being supported.
    EndOfSupport,
    /// The service or a part of it is deprecated.
    Deprecation,
    /// Closed to new customers.
    Availability,
}

impl NoticeKind {
    /// As stored: `end-of-support`, `deprecation`, `availability`.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::EndOfSupport => "end-of-support",
            NoticeKind::Deprecation => "deprecation",
            NoticeKind::Availability => "availability",
        }
    }
}

/// Phrases that announce each kind (lowercase, matched in lowercased text).
const PHRASES: &[(NoticeKind, &str)] = &[
    (NoticeKind::EndOfSupport, "end of support notice"),
    (NoticeKind::EndOfSupport, "will end support for"),
    (NoticeKind::EndOfSupport, "will reach end of support"),
    (NoticeKind::EndOfSupport, "reached end of support"),
    (NoticeKind::EndOfSupport, "reaches end of support"),
    (NoticeKind::EndOfSupport, "end-of-support"),
    (NoticeKind::EndOfSupport, "will no longer be supported"),
    (NoticeKind::EndOfSupport, "will be discontinued"),
    (NoticeKind::EndOfSupport, "is being discontinued"),
    (
        NoticeKind::Availability,
        "no longer available to new customers",
    ),
    (NoticeKind::Availability, "no longer open to new customers"),
    (NoticeKind::Availability, "not available to new customers"),
    (NoticeKind::Deprecation, "deprecation notice"),
    (NoticeKind::Deprecation, "has been deprecated"),
    (NoticeKind::Deprecation, "is deprecated"),
    (NoticeKind::Deprecation, "will be deprecated"),
];

/// A notice found in a text block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    /// What it announces.
    pub kind: NoticeKind,
    /// The effective date, ISO, when the text gives one.
    pub date: Option<String>,
    /// The service as the text names it ("Amazon Chime").
    pub service: Option<String>,
}

/// Classifies a block of text as a notice, or not.
pub fn detect(text: &str) -> Option<Found> {
    let lower = text.to_lowercase();
    let (kind, at) = PHRASES
        .iter()
        .filter_map(|(k, p)| lower.find(p).map(|at| (*k, at)))
        .min_by_key(|(_, at)| *at)?;
    Some(Found {
        kind,
        date: find_date(text),
        service: service_named(text, &lower, at),
    })
}

/// "…end support for the Amazon Chime service." gives "Amazon Chime".
fn service_named(text: &str, lower: &str, from: usize) -> Option<String> {
    let at = lower[from..].find(" for ").map(|i| from + i + 5)?;
    let rest = &text[at..];
    let rest = rest.strip_prefix("the ").unwrap_or(rest);
    let end = rest.find(['.', ',', ';', '\n']).unwrap_or(rest.len());
    let name = rest[..end].trim();
    let name = name.strip_suffix(" service").unwrap_or(name).trim();
    (!name.is_empty() && name.len() < 80 && name.chars().next().is_some_and(char::is_uppercase))
        .then(|| name.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chime_banner_with_or_without_its_label() {
        let text = "End of support notice: On February 20, 2026, AWS will end support for the Amazon Chime service. \
                    After February 20, 2026, you will no longer be able to access the Amazon Chime console.";
        let n = detect(text).unwrap();
        assert_eq!(n.kind, NoticeKind::EndOfSupport);
        assert_eq!(n.date.as_deref(), Some("2026-02-20"));
        assert_eq!(n.service.as_deref(), Some("Amazon Chime"));
        let unlabelled =
            detect("On February 20, 2026, AWS will end support for the Amazon Chime service.")
                .unwrap();
        assert_eq!(unlabelled.service.as_deref(), Some("Amazon Chime"));
    }

    #[test]
    fn availability_and_deprecation() {
        let n = detect("Amazon Foo is no longer available to new customers. Existing customers can continue to use it.").unwrap();
        assert_eq!((n.kind, n.date), (NoticeKind::Availability, None));
        let n = detect("The v1 API has been deprecated as of 2024-12-18.").unwrap();
        assert_eq!(
            (n.kind, n.date.as_deref()),
            (NoticeKind::Deprecation, Some("2024-12-18"))
        );
    }

    #[test]
    fn mentions_of_support_are_not_notices() {
        for text in [
            "Amazon Chime supports specific actions, resources, and condition keys.",
            "If you need help with the Amazon Chime desktop client, see Getting support in the Amazon Chime User Guide.",
            "Services occasionally add additional permissions to an AWS managed policy to support new features.",
            "Contact AWS Support to raise the quota.",
            "This does not impact the availability of the Amazon Chime SDK service.",
        ] {
            assert_eq!(detect(text), None, "{text}");
        }
    }
}
