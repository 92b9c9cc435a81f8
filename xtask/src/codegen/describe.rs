//! How action descriptions are stored in the crate: 1.5 MB of text that a
//! program printing one description links whole, so it is compressed in a
//! way that decodes in a few lines (the runtime's `src/description.rs`):
//!
//! - the shared opening `Grants permission to ` (20,000 of 21,000) is left
//!   out and a row flag says to write it back;
//! - the most frequent words (with the space before them, ` specified`)
//!   are each one character of `U+0080..U+07FF` (two bytes in UTF-8), an
//!   index into a word table. Only a description that is all ASCII is
//!   coded so: one with any other character is stored as written and
//!   flagged, so decoding can never mistake its text for a word.
//!
//! Decoding gives back the exact text (the tests round-trip every
//! description of the snapshot).

use std::collections::HashMap;

/// The opening most descriptions share, as the runtime writes it back.
pub const PREFIX: &str = "Grants permission to ";

/// The row flag: the description opened with [`PREFIX`], left out.
pub const PREFIXED: u8 = 8;
/// The row flag: the description is stored as written (not all ASCII).
pub const RAW: u8 = 16;

/// The first word character; word `i` is `char::from_u32(FIRST + i)`.
const FIRST: u32 = 0x80;
/// Two-byte UTF-8 characters from `FIRST` on: at most this many words.
pub const MAX_WORDS: usize = 0x800 - FIRST as usize;

/// The word table and the coding of descriptions with it.
pub struct Codec {
    /// The words, in the table's order (by saving, then text).
    pub words: Vec<String>,
    index: HashMap<String, usize>,
}

/// The words of `text` as coding sees them: a run of ASCII letters with
/// the space before it when there is one, and everything else a byte at a
/// time (`None`). Counting and coding split alike.
fn tokens(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        if i >= bytes.len() {
            return None;
        }
        let start = i;
        let letters_from = if bytes[i] == b' ' { i + 1 } else { i };
        let mut end = letters_from;
        while end < bytes.len() && bytes[end].is_ascii_alphabetic() {
            end += 1;
        }
        if end > letters_from {
            i = end;
            Some((&text[start..end], true))
        } else {
            // One character (ASCII here: coded text is all ASCII).
            let len = text[start..].chars().next().map_or(1, char::len_utf8);
            i = start + len;
            Some((&text[start..i], false))
        }
    })
}

impl Codec {
    /// The table for `texts` (the descriptions, once each, prefix left
    /// out): the words that save the most bytes, each saving its length
    /// less the two bytes of its character at every use, at most
    /// [`MAX_WORDS`]. Deterministic: ties go by the word's text.
    pub fn new<'a>(texts: impl IntoIterator<Item = &'a str>) -> Codec {
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for text in texts.into_iter().filter(|t| t.is_ascii()) {
            for (token, word) in tokens(text) {
                if word && token.len() > 2 {
                    *counts.entry(token).or_default() += 1;
                }
            }
        }
        let mut scored: Vec<(usize, &str)> = counts
            .into_iter()
            .map(|(w, n)| ((w.len() - 2) * n, w))
            // A word used once saves less than its table entry costs.
            .filter(|&(saving, w)| saving > w.len() + 6)
            .collect();
        scored.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
        let words: Vec<String> = scored
            .into_iter()
            .take(MAX_WORDS)
            .map(|(_, w)| w.to_string())
            .collect();
        let index = words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.clone(), i))
            .collect();
        Codec { words, index }
    }

    /// A description as stored, and its row flags ([`PREFIXED`], [`RAW`]).
    pub fn encode(&self, description: &str) -> (String, u8) {
        let (flags, text) = match description.strip_prefix(PREFIX) {
            Some(rest) => (PREFIXED, rest),
            None => (0, description),
        };
        if !text.is_ascii() {
            return (text.to_string(), flags | RAW);
        }
        let mut out = String::with_capacity(text.len());
        for (token, _) in tokens(text) {
            match self.index.get(token) {
                Some(&i) => out.push(char::from_u32(FIRST + i as u32).expect("below U+0800")),
                None => out.push_str(token),
            }
        }
        (out, flags)
    }

    /// The text `encode` coded (the runtime's decoder, for the tests).
    #[cfg(test)]
    pub fn decode(&self, stored: &str, flags: u8) -> String {
        let mut out = String::new();
        if flags & PREFIXED != 0 {
            out.push_str(PREFIX);
        }
        if flags & RAW != 0 {
            out.push_str(stored);
            return out;
        }
        for c in stored.chars() {
            match (c as u32).checked_sub(FIRST) {
                Some(i) => out.push_str(&self.words[i as usize]),
                None => out.push(c),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_round_trip_and_shrink() {
        let texts = [
            "Grants permission to create a specified resource",
            "Grants permission to delete a specified resource",
            "Grants permission to describe the specified resources",
            "Grants permission to list resources (of the specified kind)",
            "Grants permission to",
            "Grants permission to ",
            "Grants permission to café résumé specified",
            "Lets a user see specified things",
            "",
            "  double  spaces, trailing space ",
        ];
        let bare: Vec<&str> = texts
            .iter()
            .map(|t| t.strip_prefix(PREFIX).unwrap_or(t))
            .collect();
        let codec = Codec::new(bare.iter().copied());
        assert!(codec.words.iter().any(|w| w == " specified"));
        for t in texts {
            let (stored, flags) = codec.encode(t);
            assert_eq!(codec.decode(&stored, flags), t, "{t:?}");
        }
        let (stored, flags) = codec.encode(texts[0]);
        assert_eq!(flags, PREFIXED);
        assert!(stored.len() < texts[0].len() - PREFIX.len());
        let (stored, flags) = codec.encode(texts[6]);
        assert_eq!(flags, PREFIXED | RAW);
        assert_eq!(stored, "café résumé specified");
    }

    #[test]
    fn the_table_is_bounded_and_deterministic() {
        // 3,000 distinct frequent words: the table keeps MAX_WORDS.
        let texts: Vec<String> = (0..3000)
            .map(|i| {
                format!(
                    " word{}",
                    (0..10).map(|_| "x").collect::<String>() + &letters(i)
                )
            })
            .collect();
        let many: Vec<&str> = texts.iter().flat_map(|t| [t.as_str(); 3]).collect();
        let a = Codec::new(many.iter().copied());
        let b = Codec::new(many.iter().rev().copied());
        assert_eq!(a.words.len(), MAX_WORDS);
        assert_eq!(a.words, b.words);
    }

    fn letters(mut i: usize) -> String {
        let mut s = String::new();
        loop {
            s.push((b'a' + (i % 26) as u8) as char);
            i /= 26;
            if i == 0 {
                return s;
            }
        }
    }
}
