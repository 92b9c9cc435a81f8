//! The diff for people: Markdown (a pull request body) and terminal text.
//!
//! The report is a list of sections in a fixed order: title, summary table,
//! semver verdict, **Deprecations** (never cut), layout changes, renames,
//! added services, managed policies, data quality, changes of one shape
//! across services, then a section per service in prefix order. The full
//! report ([`render_full`]) has everything; the body ([`render_body`]) keeps
//! within a budget of characters by using the grouped form of a section and,
//! when even that does not fit, leaving whole service sections to the full
//! report, so any cut falls on a section boundary with every block closed.
//! A [`Style`] turns the pieces into Markdown or (coloured) text, so the two
//! formats cannot drift apart. JSON is the [`Diff`] itself.

mod groups;
mod sections;
mod style;

use std::path::Path;

use crate::diff::{Diff, SideInfo};
use groups::{GROUP_MIN, group, group_line};
pub use groups::{count, thousands};
pub use style::{JOINER, Markdown, Style, Terminal, escape_markdown};

/// GitHub refuses a pull request body over 65,536 characters; the default
/// budget leaves room for what the workflow and GitHub add.
pub const DEFAULT_BUDGET: usize = 60_000;

/// One kind of warning the parse or codegen raised, for "Data quality".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WarningClass {
    /// What kind (`access level normalised`, `codegen`, ...).
    pub class: String,
    /// How many.
    pub count: usize,
    /// A few of them, as located messages.
    pub examples: Vec<String>,
}

impl WarningClass {
    /// Parser warnings grouped by class (classes with none left out), each
    /// with its first located messages.
    pub fn summarise(warnings: &[crate::parse::Warning]) -> Vec<WarningClass> {
        crate::parse::warning::count_by_class(warnings)
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(class, count)| WarningClass {
                class: class.as_str().to_string(),
                count,
                examples: warnings
                    .iter()
                    .filter(|w| w.class == class)
                    .take(WARNING_EXAMPLES_KEPT)
                    .map(ToString::to_string)
                    .collect(),
            })
            .collect()
    }
}

/// Located messages kept per class (the full report lists them all).
const WARNING_EXAMPLES_KEPT: usize = 50;

/// What the report says beside the diff.
#[derive(Clone, Debug, Default)]
pub struct Extras {
    /// Parser warnings, by class.
    pub data_quality: Vec<WarningClass>,
    /// Warnings of the code generator.
    pub codegen_warnings: Vec<String>,
    /// Where the full report is (an `https://` link or a path), named by
    /// the body.
    pub full_report: Option<String>,
}

/// Warnings listed per class.
const WARNING_EXAMPLES: usize = 3;
/// Services named in a grouped line before "and N more".
const NAMES: usize = 20;

/// The full report: no budget, every detail.
pub fn render(d: &Diff, style: &dyn Style) -> String {
    render_full(d, style, &Extras::default())
}

/// The full report with its extras.
pub fn render_full(d: &Diff, style: &dyn Style, extras: &Extras) -> String {
    let r = Sections::new(d, style, extras);
    let mut out = r.fixed(true);
    for s in &r.services {
        out += &s.full;
    }
    out
}

/// The pull request body: at most `budget` characters (not bytes).
pub fn render_body(d: &Diff, style: &dyn Style, extras: &Extras, budget: usize) -> String {
    let r = Sections::new(d, style, extras);
    let full = r.fixed(true);
    // The grouped deprecations when the full list would take more than a
    // third of the budget; they are never cut.
    let mut out =
        if chars(&full) + r.services_min() <= budget && chars(&r.deprecations_full) * 3 <= budget {
            full
        } else {
            r.fixed(false)
        };
    // Room for the footer, which names at most `NAMES` services.
    let reserve = 2_000;
    let avail = budget.saturating_sub(chars(&out) + reserve);
    // Every service at least in its compact form when they all fit that
    // way; then, in prefix order, as many as fit in their body form.
    let compact: usize = r.services.iter().map(|s| chars(&s.compact)).sum();
    let mut shown: Vec<Option<&str>> = vec![None; r.services.len()];
    let mut used = 0;
    if compact <= avail {
        used = compact;
        for (i, s) in r.services.iter().enumerate() {
            let grown = used - chars(&s.compact) + chars(&s.body);
            if grown <= avail {
                used = grown;
                shown[i] = Some(&s.body);
            } else {
                shown[i] = Some(&s.compact);
            }
        }
    } else {
        for (i, s) in r.services.iter().enumerate() {
            if used + chars(&s.compact) > avail {
                break;
            }
            used += chars(&s.compact);
            shown[i] = Some(&s.compact);
        }
    }
    let (mut compacted, mut left) = (Vec::new(), Vec::new());
    for (s, form) in r.services.iter().zip(&shown) {
        match form {
            Some(text) => {
                out += text;
                if !std::ptr::eq(*text, s.body.as_str()) {
                    compacted.push(s.prefix);
                }
            }
            None => left.push(s.prefix),
        }
    }
    out += &footer(style, extras, &compacted, &left);
    if chars(&out) > budget {
        // Only a catalog with more deprecations than the budget holds gets
        // here: say so rather than cut inside a section.
        out = r.fixed(false);
        out += &style.para(&format!(
            "The report is longer than the {} characters of this body even grouped: read the full report.",
            thousands(budget)
        ));
        out += &footer(style, extras, &[], &[]);
    }
    out
}

