//! IAM's policy grammar: a JSON document read into statements, with every
//! departure from the grammar reported (never a panic, never a statement
//! silently dropped).
//!
//! The shapes IAM accepts: `Statement` as one object or a list; `Action`,
//! `NotAction`, `Resource`, `NotResource` as a string or a list of strings;
//! `Principal` as `"*"` or a map of principal kinds; `Condition` as
//! operator → key → value(s), operators with `ForAllValues:`/`ForAnyValue:`
//! and `…IfExists`.

use core::fmt;
use core::str::FromStr;

use serde_json::{Map, Value};

/// Which kind of policy the document is, which decides whether `Principal`
/// and `Resource` must or must not be there.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PolicyKind {
    /// Decided per statement: a statement with `Principal` is resource-based,
    /// or a trust policy when it has no `Resource`; without it, identity-based.
    #[default]
    Auto,
    /// Attached to a user, group or role: no `Principal`, `Resource` required.
    Identity,
    /// Attached to a resource: `Principal` and `Resource` required.
    Resource,
    /// A role's trust policy: `Principal` required, no `Resource`.
    Trust,
    /// A service control policy: no `Principal`, `Resource` required.
    Scp,
    /// A resource control policy: `Principal` and `Resource` required.
    Rcp,
}

impl PolicyKind {
    /// Every kind, as the command line names them.
    pub const NAMES: &'static [&'static str] =
        &["auto", "identity", "resource", "trust", "scp", "rcp"];

    fn rule(self, has_principal: bool, has_resource: bool) -> (Need, Need) {
        use Need::*;
        match self {
            PolicyKind::Auto if has_principal && !has_resource => (Required, Forbidden),
            PolicyKind::Auto if has_principal => (Required, Required),
            PolicyKind::Auto | PolicyKind::Identity | PolicyKind::Scp => (Forbidden, Required),
            PolicyKind::Resource | PolicyKind::Rcp => (Required, Required),
            PolicyKind::Trust => (Required, Forbidden),
        }
    }
}

impl FromStr for PolicyKind {
    type Err = String;
    fn from_str(s: &str) -> Result<PolicyKind, String> {
        Ok(match s {
            "auto" => PolicyKind::Auto,
            "identity" => PolicyKind::Identity,
            "resource" => PolicyKind::Resource,
            "trust" => PolicyKind::Trust,
            "scp" => PolicyKind::Scp,
            "rcp" => PolicyKind::Rcp,
            _ => {
                return Err(format!(
                    "{s:?} is not a policy kind: expected one of {}",
                    PolicyKind::NAMES.join(", ")
                ));
            }
        })
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    Required,
    Forbidden,
}

/// A policy document as statements.
#[derive(Clone, Debug, Default)]
pub struct Policy {
    /// Its statements, in order; a statement with a problem is kept with
    /// what could be read of it.
    pub statements: Vec<Statement>,
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

/// A string of the document and where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The string.
    pub value: String,
    /// Its JSON path.
    pub path: String,
}

/// `Action` or `NotAction`, `Resource` or `NotResource`: the items and which
/// of the pair it was.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Items {
    /// True for `NotAction` / `NotResource`.
    pub not: bool,
    /// The strings, in order.
    pub items: Vec<Item>,
    /// The element's path (`$.Statement[0].Action`).
    pub path: String,
}

/// A condition operator such as `ForAnyValue:StringLikeIfExists`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Operator {
    /// As written.
    pub raw: String,
    /// `ForAllValues` / `ForAnyValue`, when given.
    pub set: Option<SetOperator>,
    /// The base operator in AWS's spelling (`StringLike`).
    pub base: &'static str,
    /// True with the `IfExists` suffix.
    pub if_exists: bool,
}

/// The set operators of a condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOperator {
    /// `ForAllValues:`.
    ForAllValues,
    /// `ForAnyValue:`.
    ForAnyValue,
}

impl fmt::Display for SetOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SetOperator::ForAllValues => "ForAllValues",
            SetOperator::ForAnyValue => "ForAnyValue",
        })
    }
}

/// IAM's condition operators (without `IfExists`), in AWS's spelling.
const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringNotEquals",
    "StringEqualsIgnoreCase",
    "StringNotEqualsIgnoreCase",
    "StringLike",
    "StringNotLike",
    "NumericEquals",
    "NumericNotEquals",
    "NumericLessThan",
    "NumericLessThanEquals",
    "NumericGreaterThan",
    "NumericGreaterThanEquals",
    "DateEquals",
    "DateNotEquals",
    "DateLessThan",
    "DateLessThanEquals",
    "DateGreaterThan",
    "DateGreaterThanEquals",
    "Bool",
    "BinaryEquals",
    "IpAddress",
    "NotIpAddress",
    "ArnEquals",
    "ArnLike",
    "ArnNotEquals",
    "ArnNotLike",
    "Null",
];

