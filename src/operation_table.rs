//! The rows of the API operations' tables (`src/generated/operations/`,
//! written by `xtask/src/codegen/operations.rs` in this order and these
//! widths). Private: the public API is `Operation`.

use crate::table::{Kind, Reader, Row, Span, Str};

/// Operation names that are no action's, SDK client names, condition keys
/// and values: a blob of its own, so a program without operations links
/// none of it.
pub(crate) enum OpText {}

impl Kind for OpText {
    #[inline]
    fn chunks() -> &'static [&'static str] {
        &crate::generated::operations::TEXT
    }
}

/// The operation's name is its service's action of the same name:
/// `name.0` is that action's row (the names blob already holds it).
pub(crate) const NAME_IS_ACTION: u8 = 1;
/// The operation was read from the service's JSON twin, not its page.
pub(crate) const FROM_JSON_TWIN: u8 = 2;

pub(crate) struct OperationRow {
    pub service: u16,
    pub flags: u8,
    /// A `Str<OpText>`, or with `NAME_IS_ACTION` an action row and length.
    pub name: (u32, u32),
    pub actions: Span,
    pub clients: Span,
}

impl Row for OperationRow {
    const SIZE: usize = 2 + 1 + 6 * 3;
    #[inline]
    fn read(r: &mut Reader<'_>) -> Self {
        OperationRow {
            service: r.u16(),
            flags: r.u8(),
            name: (r.u32(), r.u16() as u32),
            actions: r.span(),
            clients: r.span(),
        }
    }
}

/// One action an operation needs: its condition keys then their possible
/// values, a run of `OPERATION_STRS` (`keys` of them keys).
pub(crate) struct OperationActionRow {
    pub action: u16,
    pub strs: Span,
    pub keys: u16,
}

impl Row for OperationActionRow {
    const SIZE: usize = 2 + 6 + 2;
    #[inline]
    fn read(r: &mut Reader<'_>) -> Self {
        OperationActionRow {
            action: r.u16(),
            strs: r.span(),
            keys: r.u16(),
        }
    }
}

/// An SDK client and its operations (a run of `SDK_INDEX`, sorted by
/// method name ignoring case and `_`).
pub(crate) struct SdkClientRow {
    pub name: Str<OpText>,
    pub operations: Span,
}

impl Row for SdkClientRow {
    const SIZE: usize = 6 * 2;
    #[inline]
    fn read(r: &mut Reader<'_>) -> Self {
        SdkClientRow {
            name: r.str(),
            operations: r.span(),
        }
    }
}

/// An action and an operation that needs it; the table is sorted.
pub(crate) struct ActionOperationRow {
    pub action: u16,
    pub operation: u16,
}

impl Row for ActionOperationRow {
    const SIZE: usize = 4;
    #[inline]
    fn read(r: &mut Reader<'_>) -> Self {
        ActionOperationRow {
            action: r.u16(),
            operation: r.u16(),
        }
    }
}

impl Row for Span {
    const SIZE: usize = 6;
    #[inline]
    fn read(r: &mut Reader<'_>) -> Self {
        r.span()
    }
}
