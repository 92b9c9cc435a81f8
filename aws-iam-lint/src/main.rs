//! `aws-iam-lint [PATH…]`: checks IAM policies (JSON files, JSONL corpora,
//! CloudFormation templates, Terraform plans), prints text, compact lines,
//! JSON or SARIF. Exit status: 0 clean, 1 findings at or above `--fail-on`,
//! 2 unreadable input or configuration.

use std::path::PathBuf;
use std::process::ExitCode;

use aws_iam_lint::config::{Config, Filter};
use aws_iam_lint::output;
use aws_iam_lint::{Options, PolicyKind, Severity, exit_status, input};
use clap::{Parser, ValueEnum};

#[derive(Parser)]
#[command(version, about = "Check AWS IAM policies against the aws-iam-catalog")]
struct Cli {
    /// Policy files (JSON, JSONL of {name, document}), CloudFormation
    /// templates (YAML or JSON), Terraform plans (`terraform show -json`),
    /// directories (every *.json, *.jsonl, *.yaml, *.yml, *.template below,
    /// any case), or `-` for standard input.
    #[arg(default_value = "-")]
    paths: Vec<PathBuf>,
    /// Output format [default: text, or the config's].
    #[arg(long, value_enum)]
    format: Option<FormatArg>,
    /// Exit 1 when a finding has at least this severity [default: warning].
    #[arg(long, value_enum)]
    fail_on: Option<FailOn>,
    /// Which kind of policy the documents are [default: auto]; templates
    /// and plans say the kind of each of their policies.
    #[arg(long, value_parser = |s: &str| s.parse::<PolicyKind>())]
    kind: Option<PolicyKind>,
    /// With text output, print each statement's access levels too.
    #[arg(long)]
    summary: bool,
    /// The configuration file [default: aws-iam-lint.toml or
    /// .aws-iam-lint.toml in the working directory, when there is one].
    #[arg(long)]
    config: Option<PathBuf>,
    /// Report only these codes (IAM003 or unknown-action; comma-separated).
    #[arg(long, value_delimiter = ',')]
    select: Option<Vec<String>>,
    /// Never report these codes (comma-separated; added to the config's).
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// Report each wildcard (and Allow with NotAction) that grants actions
    /// first recorded after this date, YYYY-MM-DD (IAM017; off by default).
    #[arg(long, value_parser = |s: &str| aws_iam_lint::check::parse_since(s))]
    since: Option<aws_iam_catalog::Date>,
    /// One line per finding, never grouped (by default, three or more
    /// findings of one code on one statement are one finding).
    #[arg(long)]
    no_group: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Text,
    Compact,
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

fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("aws-iam-lint: {}", output::escape(&message.to_string()));
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let config_path = cli
        .config
        .clone()
        .or_else(|| Config::find(std::path::Path::new(".")));
    let config = match &config_path {
        Some(p) => match Config::read(p) {
            Ok(c) => c,
            Err(e) => return fail(e),
        },
        None => Config::default(),
    };
    let filter = match Filter::new(&config, cli.select.as_deref(), &cli.ignore) {
        Ok(f) => f,
        Err(e) => {
            return fail(format_args!(
                "{}: {e}",
                config_path
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|| "--select/--ignore".into())
            ));
        }
    };
    let format = match cli.format {
        Some(f) => f,
        None => match config.format.as_deref() {
            None | Some("text") => FormatArg::Text,
            Some("compact") => FormatArg::Compact,
            Some("json") => FormatArg::Json,
            Some("sarif") => FormatArg::Sarif,
            Some(other) => {
                return fail(format_args!(
                    "format {other:?}: expected text, compact, json or sarif"
                ));
            }
        },
    };
    let fail_on = match cli.fail_on {
        Some(f) => f,
        None => match config.fail_on.as_deref() {
            None | Some("warning") => FailOn::Warning,
            Some("info") => FailOn::Info,
            Some("error") => FailOn::Error,
            Some("never") => FailOn::Never,
            Some(other) => {
                return fail(format_args!(
                    "fail-on {other:?}: expected info, warning, error or never"
                ));
            }
        },
    };
    let kind = match (cli.kind, config.kind.as_deref()) {
        (Some(k), _) => k,
        (None, Some(k)) => match k.parse() {
            Ok(k) => k,
            Err(e) => return fail(e),
        },
        (None, None) => PolicyKind::Auto,
    };
    let since = match cli.since {
        Some(d) => Some(d),
        None => match config.since() {
            Ok(d) => d,
            Err(e) => {
                let at = config_path.map(|p| p.display().to_string());
                return fail(format_args!("{}: {e}", at.unwrap_or_default()));
            }
        },
    };
    if let Some(note) = since.and_then(aws_iam_lint::check::history_note) {
        eprintln!("aws-iam-lint: note: {note}");
    }
    let options = Options { kind, since };
    let report = match input::check_paths_filtered(&cli.paths, options, &filter) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let group = !cli.no_group && config.group.unwrap_or(true);
    let shown = if group {
        output::group(&report)
    } else {
        report
    };
    let out = match format {
        FormatArg::Text => output::to_text(&shown, cli.summary),
        FormatArg::Compact => output::to_compact(&shown),
        FormatArg::Json => output::to_json(&shown),
        FormatArg::Sarif => output::to_sarif(&shown),
    };
    print!("{out}");
    let fail_on = match fail_on {
        FailOn::Info => Some(Severity::Info),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Error => Some(Severity::Error),
        FailOn::Never => None,
    };
    ExitCode::from(exit_status(&shown, fail_on) as u8)
}
