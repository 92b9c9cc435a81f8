//! Compares two snapshots entity by entity.
//!
//! Services are matched by prefix, actions by `prefix:Action` (IAM names are
//! case-insensitive, so a change of case is a field change, not a removal
//! and an addition), resource types and condition keys by service and name,
//! operations by name and SDK clients. A page served under a new name, or
//! a prefix whose page now declares another prefix, is a rename; a page that
//! answers "moved" takes its service with it as a rename too, never as a
//! removal. The result is data (serialised as the JSON report, schema in
//! `schema/diff.schema.json`); `report/` renders it for people.

pub mod facets;
pub mod global_keys;
mod semver;
mod words;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{
    Action, ConditionKey, Notice, NoticeScope, Operation, PolicyChange, ResourceType, Service,
};
use crate::snapshot::Counts;

pub use facets::{Class, Facet, Part};
pub use semver::{Bump, Verdict};
pub use words::{WordOp, word_diff};

/// One side of a comparison.
#[derive(Clone, Debug)]
pub struct Side {
    /// How the user named it (`latest`, a path).
    pub label: String,
    /// The data date, when known.
    pub data_date: Option<String>,
    /// The overall hash of its canonical files.
    pub content_sha256: String,
    /// Its services.
    pub services: Vec<Service>,
    /// Pages that answered "moved": slug → where to, when known.
    pub moved: BTreeMap<String, Option<String>>,
    /// The global condition keys, when the side carries them (a snapshot
    /// directory with `global-condition-keys.json`, an update's two
    /// sides); compared only when both sides do.
    pub global_keys: Option<Vec<crate::parse::global_keys::GlobalKey>>,
}

/// What the report says about a side.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SideInfo {
    /// How the user named it.
    pub label: String,
    /// Data date.
    pub data_date: Option<String>,
    /// Overall hash.
    pub content_sha256: String,
    /// Counts.
    pub counts: Counts,
}

/// Added / removed / changed.
#[derive(Clone, Copy, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Tally {
    /// Added.
    pub added: usize,
    /// Removed.
    pub removed: usize,
    /// Changed.
    pub changed: usize,
}

/// The summary table.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Summary {
    /// Services.
    pub services: Tally,
    /// Actions.
    pub actions: Tally,
    /// Resource types.
    pub resource_types: Tally,
    /// Condition keys.
    pub condition_keys: Tally,
    /// API operations.
    pub operations: Tally,
}

/// A service, named.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ServiceRef {
    /// Prefix.
    pub prefix: String,
    /// Name.
    pub name: String,
    /// How many actions it has (on the side it is on).
    #[serde(default)]
    pub actions: usize,
}

/// A service whose pages changed layout (the July 2026 redesign).
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct LayoutChange {
    /// Service prefix.
    pub service: String,
    /// Layouts of its pages before.
    pub from: Vec<String>,
    /// Layouts of its pages after.
    pub to: Vec<String>,
}

/// A service that moved: to other pages, to another prefix, or away.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Rename {
    /// The prefix before.
    pub from_prefix: String,
    /// The prefix after (`None`: its page now redirects out of the reference).
    pub to_prefix: Option<String>,
    /// Page slugs before.
    pub from_pages: Vec<String>,
    /// Page slugs after.
    pub to_pages: Vec<String>,
    /// Where a "moved" page points, when that is how it was found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved_to: Option<String>,
}

impl Rename {
    /// True when the prefix itself changed (policies naming it break).
    pub fn prefix_changed(&self) -> bool {
        self.to_prefix.as_deref() != Some(self.from_prefix.as_str())
    }
}

/// Services added, removed, renamed, changed.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct ServicesDiff {
    /// New prefixes.
    pub added: Vec<ServiceRef>,
    /// Prefixes gone (not renamed).
    pub removed: Vec<ServiceRef>,
    /// Renames and moves.
    pub renamed: Vec<Rename>,
    /// Services whose pages changed layout.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub relayout: Vec<LayoutChange>,
    /// Fields of the service itself that changed (name, links, pages).
    pub changed: Vec<ItemChange>,
}

