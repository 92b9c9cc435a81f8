//! Condition keys as IAM means them: every key an action takes and where
//! it comes from, names with placeholders in each of AWS's spellings, and
//! any key found by its full name.

use crate::generated::tables::{CONDITION_KEYS, KEY_INDEX};
use crate::table::{cmp_ignore_case, starts_with_ignore_case};
use crate::{Action, ConditionKey, ResourceType};

/// Where an action's condition key comes from.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeySource {
    /// The action's own row of the Actions table.
    Action,
    /// The row of the Actions table that scopes the action to this
    /// resource type.
    ResourceRow(ResourceType),
    /// The Resource types table: a key of the resource type itself.
    ResourceType(ResourceType),
}

impl core::fmt::Debug for KeySource {
    /// `ResourceType(s3:object)`: the variant and the type's name once.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            KeySource::Action => f.write_str("Action"),
            KeySource::ResourceRow(r) => write!(f, "ResourceRow({r})"),
            KeySource::ResourceType(r) => write!(f, "ResourceType({r})"),
        }
    }
}

/// A condition key usable with an action, and where the docs say so.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SupportedKey {
    pub(crate) key: ConditionKey,
    pub(crate) source: KeySource,
}

impl SupportedKey {
    /// The key.
    pub fn key(self) -> ConditionKey {
        self.key
    }

    /// Where it comes from.
    pub fn source(self) -> KeySource {
        self.source
    }
}

/// The placeholder that ends a key name, in AWS's spellings: `${TagKey}`,
/// `<key>`, `tag-key` (service pages) and `*tag-key*` (the IAM User
/// Guide's italics), after a `/` (`aws:ResourceTag/${TagKey}`) or after a
/// `:` other than the prefix's (`kms:EncryptionContext:${EncryptionContextKey}`).
/// Returns the name up to and with the separator before it.
pub(crate) fn placeholder_head(name: &str) -> Option<&str> {
    let prefix_colon = name.find(':')?;
    let sep = name.rfind(['/', ':']).filter(|&i| i > prefix_colon)?;
    let tail = &name[sep + 1..];
    let placeholder = (tail.starts_with("${") && tail.ends_with('}'))
        || (tail.len() > 2 && tail.starts_with('<') && tail.ends_with('>'))
        || (tail.len() > 2 && tail.starts_with('*') && tail.ends_with('*'))
        || tail.eq_ignore_ascii_case("tag-key");
    placeholder.then(|| &name[..=sep])
}

/// True when the key `template` (as the docs name it) covers `name` (as a
/// policy writes it): the same name ignoring case, or the same text before
/// a final placeholder and at least one character for it (any: a tag key
/// may hold `/`, an encryption context key `:`).
/// `aws:ResourceTag/Project` fits `aws:ResourceTag/${TagKey}`, and so does
/// `aws:resourcetag/<key>`; `kms:EncryptionContext:aws:s3:arn` fits
/// `kms:EncryptionContext:${EncryptionContextKey}`.
///
/// A `${…}` inside the last segment
/// (`codebuild:secondarySources/${sourceIdentifier}.location`) stands for
/// at least one character between the text before it and the text after.
pub(crate) fn key_fits(template: &str, name: &str) -> bool {
    if template.eq_ignore_ascii_case(name) {
        return true;
    }
    let starts = |head: &str| starts_with_ignore_case(name.as_bytes(), head.as_bytes());
    if let Some(head) = placeholder_head(template) {
        return name.len() > head.len() && starts(head);
    }
    let Some((head, tail)) = inner_placeholder(template) else {
        return false;
    };
    name.len() > head.len() + tail.len()
        && starts(head)
        && name.as_bytes()[name.len() - tail.len()..].eq_ignore_ascii_case(tail.as_bytes())
}

/// The text before and after a `${…}` that does not end the name (after
/// the prefix's `:`, one placeholder only).
fn inner_placeholder(template: &str) -> Option<(&str, &str)> {
    let prefix_colon = template.find(':')?;
    let start = prefix_colon + template[prefix_colon..].find("${")?;
    let end = start + template[start..].find('}')?;
    let tail = &template[end + 1..];
    (!tail.is_empty() && !tail.contains("${")).then(|| (&template[..start], tail))
}

