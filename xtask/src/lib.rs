//! The aws-iam-catalog pipeline, as a library so that its tests and
//! benchmarks call the same code as `cargo xtask`.
//!
//! One module per stage: `parse` (pages → model), `canonical` (model → the
//! canonical service files), `model` (the types every stage shares), `cli`
//! (the commands).

pub mod canonical;
pub mod cli;
pub mod model;
pub mod parse;
