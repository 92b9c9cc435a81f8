//! IAM wildcards: `*` matches any run of characters, `?` any one, letters
//! match without regard to case (action names are case-insensitive).

/// True when `text` matches `pattern`.
pub(crate) fn matches(pattern: &str, text: &str) -> bool {
    let (p, t) = (pattern.as_bytes(), text.as_bytes());
    // Iterative glob with one backtrack point: linear in practice, and no
    // recursion whatever the pattern.
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == b'?' || p[pi].eq_ignore_ascii_case(&t[ti])) {
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
        assert!(matches("List*", "ListChannels"));
        assert!(matches("list*", "ListChannels"));
        assert!(!matches("List*", "BatchList"));
        assert!(matches("*Channel*", "DescribeChannelBan"));
        assert!(matches("Get?ucket*", "GetBucketPolicy"));
        assert!(!matches("Get?", "Get"));
        assert!(matches("*", ""));
        assert!(matches("a*b*c", "aXbYbZc"));
        assert!(!matches("a*b*c", "aXbYbZ"));
        assert_eq!(literal_prefix("Get*Policy"), "Get");
        assert_eq!(literal_prefix("*"), "");
    }
}
