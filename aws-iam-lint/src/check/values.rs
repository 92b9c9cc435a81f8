//! `Condition` operators against the type of their key (IAM014) and the
//! values against the operator's type (IAM015), with the types the catalog
//! gives every service key and the global keys.
//!
//! IAM compares a key's value with the operator's type: a `String…`
//! operator on `aws:SecureTransport` (Bool) or `aws:CurrentTime` (Date)
//! compares text with text and does not mean what it reads; a `Bool` or
//! `Null` value other than `true`/`false`, an `IpAddress` value that is no
//! address or CIDR, a `Date…` value that is no date never match
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html>).
//! An `Arn…` operator on a String key, and a `String…` operator on an ARN
//! key, are left alone: AWS documents both for ARN-valued keys that
//! services type as String.

use aws_iam_catalog::{ConditionKey, ConditionKeyType};
use serde_json::Value;

use super::Sink;
use super::memo::Memo;
use crate::finding::Code;
use crate::policy::{Condition, Statement};

/// What an operator compares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    String,
    Numeric,
    Date,
    Bool,
    Ip,
    Arn,
    /// `Null` (a boolean: is the key absent) and `BinaryEquals` (base-64):
    /// any key.
    Other,
}

fn operator_kind(base: &str) -> Kind {
    match base {
        b if b.starts_with("String") => Kind::String,
        b if b.starts_with("Numeric") => Kind::Numeric,
        b if b.starts_with("Date") => Kind::Date,
        "Bool" => Kind::Bool,
        "IpAddress" | "NotIpAddress" => Kind::Ip,
        b if b.starts_with("Arn") => Kind::Arn,
        _ => Kind::Other,
    }
}

/// The kinds of a key type (an `ArrayOf…` type compares as its element).
fn type_kind(t: ConditionKeyType) -> Option<Kind> {
    use ConditionKeyType as T;
    Some(match t {
        T::String | T::ArrayOfString => Kind::String,
        T::Arn | T::ArrayOfArn => Kind::Arn,
        T::Bool | T::ArrayOfBool => Kind::Bool,
        T::Numeric | T::ArrayOfNumeric => Kind::Numeric,
        T::Date | T::ArrayOfDate => Kind::Date,
        T::IpAddress | T::ArrayOfIpAddress => Kind::Ip,
        _ => return None,
    })
}

/// The kinds the key's values may be compared as: every type the User
/// Guide gives a global key (`aws:EpochTime` is Date and Numeric), the
/// service key's type; empty when the catalog does not know the key or its
/// type.
fn key_kinds(memo: &mut Memo, key: &str) -> Vec<Kind> {
    if let Some(g) = memo.global_key(key) {
        return g.key_types().filter_map(type_kind).collect();
    }
    ConditionKey::find(key)
        .and_then(|k| k.key_type())
        .and_then(type_kind)
        .into_iter()
        .collect()
}

pub(super) fn check(statement: &Statement, memo: &mut Memo, sink: &mut Sink) {
    for c in &statement.conditions {
        let op = operator_kind(c.operator.base);
        if c.operator.base == "Null" {
            values_of(c, Kind::Bool, statement, sink);
            continue;
        }
        values_of(c, op, statement, sink);
        if op == Kind::Other {
            continue;
        }
        let kinds = key_kinds(memo, &c.key);
        let Some(&key) = kinds.first() else { continue };
        let fits = kinds.iter().any(|&k| {
            k == op
                // Strings and ARNs compare either way (see the module docs).
                || matches!((op, k), (Kind::String, Kind::Arn) | (Kind::Arn, Kind::String))
                // A Date key's values are also seconds since the epoch.
                || (op == Kind::Numeric && k == Kind::Date)
        });
        if !fits {
            sink.push(
                Code::OperatorKeyType,
                Some(statement.index),
                &c.path,
                format!(
                    "{} compares {} values, but {:?} is of type {}",
                    c.operator.base,
                    name(op),
                    c.key,
                    name(key)
                ),
                suggestion(key),
            );
        }
    }
}

fn name(k: Kind) -> &'static str {
    match k {
        Kind::String => "String",
        Kind::Numeric => "Numeric",
        Kind::Date => "Date",
        Kind::Bool => "Bool",
        Kind::Ip => "IpAddress",
        Kind::Arn => "ARN",
        Kind::Other => "other",
    }
}

