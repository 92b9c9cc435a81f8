//! A policy checker built on aws-iam-catalog, as a user would write one:
//! it reads IAM policies (JSON) and reports, per statement, what the
//! `Action` patterns grant, typos (with the catalog's suggestion),
//! resources that fit none of an action's resource types, condition keys
//! an action does not take, set operators on single-valued keys, and
//! deprecations. Every IAM rule it applies is the catalog's: wildcard
//! expansion, ARN fit, condition-key support (action, resource rows,
//! resource types, global keys, placeholders), deprecation.
//!
//! ```text
//! cargo run -p downstream-example -- examples/downstream/fixtures/*.json
//! cargo run -p downstream-example          # the fixtures, from the seed pages
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use aws_iam_catalog::{Action, Deprecation, GlobalConditionKey, ParseActionError, Service};
use serde_json::Value;

/// What one statement of a policy says, as the catalog reads it.
#[derive(Debug, Default, PartialEq, Eq)]
struct StatementReport {
    /// The `Sid`, or the statement's position.
    label: String,
    /// Actions the `Action` patterns match.
    actions: Vec<Action>,
    /// Findings, one line each.
    findings: Vec<String>,
}

/// The values of a policy element that may be a string or a list.
fn strings(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

/// A `Resource` as a pattern the catalog can fit: policy variables
/// (`${aws:username}`) and the docs' sample placeholders (`{awsAccountId}`)
/// stand for a value not known until the request, so for `*`.
fn resource_pattern(resource: &str) -> String {
    let mut out = String::with_capacity(resource.len());
    let mut rest = resource;
    while let Some(open) = rest.find('{') {
        let start = if rest[..open].ends_with('$') {
            open - 1
        } else {
            open
        };
        match rest[open..].find('}') {
            Some(close) => {
                out.push_str(&rest[..start]);
                out.push('*');
                rest = &rest[open + close + 1..];
            }
            None => break,
        }
    }
    out.push_str(rest);
    out
}

/// The actions an `Action` pattern names; a literal name the catalog does
/// not know is a finding, with its suggestion.
fn expand(pattern: &str, findings: &mut Vec<String>) -> Vec<Action> {
    if pattern.contains(['*', '?']) {
        let matched: Vec<Action> = Action::matching(pattern).collect();
        if matched.is_empty() {
            findings.push(format!("{pattern}: matches no action"));
        }
        return matched;
    }
    match pattern.parse::<Action>() {
        Ok(a) => vec![a],
        Err(e @ ParseActionError::UnknownAction { .. })
        | Err(e @ ParseActionError::UnknownService(_)) => {
            findings.push(match e.suggestion() {
                Some(s) => format!("{pattern}: unknown action (did you mean {s}?)"),
                None => format!("{pattern}: unknown action"),
            });
            Vec::new()
        }
        Err(e) => {
            findings.push(format!("{pattern}: {e}"));
            Vec::new()
        }
    }
}

/// Checks one statement.
fn check_statement(label: String, statement: &Value) -> StatementReport {
    let mut findings = Vec::new();
    let mut actions: Vec<Action> = Vec::new();
    for pattern in strings(statement.get("Action")) {
        actions.extend(expand(&pattern, &mut findings));
    }
    actions.sort();
    actions.dedup();

    // Deprecation, as the catalog scopes it: the service's notice where it
    // covers one of the statement's actions (Chime's covers the Chime app,
    // not the Chime SDK that shares its prefix), then each action covered.
    let deprecated: Vec<(Action, Deprecation)> = actions
        .iter()
        .filter_map(|&a| Some((a, a.deprecation()?)))
        .collect();
    let mut services: Vec<Service> = deprecated.iter().map(|(a, _)| a.service()).collect();
    services.dedup();
    for s in services {
        if let Some(Deprecation::EndOfSupport { notice } | Deprecation::Deprecated { notice }) =
            s.deprecation()
        {
            findings.push(format!("{} ({}): {notice}", s.prefix(), s.name()));
        }
    }
    for (a, d) in &deprecated {
        findings.push(format!("{a}: {d}"));
    }

    // Resources: each ARN pattern must fit a resource type of each action
    // that is scoped to resource types at all.
    for resource in strings(statement.get("Resource")) {
        if resource == "*" {
            continue;
        }
        let pattern = resource_pattern(&resource);
        let misfits: Vec<String> = actions
            .iter()
            .filter(|a| a.resource_types().next().is_some())
            .filter(|a| {
                !a.resource_types().any(|r| {
                    r.resource_type()
                        .arn_templates()
                        .any(|t| t.matches_pattern(&pattern))
                })
            })
            .map(|a| a.to_string())
            .collect();
        if !misfits.is_empty() {
            findings.push(format!(
                "{resource}: fits no resource type of {}",
                misfits.join(", ")
            ));
        }
    }

    // Conditions: each key must be taken by every action (global keys are,
    // but the tag keys only where the pages list them).
    if let Some(Value::Object(operators)) = statement.get("Condition") {
        for (operator, keys) in operators {
            let set_operator =
                operator.starts_with("ForAnyValue:") || operator.starts_with("ForAllValues:");
            let Value::Object(keys) = keys else { continue };
            for key in keys.keys() {
                let global = GlobalConditionKey::lookup(key);
                let multivalued = match global {
                    Some(g) => Some(g.multivalued()),
                    None => aws_iam_catalog::ConditionKey::find(key).map(|k| k.multivalued()),
                };
                if set_operator && multivalued == Some(false) {
                    findings.push(format!("{operator} on {key}: the key is single-valued"));
                }
                let unsupported: Vec<String> = actions
                    .iter()
                    .filter(|a| !a.supports_condition_key(key))
                    .map(|a| a.to_string())
                    .collect();
                if !unsupported.is_empty() {
                    findings.push(format!(
                        "condition key {key} is not taken by {}",
                        unsupported.join(", ")
                    ));
                }
            }
        }
    }
    StatementReport {
        label,
        actions,
        findings,
    }
}

/// Checks a policy document.
fn check_policy(text: &str) -> Result<Vec<StatementReport>, String> {
    let policy: Value = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let statements = match policy.get("Statement") {
        Some(Value::Array(items)) => items.clone(),
        Some(one @ Value::Object(_)) => vec![one.clone()],
        _ => return Err("no Statement".into()),
    };
    Ok(statements
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let label = s
                .get("Sid")
                .and_then(Value::as_str)
                .map_or_else(|| format!("statement {}", i + 1), str::to_string);
            check_statement(label, s)
        })
        .collect())
}

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
}

