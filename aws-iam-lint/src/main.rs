//! `aws-iam-lint [PATH…]`: checks IAM policies, prints text, JSON or SARIF.
//! Exit status: 0 clean, 1 findings at or above `--fail-on`, 2 unreadable input.

use std::path::PathBuf;
use std::process::ExitCode;

use aws_iam_lint::output::{self, Format};
use aws_iam_lint::{Options, PolicyKind, Severity, exit_status, input};
use clap::{Parser, ValueEnum};

#[derive(Parser)]
#[command(version, about = "Check AWS IAM policies against the aws-iam-catalog")]
struct Cli {
    /// Policy files (JSON, or JSONL of {name, document}), directories (every
    /// *.json and *.jsonl below), or `-` for standard input.
    #[arg(default_value = "-")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FormatArg::Text)]
    format: FormatArg,
    /// Exit 1 when a finding has at least this severity.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    fail_on: FailOn,
    /// Which kind of policy the documents are.
    #[arg(long, default_value = "auto", value_parser = |s: &str| s.parse::<PolicyKind>())]
    kind: PolicyKind,
    /// With text output, print each statement's access levels too.
    #[arg(long)]
    summary: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum)]
enum FailOn {
    Info,
    Warning,
    Error,
    Never,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let options = Options { kind: cli.kind };
    let report = match input::check_paths(&cli.paths, options) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("aws-iam-lint: {e}");
            return ExitCode::from(2);
        }
    };
    let format = match cli.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
        FormatArg::Sarif => Format::Sarif,
    };
    let out = match format {
        Format::Text => output::to_text(&report, cli.summary),
        Format::Json => output::to_json(&report),
        Format::Sarif => output::to_sarif(&report),
    };
    print!("{out}");
    let fail_on = match cli.fail_on {
        FailOn::Info => Some(Severity::Info),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Error => Some(Severity::Error),
        FailOn::Never => None,
    };
    ExitCode::from(exit_status(&report, fail_on) as u8)
}