/// The operator family a key of the kind takes.
fn suggestion(k: Kind) -> Option<String> {
    Some(
        match k {
            Kind::Numeric => "a Numeric operator (NumericEquals, NumericLessThan…)",
            Kind::Date => "a Date operator (DateGreaterThan, DateLessThan…)",
            Kind::Bool => "Bool",
            Kind::Ip => "IpAddress or NotIpAddress",
            Kind::Arn => "an Arn operator (ArnLike, ArnEquals…)",
            Kind::String | Kind::Other => return None,
        }
        .to_string(),
    )
}

/// IAM015 for each value that cannot be of the kind.
fn values_of(c: &Condition, kind: Kind, statement: &Statement, sink: &mut Sink) {
    for v in &c.literals {
        let text = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => continue,
        };
        // A policy variable is a value known only at request time.
        if text.contains("${") {
            continue;
        }
        let (fits, what) = match kind {
            Kind::Bool => (
                text.eq_ignore_ascii_case("true") || text.eq_ignore_ascii_case("false"),
                "true or false",
            ),
            Kind::Ip => (
                is_ip_or_cidr(&text),
                "an IPv4 or IPv6 address or CIDR block",
            ),
            Kind::Date => (
                is_date(&text),
                "a date (ISO 8601, 2026-12-07T00:00:00Z) or seconds since the epoch",
            ),
            Kind::Numeric => (text.trim().parse::<f64>().is_ok(), "a number"),
            _ => continue,
        };
        if !fits {
            sink.push(
                Code::ConditionValueType,
                Some(statement.index),
                &c.path,
                format!(
                    "{} on {:?}: {text:?} is not {what}, so it never matches",
                    c.operator.base, c.key
                ),
                None,
            );
        }
    }
}

fn is_ip_or_cidr(text: &str) -> bool {
    let (address, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, Some(p)),
        None => (text, None),
    };
    let max = if address.parse::<std::net::Ipv4Addr>().is_ok() {
        32
    } else if address.parse::<std::net::Ipv6Addr>().is_ok() {
        128
    } else {
        return false;
    };
    prefix.is_none_or(|p| {
        !p.is_empty()
            && p.bytes().all(|b| b.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| n <= max)
    })
}

/// An ISO 8601 date as IAM reads it (`2026-12-07`, `2026-12-07T10:00:00Z`,
/// with fractions or an offset), or seconds since the epoch.
fn is_date(text: &str) -> bool {
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let b = text.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|s| s.iter().all(u8::is_ascii_digit));
    if b.len() < 10
        || !digits(0..4)
        || b[4] != b'-'
        || !digits(5..7)
        || b[7] != b'-'
        || !digits(8..10)
    {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let rest = &text[10..];
    if rest.is_empty() {
        return true;
    }
    let Some(time) = rest.strip_prefix('T') else {
        return false;
    };
    let t = time.as_bytes();
    t.len() >= 5
        && t[..2].iter().all(u8::is_ascii_digit)
        && t[2] == b':'
        && t[3..5].iter().all(u8::is_ascii_digit)
        && time[5..]
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b':' | b'.' | b'Z' | b'+' | b'-'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_dates() {
        for ok in [
            "10.0.0.0/8",
            "192.0.2.1",
            "2001:db8::/32",
            "::1",
            "0.0.0.0/0",
        ] {
            assert!(is_ip_or_cidr(ok), "{ok}");
        }
        for bad in [
            "10.0.0.0/33",
            "10.0.0",
            "example.com",
            "10.0.0.0/",
            "2001:db8::/129",
            "",
        ] {
            assert!(!is_ip_or_cidr(bad), "{bad}");
        }
        for ok in [
            "2026-12-07",
            "2026-12-07T10:00:00Z",
            "2026-12-07T10:00Z",
            "2026-12-07T10:00:00.5+01:00",
            "1700000000",
        ] {
            assert!(is_date(ok), "{ok}");
        }
        for bad in [
            "yesterday",
            "2026-13-01",
            "2026/12/07",
            "2026-12-07 10:00",
            "",
            "2026-12-07Tnoon",
        ] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
