//! The SQLite dataset: round trips, growth, crashes, concurrency, bad files.

mod files;
mod keys;
mod process;
mod roundtrip;
