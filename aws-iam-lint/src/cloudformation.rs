//! Policies in CloudFormation templates (YAML or JSON): IAM policies,
//! managed policies, users', groups' and roles' inline policies, roles'
//! trust policies, and the resource policies of S3 buckets, KMS keys, SQS
//! queues, SNS topics and Secrets Manager secrets, and organization SCPs
//! and RCPs. Each is checked as the kind of policy its property is, and
//! its findings are located in the template (line, logical id, property).
//!
//! Intrinsic functions are judged leniently, never as malformed
//! ([`crate::intrinsic`]).

use std::collections::BTreeSet;

use serde_json::Value;

use crate::check::{MAX_DOCUMENT_BYTES, Report};
use crate::container::KindOf::{Is, OrganizationsType};
use crate::container::{PolicyProperty, Sink};
use crate::document::{self, duplicate_keys};
use crate::finding::Code;
use crate::intrinsic::resolve_policy;
use crate::jsonpath;
use crate::locate::{self, Duplicate, Place};
use crate::policy::PolicyKind;
use crate::policy::PolicyKind::{Identity, Resource, Trust};

/// A YAML file that is no CloudFormation template (no `Resources`
/// mapping).
#[derive(Debug)]
pub(crate) struct NotATemplate;

/// Where policies sit: resource type, property, the key of each element's
/// policy when the property is a list of them, and the policy's kind.
const SPOTS: &[PolicyProperty] = &[
    PolicyProperty::new("AWS::IAM::Policy", "PolicyDocument", None, Is(Identity)),
    PolicyProperty::new(
        "AWS::IAM::ManagedPolicy",
        "PolicyDocument",
        None,
        Is(Identity),
    ),
    PolicyProperty::new("AWS::IAM::RolePolicy", "PolicyDocument", None, Is(Identity)),
    PolicyProperty::new("AWS::IAM::UserPolicy", "PolicyDocument", None, Is(Identity)),
    PolicyProperty::new(
        "AWS::IAM::GroupPolicy",
        "PolicyDocument",
        None,
        Is(Identity),
    ),
    PolicyProperty::new(
        "AWS::IAM::Role",
        "AssumeRolePolicyDocument",
        None,
        Is(Trust),
    ),
    PolicyProperty::new(
        "AWS::IAM::Role",
        "Policies",
        Some("PolicyDocument"),
        Is(Identity),
    ),
    PolicyProperty::new(
        "AWS::IAM::User",
        "Policies",
        Some("PolicyDocument"),
        Is(Identity),
    ),
    PolicyProperty::new(
        "AWS::IAM::Group",
        "Policies",
        Some("PolicyDocument"),
        Is(Identity),
    ),
    PolicyProperty::new(
        "AWS::S3::BucketPolicy",
        "PolicyDocument",
        None,
        Is(Resource),
    ),
    PolicyProperty::new("AWS::KMS::Key", "KeyPolicy", None, Is(Resource)),
    PolicyProperty::new(
        "AWS::SQS::QueuePolicy",
        "PolicyDocument",
        None,
        Is(Resource),
    ),
    PolicyProperty::new(
        "AWS::SNS::TopicPolicy",
        "PolicyDocument",
        None,
        Is(Resource),
    ),
    PolicyProperty::new(
        "AWS::SecretsManager::ResourcePolicy",
        "ResourcePolicy",
        None,
        Is(Resource),
    ),
    PolicyProperty::new(
        "AWS::Organizations::Policy",
        "Content",
        None,
        OrganizationsType("Type"),
    ),
];

/// A policy found, checked, waiting for its lines.
struct Found {
    /// Where the policy sits in the template (`$.Resources.Role.Properties.Policies[0].PolicyDocument`).
    prefix: String,
    /// `Role Policies[0].PolicyDocument`.
    name: String,
    doc: Value,
    report: Report,
    /// The policy was a JSON string: its findings are at the string's line.
    in_string: bool,
}

/// Checks the policies of a YAML template.
pub(crate) fn check_yaml(sink: &mut dyn Sink, file: &str, text: &str) -> Result<(), NotATemplate> {
    let text = document::strip_bom(text);
    let yaml = match crate::yaml::parse(text) {
        Ok(y) => y,
        Err(message) => {
            // Not YAML at all: a finding, as for JSON that is not JSON.
            let line = message
                .split_once("line ")
                .and_then(|(_, rest)| rest.split(|c: char| !c.is_ascii_digit()).next())
                .and_then(|n| n.parse().ok());
            sink.add(
                Report::single(document::whole(file, Code::Malformed, line, message)),
                None,
            );
            return Ok(());
        }
    };
    if !yaml.value.get("Resources").is_some_and(Value::is_object) {
        return Err(NotATemplate);
    }
    let found = check_template(sink, file, &yaml.value, &yaml.duplicates);
    for f in found {
        finish(sink, f, |path| yaml.places.get(path).copied());
    }
    Ok(())
}

