//! The SQLite dataset: round trips, growth, crashes, concurrency, bad files.

mod files;
mod process;
mod roundtrip;
