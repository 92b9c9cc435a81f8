//! What each changed action shows, in words that do not name the action.
//!
//! A facet is one change of one action ("access level Tagging → Tagging,
//! Write"). Facets that read the same group: the report collapses 719 of
//! them into one line with a count and examples, and semver counts them by
//! [`Class`]. A new page layout restates old facts in new places (keys on
//! resource rows, dependents from the operations table); such facets are
//! [`Class::Layout`], so a relayout is not read as a change of meaning, and
//! what the new layout no longer states is [`Class::NotStated`].

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{Action, ActionResource, DependencySource, Service};

use super::words::{WordOp, word_diff};

/// How much a facet matters to users of the crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// What the crate answers for an existing action changes: its access
    /// level set gains or loses a level, a required flag flips, a resource
    /// type leaves it.
    Behaviour,
    /// Other data changes: resource types added, keys, dependents.
    Meaning,
    /// The old layout stated it, the new one does not (the Dependent actions
    /// column is gone).
    NotStated,
    /// The same facts, placed elsewhere by a new page layout.
    Layout,
    /// Text only: description, doc link, how an access level is written.
    Text,
}

/// A piece of a facet's wording; the report styles each kind.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Part {
    /// Our own words.
    Text(String),
    /// A name (action, resource type, key, access level).
    Code(String),
    /// Scraped words kept (a word diff).
    Kept(String),
    /// Scraped words inserted.
    Ins(String),
    /// Scraped words deleted.
    Del(String),
    /// A name added.
    InsCode(String),
    /// A name removed.
    DelCode(String),
}

/// One change of one action.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Facet {
    /// How much it matters.
    pub class: Class,
    /// Which behaviour change, for the semver reasons (`access level`,
    /// `required flag`, `resource type`).
    pub behaviour: Option<&'static str>,
    /// The change, naming no action: identical wordings group.
    pub what: Vec<Part>,
    /// What is particular to this action (not part of the grouping).
    pub detail: Vec<Part>,
}

impl Facet {
    fn new(class: Class, what: Vec<Part>) -> Facet {
        Facet {
            class,
            behaviour: None,
            what,
            detail: Vec::new(),
        }
    }

    fn behaviour(kind: &'static str, what: Vec<Part>) -> Facet {
        Facet {
            behaviour: Some(kind),
            ..Facet::new(Class::Behaviour, what)
        }
    }

    /// The wording as plain text (tests, terminal fallbacks).
    pub fn plain(parts: &[Part]) -> String {
        parts
            .iter()
            .map(|p| match p {
                Part::Text(s) | Part::Code(s) | Part::Kept(s) | Part::Ins(s) | Part::Del(s) => {
                    s.clone()
                }
                Part::InsCode(s) => format!("+{s}"),
                Part::DelCode(s) => format!("−{s}"),
            })
            .collect()
    }
}

fn text(s: &str) -> Part {
    Part::Text(s.to_string())
}

fn code(s: impl Into<String>) -> Part {
    Part::Code(s.into())
}

/// Names joined with ", ", each one part.
fn names(list: impl IntoIterator<Item = String>, part: fn(String) -> Part) -> Vec<Part> {
    let mut out = Vec::new();
    for (i, n) in list.into_iter().enumerate() {
        if i > 0 {
            out.push(text(", "));
        }
        out.push(part(n));
    }
    out
}

/// What the facets of one service's actions need to know about it.
#[derive(Default)]
pub struct Context<'a> {
    /// The service's pages changed layout between the two sides.
    pub relayout: bool,
    /// Each resource type's own condition keys (either side).
    pub resource_keys: BTreeMap<&'a str, BTreeSet<&'a str>>,
}

impl<'a> Context<'a> {
    /// The context of a service present on both sides.
    pub fn of(old: &'a Service, new: &'a Service) -> Context<'a> {
        let layouts =
            |s: &Service| -> BTreeSet<_> { s.pages.iter().map(|p| p.layout.is_2026()).collect() };
        let mut resource_keys: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for r in old.resource_types.iter().chain(&new.resource_types) {
            resource_keys
                .entry(r.name.as_str())
                .or_default()
                .extend(r.condition_keys.iter().map(|k| k.as_str()));
        }
        Context {
            relayout: layouts(old) != layouts(new),
            resource_keys,
        }
    }
}

const KEYS_MOVED: &str = "action-level condition keys now listed on the resource rows";
const OWN_KEYS: &str = "the resource types' own condition keys now repeated on the action's rows";

