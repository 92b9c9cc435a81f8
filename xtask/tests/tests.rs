//! Pipeline tests, one binary with a module per area (as ripgrep does).

mod codegen;
mod diff;
mod docs;
mod fetch;
mod global_keys;
mod json;
mod modules;
mod parse;
mod store;
mod update;
mod util;
