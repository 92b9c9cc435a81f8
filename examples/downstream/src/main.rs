//! Expands the `Action` patterns of an IAM policy statement and reports
//! what they grant: the kind of tool that builds on aws-iam-catalog.
//!
//! ```text
//! cargo run -p downstream-example -- 's3:Get*' chime:CreateMeeting
//! cargo run -p downstream-example          # a typed example policy
//! ```

use std::process::ExitCode;

use aws_iam_catalog::{AccessLevel, Action, Deprecation, Service, s3};

/// What a pattern grants.
#[derive(Debug, PartialEq, Eq)]
struct Grant {
    pattern: String,
    actions: Vec<Action>,
    writes: usize,
    warnings: Vec<String>,
}

fn grant(pattern: &str) -> Grant {
    let actions: Vec<Action> = Action::matching(pattern).collect();
    let writes = actions
        .iter()
        .filter(|a| a.access_level().contains(AccessLevel::Write))
        .count();
    let mut warnings = Vec::new();
    let mut services: Vec<Service> = actions.iter().map(|a| a.service()).collect();
    services.dedup();
    for s in services {
        if let Some(Deprecation::EndOfSupport { notice }) = s.deprecation() {
            let date = notice.date().map(|d| d.to_string()).unwrap_or_default();
            warnings.push(format!("{} reaches end of support on {date}", s.name()));
        }
    }
    for a in &actions {
        if let Some(Deprecation::Removed { .. }) = a.deprecation() {
            warnings.push(format!("{a} is no longer in the AWS docs"));
        }
    }
    Grant {
        pattern: pattern.to_string(),
        actions,
        writes,
        warnings,
    }
}

/// The actions a policy for reading objects of one bucket needs, written
/// with the typed consts: a typo here is a compile error, not a policy
/// that silently grants nothing.
fn read_objects_policy() -> Vec<Action> {
    vec![s3::GET_OBJECT, s3::GET_OBJECT_VERSION, s3::LIST_BUCKET]
}

fn main() -> ExitCode {
    let mut patterns: Vec<String> = std::env::args().skip(1).collect();
    if patterns.is_empty() {
        // No arguments: the typed example policy.
        patterns = read_objects_policy()
            .iter()
            .map(|a| a.to_string())
            .collect();
    }
    let data = aws_iam_catalog::DATA_VERSION;
    println!("catalog data of {} ({})", data.date, &data.sha256[..12]);
    let mut status = ExitCode::SUCCESS;
    for p in &patterns {
        let g = grant(p);
        if g.actions.is_empty() {
            eprintln!("{p}: matches no action");
            status = ExitCode::from(1);
            continue;
        }
        let n = g.actions.len();
        println!(
            "{p}: {n} action{}, {} of them Write",
            if n == 1 { "" } else { "s" },
            g.writes
        );
        for w in &g.warnings {
            println!("  warning: {w}");
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_iam_catalog::chime;

    #[test]
    fn parses_expands_and_warns() {
        let parsed: Action = "chime:createmeeting".parse().unwrap();
        assert_eq!(parsed, chime::CREATE_MEETING);

        let lists = grant("chime:List*");
        assert!(lists.actions.iter().all(|a| a.name().starts_with("List")));
        assert_eq!(lists.writes, 0);
        assert_eq!(
            lists.warnings,
            ["Amazon Chime reaches end of support on 2026-02-20"]
        );

        let gets = grant("s3:Get*");
        assert!(gets.actions.contains(&s3::GET_OBJECT));
        assert!(gets.warnings.is_empty());
        assert!(grant("nosuchservice:*").actions.is_empty());
    }

    #[test]
    fn typed_policy() {
        let names: Vec<String> = read_objects_policy()
            .iter()
            .map(|a| a.to_string())
            .collect();
        assert_eq!(
            names,
            ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket"]
        );
    }

    /// `Service::CHIME` is `#[deprecated]` for its end of support: naming it
    /// warns. `expect` turns the lint around: if the const stops being
    /// deprecated, the expectation is unfulfilled and CI (`-D warnings`)
    /// says so.
    #[test]
    #[expect(deprecated)]
    fn end_of_support_is_a_deprecation_warning() {
        let chime = Service::CHIME;
        assert_eq!(chime.end_of_support().unwrap().to_string(), "2026-02-20");
    }
}
