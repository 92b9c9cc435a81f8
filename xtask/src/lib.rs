//! The aws-iam-catalog pipeline, as a library so that its tests and
//! benchmarks call the same code as `cargo xtask`.
//!
//! One module per stage: `parse` (a page → model), `reconcile` (the
//! renderings of a page), `parse_run` (a run of pages → services),
//! `canonical` (model → the canonical service files), `snapshot` (a snapshot
//! as files: services, manifest, global keys), `store` (the SQLite dataset),
//! `model` (the types every stage shares), `dataset` (operations joining
//! those: build, import, export), `fetch`, `diff`, `report`, `codegen`,
//! `release`, `update` (the scheduled job), `cli` (the commands); `clock` and
//! `digest` are small helpers. A module imports only stages that run before
//! it, and no two files import each other through any path (the test
//! `xtask/tests/modules` fails naming the edge that closes a loop).

pub mod canonical;
pub mod cli;
pub mod clock;
pub mod codegen;
pub mod dataset;
pub mod diff;
pub mod digest;
pub mod fetch;
pub mod history;
pub mod mirror;
pub mod model;
pub mod mutate;
pub mod parse;
pub mod parse_run;
pub mod reconcile;
pub mod release;
pub mod replay;
pub mod report;
pub mod scope;
pub mod snapshot;
pub mod store;
pub mod update;
