//! Tests of aws-iam-lint, in one binary: a hand-written policy per finding
//! code, the seed policies of the Chime pages, SARIF against its schema,
//! the command line, its configuration, CloudFormation templates and
//! Terraform plans, hostile inputs, and every AWS managed policy of the corpus.

mod attacks;
mod cli;
mod codes;
mod config;
mod containers;
mod managed;
mod peers;
mod sarif;
mod seed;
mod since;
mod util;
