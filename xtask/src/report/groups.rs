//! Changes of one shape, collapsed: facets that read the same become one
//! line with a count, old → new, and a few examples.

use std::collections::BTreeMap;

use crate::diff::{ActionChange, Class, Facet, Part};

use super::Style;

/// This many actions with one facet make a group line; fewer are shown on
/// each action's own line.
pub const GROUP_MIN: usize = 3;

/// Examples named on a group line.
const EXAMPLES: usize = 3;

/// Actions that share one facet wording.
pub struct Group<'a> {
    /// The shared facet (its `what`; details differ per member).
    pub facet: &'a Facet,
    /// `(action, its facet)`, in action order.
    pub members: Vec<(&'a str, &'a Facet)>,
}

/// The facets of `changes`, grouped by class and wording, weightiest class
/// first, then the most common.
pub fn group<'a>(changes: &[&'a ActionChange]) -> Vec<Group<'a>> {
    let mut by: BTreeMap<(Class, &'a [Part]), Group<'a>> = BTreeMap::new();
    for c in changes {
        for f in &c.facets {
            by.entry((f.class, f.what.as_slice()))
                .or_insert_with(|| Group {
                    facet: f,
                    members: Vec::new(),
                })
                .members
                .push((c.action.as_str(), f));
        }
    }
    let mut groups: Vec<Group<'a>> = by.into_values().collect();
    groups.sort_by(|a, b| {
        (a.facet.class, std::cmp::Reverse(a.members.len()))
            .cmp(&(b.facet.class, std::cmp::Reverse(b.members.len())))
    });
    groups
}

/// `1,730`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A count and a noun: `1 action`, `1,730 actions`.
pub fn count(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{} {one}s", thousands(n))
    }
}

/// Scraped words with their spacing kept outside the markup, so that
/// `~~old~~ **new**` never glues to its neighbours.
fn spaced(s: &str, style: &dyn Style, mark: fn(&dyn Style, &str) -> String) -> String {
    let core = s.trim();
    if core.is_empty() {
        return s.to_string();
    }
    let start = s.len() - s.trim_start().len();
    let end = start + core.len();
    format!(
        "{}{}{}",
        &s[..start],
        mark(style, &style.text(core)),
        &s[end..]
    )
}

/// Renders facet parts.
pub fn parts(p: &[Part], style: &dyn Style) -> String {
    p.iter()
        .map(|part| match part {
            Part::Text(s) | Part::Kept(s) => style.text(s),
            Part::Code(s) => style.code(s),
            Part::Ins(s) => spaced(s, style, |st, x| st.added(x)),
            Part::Del(s) => spaced(s, style, |st, x| st.removed(x)),
            Part::InsCode(s) => style.added(&style.code(s)),
            Part::DelCode(s) => style.removed(&style.code(s)),
        })
        .collect()
}

/// A facet on an action's own line: its wording and its detail.
pub fn facet_inline(f: &Facet, style: &dyn Style) -> String {
    if f.detail.is_empty() {
        parts(&f.what, style)
    } else {
        format!("{}: {}", parts(&f.what, style), parts(&f.detail, style))
    }
}

/// `719 actions: access level Tagging → Tagging, Write (e.g. A, B, C)`.
/// `name` turns a member's qualified name into how the line shows it.
pub fn group_line(g: &Group<'_>, style: &dyn Style, name: &dyn Fn(&str) -> String) -> String {
    let examples: Vec<String> = g
        .members
        .iter()
        .take(EXAMPLES)
        .map(|(a, _)| style.code(&name(a)))
        .collect();
    let more = if g.members.len() > EXAMPLES {
        ", …"
    } else {
        ""
    };
    format!(
        "{}: {} (e.g. {}{more})",
        style.strong(&count(g.members.len(), "action")),
        parts(&g.facet.what, style),
        examples.join(", ")
    )
}

/// The members of a group with their details, one per line (full report).
pub fn member_lines(
    g: &Group<'_>,
    style: &dyn Style,
    name: &dyn Fn(&str) -> String,
) -> Vec<String> {
    if g.members.iter().all(|(_, f)| f.detail.is_empty()) {
        return Vec::new();
    }
    g.members
        .iter()
        .map(|(a, f)| format!("{}: {}", style.code(&name(a)), parts(&f.detail, style)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Markdown;

    #[test]
    fn counts_read_like_prose() {
        assert_eq!(thousands(1730), "1,730");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(count(1, "action"), "1 action");
        assert_eq!(count(1127, "action"), "1,127 actions");
    }

    #[test]
    fn word_diffs_keep_their_spacing() {
        let p = [
            Part::Kept("Amazon CloudWatch".into()),
            Part::Ins(" using CloudWatch".into()),
            Part::Kept(" metrics".into()),
        ];
        assert_eq!(
            parts(&p, &Markdown),
            "Amazon CloudWatch **using CloudWatch** metrics"
        );
    }
}
