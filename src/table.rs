//! The rows the generated tables are made of, and how they point into the
//! one string blob. Private: the public API is the handles.

use crate::generated::strings::STRINGS;

/// A string of the blob: byte offset and length. Thousands of names and
/// descriptions as one `&'static str` compile in a fraction of the time of
/// as many string literals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Str(pub u32, pub u32);

impl Str {
    /// The empty string.
    pub(crate) const EMPTY: Str = Str(0, 0);

    pub(crate) fn get(self) -> &'static str {
        &STRINGS[self.0 as usize..(self.0 + self.1) as usize]
    }

    /// The bytes, for comparisons: no UTF-8 boundary checks.
    pub(crate) fn bytes(self) -> &'static [u8] {
        &STRINGS.as_bytes()[self.0 as usize..(self.0 + self.1) as usize]
    }

    pub(crate) fn opt(self) -> Option<&'static str> {
        (self.1 > 0).then(|| self.get())
    }
}

/// A run of a side table: start and length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span(pub u32, pub u16);

impl Span {
    pub(crate) fn range(self) -> core::ops::Range<usize> {
        self.0 as usize..self.0 as usize + self.1 as usize
    }
}

/// Row flags.
pub(crate) const PERMISSION_ONLY: u8 = 1;
/// The item is a tombstone: removed from the docs, kept one release.
pub(crate) const REMOVED: u8 = 2;

pub(crate) struct ServiceRow {
    pub prefix: Str,
    pub name: Str,
    pub actions: Span,
    pub resource_types: Span,
    pub condition_keys: Span,
    pub notices: Span,
    pub flags: u8,
    pub removed_on: Str,
}

pub(crate) struct ActionRow {
    pub service: u16,
    pub name: Str,
    pub description: Str,
    pub doc_url: Str,
    pub access: u8,
    pub flags: u8,
    pub resources: Span,
    pub keys: Span,
    pub deps: Span,
    pub removed_on: Str,
}

pub(crate) struct ActionResourceRow {
    pub resource_type: u16,
    pub required: bool,
    pub keys: Span,
}

pub(crate) struct ResourceTypeRow {
    pub service: u16,
    pub name: Str,
    pub arns: Span,
    pub keys: Span,
    pub flags: u8,
    pub removed_on: Str,
}

pub(crate) struct ConditionKeyRow {
    pub service: u16,
    pub name: Str,
    pub description: Str,
    /// 0: the docs use the key without defining it.
    pub key_type: u8,
    pub flags: u8,
    pub removed_on: Str,
}

pub(crate) struct NoticeRow {
    pub kind: u8,
    pub date: Str,
    pub text: Str,
    pub url: Str,
}

/// Case-insensitive ordering of ASCII names, as IAM compares them.
pub(crate) fn cmp_ignore_case(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    a.iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b.iter().map(u8::to_ascii_lowercase))
}

/// `Removed` when the row is a tombstone (removed from the docs, kept one
/// release).
pub(crate) fn removal(flags: u8, removed_on: Str) -> Option<crate::Deprecation> {
    (flags & REMOVED != 0).then(|| crate::Deprecation::Removed {
        on: crate::Date::parse_iso(removed_on.get()),
    })
}
