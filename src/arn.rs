//! Matching ARNs and policy ARN patterns against the reference's ARN
//! templates, as IAM reads them.
//!
//! A template such as `arn:${Partition}:s3:::${BucketName}/${ObjectName}`
//! is literal text and placeholders. The rules:
//!
//! - A placeholder stands for one or more characters, never a `:` (a
//!   region, an account or a resource name never holds one; a `:` in the
//!   template is always a separator).
//! - Inside the resource part, a placeholder holds no `/` when a `/`
//!   follows it in the template (`${BucketName}/…`), nor when it is the
//!   whole resource part (`arn:…:s3:::${BucketName}`: a bucket, not an
//!   object). A trailing placeholder after a literal resource part
//!   (`log-group:${LogGroupName}`, `${BucketName}/${ObjectName}`,
//!   `role/${RoleNameWithPath}`) holds a path with `/`, and a placeholder
//!   whose name says `Path` always may.
//! - A placeholder that is the whole region or the whole account segment
//!   (`${Region}`, `${Account}`, `${AccountId}`, …) may also be empty: the
//!   ARNs of AWS-owned resources leave them out
//!   (`arn:aws:ssm:us-east-1::parameter/aws/service/…`,
//!   `arn:aws:ssm:*::document/AWS-*`).
//! - A `*` written in a template (`arn:${Partition}:${Vendor}:${Region}:*:…`,
//!   `…/api/*`) stands for any run of characters other than `:`.
//! - A template a service's own guide gives a second form for matches
//!   both: CloudWatch Logs writes a log group's ARN
//!   `…:log-group:${LogGroupName}` and also with `:*` after it, the form
//!   `DescribeLogGroups` returns and its guide has IAM policies use for
//!   every action but a few
//!   (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/iam-access-control-overview-cwl.html>),
//!   so `arn:aws:logs:*:*:log-group:/aws/lambda/*:*` fits `log-group` (and
//!   `log-stream`), while a log stream's ARN still fits no log group.
//!
//! Matching a policy pattern (`arn:aws:ec2:*:*:instance/*`) asks whether
//! some ARN fits both the template and the pattern: the pattern's `*`
//! matches any run (a `:` included), `?` one character. Literals compare
//! exactly (IAM compares ARNs case-sensitively).

/// A template, or an ARN or pattern, as a sequence of tokens.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Token {
    /// This byte.
    Byte(u8),
    /// One byte of the class (template placeholders: the first of their
    /// one or more).
    One(Class),
    /// Any run of bytes of the class, none included.
    Many(Class),
}

/// Which bytes a wildcard may take: a template's never `:`, and `/` only
/// when `slash`; a policy pattern's any.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Class {
    colon: bool,
    slash: bool,
}

impl Class {
    /// A policy pattern's `*` and `?` (the tests' reference reads patterns
    /// as tokens).
    #[cfg(test)]
    const ANY: Class = Class {
        colon: true,
        slash: true,
    };

    /// A template's placeholder or `*`.
    const fn template(slash: bool) -> Class {
        Class {
            colon: false,
            slash,
        }
    }

    #[cfg(test)]
    fn admits(self, b: u8) -> bool {
        (self.colon || b != b':') && (self.slash || b != b'/')
    }
}

/// The tokens of a template, by the rules of the module docs.
fn template_tokens(template: &str) -> Vec<Token> {
    let bytes = template.as_bytes();
    // Where the resource part starts: after the fifth `:` written as a
    // literal (placeholders hold none). The first five are kept: the
    // region is between the third and the fourth, the account between the
    // fourth and the fifth.
    let mut colons = 0;
    let mut colon_at = [usize::MAX; 5];
    let mut resource_start = bytes.len();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"${") {
            match template[i..].find('}') {
                Some(end) => i += end + 1,
                None => break,
            }
            continue;
        }
        if bytes[i] == b':' {
            colon_at[colons] = i;
            colons += 1;
            if colons == 5 {
                resource_start = i + 1;
                break;
            }
        }
        i += 1;
    }

    let mut tokens = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i..].starts_with(b"${")
            && let Some(end) = template[i..].find('}')
        {
            let name = &template[i + 2..i + end];
            let after = i + end + 1;
            let in_resource = i >= resource_start;
            let slash_follows = template[after..].contains('/');
            let whole_resource = i == resource_start && after == bytes.len();
            let slash =
                in_resource && (name.contains("Path") || (!slash_follows && !whole_resource));
            let class = Class::template(slash);
            // The whole region or account segment may be empty: AWS-owned
            // resources have no account (`arn:aws:ssm:us-east-1::document/AWS-…`).
            let whole_segment = |k: usize| {
                colon_at[k] != usize::MAX && i == colon_at[k] + 1 && after == colon_at[k + 1]
            };
            if !(whole_segment(2) || whole_segment(3)) {
                tokens.push(Token::One(class));
            }
            tokens.push(Token::Many(class));
            i = after;
            continue;
        }
        if bytes[i] == b'*' {
            tokens.push(Token::Many(Class::template(i >= resource_start)));
        } else {
            tokens.push(Token::Byte(bytes[i]));
        }
        i += 1;
    }
    tokens
}

