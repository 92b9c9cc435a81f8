//! The update's report, in Markdown: the body of the pull request when the
//! update is accepted, the reason when it is not.

use std::fmt::Write as _;

use super::gates::Rejection;
use crate::diff::Side;
use crate::release::{Plan, bump_label, changelog_entry, changelog_entry_brief};
use crate::report::{DEFAULT_BUDGET, Extras, Markdown, render_body, render_full};

const NOTHING_WRITTEN: &str = "Nothing was written: the database, `snapshots/`, `src/generated/` and the release files are as they were.";

fn gate_list(passed: &[String]) -> String {
    passed.iter().map(|g| format!("- {g}\n")).collect()
}

/// What the run had to say about the data without refusing it.
pub struct Quality<'a> {
    /// The code generator's warnings.
    pub codegen: &'a [String],
    /// The pages' parse warnings.
    pub pages: &'a [crate::parse::Warning],
}

/// New data, accepted: the pull request body (within GitHub's limit) and
/// the full report. Both lead with the verdict and Deprecations; the
/// CHANGELOG entry follows, in the body without relisting removed items.
pub fn accepted(
    plan: &Plan,
    source: &str,
    passed: &[String],
    quality: &Quality<'_>,
    full_report: Option<&str>,
) -> (String, String) {
    let d = &plan.diff;
    let head = header(plan, source, passed);
    let extras = Extras {
        data_quality: crate::report::WarningClass::summarise(quality.pages),
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
        "{head}---\n\n{}\n{}",
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
         `cargo test` must pass on this branch. Merging does not publish (see the README, \"Releasing\").\n\n",
    );
    s
}

/// The pages hold the reviewed data.
pub fn unchanged(new: &Side, source: &str, passed: &[String]) -> String {
    format!(
        "# aws-iam-catalog update: no change\n\nThe pages read from `{source}` hold the reviewed data \
         (sha256 `{}`).\n\nGates passed:\n\n{}\n{NOTHING_WRITTEN}\n",
        new.content_sha256,
        gate_list(passed)
    )
}

/// A gate stopped the run.
pub fn rejected(r: &Rejection, source: &str) -> String {
    let mut s = format!(
        "# aws-iam-catalog update: rejected\n\nThe gate **{}** stopped the update of the pages read from `{source}`: {}\n\n",
        r.gate.as_str(),
        r.reason
    );
    for d in &r.details {
        let _ = writeln!(s, "- {d}");
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
    format!("# aws-iam-catalog update: failed\n\n```text\n{message}\n```\n\n{consequence}\n")
}