impl FromStr for Operator {
    type Err = String;
    fn from_str(raw: &str) -> Result<Operator, String> {
        let (set, rest) = match raw.split_once(':') {
            Some((s, rest)) if s.eq_ignore_ascii_case("ForAllValues") => {
                (Some(SetOperator::ForAllValues), rest)
            }
            Some((s, rest)) if s.eq_ignore_ascii_case("ForAnyValue") => {
                (Some(SetOperator::ForAnyValue), rest)
            }
            Some((s, _)) => {
                return Err(format!(
                    "{s:?} is not a set operator: expected ForAllValues or ForAnyValue"
                ));
            }
            None => (None, raw),
        };
        let find = |name: &str| {
            OPERATORS
                .iter()
                .copied()
                .find(|op| op.eq_ignore_ascii_case(name))
        };
        let (base, if_exists) = match find(rest) {
            Some(base) => (base, false),
            None => {
                let stem = rest.len().checked_sub("IfExists".len()).and_then(|n| {
                    rest.get(n..)
                        .filter(|s| s.eq_ignore_ascii_case("IfExists"))
                        .map(|_| &rest[..n])
                });
                match stem.and_then(find) {
                    Some("Null") => return Err("Null takes no IfExists suffix".to_string()),
                    Some(base) => (base, true),
                    None => return Err(format!("{raw:?} is not a condition operator")),
                }
            }
        };
        Ok(Operator {
            raw: raw.to_string(),
            set,
            base,
            if_exists,
        })
    }
}

/// One condition key of a `Condition` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    /// The operator it sits under.
    pub operator: Operator,
    /// The key as written (`aws:ResourceTag/Project`).
    pub key: String,
    /// The key's JSON path.
    pub path: String,
    /// How many values it is compared with.
    pub values: usize,
    /// The values that are strings, numbers or booleans, as written (the
    /// checks of values against the operator's type read them).
    pub literals: Vec<Value>,
}

/// One statement.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    /// Index in `Statement` (0 for a single statement object).
    pub index: usize,
    /// Its path (`$.Statement[1]`, or `$.Statement` for a single object).
    pub path: String,
    /// `Sid`, when given.
    pub sid: Option<String>,
    /// `Effect`, when valid.
    pub effect: Option<Effect>,
    /// `Principal` or `NotPrincipal` is present.
    pub principal: bool,
    /// `Action` or `NotAction`.
    pub actions: Items,
    /// `Resource` or `NotResource`, when present.
    pub resources: Option<Items>,
    /// The keys of `Condition`.
    pub conditions: Vec<Condition>,
}

/// A departure from the grammar, at a path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The statement, when inside one.
    pub statement: Option<usize>,
    /// Where.
    pub path: String,
    /// What was expected.
    pub message: String,
}

/// The statements of a document, and its problems.
pub fn read(document: &Value, kind: PolicyKind) -> (Policy, Vec<Problem>) {
    let mut reader = Reader::default();
    let policy = reader.document(document, kind);
    (policy, reader.problems)
}