/// Checks the policies of a JSON template.
pub(crate) fn check_json(sink: &mut dyn Sink, file: &str, text: &str) {
    let text = document::strip_bom(text);
    let Some(template) = crate::container::parse_json(sink, file, text) else {
        return;
    };
    let duplicates = locate::duplicates(text);
    let found = check_template(sink, file, &template, &duplicates);
    // One pass over the template for the lines of every finding.
    let mut wanted = BTreeSet::new();
    for f in &found {
        for finding in &f.report.findings {
            let mut p = Some(finding.path.as_str());
            while let Some(path) = p {
                wanted.insert(jsonpath::join(&f.prefix, path));
                p = jsonpath::parent(path);
            }
        }
        wanted.insert(f.prefix.clone());
    }
    let lines = locate::lines(text, wanted.iter().map(String::as_str));
    for f in found {
        finish(sink, f, |path| lines.get(path).copied());
    }
}

/// Places a policy's findings (`place_of` takes a path of the template)
/// and hands them on.
fn finish(sink: &mut dyn Sink, mut f: Found, place_of: impl Fn(&str) -> Option<Place>) {
    let prefix = f.prefix.clone();
    if f.in_string {
        let at = place_of(&prefix);
        f.report.place(&f.doc, Some(&f.name), |_| at);
    } else {
        f.report.place(&f.doc, Some(&f.name), |path| {
            place_of(&jsonpath::join(&prefix, path))
        });
    }
    sink.add(f.report, Some(&f.doc));
}

fn check_template(
    sink: &mut dyn Sink,
    file: &str,
    template: &Value,
    duplicates: &[Duplicate],
) -> Vec<Found> {
    let mut found = Vec::new();
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return found;
    };
    for (id, resource) in resources {
        let Some(kind_name) = resource.get("Type").and_then(Value::as_str) else {
            continue;
        };
        let Some(props) = resource.get("Properties") else {
            continue;
        };
        let base = jsonpath::key(&jsonpath::key("$.Resources", id), "Properties");
        let spots = crate::container::spots(SPOTS, kind_name, props, &base);
        for spot in spots {
            let name = format!("{id} {}", spot.property);
            let (prefix, value, kind) = (&spot.path, spot.value, spot.kind);
            if let Some(f) = check_policy(sink, file, prefix, name, value, kind, duplicates) {
                found.push(f);
            }
        }
    }
    found
}

fn check_policy(
    sink: &mut dyn Sink,
    file: &str,
    prefix: &str,
    name: String,
    value: &Value,
    kind: PolicyKind,
    duplicates: &[Duplicate],
) -> Option<Found> {
    let mut extra = Vec::new();
    let (raw, in_string) = match value {
        // A policy written as a JSON string (allowed for these properties).
        Value::String(s) => {
            if s.len() > MAX_DOCUMENT_BYTES {
                return Some(too_large(prefix, name, file, s.len()));
            }
            match serde_json::from_str::<Value>(s) {
                Ok(v) => {
                    extra = duplicate_keys(file, s, "$", true);
                    (v, true)
                }
                Err(e) => {
                    let report = Report::single(document::whole(
                        file,
                        Code::Malformed,
                        None,
                        format!("the policy string is not JSON: {e}"),
                    ));
                    return Some(Found {
                        prefix: prefix.to_string(),
                        name,
                        doc: Value::Null,
                        report,
                        in_string: true,
                    });
                }
            }
        }
        v => (v.clone(), false),
    };
    // A whole policy only known at deploy time (`!Ref PolicyParameter`):
    // nothing to judge.
    let resolved = resolve_policy(&raw)?;
    let doc = &resolved.doc;
    let bytes = serde_json::to_string(doc).map(|s| s.len()).unwrap_or(0);
    if bytes > MAX_DOCUMENT_BYTES {
        return Some(too_large(prefix, name, file, bytes));
    }
    let mut report = sink.checker(kind).check_value(file, doc);
    report.findings.retain(|f| resolved.judged(f));
    if in_string {
        report.findings.extend(extra);
    } else {
        report.findings.extend(document::cap_duplicates(
            duplicates
                .iter()
                .filter_map(|d| document::duplicate_finding(file, prefix, d, false))
                .collect(),
        ));
    }
    Some(Found {
        prefix: prefix.to_string(),
        name,
        doc: resolved.doc,
        report,
        in_string,
    })
}

fn too_large(prefix: &str, name: String, file: &str, bytes: usize) -> Found {
    Found {
        prefix: prefix.to_string(),
        name,
        doc: Value::Null,
        report: Report::single(document::too_large(file, bytes, None)),
        in_string: false,
    }
}
