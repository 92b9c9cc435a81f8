//! JSON paths as findings name them: `$.Statement[0].Action[2]`, with a key
//! that is not an identifier quoted
//! (`$.Condition.StringEquals['token.actions.githubusercontent.com:aud']`),
//! so that a path names one place and cannot be read two ways. Every part of
//! the crate that writes or looks up a path goes through [`push_key`].

/// True for a key written `.key`: an ASCII identifier.
fn is_identifier(key: &str) -> bool {
    let mut chars = key.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Appends `key` to `path`: `.key`, or `['key']` with `'` and `\` escaped by
/// a backslash and control characters as `\u{..}` (a path never holds a raw
/// newline).
pub fn push_key(path: &mut String, key: &str) {
    if is_identifier(key) {
        path.push('.');
        path.push_str(key);
        return;
    }
    path.push_str("['");
    for c in key.chars() {
        match c {
            '\'' | '\\' => {
                path.push('\\');
                path.push(c);
            }
            c if c.is_control() => {
                use std::fmt::Write;
                let _ = write!(path, "\\u{{{:x}}}", c as u32);
            }
            c => path.push(c),
        }
    }
    path.push_str("']");
}

/// `path` with `key` appended (see [`push_key`]).
pub fn key(path: &str, key: &str) -> String {
    let mut out = String::with_capacity(path.len() + key.len() + 1);
    out.push_str(path);
    push_key(&mut out, key);
    out
}

/// Appends `[index]`.
pub fn push_index(path: &mut String, index: usize) {
    use std::fmt::Write;
    let _ = write!(path, "[{index}]");
}

/// The path one step up (`$.a['b.c'][2]` → `$.a['b.c']`), `None` for `$`.
pub fn parent(path: &str) -> Option<&str> {
    let bytes = path.as_bytes();
    let last = *bytes.last()?;
    if last == b']' {
        // `[n]` or `['…']`: find the `[` that opens it, skipping escaped quotes.
        if let Some(body) = path.strip_suffix("']") {
            let mut i = body.len();
            while let Some(q) = body[..i].rfind('\'') {
                let backslashes = body[..q].bytes().rev().take_while(|&b| b == b'\\').count();
                if backslashes % 2 == 0 && body[..q].ends_with('[') {
                    return Some(&path[..q - 1]);
                }
                i = q;
            }
            return None;
        }
        return path.rfind('[').map(|i| &path[..i]);
    }
    path.rfind('.').map(|i| &path[..i])
}

/// Joins a document's own path (`$.Statement[0]`) onto the path of the place
/// that document sits at in a bigger one (`$.Resources.Role.Properties`):
/// `$.Resources.Role.Properties.Statement[0]`.
pub fn join(prefix: &str, path: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + path.len());
    out.push_str(prefix);
    out.push_str(path.strip_prefix('$').unwrap_or(path));
    out
}

/// The value at `path` in `doc`, for a path written by this module.
pub fn get<'v>(doc: &'v serde_json::Value, path: &str) -> Option<&'v serde_json::Value> {
    let mut rest = path.strip_prefix('$')?;
    let mut at = doc;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("['") {
            let mut key = String::new();
            let mut chars = r.char_indices();
            let end = loop {
                match chars.next()? {
                    (_, '\\') => match chars.next()? {
                        (_, 'u') => {
                            // `\u{hex}`
                            let (i, _) = chars.next()?;
                            let close = r[i..].find('}')? + i;
                            key.push(char::from_u32(
                                u32::from_str_radix(&r[i + 1..close], 16).ok()?,
                            )?);
                            while chars.next()?.0 < close {}
                        }
                        (_, c) => key.push(c),
                    },
                    (i, '\'') => break i,
                    (_, c) => key.push(c),
                }
            };
            rest = r[end..].strip_prefix("']")?;
            at = at.get(key.as_str())?;
        } else if let Some(r) = rest.strip_prefix('[') {
            let (n, r) = r.split_once(']')?;
            at = at.get(n.parse::<usize>().ok()?)?;
            rest = r;
        } else {
            let r = rest.strip_prefix('.')?;
            let end = r.find(['.', '[']).unwrap_or(r.len());
            at = at.get(&r[..end])?;
            rest = &r[end..];
        }
    }
    Some(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_that_are_not_identifiers_are_quoted() {
        assert_eq!(key("$", "Statement"), "$.Statement");
        assert_eq!(
            key(
                "$.Condition.StringEquals",
                "token.actions.githubusercontent.com:aud"
            ),
            "$.Condition.StringEquals['token.actions.githubusercontent.com:aud']"
        );
        assert_eq!(key("$", "it's\\"), r"$['it\'s\\']");
        assert_eq!(key("$", "a\nb"), r"$['a\u{a}b']");
        assert_eq!(key("$", ""), "$['']");
        assert_eq!(key("$", "9a"), "$['9a']");
    }

    #[test]
    fn parents() {
        assert_eq!(parent("$"), None);
        assert_eq!(parent("$.a"), Some("$"));
        assert_eq!(parent("$.a[3]"), Some("$.a"));
        assert_eq!(parent("$.a['b.c']"), Some("$.a"));
        assert_eq!(parent(r"$.a['x\']y']"), Some("$.a"));
        assert_eq!(parent(r"$.a['[']"), Some("$.a"));
        assert_eq!(join("$.R.P", "$.Statement[0]"), "$.R.P.Statement[0]");
        assert_eq!(join("$.R.P", "$"), "$.R.P");
    }

    #[test]
    fn paths_lead_back_to_their_values() {
        let weird = "it's a\nkey.with:dots";
        let doc = serde_json::json!({"Statement": [{"Condition": {"StringEquals": {weird: "v"}}}]});
        let path = key("$.Statement[0].Condition.StringEquals", weird);
        assert_eq!(get(&doc, &path), Some(&serde_json::json!("v")));
        assert_eq!(
            get(&doc, "$.Statement[0].Condition").map(|v| v.is_object()),
            Some(true)
        );
        assert_eq!(get(&doc, "$.Statement[1]"), None);
        assert_eq!(get(&doc, "$"), Some(&doc));
    }
}
