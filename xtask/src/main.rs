//! `cargo xtask`: the aws-iam-catalog pipeline.

use std::process::ExitCode;

fn main() -> ExitCode {
    match xtask::cli::run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
