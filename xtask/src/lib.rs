//! The aws-iam-catalog pipeline, as a library so that its tests and
//! benchmarks call the same code as `cargo xtask`.
//!
//! One module per stage: `parse` (pages → model), `canonical` (model → the
//! canonical service files), `snapshot` (a snapshot as files: services and
//! manifest), `store` (the SQLite dataset), `model` (the types every stage
//! shares), `dataset` (operations joining those: build, import, export),
//! `cli` (the commands); `clock` and `digest` are small helpers.

pub mod canonical;
pub mod cli;
pub mod clock;
pub mod codegen;
pub mod dataset;
pub mod diff;
pub mod digest;
pub mod fetch;
pub mod mirror;
pub mod model;
pub mod mutate;
pub mod parse;
pub mod parse_run;
pub mod reconcile;
pub mod release;
pub mod report;
pub mod scope;
pub mod snapshot;
pub mod store;
pub mod update;
