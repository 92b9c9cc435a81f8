//! Services: one per IAM prefix.

use core::fmt;
use core::str::FromStr;

use crate::generated::tables::{NOTICES, SERVICE_HASH, SERVICES};
use crate::table::{ActionRow, REMOVED, ServiceRow, cmp_ignore_case, probe};
use crate::{Action, ConditionKey, Date, Deprecation, NoticeKind, ResourceType};

/// An AWS service, named by its IAM prefix (`chime`, `s3`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Service(pub(crate) u16);

/// A notice from a service's own docs: end of support, deprecation,
/// closed to new customers.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Notice(pub(crate) u16);

impl Service {
    fn row(self) -> crate::table::ServiceRow {
        SERVICES.get(self.0 as usize)
    }

    /// Every service of the catalog, by prefix (tombstones left out).
    pub fn all() -> impl Iterator<Item = Service> {
        (0..SERVICES.len() as u16)
            .map(Service)
            .filter(|s| s.row().flags & REMOVED == 0)
    }

    /// The service of a prefix, ignoring case; tombstones of removed
    /// services are found too (see [`Service::deprecation`]).
    pub fn lookup(prefix: &str) -> Option<Service> {
        let prefix = prefix.as_bytes();
        probe(&SERVICE_HASH, prefix, |i| {
            Service(i as u16).has_prefix(prefix)
        })
        .map(|i| Service(i as u16))
    }

    /// True when its prefix is `prefix`, ignoring case (reads the prefix
    /// field alone: the name index's probes compare it).
    pub(crate) fn has_prefix(self, prefix: &[u8]) -> bool {
        SERVICES
            .str_field(self.0 as usize, &ServiceRow::PREFIX_AT)
            .bytes()
            .eq_ignore_ascii_case(prefix)
    }

    /// The IAM prefix, as in `chime:CreateMeeting`.
    pub fn prefix(self) -> &'static str {
        self.row().prefix.get()
    }

    /// The service's name ("Amazon Chime").
    pub fn name(self) -> &'static str {
        self.row().name.get()
    }

    /// Its actions, sorted by name (tombstones left out).
    pub fn actions(self) -> impl Iterator<Item = Action> {
        self.row()
            .actions
            .range()
            .map(|i| Action(i as u16))
            .filter(|a| !a.is_removed())
    }

    /// One of its actions, by name, ignoring case.
    pub fn action(self, name: &str) -> Option<Action> {
        let range = self.row().actions.range();
        crate::generated::tables::ACTIONS
            .search_str(range, &ActionRow::NAME_AT, |n| {
                cmp_ignore_case(n, name.as_bytes())
            })
            .ok()
            .map(|i| Action(i as u16))
    }

    /// Its resource types, sorted by name.
    pub fn resource_types(self) -> impl Iterator<Item = ResourceType> {
        self.row()
            .resource_types
            .range()
            .map(|i| ResourceType(i as u16))
    }

    /// One of its resource types, by name, ignoring case as every lookup
    /// of the crate does (`Bucket` is `bucket`).
    pub fn resource_type(self, name: &str) -> Option<ResourceType> {
        self.resource_types()
            .find(|r| r.name().eq_ignore_ascii_case(name))
    }

    /// The resource types whose ARN templates an ARN, or a policy's ARN
    /// pattern with `*` and `?`, fits (see [`ArnTemplate`](crate::ArnTemplate)
    /// for how templates are read).
    ///
    /// ```
    /// use aws_iam_catalog::Service;
    /// let fits: Vec<&str> = Service::S3
    ///     .resource_types_for_arn("arn:aws:s3:::my-bucket/photos/cat.jpg")
    ///     .map(|r| r.name())
    ///     .collect();
    /// assert_eq!(fits, ["object"]);
    /// let ec2: Vec<&str> = Service::EC2
    ///     .resource_types_for_arn("arn:aws:ec2:*:*:instance/*")
    ///     .map(|r| r.name())
    ///     .collect();
    /// assert_eq!(ec2, ["instance"]);
    /// ```
    pub fn resource_types_for_arn(
        self,
        arn_or_pattern: &str,
    ) -> impl Iterator<Item = ResourceType> {
        let pattern = crate::arn::ArnPattern::new(arn_or_pattern);
        self.resource_types()
            .filter(move |r| r.arn_templates().any(|t| pattern.fits(t)))
    }

    /// Its condition keys, sorted by name (global `aws:` keys it supports
    /// included).
    pub fn condition_keys(self) -> impl Iterator<Item = ConditionKey> {
        self.row()
            .condition_keys
            .range()
            .map(|i| ConditionKey(i as u16))
    }

    /// One of its condition keys, by name, ignoring case (IAM does).
    pub fn condition_key(self, name: &str) -> Option<ConditionKey> {
        self.condition_keys()
            .find(|k| k.name().eq_ignore_ascii_case(name))
    }

    /// Notices of its docs (end of support, deprecation, availability).
    pub fn notices(self) -> impl Iterator<Item = Notice> {
        self.row().notices.range().map(|i| Notice(i as u16))
    }

    /// When AWS ends support for the service, when its docs say so.
    ///
    /// ```
    /// use aws_iam_catalog::Service;
    /// # #[allow(deprecated)]
    /// let chime = Service::CHIME;
    /// assert_eq!(chime.end_of_support().map(|d| d.to_string()).as_deref(), Some("2026-02-20"));
    /// ```
    pub fn end_of_support(self) -> Option<Date> {
        self.notices()
            .find(|n| n.kind() == NoticeKind::EndOfSupport)
            .and_then(|n| n.date())
    }

    /// Why the service is deprecated: removed from the reference (a
    /// tombstone, kept until a major release drops it), or an end-of-support or deprecation
    /// notice in its docs.
    pub fn deprecation(self) -> Option<Deprecation> {
        crate::table::removal(self.row().flags, self.row().removed_on).or_else(|| {
            let notice = self
                .notices()
                .find(|n| matches!(n.kind(), NoticeKind::EndOfSupport | NoticeKind::Deprecation))?;
            Some(match notice.kind() {
                NoticeKind::EndOfSupport => Deprecation::EndOfSupport { notice },
                _ => Deprecation::Deprecated { notice },
            })
        })
    }
}

