//! The rows the generated tables are made of, and how they point into the
//! string blob. Private: the public API is the handles.

use core::marker::PhantomData;

use crate::generated::strings;

/// `Str.0` is a chunk number above these bits and an offset in the chunk
/// below them. Each blob is split into chunks of at most 1 MiB so that no
/// generated file is large (the generator uses the same value).
const CHUNK_BITS: u32 = 20;

/// Which blob a string is in. Each kind of string is a static of its own,
/// read only by the accessors of that kind, so the linker of a program
/// that never calls `Action::doc_url` drops the doc URLs (and so on):
/// a program pays for the strings it can print.
pub(crate) trait Kind {
    fn chunks() -> &'static [&'static str];
}

macro_rules! kinds {
    ($($kind:ident => $blob:ident: $what:literal),+ $(,)?) => {$(
        #[doc = $what]
        pub(crate) enum $kind {}

        impl Kind for $kind {
            fn chunks() -> &'static [&'static str] {
                &strings::$blob
            }
        }
    )+};
}

kinds! {
    Names => NAMES: "Service prefixes and action names: what parsing and `Display` of an action read.",
    Descriptions => DESCRIPTIONS: "Action descriptions, encoded (see `crate::text`).",
    DocUrls => DOC_URLS: "Action documentation URLs.",
    Arns => ARNS: "ARN templates.",
    Text => TEXT: "Everything else: service, resource type and condition key names, key descriptions, notices, dates.",
}

/// A string of a blob of kind `K`: chunk and offset, and length (at most
/// 65,535 bytes: a row stores it in a `u16`). Thousands of names and
/// descriptions as a few `&'static str` compile in a fraction of the time
/// of as many string literals.
pub(crate) struct Str<K>(pub u32, pub u32, PhantomData<K>);

impl<K> Clone for Str<K> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Str<K> {}

impl<K> core::fmt::Debug for Str<K> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "Str({}, {})", self.0, self.1)
    }
}

impl<K> PartialEq for Str<K> {
    fn eq(&self, other: &Self) -> bool {
        (self.0, self.1) == (other.0, other.1)
    }
}

impl<K> Eq for Str<K> {}

impl<K: Kind> Str<K> {
    pub(crate) const fn new(start: u32, len: u32) -> Self {
        Str(start, len, PhantomData)
    }