/// A policy's ARN pattern (or an ARN, read literally) made ready to meet
/// many templates: a bit-parallel automaton over the pattern's positions.
///
/// State `i` (one bit) means "the pattern's first `i` tokens that are not
/// `*` are matched"; a `*` before token `i` is a loop on state `i`. A
/// template is read token by token, each step a few operations per 64-bit
/// word of the set: a literal byte or a placeholder's one byte shifts the
/// set by one where the token takes the byte; a placeholder's run (any
/// number of bytes of its class) fills each set bit forward through the
/// tokens the class can take, with one addition (the carry runs through
/// them). So a template costs its length times the pattern's words, not
/// the product of the lengths as the search of pairs of positions did;
/// only the words that can hold a bit are touched, and a pattern ending in
/// `*` stops as soon as its end is reached.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    /// Tokens other than `*`.
    len: usize,
    /// Words of a state set (`len + 1` bits).
    words: usize,
    /// The masks, `words` each, in one allocation: [`STAR`] (bit `i`: a
    /// `*` loops on state `i`), [`SLASH`] / [`NO_SLASH`] (bit `i`: token
    /// `i` takes a byte of a template placeholder that may hold `/`, or
    /// not: any token but a literal `:`, and `/`), then one per class of
    /// [`Compiled::class_of`] (bit `i`: token `i` takes that byte; class 0,
    /// a byte no literal of the pattern is, is the `?` tokens only).
    masks: Vec<u64>,
    /// Per byte value, its class.
    class_of: [u16; 256],
    /// The pattern ends with `*`: once its end is reached, anything fits.
    open_end: bool,
}

const STAR: usize = 0;
const SLASH: usize = 1;
const NO_SLASH: usize = 2;
/// The first class's mask (class 0).
const CLASSES: usize = 3;

impl Compiled {
    /// A policy pattern: `*` any run, `?` one byte, the rest literal.
    pub(crate) fn pattern(pattern: &str) -> Compiled {
        Compiled::new(pattern.as_bytes(), true)
    }

    /// An ARN: every byte literal.
    pub(crate) fn literal(arn: &str) -> Compiled {
        Compiled::new(arn.as_bytes(), false)
    }

    fn new(bytes: &[u8], wildcards: bool) -> Compiled {
        let is_star = |b: u8| wildcards && b == b'*';
        let is_any = |b: u8| wildcards && b == b'?';
        let mut class_of = [0u16; 256];
        let mut classes = 1u16;
        let mut len = 0;
        for &b in bytes {
            if is_star(b) {
                continue;
            }
            len += 1;
            if !is_any(b) && class_of[usize::from(b)] == 0 {
                class_of[usize::from(b)] = classes;
                classes += 1;
            }
        }
        let words = (len + 1usize).div_ceil(64);
        let mut masks = vec![0u64; (CLASSES + usize::from(classes)) * words];
        let mut set = |mask: usize, i: usize| masks[mask * words + i / 64] |= 1 << (i % 64);
        let mut i = 0;
        let mut open_end = false;
        for &b in bytes {
            if is_star(b) {
                set(STAR, i);
                open_end = i == len;
                continue;
            }
            if b != b':' || is_any(b) {
                set(SLASH, i);
                if b != b'/' || is_any(b) {
                    set(NO_SLASH, i);
                }
            }
            if is_any(b) {
                // `?` takes every byte: every class.
                for class in 0..usize::from(classes) {
                    set(CLASSES + class, i);
                }
            } else {
                set(CLASSES + usize::from(class_of[usize::from(b)]), i);
            }
            i += 1;
        }
        Compiled {
            len,
            words,
            masks,
            class_of,
            open_end,
        }
    }

