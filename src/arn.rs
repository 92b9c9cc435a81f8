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
    /// A policy pattern's `*` and `?`.
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

/// An ARN: every byte literal.
fn literal_tokens(arn: &str) -> Vec<Token> {
    arn.bytes().map(Token::Byte).collect()
}

/// Patterns longer than this are refused rather than matched: an ARN is at
/// most 2,048 characters, and the work is the product of the lengths.
const MAX_PATTERN: usize = 4096;

/// True when some string fits both token sequences. A search over pairs
/// of positions (at most `a.len() × b.len()` states, each visited once).
fn intersects(a: &[Token], b: &[Token]) -> bool {
    let width = b.len() + 1;
    // One bit per pair (a bool each cost a zeroed allocation eight times
    // the size), and a stack sized for the usual template and ARN so that
    // it seldom grows: the matcher runs tens of thousands of times over a
    // corpus of policies.
    let mut seen = vec![0u64; ((a.len() + 1) * width).div_ceil(64)];
    let mut stack = Vec::with_capacity(64);
    stack.push((0usize, 0usize));
    while let Some((i, j)) = stack.pop() {
        let at = i * width + j;
        let (word, bit) = (at / 64, 1u64 << (at % 64));
        if seen[word] & bit != 0 {
            continue;
        }
        seen[word] |= bit;
        if i == a.len() && j == b.len() {
            return true;
        }
        // Skip an empty run.
        if let Some(Token::Many(_)) = a.get(i) {
            stack.push((i + 1, j));
        }
        if let Some(Token::Many(_)) = b.get(j) {
            stack.push((i, j + 1));
        }
        // Take one byte on both sides.
        if let (Some(&x), Some(&y)) = (a.get(i), b.get(j))
            && one_byte_fits_both(x, y)
        {
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
    false
}

fn one_byte_fits_both(x: Token, y: Token) -> bool {
    match (x, y) {
        (Token::Byte(p), Token::Byte(q)) => p == q,
        (Token::Byte(p), Token::One(c) | Token::Many(c))
        | (Token::One(c) | Token::Many(c), Token::Byte(p)) => c.admits(p),
        // Two classes always share a byte (letters).
        _ => true,
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

/// True when `arn` fits `template`.
pub(crate) fn template_matches(template: &str, arn: &str) -> bool {
    arn.len() <= MAX_PATTERN && {
        let arn = literal_tokens(arn);
        forms(template).any(|t| intersects(&t, &arn))
    }
}

/// True when some ARN fits both `template` and the policy `pattern`.
pub(crate) fn template_meets_pattern(template: &str, pattern: &str) -> bool {
    pattern.len() <= MAX_PATTERN && {
        let pattern = pattern_tokens(pattern);
        forms(template).any(|t| intersects(&t, &pattern))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
