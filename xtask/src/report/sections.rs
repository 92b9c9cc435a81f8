//! The sections of the report, each in a full and (where it can be long) a
//! grouped form.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::diff::{
    ActionChange, Class, Deprecation, Diff, FieldChange, ItemChange, ItemRef, prefix_of,
};

use super::Style;
use super::groups::{
    GROUP_MIN, count, facet_inline, group, group_line, member_lines, parts, thousands,
};

/// Service sections longer than this many lines are folded.
const FOLD_LINES: usize = 12;
/// Names listed in a grouped line before "and N more".
const NAMES: usize = 10;
/// Names in a compact section's lists.
const COMPACT_NAMES: usize = 3;
/// Added actions named in the body before "and N more".
const BODY_NAMES: usize = 40;
/// Renames listed one by one in the body.
const RENAMES: usize = 20;

/// Names, the first `limit` of them, then "and N more".
fn some(names: &[String], limit: usize) -> String {
    let mut s: Vec<String> = names.iter().take(limit).cloned().collect();
    if names.len() > limit {
        s.push(format!("and {} more", thousands(names.len() - limit)));
    }
    s.join(", ")
}

const GROUPS: [&str; 6] = [
    "Removed services",
    "Renamed or moved prefixes",
    "Removed actions",
    "Removed resource types",
    "Removed condition keys",
    "End-of-support and deprecation notices",
];

fn group_of(kind: &str) -> usize {
    match kind {
        "service-removed" => 0,
        "service-renamed" => 1,
        "action-removed" => 2,
        "resource-type-removed" => 3,
        "condition-key-removed" => 4,
        _ => 5,
    }
}

fn deprecation_line(x: &Deprecation, style: &dyn Style) -> String {
    match x.kind.as_str() {
        "action-removed" => style.code(&x.name),
        "service-removed"
        | "service-renamed"
        | "resource-type-removed"
        | "condition-key-removed" => {
            format!("{}: {}", style.code(&x.name), style.text(&x.detail))
        }
        kind => format!(
            "{} {}{}: {}{}",
            style.code(&x.name),
            kind,
            x.date
                .as_ref()
                .map(|d| format!(" on {d}"))
                .unwrap_or_default(),
            style.text(&x.detail),
            x.url
                .as_ref()
                .map(|u| format!(" ({})", style.text(u)))
                .unwrap_or_default()
        ),
    }
}

/// Removals, prefix renames and retirement notices. Grouped: removed items
/// counted per service with a few names; notices and prefixes always whole.
pub fn deprecations(d: &Diff, style: &dyn Style, full: bool) -> String {
    if d.deprecations.is_empty() {
        return style.para("None: nothing was removed, renamed or announced for retirement.");
    }
    let mut out = String::new();
    for (i, title) in GROUPS.iter().enumerate() {
        let items: Vec<&Deprecation> = d
            .deprecations
            .iter()
            .filter(|x| group_of(&x.kind) == i)
            .collect();
        if items.is_empty() {
            continue;
        }
        out += &style.h3(&format!("{title} ({})", thousands(items.len())));
        let item_kind = matches!(i, 2..=4);
        if full || !item_kind {
            out += &style.list(
                &items
                    .iter()
                    .map(|x| deprecation_line(x, style))
                    .collect::<Vec<_>>(),
            );
            continue;
        }
        let mut by: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        for x in &items {
            let (service, item) = x
                .name
                .split_once([':', ' '])
                .unwrap_or((x.name.as_str(), ""));
            by.entry(service).or_default().push(style.code(item));
        }
        let lines: Vec<String> = by
            .iter()
            .map(|(s, names)| {
                format!(
                    "{} ({}): {}",
                    style.code(s),
                    thousands(names.len()),
                    some(names, 3)
                )
            })
            .collect();
        out += &style.list(&lines);
    }
    out
}

