//! [`Description`]: an action's description, stored compressed.
//!
//! The generator (`xtask/src/codegen/describe.rs`) leaves out the opening
//! "Grants permission to " that most share (a row flag says to write it
//! back) and writes each of the most frequent words as one character of
//! `U+0080..U+07FF`, an index into `DESCRIPTION_WORDS`; a description that
//! is not all ASCII is stored as written (another flag), so its characters
//! are never taken for words. A program printing one description links
//! 0.5 MB of text instead of 1.5 MB.

use core::fmt;

use crate::generated::tables::DESCRIPTION_WORDS;
use crate::table::{DESCRIPTION_PREFIXED, DESCRIPTION_RAW};

/// The opening left out of most descriptions.
const PREFIX: &str = "Grants permission to ";
/// The character of word 0.
const FIRST_WORD: u32 = 0x80;

/// An action's description ([`Action::description`](crate::Action::description)),
/// exactly as the reference writes it: `Display` writes it out,
/// `to_string()` makes a `String`, and it compares with a `&str`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Description {
    stored: &'static str,
    flags: u8,
}

impl Description {
    pub(crate) fn new(stored: &'static str, row_flags: u8) -> Self {
        Description {
            stored,
            flags: row_flags & (DESCRIPTION_PREFIXED | DESCRIPTION_RAW),
        }
    }

    /// The pieces of the text, in order (written out, they are the text).
    pub fn parts(self) -> impl Iterator<Item = &'static str> {
        let prefix = (self.flags & DESCRIPTION_PREFIXED != 0).then_some(PREFIX);
        let raw = self.flags & DESCRIPTION_RAW != 0;
        let mut rest = self.stored;
        prefix.into_iter().chain(core::iter::from_fn(move || {
            if rest.is_empty() {
                return None;
            }
            if raw {
                return Some(core::mem::take(&mut rest));
            }
            // A run of ASCII, or one word.
            let run = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            if run > 0 {
                let (head, tail) = rest.split_at(run);
                rest = tail;
                return Some(head);
            }
            let c = rest.chars().next().expect("rest is not empty");
            rest = &rest[c.len_utf8()..];
            let i = (c as u32).wrapping_sub(FIRST_WORD) as usize;
            // The generator writes no other character; were the table
            // damaged, the replacement character shows it.
            Some(if i < DESCRIPTION_WORDS.len() {
                DESCRIPTION_WORDS.get(i).get()
            } else {
                "\u{FFFD}"
            })
        }))
    }

    /// True when the reference gives no description.
    pub fn is_empty(self) -> bool {
        self.parts().all(str::is_empty)
    }
}

impl fmt::Display for Description {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.parts().try_for_each(|p| f.write_str(p))
    }
}

/// As the text's `Debug`: quoted and escaped.
impl fmt::Debug for Description {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.to_string().as_str(), f)
    }
}

impl PartialEq<str> for Description {
    fn eq(&self, other: &str) -> bool {
        let mut rest = other.as_bytes();
        self.parts().all(|p| match rest.strip_prefix(p.as_bytes()) {
            Some(tail) => {
                rest = tail;
                true
            }
            None => false,
        }) && rest.is_empty()
    }
}

impl PartialEq<&str> for Description {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<Description> for &str {
    fn eq(&self, other: &Description) -> bool {
        *other == **self
    }
}
