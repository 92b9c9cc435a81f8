//! Line numbers for JSON paths: one pass over the document's text that
//! records where each value starts, under the path the grammar reader gives
//! it (`$.Statement[0].Action[2]`, keys quoted by [`crate::jsonpath`]), so
//! findings can point at a line. The same pass finds keys repeated in an
//! object, which serde_json (and so the grammar reader) silently reduces to
//! the last one.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::hash::Hash;

/// A 1-based line and column (in bytes: a tab or a multi-byte character
/// counts as its bytes, as most editors' "go to" commands take it).
pub(crate) type Place = (usize, usize);

/// The 1-based line and column of each value of `text` whose JSON path is one of
/// `wanted` (a path that occurs twice, as a key repeated in an object, gets
/// its last line, the value serde_json keeps). A document that is not JSON
/// gives what was read before the fault (findings about it name `$`, which
/// is always line 1).
pub(crate) fn lines<'p>(
    text: &str,
    wanted: impl IntoIterator<Item = &'p str>,
) -> HashMap<String, Place> {
    let mut wanted_set = Few::default();
    for w in wanted {
        wanted_set.insert(w, ());
    }
    // No finding, nothing to place: the text need not be read.
    if wanted_set.is_empty() {
        return HashMap::new();
    }
    let mut s = Scanner::new(text, wanted_set, false);
    s.value();
    s.out
}

/// A key given twice in one object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Duplicate {
    /// The path of the repeated key (`$.Statement[0].Effect`).
    pub path: String,
    /// The key as read.
    pub key: String,
    /// The line of its first occurrence.
    pub first_line: usize,
    /// The line of the occurrence that serde_json keeps (the last).
    pub line: usize,
}

/// Every key repeated in an object of `text`, in document order.
pub(crate) fn duplicates(text: &str) -> Vec<Duplicate> {
    let mut s = Scanner::new(text, Few::default(), true);
    s.value();
    s.duplicates
}

/// A map searched one entry after another while it is small, hashed past
/// that: most objects of a policy have a handful of keys and most
/// documents a handful of wanted paths, where hashing every lookup (each
/// value of the text asks) cost more than comparing.
enum Few<K, V> {
    List(Vec<(K, V)>),
    Map(HashMap<K, V>),
}

/// Entries kept in a list before a map takes over.
const FEW: usize = 16;

impl<K, V> Default for Few<K, V> {
    fn default() -> Self {
        Few::List(Vec::new())
    }
}

impl<K: Borrow<str> + Eq + Hash, V> Few<K, V> {
    fn is_empty(&self) -> bool {
        match self {
            Few::List(list) => list.is_empty(),
            Few::Map(map) => map.is_empty(),
        }
    }

    fn get(&self, key: &str) -> Option<&V> {
        match self {
            Few::List(list) => list.iter().find(|(k, _)| k.borrow() == key).map(|(_, v)| v),
            Few::Map(map) => map.get(key),
        }
    }

    /// Sets `key` to `value`, returning the value it had.
    fn insert(&mut self, key: K, value: V) -> Option<V> {
        match self {
            Few::List(list) => {
                if let Some(slot) = list.iter_mut().find(|(k, _)| *k == key) {
                    return Some(std::mem::replace(&mut slot.1, value));
                }
                if list.len() < FEW {
                    list.push((key, value));
                    return None;
                }
                let mut map: HashMap<K, V> = std::mem::take(list).into_iter().collect();
                map.insert(key, value);
                *self = Few::Map(map);
                None
            }
            Few::Map(map) => map.insert(key, value),
        }
    }
}

struct Scanner<'a, 'p> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    /// Where the current line starts, for columns.
    line_start: usize,
    wanted: Few<&'p str, ()>,
    out: HashMap<String, Place>,
    depth: usize,
    /// The path of the value being read: children push onto it and cut it
    /// back (one buffer, not a string per value).
    path: String,
    /// Whether to look for repeated keys, and those found.
    find_duplicates: bool,
    duplicates: Vec<Duplicate>,
}

/// Deeper than serde_json reads (128), so nothing it accepts is cut short.
const MAX_DEPTH: usize = 256;

