//! Tests of aws-iam-lint, in one binary: a hand-written policy per finding
//! code, the seed policies of the Chime pages, SARIF against its schema,
//! the command line, and every AWS managed policy of the corpus.

mod cli;
mod codes;
mod managed;
mod peers;
mod sarif;
mod seed;
mod util;
