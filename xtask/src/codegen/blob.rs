//! The string blobs and byte-string literals of the generated tables,
//! shared by the crate's tables (`emit.rs`) and the operations' tables
//! (`operations.rs`).

use std::collections::HashMap;
use std::fmt::Write as _;

/// Generated files: `(path under src/generated/, text)`.
pub type Files = Vec<(String, String)>;

/// `Str.0` is a chunk number above these bits and an offset below them, as
/// in the runtime's `src/table.rs`: chunks of at most 1 MiB keep every
/// generated file small.
pub(super) const CHUNK_BITS: u32 = 20;

/// Interns strings into a blob of chunks; a string never spans two.
#[derive(Default)]
pub(super) struct Blob {
    pub(super) chunks: Vec<String>,
    index: HashMap<String, (u32, u32)>,
}

impl Blob {
    pub(super) fn add(&mut self, s: &str) -> String {
        let (start, len) = self.add_raw(s);
        format!("Str({start},{len})")
    }

    /// The string's start (chunk and offset) and length.
    pub(super) fn add_raw(&mut self, s: &str) -> (u32, u32) {
        if s.is_empty() {
            return (0, 0);
        }
        if let Some(&found) = self.index.get(s) {
            return found;
        }
        let fits = |c: &String| c.is_empty() || c.len() + s.len() <= 1 << CHUNK_BITS;
        if !self.chunks.last().is_some_and(fits) {
            self.chunks.push(String::new());
        }
        let chunk = self.chunks.len() - 1;
        let text = &mut self.chunks[chunk];
        // A string longer than a chunk gets one of its own, at offset 0.
        let start = ((chunk as u32) << CHUNK_BITS) | text.len() as u32;
        text.push_str(s);
        self.index.insert(s.to_string(), (start, s.len() as u32));
        (start, s.len() as u32)
    }
}

/// A Rust byte string literal of `bytes`, in lines of about 100
/// characters (a `\` at the end of a line continues the literal; bytes
/// that are whitespace are escaped so none is lost at a line start).
pub(super) fn byte_literal(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() * 3 + 8);
    out.push_str("b\"\\\n");
    let mut line = 0;
    for &b in bytes {
        let start = out.len();
        match b {
            b'"' => out.push_str("\\\""),
            b'\\' => out.push_str("\\\\"),
            0x21..=0x7e => out.push(b as char),
            _ => {
                let _ = write!(out, "\\x{b:02x}");
            }
        }
        line += out.len() - start;
        if line >= 100 {
            out.push_str("\\\n");
            line = 0;
        }
    }
    out.push('"');
    out
}
