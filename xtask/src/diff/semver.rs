//! The version bump a diff calls for, following the versioning policy of
//! docs/versioning.md (DESIGN.md, "The typed crate"): text-only changes
//! and facts a new page layout merely restates are patches; additions,
//! deprecations (removed items become `#[deprecated]` tombstones) and
//! every other change of data are minor.
//!
//! That includes a change in what the crate answers for an item that stays
//! (an action's access-level set gains or loses a level, a resource type's
//! required flag flips, a resource type leaves an action). The crate's promise is "AWS's documentation as of the data
//! date": such a change is AWS's, it compiles unchanged, and it is named in
//! the release's reasons and its changelog. Calling it breaking made 15 of
//! the first 16 months of the 2019–2026 replay major releases, which would
//! leave downstream crates to pin every release by hand and read none.
//!
//! Major: losing data a crate user reads with no deprecated release in
//! between (API operations removed: they have no tombstones; dependent
//! actions an action no longer lists), and, decided
//! by `cargo xtask release`, dropping tombstones, batched about twice a year
//! ([`crate::release::TOMBSTONE_MIN_DAYS`]).

use serde::Serialize;

use super::{Class, Diff};

/// A semver bump.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// Nothing changed.
    #[default]
    None,
    /// Text only.
    Patch,
    /// Additions, deprecations, changes of meaning.
    Minor,
    /// Data lost with no deprecated release, or tombstones dropped (by
    /// `release`).
    Major,
}

impl Bump {
    /// As written in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// The bump and why.
#[derive(Clone, Debug, Default, Serialize, PartialEq, Eq)]
pub struct Verdict {
    /// The bump.
    pub bump: Bump,
    /// The bump in words (`breaking change`, `additions or changes of
    /// data`, `text or layout only`, `no change`).
    pub label: String,
    /// One sentence per reason, the weightiest first.
    pub reasons: Vec<String>,
}

/// Fields of resource types, keys and operations whose change alters
/// what the crate answers.
const MEANINGFUL: &[&str] = &["arn_templates", "condition_keys", "type", "actions"];

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Decides the bump.
pub fn verdict(d: &Diff) -> Verdict {
    let mut major = data_lost(d);
    let mut minor: Vec<String> = answers_changed(d).into_iter().collect();
    let mut patch = Vec::new();
    let s = &d.summary;
    let mut count = |n: usize, what: &str, how: &str| {
        if n > 0 {
            minor.push(format!("{} {how}", plural(n, what)));
        }
    };
    count(
        s.services.removed,
        "service",
        "removed (kept as deprecated until the half-yearly major release)",
    );
    count(
        s.actions.removed,
        "action",
        "removed (kept as deprecated until the half-yearly major release)",
    );
    count(
        s.resource_types.removed,
        "resource type",
        "removed (kept as deprecated until the half-yearly major release)",
    );
    count(
        s.condition_keys.removed,
        "condition key",
        "removed (kept as deprecated until the half-yearly major release)",
    );
    let prefix_renames = d
        .services
        .renamed
        .iter()
        .filter(|r| r.prefix_changed())
        .count();
    count(prefix_renames, "service prefix", "renamed or moved");
    let retirements = d
        .deprecations
        .iter()
        .filter(|x| !x.kind.ends_with("-removed") && x.kind != "service-renamed")
        .count();
    count(
        retirements,
        "end-of-support or deprecation notice",
        "appeared",
    );
    count(s.services.added, "service", "added");
    count(s.actions.added, "action", "added");
    count(s.resource_types.added, "resource type", "added");
    count(s.condition_keys.added, "condition key", "added");
    count(s.operations.added, "API operation", "added");

    let weight = |c: &super::ActionChange| c.facets.iter().map(|f| f.class).min();
    let weights: Vec<Option<Class>> = d.actions.changed.iter().map(weight).collect();
    let of = |class: Class| weights.iter().filter(|w| **w == Some(class)).count();
    let changed_meaning = of(Class::Meaning) + of(Class::NotStated);
    count(
        changed_meaning,
        "action",
        "changed in meaning (resource types, keys or dependents)",
    );
    let meaningful =
        |fields: &[super::FieldChange]| fields.iter().any(|f| MEANINGFUL.contains(&f.field));
    let items = [&d.resource_types, &d.condition_keys, &d.operations]
        .iter()
        .flat_map(|i| &i.changed)
        .filter(|c| meaningful(&c.fields))
        .count();
    count(
        items,
        "resource type, key or operation",
        "changed in meaning",
    );
    let other_notices = d.notices.appeared.len() + d.notices.disappeared.len() - retirements;
    count(other_notices, "notice", "appeared or disappeared");
    let g = &d.global_keys;
    count(
        g.added.len() + g.removed.len() + g.changed.len(),
        "global condition key",
        "added, removed or changed",
    );
    // A new scope changes which actions `Action::deprecation()` answers for.
    count(
        d.notices.rescoped.len(),
        "notice",
        "scoped anew (the actions it covers changed)",
    );
    count(
        d.managed_policy_changes.added.len(),
        "managed-policy changelog row",
        "added",
    );
    let docs = &d.managed_policies;
    count(
        docs.added.len() + docs.removed.len() + docs.changed.len(),
        "managed policy document",
        "added, removed or changed",
    );
    let features = &d.features;
    count(
        features.added.len() + features.removed.len() + features.changed.len(),
        "IAM feature",
        "added, removed or changed",
    );
    if !d.managed_policy_changes.removed.is_empty() {
        patch.push(format!(
            "{} no longer in the docs",
            plural(
                d.managed_policy_changes.removed.len(),
                "managed-policy changelog row"
            )
        ));
    }

    let relaid = of(Class::Layout);
    if relaid > 0 {
        patch.push(format!(
            "{} restated by the new page layout only (keys on resource rows, dependents' source)",
            plural(relaid, "action")
        ));
    }
    let text_actions = of(Class::Text);
    if text_actions > 0 {
        patch.push(format!(
            "{} changed in text only (description, doc link)",
            plural(text_actions, "action")
        ));
    }
    let text_items = [&d.resource_types, &d.condition_keys, &d.operations]
        .iter()
        .map(|i| i.changed.len())
        .sum::<usize>()
        - items;
    if text_items > 0 {
        patch.push(format!(
            "{} changed in text only",
            plural(text_items, "resource type or key")
        ));
    }
    let page_renames = d.services.renamed.len() - prefix_renames;
    if page_renames > 0 {
        patch.push(format!(
            "{} served from renamed pages",
            plural(page_renames, "service")
        ));
    }
    if !d.services.changed.is_empty() {
        patch.push(format!(
            "{} changed name, links or pages",
            plural(d.services.changed.len(), "service")
        ));
    }

    let bump = if !major.is_empty() {
        Bump::Major
    } else if !minor.is_empty() {
        Bump::Minor
    } else if !patch.is_empty() {
        Bump::Patch
    } else {
        Bump::None
    };
    major.extend(minor);
    major.extend(patch);
    Verdict {
        bump,
        label: label(bump).to_string(),
        reasons: major,
    }
}

/// The words for a diff's bump.
pub fn label(bump: Bump) -> &'static str {
    match bump {
        Bump::Major => "breaking change",
        Bump::Minor => "additions or changes of data",
        Bump::Patch => "text or layout only",
        Bump::None => "no change",
    }
}

