//! Resource types, their ARN templates, and condition keys.

use core::fmt;

use crate::generated::tables::{CONDITION_KEYS, KEY_LISTS, RESOURCE_TYPES, STR_LISTS};
use crate::{ConditionKeyType, Deprecation, Service};

/// A resource type of a service (`chime` `meeting`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceType(pub(crate) u16);

/// A condition key a service supports (`s3:prefix`, `aws:ResourceTag/${TagKey}`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConditionKey(pub(crate) u16);

/// An ARN template such as `arn:${Partition}:s3:::${BucketName}`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArnTemplate(&'static str);

impl ResourceType {
    fn row(self) -> &'static crate::table::ResourceTypeRow {
        &RESOURCE_TYPES[self.0 as usize]
    }

    /// The service that defines it.
    pub fn service(self) -> Service {
        Service(self.row().service)
    }

    /// Its name (`meeting`, `bucket`).
    pub fn name(self) -> &'static str {
        self.row().name.get()
    }

    /// Its ARN templates (several when the docs give several formats;
    /// none for a type the docs use without defining it).
    pub fn arn_templates(self) -> impl Iterator<Item = ArnTemplate> {
        STR_LISTS[self.row().arns.range()]
            .iter()
            .map(|s| ArnTemplate(s.get()))
    }

    /// Condition keys that apply to the resource.
    pub fn condition_keys(self) -> impl Iterator<Item = ConditionKey> {
        KEY_LISTS[self.row().keys.range()]
            .iter()
            .map(|&k| ConditionKey(k))
    }

    /// `Some` for a resource type removed from the docs (kept one release), or of a
    /// service that is deprecated or reaches end of support.
    pub fn deprecation(self) -> Option<Deprecation> {
        crate::table::removal(self.row().flags, self.row().removed_on)
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ResourceType({} {})",
            self.service().prefix(),
            self.name()
        )
    }
}

impl ConditionKey {
    fn row(self) -> &'static crate::table::ConditionKeyRow {
        &CONDITION_KEYS[self.0 as usize]
    }

    /// The service whose table lists it.
    pub fn service(self) -> Service {
        Service(self.row().service)
    }

    /// Its name (`aws:ResourceTag/${TagKey}`).
    pub fn name(self) -> &'static str {
        self.row().name.get()
    }

    /// What it filters by.
    pub fn description(self) -> &'static str {
        self.row().description.get()
    }

    /// The type of its values; `None` for a key the docs use without
    /// defining it.
    pub fn key_type(self) -> Option<ConditionKeyType> {
        let t = self.row().key_type;
        (t > 0).then(|| ConditionKeyType::ALL[t as usize - 1])
    }

    /// `Some` for a key removed from the docs (kept one release), or of a
    /// service that is deprecated or reaches end of support.
    pub fn deprecation(self) -> Option<Deprecation> {
        crate::table::removal(self.row().flags, self.row().removed_on)
    }
}

impl fmt::Debug for ConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ConditionKey({} {})",
            self.service().prefix(),
            self.name()
        )
    }
}

impl fmt::Display for ConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A placeholder of a template that was given no value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MissingPlaceholder(pub String);

impl fmt::Display for MissingPlaceholder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no value for the placeholder ${{{}}}", self.0)
    }
}

impl std::error::Error for MissingPlaceholder {}

/// A piece of a template: literal text or a `${Name}` placeholder.
enum Piece<'a> {
    Literal(&'a str),
    Placeholder(&'a str),
}

fn pieces(template: &str) -> impl Iterator<Item = Piece<'_>> {
    let mut rest = template;
    core::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if let Some(after) = rest.strip_prefix("${")
            && let Some(end) = after.find('}')
        {
            rest = &after[end + 1..];
            return Some(Piece::Placeholder(&after[..end]));
        }
        let end = rest[1..].find("${").map_or(rest.len(), |i| i + 1);
        let (lit, tail) = rest.split_at(end);
        rest = tail;
        Some(Piece::Literal(lit))
    })
}

impl ArnTemplate {
    /// The template as the docs write it.
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// Its placeholders, in order (`Partition`, `Region`, ...).
    pub fn placeholders(self) -> impl Iterator<Item = &'static str> {
        pieces(self.0).filter_map(|p| match p {
            Piece::Placeholder(name) => Some(name),
            Piece::Literal(_) => None,
        })
    }

    /// Fills every placeholder from `value(name)`.
    ///
    /// ```
    /// use aws_iam_catalog::Service;
    /// let bucket = Service::lookup("s3").unwrap().resource_type("bucket").unwrap();
    /// let template = bucket.arn_templates().next().unwrap();
    /// let arn = template
    ///     .fill(|p| match p {
    ///         "Partition" => Some("aws"),
    ///         "BucketName" => Some("my-bucket"),
    ///         _ => None,
    ///     })
    ///     .unwrap();
    /// assert_eq!(arn, "arn:aws:s3:::my-bucket");
    /// assert!(template.matches(&arn));
    /// ```
    pub fn fill<'v>(
        self,
        mut value: impl FnMut(&str) -> Option<&'v str>,
    ) -> Result<String, MissingPlaceholder> {
        let mut out = String::with_capacity(self.0.len());
        for piece in pieces(self.0) {
            match piece {
                Piece::Literal(l) => out.push_str(l),
                Piece::Placeholder(name) => {
                    out.push_str(value(name).ok_or_else(|| MissingPlaceholder(name.to_string()))?)
                }
            }
        }
        Ok(out)
    }

    /// True when `arn` has the template's shape: literals as written, each
    /// placeholder at least one character. A placeholder does not span a
    /// `:` unless no `:` follows it in the template (a resource path may
    /// hold colons; a region may not).
    pub fn matches(self, arn: &str) -> bool {
        let parts: Vec<Piece<'_>> = pieces(self.0).collect();
        fn go(parts: &[Piece<'_>], arn: &str) -> bool {
            match parts.split_first() {
                None => arn.is_empty(),
                Some((Piece::Literal(l), rest)) => arn.strip_prefix(l).is_some_and(|a| go(rest, a)),
                Some((Piece::Placeholder(_), rest)) => {
                    let colon_after = rest
                        .iter()
                        .any(|p| matches!(p, Piece::Literal(l) if l.contains(':')));
                    (1..=arn.len())
                        .filter(|&n| arn.is_char_boundary(n))
                        .any(|n| {
                            let (value, tail) = arn.split_at(n);
                            !(colon_after && value.contains(':')) && go(rest, tail)
                        })
                }
            }
        }
        go(&parts, arn)
    }
}

impl fmt::Display for ArnTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Debug for ArnTemplate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ArnTemplate({:?})", self.0)
    }
}