/// Longer than any condition key name AWS documents (74 characters in the
/// 2026-07-01 reference; a test holds it for every key): a policy's key
/// name has its placeholder's value after this many bytes at the latest, so
/// [`ConditionKey::find`] looks for the key's head in this many only.
pub(crate) const MAX_KEY_NAME: usize = 256;

impl Action {
    /// Every condition key the docs list for the action, with its source:
    /// the action's own keys, the keys of each of its resource type rows,
    /// and the keys of those resource types. IAM honours all three;
    /// a key can come from several (it is listed once per source).
    /// Global keys (`aws:SourceIp`, …) are not listed unless a page lists
    /// them for the action: [`Action::supports_condition_key`] takes them.
    ///
    /// ```
    /// use aws_iam_catalog::{s3, KeySource};
    /// let from_resource_types = s3::GET_OBJECT
    ///     .condition_keys_all()
    ///     .filter(|k| matches!(k.source(), KeySource::ResourceType(_)))
    ///     .count();
    /// assert!(s3::GET_OBJECT.condition_keys_all().count() >= from_resource_types);
    /// ```
    pub fn condition_keys_all(self) -> impl Iterator<Item = SupportedKey> {
        let own = self.condition_keys().map(|key| SupportedKey {
            key,
            source: KeySource::Action,
        });
        let rows = self.resource_types().flat_map(|r| {
            let rt = r.resource_type();
            r.condition_keys()
                .map(move |key| SupportedKey {
                    key,
                    source: KeySource::ResourceRow(rt),
                })
                .chain(rt.condition_keys().map(move |key| SupportedKey {
                    key,
                    source: KeySource::ResourceType(rt),
                }))
        });
        own.chain(rows)
    }

    /// True when a policy may use the condition key `name` with this action,
    /// ignoring case and reading placeholders in every spelling AWS uses
    /// (`aws:ResourceTag/Project` fits `aws:ResourceTag/${TagKey}`,
    /// `s3:ExistingObjectTag/team` fits `s3:ExistingObjectTag/<key>`):
    ///
    /// - a key of one of the sources of [`Action::condition_keys_all`];
    /// - a global key ([`GlobalConditionKey`](crate::GlobalConditionKey),
    ///   `aws:SourceIp`), which any request may carry, except the tag keys
    ///   (`aws:ResourceTag/${TagKey}`, `aws:RequestTag/${TagKey}`,
    ///   `aws:TagKeys`, see [`GlobalConditionKey::depends_on_action`](crate::GlobalConditionKey::depends_on_action)):
    ///   those only where the service pages list them, since a resource
    ///   without tags has no `aws:ResourceTag`.
    ///
    /// ```
    /// use aws_iam_catalog::s3;
    /// assert!(s3::GET_OBJECT.supports_condition_key("s3:ExistingObjectTag/SageMaker"));
    /// assert!(s3::GET_OBJECT.supports_condition_key("S3:SIGNATUREVERSION"));
    /// // From the `object` resource type's own keys.
    /// assert!(s3::GET_OBJECT.supports_condition_key("aws:ResourceTag/Project"));
    /// assert!(s3::GET_OBJECT.supports_condition_key("s3:BucketTag/team"));
    /// // Global.
    /// assert!(s3::GET_OBJECT.supports_condition_key("aws:SourceIp"));
    /// assert!(!s3::GET_OBJECT.supports_condition_key("s3:NoSuchKey"));
    /// // Listed action by action, and not for this one.
    /// assert!(!s3::LIST_ALL_MY_BUCKETS.supports_condition_key("aws:ResourceTag/Project"));
    /// ```
    pub fn supports_condition_key(self, name: &str) -> bool {
        self.condition_keys_all()
            .any(|k| key_fits(k.key.name(), name))
            || crate::GlobalConditionKey::lookup(name).is_some_and(|g| !g.depends_on_action())
    }
}

