//! Resource types, their ARN templates, and condition keys.

use core::fmt;
use core::str::FromStr;

use crate::generated::tables::{CONDITION_KEYS, KEY_LISTS, RESOURCE_TYPES, STR_LISTS};
use crate::suggest::UnknownName;
use crate::{ConditionKeyType, Deprecation, Service};

/// A resource type of a service (`chime` `meeting`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceType(pub(crate) u16);

/// A condition key a service supports (`s3:prefix`, `aws:ResourceTag/${TagKey}`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConditionKey(pub(crate) u16);

/// An ARN template such as `arn:${Partition}:s3:::${BucketName}`.
///
/// How [`matches`](ArnTemplate::matches) and
/// [`matches_pattern`](ArnTemplate::matches_pattern) read a template:
///
/// - A placeholder stands for one or more characters, never a `:` (a `:`
///   of the template is a separator; a region or account holds none).
/// - A placeholder that is the whole region or account segment
///   (`${Region}`, `${Account}`) may be empty too: AWS-owned resources
///   have ARNs without an account (`arn:aws:ssm:us-east-1::document/AWS-RunShellScript`).
/// - In the resource part (after the fifth `:`), a placeholder holds no
///   `/` when a `/` follows it in the template (`${BucketName}/…`) or when
///   it is the whole resource part (`arn:…:s3:::${BucketName}` is a bucket,
///   never an object). A trailing placeholder after literal text
///   (`log-group:${LogGroupName}`, `…/${ObjectName}`,
///   `role/${RoleNameWithPath}`) holds a path with `/`, and a placeholder
///   whose name says `Path` always may.
/// - A `*` the template writes (`arn:${Partition}:${Vendor}:${Region}:*:…`
///   in AWS Backup, `…/api/*`) stands for any run of characters but `:`.
/// - Literals compare exactly, as IAM compares ARNs.
///
/// So the AWS Backup `recoveryPoint` template,
/// `arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}`,
/// fits an ARN of any service (`${Vendor}` is any one segment) with any
/// account, an empty one included, whose resource part is `type:id` with
/// no further `:` (`arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3`);
/// an EC2 image (`…::image/ami-1`) or an RDS snapshot
/// (`…:snapshot:awsbackup:job-1`) does not fit it.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ArnTemplate(&'static str);

impl ResourceType {
    fn row(self) -> crate::table::ResourceTypeRow {
        RESOURCE_TYPES.get(self.0 as usize)
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
        STR_LISTS
            .run(self.row().arns.range())
            .map(|s| ArnTemplate(s.get()))
    }

    /// Condition keys that apply to the resource.
    pub fn condition_keys(self) -> impl Iterator<Item = ConditionKey> {
        KEY_LISTS.run(self.row().keys.range()).map(ConditionKey)
    }

    /// `Some` for a resource type removed from the docs (kept deprecated until a major release drops it), or of a
    /// service that is deprecated or reaches end of support.
    pub fn deprecation(self) -> Option<Deprecation> {
        crate::table::removal(self.row().flags, self.row().removed_on)
    }
}

impl fmt::Display for ResourceType {
    /// `s3:bucket`: the service prefix and the name.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.service().prefix(), self.name())
    }
}

impl fmt::Debug for ResourceType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ResourceType({self})")
    }
}

impl FromStr for ResourceType {
    type Err = UnknownName;
    /// `s3:bucket`, ignoring case.
    fn from_str(s: &str) -> Result<ResourceType, UnknownName> {
        let (prefix, name) = s.split_once(':').unwrap_or(("", s));
        let Some(service) = Service::lookup(prefix) else {
            let near = crate::suggest::nearest(prefix, Service::all().map(Service::prefix));
            return Err(UnknownName::new(
                "resource type (prefix:name)",
                s,
                near.map(|p| format!("{p}:{name}")),
            ));
        };
        service.resource_type(name).ok_or_else(|| {
            let near =
                crate::suggest::nearest(name, service.resource_types().map(ResourceType::name));
            UnknownName::new("resource type", s, near.map(|n| format!("{prefix}:{n}")))
        })
    }
}

impl ConditionKey {
    fn row(self) -> crate::table::ConditionKeyRow {
        CONDITION_KEYS.get(self.0 as usize)
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

    /// `Some` for a key removed from the docs (kept deprecated until a major release drops it), or of a
    /// service that is deprecated or reaches end of support.
    pub fn deprecation(self) -> Option<Deprecation> {
        crate::table::removal(self.row().flags, self.row().removed_on)
    }
}

impl fmt::Debug for ConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "ConditionKey({} of {})",
            self.name(),
            self.service().prefix()
        )
    }
}

impl FromStr for ConditionKey {
    type Err = UnknownName;
    /// [`ConditionKey::find`]: any service's key, ignoring case, reading
    /// placeholders. A name several services list (`aws:TagKeys`) gives
    /// the row of its own service, else the first by prefix: parsing a
    /// key's `Display` gives a key of that name, not always that row.
    fn from_str(s: &str) -> Result<ConditionKey, UnknownName> {
        ConditionKey::find(s).ok_or_else(|| {
            let service = s.split_once(':').and_then(|(p, _)| Service::lookup(p));
            let near = service.and_then(|svc| {
                crate::suggest::nearest(s, svc.condition_keys().map(ConditionKey::name))
            });
            UnknownName::new("condition key", s, near.map(str::to_string))
        })
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

    /// True when `arn` fits the template, segment by segment: a
    /// placeholder never spans a `:`, and in the resource part it follows
    /// the template's own separators (see [`ArnTemplate`] for the rules).
    ///
    /// ```
    /// use aws_iam_catalog::Service;
    /// let bucket = Service::S3.resource_type("bucket").unwrap();
    /// let bucket = bucket.arn_templates().next().unwrap();
    /// assert!(bucket.matches("arn:aws:s3:::my-bucket"));
    /// assert!(!bucket.matches("arn:aws:s3:::my-bucket/an/object"));
    /// ```
    pub fn matches(self, arn: &str) -> bool {
        crate::arn::template_matches(self.0, arn)
    }

    /// True when a policy's ARN pattern, with IAM's `*` and `?`, can
    /// match an ARN of this template: `arn:aws:ec2:*:*:instance/*` fits
    /// the EC2 `instance` template, `arn:aws:s3:::b/*` fits `object` but
    /// not `bucket`.
    ///
    /// ```
    /// use aws_iam_catalog::Service;
    /// let object = Service::S3.resource_type("object").unwrap();
    /// let object = object.arn_templates().next().unwrap();
    /// assert!(object.matches_pattern("arn:aws:s3:::my-bucket/*"));
    /// assert!(!object.matches_pattern("arn:aws:s3:::my-bucket"));
    /// ```
    pub fn matches_pattern(self, pattern: &str) -> bool {
        crate::arn::template_meets_pattern(self.0, pattern)
    }
}

impl crate::arn::ArnPattern {
    /// True when some ARN fits both the template and the pattern
    /// ([`ArnTemplate::matches_pattern`] without reading the pattern again).
    pub fn fits(&self, template: ArnTemplate) -> bool {
        self.fits_template(template.0)
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
