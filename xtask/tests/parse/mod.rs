//! The Service Authorization Reference parser, proven on real pages.

mod bad_input;
mod canonical;
mod cli;
mod corpus;
mod new_layout;