/// A field that changed, with both values.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct FieldChange {
    /// Which field (`access_level`, `description`, `resource_types`, ...).
    pub field: &'static str,
    /// Before.
    pub old: Value,
    /// After.
    pub new: Value,
    /// Word-level diff, for text fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words: Option<Vec<WordOp>>,
}

/// An action whose fields changed.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ActionChange {
    /// `prefix:Action`.
    pub action: String,
    /// What changed.
    pub fields: Vec<FieldChange>,
    /// The same changes, worded without the action's name, for grouping
    /// and semver (derived from `fields`, not part of the JSON report).
    #[serde(skip)]
    pub facets: Vec<Facet>,
}

/// Actions added, removed, changed.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct ActionsDiff {
    /// `prefix:Action`, sorted.
    pub added: Vec<String>,
    /// `prefix:Action`, sorted.
    pub removed: Vec<String>,
    /// Sorted by action.
    pub changed: Vec<ActionChange>,
}

/// A resource type, condition key or operation of a service.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemRef {
    /// Service prefix.
    pub service: String,
    /// Its name (operations: `Name (sdk clients)`).
    pub name: String,
}

/// An item whose fields changed.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ItemChange {
    /// Service prefix.
    pub service: String,
    /// Item name.
    pub name: String,
    /// What changed.
    pub fields: Vec<FieldChange>,
}

/// Items added, removed, changed.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct ItemsDiff {
    /// Sorted.
    pub added: Vec<ItemRef>,
    /// Sorted.
    pub removed: Vec<ItemRef>,
    /// Sorted.
    pub changed: Vec<ItemChange>,
}

/// A notice of a service.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct NoticeRef {
    /// Service prefix.
    pub service: String,
    /// The notice.
    #[serde(flatten)]
    pub notice: Notice,
}

/// Notices that appeared or disappeared, compared without their scope;
/// a notice on both sides whose scope changed is in `rescoped`.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct NoticesDiff {
    /// New notices.
    pub appeared: Vec<NoticeRef>,
    /// Notices no longer shown.
    pub disappeared: Vec<NoticeRef>,
    /// Notices on both sides whose scope (the actions they cover) changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rescoped: Vec<NoticeRescoped>,
}

/// A notice whose scope changed between the two sides.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct NoticeRescoped {
    /// Service prefix.
    pub service: String,
    /// The notice kind (`end-of-support`, ...).
    pub kind: String,
    /// Effective date, when the notice gives one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Where it was read.
    pub url: String,
    /// The old scope; `None` when the notice was not scoped.
    pub old: Option<ScopeCounts>,
    /// The new scope; `None` when the notice is not scoped.
    pub new: Option<ScopeCounts>,
}

/// How many actions a scope puts in each class.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ScopeCounts {
    /// Actions covered.
    pub covered: usize,
    /// Actions not covered.
    pub not_covered: usize,
    /// Actions the data cannot decide.
    pub unknown: usize,
    /// Set when the whole service could not be scoped.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unknown_reason: Option<String>,
}

impl ScopeCounts {
    fn of(scope: &NoticeScope) -> ScopeCounts {
        ScopeCounts {
            covered: scope.covered.len(),
            not_covered: scope.not_covered.len(),
            unknown: scope.unknown.len(),
            unknown_reason: scope.unknown_reason.clone(),
        }
    }
}

/// What breaks or is being retired, listed first in the report.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Deprecation {
    /// `service-removed`, `service-renamed`, `action-removed`,
    /// `resource-type-removed`, `condition-key-removed`, or the notice kind
    /// (`end-of-support`, `deprecation`, ...).
    pub kind: String,
    /// What it concerns (`prefix`, `prefix:Action`, `prefix resource`).
    pub name: String,
    /// Effective date, for notices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A sentence for the report.
    pub detail: String,
    /// Where it was read, for notices.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// A row of a service's managed-policy changelog.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct ChangelogRow {
    /// Service prefix.
    pub service: String,
    /// The row.
    #[serde(flatten)]
    pub row: PolicyChange,
}

