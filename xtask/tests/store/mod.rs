//! The SQLite dataset: round trips, growth, crashes, concurrency, bad files.

mod files;
mod keys;
mod migrations;
mod process;
mod readers;
mod roundtrip;
