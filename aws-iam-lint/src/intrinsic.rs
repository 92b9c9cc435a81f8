//! CloudFormation's intrinsic functions in a policy, judged leniently, never
//! as malformed: `Fn::Sub` keeps its text with each `${…}` as `*` (so an ARN
//! is still judged), `Fn::Join` joins, `Fn::If` takes its first branch (its
//! second when the first is `AWS::NoValue`), and a value only known at
//! deploy time (`Ref`, `Fn::GetAtt`, `Fn::ImportValue`, …) stands as `*`
//! with no finding about it, or is left out of a condition's values.
//!
//! Below both the checker (a bare policy copied out of a template) and the
//! template readers; it knows nothing of either.

use serde_json::Value;

use crate::jsonpath;

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