/// Changelog rows that appeared or disappeared.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct ChangelogDiff {
    /// New rows, newest first.
    pub added: Vec<ChangelogRow>,
    /// Rows no longer in the table.
    pub removed: Vec<ChangelogRow>,
}

/// The comparison of two snapshots.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Diff {
    /// The older side.
    pub old: SideInfo,
    /// The newer side.
    pub new: SideInfo,
    /// Counts of what changed.
    pub summary: Summary,
    /// Services.
    pub services: ServicesDiff,
    /// Actions.
    pub actions: ActionsDiff,
    /// Resource types.
    pub resource_types: ItemsDiff,
    /// Condition keys.
    pub condition_keys: ItemsDiff,
    /// API operations.
    pub operations: ItemsDiff,
    /// Availability notices.
    pub notices: NoticesDiff,
    /// The global condition keys (IAM User Guide), when both sides carry
    /// them; absent from the JSON when nothing changed.
    #[serde(skip_serializing_if = "global_keys::GlobalKeysDiff::is_empty")]
    pub global_keys: global_keys::GlobalKeysDiff,
    /// Rows of the "updates to AWS managed policies" tables.
    pub managed_policy_changes: ChangelogDiff,
    /// AWS managed policy documents shown in the docs (field `document`).
    pub managed_policies: ItemsDiff,
    /// The "IAM features you can use with X" tables (field `support`).
    pub features: ItemsDiff,
    /// Removals, renamed prefixes and retirement notices.
    pub deprecations: Vec<Deprecation>,
    /// The version bump the data needs, with reasons.
    pub semver: Verdict,
    /// The name of every service this diff mentions, by prefix.
    pub service_names: BTreeMap<String, String>,
}

impl Diff {
    /// True when nothing differs.
    pub fn is_empty(&self) -> bool {
        self.semver.bump == Bump::None
    }

    /// Every prefix with something to report, sorted.
    pub fn touched_services(&self) -> BTreeSet<&str> {
        let mut s: BTreeSet<&str> = BTreeSet::new();
        s.extend(self.services.added.iter().map(|x| x.prefix.as_str()));
        s.extend(self.services.removed.iter().map(|x| x.prefix.as_str()));
        s.extend(self.services.changed.iter().map(|x| x.service.as_str()));
        for r in &self.services.renamed {
            s.insert(r.from_prefix.as_str());
            s.extend(r.to_prefix.as_deref());
        }
        for a in self.actions.added.iter().chain(&self.actions.removed) {
            s.insert(prefix_of(a));
        }
        s.extend(self.actions.changed.iter().map(|c| prefix_of(&c.action)));
        for items in [&self.resource_types, &self.condition_keys, &self.operations] {
            s.extend(
                items
                    .added
                    .iter()
                    .chain(&items.removed)
                    .map(|i| i.service.as_str()),
            );
            s.extend(items.changed.iter().map(|i| i.service.as_str()));
        }
        s.extend(
            self.notices
                .appeared
                .iter()
                .chain(&self.notices.disappeared)
                .map(|n| n.service.as_str()),
        );
        s.extend(self.notices.rescoped.iter().map(|n| n.service.as_str()));
        s.extend(
            self.managed_policy_changes
                .added
                .iter()
                .chain(&self.managed_policy_changes.removed)
                .map(|r| r.service.as_str()),
        );
        for items in [&self.managed_policies, &self.features] {
            s.extend(
                items
                    .added
                    .iter()
                    .chain(&items.removed)
                    .map(|i| i.service.as_str()),
            );
            s.extend(items.changed.iter().map(|i| i.service.as_str()));
        }
        s
    }
}

/// The prefix of `prefix:Action`.
pub fn prefix_of(qualified: &str) -> &str {
    qualified.split_once(':').map_or(qualified, |(p, _)| p)
}

