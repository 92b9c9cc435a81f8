//! The diff for people: Markdown (a pull request body) and terminal text.
//!
//! One walker (`render`) lays the report out: title, summary table, semver
//! verdict, **Deprecations** first, renames, then a section per service in
//! prefix order. A [`Style`] turns its pieces into Markdown or (coloured)
//! text, so the two formats cannot drift apart. JSON is the [`Diff`] itself.

mod style;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::Value;

use crate::diff::{ActionChange, Diff, FieldChange, ItemChange, ItemRef, WordOp, prefix_of};
pub use style::{Markdown, Style, Terminal};

/// Service sections longer than this many lines are folded.
const FOLD_LINES: usize = 12;

/// Renders the report.
pub fn render(d: &Diff, style: &dyn Style) -> String {
    let mut out = String::new();
    let side = |s: &crate::diff::SideInfo| {
        format!(
            "{} ({})",
            s.data_date.as_deref().unwrap_or("undated"),
            &s.content_sha256[..12.min(s.content_sha256.len())]
        )
    };
    out += &style.h1(&format!(
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
            t.added.to_string(),
            t.removed.to_string(),
            t.changed.to_string(),
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
        "{} {}",
        style.strong("Semver:"),
        style.strong(d.semver.bump.as_str())
    ));
    out += &style.list(
        &d.semver
            .reasons
            .iter()
            .map(|r| style.text(r))
            .collect::<Vec<_>>(),
    );

    out += &style.h2("Deprecations");
    out += &deprecations(d, style);

    let renames: Vec<String> = d
        .services
        .renamed
        .iter()
        .map(|r| {
            let pages = |p: &[String]| {
                p.iter()
                    .map(|s| style.code(&format!("list_{s}.html")))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            match (&r.to_prefix, &r.moved_to) {
                (Some(to), _) if to == &r.from_prefix => {
                    format!(
                        "{}: served from {} (was {})",
                        style.code(to),
                        pages(&r.to_pages),
                        pages(&r.from_pages)
                    )
                }
                (Some(to), _) => format!(
                    "{} is now {} ({} → {})",
                    style.code(&r.from_prefix),
                    style.code(to),
                    pages(&r.from_pages),
                    pages(&r.to_pages)
                ),
                (None, moved) => format!(
                    "{}: {} answers \"moved\"{}",
                    style.code(&r.from_prefix),
                    pages(&r.from_pages),
                    moved
                        .as_ref()
                        .map(|u| format!(" to {}", style.text(u)))
                        .unwrap_or_default()
                ),
            }
        })
        .collect();
    if !renames.is_empty() {
        out += &style.h2("Renamed");
        out += &style.list(&renames);
    }

    let changelog = &d.managed_policy_changes;
    if !changelog.added.is_empty() || !changelog.removed.is_empty() {
        out += &style.h2("Managed policies");
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
    }

    out += &style.h2("Changes by service");
    let sections = by_service(d);
    for (prefix, section) in &sections {
        let name = d.service_names.get(*prefix);
        let title = match name {
            Some(n) => format!("{} — {}", style.code(prefix), style.text(n)),
            None => style.code(prefix),
        };
        out += &style.h3(&title);
        let body = service_body(section, style);
        let lines = body.lines().count();
        if lines > FOLD_LINES {
            out += &style.fold(&format!("{} changes", section.count()), &body);
        } else {
            out += &body;
        }
    }
    out
}

fn deprecations(d: &Diff, style: &dyn Style) -> String {
    if d.deprecations.is_empty() {
        return style.para("None: nothing was removed, renamed or announced for retirement.");
    }
    let mut out = String::new();
    const GROUPS: [&str; 6] = [
        "Removed services",
        "Renamed or moved prefixes",
        "Removed actions",
        "Removed resource types",
        "Removed condition keys",
        "End-of-support and deprecation notices",
    ];
    let group_of = |kind: &str| match kind {
        "service-removed" => 0,
        "service-renamed" => 1,
        "action-removed" => 2,
        "resource-type-removed" => 3,
        "condition-key-removed" => 4,
        _ => 5,
    };
    for (group, title) in GROUPS.iter().enumerate() {
        let items: Vec<String> = d
            .deprecations
            .iter()
            .filter(|x| group_of(&x.kind) == group)
            .map(|x| match x.kind.as_str() {
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
            })
            .collect();
        if !items.is_empty() {
            out += &style.h3(&format!("{title} ({})", items.len()));
            out += &style.list(&items);
        }
    }
    out
}

/// Everything the diff says about one service.
#[derive(Default)]
struct Section<'a> {
    actions_added: Vec<&'a str>,
    actions_removed: Vec<&'a str>,
    actions_changed: Vec<&'a ActionChange>,
    items: Vec<(&'static str, &'a ItemRef, &'static str)>,
    items_changed: Vec<(&'static str, &'a ItemChange)>,
    service_changed: Vec<&'a FieldChange>,
    notices: Vec<String>,
}

impl Section<'_> {
    fn count(&self) -> usize {
        self.actions_added.len()
            + self.actions_removed.len()
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
        s.entry(prefix_of(a))
            .or_default()
            .actions_removed
            .push(action_name(a));
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
    s
}

fn action_name(qualified: &str) -> &str {
    qualified.split_once(':').map_or(qualified, |(_, a)| a)
}

fn service_body(s: &Section<'_>, style: &dyn Style) -> String {
    let mut lines: Vec<String> = Vec::new();
    let names = |v: &[&str], f: &dyn Fn(&str) -> String| {
        v.iter()
            .map(|n| f(&style.code(n)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !s.actions_added.is_empty() {
        lines.push(format!(
            "{} {}",
            style.strong(&format!("Added actions ({}):", s.actions_added.len())),
            names(&s.actions_added, &|x| style.added(x))
        ));
    }
    if !s.actions_removed.is_empty() {
        lines.push(format!(
            "{} {}",
            style.strong(&format!("Removed actions ({}):", s.actions_removed.len())),
            names(&s.actions_removed, &|x| style.removed(x))
        ));
    }
    // Doc links move by the dozen when AWS reorganises a guide: one line
    // for all of them, so the changes of meaning stand out.
    let mut doc_only = Vec::new();
    for c in &s.actions_changed {
        let fields: Vec<String> = c
            .fields
            .iter()
            .filter(|f| f.field != "doc_url")
            .map(|f| field(f, style))
            .collect();
        if fields.is_empty() {
            doc_only.push(style.code(action_name(&c.action)));
        } else {
            let doc = if c.fields.iter().any(|f| f.field == "doc_url") {
                "; doc link changed"
            } else {
                ""
            };
            lines.push(format!(
                "{}: {}{doc}",
                style.code(action_name(&c.action)),
                fields.join("; ")
            ));
        }
    }
    if !doc_only.is_empty() {
        lines.push(format!(
            "doc links changed ({}): {}",
            doc_only.len(),
            doc_only.join(", ")
        ));
    }
    for (kind, item, how) in &s.items {
        let name = style.code(&item.name);
        let name = if *how == "added" {
            style.added(&name)
        } else {
            style.removed(&name)
        };
        lines.push(format!("{kind} {name} {how}"));
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

/// One changed field, shown as compactly as its kind allows.
fn field(f: &FieldChange, style: &dyn Style) -> String {
    let label = f.field.replace('_', " ");
    if let Some(words) = &f.words {
        return format!("{label}: {}", words_inline(words, style));
    }
    match (&f.old, &f.new) {
        (Value::Object(old), Value::Object(new)) => {
            let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
            keys.into_iter()
                .filter(|k| old.get(*k) != new.get(*k))
                .map(|k| {
                    let show = |v: Option<&Value>| style.code(&v.map_or("none".to_string(), short));
                    format!(
                        "{label} {k} {} → {}",
                        style.removed(&show(old.get(k))),
                        style.added(&show(new.get(k)))
                    )
                })
                .collect::<Vec<_>>()
                .join("; ")
        }
        (Value::Array(old), Value::Array(new)) => {
            let show = |v: &Value| match v {
                Value::String(s) => style.code(s),
                other => style.code(&short(other)),
            };
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
            let mut parts = Vec::new();
            if !came.is_empty() {
                parts.push(format!("+{}", came.join(", ")));
            }
            if !gone.is_empty() {
                parts.push(format!("−{}", gone.join(", ")));
            }
            format!("{label} {}", parts.join(" "))
        }
        (old, new) => format!(
            "{label} {} → {}",
            style.removed(&style.code(&short(old))),
            style.added(&style.code(&short(new)))
        ),
    }
}

/// A JSON value in one line: strings bare, objects as `name (required)`
/// style summaries where the model has a name.
fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => "none".into(),
        Value::Object(map) => {
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
                        let _ = write!(s, " [{}]", keys.join(", "));
                    }
                    s
                }
                None => v.to_string(),
            }
        }
        other => other.to_string(),
    }
}

fn words_inline(words: &[WordOp], style: &dyn Style) -> String {
    words
        .iter()
        .map(|w| match w.op {
            "delete" => {
                style.removed(&style.text(w.text.trim()))
                    + if w.text.ends_with(' ') { " " } else { "" }
            }
            "insert" => {
                style.added(&style.text(w.text.trim()))
                    + if w.text.ends_with(' ') { " " } else { "" }
            }
            _ => style.text(&w.text),
        })
        .collect()
}
