//! `cargo xtask`: the aws-iam-catalog pipeline.

use std::process::ExitCode;

/// `XTASK_LOG=debug` (or `trace`, `warn`...) for more or less than the
/// default `info`.
fn log_level() -> tracing::Level {
    std::env::var("XTASK_LOG")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(tracing::Level::INFO)
}

fn main() -> ExitCode {
    // Progress and warnings go to stderr; reports and data to stdout.
    use std::io::IsTerminal;
    let color = std::io::stderr().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(color)
        .with_target(false)
        .with_max_level(log_level())
        .init();
    match xtask::cli::run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}
