//! A typed, versioned catalog of AWS IAM: every service, action, resource type
//! and condition key that the AWS Service Authorization Reference documents.
//!
//! The data tables are generated from the reviewed snapshot in `snapshots/` by
//! `cargo xtask codegen`; this crate has no runtime dependencies. The pipeline
//! that scrapes, parses and reviews the data lives in the `xtask` crate of the
//! repository and never enters a downstream build.
//!
//! The typed API (services, actions, resource types, condition keys as small
//! `Copy` handles over sorted static tables) arrives with the first reviewed
//! snapshot; until then the crate exposes only the vocabulary that every
//! snapshot shares.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