/// The facets of an action that is on both sides.
pub fn facets(o: &Action, n: &Action, ctx: &Context<'_>) -> Vec<Facet> {
    let mut out = Vec::new();
    if o.name != n.name {
        out.push(Facet {
            detail: vec![
                Part::DelCode(o.name.to_string()),
                text(" → "),
                Part::InsCode(n.name.to_string()),
            ],
            ..Facet::new(Class::Meaning, vec![text("name written in another case")])
        });
    }
    if o.access_level.levels != n.access_level.levels {
        out.push(Facet::behaviour(
            "access level",
            vec![
                text("access level "),
                code(o.access_level.to_string()),
                text(" → "),
                code(n.access_level.to_string()),
            ],
        ));
    } else if o.access_level.raw != n.access_level.raw {
        out.push(Facet::new(
            Class::Text,
            vec![
                text("access level written "),
                code(o.access_level.raw.clone()),
                text(" → "),
                code(n.access_level.raw.clone()),
            ],
        ));
    }
    if o.permission_only != n.permission_only {
        let what = if n.permission_only {
            "now permission-only (no API operation calls it)"
        } else {
            "no longer permission-only"
        };
        out.push(Facet::new(Class::Meaning, vec![text(what)]));
    }
    resource_facets(o, n, ctx, &mut out);
    action_key_facets(o, n, ctx, &mut out);
    dependent_facets(o, n, ctx, &mut out);
    if o.scenarios != n.scenarios {
        out.push(Facet::new(
            Class::Meaning,
            vec![text("SCENARIO resource groups changed")],
        ));
    }
    if o.description != n.description {
        out.push(Facet {
            detail: description_parts(&o.description, &n.description),
            ..Facet::new(Class::Text, vec![text("description changed")])
        });
    }
    if o.doc_url != n.doc_url {
        out.push(Facet::new(Class::Text, vec![text("doc link changed")]));
    }
    out.sort();
    out.dedup();
    out
}

fn by_name(list: &[ActionResource]) -> BTreeMap<&str, &ActionResource> {
    list.iter().map(|r| (r.name.as_str(), r)).collect()
}

fn resource_facets(o: &Action, n: &Action, ctx: &Context<'_>, out: &mut Vec<Facet>) {
    let (old, new) = (by_name(&o.resource_types), by_name(&n.resource_types));
    for (name, r) in &old {
        let Some(after) = new.get(name) else {
            out.push(Facet::behaviour(
                "resource type",
                vec![
                    text("resource type "),
                    code(*name),
                    text(" no longer applies"),
                ],
            ));
            continue;
        };
        if r.required != after.required {
            let how = if after.required {
                " now required"
            } else {
                " no longer required"
            };
            out.push(Facet::behaviour(
                "required flag",
                vec![text("resource type "), code(*name), text(how)],
            ));
        }
        let before: BTreeSet<&str> = r.condition_keys.iter().map(|k| k.as_str()).collect();
        let now: BTreeSet<&str> = after.condition_keys.iter().map(|k| k.as_str()).collect();
        let own = ctx.resource_keys.get(name);
        let mut gained = Vec::new();
        for k in now.difference(&before) {
            let was_action_level = o.condition_keys.iter().any(|x| x.as_str() == *k)
                && !n.condition_keys.iter().any(|x| x.as_str() == *k);
            if ctx.relayout && was_action_level {
                out.push(Facet::new(Class::Layout, vec![text(KEYS_MOVED)]));
            } else if ctx.relayout && own.is_some_and(|keys| keys.contains(k)) {
                out.push(Facet::new(Class::Layout, vec![text(OWN_KEYS)]));
            } else {
                gained.push(k.to_string());
            }
        }
        let lost: Vec<String> = before.difference(&now).map(|k| k.to_string()).collect();
        if !gained.is_empty() || !lost.is_empty() {
            let mut what = vec![text("condition keys of "), code(*name), text(": ")];
            what.extend(names(gained, Part::InsCode));
            if !lost.is_empty() {
                what.push(text(" "));
                what.extend(names(lost, Part::DelCode));
            }
            out.push(Facet::new(Class::Meaning, what));
        }
    }
    for (name, r) in &new {
        if !old.contains_key(name) {
            let star = if r.required { "*" } else { "" };
            out.push(Facet::new(
                Class::Meaning,
                vec![
                    text("resource type "),
                    code(format!("{name}{star}")),
                    text(" added"),
                ],
            ));
        }
    }
}

fn action_key_facets(o: &Action, n: &Action, ctx: &Context<'_>, out: &mut Vec<Facet>) {
    let before: BTreeSet<&str> = o.condition_keys.iter().map(|k| k.as_str()).collect();
    let now: BTreeSet<&str> = n.condition_keys.iter().map(|k| k.as_str()).collect();
    let on_rows = |k: &str| {
        n.resource_types
            .iter()
            .any(|r| r.condition_keys.iter().any(|x| x.as_str() == k))
    };
    let mut lost = Vec::new();
    for k in before.difference(&now) {
        if ctx.relayout && on_rows(k) {
            out.push(Facet::new(Class::Layout, vec![text(KEYS_MOVED)]));
        } else {
            lost.push(k.to_string());
        }
    }
    let gained: Vec<String> = now.difference(&before).map(|k| k.to_string()).collect();
    if !gained.is_empty() || !lost.is_empty() {
        let mut what = vec![text("action-level condition keys: ")];
        what.extend(names(gained.clone(), Part::InsCode));
        if !lost.is_empty() {
            if !gained.is_empty() {
                what.push(text(" "));
            }
            what.extend(names(lost, Part::DelCode));
        }
        out.push(Facet::new(Class::Meaning, what));
    }
}

