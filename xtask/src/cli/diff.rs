//! `cargo xtask diff OLD NEW`: compare two snapshots. Exit status as
//! `diff(1)`: 0 no difference, 1 differences, 2 trouble.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::ValueEnum;

use crate::dataset::OnDemand;
use crate::diff::{Diff, compare};
use crate::report::{Extras, Terminal, render, render_body, render_full};

/// Report formats.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum DiffFormat {
    /// Text, coloured on a terminal unless NO_COLOR is set.
    #[default]
    Text,
    /// Markdown for a pull request body.
    Markdown,
    /// JSON (schema/diff.schema.json).
    Json,
}

/// The version of the JSON report's layout (`schema/diff.schema.json`).
pub const JSON_FORMAT_VERSION: u32 = 1;

/// How a Markdown report is bounded.
#[derive(Clone, Copy, Debug)]
pub struct Markdown<'a> {
    /// The most characters the body may have.
    pub budget: usize,
    /// Where the full report goes.
    pub full: Option<&'a Path>,
}

impl Default for Markdown<'_> {
    fn default() -> Self {
        Markdown {
            budget: crate::report::DEFAULT_BUDGET,
            full: None,
        }
    }
}

/// The report in a format (Markdown: the body, within the default budget).
pub fn format_report(diff: &Diff, format: DiffFormat, to_terminal: bool) -> Result<String> {
    Ok(match format {
        DiffFormat::Markdown => render_body(
            diff,
            &crate::report::Markdown,
            &Extras::default(),
            crate::report::DEFAULT_BUDGET,
        ),
        DiffFormat::Text if to_terminal => render(diff, &Terminal::for_stdout()),
        DiffFormat::Text => render(diff, &Terminal { color: false }),
        DiffFormat::Json => {
            let mut value = serde_json::to_value(diff)?;
            value["format_version"] = JSON_FORMAT_VERSION.into();
            serde_json::to_string_pretty(&value)? + "\n"
        }
    })
}

/// Runs the command.
pub fn run(
    db: &Path,
    old: &str,
    new: &str,
    format: DiffFormat,
    out: Option<&Path>,
    markdown: &Markdown<'_>,
) -> Result<ExitCode> {
    // Opened once, and only when a side is a snapshot in it.
    let db = OnDemand::new(db);
    let (old, new) = rayon::join(|| db.side(old), || db.side(new));
    let diff = compare(&old?, &new?);
    let report = match format {
        DiffFormat::Markdown => {
            let extras = Extras {
                full_report: markdown.full.map(|p| p.display().to_string()),
                ..Extras::default()
            };
            if let Some(path) = markdown.full {
                let full = render_full(&diff, &crate::report::Markdown, &extras);
                std::fs::write(path, full)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            render_body(&diff, &crate::report::Markdown, &extras, markdown.budget)
        }
        _ => format_report(&diff, format, out.is_none())?,
    };
    match out {
        Some(path) => std::fs::write(path, &report)
            .with_context(|| format!("cannot write {}", path.display()))?,
        None => print!("{report}"),
    }
    Ok(if diff.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use test_support::hostile::{HOSTILE, assert_inert};

    /// The Markdown of a plain `diff` is the update report's renderer with
    /// the same neutralising ([`crate::report::escape_markdown`]): scraped
    /// text in every place the report shows it (a description, a service
    /// name, a notice, a "moved" target) is inert.
    #[test]
    fn the_markdown_diff_shows_the_hostile_set_inert() {
        // The committed Chime (it has a notice), one service: fast.
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots/services/chime.json");
        let chime = crate::canonical::parse_service(&std::fs::read_to_string(file).unwrap());
        let old = crate::diff::Side {
            label: "old".into(),
            data_date: None,
            content_sha256: "0".repeat(64),
            services: vec![chime.unwrap()],
            moved: Default::default(),
            global_keys: None,
        };
        let mut new = old.clone();
        let hostile = HOSTILE.join(" ");
        let chime = &mut new.services[0];
        chime.name = hostile.clone();
        chime.actions[0].description = hostile.clone();
        let mut notice = chime.notices[0].clone();
        notice.text = hostile.clone();
        chime.notices.push(notice);
        new.moved
            .insert("amazonchime".into(), Some(HOSTILE.concat()));
        // The check would see each piece shown raw.
        for piece in HOSTILE {
            let raw = std::panic::catch_unwind(|| assert_inert(piece));
            assert!(raw.is_err(), "{piece:?} passes as inert");
        }
        let diff = compare(&old, &new);
        let body = format_report(&diff, DiffFormat::Markdown, false).unwrap();
        assert_inert(&body);
        // Shown, not dropped: the description, the name and the notice.
        let inert = format!("Hostile @{}octocat", crate::report::JOINER);
        assert!(body.matches(&inert).count() >= 3, "{body}");
    }
}