    fn mask(&self, which: usize) -> &[u64] {
        &self.masks[which * self.words..][..self.words]
    }

    /// True when some string fits both the template's tokens and the
    /// pattern.
    fn meets(&self, template: &[Token]) -> bool {
        // On the stack whatever the pattern (at most `MAX_PATTERN` bytes):
        // a 4 KB pattern met with every template allocated a set for each.
        let mut words = [0u64; MAX_WORDS];
        let set = &mut words[..self.words];
        set[0] = 1;
        // Words past `top` are zero.
        let mut top = 1;
        let end = (self.len / 64, 1u64 << (self.len % 64));
        for &token in template {
            if self.open_end && set[end.0] & end.1 != 0 {
                return true;
            }
            top = match token {
                Token::Byte(b) => {
                    let class = usize::from(self.class_of[usize::from(b)]);
                    self.step(set, top, self.mask(CLASSES + class))
                }
                Token::One(class) => self.step(set, top, self.takes(class)),
                Token::Many(class) => self.fill(set, top, self.takes(class)),
            };
            if top == 0 {
                return false;
            }
        }
        set[end.0] & end.1 != 0
    }

    /// The tokens a template's placeholder byte may meet (never a `:`).
    fn takes(&self, class: Class) -> &[u64] {
        self.mask(if class.slash { SLASH } else { NO_SLASH })
    }

    /// One byte that `mask`'s tokens take: `set = ((set & mask) << 1) |
    /// (set & star)`. Returns the new `top`.
    fn step(&self, set: &mut [u64], top: usize, mask: &[u64]) -> usize {
        let star = self.mask(STAR);
        let mut carry = 0u64;
        let mut new_top = 0;
        let reach = (top + 1).min(self.words);
        for w in 0..reach {
            let s = set[w];
            let moved = s & mask[w];
            set[w] = (moved << 1) | carry | (s & star[w]);
            carry = moved >> 63;
            if set[w] != 0 {
                new_top = w + 1;
            }
        }
        new_top
    }

    /// Any number of bytes that `mask`'s tokens take: every set bit runs
    /// forward through consecutive tokens of `mask` (a `*` loop keeps its
    /// state, which is already set): `set | (((set & mask) + mask) ^ mask)`
    /// restricted to the runs, word by word with the carry.
    fn fill(&self, set: &mut [u64], top: usize, mask: &[u64]) -> usize {
        let mut carry = 0u64;
        let mut new_top = 0;
        let mut w = 0;
        while w < self.words && (w < top || carry != 0) {
            let s = set[w];
            let m = mask[w];
            let (sum, c1) = (s & m).overflowing_add(m);
            let (sum, c2) = sum.overflowing_add(carry);
            carry = u64::from(c1 || c2);
            set[w] = s | (sum ^ m);
            if set[w] != 0 {
                new_top = w + 1;
            }
            w += 1;
        }
        new_top
    }
}

/// Templates with a second, documented form: the template, then the
/// literal text its second form adds (see the module docs).
const ALSO_WITH_SUFFIX: &[(&str, &str)] = &[(
    "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}",
    ":*",
)];

/// The token sequences of a template's forms: itself, and its second form
/// when it has one.
fn forms(template: &str) -> impl Iterator<Item = Vec<Token>> {
    let tokens = template_tokens(template);
    let second = ALSO_WITH_SUFFIX
        .iter()
        .find(|(t, _)| *t == template)
        .map(|(_, suffix)| {
            let mut with = tokens.clone();
            with.extend(suffix.bytes().map(Token::Byte));
            with
        });
    std::iter::once(tokens).chain(second)
}