/// "Layout change": which services moved to the new layout, what moved
/// with it (not a change of meaning), what it no longer states.
pub fn layout(d: &Diff, style: &dyn Style, full: bool) -> String {
    if d.services.relayout.is_empty() {
        return String::new();
    }
    let mut out = style.h2("Layout change");
    let mut by: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for l in &d.services.relayout {
        by.entry((l.from.join(", "), l.to.join(", ")))
            .or_default()
            .push(style.code(&l.service));
    }
    let limit = if full { usize::MAX } else { NAMES };
    let lines: Vec<String> = by
        .iter()
        .map(|((from, to), names)| {
            format!(
                "{} from {} to {}: {}",
                count(names.len(), "service"),
                style.code(from),
                style.code(to),
                some(names, limit)
            )
        })
        .collect();
    out += &style.list(&lines);
    let changes: Vec<&ActionChange> = d.actions.changed.iter().collect();
    let groups = group(&changes);
    for (class, title) in [
        (
            Class::Layout,
            "What moved (the same facts, placed elsewhere; not a change of meaning):",
        ),
        (
            Class::NotStated,
            "What the new layout no longer states (it has no Dependent actions column; the operations table names only what an API call needs):",
        ),
    ] {
        let lines: Vec<String> = groups
            .iter()
            .filter(|g| g.facet.class == class)
            .map(|g| {
                let mut line = group_line(g, style, &|a| a.to_string());
                if class == Class::NotStated {
                    let lost: usize = g
                        .members
                        .iter()
                        .map(|(_, f)| {
                            f.detail
                                .iter()
                                .filter(|p| matches!(p, crate::diff::Part::DelCode(_)))
                                .count()
                        })
                        .sum();
                    line += &format!(", {} in all", count(lost, "dependent action"));
                }
                line
            })
            .collect();
        if !lines.is_empty() {
            out += &style.para(title);
            out += &style.list(&lines);
        }
    }
    out
}