fn info(side: &Side) -> SideInfo {
    SideInfo {
        label: side.label.clone(),
        data_date: side.data_date.clone(),
        content_sha256: side.content_sha256.clone(),
        counts: Counts::of(&side.services),
    }
}

/// Compares `old` with `new`.
pub fn compare(old: &Side, new: &Side) -> Diff {
    let old_by: BTreeMap<&str, &Service> = old
        .services
        .iter()
        .map(|s| (s.prefix.as_str(), s))
        .collect();
    let new_by: BTreeMap<&str, &Service> = new
        .services
        .iter()
        .map(|s| (s.prefix.as_str(), s))
        .collect();

    let mut d = Diff {
        old: info(old),
        new: info(new),
        summary: Summary::default(),
        services: ServicesDiff::default(),
        actions: ActionsDiff::default(),
        resource_types: ItemsDiff::default(),
        condition_keys: ItemsDiff::default(),
        operations: ItemsDiff::default(),
        notices: NoticesDiff::default(),
        global_keys: match (&old.global_keys, &new.global_keys) {
            (Some(o), Some(n)) => global_keys::compare(o, n),
            _ => global_keys::GlobalKeysDiff::default(),
        },
        managed_policy_changes: ChangelogDiff::default(),
        managed_policies: ItemsDiff::default(),
        features: ItemsDiff::default(),
        deprecations: Vec::new(),
        semver: Verdict::default(),
        service_names: BTreeMap::new(),
    };

    let gone: Vec<&Service> = old_by
        .iter()
        .filter(|(p, _)| !new_by.contains_key(*p))
        .map(|(_, s)| *s)
        .collect();
    let mut arrived: Vec<&Service> = new_by
        .iter()
        .filter(|(p, _)| !old_by.contains_key(*p))
        .map(|(_, s)| *s)
        .collect();
    for s in gone {
        match find_rename(s, &mut arrived, new) {
            Some(rename) => d.services.renamed.push(rename),
            None => d.services.removed.push(service_ref(s)),
        }
    }
    d.services.added = arrived.into_iter().map(service_ref).collect();

    // Every service on either side, compared item by item (an absent side
    // is empty, so its items come out as added or removed).
    let prefixes: BTreeSet<&str> = old_by.keys().chain(new_by.keys()).copied().collect();
    for prefix in prefixes {
        let (o, n) = (old_by.get(prefix).copied(), new_by.get(prefix).copied());
        if let (Some(o), Some(n)) = (o, n) {
            if let Some(rename) = page_rename(o, n) {
                d.services.renamed.push(rename);
            }
            if let Some(l) = layout_change(o, n) {
                d.services.relayout.push(l);
            }
            let fields = service_fields(o, n);
            if !fields.is_empty() {
                d.services.changed.push(ItemChange {
                    service: prefix.to_string(),
                    name: n.name.clone(),
                    fields,
                });
            }
        }
        let ctx = match (o, n) {
            (Some(o), Some(n)) => facets::Context::of(o, n),
            _ => facets::Context::default(),
        };
        compare_actions(
            prefix,
            o.map_or(&[][..], |s| &s.actions),
            n.map_or(&[][..], |s| &s.actions),
            &ctx,
            &mut d.actions,
        );
        compare_items(
            prefix,
            o.map_or(&[][..], |s| &s.resource_types),
            n.map_or(&[][..], |s| &s.resource_types),
            |r| r.name.to_string(),
            resource_type_fields,
            &mut d.resource_types,
        );
        compare_items(
            prefix,
            o.map_or(&[][..], |s| &s.condition_keys),
            n.map_or(&[][..], |s| &s.condition_keys),
            |k| k.name.to_string(),
            condition_key_fields,
            &mut d.condition_keys,
        );
        compare_items(
            prefix,
            o.map_or(&[][..], |s| &s.operations),
            n.map_or(&[][..], |s| &s.operations),
            operation_name,
            operation_fields,
            &mut d.operations,
        );
        compare_notices(prefix, o, n, &mut d.notices);
        compare_changelog(prefix, o, n, &mut d.managed_policy_changes);
        compare_items(
            prefix,
            o.map_or(&[][..], |s| &s.managed_policies),
            n.map_or(&[][..], |s| &s.managed_policies),
            |p| p.name.clone(),
            |a, b| {
                change("document", a.document.clone(), b.document.clone())
                    .into_iter()
                    .collect()
            },
            &mut d.managed_policies,
        );
        compare_items(
            prefix,
            o.map_or(&[][..], |s| &s.features),
            n.map_or(&[][..], |s| &s.features),
            |f| f.name.clone(),
            |a, b| {
                change("support", json!(a.support), json!(b.support))
                    .into_iter()
                    .collect()
            },
            &mut d.features,
        );
    }

    d.services.renamed.sort();
    d.services.relayout.sort();
    d.actions.added.sort();
    d.actions.removed.sort();
    d.actions.changed.sort_by(|a, b| a.action.cmp(&b.action));
    for items in [
        &mut d.resource_types,
        &mut d.condition_keys,
        &mut d.operations,
    ] {
        items.added.sort();
        items.removed.sort();
        items
            .changed
            .sort_by(|a, b| (&a.service, &a.name).cmp(&(&b.service, &b.name)));
    }
    d.summary = summarize(&d);
    d.deprecations = deprecations(&d);
    d.semver = semver::verdict(&d);
    let names: BTreeMap<String, String> = d
        .touched_services()
        .into_iter()
        .filter_map(|p| {
            let s = new_by.get(p).or_else(|| old_by.get(p))?;
            Some((p.to_string(), s.name.clone()))
        })
        .collect();
    d.service_names = names;
    d
}

