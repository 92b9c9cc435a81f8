//! `codegen` and `release`: the typed crate from `snapshots/`.

use std::path::Path;
use std::process::ExitCode;

use crate::codegen::{self, Tombstones};
use crate::diff::Bump;
use crate::release::{self, Plan};

/// `cargo xtask codegen [--check]`.
pub fn codegen(root: &Path, snapshots: &Path, check: bool) -> anyhow::Result<ExitCode> {
    match codegen::run(root, snapshots, check) {
        Ok(bytes) if check => {
            println!(
                "src/generated/ is up to date ({bytes} bytes generated from {})",
                snapshots.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Ok(bytes) => {
            println!(
                "wrote src/generated/ ({bytes} bytes) from {}",
                snapshots.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Err(e) if check => {
            eprintln!("error: {e:#}");
            Ok(ExitCode::from(1))
        }
        Err(e) => Err(e),
    }
}

fn describe(p: &Plan) -> String {
    let mut s = if p.bump == Bump::None {
        format!(
            "no release: the data is the same as the previous release's ({})",
            p.from
        )
    } else {
        format!("release {} → {} ({})", p.from, p.to, p.bump.as_str())
    };
    for r in &p.reasons {
        s.push_str(&format!("\n  - {r}"));
    }
    if !p.added.is_empty() || !p.dropped.is_empty() {
        s.push_str(&format!(
            "\n  tombstones: {} added, {} dropped, {} after the release",
            p.added.len(),
            p.dropped.len(),
            p.tombstones.items.len()
        ));
    }
    s
}

/// `cargo xtask release --previous SNAPSHOT [--dry-run]`.
pub fn release(
    root: &Path,
    db: &Path,
    previous: &str,
    snapshots: &Path,
    dry_run: bool,
) -> anyhow::Result<ExitCode> {
    let db = crate::dataset::OnDemand::new(db);
    let old = db.side(previous)?;
    let new = db.side(&snapshots.to_string_lossy())?;
    let tombstones = Tombstones::read(&snapshots.join("tombstones.toml"))?;
    let plan = release::plan_at(root, &old, &new, &tombstones)?;
    println!("{}", describe(&plan));
    if plan.bump == Bump::None {
        return Ok(ExitCode::SUCCESS);
    }
    if dry_run {
        println!("\n{}", release::changelog_entry(&plan));
        return Ok(ExitCode::SUCCESS);
    }
    release::apply(root, snapshots, &plan)?;
    println!(
        "wrote Cargo.toml, Cargo.lock, {}, CHANGELOG.md, snapshots/tombstones.toml and src/generated/",
        release::DEPENDENTS.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}