fn page_list(pages: &[String], style: &dyn Style) -> String {
    pages
        .iter()
        .map(|s| style.code(&format!("list_{s}")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Renames and moves; page renames grouped in the body when there are many.
pub fn renames(d: &Diff, style: &dyn Style, full: bool) -> String {
    let renamed = &d.services.renamed;
    if renamed.is_empty() {
        return String::new();
    }
    let line = |r: &crate::diff::Rename| match (&r.to_prefix, &r.moved_to) {
        (Some(to), _) if to == &r.from_prefix => format!(
            "{}: served from {} (was {})",
            style.code(to),
            page_list(&r.to_pages, style),
            page_list(&r.from_pages, style)
        ),
        (Some(to), _) => format!(
            "{} is now {} ({} → {})",
            style.code(&r.from_prefix),
            style.code(to),
            page_list(&r.from_pages, style),
            page_list(&r.to_pages, style)
        ),
        (None, moved) => format!(
            "{}: {} answers \"moved\"{}",
            style.code(&r.from_prefix),
            page_list(&r.from_pages, style),
            moved
                .as_ref()
                .map(|u| format!(" to {}", style.text(u)))
                .unwrap_or_default()
        ),
    };
    let (pages_only, prefixes): (Vec<_>, Vec<_>) =
        renamed.iter().partition(|r| !r.prefix_changed());
    let mut lines: Vec<String> = prefixes.iter().map(|r| line(r)).collect();
    if full || pages_only.len() <= RENAMES {
        lines.extend(pages_only.iter().map(|r| line(r)));
    } else {
        let names: Vec<String> = pages_only
            .iter()
            .map(|r| style.code(&r.from_prefix))
            .collect();
        lines.push(format!(
            "{} served from renamed pages (same prefix): {}",
            count(pages_only.len(), "service"),
            some(&names, NAMES)
        ));
    }
    style.h2("Renamed") + &style.list(&lines)
}

/// Added services, named, with their action counts.
pub fn added_services(d: &Diff, style: &dyn Style, full: bool) -> String {
    let added = &d.services.added;
    if added.is_empty() {
        return String::new();
    }
    let limit = if full { usize::MAX } else { 50 };
    let mut lines: Vec<String> = added
        .iter()
        .take(limit)
        .map(|s| {
            format!(
                "{} — {} ({})",
                style.code(&s.prefix),
                style.text(&s.name),
                count(s.actions, "action")
            )
        })
        .collect();
    if added.len() > limit {
        lines.push(format!("and {} more", added.len() - limit));
    }
    style.h2(&format!("Added services ({})", added.len())) + &style.list(&lines)
}

/// New and vanished rows of the managed-policy changelogs.
/// The global condition keys (IAM User Guide): keys added and removed,
/// and per changed key each field old → new. Empty when nothing changed.
pub fn global_keys(d: &Diff, style: &dyn Style) -> String {
    let g = &d.global_keys;
    if g.is_empty() {
        return String::new();
    }
    let mut lines: Vec<String> = Vec::new();
    for (how, names) in [("added", &g.added), ("removed", &g.removed)] {
        lines.extend(names.iter().map(|n| format!("{how}: {}", style.code(n))));
    }
    for (name, fields) in &g.changed {
        let what: Vec<String> = fields
            .iter()
            .map(|f| {
                format!(
                    "{} {} → {}",
                    f.field,
                    style.text(&f.old),
                    style.text(&f.new)
                )
            })
            .collect();
        lines.push(format!(
            "changed: {}: {}",
            style.code(name),
            what.join("; ")
        ));
    }
    style.h2("Global condition keys") + &style.list(&lines)
}

pub fn managed_policies(d: &Diff, style: &dyn Style) -> String {
    let changelog = &d.managed_policy_changes;
    if changelog.added.is_empty() && changelog.removed.is_empty() {
        return String::new();
    }
    let mut out = style.h2("Managed policies");
    for (title, rows) in [
        ("New changelog rows", &changelog.added),
        ("Changelog rows no longer shown", &changelog.removed),
    ] {
        if rows.is_empty() {
            continue;
        }
        out += &style.h3(&format!("{title} ({})", rows.len()));
        let items: Vec<String> = rows
            .iter()
            .map(|r| {
                let date = r
                    .row
                    .date
                    .clone()
                    .unwrap_or_else(|| r.row.date_text.clone());
                let policies = if r.row.policies.is_empty() {
                    String::new()
                } else {
                    format!(
                        " (policies: {})",
                        r.row
                            .policies
                            .iter()
                            .map(|p| style.code(p))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                };
                format!(
                    "{} {}: {} — {}{policies}",
                    style.code(&r.service),
                    style.text(&date),
                    style.strong(&style.text(&r.row.change)),
                    style.text(&r.row.description)
                )
            })
            .collect();
        out += &style.list(&items);
    }
    out
}

/// How much of a service section to show.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Detail {
    /// Everything (the full report).
    Full,
    /// Every change, long lists of names shortened (the body).
    Body,
    /// Group lines and counts only (the body, when short of room).
    Compact,
}

/// One service's section, in each form.
pub struct ServiceSection<'a> {
    /// The prefix.
    pub prefix: &'a str,
    /// Everything.
    pub full: String,
    /// Every change, long lists of names shortened.
    pub body: String,
    /// Group lines and counts only.
    pub compact: String,
}

/// Everything the diff says about one service.
#[derive(Default)]
struct Section<'a> {
    actions_added: Vec<&'a str>,
    actions_removed: usize,
    actions_changed: Vec<&'a ActionChange>,
    items: Vec<(&'static str, &'a ItemRef, &'static str)>,
    items_changed: Vec<(&'static str, &'a ItemChange)>,
    service_changed: Vec<&'a FieldChange>,
    notices: Vec<String>,
}

impl Section<'_> {
    fn count(&self) -> usize {
        self.actions_added.len()
            + self.actions_removed
            + self.actions_changed.len()
            + self.items.len()
            + self.items_changed.len()
            + self.service_changed.len()
            + self.notices.len()
    }
}

fn by_service(d: &Diff) -> BTreeMap<&str, Section<'_>> {
    let mut s: BTreeMap<&str, Section<'_>> = BTreeMap::new();
    for a in &d.actions.added {
        s.entry(prefix_of(a))
            .or_default()
            .actions_added
            .push(action_name(a));
    }
    for a in &d.actions.removed {
        s.entry(prefix_of(a)).or_default().actions_removed += 1;
    }
    for c in &d.actions.changed {
        s.entry(prefix_of(&c.action))
            .or_default()
            .actions_changed
            .push(c);
    }
    for (kind, items) in [
        ("resource type", &d.resource_types),
        ("condition key", &d.condition_keys),
        ("API operation", &d.operations),
        ("managed policy", &d.managed_policies),
        ("IAM feature", &d.features),
    ] {
        for i in &items.added {
            s.entry(i.service.as_str())
                .or_default()
                .items
                .push((kind, i, "added"));
        }
        for i in &items.removed {
            s.entry(i.service.as_str())
                .or_default()
                .items
                .push((kind, i, "removed"));
        }
        for c in &items.changed {
            s.entry(c.service.as_str())
                .or_default()
                .items_changed
                .push((kind, c));
        }
    }
    for c in &d.services.changed {
        s.entry(c.service.as_str())
            .or_default()
            .service_changed
            .extend(&c.fields);
    }
    for (how, list) in [
        ("new", &d.notices.appeared),
        ("gone", &d.notices.disappeared),
    ] {
        for n in list {
            s.entry(n.service.as_str())
                .or_default()
                .notices
                .push(format!("{how} {} notice: {}", n.notice.kind, n.notice.text));
        }
    }
    for n in &d.notices.rescoped {
        s.entry(n.service.as_str())
            .or_default()
            .notices
            .push(rescoped_line(n));
    }
    s
}

