//! The least IAM policy for a list of API calls:
//!
//! ```text
//! cargo run --example policy-for-calls -- s3:GetObject kms:Decrypt
//! cargo run --example policy-for-calls -- s3.get_object chime-sdk-messaging.send_channel_message
//! ```
//!
//! A call is an operation, `prefix:Name` (the IAM prefix of the service
//! whose page lists it), or an SDK call, `client.method` (boto3's client
//! name and the method, `get_object` or `GetObject`). The policy (stdout,
//! JSON) allows every action the calls need: a statement per service and
//! per set of resources, the resources being the ARN templates of the
//! actions' required resource types with their `${Placeholders}` left for
//! you to fill (`*` for an action that names no resource type); a
//! requirement with condition keys goes in a statement of its own, its Sid
//! ending in `Conditional`, with the keys' values when AWS gives them.
//! A tagging action that a creating call needs (EC2's `CreateTags` for
//! `RunInstances`) is allowed only for that call when the service has a
//! `CreateAction` key ([`tag_on_create`]).
//! Stderr says which actions each call needs. A call the catalog does not
//! know stops the program (exit 2) with a suggestion.
//!
//! Only the catalog and the standard library: the JSON is written by hand.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use aws_iam_catalog::{AccessLevel, Action, Operation};

/// A condition: each key with the values it is allowed (none: the key must
/// be present).
type Condition = Vec<(String, Vec<String>)>;

/// A statement's key: service prefix, resources, and the condition (keys
/// and values) when the requirement has one.
type StatementKey = (String, Vec<String>, Condition);

/// The operation a call names: `prefix:Name` or `client.method`.
pub fn operation_of(call: &str) -> Result<Operation, String> {
    if call.contains(':') {
        return call.parse::<Operation>().map_err(|e| e.to_string());
    }
    let (client, method) = call
        .rsplit_once('.')
        .ok_or_else(|| format!("{call:?}: expected prefix:Operation or sdk-client.method"))?;
    Operation::for_sdk(client, method)
        .ok_or_else(|| format!("{call:?}: no operation {method:?} of the SDK client {client:?}"))
}

/// The resources a statement for `action` names: the ARN templates of its
/// required resource types; of all its resource types when none is
/// required; `*` when it has none.
pub fn resources_of(action: Action) -> Vec<String> {
    let types: Vec<_> = action.resource_types().collect();
    let required: Vec<_> = types.iter().filter(|r| r.required()).collect();
    let chosen = if required.is_empty() {
        types.iter().collect()
    } else {
        required
    };
    let mut arns: Vec<String> = chosen
        .iter()
        .flat_map(|r| r.resource_type().arn_templates())
        .map(|t| t.as_str().to_string())
        .collect();
    arns.sort();
    arns.dedup();
    if arns.is_empty() {
        arns.push("*".to_string());
    }
    arns
}

/// Tagging on create: the condition that limits `action` to tagging what
/// `op` creates, `None` when it is not that case.
///
/// An operation that creates resources and tags them in the same request
/// (EC2's `RunInstances`, `CreateVolume`, …) needs its service's tagging
/// action, whose own resource types are every taggable type of the service
/// (104 for `ec2:CreateTags`, none required): alone, that would let the
/// role tag any of them at any time. A service whose tagging action takes a
/// `<prefix>:CreateAction` key (EC2's) lets the policy allow it only as
/// part of the call: `StringEquals` on the key with the operation's name,
/// as AWS's "grant permission to tag resources during creation" examples
/// write it. The resources are not narrowed: which types a call creates is
/// not in the data (an action's resource types that take request tags are
/// not all of them: `kinesis:RegisterStreamConsumer` lists the stream, not
/// the consumer it creates), and a policy too narrow makes the call fail.
pub fn tag_on_create(op: Operation, action: Action) -> Option<Condition> {
    let own = op.service().action(op.name())?;
    let tagging = |a: Action| a.access_level().contains(AccessLevel::Tagging);
    if own == action || action.service() != own.service() || !tagging(action) || tagging(own) {
        return None;
    }
    let create_action = format!("{}:CreateAction", own.service().prefix());
    action
        .condition_keys()
        .find(|k| k.name().eq_ignore_ascii_case(&create_action))
        .map(|k| vec![(k.name().to_string(), vec![op.name().to_string()])])
}