fn chars(s: &str) -> usize {
    s.chars().count()
}

fn footer(style: &dyn Style, extras: &Extras, compacted: &[&str], left: &[&str]) -> String {
    let mut out = String::new();
    let mut lines = Vec::new();
    let names = |list: &[&str]| {
        let mut s: Vec<String> = list.iter().take(NAMES).map(|p| style.code(p)).collect();
        if list.len() > NAMES {
            s.push(format!("and {} more", list.len() - NAMES));
        }
        s.join(", ")
    };
    if !compacted.is_empty() {
        lines.push(format!(
            "per-action changes of {}: {}",
            count(compacted.len(), "service"),
            names(compacted)
        ));
    }
    if !left.is_empty() {
        lines.push(format!(
            "the sections of {}: {}",
            count(left.len(), "more service"),
            names(left)
        ));
    }
    let link = match extras.full_report.as_deref() {
        Some(url) if url.starts_with("https://") || url.starts_with("http://") => {
            style.link("the full report", url)
        }
        Some(path) => format!("the full report, {}", style.code(path)),
        None => format!("the full report (written by {})", style.code("--full FILE")),
    };
    if !lines.is_empty() {
        out += &style.h2("Not shown here");
        out += &style.para(&format!(
            "To keep this body within its budget, these are only in {link}:"
        ));
        out += &style.list(&lines);
    } else if extras.full_report.is_some() {
        out += &style.para(&format!("Every detail is in {link}."));
    }
    out
}

/// `2026-07-01 (fc2e5b9807e9)`, or the file name when the side is undated.
fn side(s: &SideInfo) -> String {
    let name = s.data_date.clone().unwrap_or_else(|| {
        Path::new(&s.label)
            .file_name()
            .map_or_else(|| s.label.clone(), |n| n.to_string_lossy().into_owned())
    });
    format!(
        "{name} ({})",
        &s.content_sha256[..12.min(s.content_sha256.len())]
    )
}

/// Every section, rendered once, in both forms where they have two.
struct Sections<'a> {
    d: &'a Diff,
    style: &'a dyn Style,
    head: String,
    deprecations_full: String,
    deprecations_grouped: String,
    /// Layout, renames, added services, policies, data quality, overall.
    middle_full: String,
    middle_grouped: String,
    services: Vec<sections::ServiceSection<'a>>,
}

impl<'a> Sections<'a> {
    fn new(d: &'a Diff, style: &'a dyn Style, extras: &Extras) -> Sections<'a> {
        let head = head(d, style);
        if d.is_empty() {
            return Sections {
                d,
                style,
                head,
                deprecations_full: String::new(),
                deprecations_grouped: String::new(),
                middle_full: String::new(),
                middle_grouped: String::new(),
                services: Vec::new(),
            };
        }
        let middle = |full: bool| {
            let mut m = sections::layout(d, style, full);
            m += &sections::renames(d, style, full);
            m += &sections::added_services(d, style, full);
            m += &sections::managed_policies(d, style);
            m += &sections::global_keys(d, style);
            m += &data_quality(extras, style, full);
            m += &overall(d, style, full);
            m
        };
        let middle_full = middle(true);
        let middle_grouped = middle(false);
        Sections {
            d,
            style,
            head,
            deprecations_full: sections::deprecations(d, style, true),
            deprecations_grouped: sections::deprecations(d, style, false),
            middle_full,
            middle_grouped,
            services: sections::services(d, style),
        }
    }

    fn fixed(&self, full: bool) -> String {
        if self.d.is_empty() {
            return self.head.clone();
        }
        let mut out = self.head.clone();
        out += &self.style.h2("Deprecations");
        out += if full {
            &self.deprecations_full
        } else {
            &self.deprecations_grouped
        };
        out += if full {
            &self.middle_full
        } else {
            &self.middle_grouped
        };
        if !self.services.is_empty() {
            out += &self.style.h2("Changes by service");
        }
        out
    }

    /// The smallest room the service sections need (all compact).
    fn services_min(&self) -> usize {
        self.services.iter().map(|s| chars(&s.compact)).sum()
    }
}

