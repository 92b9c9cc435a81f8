//! The global condition keys of the IAM User Guide ("AWS global condition
//! context keys"): keys any request context may hold, whatever the
//! service (`aws:SourceIp`, `aws:PrincipalOrgID`, and a few services' keys
//! available across services such as `ec2:SourceInstanceArn`).

use core::fmt;
use core::str::FromStr;

use crate::ConditionKeyType;
use crate::condition::key_fits;
use crate::generated::tables::GLOBAL_KEYS;
use crate::suggest::UnknownName;
use crate::table::{GlobalKeyRow, cmp_ignore_case, starts_with_ignore_case};

/// A global condition key.
///
/// ```
/// use aws_iam_catalog::{ConditionKeyType, GlobalConditionKey};
/// let ip = GlobalConditionKey::lookup("aws:sourceip").unwrap();
/// assert_eq!(ip.name(), "aws:SourceIp");
/// assert_eq!(ip.key_type(), ConditionKeyType::IpAddress);
/// assert!(!ip.multivalued());
/// let tag = GlobalConditionKey::lookup("aws:PrincipalTag/team").unwrap();
/// assert_eq!(tag.name(), "aws:PrincipalTag/${TagKey}");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GlobalConditionKey(pub(crate) u16);

impl GlobalConditionKey {
    fn row(self) -> crate::table::GlobalKeyRow {
        GLOBAL_KEYS.get(self.0 as usize)
    }

    /// Every global key, by name ignoring case.
    pub fn all() -> impl Iterator<Item = GlobalConditionKey> {
        (0..GLOBAL_KEYS.len() as u16).map(GlobalConditionKey)
    }

    /// The key a policy names, ignoring case and reading placeholders
    /// (`aws:RequestTag/env` is `aws:RequestTag/${TagKey}`).
    pub fn lookup(name: &str) -> Option<GlobalConditionKey> {
        // The rows are sorted by name ignoring case (the generator's
        // order): an exact name is a binary search; only a value for a
        // placeholder (`aws:RequestTag/env`) looks further.
        GLOBAL_KEYS
            .search_str(0..GLOBAL_KEYS.len(), &GlobalKeyRow::NAME_AT, |n| {
                cmp_ignore_case(n, name.as_bytes())
            })
            .ok()
            .map(|i| GlobalConditionKey(i as u16))
            .or_else(|| Self::all().find(|k| key_fits(k.name(), name)))
    }

    /// Its name, placeholders written `${TagKey}` as the service pages do
    /// (the User Guide writes `aws:PrincipalTag/tag-key` in italics).
    pub fn name(self) -> &'static str {
        self.row().name.get()
    }

    /// The type of its values: of the types the User Guide gives, the first
    /// in [`ConditionKeyType::ALL`] order (`aws:EpochTime`, "Date, Numeric",
    /// is `Numeric`), as an `ArrayOf…` type when the key is multivalued (as
    /// the service pages write `aws:TagKeys`).
    pub fn key_type(self) -> ConditionKeyType {
        let base = self.key_types().next().unwrap_or(ConditionKeyType::String);
        if self.multivalued() {
            base.array()
        } else {
            base
        }
    }

    /// Every data type the User Guide gives (`aws:EpochTime` is Date and
    /// Numeric), single-valued spellings, in [`ConditionKeyType::ALL`] order.
    pub fn key_types(self) -> impl Iterator<Item = ConditionKeyType> {
        let bits = self.row().types;
        ConditionKeyType::ALL
            .iter()
            .enumerate()
            .filter(move |(i, _)| bits & (1 << i) != 0)
            .map(|(_, t)| *t)
    }

    /// True for a multivalued key (compared with `ForAnyValue:` /
    /// `ForAllValues:`).
    pub fn multivalued(self) -> bool {
        self.row().multivalued
    }

    /// When the request context holds it, as the User Guide says.
    pub fn availability(self) -> &'static str {
        self.row().availability.get()
    }

    /// True for the tag keys (`aws:ResourceTag/${TagKey}`,
    /// `aws:RequestTag/${TagKey}`, `aws:TagKeys`): the User Guide says a
    /// request holds them only where the resource or the operation supports
    /// tags, which the service pages say action by action. Every other
    /// global key any action may be conditioned on.
    pub fn depends_on_action(self) -> bool {
        let name = self.name().as_bytes();
        starts_with_ignore_case(name, b"aws:ResourceTag/")
            || starts_with_ignore_case(name, b"aws:RequestTag/")
            || name.eq_ignore_ascii_case(b"aws:TagKeys")
    }

    /// True when `name`, as a policy writes it, is this key.
    pub fn fits(self, name: &str) -> bool {
        key_fits(self.name(), name)
    }
}

impl fmt::Display for GlobalConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl fmt::Debug for GlobalConditionKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GlobalConditionKey({})", self.name())
    }
}

impl FromStr for GlobalConditionKey {
    type Err = UnknownName;
    /// [`GlobalConditionKey::lookup`].
    fn from_str(s: &str) -> Result<GlobalConditionKey, UnknownName> {
        GlobalConditionKey::lookup(s).ok_or_else(|| {
            let near = crate::suggest::nearest(s, Self::all().map(GlobalConditionKey::name));
            UnknownName::new("global condition key", s, near.map(str::to_string))
        })
    }
}