/// One line for a change of a notice's scope: covered actions old → new,
/// then the other classes of the new scope.
fn rescoped_line(n: &crate::diff::NoticeRescoped) -> String {
    use crate::diff::ScopeCounts;
    let covered = |c: &Option<ScopeCounts>| match c {
        None => "not scoped".to_string(),
        Some(c) if c.unknown_reason.is_some() => "unknown (no operations data)".to_string(),
        Some(c) => c.covered.to_string(),
    };
    let rest = match &n.new {
        Some(c) if c.unknown_reason.is_none() => {
            format!(" ({} not covered, {} unknown)", c.not_covered, c.unknown)
        }
        _ => String::new(),
    };
    let same = match (&n.old, &n.new) {
        (Some(o), Some(c)) if o == c => " (same counts, other actions)",
        _ => "",
    };
    format!(
        "{} notice scoped anew: covered actions {} → {}{rest}{same}",
        n.kind,
        covered(&n.old),
        covered(&n.new)
    )
}

fn action_name(qualified: &str) -> &str {
    qualified.split_once(':').map_or(qualified, |(_, a)| a)
}

/// A section per service, in prefix order.
pub fn services<'a>(d: &'a Diff, style: &dyn Style) -> Vec<ServiceSection<'a>> {
    by_service(d)
        .into_iter()
        .map(|(prefix, section)| {
            let title = match d.service_names.get(prefix) {
                Some(n) => format!("{} — {}", style.code(prefix), style.text(n)),
                None => style.code(prefix),
            };
            let title = style.h3(&title);
            let folded = |detail: Detail| {
                let body = service_body(&section, style, detail);
                if body.lines().count() > FOLD_LINES {
                    title.clone() + &style.fold(&format!("{} changes", section.count()), &body)
                } else {
                    title.clone() + &body
                }
            };
            ServiceSection {
                prefix,
                full: folded(Detail::Full),
                body: folded(Detail::Body),
                compact: title.clone() + &service_body(&section, style, Detail::Compact),
            }
        })
        .collect()
}

fn service_body(s: &Section<'_>, style: &dyn Style, detail: Detail) -> String {
    let full = detail != Detail::Compact;
    let all = detail == Detail::Full;
    let mut lines: Vec<String> = Vec::new();
    if !s.actions_added.is_empty() {
        let names: Vec<String> = s
            .actions_added
            .iter()
            .map(|n| style.added(&style.code(n)))
            .collect();
        lines.push(format!(
            "{} {}",
            style.strong(&format!("Added actions ({}):", s.actions_added.len())),
            match detail {
                Detail::Full => names.join(", "),
                Detail::Body => some(&names, BODY_NAMES),
                Detail::Compact => some(&names, COMPACT_NAMES),
            }
        ));
    }
    if s.actions_removed > 0 {
        lines.push(format!(
            "{} listed under Deprecations",
            style.strong(&format!("Removed actions ({}):", s.actions_removed))
        ));
    }
    let groups = group(&s.actions_changed);
    let short = |a: &str| action_name(a).to_string();
    let mut alone: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    let mut loose = 0;
    for g in &groups {
        if g.members.len() >= GROUP_MIN {
            let mut line = group_line(g, style, &short);
            if all {
                let members = member_lines(g, style, &short);
                if !members.is_empty() {
                    line += &members
                        .iter()
                        .map(|m| format!("\n  - {m}"))
                        .collect::<String>();
                }
            }
            lines.push(line);
        } else {
            for (a, f) in &g.members {
                alone.entry(a).or_default().push(facet_inline(f, style));
                loose += 1;
            }
        }
    }
    if full {
        for (a, facets) in alone {
            lines.push(format!("{}: {}", style.code(&short(a)), facets.join("; ")));
        }
    } else if loose > 0 {
        lines.push(format!(
            "{} more on single actions (full report)",
            count(loose, "change")
        ));
    }
    let mut by_kind: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
    for (kind, item, how) in &s.items {
        let name = style.code(&item.name);
        let name = if *how == "added" {
            style.added(&name)
        } else {
            style.removed(&name)
        };
        by_kind.entry((kind, how)).or_default().push(name);
    }
    for ((kind, how), names) in by_kind {
        let shown = match detail {
            Detail::Full => names.join(", "),
            Detail::Body => some(&names, NAMES),
            Detail::Compact => some(&names, COMPACT_NAMES),
        };
        lines.push(format!("{kind}s {how} ({}): {shown}", names.len()));
    }
    for (kind, c) in &s.items_changed {
        let fields: Vec<String> = c.fields.iter().map(|f| field(f, style)).collect();
        lines.push(format!(
            "{kind} {}: {}",
            style.code(&c.name),
            fields.join("; ")
        ));
    }
    for f in &s.service_changed {
        lines.push(format!("service {}", field(f, style)));
    }
    lines.extend(s.notices.iter().map(|n| style.text(n)));
    style.list(&lines)
}

