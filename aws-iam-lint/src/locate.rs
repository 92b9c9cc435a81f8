//! Line numbers for JSON paths: one pass over the document's text that
//! records where each value starts, under the path the grammar reader gives
//! it (`$.Statement[0].Action[2]`), so findings can point at a line.

use std::collections::HashMap;

/// The 1-based line of every value of `text`, by JSON path. A document that
/// is not JSON gives what was read before the fault (findings about it name
/// `$`, which is always line 1).
pub(crate) fn lines(text: &str) -> HashMap<String, usize> {
    let mut s = Scanner {
        bytes: text.as_bytes(),
        at: 0,
        line: 1,
        out: HashMap::new(),
        depth: 0,
    };
    s.value("$".to_string());
    s.out
}

struct Scanner<'a> {
    bytes: &'a [u8],
    at: usize,
    line: usize,
    out: HashMap<String, usize>,
    depth: usize,
}

/// Deeper than serde_json reads (128), so nothing it accepts is cut short.
const MAX_DEPTH: usize = 256;

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        if b == b'\n' {
            self.line += 1;
        }
        self.at += 1;
        Some(b)
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            self.bump();
        }
    }

    /// Reads one value at `path`; false on malformed input (scanning stops).
    fn value(&mut self, path: String) -> bool {
        self.skip_ws();
        self.out.insert(path.clone(), self.line);
        match self.peek() {
            Some(b'{') => self.nested(path, true),
            Some(b'[') => self.nested(path, false),
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

    fn nested(&mut self, path: String, object: bool) -> bool {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return false;
        }
        self.bump();
        let close = if object { b'}' } else { b']' };
        let mut index = 0;
        loop {
            self.skip_ws();
            if self.peek() == Some(close) {
                self.bump();
                self.depth -= 1;
                return true;
            }
            let child = if object {
                let Some(key) = self.string() else {
                    return false;
                };
                self.skip_ws();
                if self.bump() != Some(b':') {
                    return false;
                }
                format!("{path}.{key}")
            } else {
                format!("{path}[{index}]")
            };
            index += 1;
            if !self.value(child) {
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

    /// A string, unescaped through serde_json (escapes are rare in keys).
    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.bump();
        loop {
            match self.bump()? {
                b'\\' => {
                    self.bump()?;
                }
                b'"' => break,
                _ => {}
            }
        }
        serde_json::from_slice(&self.bytes[start..self.at]).ok()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn paths_to_lines() {
        let text = "{\n  \"Statement\": [\n    {\"Action\": [\"a:B\",\n      \"c:D\"],\n     \"K\\u0041\": 1}\n  ]\n}";
        let l = super::lines(text);
        assert_eq!(l["$"], 1);
        assert_eq!(l["$.Statement"], 2);
        assert_eq!(l["$.Statement[0]"], 3);
        assert_eq!(l["$.Statement[0].Action[0]"], 3);
        assert_eq!(l["$.Statement[0].Action[1]"], 4);
        assert_eq!(l["$.Statement[0].KA"], 5);
        // Truncated and hostile input: no panic, what was read is kept.
        assert_eq!(super::lines("{\"a\": [1, ")["$.a[0]"], 1);
        assert!(super::lines(&"[".repeat(100_000)).len() <= 300);
        assert!(super::lines("\"unterminated").contains_key("$"));
    }
}
