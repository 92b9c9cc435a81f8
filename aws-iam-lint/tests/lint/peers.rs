//! parliament's own test cases (79, `peer-policy-suites/parliament/`): for
//! every defect class both tools judge, the lint agrees with the verdict
//! parliament's tests assert, or the case is one of the differences
//! written up in `docs/peer-suites.md` with its reason.

use std::collections::BTreeSet;

use aws_iam_lint::{Code, Finding, Options, check_text};
use serde_json::Value;

use crate::util::corpus;

/// The classes both tools judge, by the lint's codes. `resource_star` is
/// left out: parliament's RESOURCE_STAR means "could be scoped", IAM009
/// "every action requires a resource type" (see the document).
const CLASSES: &[&str] = &[
    "malformed",
    "unknown_prefix",
    "unknown_action",
    "invalid_arn",
    "resource_mismatch",
    "condition_key",
    "set_operator",
    "operator_type",
];

/// The classes of the lint's findings.
fn our_classes(findings: &[Finding]) -> BTreeSet<&'static str> {
    findings
        .iter()
        .filter_map(|f| {
            Some(match f.code {
                Code::Malformed => "malformed",
                Code::UnknownPrefix => "unknown_prefix",
                Code::UnknownAction | Code::WildcardMatchesNothing => "unknown_action",
                Code::ResourceMismatch if f.message.contains("is not an ARN") => "invalid_arn",
                Code::ResourceMismatch | Code::ActionWithoutResource => "resource_mismatch",
                Code::UnsupportedConditionKey => "condition_key",
                Code::SetOperatorOnSingleValuedKey => "set_operator",
                Code::OperatorKeyType | Code::ConditionValueType => "operator_type",
                Code::ResourceStar => "resource_star",
                _ => return None,
            })
        })
        .collect()
}

/// The classes of parliament's verdict: its `peer_classes`, and its
/// MISMATCHED_TYPE (an operator of another type than the key's or its
/// value), which the suite leaves unclassed.
fn peer_classes(case: &Value) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = case["peer_classes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| c.as_str().map(str::to_string))
        .collect();
    let expected = case["expected_peer"].as_array().into_iter().flatten();
    if expected.clone().any(|e| e == "MISMATCHED_TYPE") {
        out.insert("operator_type".to_string());
    }
    out
}

/// The differences of `docs/peer-suites.md`: case, class, and whether the
/// lint reports the class where parliament does not (`true`) or the
/// reverse.
const DIFFERENCES: &[(&str, &str, bool)] = &[
    // NotResource: the statement applies to every other resource.
    ("parliament-004", "resource_mismatch", false),
    // A trailing comma: not JSON to IAM, so nothing further is judged.
    ("parliament-006", "malformed", true),
    ("parliament-006", "resource_mismatch", false),
    // An unknown operator (both: malformed) has no type to compare.
    ("parliament-034", "operator_type", false),
    // A wildcard is judged on all it matches.
    ("parliament-047", "resource_mismatch", false),
    ("parliament-055", "resource_mismatch", false),
    // A CloudFormation `Fn::Sub` object where IAM wants a string: judged
    // leniently, as in a template (its text, `${…}` as `*`, is an ARN).
    ("parliament-065", "invalid_arn", false),
];

#[test]
fn parliament_cases_agree_or_are_written_up() {
    let Some(dir) = corpus() else { return };
    let path = dir.join("peer-policy-suites/parliament/cases.jsonl");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut seen = Vec::new();
    let mut cases = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a case");
        cases += 1;
        let id = case["id"].as_str().expect("an id");
        let policy = case["policy_text"].as_str().expect("a policy");
        let report = check_text(id, policy, Options::default());
        let ours = our_classes(&report.findings);
        let theirs = peer_classes(&case);
        let derived = case["derived"] == true;
        for &class in CLASSES {
            if derived && !["malformed", "unknown_prefix", "unknown_action"].contains(&class) {
                continue;
            }
            let (we, they) = (ours.contains(class), theirs.contains(class));
            if we != they {
                seen.push((id.to_string(), class, we));
            }
        }
    }
    assert_eq!(cases, 79);
    let written: Vec<(String, &str, bool)> = DIFFERENCES
        .iter()
        .map(|&(id, class, we)| (id.to_string(), class, we))
        .collect();
    assert_eq!(
        seen, written,
        "differences not in docs/peer-suites.md (case, class, lint reports it)"
    );
}
