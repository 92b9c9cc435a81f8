//! The update's report, in Markdown: the body of the pull request when the
//! update is accepted, the reason when it is not.

use std::fmt::Write as _;

use super::gates::Rejection;
use crate::diff::Side;
use crate::release::{Plan, changelog_entry};
use crate::report::{Markdown, render};

const NOTHING_WRITTEN: &str = "Nothing was written: the database, `snapshots/`, `src/generated/` and the release files are as they were.";

fn gate_list(passed: &[String]) -> String {
    passed.iter().map(|g| format!("- {g}\n")).collect()
}

/// New data, accepted.
pub fn accepted(plan: &Plan, source: &str, passed: &[String]) -> String {
    let d = &plan.diff;
    let mut s = format!(
        "# aws-iam-catalog update: data of {}\n\n",
        d.new.data_date.as_deref().unwrap_or("unknown")
    );
    let _ = writeln!(
        s,
        "Read from `{source}`; it replaces the reviewed data of {} (sha256 `{}`). \
         This updates `snapshots/`, `src/generated/`, `CHANGELOG.md` and the crate version: \
         **{} → {}** ({}).\n",
        d.old.data_date.as_deref().unwrap_or("nothing"),
        &d.old.content_sha256.get(..12).unwrap_or("none"),
        plan.from,
        plan.to,
        plan.bump.as_str()
    );
    s.push_str("Gates passed:\n\n");
    s.push_str(&gate_list(passed));
    s.push_str(
        "\nTo review: read the deprecations first, then the added and changed items; \
         `cargo test` must pass on this branch. Merging does not publish (see the README, \"Releasing\").\n\n",
    );
    s.push_str("<details><summary>CHANGELOG.md entry</summary>\n\n");
    s.push_str(&changelog_entry(plan));
    s.push_str("\n</details>\n\n---\n\n");
    s.push_str(&render(d, &Markdown));
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