/// A policy's ARN pattern (`*` any run, `?` one character) read once to be
/// met with many templates: [`crate::ArnTemplate::matches_pattern`] of each
/// template, without reading the pattern again for each. Each template
/// costs a few operations per template byte and per 64 characters of the
/// pattern (see the module docs); a pattern longer than 4,096 bytes fits
/// nothing (an ARN is at most 2,048).
///
/// ```
/// use aws_iam_catalog::{ArnPattern, Service};
/// let pattern = ArnPattern::new("arn:aws:s3:::my-bucket/*");
/// let fits: Vec<&str> = Service::S3
///     .resource_types()
///     .filter(|t| t.arn_templates().any(|a| pattern.fits(a)))
///     .map(|t| t.name())
///     .collect();
/// assert_eq!(fits, ["object"]);
/// ```
#[derive(Clone, Debug)]
pub struct ArnPattern(Option<Compiled>);

impl ArnPattern {
    /// Reads the pattern.
    pub fn new(pattern: &str) -> ArnPattern {
        ArnPattern((pattern.len() <= MAX_PATTERN).then(|| Compiled::pattern(pattern)))
    }

    /// True when some ARN fits both the template (as its text) and the
    /// pattern: [`ArnPattern::fits`], which `resource.rs` defines beside
    /// the template's handle.
    pub(crate) fn fits_template(&self, template: &'static str) -> bool {
        self.0.as_ref().is_some_and(|p| compiled_meets(template, p))
    }
}

/// Patterns longer than this are refused rather than matched: an ARN is at
/// most 2,048 characters.
const MAX_PATTERN: usize = 4096;

/// The words of the longest pattern's (or ARN's) state set: one bit a
/// position, the end included.
const MAX_WORDS: usize = (MAX_PATTERN + 1).div_ceil(64);

/// True when `arn` fits `template`.
pub(crate) fn template_matches(template: &'static str, arn: &str) -> bool {
    arn.len() <= MAX_PATTERN && {
        let arn = Compiled::literal(arn);
        with_forms(template, |forms| forms.iter().any(|t| arn.meets(t)))
    }
}

/// Patterns from this long are kept compiled (the last one of the
/// thread): reading one costs about its length, which a caller matching it
/// against every template one [`ArnTemplate::matches_pattern`](crate::ArnTemplate::matches_pattern)
/// at a time would otherwise pay per template. Shorter ones compile in
/// less time than a comparison with the kept one would save.
const KEEP_FROM: usize = 256;

std::thread_local! {
    static LAST: std::cell::RefCell<Option<(String, std::rc::Rc<Compiled>)>> =
        const { std::cell::RefCell::new(None) };
}

/// True when some ARN fits both `template` and the policy `pattern`.
pub(crate) fn template_meets_pattern(template: &'static str, pattern: &str) -> bool {
    if pattern.len() > MAX_PATTERN {
        return false;
    }
    if pattern.len() < KEEP_FROM {
        return compiled_meets(template, &Compiled::pattern(pattern));
    }
    let compiled = LAST.with_borrow_mut(|last| match last {
        Some((kept, c)) if kept == pattern => std::rc::Rc::clone(c),
        _ => {
            let c = std::rc::Rc::new(Compiled::pattern(pattern));
            *last = Some((pattern.to_string(), std::rc::Rc::clone(&c)));
            c
        }
    });
    compiled_meets(template, &compiled)
}

/// [`template_meets_pattern`] with the pattern compiled once for many
/// templates.
fn compiled_meets(template: &'static str, pattern: &Compiled) -> bool {
    with_forms(template, |forms| forms.iter().any(|t| pattern.meets(t)))
}

/// Template forms by the address and length of the template's text.
type KeptForms = std::collections::HashMap<(usize, usize), std::rc::Rc<[Vec<Token>]>>;

std::thread_local! {
    /// The forms of the catalog's templates met so far, by the address and
    /// length of their `'static` text (which no other string can take): a pattern
    /// met with every template read each template again, about half the
    /// time of the meeting. At most the catalog's templates.
    static FORMS: std::cell::RefCell<KeptForms> = std::cell::RefCell::new(KeptForms::new());
}