impl<'a, 'p> Scanner<'a, 'p> {
    fn new(text: &'a str, wanted: Few<&'p str, ()>, find_duplicates: bool) -> Self {
        Scanner {
            bytes: text.as_bytes(),
            at: 0,
            line: 1,
            line_start: 0,
            wanted,
            out: HashMap::new(),
            depth: 0,
            path: String::from("$"),
            find_duplicates,
            duplicates: Vec::new(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at += 1;
        if b == b'\n' {
            self.line += 1;
            self.line_start = self.at;
        }
        Some(b)
    }

    fn place(&self) -> Place {
        (self.line, self.at - self.line_start + 1)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump();
        }
    }

    /// Reads one value at `self.path`; false on malformed input (scanning
    /// stops).
    fn value(&mut self) -> bool {
        self.skip_ws();
        if self.wanted.get(self.path.as_str()).is_some() {
            self.out.insert(self.path.clone(), self.place());
        }
        match self.peek() {
            Some(b'{') => self.nested(true),
            Some(b'[') => self.nested(false),
            Some(b'"') => self.string().is_some(),
            Some(_) => {
                while matches!(self.peek(), Some(b) if !b",]} \t\r\n".contains(&b)) {
                    self.bump();
                }
                true
            }
            None => false,
        }
    }

    fn nested(&mut self, object: bool) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return false;
        }
        self.bump();
        let close = if object { b'}' } else { b']' };
        let mut index = 0;
        // Each key of this object and its line, when looking for repeats.
        let mut seen: Few<Cow<'a, str>, usize> = Few::default();
        loop {
            self.skip_ws();
            if self.peek() == Some(close) {
                self.bump();
                self.depth -= 1;
                return true;
            }
            let parent = self.path.len();
            if object {
                let Some(key) = self.string() else {
                    return false;
                };
                self.skip_ws();
                if self.bump() != Some(b':') {
                    return false;
                }
                crate::jsonpath::push_key(&mut self.path, &key);
                if self.find_duplicates {
                    let line = self.line;
                    if let Some(first_line) = seen.insert(key.clone(), line) {
                        self.duplicates.push(Duplicate {
                            path: self.path.clone(),
                            key: key.into_owned(),
                            first_line,
                            line,
                        });
                    }
                }
            } else {
                crate::jsonpath::push_index(&mut self.path, index);
            }
            index += 1;
            let read = self.value();
            self.path.truncate(parent);
            if !read {
                return false;
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                }
                Some(c) if c == close => {}
                _ => return false,
            }
        }
    }

    /// A string; one with an escape is unescaped through serde_json
    /// (escapes are rare in keys).
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let start = self.at;
        let mut escaped = false;
        self.bump();
        loop {
            match self.bump()? {
                b'\\' => {
                    escaped = true;
                    self.bump()?;
                }
                b'"' => break,
                _ => {}
            }
        }
        let bytes: &'a [u8] = self.bytes;
        let quoted = &bytes[start..self.at];
        if escaped {
            serde_json::from_slice::<String>(quoted)
                .ok()
                .map(Into::into)
        } else {
            std::str::from_utf8(&quoted[1..quoted.len() - 1])
                .ok()
                .map(Into::into)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_to_lines() {
        let text = "{\n  \"Statement\": [\n    {\"Action\": [\"a:B\",\n      \"c:D\"],\n     \"K\\u0041\": 1}\n  ]\n}";
        let l = super::lines(
            text,
            [
                "$",
                "$.Statement",
                "$.Statement[0]",
                "$.Statement[0].Action[0]",
                "$.Statement[0].Action[1]",
                "$.Statement[0].KA",
            ],
        );
        assert_eq!(l.len(), 6);
        assert_eq!(l["$"].0, 1);
        assert_eq!(l["$.Statement"].0, 2);
        assert_eq!(l["$.Statement[0]"].0, 3);
        assert_eq!(l["$.Statement[0].Action[0]"].0, 3);
        assert_eq!(l["$.Statement[0].Action[1]"], (4, 7));
        assert_eq!(l["$.Statement[0].KA"].0, 5);
        // Truncated and hostile input: no panic, what was read is kept.
        assert_eq!(super::lines("{\"a\": [1, ", ["$.a[0]"])["$.a[0]"], (1, 8));
        let deep = "[".repeat(100_000);
        let deep_paths: Vec<String> = (0..300).map(|n| format!("${}", "[0]".repeat(n))).collect();
        let l = super::lines(&deep, deep_paths.iter().map(String::as_str));
        assert!(l.len() <= 257, "{}", l.len());
        assert!(super::lines("\"unterminated", ["$"]).contains_key("$"));
        // Only the paths asked for are kept; a repeated key keeps its last line.
        let l = super::lines("{\"a\": 1,\n \"a\": 2, \"b\": 3}", ["$.a"]);
        assert_eq!(l.len(), 1);
        assert_eq!(l["$.a"].0, 2);
        // Keys that are not identifiers are quoted as the grammar reader quotes them.
        let l = super::lines("{\"a:b\":\n 1}", ["$['a:b']"]);
        assert_eq!(l["$['a:b']"].0, 2);
    }

    #[test]
    fn repeated_keys_are_found_at_any_depth() {
        let text = "{\"Statement\": [],\n \"x\": {\"Effect\": 1,\n\n \"Eff\\u0065ct\": 2},\n \"Statement\": {}}";
        let d = super::duplicates(text);
        assert_eq!(d.len(), 2, "{d:?}");
        assert_eq!(d[0].path, "$.x.Effect");
        assert_eq!((d[0].first_line, d[0].line), (2, 4));
        assert_eq!(d[1].key, "Statement");
        assert_eq!((d[1].first_line, d[1].line), (1, 5));
        assert!(super::duplicates("{\"a\": [{\"b\": 1}, {\"b\": 2}]}").is_empty());
    }
}