/// The policy for `calls`, and what each call needs (for stderr).
pub fn policy(calls: &[String]) -> Result<(String, String), String> {
    let mut statements: BTreeMap<StatementKey, BTreeSet<String>> = BTreeMap::new();
    let mut notes = String::new();
    for call in calls {
        let op = operation_of(call)?;
        let clients: Vec<&str> = op.sdk_clients().collect();
        let needs: Vec<String> = op.actions().map(|a| a.action().to_string()).collect();
        let _ = writeln!(
            notes,
            "{call}: {op} (SDK {}; {:?}) needs {}",
            clients.join(", "),
            op.source(),
            needs.join(", ")
        );
        if needs.is_empty() {
            let _ = writeln!(notes, "  (the source lists no action for it)");
        }
        for need in op.actions() {
            let action = need.action();
            let keys: Vec<&str> = need.condition_keys().collect();
            let values: Vec<String> = need.possible_values().map(str::to_string).collect();
            let mut condition: Condition = keys
                .iter()
                .map(|k| (k.to_string(), values.clone()))
                .collect();
            condition.extend(tag_on_create(op, action).unwrap_or_default());
            let resources = resources_of(action);
            let key = (action.service().prefix().to_string(), resources, condition);
            statements
                .entry(key)
                .or_default()
                .insert(action.to_string());
        }
    }
    Ok((render(&statements), notes))
}

/// A JSON string literal.
fn json(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: impl IntoIterator<Item = String>, indent: &str) -> String {
    let items: Vec<String> = items.into_iter().map(|s| json(&s)).collect();
    format!(
        "[\n{indent}  {}\n{indent}]",
        items.join(&format!(",\n{indent}  "))
    )
}

/// `s3-object-lambda` → `S3ObjectLambda`.
fn sid_of(prefix: &str) -> String {
    prefix
        .split(|c: char| !c.is_ascii_alphanumeric())
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_ascii_uppercase().to_string() + c.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn render(statements: &BTreeMap<StatementKey, BTreeSet<String>>) -> String {
    let mut out = String::from("{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [");
    let mut n_of: BTreeMap<&str, usize> = BTreeMap::new();
    for (i, ((prefix, resources, condition), actions)) in statements.iter().enumerate() {
        let n = n_of.entry(prefix).or_default();
        *n += 1;
        let mut sid = format!("{}Calls{n}", sid_of(prefix));
        if !condition.is_empty() {
            sid.push_str("Conditional");
        }
        out.push_str(if i == 0 { "\n" } else { ",\n" });
        let _ = write!(
            out,
            "    {{\n      \"Sid\": {},\n      \"Effect\": \"Allow\",\n      \"Action\": {},\n      \"Resource\": {}",
            json(&sid),
            list(actions.iter().cloned(), "      "),
            list(resources.iter().cloned(), "      ")
        );
        if !condition.is_empty() {
            // The page gives a key and the values the call sets: the
            // action is allowed for those values only. A key without
            // values is marked with a `Null` test that it is present.
            let mut equals = Vec::new();
            let mut present = Vec::new();
            for (key, values) in condition {
                if values.is_empty() {
                    present.push(format!("          {}: \"false\"", json(key)));
                } else {
                    equals.push(format!(
                        "          {}: {}",
                        json(key),
                        list(values.iter().cloned(), "          ")
                    ));
                }
            }
            let mut blocks = Vec::new();
            if !equals.is_empty() {
                blocks.push(format!(
                    "        \"StringEquals\": {{\n{}\n        }}",
                    equals.join(",\n")
                ));
            }
            if !present.is_empty() {
                blocks.push(format!(
                    "        \"Null\": {{\n{}\n        }}",
                    present.join(",\n")
                ));
            }
            let _ = write!(
                out,
                ",\n      \"Condition\": {{\n{}\n      }}",
                blocks.join(",\n")
            );
        }
        out.push_str("\n    }");
    }
    out.push_str("\n  ]\n}\n");
    out
}

#[cfg_attr(test, allow(dead_code))]
fn main() {
    let calls: Vec<String> = std::env::args().skip(1).collect();
    if calls.is_empty() || calls.iter().any(|c| c == "-h" || c == "--help") {
        eprintln!(
            "usage: policy-for-calls CALL...\n  CALL is prefix:Operation (s3:GetObject) or sdk-client.method (s3.get_object)"
        );
        std::process::exit(2);
    }
    match policy(&calls) {
        Ok((policy, notes)) => {
            eprint!("{notes}");
            print!("{policy}");
        }
        Err(e) => {
            eprintln!("policy-for-calls: {e}");
            std::process::exit(2);
        }
    }
}