impl Notice {
    fn row(self) -> crate::table::NoticeRow {
        NOTICES.get(self.0 as usize)
    }

    /// What it announces.
    pub fn kind(self) -> NoticeKind {
        NoticeKind::ALL[self.row().kind as usize]
    }

    /// The effective date, when the notice gives one.
    pub fn date(self) -> Option<Date> {
        self.row().date.opt().and_then(Date::parse_iso)
    }

    /// The notice as the docs write it.
    pub fn text(self) -> &'static str {
        self.row().text.get()
    }

    /// The page it is on.
    pub fn url(self) -> &'static str {
        self.row().url.get()
    }
}

impl Notice {
    /// The service whose docs carry it.
    pub fn service(self) -> Service {
        let i = (0..SERVICES.len())
            .position(|s| SERVICES.get(s).notices.range().contains(&(self.0 as usize)))
            .unwrap_or(0);
        Service(i as u16)
    }
}

impl fmt::Display for Notice {
    /// `chime end-of-support 2026-02-20`: the service, the kind and the
    /// date when the notice gives one (the text is [`Notice::text`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.service().prefix(), self.kind())?;
        if let Some(d) = self.date() {
            write!(f, " {d}")?;
        }
        Ok(())
    }
}

impl FromStr for Notice {
    type Err = crate::UnknownName;
    /// What `Display` writes: `prefix kind [date]`, the date optional.
    fn from_str(s: &str) -> Result<Notice, crate::UnknownName> {
        let mut words = s.split(' ');
        let service = words.next().and_then(Service::lookup);
        let kind = words.next().and_then(|k| k.parse::<NoticeKind>().ok());
        let date = words.next().map(Date::parse_iso);
        let found = match (service, kind, words.next()) {
            (Some(service), Some(kind), None) => service
                .notices()
                .find(|n| n.kind() == kind && date.is_none_or(|d| d.is_some() && n.date() == d)),
            _ => None,
        };
        found.ok_or_else(|| {
            let near = service
                .and_then(|svc| svc.notices().next())
                .map(|n| n.to_string());
            crate::UnknownName::new("notice (prefix kind [date])", s, near)
        })
    }
}

impl fmt::Debug for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Notice")
            .field("kind", &self.kind())
            .field("date", &self.date())
            .field("url", &self.url())
            .finish()
    }
}

/// A prefix the catalog does not know.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownService(pub String);

impl UnknownService {
    /// The known prefix nearest to the one given, when one is near
    /// (`s4` → `s3`).
    pub fn suggestion(&self) -> Option<&'static str> {
        crate::suggest::nearest(&self.0, Service::all().map(Service::prefix))
    }
}

impl fmt::Display for UnknownService {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "no service has the prefix {:?}", self.0)?;
        if let Some(s) = self.suggestion() {
            write!(f, " (did you mean {s:?}?)")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownService {}

impl FromStr for Service {
    type Err = UnknownService;
    fn from_str(s: &str) -> Result<Service, UnknownService> {
        Service::lookup(s).ok_or_else(|| UnknownService(s.to_string()))
    }
}

impl fmt::Display for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.prefix())
    }
}

impl fmt::Debug for Service {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Service({})", self.prefix())
    }
}
