//! What a kind of policy allows beyond the grammar every kind shares
//! (`policy` decides where `Principal` and `Resource` must be).
//!
//! Resource control policies, as AWS Organizations documents their syntax
//! (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html>):
//! `Effect` is `Deny` (an `Allow` only in the `RCPFullAWSAccess` policy AWS
//! attaches itself: `Allow` of `Action: "*"` on `Resource: "*"` to
//! `Principal: "*"`, no condition); `Principal` is `"*"` and nothing else
//! (conditions narrow the principals); `NotPrincipal` and `NotAction` are
//! not supported.
//!
//! Service control policies take the full IAM language since 2025
//! (<https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html>):
//! `Allow` with conditions, `NotAction` and `NotResource` in both effects;
//! only `Principal` and `NotPrincipal` are refused, which the grammar
//! reports for identity-based policies and SCPs alike.

use serde_json::{Map, Value};

use super::Sink;
use crate::finding::Code;
use crate::policy::PolicyKind;

/// The findings of the kind's rules on a parsed document.
pub(super) fn check(document: &Value, kind: PolicyKind, sink: &mut Sink) {
    if kind != PolicyKind::Rcp {
        return;
    }
    let statements: Vec<(usize, String, &Map<String, Value>)> = match document.get("Statement") {
        Some(Value::Object(s)) => vec![(0, "$.Statement".to_string(), s)],
        Some(Value::Array(list)) => list
            .iter()
            .enumerate()
            .filter_map(|(i, s)| Some((i, format!("$.Statement[{i}]"), s.as_object()?)))
            .collect(),
        _ => return,
    };
    for (index, path, s) in statements {
        rcp_statement(index, &path, s, sink);
    }
}

fn rcp_statement(index: usize, path: &str, s: &Map<String, Value>, sink: &mut Sink) {
    let at = Some(index);
    let mut push = |path: String, message: &str| {
        sink.push(Code::Malformed, at, &path, message.to_string(), None);
    };
    let star = |name: &str| s.get(name).is_some_and(|v| v == "*");
    let full_access = s.get("Effect").is_some_and(|e| e == "Allow")
        && star("Principal")
        && star("Action")
        && star("Resource")
        && !s.contains_key("Condition");
    if s.get("Effect").is_some_and(|e| e == "Allow") && !full_access {
        push(
            format!("{path}.Effect"),
            "a resource control policy denies only: Allow is supported in AWS's RCPFullAWSAccess policy alone (Allow \"*\" on \"*\" to \"*\")",
        );
    }
    if let Some(p) = s.get("Principal")
        && p != "*"
    {
        push(
            format!("{path}.Principal"),
            "a resource control policy takes Principal \"*\" only: narrow the principals with a condition (aws:PrincipalArn, aws:PrincipalOrgID…)",
        );
    }
    if s.contains_key("NotPrincipal") {
        push(
            format!("{path}.NotPrincipal"),
            "a resource control policy does not support NotPrincipal",
        );
    }
    if s.contains_key("NotAction") {
        push(
            format!("{path}.NotAction"),
            "a resource control policy does not support NotAction: list the actions in Action",
        );
    }
}