    /// The chunk; the empty string (`Str(0, 0)`) has none, and a blob
    /// may have no chunk at all.
    fn chunk(self) -> &'static str {
        if self.1 == 0 {
            return "";
        }
        K::chunks()[(self.0 >> CHUNK_BITS) as usize]
    }

    fn range(self) -> core::ops::Range<usize> {
        if self.1 == 0 {
            return 0..0;
        }
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

/// Where a `Str` field of kind `K` is in a row: its byte offset.
pub(crate) struct Field<K>(pub usize, PhantomData<K>);

impl<K> Field<K> {
    pub(crate) const fn at(offset: usize) -> Self {
        Field(offset, PhantomData)
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

/// A table: rows of fixed size, little-endian, in one byte string. rustc
/// reads a byte string as one token, where the same rows as struct
/// expressions cost it seconds of type checking; a row is decoded when
/// it is read (a few loads).
pub(crate) struct Table<R> {
    bytes: &'static [u8],
    row: core::marker::PhantomData<R>,
}

impl<R: Row> Table<R> {
    pub(crate) const fn new(bytes: &'static [u8]) -> Self {
        Table {
            bytes,
            row: core::marker::PhantomData,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.bytes.len() / R::SIZE
    }

    pub(crate) fn get(&self, i: usize) -> R {
        R::read(&mut Reader(&self.bytes[i * R::SIZE..(i + 1) * R::SIZE]))
    }

    /// One `Str` field of row `i`, at `field` of the row: the hot paths
    /// (binary searches by name) read the name alone, not the whole row.
    #[inline]
    pub(crate) fn str_field<K: Kind>(&self, i: usize, field: &Field<K>) -> Str<K> {
        let start = i * R::SIZE + field.0;
        let b: &[u8; 6] = self.bytes[start..start + 6]
            .try_into()
            .expect("a Str field is 6 bytes");
        Str::new(
            u32::from_le_bytes([b[0], b[1], b[2], b[3]]),
            u16::from_le_bytes([b[4], b[5]]) as u32,
        )
    }

    /// One `u16` field of row `i`, at byte `at` of the row.
    #[inline]
    pub(crate) fn u16_field(&self, i: usize, at: usize) -> u16 {
        let start = i * R::SIZE + at;
        u16::from_le_bytes([self.bytes[start], self.bytes[start + 1]])
    }

    /// One `u8` field of row `i`, at byte `at` of the row.
    #[inline]
    pub(crate) fn u8_field(&self, i: usize, at: usize) -> u8 {
        self.bytes[i * R::SIZE + at]
    }

    /// Binary search over `range` comparing one `Str` field (`field`).
    pub(crate) fn search_str<K: Kind>(
        &self,
        range: core::ops::Range<usize>,
        field: &Field<K>,
        mut cmp: impl FnMut(&'static [u8]) -> core::cmp::Ordering,
    ) -> Result<usize, usize> {
        let (mut lo, mut hi) = (range.start, range.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match cmp(self.str_field(mid, field).bytes()) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    /// The rows of a run, in order.
    pub(crate) fn run(&self, range: core::ops::Range<usize>) -> impl Iterator<Item = R> + '_ {
        range.map(move |i| self.get(i))
    }

    /// Binary search over the rows of `range` (sorted for `cmp`): the
    /// index of a match, else where it would go.
    pub(crate) fn search(
        &self,
        range: core::ops::Range<usize>,
        mut cmp: impl FnMut(&R) -> core::cmp::Ordering,
    ) -> Result<usize, usize> {
        let (mut lo, mut hi) = (range.start, range.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            match cmp(&self.get(mid)) {
                core::cmp::Ordering::Less => lo = mid + 1,
                core::cmp::Ordering::Greater => hi = mid,
                core::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(lo)
    }

    /// The first index of `range` whose row fails `pred` (rows for which
    /// it holds come first).
    pub(crate) fn partition_point(
        &self,
        range: core::ops::Range<usize>,
        mut pred: impl FnMut(&R) -> bool,
    ) -> usize {
        let (mut lo, mut hi) = (range.start, range.end);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(&self.get(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }
}

/// Reads the fields of a row in order.
pub(crate) struct Reader<'a>(&'a [u8]);

impl Reader<'_> {
    fn take<const N: usize>(&mut self) -> [u8; N] {
        let (head, rest) = self.0.split_at(N);
        self.0 = rest;
        head.try_into().expect("split_at gives N bytes")
    }

    pub(crate) fn u8(&mut self) -> u8 {
        self.take::<1>()[0]
    }

    pub(crate) fn u16(&mut self) -> u16 {
        u16::from_le_bytes(self.take())
    }

    pub(crate) fn u32(&mut self) -> u32 {
        u32::from_le_bytes(self.take())
    }

    pub(crate) fn str<K: Kind>(&mut self) -> Str<K> {
        Str::new(self.u32(), self.u16() as u32)
    }

    pub(crate) fn span(&mut self) -> Span {
        Span(self.u32(), self.u16())
    }
}

/// A row type: its size in bytes and how to read it. The generator
/// (`xtask/src/codegen/emit.rs`, `LAYOUTS`) writes the same fields in the
/// same order: a `Str` or `Span` is a `u32` and a `u16`.
pub(crate) trait Row: Sized {
    const SIZE: usize;
    fn read(r: &mut Reader<'_>) -> Self;
}

impl Row for u16 {
    const SIZE: usize = 2;
    fn read(r: &mut Reader<'_>) -> u16 {
        r.u16()
    }
}

impl<K: Kind> Row for Str<K> {
    const SIZE: usize = 6;
    fn read(r: &mut Reader<'_>) -> Str<K> {
        r.str()
    }
}

/// Row flags.
pub(crate) const PERMISSION_ONLY: u8 = 1;
/// The item is a tombstone: removed from the docs, kept until a major release drops it.
pub(crate) const REMOVED: u8 = 2;
/// The action is covered by its service's first end-of-support notice, as
/// the notice's scope decides (codegen sets it only from a scope).
pub(crate) const END_OF_SUPPORT: u8 = 4;
/// The description opened with "Grants permission to ", left out.
pub(crate) const DESCRIPTION_PREFIXED: u8 = 8;
/// The description is stored as written, not coded.
pub(crate) const DESCRIPTION_RAW: u8 = 16;

pub(crate) struct ServiceRow {
    pub prefix: Str<Names>,
    pub name: Str<Text>,
    pub actions: Span,
    pub resource_types: Span,
    pub condition_keys: Span,
    pub notices: Span,
    pub flags: u8,
    pub removed_on: Str<Text>,
}

impl ServiceRow {
    /// Where `prefix` is in the row.
    pub(crate) const PREFIX_AT: Field<Names> = Field::at(0);
}

impl Row for ServiceRow {
    const SIZE: usize = 6 * 7 + 1;
    fn read(r: &mut Reader<'_>) -> Self {
        ServiceRow {
            prefix: r.str(),
            name: r.str(),
            actions: r.span(),
            resource_types: r.span(),
            condition_keys: r.span(),
            notices: r.span(),
            flags: r.u8(),
            removed_on: r.str(),
        }
    }
}

/// What parsing, `Display`, the description and the access level of an
/// action read; the rest is an [`ActionDetailRow`] of the same index, so a
/// program that reads only these links a third of the bytes.
pub(crate) struct ActionRow {
    pub service: u16,
    pub name: Str<Names>,
    /// Coded: see `crate::description`.
    pub description: Str<Descriptions>,
    pub access: u8,
    pub flags: u8,
}

impl ActionRow {
    /// Where `name` and `flags` are in the row.
    pub(crate) const SERVICE_AT: usize = 0;
    pub(crate) const NAME_AT: Field<Names> = Field::at(2);
    pub(crate) const FLAGS_AT: usize = 2 + 6 * 2 + 1;
}

impl Row for ActionRow {
    const SIZE: usize = 2 + 6 * 2 + 2;
    fn read(r: &mut Reader<'_>) -> Self {
        ActionRow {
            service: r.u16(),
            name: r.str(),
            description: r.str(),
            access: r.u8(),
            flags: r.u8(),
        }
    }
}

pub(crate) struct ActionDetailRow {
    pub resources: Span,
    pub keys: Span,
    pub deps: Span,
    pub doc_url: Str<DocUrls>,
    pub removed_on: Str<Text>,
}

impl Row for ActionDetailRow {
    const SIZE: usize = 6 * 5;
    fn read(r: &mut Reader<'_>) -> Self {
        ActionDetailRow {
            resources: r.span(),
            keys: r.span(),
            deps: r.span(),
            doc_url: r.str(),
            removed_on: r.str(),
        }
    }
}

pub(crate) struct ActionResourceRow {
    pub resource_type: u16,
    pub required: bool,
    pub keys: Span,
}

impl Row for ActionResourceRow {
    const SIZE: usize = 2 + 1 + 6;
    fn read(r: &mut Reader<'_>) -> Self {
        ActionResourceRow {
            resource_type: r.u16(),
            required: r.u8() != 0,
            keys: r.span(),
        }
    }
}

pub(crate) struct ResourceTypeRow {
    pub service: u16,
    pub name: Str<Text>,
    pub arns: Span,
    pub keys: Span,
    pub flags: u8,
    pub removed_on: Str<Text>,
}

impl Row for ResourceTypeRow {
    const SIZE: usize = 2 + 6 * 3 + 1 + 6;
    fn read(r: &mut Reader<'_>) -> Self {
        ResourceTypeRow {
            service: r.u16(),
            name: r.str(),
            arns: r.span(),
            keys: r.span(),
            flags: r.u8(),
            removed_on: r.str(),
        }
    }
}

pub(crate) struct ConditionKeyRow {
    pub service: u16,
    pub name: Str<Text>,
    pub description: Str<Text>,
    /// 0: the docs use the key without defining it.
    pub key_type: u8,
    pub flags: u8,
    pub removed_on: Str<Text>,
}

impl Row for ConditionKeyRow {
    const SIZE: usize = 2 + 6 * 2 + 2 + 6;
    fn read(r: &mut Reader<'_>) -> Self {
        ConditionKeyRow {
            service: r.u16(),
            name: r.str(),
            description: r.str(),
            key_type: r.u8(),
            flags: r.u8(),
            removed_on: r.str(),
        }
    }
}

pub(crate) struct GlobalKeyRow {
    pub name: Str<Text>,
    /// Bit `i` set: `ConditionKeyType::ALL[i]` is one of its data types.
    pub types: u16,
    pub multivalued: bool,
    pub availability: Str<Text>,
}

impl GlobalKeyRow {
    pub(crate) const NAME_AT: Field<Text> = Field::at(0);
}

impl Row for GlobalKeyRow {
    const SIZE: usize = 6 + 2 + 1 + 6;
    fn read(r: &mut Reader<'_>) -> Self {
        GlobalKeyRow {
            name: r.str(),
            types: r.u16(),
            multivalued: r.u8() != 0,
            availability: r.str(),
        }
    }
}

pub(crate) struct NoticeRow {
    pub kind: u8,
    pub date: Str<Text>,
    pub text: Str<Text>,
    pub url: Str<Text>,
}

impl Row for NoticeRow {
    const SIZE: usize = 1 + 6 * 3;
    fn read(r: &mut Reader<'_>) -> Self {
        NoticeRow {
            kind: r.u8(),
            date: r.str(),
            text: r.str(),
            url: r.str(),
        }
    }
}

/// The row of a name index (`crate::name_hash`) whose name `is` accepts,
/// probing from the slot of `name`'s hash; `None` at the first empty slot.
/// At most every slot once, whatever the table holds.
pub(crate) fn probe(
    index: &Table<u16>,
    name: &[u8],
    mut is: impl FnMut(usize) -> bool,
) -> Option<usize> {
    use crate::name_hash::{EMPTY, first_slot, hash};
    let slots = index.len();
    if !slots.is_power_of_two() {
        return None;
    }
    let mut slot = first_slot(hash(name), slots.trailing_zeros());
    for _ in 0..slots {
        let row = index.get(slot);
        if row == EMPTY {
            return None;
        }
        if is(row as usize) {
            return Some(row as usize);
        }
        slot = (slot + 1) & (slots - 1);
    }
    None
}

/// True when `name` starts with `head`, ignoring ASCII case.
pub(crate) fn starts_with_ignore_case(name: &[u8], head: &[u8]) -> bool {
    name.len() >= head.len() && name[..head.len()].eq_ignore_ascii_case(head)
}

/// Case-insensitive ordering of ASCII names, as IAM compares them.
pub(crate) fn cmp_ignore_case(a: &[u8], b: &[u8]) -> core::cmp::Ordering {
    a.iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b.iter().map(u8::to_ascii_lowercase))
}

/// `Removed` when the row is a tombstone (removed from the docs, kept one
/// release).
pub(crate) fn removal(flags: u8, removed_on: Str<Text>) -> Option<crate::Deprecation> {
    (flags & REMOVED != 0).then(|| crate::Deprecation::Removed {
        on: crate::Date::parse_iso(removed_on.get()),
    })
}