/// The [`Facet::behaviour`] of dependent actions an action no longer has.
pub const DEPENDENTS_LOST: &str = "dependent actions";

/// The words for where a dependency was read.
pub fn source_name(s: DependencySource) -> &'static str {
    match s {
        DependencySource::DependentActionsColumn => "the Dependent actions column",
        DependencySource::OperationsTable => "the operations table",
        DependencySource::ServiceReferenceJson => "the JSON twin's operations",
    }
}

fn dependent_facets(o: &Action, n: &Action, ctx: &Context<'_>, out: &mut Vec<Facet>) {
    let map = |a: &Action| -> BTreeMap<String, BTreeSet<DependencySource>> {
        let mut m: BTreeMap<String, BTreeSet<DependencySource>> = BTreeMap::new();
        for d in &a.dependent_actions {
            m.entry(d.name.to_string()).or_default().insert(d.source);
        }
        m
    };
    let (old, new) = (map(o), map(n));
    let new_has_column = n
        .dependent_actions
        .iter()
        .any(|d| d.source == DependencySource::DependentActionsColumn);
    let mut moved: BTreeSet<DependencySource> = BTreeSet::new();
    let mut gained: BTreeMap<DependencySource, Vec<String>> = BTreeMap::new();
    let mut unstated = Vec::new();
    let mut lost = Vec::new();
    for (name, sources) in &old {
        match new.get(name) {
            Some(now) if now != sources => moved.extend(now.iter().copied()),
            Some(_) => {}
            None if ctx.relayout
                && !new_has_column
                && sources.contains(&DependencySource::DependentActionsColumn) =>
            {
                unstated.push(name.clone())
            }
            None => lost.push(name.clone()),
        }
    }
    for (name, sources) in &new {
        if !old.contains_key(name) {
            for s in sources {
                gained.entry(*s).or_default().push(name.clone());
            }
        }
    }
    for s in moved {
        let class = if ctx.relayout {
            Class::Layout
        } else {
            Class::Meaning
        };
        out.push(Facet::new(
            class,
            vec![text(&format!(
                "dependent actions now come from {}",
                source_name(s)
            ))],
        ));
    }
    for (s, list) in gained {
        let mut what = vec![text("dependent actions ")];
        what.extend(names(list, Part::InsCode));
        what.push(text(&format!(" (from {})", source_name(s))));
        out.push(Facet::new(Class::Meaning, what));
    }
    // Dependents lost, however the layout explains it, are answers
    // `dependent_actions()` no longer gives: semver counts them as a
    // breaking change (their class stays, for the report's grouping).
    if !unstated.is_empty() {
        out.push(Facet {
            detail: names(unstated, Part::DelCode),
            behaviour: Some(DEPENDENTS_LOST),
            ..Facet::new(
                Class::NotStated,
                vec![text(
                    "dependent actions of the old column that the operations table does not restate",
                )],
            )
        });
    }
    if !lost.is_empty() {
        let mut what = vec![text("dependent actions ")];
        what.extend(names(lost, Part::DelCode));
        out.push(Facet {
            behaviour: Some(DEPENDENTS_LOST),
            ..Facet::new(Class::Meaning, what)
        });
    }
}

/// Runs of changed words beyond which a word diff reads as noise: the old
/// and new texts are then shown whole.
const MAX_CHANGED_RUNS: usize = 4;

/// A description's change: the word diff when it reads well, else the old
/// and the new text in full.
pub fn description_parts(old: &str, new: &str) -> Vec<Part> {
    let ops = word_diff(old, new);
    if fragmented(&ops) {
        return vec![
            text("was "),
            Part::Del(old.to_string()),
            text("; now "),
            Part::Ins(new.to_string()),
        ];
    }
    ops.into_iter()
        .map(|w| match w.op {
            "delete" => Part::Del(w.text),
            "insert" => Part::Ins(w.text),
            _ => Part::Kept(w.text),
        })
        .collect()
}

fn fragmented(ops: &[WordOp]) -> bool {
    let changed = ops.iter().filter(|w| w.op != "equal").count();
    let kept: usize = ops
        .iter()
        .filter(|w| w.op == "equal")
        .map(|w| w.text.trim().len())
        .sum();
    let total: usize = ops.iter().map(|w| w.text.trim().len()).sum();
    changed > MAX_CHANGED_RUNS || kept * 2 < total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_diffs_fall_back_to_both_texts_when_fragmented() {
        let small = description_parts(
            "Grants permission to list buckets",
            "Grants permission to list all buckets",
        );
        assert!(small.contains(&Part::Ins("all ".into())), "{small:?}");
        let noisy = description_parts(
            "Grants permission to create a channel in an instance",
            "Allows a user to make one channel within this app instance",
        );
        assert_eq!(noisy.len(), 4, "{noisy:?}");
        assert_eq!(
            noisy[1],
            Part::Del("Grants permission to create a channel in an instance".into())
        );
    }
}