/// `f` of a catalog template's forms, read once a thread.
fn with_forms<T>(template: &'static str, f: impl FnOnce(&[Vec<Token>]) -> T) -> T {
    let forms = FORMS.with_borrow_mut(|kept| {
        std::rc::Rc::clone(
            kept.entry((template.as_ptr() as usize, template.len()))
                .or_insert_with(|| forms(template).collect()),
        )
    });
    f(&forms)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A policy pattern: `*` any run, `?` one byte, the rest literal.
    fn pattern_tokens(pattern: &str) -> Vec<Token> {
        pattern
            .bytes()
            .map(|b| match b {
                b'*' => Token::Many(Class::ANY),
                b'?' => Token::One(Class::ANY),
                b => Token::Byte(b),
            })
            .collect()
    }

    /// The reference the automaton is compared with: a search over pairs
    /// of positions (at most `a.len() × b.len()` states, each visited
    /// once), the matcher this module had before.
    fn naive_intersects(a: &[Token], b: &[Token]) -> bool {
        let width = b.len() + 1;
        let mut seen = vec![false; (a.len() + 1) * width];
        let mut stack = vec![(0usize, 0usize)];
        while let Some((i, j)) = stack.pop() {
            if std::mem::replace(&mut seen[i * width + j], true) {
                continue;
            }
            if i == a.len() && j == b.len() {
                return true;
            }
            if let Some(Token::Many(_)) = a.get(i) {
                stack.push((i + 1, j));
            }
            if let Some(Token::Many(_)) = b.get(j) {
                stack.push((i, j + 1));
            }
            if let (Some(&x), Some(&y)) = (a.get(i), b.get(j)) {
                let fits = match (x, y) {
                    (Token::Byte(p), Token::Byte(q)) => p == q,
                    (Token::Byte(p), Token::One(c) | Token::Many(c))
                    | (Token::One(c) | Token::Many(c), Token::Byte(p)) => c.admits(p),
                    _ => true,
                };
                if fits {
                    let ni = if matches!(x, Token::Many(_)) {
                        i
                    } else {
                        i + 1
                    };
                    let nj = if matches!(y, Token::Many(_)) {
                        j
                    } else {
                        j + 1
                    };
                    stack.push((ni, nj));
                }
            }
        }
        false
    }

    fn naive_meets(template: &str, pattern: &str) -> bool {
        let p = pattern_tokens(pattern);
        forms(template).any(|t| naive_intersects(&t, &p))
    }

    /// Generated templates and patterns: the automaton answers as the
    /// search of pairs does.
    #[test]
    fn generated_patterns_agree_with_the_pair_search() {
        let mut rng = crate::wildcard::tests::Rng(0x2545_f491_4f6c_dd1d);
        let mut templates: Vec<String> = vec![
            BUCKET.into(),
            OBJECT.into(),
            LOG_GROUP.into(),
            INSTANCE.into(),
        ];
        for _ in 0..30 {
            let mut t = String::from("arn:${Partition}:x:");
            for _ in 0..rng.below(5) {
                t.push_str(
                    ["${Region}", "a", ":", "/", "${Name}", "*", "b:", "${Path}/"][rng.below(8)],
                );
            }
            templates.push(t);
        }
        // Catalog templates are `'static` (their forms are kept by address).
        let templates: Vec<&'static str> = templates
            .into_iter()
            .map(|t| &*Box::leak(t.into_boxed_str()))
            .collect();
        let mut checked = 0;
        for _ in 0..1_500 {
            let tail = rng.string(b"ab:/*?", 10);
            let pattern = match rng.below(3) {
                0 => format!("arn:aws:x:{tail}"),
                1 => format!("arn:*{tail}"),
                _ => tail,
            };
            for t in &templates {
                let want = naive_meets(t, &pattern);
                assert_eq!(
                    template_meets_pattern(t, &pattern),
                    want,
                    "{t:?} vs {pattern:?}"
                );
                let literal: Vec<Token> = pattern.bytes().map(Token::Byte).collect();
                let want = forms(t).any(|f| naive_intersects(&f, &literal));
                assert_eq!(
                    template_matches(t, &pattern),
                    want,
                    "{t:?} vs ARN {pattern:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 50_000);
    }

    /// Patterns past the 64 bits of one word.
    #[test]
    fn long_patterns_agree_with_the_pair_search() {
        let mut rng = crate::wildcard::tests::Rng(7);
        for _ in 0..300 {
            let pattern = format!("arn:aws:x:{}", rng.string(b"ab:/*?", 400));
            for t in [
                INSTANCE,
                OBJECT,
                LOG_GROUP,
                "arn:${Partition}:x:*:${Name}/${Path}",
            ] {
                assert_eq!(
                    template_meets_pattern(t, &pattern),
                    naive_meets(t, &pattern),
                    "{t:?} vs {pattern:?}"
                );
            }
        }
    }

    const BUCKET: &str = "arn:${Partition}:s3:::${BucketName}";
    const OBJECT: &str = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
    const LOG_GROUP: &str = "arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}";
    const INSTANCE: &str = "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}";

    #[test]
    fn placeholders_stay_in_their_segment() {
        assert!(template_matches(BUCKET, "arn:aws:s3:::my-bucket"));
        assert!(!template_matches(BUCKET, "arn:aws:s3:::my-bucket/key"));
        assert!(template_matches(OBJECT, "arn:aws:s3:::b/dir/key.txt"));
        assert!(!template_matches(OBJECT, "arn:aws:s3:::b/"));
        assert!(template_matches(
            LOG_GROUP,
            "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f"
        ));
        assert!(!template_matches(
            LOG_GROUP,
            "arn:aws:logs:us-east-1:123456789012:log-group:g:log-stream:s"
        ));
        // A region never holds a colon.
        assert!(!template_matches(
            INSTANCE,
            "arn:aws:ec2:us:east:123:instance/i-1"
        ));
        // But a region or an account may be empty (AWS-owned resources).
        assert!(template_matches(INSTANCE, "arn:aws:ec2::123:instance/i-1"));
        assert!(template_matches(
            INSTANCE,
            "arn:aws:ec2:us-east-1::instance/i-1"
        ));
        // A resource name may not.
        assert!(!template_matches(
            INSTANCE,
            "arn:aws:ec2:us-east-1:1:instance/"
        ));
        // Nor a placeholder that is only part of the segment.
        assert!(!template_matches(
            "arn:${Partition}:x:${Region}:acct-${Account}:thing/${Id}",
            "arn:aws:x:r:acct-:thing/a"
        ));
    }

    /// CloudWatch Logs' second form of a log group's ARN, `…:*`.
    #[test]
    fn a_log_group_also_with_its_documented_suffix() {
        let arn = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f";
        assert!(template_matches(LOG_GROUP, arn));
        assert!(template_matches(LOG_GROUP, &format!("{arn}:*")));
        assert!(!template_matches(LOG_GROUP, &format!("{arn}:x")));
        assert!(!template_matches(LOG_GROUP, &format!("{arn}:log-stream:s")));
        assert!(template_meets_pattern(
            LOG_GROUP,
            "arn:aws:logs:*:*:log-group:/aws/lambda/*:*"
        ));
        assert!(template_meets_pattern(
            LOG_GROUP,
            "arn:aws:logs:*:*:log-group:g:*"
        ));
        // Other templates have no second form.
        assert!(!template_matches(BUCKET, "arn:aws:s3:::b:*"));
    }

    #[test]
    fn policy_patterns() {
        assert!(template_meets_pattern(
            INSTANCE,
            "arn:aws:ec2:*:*:instance/*"
        ));
        assert!(template_meets_pattern(INSTANCE, "*"));
        assert!(template_meets_pattern(
            INSTANCE,
            "arn:aws:ec2:us-east-?:*:instance/i-*"
        ));
        assert!(!template_meets_pattern(
            INSTANCE,
            "arn:aws:ec2:*:*:volume/*"
        ));
        assert!(template_meets_pattern(BUCKET, "arn:aws:s3:::*"));
        // `*` may be the empty run, but a bucket name is not empty and
        // holds no `/`.
        assert!(!template_meets_pattern(BUCKET, "arn:aws:s3:::b/*"));
        assert!(template_meets_pattern(OBJECT, "arn:aws:s3:::b/*"));
        assert!(!template_meets_pattern(OBJECT, "arn:aws:s3:::b"));
    }

    #[test]
    fn huge_inputs_are_refused_not_searched() {
        let long = "*".repeat(MAX_PATTERN + 1);
        assert!(!template_meets_pattern(INSTANCE, &long));
        // Bounded work whatever the pattern: 4,000 stars against the
        // template is a few hundred thousand states, visited once each.
        let many = format!("{}:", "*a".repeat(2000));
        assert!(!template_meets_pattern(INSTANCE, &many));
        assert!(template_meets_pattern(INSTANCE, &"*a".repeat(2000)));
    }
}