fn service_ref(s: &Service) -> ServiceRef {
    ServiceRef {
        prefix: s.prefix.to_string(),
        name: s.name.clone(),
        actions: s.actions.len(),
    }
}

fn layouts(s: &Service) -> Vec<String> {
    let set: BTreeSet<&str> = s.pages.iter().map(|p| p.layout.as_str()).collect();
    set.into_iter().map(str::to_string).collect()
}

/// The layouts of a service's pages, when they moved between eras (HTML
/// and Markdown renderings of one layout are the same era).
fn layout_change(o: &Service, n: &Service) -> Option<LayoutChange> {
    let era =
        |s: &Service| -> BTreeSet<bool> { s.pages.iter().map(|p| p.layout.is_2026()).collect() };
    (era(o) != era(n)).then(|| LayoutChange {
        service: o.prefix.to_string(),
        from: layouts(o),
        to: layouts(n),
    })
}

fn slugs(s: &Service) -> Vec<String> {
    s.pages.iter().map(|p| p.slug.clone()).collect()
}

/// A prefix that is gone: renamed when a new prefix is served from one of its
/// pages, moved when one of its pages now answers "moved".
fn find_rename(gone: &Service, arrived: &mut Vec<&Service>, new: &Side) -> Option<Rename> {
    let from_pages = slugs(gone);
    // Its own page now names another prefix, or redirects to that prefix's page.
    let target_slugs: BTreeSet<String> = from_pages
        .iter()
        .flat_map(|slug| {
            let moved = new.moved.get(slug).cloned().flatten();
            let via = moved
                .as_deref()
                .and_then(crate::parse::source::slug_of)
                .map(str::to_string);
            [Some(slug.clone()), via].into_iter().flatten()
        })
        .collect();
    if let Some(i) = arrived
        .iter()
        .position(|s| s.pages.iter().any(|p| target_slugs.contains(&p.slug)))
    {
        let to = arrived.remove(i);
        let moved_to = from_pages
            .iter()
            .find_map(|slug| new.moved.get(slug).cloned().flatten());
        return Some(Rename {
            from_prefix: gone.prefix.to_string(),
            to_prefix: Some(to.prefix.to_string()),
            from_pages,
            to_pages: slugs(to),
            moved_to,
        });
    }
    // A page that answers "moved" out of the reference: a move, not a removal.
    let moved = from_pages
        .iter()
        .find(|slug| new.moved.contains_key(*slug))?;
    Some(Rename {
        from_prefix: gone.prefix.to_string(),
        to_prefix: None,
        from_pages: from_pages.clone(),
        to_pages: Vec::new(),
        moved_to: new.moved[moved].clone(),
    })
}

