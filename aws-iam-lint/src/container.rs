//! What a file that holds many policies (a CloudFormation template, a
//! Terraform plan) needs of the run that reads it: a checker for each kind
//! of policy, and a place for each policy's report. Its own module so that
//! the readers of those files and the run that calls them do not import
//! each other.

use serde_json::Value;

use crate::check::{Checker, Report};
use crate::policy::PolicyKind;

/// What containers need of a run: a checker per kind, and a place for
/// each document's report.
pub(crate) trait Sink {
    /// The checker for policies of `kind`.
    fn checker(&mut self, kind: PolicyKind) -> &mut Checker;
    /// Adds one document's report (`doc`: the policy, for suppressions by
    /// `Sid` and action).
    fn add(&mut self, report: Report, doc: Option<&Value>);
}

/// A template's or plan's whole text as JSON, or `None` after reporting
/// IAM001 for it (it is not JSON: no policy in it can be found).
pub(crate) fn parse_json(sink: &mut dyn Sink, file: &str, text: &str) -> Option<Value> {
    match serde_json::from_str(text) {
        Ok(v) => Some(v),
        Err(e) => {
            let line = (e.line() > 0).then_some(e.line());
            let message = format!("not JSON: {e}");
            let finding =
                crate::document::whole(file, crate::finding::Code::Malformed, line, message);
            sink.add(Report::single(finding), None);
            None
        }
    }
}

/// The kind of a policy, as the resource holding it says.
#[derive(Clone, Copy)]
pub(crate) enum KindOf {
    /// Always this kind (a role's trust policy, a bucket policy…).
    Is(PolicyKind),
    /// An AWS Organizations policy: SCP or RCP by the value of this
    /// property (`SERVICE_CONTROL_POLICY`, `RESOURCE_CONTROL_POLICY`); any
    /// other type (tag or backup policies) holds no IAM policy.
    OrganizationsType(&'static str),
}

/// Where a resource type holds a policy: its property, and when the
/// property is a list of objects (a role's inline policies) the key of
/// each one's policy.
pub(crate) struct PolicyProperty {
    pub resource: &'static str,
    pub property: &'static str,
    pub inner: Option<&'static str>,
    pub kind: KindOf,
}

impl PolicyProperty {
    /// A place (for the readers' tables).
    pub const fn new(
        resource: &'static str,
        property: &'static str,
        inner: Option<&'static str>,
        kind: KindOf,
    ) -> PolicyProperty {
        PolicyProperty {
            resource,
            property,
            inner,
            kind,
        }
    }
}

/// A policy found in a resource's properties.
pub(crate) struct Spot<'v> {
    /// Its JSON path in the file.
    pub path: String,
    /// The property, as a finding's document names it
    /// (`PolicyDocument`, `Policies[0].PolicyDocument`).
    pub property: String,
    pub value: &'v Value,
    pub kind: PolicyKind,
}

/// The policies a resource of `resource_type` holds by `places`: `props`
/// are its properties (a template's `Properties`, a plan's `values`), at
/// the JSON path `at`. The one walk over policy-bearing resources, for
/// CloudFormation templates and Terraform plans alike.
pub(crate) fn spots<'v>(
    places: &[PolicyProperty],
    resource_type: &str,
    props: &'v Value,
    at: &str,
) -> Vec<Spot<'v>> {
    use crate::jsonpath;
    let mut out = Vec::new();
    for place in places.iter().filter(|p| p.resource == resource_type) {
        let kind = match place.kind {
            KindOf::Is(kind) => kind,
            KindOf::OrganizationsType(key) => match props.get(key).and_then(Value::as_str) {
                Some("SERVICE_CONTROL_POLICY") => PolicyKind::Scp,
                Some("RESOURCE_CONTROL_POLICY") => PolicyKind::Rcp,
                _ => continue,
            },
        };
        let Some(value) = props.get(place.property) else {
            continue;
        };
        let path = jsonpath::key(at, place.property);
        match (place.inner, value) {
            (None, value) => out.push(Spot {
                path,
                property: place.property.to_string(),
                value,
                kind,
            }),
            (Some(inner), Value::Array(list)) => {
                for (i, item) in list.iter().enumerate() {
                    if let Some(value) = item.get(inner) {
                        let mut p = path.clone();
                        jsonpath::push_index(&mut p, i);
                        out.push(Spot {
                            path: jsonpath::key(&p, inner),
                            property: format!("{}[{i}].{inner}", place.property),
                            value,
                            kind,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    out
}
