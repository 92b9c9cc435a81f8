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

/// Runs the command: 0 no change, 1 accepted, 2 rejected or failed.
pub fn run(opts: Options, report: Option<&Path>, full: Option<&Path>) -> anyhow::Result<ExitCode> {
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
            println!(
                "accepted: snapshots/, src/generated/ and the database updated; crate {from} → {to} ({secs:.1} s)"
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
