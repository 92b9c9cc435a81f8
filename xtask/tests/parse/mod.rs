//! The Service Authorization Reference parser, proven on real pages.

mod bad_input;
mod bounds;
mod canonical;
mod cli;
mod corpus;
mod mutation;
mod new_layout;
mod proof;
