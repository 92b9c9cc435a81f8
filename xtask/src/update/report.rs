//! The update's report, in Markdown: the body of the pull request when the
//! update is accepted, the reason when it is not.

use std::fmt::Write as _;

use super::gates::Rejection;
use crate::diff::Side;
use crate::model::{Layout, Service};
use crate::reconcile::SourcesReport;
use crate::release::{Plan, bump_label, changelog_entry, changelog_entry_brief};
use crate::report::{
    DEFAULT_BUDGET, Extras, Markdown, count, escape_markdown, render_body, render_full, thousands,
};

const NOTHING_WRITTEN: &str = "Nothing was written: the database, `snapshots/`, `src/generated/` and the release files are as they were.";

/// Lines of each list in the pull request body's "Sources"; the full
/// report lists every one.
const SOURCE_LINES: usize = 10;

/// `limit` of `lines` as list items, then how many more there are.
fn capped(lines: &[String], limit: Option<usize>) -> String {
    let shown = limit.unwrap_or(usize::MAX).min(lines.len());
    let mut s: String = lines[..shown]
        .iter()
        .map(|l| format!("- {}\n", escape_markdown(l)))
        .collect();
    if lines.len() > shown {
        let _ = writeln!(
            s,
            "- … and {} more (in the full report)",
            thousands(lines.len() - shown)
        );
    }
    s
}

fn layouts(l: &[Layout]) -> String {
    l.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")
}

/// The "Sources" section: the renderings each service was read from
/// (grouped by combination), the fallbacks, the HTML/Markdown
/// disagreements and the JSON twins' findings by class. `limit` caps each
/// list (the body); `None` lists all (the full report).
pub fn sources(services: &[Service], s: &SourcesReport, limit: Option<usize>) -> String {
    let mut by_use: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    for svc in services {
        let r = &svc.renderings;
        let mut used: Vec<Layout> = if r.used.is_empty() {
            svc.pages.iter().map(|p| p.layout).collect()
        } else {
            r.used.clone()
        };
        used.sort();
        used.dedup();
        let mut key = format!("read from {}", layouts(&used));
        if !r.witnesses.is_empty() {
            key += &format!("; witnesses {}", layouts(&r.witnesses));
        }
        if let Some(op) = r.operations_from {
            key += &format!("; operations from {}", op.as_str());
        }
        by_use.entry(key).or_default().push(svc.prefix.to_string());
    }
    let mut out = String::from("## Sources\n\n");
    for (key, prefixes) in &by_use {
        let names = limit.map_or(prefixes.len(), |l| l.min(prefixes.len()));
        let more = if prefixes.len() > names {
            format!(", and {} more", thousands(prefixes.len() - names))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "- {key}: {} ({}{more})",
            count(prefixes.len(), "service"),
            prefixes[..names].join(", ")
        );
    }
    out.push('\n');
    let mut list = |title: &str, lines: &[String]| {
        if !lines.is_empty() {
            let _ = writeln!(out, "{title} ({}):\n", thousands(lines.len()));
            out.push_str(&capped(lines, limit));
            out.push('\n');
        }
    };
    list("Fallbacks: a twin stands for a page", &s.fallbacks);
    list("HTML/Markdown disagreements", &s.disagreements);
    list("JSON twin warnings", &s.warnings);
    let classes: Vec<String> = s
        .witness
        .counts()
        .into_iter()
        .map(|(class, n)| format!("{class}: {}", thousands(n)))
        .collect();
    list("JSON twin discrepancies by class", &classes);
    if !s.json_only.is_empty() {
        let _ = writeln!(
            out,
            "Services only a JSON twin describes (not added): {}\n",
            s.json_only.join(", ")
        );
    }
    out
}

/// Gate lines name services and pages as read (a service's name is
/// scraped text): escaped like every other line of it.
fn gate_list(passed: &[String]) -> String {
    passed
        .iter()
        .map(|g| format!("- {}\n", escape_markdown(g)))
        .collect()
}

/// What the run had to say about the data without refusing it.
pub struct Quality<'a> {
    /// The code generator's warnings.
    pub codegen: &'a [String],
    /// The pages' parse warnings.
    pub pages: &'a [crate::parse::Warning],
    /// The fetch's warnings (twins and docs not placed or not read).
    pub fetch: &'a [String],
}