/// One changed field of a resource type, key, operation or service, shown
/// as compactly as its kind allows.
fn field(f: &FieldChange, style: &dyn Style) -> String {
    let label = f.field.replace('_', " ");
    if f.words.is_some() {
        let old = f.old.as_str().unwrap_or_default();
        let new = f.new.as_str().unwrap_or_default();
        return format!(
            "{label}: {}",
            parts(&crate::diff::facets::description_parts(old, new), style)
        );
    }
    match (&f.old, &f.new) {
        (Value::Object(old), Value::Object(new)) => {
            let keys: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
            keys.into_iter()
                .filter(|k| old.get(*k) != new.get(*k))
                .map(|k| {
                    let show = |v: Option<&Value>| style.code(&v.map_or("none".to_string(), short));
                    format!(
                        "{label} {} {} → {}",
                        k.replace('_', " "),
                        style.removed(&show(old.get(k))),
                        style.added(&show(new.get(k)))
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        (Value::Array(old), Value::Array(new)) => {
            let show = |v: &Value| style.code(&short(v));
            let gone: Vec<String> = old
                .iter()
                .filter(|x| !new.contains(x))
                .map(|x| style.removed(&show(x)))
                .collect();
            let came: Vec<String> = new
                .iter()
                .filter(|x| !old.contains(x))
                .map(|x| style.added(&show(x)))
                .collect();
            let mut p = Vec::new();
            if !came.is_empty() {
                p.push(format!("+{}", came.join(", ")));
            }
            if !gone.is_empty() {
                p.push(format!("−{}", gone.join(", ")));
            }
            format!("{label} {}", p.join(" "))
        }
        (old, new) => format!(
            "{label} {} → {}",
            style.removed(&style.code(&short(old))),
            style.added(&style.code(&short(new)))
        ),
    }
}

/// A JSON value in one line: strings bare, a page as `list_slug (layout)`,
/// named objects by name (`*` when required, keys in brackets).
fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        Value::Object(map) => {
            if let Some(slug) = map.get("slug").and_then(Value::as_str) {
                let layout = map.get("layout").and_then(Value::as_str).unwrap_or("");
                return format!("list_{slug} ({layout})");
            }
            let name = map
                .get("name")
                .or_else(|| map.get("action"))
                .and_then(Value::as_str);
            match name {
                Some(n) => {
                    let mut s = n.to_string();
                    if map.get("required") == Some(&Value::Bool(true)) {
                        s.push('*');
                    }
                    if let Some(keys) = map
                        .get("condition_keys")
                        .and_then(Value::as_array)
                        .filter(|k| !k.is_empty())
                    {
                        let keys: Vec<&str> = keys.iter().filter_map(Value::as_str).collect();
                        s.push_str(&format!(" [{}]", keys.join(", ")));
                    }
                    s
                }
                None => v.to_string(),
            }
        }
        other => other.to_string(),
    }
}
