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
    glob(pattern.as_bytes(), text.as_bytes(), |p, t| p == t, |b| b)
}

/// [`wildcard_match`] ignoring ASCII case, as IAM compares action names
/// (`s3:get*` matches `s3:GetObject`).
///
/// ```
/// use aws_iam_catalog::wildcard_match_ignore_case;
/// assert!(wildcard_match_ignore_case("s3:get*", "s3:GetObject"));
/// ```
pub fn wildcard_match_ignore_case(pattern: &str, text: &str) -> bool {
    glob(
        pattern.as_bytes(),
        text.as_bytes(),
        |p, t| p.eq_ignore_ascii_case(&t),
        |b| b.to_ascii_lowercase(),
    )
}

/// Iterative glob with one backtrack point: the usual patterns (`s3:Get*`,
/// `arn:aws:s3:::bucket/*`) answer in one pass, no recursion whatever the
/// pattern. A pattern that makes it backtrack a lot (`*` + `a` × m + `b`
/// against `a` × n is m × n steps) is handed, once it has spent a few
/// passes over the text, to [`glob_linear`], whose cost is bounded by the
/// lengths. `?` is one byte: IAM names and ARNs are ASCII.
fn glob(p: &[u8], t: &[u8], eq: impl Fn(u8, u8) -> bool, fold: fn(u8) -> u8) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    // The steps a backtrack undoes (`ti` moves back to `mark + 1`), summed
    // only when one happens, so a pattern that never backtracks
    // (`s3:Get*`) counts nothing. Past this many the pattern is a
    // backtracking one: start over linearly.
    let (mut undone, budget) = (0, 4 * (t.len() + p.len()) + 64);
    while ti < t.len() {
        if pi < p.len() && p[pi] != b'*' && (p[pi] == b'?' || eq(p[pi], t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == b'*' {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            undone += ti - mark;
            if undone > budget {
                return glob_linear(p, t, fold);
            }
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|&c| c == b'*')
}

/// The same answer as [`glob`] in time linear in the text and the pattern
/// for `*`-separated literal pieces, whatever their number: the pieces
/// between `*`s are matched greedily left to right (the leftmost place of
/// each leaves the most room to the next, so greedy is exact), the first
/// anchored at the start and the last at the end when the pattern does
/// not begin or end with `*`. A piece without `?` is found with
/// Knuth–Morris–Pratt (linear); one with `?` with a bit-parallel
/// shift-and (text × piece / 64 word operations).
fn glob_linear(p: &[u8], t: &[u8], fold: fn(u8) -> u8) -> bool {
    let fits = |piece: &[u8], at: &[u8]| {
        piece
            .iter()
            .zip(at)
            .all(|(&a, &b)| a == b'?' || fold(a) == fold(b))
    };
    let mut pieces: Vec<&[u8]> = p.split(|&b| b == b'*').collect();
    if pieces.len() == 1 {
        return p.len() == t.len() && fits(p, t);
    }
    // With at least one `*`: the first piece is anchored at the start (it
    // is empty when the pattern starts with `*`), the last at the end.
    let first = pieces.remove(0);
    let last = pieces.pop().expect("two pieces at least");
    if first.len() + last.len() > t.len()
        || !fits(first, &t[..first.len()])
        || !fits(last, &t[t.len() - last.len()..])
    {
        return false;
    }
    let (mut at, end) = (first.len(), t.len() - last.len());
    for piece in pieces.into_iter().filter(|piece| !piece.is_empty()) {
        let found = if piece.contains(&b'?') {
            shift_and_find(piece, &t[at..end], fold)
        } else {
            kmp_find(piece, &t[at..end], fold)
        };
        match found {
            Some(i) => at += i + piece.len(),
            None => return false,
        }
    }
    true
}

/// Where `piece` (no wildcards) first occurs in `text`, comparing folded
/// bytes: Knuth–Morris–Pratt, linear in both.
fn kmp_find(piece: &[u8], text: &[u8], fold: fn(u8) -> u8) -> Option<usize> {
    let piece: Vec<u8> = piece.iter().map(|&b| fold(b)).collect();
    let mut fail = vec![0usize; piece.len()];
    let mut k = 0;
    for i in 1..piece.len() {
        while k > 0 && piece[i] != piece[k] {
            k = fail[k - 1];
        }
        if piece[i] == piece[k] {
            k += 1;
        }
        fail[i] = k;
    }
    let mut k = 0;
    for (i, &b) in text.iter().enumerate() {
        let b = fold(b);
        while k > 0 && b != piece[k] {
            k = fail[k - 1];
        }
        if b == piece[k] {
            k += 1;
            if k == piece.len() {
                return Some(i + 1 - piece.len());
            }
        }
    }
    None
}

/// Where `piece` (with `?`, which takes any byte) first occurs in `text`:
/// shift-and, one bit a byte of the piece.
fn shift_and_find(piece: &[u8], text: &[u8], fold: fn(u8) -> u8) -> Option<usize> {
    let words = piece.len().div_ceil(64);
    // The bits of each byte value: positions it may take.
    let mut masks = vec![0u64; 256 * words];
    for (i, &c) in piece.iter().enumerate() {
        let bit = 1u64 << (i % 64);
        if c == b'?' {
            for v in 0..256 {
                masks[v * words + i / 64] |= bit;
            }
        } else {
            for v in 0..=255u8 {
                if fold(v) == fold(c) {
                    masks[usize::from(v) * words + i / 64] |= bit;
                }
            }
        }
    }
    let last = piece.len() - 1;
    let mut state = vec![0u64; words];
    for (i, &b) in text.iter().enumerate() {
        let mask = &masks[usize::from(b) * words..][..words];
        // state = ((state << 1) | 1) & mask, over the words.
        let mut carry = 1u64;
        for (w, m) in state.iter_mut().zip(mask) {
            let next = *w >> 63;
            *w = ((*w << 1) | carry) & m;
            carry = next;
        }
        if state[last / 64] & (1u64 << (last % 64)) != 0 {
            return Some(i + 1 - piece.len());
        }
    }
    None
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
pub(crate) mod tests {
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

    /// A dynamic-programming matcher, obviously right and slow: the
    /// reference the fast ones are compared with.
    fn naive(p: &[u8], t: &[u8], fold: fn(u8) -> u8) -> bool {
        // can[j]: the pattern read so far matches t[..j].
        let mut can = vec![false; t.len() + 1];
        can[0] = true;
        for &c in p {
            let mut next = vec![false; t.len() + 1];
            for j in 0..=t.len() {
                next[j] = match c {
                    b'*' => can[j] || (j > 0 && next[j - 1]),
                    b'?' => j > 0 && can[j - 1],
                    c => j > 0 && can[j - 1] && fold(c) == fold(t[j - 1]),
                };
            }
            can = next;
        }
        can[t.len()]
    }

    /// A small deterministic generator (xorshift), so the crate needs no
    /// dependency for its property tests.
    pub(crate) struct Rng(pub(crate) u64);

    impl Rng {
        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        pub(crate) fn string(&mut self, alphabet: &[u8], max: usize) -> String {
            let n = self.below(max + 1);
            (0..n)
                .map(|_| char::from(alphabet[self.below(alphabet.len())]))
                .collect()
        }
    }

    /// Many generated patterns and texts: the backtracking glob, the linear
    /// one and the reference agree, with and without case.
    #[test]
    fn generated_patterns_agree_with_the_reference() {
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
        let lower: fn(u8) -> u8 = |b| b.to_ascii_lowercase();
        let same: fn(u8) -> u8 = |b| b;
        for _ in 0..20_000 {
            let p = rng.string(b"abA*?*", 12);
            let t = rng.string(b"abAB", 14);
            let (pb, tb) = (p.as_bytes(), t.as_bytes());
            let want = naive(pb, tb, same);
            assert_eq!(wildcard_match(&p, &t), want, "{p:?} vs {t:?}");
            assert_eq!(glob_linear(pb, tb, same), want, "linear {p:?} vs {t:?}");
            let want = naive(pb, tb, lower);
            assert_eq!(wildcard_match_ignore_case(&p, &t), want, "{p:?} vs {t:?}");
            assert_eq!(glob_linear(pb, tb, lower), want, "linear {p:?} vs {t:?}");
        }
        // Longer pieces with `?` cross the shift-and's 64-bit words.
        for _ in 0..300 {
            let p = format!("*{}*", rng.string(b"ab?", 150));
            let t = rng.string(b"ab", 400);
            let want = naive(p.as_bytes(), t.as_bytes(), same);
            assert_eq!(glob_linear(p.as_bytes(), t.as_bytes(), same), want, "{p:?}");
        }
    }

    /// The issue's quadratic case answers (the bench measures its time).
    #[test]
    fn a_backtracking_pattern_is_answered_linearly() {
        let p = format!("*{}b", "a".repeat(10_000));
        let t = "a".repeat(100_000);
        assert!(!wildcard_match(&p, &t));
        assert!(wildcard_match(&p, &format!("{t}b")));
        assert!(wildcard_match_ignore_case(
            &p.to_uppercase(),
            &format!("{t}b")
        ));
    }
}
