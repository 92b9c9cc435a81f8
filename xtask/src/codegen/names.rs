//! Rust identifiers from AWS names: deterministic, valid, unique.

use std::collections::BTreeMap;

/// Rust's keywords, strict and reserved (2024 edition).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "type", "unsafe",
    "use", "where", "while", "abstract", "become", "box", "do", "final", "macro", "override",
    "priv", "try", "typeof", "unsized", "virtual", "yield", "union",
];

/// `CreateMeeting` → `CREATE_MEETING`, `AssociateViaAWSService-EventsAndStates`
/// → `ASSOCIATE_VIA_AWS_SERVICE_EVENTS_AND_STATES`, `2FactorAuth` →
/// `_2_FACTOR_AUTH`.
///
/// A word starts at an upper-case letter after a lower-case letter or a
/// digit, at the last capital of a run of capitals followed by a
/// lower-case letter, and after any other character. A digit never starts
/// a word: digit runs stay with what precedes them (`s3` → `S3`,
/// `GetMetricDataV2` → `GET_METRIC_DATA_V2`, `AssignIpv6Addresses` →
/// `ASSIGN_IPV6_ADDRESSES`), as AWS writes them.
pub fn screaming_snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.ends_with('_') {
                out.push('_');
            }
            continue;
        }
        let prev = i.checked_sub(1).map(|j| chars[j]);
        let next = chars.get(i + 1).copied();
        let boundary = c.is_ascii_uppercase()
            && prev.is_some_and(|p| {
                p.is_ascii_lowercase()
                    || p.is_ascii_digit()
                    || (p.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase()))
            });
        if boundary && !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    let mut out = out.trim_matches('_').to_string();
    if out.is_empty() {
        out.push('X');
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// Names the runtime crate's own modules take at its root.
const RESERVED: &[&str] = &[
    "action",
    "arn",
    "condition",
    "deprecation",
    "generated",
    "global",
    "resource",
    "serde_impls",
    "service",
    "services",
    "suggest",
    "table",
    "vocab",
    "wildcard",
];

/// `aws-marketplace` → `aws_marketplace`; keywords and the crate's own
/// module names get a trailing `_`.
pub fn module_name(prefix: &str) -> String {
    let mut out: String = prefix
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) || out.is_empty() {
        out.insert_str(0, "s_");
    }
    if KEYWORDS.contains(&out.as_str()) || RESERVED.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// Makes names unique in the order given: the second `X` becomes `X_2`.
pub fn dedupe(names: Vec<String>) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let taken: std::collections::BTreeSet<String> = names.iter().cloned().collect();
    names
        .into_iter()
        .map(|n| {
            let count = seen.entry(n.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                return n;
            }
            let mut k = *count;
            loop {
                let candidate = format!("{n}_{k}");
                if !taken.contains(&candidate) {
                    return candidate;
                }
                k += 1;
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn screaming_snake_from_aws_names() {
        for (name, want) in [
            ("CreateMeeting", "CREATE_MEETING"),
            (
                "AssociateViaAWSService-EventsAndStates",
                "ASSOCIATE_VIA_AWS_SERVICE_EVENTS_AND_STATES",
            ),
            ("GetIAMRole", "GET_IAM_ROLE"),
            ("DELETE", "DELETE"),
            ("ListV2LoggingLevels", "LIST_V2_LOGGING_LEVELS"),
            ("2FactorAuth", "_2_FACTOR_AUTH"),
            ("PutObjectACL", "PUT_OBJECT_ACL"),
            ("x.y", "X_Y"),
            ("s3", "S3"),
            ("ec2", "EC2"),
            ("cloud9", "CLOUD9"),
            ("wafv2", "WAFV2"),
            ("GetMetricDataV2", "GET_METRIC_DATA_V2"),
            ("AssignIpv6Addresses", "ASSIGN_IPV6_ADDRESSES"),
            ("CreateV2Logging", "CREATE_V2_LOGGING"),
        ] {
            assert_eq!(screaming_snake(name), want, "{name}");
        }
    }

    #[test]
    fn modules_and_collisions() {
        assert_eq!(module_name("aws-marketplace"), "aws_marketplace");
        assert_eq!(module_name("s3"), "s3");
        assert_eq!(module_name("type"), "type_");
        assert_eq!(module_name("4cast"), "s_4cast");
        assert_eq!(
            dedupe(vec!["A".into(), "A".into(), "A_2".into()]),
            ["A", "A_3", "A_2"]
        );
    }
}
