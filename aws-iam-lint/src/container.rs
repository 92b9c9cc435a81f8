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
