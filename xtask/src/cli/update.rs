//! `cargo xtask update`: runs the job, prints what happened, writes the
//! report, and answers with the exit status the scheduler acts on.

use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;

use crate::update::{self, Options, Outcome};

/// Set to a number of seconds, the update waits that long just after its
/// commit point, announcing it on stderr: the interruption test kills it
/// there to prove the next run finishes the commit.
const PAUSE_ENV: &str = "XTASK_UPDATE_PAUSE_AFTER_COMMIT_POINT";

fn pause() {
    if let Some(secs) = std::env::var(PAUSE_ENV)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
    {
        eprintln!("paused after the commit point for {secs} s ({PAUSE_ENV})");
        std::thread::sleep(std::time::Duration::from_secs(secs));
    }
}

fn write_report(path: Option<&Path>, text: &str) -> anyhow::Result<()> {
    if let Some(path) = path {
        std::fs::write(path, text)
            .with_context(|| format!("cannot write the report to {}", path.display()))?;
    }
    Ok(())
}

/// Where the command writes what it tells, besides stdout and stderr.
pub struct Files<'a> {
    /// The Markdown report (the pull request body), whatever the outcome.
    pub report: Option<&'a Path>,
    /// The full report, when accepted.
    pub full: Option<&'a Path>,
    /// The list of the checkout's paths the update may have changed, when
    /// it changed any (see [`changed_paths`]).
    pub changed: Option<&'a Path>,
}

/// What a run that changed the checkout tells the workflow to commit, one
/// path a line relative to the checkout (`git add --pathspec-from-file`):
/// every entry of [`update::CHECKOUT_FILES`], and the full report when it
/// was written inside the checkout. The one list: the workflow names no
/// path of its own.
pub fn changed_paths(root: &Path, full: Option<&Path>) -> String {
    let mut out: Vec<String> = update::CHECKOUT_FILES
        .iter()
        .map(|p| p.to_string())
        .collect();
    if let Some(full) = full {
        let abs = if full.is_absolute() {
            full.to_path_buf()
        } else {
            std::env::current_dir().unwrap_or_default().join(full)
        };
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let abs = abs.canonicalize().unwrap_or(abs);
        if let Ok(rel) = abs.strip_prefix(&root) {
            out.push(rel.to_string_lossy().into_owned());
        }
    }
    out.iter().map(|p| format!("{p}\n")).collect()
}

/// Runs the command: 0 no change, 1 accepted, 2 rejected or failed.
pub fn run(opts: Options, files: &Files) -> anyhow::Result<ExitCode> {
    let Files {
        report,
        full,
        changed,
    } = *files;
    let started = std::time::Instant::now();
    let run = match update::run(&opts, pause) {
        Ok(run) => run,
        Err(e) => {
            write_report(report, &update::failed_report(&e))?;
            return Err(e);
        }
    };
    write_report(report, &run.report)?;
    if let (Some(path), Some(text)) = (full, &run.full_report) {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        write_report(Some(path), text)?;
    }
    // Any outcome that wrote files (an accepted update, or a recovered
    // commit) lists what the workflow must commit.
    if let Some(path) = changed
        && (matches!(run.outcome, Outcome::Accepted { .. }) || run.recovered.is_some())
    {
        write_report(Some(path), &changed_paths(&opts.root, full))?;
    }
    let secs = started.elapsed().as_secs_f64();
    Ok(match &run.outcome {
        Outcome::Unchanged => match &run.recovered {
            // This invocation did change files: it finished the commit.
            Some(r) => {
                let wrote: Vec<String> = r
                    .wrote
                    .iter()
                    .map(|p| {
                        p.strip_prefix(&opts.root)
                            .unwrap_or(p)
                            .display()
                            .to_string()
                    })
                    .collect();
                println!(
                    "finished an interrupted update's commit ({}); the pages hold the data it wrote, nothing more to write ({secs:.1} s)",
                    wrote.join(", ")
                );
                ExitCode::from(1)
            }
            None => {
                println!(
                    "no change: the pages hold the reviewed data; nothing written ({secs:.1} s)"
                );
                ExitCode::SUCCESS
            }
        },
        Outcome::Accepted { from, to } => {
            let lint = run
                .release
                .as_ref()
                .and_then(|r| r.lint.as_deref())
                .map(|l| format!(", aws-iam-lint {l}"))
                .unwrap_or_default();
            println!(
                "accepted: snapshots/, src/generated/ and the database updated; crate {from} → {to}{lint} ({secs:.1} s)"
            );
            ExitCode::from(1)
        }
        Outcome::Rejected(r) => {
            eprintln!("rejected: {r}");
            for d in &r.details {
                eprintln!("  {d}");
            }
            eprintln!("nothing written ({secs:.1} s)");
            ExitCode::from(2)
        }
    })
}