const STATEMENT_KEYS: &[&str] = &[
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

#[derive(Default)]
struct Reader {
    problems: Vec<Problem>,
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

impl Reader {
    fn problem(&mut self, statement: Option<usize>, path: &str, message: String) {
        self.problems.push(Problem {
            statement,
            path: path.to_string(),
            message,
        });
    }

    fn document(&mut self, document: &Value, kind: PolicyKind) -> Policy {
        let mut policy = Policy::default();
        let Value::Object(top) = document else {
            self.problem(
                None,
                "$",
                format!("a policy is a JSON object, found {}", kind_of(document)),
            );
            return policy;
        };
        for key in top.keys() {
            if !["Version", "Id", "Statement"].contains(&key.as_str()) {
                self.problem(
                    None,
                    &crate::jsonpath::key("$", key),
                    format!("unknown element {key:?}: a policy has Version, Id and Statement"),
                );
            }
        }
        match top.get("Version") {
            None => {}
            Some(Value::String(v)) if v == "2012-10-17" || v == "2008-10-17" => {}
            Some(other) => self.problem(
                None,
                "$.Version",
                format!("Version must be \"2012-10-17\" (or \"2008-10-17\"), found {other}"),
            ),
        }
        if let Some(id) = top.get("Id").filter(|v| !v.is_string()) {
            self.problem(
                None,
                "$.Id",
                format!("Id must be a string, found {}", kind_of(id)),
            );
        }
        match top.get("Statement") {
            None => self.problem(None, "$", "the policy has no Statement".to_string()),
            Some(Value::Object(s)) => {
                if let Some(st) = self.statement(s, 0, "$.Statement".to_string(), kind) {
                    policy.statements.push(st);
                }
            }
            Some(Value::Array(list)) => {
                if list.is_empty() {
                    self.problem(
                        None,
                        "$.Statement",
                        "Statement is an empty list".to_string(),
                    );
                }
                for (i, s) in list.iter().enumerate() {
                    let path = format!("$.Statement[{i}]");
                    match s {
                        Value::Object(s) => {
                            if let Some(st) = self.statement(s, i, path, kind) {
                                policy.statements.push(st);
                            }
                        }
                        other => self.problem(
                            Some(i),
                            &path,
                            format!("a statement is an object, found {}", kind_of(other)),
                        ),
                    }
                }
            }
            Some(other) => self.problem(
                None,
                "$.Statement",
                format!(
                    "Statement must be an object or a list of objects, found {}",
                    kind_of(other)
                ),
            ),
        }
        policy
    }

    fn statement(
        &mut self,
        s: &Map<String, Value>,
        index: usize,
        path: String,
        kind: PolicyKind,
    ) -> Option<Statement> {
        let at = Some(index);
        for key in s.keys() {
            if !STATEMENT_KEYS.contains(&key.as_str()) {
                let hint = STATEMENT_KEYS
                    .iter()
                    .find(|k| k.eq_ignore_ascii_case(key))
                    .map(|k| format!(" (element names are case-sensitive: {k})"))
                    .unwrap_or_default();
                self.problem(
                    at,
                    &crate::jsonpath::key(&path, key),
                    format!("unknown statement element {key:?}{hint}"),
                );
            }
        }
        let sid = match s.get("Sid") {
            None => None,
            Some(Value::String(sid)) => Some(sid.clone()),
            Some(other) => {
                self.problem(
                    at,
                    &format!("{path}.Sid"),
                    format!("Sid must be a string, found {}", kind_of(other)),
                );
                None
            }
        };
        let effect = match s.get("Effect") {
            Some(Value::String(e)) if e == "Allow" => Some(Effect::Allow),
            Some(Value::String(e)) if e == "Deny" => Some(Effect::Deny),
            None => {
                self.problem(at, &path, "the statement has no Effect".to_string());
                None
            }
            Some(other) => {
                self.problem(
                    at,
                    &format!("{path}.Effect"),
                    format!("Effect must be \"Allow\" or \"Deny\" (case-sensitive), found {other}"),
                );
                None
            }
        };
        let principal = self.principal(s, at, &path);
        let actions = self.pair(s, at, &path, "Action", "NotAction");
        let resources = self.pair(s, at, &path, "Resource", "NotResource");
        let (need_principal, need_resource) = kind.rule(principal, resources.is_some());
        match (need_principal, principal) {
            (Need::Required, false) => self.problem(
                at,
                &path,
                "this kind of policy needs a Principal in every statement".to_string(),
            ),
            (Need::Forbidden, true) => self.problem(
                at,
                &format!("{path}.Principal"),
                "this kind of policy (identity-based or SCP) takes no Principal".to_string(),
            ),
            _ => {}
        }
        match (need_resource, &resources) {
            (Need::Required, None) => self.problem(
                at,
                &path,
                "the statement has neither Resource nor NotResource".to_string(),
            ),
            (Need::Forbidden, Some(r)) => self.problem(
                at,
                &r.path,
                "a trust policy takes no Resource (the role is the resource)".to_string(),
            ),
            _ => {}
        }
        let conditions = self.conditions(s.get("Condition"), at, &path);
        let Some(actions) = actions else {
            self.problem(
                at,
                &path,
                "the statement has neither Action nor NotAction".to_string(),
            );
            return None;
        };
        Some(Statement {
            index,
            path,
            sid,
            effect,
            principal,
            actions,
            resources,
            conditions,
        })
    }

    fn principal(&mut self, s: &Map<String, Value>, at: Option<usize>, path: &str) -> bool {
        let mut present = false;
        for name in ["Principal", "NotPrincipal"] {
            let Some(p) = s.get(name) else { continue };
            present = true;
            let here = format!("{path}.{name}");
            match p {
                Value::String(star) if star == "*" => {}
                Value::Object(map) => {
                    for (kind, v) in map {
                        if !["AWS", "Service", "Federated", "CanonicalUser"]
                            .contains(&kind.as_str())
                        {
                            self.problem(
                                at,
                                &crate::jsonpath::key(&here, kind),
                                format!(
                                    "unknown principal kind {kind:?}: expected AWS, Service, Federated or CanonicalUser"
                                ),
                            );
                        }
                        self.strings(v, at, &crate::jsonpath::key(&here, kind));
                    }
                }
                other => self.problem(
                    at,
                    &here,
                    format!("{name} must be \"*\" or an object, found {other}"),
                ),
            }
        }
        if s.contains_key("Principal") && s.contains_key("NotPrincipal") {
            self.problem(
                at,
                path,
                "the statement has both Principal and NotPrincipal".to_string(),
            );
        }
        present
    }

    /// `Action`/`NotAction` or `Resource`/`NotResource`.
    fn pair(
        &mut self,
        s: &Map<String, Value>,
        at: Option<usize>,
        path: &str,
        yes: &str,
        no: &str,
    ) -> Option<Items> {
        if s.contains_key(yes) && s.contains_key(no) {
            self.problem(at, path, format!("the statement has both {yes} and {no}"));
        }
        let (not, v) = match (s.get(yes), s.get(no)) {
            (Some(v), _) => (false, v),
            (None, Some(v)) => (true, v),
            (None, None) => return None,
        };
        let path = format!("{path}.{}", if not { no } else { yes });
        let items = self.strings(v, at, &path);
        // A list of only non-strings is already reported item by item.
        if v.as_array().is_some_and(Vec::is_empty) {
            self.problem(at, &path, "an empty list matches nothing".to_string());
        }
        Some(Items { not, items, path })
    }

    /// A string or a list of strings.
    fn strings(&mut self, v: &Value, at: Option<usize>, path: &str) -> Vec<Item> {
        match v {
            Value::String(s) => vec![Item {
                value: s.clone(),
                path: path.to_string(),
            }],
            Value::Array(list) => list
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let here = indexed(path, i);
                    match v {
                        Value::String(s) => Some(Item {
                            value: s.clone(),
                            path: here,
                        }),
                        other => {
                            self.problem(
                                at,
                                &here,
                                format!("expected a string, found {}", kind_of(other)),
                            );
                            None
                        }
                    }
                })
                .collect(),
            other => {
                self.problem(
                    at,
                    path,
                    format!(
                        "expected a string or a list of strings, found {}",
                        kind_of(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    fn conditions(&mut self, c: Option<&Value>, at: Option<usize>, path: &str) -> Vec<Condition> {
        let mut out = Vec::new();
        let Some(c) = c else { return out };
        let path = format!("{path}.Condition");
        let Value::Object(blocks) = c else {
            self.problem(
                at,
                &path,
                format!("Condition must be an object, found {}", kind_of(c)),
            );
            return out;
        };
        for (op, keys) in blocks {
            let here = crate::jsonpath::key(&path, op);
            let operator = match op.parse::<Operator>() {
                Ok(o) => o,
                Err(e) => {
                    self.problem(at, &here, e);
                    continue;
                }
            };
            let Value::Object(keys) = keys else {
                self.problem(
                    at,
                    &here,
                    format!(
                        "a condition operator maps keys to values, found {}",
                        kind_of(keys)
                    ),
                );
                continue;
            };
            for (key, values) in keys {
                let key_path = crate::jsonpath::key(&here, key);
                let count = match values {
                    Value::String(_) | Value::Number(_) | Value::Bool(_) => 1,
                    Value::Array(list) => {
                        for (i, v) in list.iter().enumerate() {
                            if !(v.is_string() || v.is_number() || v.is_boolean()) {
                                self.problem(
                                    at,
                                    &format!("{key_path}[{i}]"),
                                    format!(
                                        "a condition value is a string, number or boolean, found {}",
                                        kind_of(v)
                                    ),
                                );
                            }
                        }
                        list.len()
                    }
                    other => {
                        self.problem(
                            at,
                            &key_path,
                            format!(
                                "a condition value is a string, number, boolean or a list of them, found {}",
                                kind_of(other)
                            ),
                        );
                        continue;
                    }
                };
                let literals = match values {
                    Value::Array(list) => list
                        .iter()
                        .filter(|v| !v.is_array() && !v.is_object())
                        .cloned()
                        .collect(),
                    one => vec![one.clone()],
                };
                out.push(Condition {
                    operator: operator.clone(),
                    key: key.clone(),
                    path: key_path,
                    values: count,
                    literals,
                });
            }
        }
        out
    }
}
/// `path[i]`, the JSON path of a list's element (built without the
/// formatting machinery: a policy has tens of thousands of them).
fn indexed(path: &str, i: usize) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(path.len() + 6);
    out.push_str(path);
    let _ = write!(out, "[{i}]");
    out
}
