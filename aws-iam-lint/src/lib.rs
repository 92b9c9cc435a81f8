//! A checker for AWS IAM policies, built on the typed
//! [`aws_iam_catalog`]: is every action real, does a wildcard match
//! anything, will a removed action or a retired service break this policy,
//! does a resource ARN or a condition key fit the actions it is written for.
//!
//! ```
//! use aws_iam_lint::{Code, Options, check_text};
//!
//! let report = check_text(
//!     "policy.json",
//!     r#"{"Version": "2012-10-17",
//!         "Statement": {"Effect": "Allow", "Action": "s3:getobject", "Resource": "*"}}"#,
//!     Options::default(),
//! );
//! assert_eq!(report.findings[0].code, Code::ActionCase);
//! assert_eq!(report.findings[0].suggestion.as_deref(), Some("s3:GetObject"));
//! ```
//!
//! Every statement is checked in full: an unknown action is reported and the
//! statement's resources and condition keys are still judged on the actions
//! that are known.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod check;
mod cloudformation;
pub mod config;
mod container;
pub mod corpus;
mod document;
pub mod finding;
pub mod input;
mod intrinsic;
pub mod jsonpath;
mod locate;
pub mod output;
pub mod policy;
mod suggest;
mod terraform;
mod yaml;

pub use check::{Checker, Options, Report, StatementSummary, check_text, check_value};
pub use finding::{Code, Finding, Severity};
pub use policy::PolicyKind;

/// The exit status for a report: 1 when a finding is at or above `fail_on`
/// (`None`: never), else 0. Unreadable input is 2, decided by the caller.
pub fn exit_status(report: &Report, fail_on: Option<Severity>) -> i32 {
    match fail_on {
        Some(min) if report.findings.iter().any(|f| f.severity() >= min) => 1,
        _ => 0,
    }
}

// The README's example (what crates.io shows) runs as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct Readme;