fn main() -> ExitCode {
    let mut files: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if files.is_empty() {
        files = fixtures();
    }
    let data = aws_iam_catalog::DATA_VERSION;
    println!("catalog data of {}", data.date);
    let mut status = ExitCode::SUCCESS;
    for file in &files {
        let reports = std::fs::read_to_string(file)
            .map_err(|e| e.to_string())
            .and_then(|t| check_policy(&t));
        let reports = match reports {
            Ok(r) => r,
            Err(e) => {
                eprintln!("{}: {e}", file.display());
                status = ExitCode::from(2);
                continue;
            }
        };
        println!("{}", file.display());
        for r in reports {
            println!("  {}: {} actions", r.label, r.actions.len());
            for f in &r.findings {
                println!("    {f}");
                status = ExitCode::from(1);
            }
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_iam_catalog::{chime, s3};

    fn check(name: &str) -> Vec<StatementReport> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(name);
        check_policy(&std::fs::read_to_string(path).unwrap()).unwrap()
    }

    const CHIME_EOS: &str = "chime (Amazon Chime): chime end-of-support 2026-02-20";

    #[test]
    fn chime_read_only_policy_expands_wildcards_and_warns_of_end_of_support() {
        let r = check("seed-003-1.json");
        assert_eq!(r.len(), 1);
        let lists = Action::matching("chime:List*").count();
        let gets = Action::matching("chime:Get*").count();
        assert_eq!(r[0].actions.len(), lists + gets + 1);
        assert!(
            r[0].actions
                .contains(&chime::SEARCH_AVAILABLE_PHONE_NUMBERS)
        );
        // The service's notice, then each action it covers: the Chime app's
        // account, user and bot reads (16 of the List* and 16 of the Get*),
        // not the SDK's.
        assert_eq!(r[0].findings[0], CHIME_EOS);
        let covered: Vec<&String> = r[0].findings[1..].iter().collect();
        assert_eq!(covered.len(), 32, "{covered:?}");
        assert!(
            covered
                .iter()
                .all(|f| f.ends_with(": end of support: chime end-of-support 2026-02-20")),
            "{covered:?}"
        );
        assert!(covered.iter().any(|f| f.starts_with("chime:GetAccount:")));
        assert!(!covered.iter().any(|f| f.starts_with("chime:GetMeeting:")));
    }

    #[test]
    fn chime_full_access_resources_fit_their_actions() {
        let r = check("seed-003-2.json");
        assert_eq!(r.len(), 5);
        assert_eq!(
            r[0].actions.len(),
            Service::lookup("chime").unwrap().actions().count()
        );
        // `arn:aws:sns:*:*:ChimeVoiceConnector-Streaming*` fits the SNS
        // topic template; the SQS queue pattern fits the queue.
        for s in &r[1..] {
            assert!(s.findings.is_empty(), "{}: {:?}", s.label, s.findings);
        }
    }

    #[test]
    fn policy_variables_stand_for_any_value() {
        let r = check("seed-003-3.json");
        assert_eq!(r[0].label, "ViewOwnUserInfo");
        assert_eq!(
            resource_pattern("arn:aws:iam::*:user/${aws:username}"),
            "arn:aws:iam::*:user/*"
        );
        assert!(r.iter().all(|s| s.findings.is_empty()), "{r:?}");
    }

    #[test]
    fn chime_sdk_policies_fit_app_instance_arns() {
        for name in [
            "seed-004-1.json",
            "seed-004-2.json",
            "seed-004-3.json",
            "seed-004-4.json",
        ] {
            // The Chime SDK's actions: Chime's notice does not cover them.
            for s in check(name) {
                assert!(
                    s.findings.is_empty(),
                    "{name} {}: {:?}",
                    s.label,
                    s.findings
                );
            }
        }
        let r = check("seed-004-2.json");
        assert_eq!(r[1].actions.len(), 29);
    }

    #[test]
    fn conditions_typos_and_resource_misfits_are_found() {
        let r = check("conditions.json");
        // A global key (aws:SourceIp) and tag placeholders
        // (s3:ExistingObjectTag/<key>, aws:PrincipalTag/${TagKey}) are taken;
        // the typo gets the catalog's suggestion.
        assert_eq!(r[0].actions, [s3::GET_OBJECT]);
        assert_eq!(
            r[0].findings,
            ["s3:GetObjet: unknown action (did you mean s3:GetObject?)"]
        );
        // ListBucket is scoped to buckets, not objects.
        assert_eq!(
            r[1].findings,
            ["arn:aws:s3:::reports-finance/*: fits no resource type of s3:ListBucket"]
        );
        // aws:TagKeys is listed for both; aws:ResourceTag/Project, a global
        // key a request holds only for a tagged resource, is listed for
        // TagResource, not for CreateMeeting (which creates the meeting);
        // s3:prefix is taken by neither; ForAllValues on aws:SourceIp is a
        // set operator on a single-valued key. The Chime SDK's actions are
        // not covered by Chime's end of support.
        assert_eq!(
            r[2].findings,
            [
                "ForAllValues:StringEquals on aws:SourceIp: the key is single-valued",
                "condition key aws:ResourceTag/Project is not taken by chime:CreateMeeting",
                "condition key s3:prefix is not taken by chime:CreateMeeting, chime:TagResource",
            ]
        );
        // arn:aws:ec2:*:*:instance/* fits; a volume does not for StartInstances.
        assert_eq!(
            r[3].findings,
            ["arn:aws:ec2:*:*:volume/*: fits no resource type of ec2:StartInstances"]
        );
    }
}