impl ConditionKey {
    /// Any service's key by its full name, ignoring case, whichever service
    /// defines it (`catalog:ChangeType` is `aws-marketplace`'s), reading
    /// placeholders (`aws:ResourceTag/Project` finds
    /// `aws:ResourceTag/${TagKey}`). A key several services list is found
    /// as the service of its prefix defines it, else the first by prefix.
    ///
    /// ```
    /// use aws_iam_catalog::ConditionKey;
    /// let k = ConditionKey::find("catalog:changetype").unwrap();
    /// assert_eq!(k.service().prefix(), "aws-marketplace");
    /// assert_eq!(ConditionKey::find("s3:ExistingObjectTag/team").unwrap().name(), "s3:ExistingObjectTag/<key>");
    /// ```
    pub fn find(name: &str) -> Option<ConditionKey> {
        let by_name = |row: &u16| CONDITION_KEYS.get(*row as usize).name.bytes();
        let all = 0..KEY_INDEX.len();
        if let Ok(i) = KEY_INDEX.search(all.clone(), |r| {
            cmp_ignore_case(by_name(r), name.as_bytes())
        }) {
            return Some(ConditionKey(KEY_INDEX.get(i)));
        }
        // A placeholder key: the names that start like `name` up to one of
        // its `/`, or one of its `:` after the prefix's (a tag key may hold
        // `/` itself, an encryption context key `:`).
        let bytes = name.as_bytes();
        let prefix_colon = name.find(':')?;
        (prefix_colon + 1..bytes.len().min(MAX_KEY_NAME))
            .rev()
            .filter(|&i| matches!(bytes[i], b'/' | b':'))
            .find_map(|slash| {
                let head = &bytes[..=slash];
                let start = KEY_INDEX
                    .partition_point(all.clone(), |r| cmp_ignore_case(by_name(r), head).is_lt());
                KEY_INDEX
                    .run(start..all.end)
                    .take_while(|r| starts_with_ignore_case(by_name(r), head))
                    .find(|r| key_fits(CONDITION_KEYS.get(*r as usize).name.get(), name))
                    .map(ConditionKey)
            })
    }

    /// True when the key takes several values (its type is `ArrayOf…`): a
    /// policy compares it with `ForAnyValue:`/`ForAllValues:`.
    pub fn multivalued(self) -> bool {
        self.key_type().is_some_and(|t| t.multivalued())
    }

    /// True when `name`, as a policy writes it, is this key: the same name
    /// ignoring case, or a value for its placeholder.
    pub fn fits(self, name: &str) -> bool {
        key_fits(self.name(), name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_in_every_spelling() {
        assert!(key_fits(
            "aws:ResourceTag/${TagKey}",
            "aws:ResourceTag/Project"
        ));
        assert!(key_fits(
            "aws:ResourceTag/${TagKey}",
            "AWS:resourcetag/Project"
        ));
        assert!(key_fits(
            "s3:ExistingObjectTag/<key>",
            "s3:ExistingObjectTag/SageMaker"
        ));
        assert!(key_fits("ssm:resourceTag/tag-key", "ssm:ResourceTag/env"));
        assert!(key_fits(
            "aws:PrincipalTag/*tag-key*",
            "aws:PrincipalTag/team/a"
        ));
        assert!(!key_fits("aws:ResourceTag/${TagKey}", "aws:ResourceTag/"));
        assert!(!key_fits("aws:ResourceTag/${TagKey}", "aws:RequestTag/x"));
        // After a `:` too, the value holding `:` itself; not after the
        // prefix's own `:`.
        assert!(key_fits(
            "kms:EncryptionContext:${EncryptionContextKey}",
            "kms:EncryptionContext:aws:s3:arn"
        ));
        assert!(!key_fits(
            "kms:EncryptionContext:${EncryptionContextKey}",
            "kms:EncryptionContext:"
        ));
        assert!(!key_fits("x:tag-key", "x:anything"));
        // A placeholder inside the last segment.
        let inner = "codebuild:secondarySources/${sourceIdentifier}.location";
        assert!(key_fits(inner, "codebuild:secondarySources/src1.location"));
        assert!(key_fits(inner, "CODEBUILD:secondarysources/a.b.LOCATION"));
        assert!(!key_fits(inner, "codebuild:secondarySources/.location"));
        assert!(!key_fits(
            inner,
            "codebuild:secondarySources/src1.buildspec"
        ));
        assert!(!key_fits(inner, "codebuild:secondarySources/src1"));
        // A literal last segment is no placeholder.
        assert!(!key_fits("ec2:Add/group", "ec2:Add/other"));
        assert!(key_fits("ec2:Add/group", "ec2:add/GROUP"));
    }
}