/// New data, accepted: the pull request body (within GitHub's limit) and
/// the full report. Both lead with the verdict and Deprecations; the
/// CHANGELOG entry follows, in the body without relisting removed items.
pub fn accepted(
    plan: &Plan,
    source: &str,
    passed: &[String],
    (services, read): (&[Service], &SourcesReport),
    quality: &Quality<'_>,
    full_report: Option<&str>,
) -> (String, String) {
    let d = &plan.diff;
    let head = header(plan, source, passed);
    let full_head = head.clone() + &sources(services, read, None);
    let head = head + &sources(services, read, Some(SOURCE_LINES));
    let mut data_quality = crate::report::WarningClass::summarise(quality.pages);
    if !quality.fetch.is_empty() {
        data_quality.push(crate::report::WarningClass {
            class: "fetch".into(),
            count: quality.fetch.len(),
            examples: quality.fetch.to_vec(),
        });
    }
    let extras = Extras {
        data_quality,
        codegen_warnings: quality.codegen.to_vec(),
        full_report: full_report.map(str::to_string),
    };
    let fold = |entry: String| {
        format!("<details><summary>CHANGELOG.md entry</summary>\n\n{entry}\n</details>\n")
    };
    let brief = fold(changelog_entry_brief(plan));
    let room = DEFAULT_BUDGET.saturating_sub(head.chars().count() + brief.chars().count() + 8);
    let body = format!(
        "{head}---\n\n{}\n{brief}",
        render_body(d, &Markdown, &extras, room)
    );
    let full = format!(
        "{full_head}---\n\n{}\n{}",
        render_full(d, &Markdown, &extras),
        fold(changelog_entry(plan))
    );
    (body, full)
}

fn header(plan: &Plan, source: &str, passed: &[String]) -> String {
    let d = &plan.diff;
    let mut s = format!(
        "# aws-iam-catalog update: data of {}\n\n",
        d.new.data_date.as_deref().unwrap_or("unknown")
    );
    let _ = writeln!(
        s,
        "Read from `{source}`; it replaces the reviewed data of {} (sha256 `{}`). \
         This updates `snapshots/`, `src/generated/`, `CHANGELOG.md` and the crate version: \
         **{} → {}** ({}: {}).\n",
        d.old.data_date.as_deref().unwrap_or("nothing"),
        &d.old.content_sha256.get(..12).unwrap_or("none"),
        plan.from,
        plan.to,
        plan.bump.as_str(),
        bump_label(plan)
    );
    s.push_str("Gates passed:\n\n");
    s.push_str(&gate_list(passed));
    s.push_str(
        "\nTo review: read the verdict and the deprecations first, then the added and changed items; \
         `cargo test` must pass on this branch. Merging does not publish (see docs/release.md).\n\n",
    );
    s
}

/// The pages hold the reviewed data.
pub fn unchanged(new: &Side, source: &str, passed: &[String], read: &SourcesReport) -> String {
    format!(
        "# aws-iam-catalog update: no change\n\nThe pages read from `{source}` hold the reviewed data \
         (sha256 `{}`).\n\nGates passed:\n\n{}\n{}{NOTHING_WRITTEN}\n",
        new.content_sha256,
        gate_list(passed),
        sources(&new.services, read, Some(SOURCE_LINES))
    )
}

/// A gate stopped the run.
pub fn rejected(r: &Rejection, source: &str) -> String {
    let mut s = format!(
        "# aws-iam-catalog update: rejected\n\nThe gate **{}** stopped the update of the pages read from `{source}`: {}\n\n",
        r.gate.as_str(),
        escape_markdown(&r.reason)
    );
    for d in &r.details {
        let _ = writeln!(s, "- {}", escape_markdown(d));
    }
    if !r.details.is_empty() {
        s.push('\n');
    }
    s.push_str(NOTHING_WRITTEN);
    s.push('\n');
    s
}

/// The run failed.
pub fn failed(e: &anyhow::Error) -> String {
    let message = format!("{e:#}");
    let consequence = if message.starts_with(super::COMMITTING) {
        "The update was committed but not every file was moved into place; the next \
         `cargo xtask update` finishes the moves before anything else."
    } else {
        NOTHING_WRITTEN
    };
    // A fence longer than any run of backticks in the message (which may
    // quote a page), so nothing in it ends the block.
    let longest = message.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest.max(2) + 1);
    format!(
        "# aws-iam-catalog update: failed\n\n{fence}text\n{message}\n{fence}\n\n{consequence}\n"
    )
}
