//! Policies in a Terraform plan or state as `terraform show -json` prints
//! it: the planned values (or the state's values) of every module, where a
//! policy attribute is a JSON string. Each policy is checked as the kind
//! its attribute is; its findings are placed at the attribute's line in
//! the plan, the document named by the resource's address and attribute
//! (`aws_iam_role.ci assume_role_policy`). A policy Terraform only knows
//! after apply is absent from the plan, so not checked.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::check::{MAX_DOCUMENT_BYTES, Report};
use crate::container::KindOf::{Is, OrganizationsType};
use crate::container::{PolicyProperty, Sink};
use crate::document;
use crate::jsonpath;
use crate::locate;
use crate::policy::PolicyKind::{Identity, Resource, Trust};

/// Resource types, the attribute holding a policy (the key of each
/// element's policy when it is a list of them), and its kind.
const ATTRIBUTES: &[PolicyProperty] = &[
    PolicyProperty::new("aws_iam_policy", "policy", None, Is(Identity)),
    PolicyProperty::new("aws_iam_role", "assume_role_policy", None, Is(Trust)),
    PolicyProperty::new(
        "aws_iam_role",
        "inline_policy",
        Some("policy"),
        Is(Identity),
    ),
    PolicyProperty::new("aws_iam_role_policy", "policy", None, Is(Identity)),
    PolicyProperty::new("aws_iam_user_policy", "policy", None, Is(Identity)),
    PolicyProperty::new("aws_iam_group_policy", "policy", None, Is(Identity)),
    PolicyProperty::new("aws_s3_bucket_policy", "policy", None, Is(Resource)),
    PolicyProperty::new("aws_sqs_queue_policy", "policy", None, Is(Resource)),
    PolicyProperty::new("aws_sns_topic_policy", "policy", None, Is(Resource)),
    PolicyProperty::new("aws_kms_key", "policy", None, Is(Resource)),
    PolicyProperty::new("aws_ecr_repository_policy", "policy", None, Is(Resource)),
    PolicyProperty::new(
        "aws_secretsmanager_secret_policy",
        "policy",
        None,
        Is(Resource),
    ),
    PolicyProperty::new(
        "aws_organizations_policy",
        "content",
        None,
        OrganizationsType("type"),
    ),
];

/// A policy found and checked, waiting for its line.
struct Found {
    at: String,
    name: String,
    doc: Value,
    report: crate::check::Report,
}

/// Checks every policy of a plan's text.
pub(crate) fn check_plan(sink: &mut dyn Sink, file: &str, text: &str) {
    let text = document::strip_bom(text);
    let Some(plan) = crate::container::parse_json(sink, file, text) else {
        return;
    };
    let mut found = Vec::new();
    for top in ["planned_values", "values"] {
        if let Some(root) = plan.get(top).and_then(|v| v.get("root_module")) {
            let path = jsonpath::key(&jsonpath::key("$", top), "root_module");
            module(sink, file, root, path, &mut found, 0);
        }
    }
    // One pass over the plan for the line of every policy attribute.
    let wanted: BTreeSet<&str> = found.iter().map(|f| f.at.as_str()).collect();
    let lines = locate::lines(text, wanted);
    for mut f in found {
        let at = lines.get(&f.at).copied();
        f.report.place(&f.doc, Some(&f.name), |_| at);
        sink.add(f.report, Some(&f.doc));
    }
}

/// Modules nest: the depth is bounded as any input's.
const MAX_MODULES_DEPTH: usize = 64;

fn module(
    sink: &mut dyn Sink,
    file: &str,
    m: &Value,
    path: String,
    found: &mut Vec<Found>,
    depth: usize,
) {
    if depth > MAX_MODULES_DEPTH {
        return;
    }
    if let Some(list) = m.get("resources").and_then(Value::as_array) {
        for (i, r) in list.iter().enumerate() {
            let mut at = jsonpath::key(&path, "resources");
            jsonpath::push_index(&mut at, i);
            resource(sink, file, r, &at, found);
        }
    }
    if let Some(children) = m.get("child_modules").and_then(Value::as_array) {
        for (i, child) in children.iter().enumerate() {
            let mut at = jsonpath::key(&path, "child_modules");
            jsonpath::push_index(&mut at, i);
            module(sink, file, child, at, found, depth + 1);
        }
    }
}

fn resource(sink: &mut dyn Sink, file: &str, r: &Value, at: &str, found: &mut Vec<Found>) {
    if r.get("mode").and_then(Value::as_str) != Some("managed") {
        return;
    }
    let (Some(ty), Some(address), Some(values)) = (
        r.get("type").and_then(Value::as_str),
        r.get("address").and_then(Value::as_str),
        r.get("values"),
    ) else {
        return;
    };
    let values_at = jsonpath::key(at, "values");
    for spot in crate::container::spots(ATTRIBUTES, ty, values, &values_at) {
        // Unknown until apply (null), or an empty inline policy block.
        let Some(text) = spot.value.as_str().filter(|s| !s.trim().is_empty()) else {
            continue;
        };
        let (at, kind) = (spot.path, spot.kind);
        let name = format!("{address} {}", spot.property);
        if text.len() > MAX_DOCUMENT_BYTES {
            found.push(Found {
                at,
                name,
                doc: Value::Null,
                report: Report::single(document::too_large(file, text.len(), None)),
            });
            continue;
        }
        let checker = sink.checker(kind);
        let (mut report, doc) = checker.check_json(file, text, true);
        // Lines inside the string mean nothing in the plan: the attribute's
        // line stands for all.
        for f in &mut report.findings {
            f.line = None;
            f.column = None;
        }
        found.push(Found {
            at,
            name,
            doc: doc.unwrap_or(Value::Null),
            report,
        });
    }
}
