//! `cargo xtask crosscheck A B`: compares two readings of the catalog, each
//! field for what its source means (a JSON twin has no descriptions, no
//! required flags and says access level with flags). Either side is a
//! snapshot (directory with `services/`, or the database), or pages to parse
//! (HTML, Markdown, JSON twins). Exit 0: they agree; 1: discrepancies; 2:
//! trouble (a side cannot be read).

use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;
use serde_json::json;

use crate::dataset::OnDemand;
use crate::reconcile::{Class, Finding, Findings, compare};

/// Report formats.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum CrosscheckFormat {
    /// Plain text.
    #[default]
    Text,
    /// Markdown.
    Markdown,
    /// JSON: every finding, and counts per class.
    Json,
}

/// One class's line of the summary: count and the first examples.
struct ClassSummary<'a> {
    class: Class,
    count: usize,
    services: usize,
    examples: Vec<&'a Finding>,
}

fn summarise(findings: &Findings, examples: usize) -> Vec<ClassSummary<'_>> {
    Class::ALL
        .iter()
        .filter_map(|&class| {
            let of: Vec<&Finding> = findings.items.iter().filter(|f| f.class == class).collect();
            if of.is_empty() {
                return None;
            }
            let mut services: Vec<&str> = of.iter().map(|f| f.service.as_str()).collect();
            services.dedup();
            Some(ClassSummary {
                class,
                count: of.len(),
                services: services.len(),
                examples: of.into_iter().take(examples).collect(),
            })
        })
        .collect()
}

/// The report in a format.
pub fn render(
    first: &str,
    second: &str,
    findings: &Findings,
    format: CrosscheckFormat,
    examples: usize,
) -> Result<String> {
    let summary = summarise(findings, examples);
    let mut out = String::new();
    match format {
        CrosscheckFormat::Json => {
            let classes: Vec<serde_json::Value> = summary
                .iter()
                .map(|s| {
                    json!({
                        "class": s.class,
                        "name": s.class.as_str(),
                        "discrepancy": s.class.is_discrepancy(),
                        "count": s.count,
                        "services": s.services,
                    })
                })
                .collect();
            let doc = json!({
                "first": first,
                "second": second,
                "discrepancies": findings.discrepancies(),
                "classes": classes,
                "findings": findings.items,
            });
            out = serde_json::to_string_pretty(&doc)? + "\n";
        }
        CrosscheckFormat::Text | CrosscheckFormat::Markdown => {
            let md = matches!(format, CrosscheckFormat::Markdown);
            let verdict = if findings.discrepancies() == 0 {
                "they agree".to_string()
            } else {
                format!("{} discrepancies", findings.discrepancies())
            };
            if md {
                writeln!(
                    out,
                    "# Crosscheck\n\nFirst: `{first}`  \nSecond: `{second}`  \n{verdict}\n"
                )?;
            } else {
                writeln!(
                    out,
                    "crosscheck {first} (first) vs {second} (second): {verdict}"
                )?;
            }
            for s in &summary {
                let note = if s.class.is_discrepancy() {
                    ""
                } else {
                    " (how the source says it, not a discrepancy)"
                };
                if md {
                    writeln!(
                        out,
                        "## {}: {} in {} services{note}\n",
                        s.class, s.count, s.services
                    )?;
                } else {
                    writeln!(
                        out,
                        "{}: {} in {} services{note}",
                        s.class, s.count, s.services
                    )?;
                }
                for f in &s.examples {
                    let line = f.describe("first", "second");
                    if md {
                        writeln!(out, "- {}", line.replace('|', "\\|"))?;
                    } else {
                        writeln!(out, "    {line}")?;
                    }
                }
                if md {
                    writeln!(out)?;
                }
            }
        }
    }
    Ok(out)
}

/// Runs the command.
pub fn run(
    db: &Path,
    first: &str,
    second: &str,
    format: CrosscheckFormat,
    examples: usize,
    out: Option<&Path>,
) -> Result<ExitCode> {
    // Opened once, and only when a side is a snapshot in it.
    let db = OnDemand::new(db);
    let (a, b) = rayon::join(|| db.side(first), || db.side(second));
    let (a, b) = (a?, b?);
    let findings = compare(&a.services, &b.services);
    let report = render(first, second, &findings, format, examples)?;
    match out {
        Some(path) => std::fs::write(path, &report)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{report}"),
    }
    Ok(if findings.discrepancies() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
