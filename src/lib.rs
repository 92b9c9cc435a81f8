//! A typed, versioned catalog of AWS IAM: every service, action, resource
//! type and condition key that the AWS Service Authorization Reference
//! documents, the global condition keys of the IAM User Guide, and what
//! the services' own docs say about end of support.
//!
//! The data is compiled in: small `Copy` handles over sorted static tables,
//! no allocation to look anything up, no dependencies (`serde` optional).
//!
//! # Core types
//!
//! - [`Action`] (`s3:GetObject`): access level, resource types, condition
//!   keys with their sources ([`Action::condition_keys_all`],
//!   [`Action::supports_condition_key`]), dependent actions, deprecation;
//!   [`Action::matching`] expands policy wildcards.
//! - [`Service`] (`s3`): its actions, resource types, condition keys,
//!   notices; [`Service::resource_types_for_arn`].
//! - [`ResourceType`] and its [`ArnTemplate`]s, matched segment by segment
//!   against ARNs and policy ARN patterns.
//! - [`ConditionKey`] (any service's, [`ConditionKey::find`]) and
//!   [`GlobalConditionKey`] (`aws:SourceIp`, …).
//! - [`Operation`] (`s3:GetObject`, or `Operation::for_sdk("s3",
//!   "get_object")`): an API call, its SDK clients and the actions it needs
//!   ([`Operation::actions`], [`Action::operations`]); `docs/operations.md`.
//! - [`wildcard_match`] and [`wildcard_match_ignore_case`]: IAM's `*`/`?`.
//! - [`services`]: a type per service with a const per action
//!   (`s3::GET_OBJECT`, also reachable as `aws_iam_catalog::s3`), and
//!   `Service::S3`-style consts.
//!
//! Every handle has `Display` and `FromStr` (a failed parse suggests the
//! nearest name), lookups ignore case where IAM does, and `Debug` shows
//! names.
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
//! The crate answers as AWS documents, at the data date. New actions,
//! services, resource types or keys, changes of what AWS answers for an
//! item (an access level, a resource type, an ARN) and deprecations are
//! minor releases; text-only changes (descriptions, doc links) are
//! patches. An item AWS removes stays a `#[deprecated]` const (and
//! [`Action::deprecation`] says so at run time) for at least one release;
//! removed items are dropped together, in a major release, once the oldest
//! has been deprecated for half a year: about two breaking releases a
//! year. Pin an exact version (`aws-iam-catalog = "=0.1.0"`, the version
//! you build against) to get data changes only when you choose.
//! [`DATA_VERSION`] and `[package.metadata.aws-iam-catalog]` name the data.
//!
//! # Licences
//!
//! The code is MIT OR Apache-2.0. The catalog text comes from the AWS
//! documentation, which AWS publishes under CC BY-SA 4.0 (see
//! `DATA-LICENSE.md`).

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// The generated tables are 15 MB of source: rendered as HTML they would be
// most of the documentation's size, and they are not for reading.
#![doc(html_no_source)]

mod action;
mod arn;
mod condition;
// Written by `cargo xtask codegen`, byte for byte: rustfmt must not touch it.
#[rustfmt::skip]
mod generated;
mod deprecation;
mod description;
mod first_recorded;
mod global;
mod name_hash;
mod operation;
mod operation_table;
mod resource;
#[cfg(feature = "serde")]
mod serde_impls;
mod service;
mod suggest;
mod table;
mod vocab;
mod wildcard;

pub use action::{Action, ActionResource, Matching, ParseActionError};
pub use arn::ArnPattern;
pub use condition::{KeySource, SupportedKey};
pub use description::Description;
pub use first_recorded::HISTORY_SINCE;
pub use generated::DATA_VERSION;
pub use global::GlobalConditionKey;
pub use operation::{Operation, OperationAction, ParseOperationError, RequirementSource};
pub use resource::{ArnTemplate, ConditionKey, MissingPlaceholder, ResourceType};
pub use service::{Notice, Service, UnknownService};
pub use suggest::UnknownName;
pub use vocab::{AccessLevel, AccessLevels, ConditionKeyType, Date, NoticeKind, UnknownValue};
pub use wildcard::{wildcard_match, wildcard_match_ignore_case};

/// A type per service, named for its prefix (`s3`, `ec2`,
/// `aws_marketplace`), whose associated consts are its actions
/// (`s3::GET_OBJECT`), each documented with its access level and
/// description (its resource types and documentation link are
/// [`Action::resource_types`] and [`Action::doc_url`]: in the doc text of
/// 21,000 consts they would cost every user's build). Each type is also at
/// the crate root:
/// `aws_iam_catalog::s3::GET_OBJECT`.
///
/// They are types rather than modules so that the documentation is a page
/// per service, not a page per action (21,000 pages); a const is named by
/// its path (`s3::GET_OBJECT`), not imported with `use`.
pub mod services {
    pub use crate::generated::consts::*;
}

// The same types at the root, for `use aws_iam_catalog::s3;` (documented
// once, under `services`).
#[doc(hidden)]
pub use generated::consts::*;

/// The snapshot of the AWS documentation the crate was generated from.
///
/// ```
/// let v = aws_iam_catalog::DATA_VERSION;
/// assert_eq!(v.to_string().parse::<aws_iam_catalog::DataVersion>(), Ok(v));
/// assert!(v.to_string().starts_with(v.date));
/// ```
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
    /// item is kept until the next half-yearly major release so that code
    /// naming it warns first.
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

// The READMEs' examples run as doctests: the crate's own (what crates.io
// shows) and the repository's. Only under `cargo test --doc`.
#[cfg(doctest)]
#[doc = include_str!("../README-crate.md")]
struct CrateReadme;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct RepositoryReadme;
