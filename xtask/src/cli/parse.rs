//! `cargo xtask parse`: saved pages in, a report (and canonical files) out.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use super::Format;
use crate::canonical;
use crate::parse::warning::count_by_class;
use crate::parse::{PageStatus, source};
use crate::parse_run::{ParseRun, parse_all_with};

/// Totals over a run.
fn totals(run: &ParseRun) -> serde_json::Value {
    let count = |f: fn(&PageStatus) -> bool| run.pages.iter().filter(|p| f(&p.status)).count();
    let services = &run.merged.services;
    json!({
        "pages": run.pages.len(),
        "ok": count(|s| matches!(s, PageStatus::Ok { .. })),
        "docs": count(|s| matches!(s, PageStatus::Doc { .. })),
        "moved": count(|s| matches!(s, PageStatus::Moved { .. })),
        "errors": count(|s| matches!(s, PageStatus::Error { .. })),
        "prefixes": services.len(),
        "actions": services.iter().map(|s| s.actions.len()).sum::<usize>(),
        "resource_types": services.iter().map(|s| s.resource_types.len()).sum::<usize>(),
        "condition_keys": services.iter().map(|s| s.condition_keys.len()).sum::<usize>(),
        "operations": services.iter().map(|s| s.operations.len()).sum::<usize>(),
        "warnings": run.warnings().count(),
        "warnings_by_class": count_by_class(run.warnings())
            .into_iter()
            .map(|(c, n)| (c.as_str().to_string(), json!(n)))
            .collect::<serde_json::Map<_, _>>(),
    })
}

/// Runs the command.
pub fn run(
    paths: &[PathBuf],
    out: Option<&Path>,
    format: Format,
    strict: bool,
) -> Result<ExitCode> {
    let sources = source::collect(paths)?;
    let run = parse_all_with(&sources, strict);
    if let Some(dir) = out {
        canonical::write_services(dir, &run.merged.services)?;
    }
    match format {
        Format::Json => {
            let doc = json!({
                "pages": run.pages,
                "merge_warnings": run.merged.warnings,
                "sources": run.sources,
                "totals": totals(&run),
            });
            println!("{}", serde_json::to_string_pretty(&doc)?);
        }
        Format::Text => print_text(&run),
    }
    Ok(if run.errors() == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn print_text(run: &ParseRun) {
    for p in &run.pages {
        match &p.status {
            PageStatus::Ok {
                prefix,
                actions,
                permission_only,
                resource_types,
                condition_keys,
                operations,
                warnings,
                layout,
                ..
            } => {
                let mut line = format!(
                    "ok     {prefix:<28} {actions:>4} actions ({permission_only} permission-only), {resource_types} resource types, {condition_keys} condition keys"
                );
                if *operations > 0 {
                    line.push_str(&format!(", {operations} operations"));
                }
                println!("{line}  [{}] {}", layout.as_str(), p.page);
                for w in warnings {
                    println!("         warning: {w}");
                }
            }
            PageStatus::Moved { location } => println!(
                "moved  {:<28} -> {}  {}",
                "",
                location.as_deref().unwrap_or("(no location)"),
                p.page
            ),
            PageStatus::Doc {
                notices,
                changes,
                features,
                policies,
                warnings,
                ..
            } => {
                println!(
                    "doc    {:<28} {} notices, {} changelog rows, {} features, {} managed policies  {}",
                    "",
                    notices.len(),
                    changes.len(),
                    features.len(),
                    policies.len(),
                    p.page
                );
                for n in notices {
                    println!(
                        "         notice: {} {}: {}",
                        n.kind,
                        n.date.as_deref().unwrap_or("(no date)"),
                        n.text
                    );
                }
                for w in warnings {
                    println!("         warning: {w}");
                }
            }
            PageStatus::Error { message } => println!("error  {message}"),
        }
    }
    for w in &run.merged.warnings {
        println!("merge warning: {w}");
    }
    print_sources(&run.sources);
    let t = totals(run);
    println!(
        "{} pages: {} ok, {} moved, {} errors{}; {} prefixes, {} actions, {} resource types, {} condition keys, {} operations",
        t["pages"],
        t["ok"],
        t["moved"],
        t["errors"],
        if t["docs"] == 0 {
            String::new()
        } else {
            format!(", {} docs pages", t["docs"])
        },
        t["prefixes"],
        t["actions"],
        t["resource_types"],
        t["condition_keys"],
        t["operations"]
    );
    let by_class: Vec<String> = t["warnings_by_class"]
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, n)| n.as_u64() != Some(0))
        .map(|(c, n)| format!("{c} {n}"))
        .collect();
    println!(
        "{} page warnings{}",
        t["warnings"],
        if by_class.is_empty() {
            String::new()
        } else {
            format!(": {}", by_class.join(", "))
        }
    );
}

/// Fallbacks, HTML/Markdown disagreements and the JSON twins' findings.
fn print_sources(sources: &crate::reconcile::SourcesReport) {
    for line in sources.lines() {
        println!("{line}");
    }
}
