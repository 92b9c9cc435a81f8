//! A typed, versioned catalog of AWS IAM: every service, action, resource
//! type and condition key that the AWS Service Authorization Reference
//! documents, with what the services' own docs say about end of support.
//!
//! The data is compiled in: small `Copy` handles over sorted static tables,
//! no allocation to look anything up, no dependencies (`serde` optional).
//!
//! ```
//! use aws_iam_catalog::{chime, AccessLevel, Action, Service};
//!
//! // IAM names are case-insensitive.
//! let a: Action = "chime:createmeeting".parse().unwrap();
//! assert_eq!(a, chime::CREATE_MEETING);
//! assert_eq!(a.to_string(), "chime:CreateMeeting");
//! assert!(a.access_level().contains(AccessLevel::Write));
//! for r in a.resource_types() {
//!     println!("{} (required: {})", r.resource_type().name(), r.required());
//! }
//!
//! // IAM wildcards.
//! let lists = Action::matching("chime:List*").count();
//! assert!(lists > 10);
//!
//! // What the services' docs announce.
//! # #[allow(deprecated)]
//! let eos = Service::CHIME.end_of_support().unwrap();
//! assert_eq!(eos.to_string(), "2026-02-20");
//!
//! println!("data {} ({})", aws_iam_catalog::DATA_VERSION.date, aws_iam_catalog::DATA_VERSION.sha256);
//! ```
//!
//! # Versions
//!
//! The crate follows the data: new actions, services, resource types or
//! keys, changes of meaning (an access level, a resource type, an ARN) and
//! deprecations are minor releases; text-only changes (descriptions, doc
//! links) are patches. An item AWS removes stays one release as a
//! `#[deprecated]` const (and [`Action::deprecation`] says so at run time);
//! dropping it is a major release. Pin an exact version
//! (`aws-iam-catalog = "=1.7.0"`) to get data changes only when you choose.
//! [`DATA_VERSION`] and `[package.metadata.aws-iam-catalog]` name the data.
//!
//! # Licences
//!
//! The code is MIT OR Apache-2.0. The catalog text comes from the AWS
//! documentation, which AWS publishes under CC BY-SA 4.0 (see
//! `DATA-LICENSE.md`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod action;
// Written by `cargo xtask codegen`, byte for byte: rustfmt must not touch it.
#[rustfmt::skip]
mod generated;
mod resource;
#[cfg(feature = "serde")]
mod serde_impls;
mod service;
mod table;
mod vocab;
mod wildcard;

pub use action::{Action, ActionResource, Matching, ParseActionError};
pub use generated::DATA_VERSION;
pub use generated::consts::*;
pub use resource::{ArnTemplate, ConditionKey, MissingPlaceholder, ResourceType};
pub use service::{Notice, Service, UnknownService};
pub use vocab::{AccessLevel, AccessLevels, ConditionKeyType, Date, NoticeKind, UnknownValue};

/// The snapshot of the AWS documentation the crate was generated from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DataVersion {
    /// When the pages were read, `YYYY-MM-DD`.
    pub date: &'static str,
    /// sha256 of the snapshot's canonical files (`snapshots/manifest.toml`).
    pub sha256: &'static str,
}

/// Why an item is deprecated.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Deprecation {
    /// Removed from the AWS documentation (in the data of this date); the
    /// item is kept for one release so that code naming it warns first.
    Removed {
        /// The data date of the snapshot that no longer had it.
        on: Option<Date>,
    },
    /// The service's docs announce its end of support.
    EndOfSupport {
        /// The notice.
        notice: Notice,
    },
    /// The service's docs announce a deprecation.
    Deprecated {
        /// The notice.
        notice: Notice,
    },
}
