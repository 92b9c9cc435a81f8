//! Policies in CloudFormation templates (YAML or JSON): IAM policies,
//! managed policies, users', groups' and roles' inline policies, roles'
//! trust policies, and the resource policies of S3 buckets, KMS keys, SQS
//! queues, SNS topics and Secrets Manager secrets, and organization SCPs
//! and RCPs. Each is checked as the kind of policy its property is, and
//! its findings are located in the template (line, logical id, property).
//!
//! Intrinsic functions are judged leniently, never as malformed: `Fn::Sub`
//! keeps its text with each `${…}` as `*` (so an ARN is still judged),
//! `Fn::Join` joins, `Fn::If` takes its first branch (its second when the
//! first is `AWS::NoValue`), and a value only known at deploy time (`Ref`,
//! `Fn::GetAtt`, `Fn::ImportValue`, …) stands as `*` with no finding about
//! it, or is left out of a condition's values.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::check::{MAX_DOCUMENT_BYTES, Report};
use crate::container::KindOf::{Is, OrganizationsType};
use crate::container::{PolicyProperty, Sink};
use crate::document::{self, duplicate_keys};
use crate::finding::Code;
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
    let ResolvedPolicy { doc, opaque } = resolve_policy(&raw)?;
    let bytes = serde_json::to_string(&doc).map(|s| s.len()).unwrap_or(0);
    if bytes > MAX_DOCUMENT_BYTES {
        return Some(too_large(prefix, name, file, bytes));
    }
    let mut report = sink.checker(kind).check_value(file, &doc);
    report
        .findings
        .retain(|f| !opaque.iter().any(|o| within(&f.path, o)));
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
        doc,
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

/// A policy with its intrinsic functions resolved (see the module), and the
/// paths of the values only known at deploy time, whose findings are to be
/// dropped.
pub(crate) struct ResolvedPolicy {
    pub doc: Value,
    opaque: Vec<String>,
}

impl ResolvedPolicy {
    /// Whether a finding on the resolved policy is about something known.
    pub fn judged(&self, f: &crate::finding::Finding) -> bool {
        !self.opaque.iter().any(|o| within(&f.path, o))
    }
}

/// `raw` with its intrinsic functions resolved; `None` when the whole
/// policy is only known at deploy time (nothing to judge).
pub(crate) fn resolve_policy(raw: &Value) -> Option<ResolvedPolicy> {
    let mut opaque = Vec::new();
    let doc = resolve(raw, &mut String::from("$"), Where::Other, &mut opaque)?;
    if opaque.first().is_some_and(|o| o == "$") {
        return None;
    }
    Some(ResolvedPolicy { doc, opaque })
}

/// Whether `v` holds an intrinsic function anywhere (serde_json bounds the
/// depth of a parsed document).
pub(crate) fn has_intrinsic(v: &Value) -> bool {
    match v {
        Value::Object(map) => intrinsic(v).is_some() || map.values().any(has_intrinsic),
        Value::Array(list) => list.iter().any(has_intrinsic),
        _ => false,
    }
}

/// `path` is `at` or inside it.
fn within(path: &str, at: &str) -> bool {
    path.strip_prefix(at)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[']))
}

/// Where a value sits in a policy, for how an unknown value stands in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Where {
    Other,
    /// Under `Condition` (operators), then under an operator (keys).
    Condition,
    Operator,
    /// A condition's value or one of its list.
    ConditionValue,
}

/// The value of an intrinsic function object (`{"Ref": …}`, `{"Fn::…": …}`).
fn intrinsic(v: &Value) -> Option<(&str, &Value)> {
    let map = v.as_object()?;
    if map.len() != 1 {
        return None;
    }
    let (k, arg) = map.iter().next()?;
    (k == "Ref" || k.starts_with("Fn::")).then_some((k.as_str(), arg))
}

