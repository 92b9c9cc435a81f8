//! The rows the generated tables are made of, and how they point into the
//! string blob. Private: the public API is the handles.

use crate::generated::strings::STRINGS;

/// `Str.0` is a chunk number above these bits and an offset in the chunk
/// below them. The blob is split into chunks of at most 1 MiB so that no
/// generated file is large (the generator uses the same value).
const CHUNK_BITS: u32 = 20;

/// A string of the blob: chunk and offset, and length. Thousands of names
/// and descriptions as a few `&'static str` compile in a fraction of the
/// time of as many string literals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Str(pub u32, pub u32);

impl Str {
    fn chunk(self) -> &'static str {
        STRINGS[(self.0 >> CHUNK_BITS) as usize]
    }

    fn range(self) -> core::ops::Range<usize> {
        let start = (self.0 & ((1 << CHUNK_BITS) - 1)) as usize;
        start..start + self.1 as usize
    }

    pub(crate) fn get(self) -> &'static str {
        &self.chunk()[self.range()]
    }

    /// The bytes, for comparisons: no UTF-8 boundary checks.
    pub(crate) fn bytes(self) -> &'static [u8] {
        &self.chunk().as_bytes()[self.range()]
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

pub(crate) struct GlobalKeyRow {
    pub name: Str,
    /// Bit `i` set: `ConditionKeyType::ALL[i]` is one of its data types.
    pub types: u16,
    pub multivalued: bool,
    pub availability: Str,
}

impl GlobalKeyRow {
    pub(crate) const fn new(name: Str, types: u16, multivalued: bool, availability: Str) -> Self {
        GlobalKeyRow {
            name,
            types,
            multivalued,
            availability,
        }
    }
}

pub(crate) struct NoticeRow {
    pub kind: u8,
    pub date: Str,
    pub text: Str,
    pub url: Str,
}

// Positional constructors for the generated tables: field names repeated on
// some 50,000 rows made the tables three times larger.

impl ServiceRow {
    #[allow(clippy::too_many_arguments)] // one per field, in order
    pub(crate) const fn new(
        prefix: Str,
        name: Str,
        actions: Span,
        resource_types: Span,
        condition_keys: Span,
        notices: Span,
        flags: u8,
        removed_on: Str,
    ) -> Self {
        ServiceRow {
            prefix,
            name,
            actions,
            resource_types,
            condition_keys,
            notices,
            flags,
            removed_on,
        }
    }
}

impl ActionRow {
    #[allow(clippy::too_many_arguments)] // one per field, in order
    pub(crate) const fn new(
        service: u16,
        name: Str,
        description: Str,
        doc_url: Str,
        access: u8,
        flags: u8,
        resources: Span,
        keys: Span,
        deps: Span,
        removed_on: Str,
    ) -> Self {
        ActionRow {
            service,
            name,
            description,
            doc_url,
            access,
            flags,
            resources,
            keys,
            deps,
            removed_on,
        }
    }
}

impl ActionResourceRow {
    pub(crate) const fn new(resource_type: u16, required: bool, keys: Span) -> Self {
        ActionResourceRow {
            resource_type,
            required,
            keys,
        }
    }
}

impl ResourceTypeRow {
    pub(crate) const fn new(
        service: u16,
        name: Str,
        arns: Span,
        keys: Span,
        flags: u8,
        removed_on: Str,
    ) -> Self {
        ResourceTypeRow {
            service,
            name,
            arns,
            keys,
            flags,
            removed_on,
        }
    }
}

impl ConditionKeyRow {
    pub(crate) const fn new(
        service: u16,
        name: Str,
        description: Str,
        key_type: u8,
        flags: u8,
        removed_on: Str,
    ) -> Self {
        ConditionKeyRow {
            service,
            name,
            description,
            key_type,
            flags,
            removed_on,
        }
    }
}

impl NoticeRow {
    pub(crate) const fn new(kind: u8, date: Str, text: Str, url: Str) -> Self {
        NoticeRow {
            kind,
            date,
            text,
            url,
        }
    }
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