/// The same prefix served from other pages: some page left and another came.
fn page_rename(o: &Service, n: &Service) -> Option<Rename> {
    let (from, to) = (slugs(o), slugs(n));
    let left = from.iter().any(|s| !to.contains(s));
    let came = to.iter().any(|s| !from.contains(s));
    (left && came).then(|| Rename {
        from_prefix: o.prefix.to_string(),
        to_prefix: Some(n.prefix.to_string()),
        from_pages: from,
        to_pages: to,
        moved_to: None,
    })
}

fn change(field: &'static str, old: Value, new: Value) -> Option<FieldChange> {
    (old != new).then_some(FieldChange {
        field,
        old,
        new,
        words: None,
    })
}

fn text_change(field: &'static str, old: &str, new: &str) -> Option<FieldChange> {
    (old != new).then(|| FieldChange {
        field,
        old: json!(old),
        new: json!(new),
        words: Some(word_diff(old, new)),
    })
}

fn service_fields(o: &Service, n: &Service) -> Vec<FieldChange> {
    let pages = |s: &Service| {
        json!(
            s.pages
                .iter()
                .map(|p| json!({"slug": p.slug, "url": p.url, "layout": p.layout}))
                .collect::<Vec<_>>()
        )
    };
    [
        text_change("name", &o.name, &n.name),
        change("pages", pages(o), pages(n)),
        change("links", json!(o.links), json!(n.links)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn compare_actions(
    prefix: &str,
    old: &[Action],
    new: &[Action],
    ctx: &facets::Context<'_>,
    out: &mut ActionsDiff,
) {
    let key = |a: &Action| a.name.as_str().to_ascii_lowercase();
    let old_by: BTreeMap<String, &Action> = old.iter().map(|a| (key(a), a)).collect();
    let new_by: BTreeMap<String, &Action> = new.iter().map(|a| (key(a), a)).collect();
    for (k, o) in &old_by {
        match new_by.get(k) {
            None => out.removed.push(format!("{prefix}:{}", o.name)),
            Some(n) => {
                let fields = action_fields(o, n);
                if !fields.is_empty() {
                    out.changed.push(ActionChange {
                        action: format!("{prefix}:{}", n.name),
                        fields,
                        facets: facets::facets(o, n, ctx),
                    });
                }
            }
        }
    }
    for (k, n) in &new_by {
        if !old_by.contains_key(k) {
            out.added.push(format!("{prefix}:{}", n.name));
        }
    }
}

fn action_fields(o: &Action, n: &Action) -> Vec<FieldChange> {
    let rts = |a: &Action| json!(a.resource_types);
    let levels = |a: &Action| json!(a.access_level.levels);
    [
        change("name", json!(o.name), json!(n.name)),
        change("access_level", levels(o), levels(n)),
        // The same levels written differently ("Permissions Management").
        (o.access_level.levels == n.access_level.levels)
            .then(|| text_change("access_level_raw", &o.access_level.raw, &n.access_level.raw))
            .flatten(),
        change(
            "permission_only",
            json!(o.permission_only),
            json!(n.permission_only),
        ),
        change("resource_types", rts(o), rts(n)),
        change(
            "condition_keys",
            json!(o.condition_keys),
            json!(n.condition_keys),
        ),
        change(
            "dependent_actions",
            json!(o.dependent_actions),
            json!(n.dependent_actions),
        ),
        change("scenarios", json!(o.scenarios), json!(n.scenarios)),
        text_change("description", &o.description, &n.description),
        change("doc_url", json!(o.doc_url), json!(n.doc_url)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn resource_type_fields(o: &ResourceType, n: &ResourceType) -> Vec<FieldChange> {
    [
        change(
            "arn_templates",
            json!(o.arn_templates),
            json!(n.arn_templates),
        ),
        change(
            "condition_keys",
            json!(o.condition_keys),
            json!(n.condition_keys),
        ),
        change("doc_url", json!(o.doc_url), json!(n.doc_url)),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn condition_key_fields(o: &ConditionKey, n: &ConditionKey) -> Vec<FieldChange> {
    [
        change("type", json!(o.key_type), json!(n.key_type)),
        text_change("description", &o.description, &n.description),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn operation_name(o: &Operation) -> String {
    if o.sdk_clients.is_empty() {
        o.name.clone()
    } else {
        format!("{} ({})", o.name, o.sdk_clients.join(", "))
    }
}

fn operation_fields(o: &Operation, n: &Operation) -> Vec<FieldChange> {
    change("actions", json!(o.actions), json!(n.actions))
        .into_iter()
        .collect()
}

/// Matches items by name; unmatched ones are added or removed.
fn compare_items<T>(
    prefix: &str,
    old: &[T],
    new: &[T],
    name: impl Fn(&T) -> String,
    fields: impl Fn(&T, &T) -> Vec<FieldChange>,
    out: &mut ItemsDiff,
) {
    let old_by: BTreeMap<String, &T> = old.iter().map(|x| (name(x), x)).collect();
    let new_by: BTreeMap<String, &T> = new.iter().map(|x| (name(x), x)).collect();
    let item = |n: &str| ItemRef {
        service: prefix.to_string(),
        name: n.to_string(),
    };
    for (k, o) in &old_by {
        match new_by.get(k) {
            None => out.removed.push(item(k)),
            Some(n) => {
                let f = fields(o, n);
                if !f.is_empty() {
                    out.changed.push(ItemChange {
                        service: prefix.to_string(),
                        name: k.clone(),
                        fields: f,
                    });
                }
            }
        }
    }
    out.added.extend(
        new_by
            .keys()
            .filter(|k| !old_by.contains_key(*k))
            .map(|k| item(k)),
    );
}

/// Notices compared without their scope, so that a notice first scoped
/// (or scoped anew) is the same notice; a change of scope is reported as
/// its own row.
fn compare_notices(prefix: &str, o: Option<&Service>, n: Option<&Service>, out: &mut NoticesDiff) {
    let by_notice = |s: Option<&Service>| -> BTreeMap<Notice, Option<NoticeScope>> {
        s.map(|s| {
            s.notices
                .iter()
                .map(|n| {
                    let bare = Notice {
                        scope: None,
                        ..n.clone()
                    };
                    (bare, n.scope.clone())
                })
                .collect()
        })
        .unwrap_or_default()
    };
    let (old, new) = (by_notice(o), by_notice(n));
    let r = |notice: &Notice| NoticeRef {
        service: prefix.to_string(),
        notice: notice.clone(),
    };
    out.appeared
        .extend(new.keys().filter(|k| !old.contains_key(*k)).map(r));
    out.disappeared
        .extend(old.keys().filter(|k| !new.contains_key(*k)).map(r));
    for (notice, new_scope) in &new {
        let Some(old_scope) = old.get(notice) else {
            continue;
        };
        if old_scope != new_scope {
            out.rescoped.push(NoticeRescoped {
                service: prefix.to_string(),
                kind: notice.kind.clone(),
                date: notice.date.clone(),
                url: notice.url.clone(),
                old: old_scope.as_ref().map(ScopeCounts::of),
                new: new_scope.as_ref().map(ScopeCounts::of),
            });
        }
    }
}

/// A changelog row is the same row when its date, change and description
/// are: the page it sits on may move.
fn changelog_key(c: &PolicyChange) -> (&Option<String>, &str, &str, &str) {
    (
        &c.date,
        c.date_text.as_str(),
        c.change.as_str(),
        c.description.as_str(),
    )
}

fn compare_changelog(
    prefix: &str,
    o: Option<&Service>,
    n: Option<&Service>,
    out: &mut ChangelogDiff,
) {
    fn rows(s: Option<&Service>) -> &[PolicyChange] {
        s.map_or(&[][..], |s| s.managed_policy_changes.as_slice())
    }
    let (old, new) = (rows(o), rows(n));
    let old_keys: BTreeSet<_> = old.iter().map(changelog_key).collect();
    let new_keys: BTreeSet<_> = new.iter().map(changelog_key).collect();
    let r = |c: &PolicyChange| ChangelogRow {
        service: prefix.to_string(),
        row: c.clone(),
    };
    out.added.extend(
        new.iter()
            .filter(|c| !old_keys.contains(&changelog_key(c)))
            .map(r),
    );
    out.removed.extend(
        old.iter()
            .filter(|c| !new_keys.contains(&changelog_key(c)))
            .map(r),
    );
}

fn summarize(d: &Diff) -> Summary {
    let tally = |i: &ItemsDiff| Tally {
        added: i.added.len(),
        removed: i.removed.len(),
        changed: i.changed.len(),
    };
    // A service "changed" when anything in it changed and it is on both sides.
    let added: BTreeSet<&str> = d.services.added.iter().map(|s| s.prefix.as_str()).collect();
    let removed: BTreeSet<&str> = d
        .services
        .removed
        .iter()
        .map(|s| s.prefix.as_str())
        .collect();
    let changed = d
        .touched_services()
        .into_iter()
        .filter(|p| !added.contains(p) && !removed.contains(p))
        .count();
    Summary {
        services: Tally {
            added: d.services.added.len(),
            removed: d.services.removed.len(),
            changed,
        },
        actions: Tally {
            added: d.actions.added.len(),
            removed: d.actions.removed.len(),
            changed: d.actions.changed.len(),
        },
        resource_types: tally(&d.resource_types),
        condition_keys: tally(&d.condition_keys),
        operations: tally(&d.operations),
    }
}

/// Notice kinds that announce a retirement.
fn is_retirement(kind: &str) -> bool {
    matches!(kind, "end-of-support" | "deprecation")
}

fn deprecations(d: &Diff) -> Vec<Deprecation> {
    let mut out = Vec::new();
    for s in &d.services.removed {
        out.push(Deprecation {
            kind: "service-removed".into(),
            name: s.prefix.clone(),
            date: None,
            detail: format!(
                "{} ({}) is no longer in the Service Authorization Reference",
                s.prefix, s.name
            ),
            url: None,
        });
    }
    for r in d.services.renamed.iter().filter(|r| r.prefix_changed()) {
        let detail = match (&r.to_prefix, &r.moved_to) {
            (Some(to), _) => format!(
                "prefix {} is now {to}: policies naming {}:* need the new prefix",
                r.from_prefix, r.from_prefix
            ),
            (None, Some(url)) => format!("the page of {} now redirects to {url}", r.from_prefix),
            (None, None) => format!("the page of {} now answers \"moved\"", r.from_prefix),
        };
        out.push(Deprecation {
            kind: "service-renamed".into(),
            name: r.from_prefix.clone(),
            date: None,
            detail,
            url: None,
        });
    }
    for a in &d.actions.removed {
        out.push(Deprecation {
            kind: "action-removed".into(),
            name: a.clone(),
            date: None,
            detail: format!("{a} is no longer documented"),
            url: None,
        });
    }
    for (kind, items) in [
        ("resource-type-removed", &d.resource_types),
        ("condition-key-removed", &d.condition_keys),
    ] {
        for i in &items.removed {
            out.push(Deprecation {
                kind: kind.into(),
                name: format!("{} {}", i.service, i.name),
                date: None,
                detail: format!("{} of {} is no longer documented", i.name, i.service),
                url: None,
            });
        }
    }
    for n in d
        .notices
        .appeared
        .iter()
        .filter(|n| is_retirement(&n.notice.kind))
    {
        out.push(Deprecation {
            kind: n.notice.kind.clone(),
            name: n.service.clone(),
            date: n.notice.date.clone(),
            detail: n.notice.text.clone(),
            url: Some(n.notice.url.clone()),
        });
    }
    out.sort();
    out
}