/// `v` with its intrinsic functions resolved as the module says; `None`
/// when it is `AWS::NoValue` (or an unknown condition value), which leaves
/// it out. The paths of values that stand for something unknown are
/// pushed on `opaque`.
fn resolve(v: &Value, path: &mut String, at: Where, opaque: &mut Vec<String>) -> Option<Value> {
    if let Some((f, arg)) = intrinsic(v) {
        return match f {
            "Ref" if arg == "AWS::NoValue" => None,
            "Fn::If" => {
                let branches = arg.as_array()?;
                let no_value =
                    |b: &Value| intrinsic(b) == Some(("Ref", &Value::from("AWS::NoValue")));
                let pick = branches
                    .get(1)
                    .filter(|b| !no_value(b))
                    .or(branches.get(2))?;
                resolve(pick, path, at, opaque)
            }
            "Fn::Sub" => {
                let template = match arg {
                    Value::String(s) => s.as_str(),
                    Value::Array(list) => list.first()?.as_str()?,
                    _ => return unknown(path, at, opaque),
                };
                let (text, substituted) = substitute(template);
                if substituted && at == Where::ConditionValue {
                    return unknown(path, at, opaque);
                }
                Some(Value::String(text))
            }
            "Fn::Join" => {
                let list = arg.as_array()?;
                let (Some(sep), Some(Value::Array(parts))) =
                    (list.first().and_then(Value::as_str), list.get(1))
                else {
                    return unknown(path, at, opaque);
                };
                let mut out = Vec::new();
                let mut substituted = false;
                for part in parts {
                    match part {
                        Value::String(s) => out.push(s.clone()),
                        other => {
                            match resolve(other, &mut String::new(), Where::Other, &mut Vec::new())
                            {
                                Some(Value::String(s))
                                    if intrinsic(other).is_some_and(|(f, _)| {
                                        f == "Fn::Sub" || f == "Fn::Join"
                                    }) =>
                                {
                                    out.push(s)
                                }
                                _ => {
                                    substituted = true;
                                    out.push("*".to_string());
                                }
                            }
                        }
                    }
                }
                if substituted && at == Where::ConditionValue {
                    return unknown(path, at, opaque);
                }
                Some(Value::String(out.join(sep)))
            }
            _ => unknown(path, at, opaque),
        };
    }
    Some(match v {
        Value::Array(list) => {
            let mut out = Vec::with_capacity(list.len());
            for item in list {
                let parent = path.len();
                jsonpath::push_index(path, out.len());
                if let Some(r) = resolve(item, path, at, opaque) {
                    out.push(r);
                }
                path.truncate(parent);
            }
            Value::Array(out)
        }
        Value::Object(map) => {
            let mut out = serde_json::Map::new();
            for (k, item) in map {
                let next = match (at, k.as_str()) {
                    (Where::Other, "Condition") => Where::Condition,
                    (Where::Condition, _) => Where::Operator,
                    (Where::Operator, _) => Where::ConditionValue,
                    (other, _) => other,
                };
                let parent = path.len();
                jsonpath::push_key(path, k);
                if let Some(r) = resolve(item, path, next, opaque) {
                    out.insert(k.clone(), r);
                } else if next == Where::ConditionValue {
                    // A condition value only known at deploy time: no values
                    // to judge, the key still is.
                    out.insert(k.clone(), Value::Array(Vec::new()));
                }
                path.truncate(parent);
            }
            Value::Object(out)
        }
        other => other.clone(),
    })
}

/// A value only known at deploy time: `*`, its findings dropped; left out
/// of a condition's values.
fn unknown(path: &str, at: Where, opaque: &mut Vec<String>) -> Option<Value> {
    if at == Where::ConditionValue {
        return None;
    }
    opaque.push(path.to_string());
    Some(Value::String("*".to_string()))
}

/// `Fn::Sub`'s text with each `${…}` as `*` and `${!…}` as the literal
/// `${…}`; and whether anything was substituted.
fn substitute(template: &str) -> (String, bool) {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    let mut substituted = false;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return (out, substituted);
        };
        if let Some(literal) = after[..end].strip_prefix('!') {
            out.push_str("${");
            out.push_str(literal);
            out.push('}');
        } else {
            out.push('*');
            substituted = true;
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    (out, substituted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intrinsics_resolve_leniently() {
        assert_eq!(
            substitute("arn:${AWS::Partition}:s3:::${Bucket}/${!Literal}"),
            ("arn:*:s3:::*/${Literal}".to_string(), true)
        );
        let policy = serde_json::json!({"Statement": [{
            "Effect": "Allow",
            "Action": ["s3:GetObject", {"Fn::If": ["C", "s3:PutObject", {"Ref": "AWS::NoValue"}]}],
            "Resource": [{"Fn::GetAtt": ["B", "Arn"]}, {"Fn::Join": ["", ["arn:aws:s3:::", {"Ref": "B"}, "/*"]]}],
            "Condition": {"IpAddress": {"aws:SourceIp": {"Ref": "Cidr"}}, "StringEquals": {"aws:SourceAccount": ["1", {"Ref": "AWS::AccountId"}]}}
        }]});
        let mut opaque = Vec::new();
        let doc = resolve(&policy, &mut String::from("$"), Where::Other, &mut opaque).unwrap();
        let s = &doc["Statement"][0];
        assert_eq!(
            s["Action"],
            serde_json::json!(["s3:GetObject", "s3:PutObject"])
        );
        assert_eq!(s["Resource"], serde_json::json!(["*", "arn:aws:s3:::*/*"]));
        assert_eq!(
            s["Condition"]["IpAddress"]["aws:SourceIp"],
            serde_json::json!([])
        );
        assert_eq!(
            s["Condition"]["StringEquals"]["aws:SourceAccount"],
            serde_json::json!(["1"])
        );
        assert_eq!(opaque, vec!["$.Statement[0].Resource[0]".to_string()]);
    }
}