fn head(d: &Diff, style: &dyn Style) -> String {
    let mut out = style.h1(&format!(
        "IAM catalog changes: {} → {}",
        side(&d.old),
        side(&d.new)
    ));
    out += &style.para(&format!(
        "Old: {} · New: {}",
        style.code(&d.old.label),
        style.code(&d.new.label)
    ));
    if d.is_empty() {
        out += &style.para("No change: the two snapshots hold the same services, actions, resource types, condition keys, operations and notices.");
        return out;
    }
    let row = |name: &str, t: &crate::diff::Tally| {
        vec![
            name.to_string(),
            thousands(t.added),
            thousands(t.removed),
            thousands(t.changed),
        ]
    };
    let s = &d.summary;
    out += &style.table(
        &["", "Added", "Removed", "Changed"],
        &[
            row("Services", &s.services),
            row("Actions", &s.actions),
            row("Resource types", &s.resource_types),
            row("Condition keys", &s.condition_keys),
            row("API operations", &s.operations),
        ],
    );
    out += &style.para(&format!(
        "{} {} ({})",
        style.strong("Semver:"),
        style.strong(d.semver.bump.as_str()),
        style.text(&d.semver.label)
    ));
    out += &style.list(
        &d.semver
            .reasons
            .iter()
            .map(|r| style.text(r))
            .collect::<Vec<_>>(),
    );
    out
}

/// Parser warnings by class, then the code generator's as one more class.
fn data_quality(extras: &Extras, style: &dyn Style, full: bool) -> String {
    let codegen = (!extras.codegen_warnings.is_empty()).then(|| WarningClass {
        class: "codegen".into(),
        count: extras.codegen_warnings.len(),
        examples: extras.codegen_warnings.clone(),
    });
    let classes: Vec<&WarningClass> = extras.data_quality.iter().chain(&codegen).collect();
    if classes.is_empty() {
        return String::new();
    }
    let examples = if full { usize::MAX } else { WARNING_EXAMPLES };
    let lines: Vec<String> = classes
        .iter()
        .map(|w| {
            let shown: Vec<String> = w
                .examples
                .iter()
                .take(examples)
                .map(|e| style.text(e))
                .collect();
            format!(
                "{} ({}): {}",
                style.strong(&style.text(&w.class)),
                thousands(w.count),
                shown.join("; ")
            )
        })
        .collect();
    style.h2("Data quality") + &style.list(&lines)
}

/// Lines of the overall section in the body.
const OVERALL_LINES: usize = 25;

/// Changes of one shape across services: "719 actions: access level …".
fn overall(d: &Diff, style: &dyn Style, full: bool) -> String {
    let changes: Vec<_> = d.actions.changed.iter().collect();
    let groups: Vec<_> = group(&changes)
        .into_iter()
        .filter(|g| {
            g.members.len() >= GROUP_MIN
                && g.members.iter().any(|(a, _)| {
                    crate::diff::prefix_of(a) != crate::diff::prefix_of(g.members[0].0)
                })
        })
        .collect();
    if groups.is_empty() {
        return String::new();
    }
    let limit = if full { usize::MAX } else { OVERALL_LINES };
    let mut lines: Vec<String> = groups
        .iter()
        .take(limit)
        .map(|g| {
            let services: std::collections::BTreeSet<&str> = g
                .members
                .iter()
                .map(|(a, _)| crate::diff::prefix_of(a))
                .collect();
            group_line(g, style, &|a| a.to_string()).replacen(
                ": ",
                &format!(" in {}: ", count(services.len(), "service")),
                1,
            )
        })
        .collect();
    if groups.len() > limit {
        lines.push(format!(
            "and {} more shapes (full report)",
            thousands(groups.len() - limit)
        ));
    }
    style.h2("Changes of one shape") + &style.list(&lines)
}

#[cfg(test)]
mod tests {
    use super::WarningClass;
    use crate::parse::{Warning, WarningClass as Class};

    #[test]
    fn parse_warnings_are_summarised_by_class_with_located_examples() {
        let w = |class, value: &str| {
            Warning::cell("list_chime.html", class, "actions", 7, value, "kept")
        };
        let warnings = [
            w(Class::Normalised, "Chime:ListUsers"),
            w(Class::KeptAsWritten, "chime:Some Key"),
            w(Class::Normalised, " chime:GetUser"),
        ];
        let summary = WarningClass::summarise(&warnings);
        assert_eq!(
            summary
                .iter()
                .map(|c| (c.class.as_str(), c.count))
                .collect::<Vec<_>>(),
            [("normalised", 2), ("kept-as-written", 1)]
        );
        assert_eq!(summary[0].examples.len(), 2);
        assert!(
            summary[0].examples[0].contains("list_chime.html")
                && summary[0].examples[0].contains("row 7")
                && summary[0].examples[0].contains("Chime:ListUsers"),
            "{:?}",
            summary[0].examples
        );
    }
}