/// Data a crate user reads, lost with no deprecated release in between:
/// API operations (they have no tombstones) and dependent actions an
/// action no longer lists.
fn data_lost(d: &Diff) -> Vec<String> {
    let mut out = Vec::new();
    let dependents = d
        .actions
        .changed
        .iter()
        .filter(|c| {
            c.facets
                .iter()
                .any(|f| f.behaviour == Some(super::facets::DEPENDENTS_LOST))
        })
        .count();
    if dependents > 0 {
        out.push(format!(
            "data loss: {} no longer list dependent actions they listed (dependent actions lost); losing data a crate user reads is never a minor release",
            plural(dependents, "action")
        ));
    }
    let ops = d.summary.operations.removed;
    if ops > 0 {
        out.push(format!(
            "data loss: {} removed (no deprecated release keeps an operation); losing data a crate user reads is never a minor release",
            plural(ops, "API operation")
        ));
    }
    out
}

/// The actions that stay but answer differently, one reason with counts.
fn answers_changed(d: &Diff) -> Option<String> {
    let mut by_kind: std::collections::BTreeMap<&str, usize> = Default::default();
    let mut actions = 0;
    for c in &d.actions.changed {
        // Dependents lost are data lost (`data_lost`), not an answer changed.
        let kinds: std::collections::BTreeSet<&str> = c
            .facets
            .iter()
            .filter_map(|f| f.behaviour)
            .filter(|k| *k != super::facets::DEPENDENTS_LOST)
            .collect();
        if !kinds.is_empty() {
            actions += 1;
        }
        for k in kinds {
            *by_kind.entry(k).or_default() += 1;
        }
    }
    if actions == 0 {
        return None;
    }
    let how = |kind: &str| match kind {
        "access level" => "access-level set gained or lost a level",
        "required flag" => "a resource type's required flag flipped",
        _ => "a resource type no longer applies",
    };
    let parts: Vec<String> = by_kind
        .iter()
        .map(|(k, n)| format!("{n}: {}", how(k)))
        .collect();
    Some(format!(
        "AWS changed its answers: {} {} differently ({}); the crate answers as AWS documents, so this is a data update, not a breaking release (docs/versioning.md)",
        plural(actions, "action"),
        if actions == 1 { "answers" } else { "answer" },
        parts.join("; ")
    ))
}
