//! IAM wildcards: `*` matches any run of characters (none included), `?`
//! exactly one. Policies use them in `Action`, `Resource` and condition
//! values; action names compare without regard to case, ARNs and most
//! values with it.

/// True when `text` matches the IAM wildcard `pattern`, comparing letters
/// exactly (as IAM compares ARNs and `StringLike` values).
///
/// ```
/// use aws_iam_catalog::wildcard_match;
/// assert!(wildcard_match("arn:aws:s3:::my-bucket/*", "arn:aws:s3:::my-bucket/a/b"));
/// assert!(wildcard_match("Get?bject", "GetObject"));
/// assert!(!wildcard_match("get*", "GetObject"));
/// ```
pub fn wildcard_match(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), |p, t| p == t)
}

/// [`wildcard_match`] ignoring ASCII case, as IAM compares action names
/// (`s3:get*` matches `s3:GetObject`).
///
/// ```
/// use aws_iam_catalog::wildcard_match_ignore_case;
/// assert!(wildcard_match_ignore_case("s3:get*", "s3:GetObject"));
/// ```
pub fn wildcard_match_ignore_case(pattern: &str, text: &str) -> bool {
    glob(pattern.as_bytes(), text.as_bytes(), |p, t| {
        p.eq_ignore_ascii_case(&t)
    })
}

/// Iterative glob with one backtrack point: linear in practice, no
/// recursion whatever the pattern. `?` is one byte: IAM names and ARNs
/// are ASCII.
fn glob(p: &[u8], t: &[u8], eq: impl Fn(u8, u8) -> bool) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && p[pi] != b'*' && (p[pi] == b'?' || eq(p[pi], t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// A pattern prepared once for many texts (`Action::matching` globs it
/// against thousands of names): runs of `*` collapsed, since they match
/// what one does, and the least length a text needs (one byte per
/// character that is not `*`). A text shorter than that is refused without
/// a glob, so a hostile pattern (`*` × 10,000, `*a` × 2,000) costs each
/// text at most its own length times a pattern no longer than twice it.
pub(crate) struct Prepared<'a> {
    pattern: std::borrow::Cow<'a, str>,
    min_len: usize,
}

impl<'a> Prepared<'a> {
    pub(crate) fn new(pattern: &'a str) -> Prepared<'a> {
        let pattern = if pattern.contains("**") {
            let mut collapsed = String::with_capacity(pattern.len());
            for c in pattern.chars() {
                if !(c == '*' && collapsed.ends_with('*')) {
                    collapsed.push(c);
                }
            }
            std::borrow::Cow::Owned(collapsed)
        } else {
            std::borrow::Cow::Borrowed(pattern)
        };
        let min_len = pattern.bytes().filter(|&b| b != b'*').count();
        Prepared { pattern, min_len }
    }

    pub(crate) fn as_str(&self) -> &str {
        &self.pattern
    }

    /// [`wildcard_match_ignore_case`] of the pattern and `text`.
    pub(crate) fn matches_ignore_case(&self, text: &str) -> bool {
        text.len() >= self.min_len && wildcard_match_ignore_case(&self.pattern, text)
    }
}

/// The literal text before the first wildcard.
pub(crate) fn literal_prefix(pattern: &str) -> &str {
    let end = pattern.find(['*', '?']).unwrap_or(pattern.len());
    &pattern[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_wildcards() {
        let m = wildcard_match_ignore_case;
        assert!(m("List*", "ListChannels"));
        assert!(m("list*", "ListChannels"));
        assert!(!m("List*", "BatchList"));
        assert!(m("*Channel*", "DescribeChannelBan"));
        assert!(m("Get?ucket*", "GetBucketPolicy"));
        assert!(!m("Get?", "Get"));
        assert!(m("*", ""));
        assert!(m("a*b*c", "aXbYbZc"));
        assert!(!m("a*b*c", "aXbYbZ"));
        // A literal `*` in the text is matched by `*` or `?` only.
        assert!(!m("a", "*"));
        assert!(wildcard_match("a*", "a"));
        assert!(!wildcard_match("A*", "a"));
        assert_eq!(literal_prefix("Get*Policy"), "Get");
        assert_eq!(literal_prefix("*"), "");
    }

    /// A prepared pattern answers as the pattern does.
    #[test]
    fn prepared_patterns_match_as_written() {
        let texts = ["", "a", "GetObject", "ListBuckets", "aaaa", "*", "a*b"];
        let patterns = [
            "",
            "*",
            "**",
            "***",
            "a",
            "a**",
            "**a",
            "*a*a*",
            "a**b",
            "Get**Object",
            "????",
            "?*?",
            "*?**?*",
            "list**",
            "a*b",
        ];
        for p in patterns {
            let prepared = Prepared::new(p);
            assert!(!prepared.as_str().contains("**"), "{p:?}");
            for t in texts {
                assert_eq!(
                    prepared.matches_ignore_case(t),
                    wildcard_match_ignore_case(p, t),
                    "{p:?} vs {t:?}"
                );
            }
        }
    }
}
