//! The version bump a diff calls for, following the rules of DESIGN.md
//! ("The typed crate"): additions and deprecations (removed items become
//! `#[deprecated]` tombstones for one release) are minor; changes of meaning
//! (access level, resource types, keys, ARNs) are minor, since downstream
//! code sees other data; text-only changes are patches. Major is not a
//! property of two snapshots: `cargo xtask release` makes one when it drops
//! tombstones that have served their release.

use serde::Serialize;

use super::Diff;

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
    /// Tombstones dropped (set by `release`, never by a diff alone).
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
    /// One sentence per reason, the weightiest first.
    pub reasons: Vec<String>,
}

/// Fields whose change alters what the crate answers.
const MEANINGFUL: &[&str] = &[
    "name",
    "access_level",
    "permission_only",
    "resource_types",
    "condition_keys",
    "dependent_actions",
    "scenarios",
    "arn_templates",
    "type",
    "actions",
];

fn plural(n: usize, one: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {one}s")
    }
}

/// Decides the bump.
pub fn verdict(d: &Diff) -> Verdict {
    let mut minor = Vec::new();
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
        "removed (kept one release as deprecated)",
    );
    count(
        s.actions.removed,
        "action",
        "removed (kept one release as deprecated)",
    );
    count(
        s.resource_types.removed,
        "resource type",
        "removed (kept one release as deprecated)",
    );
    count(
        s.condition_keys.removed,
        "condition key",
        "removed (kept one release as deprecated)",
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
    count(
        s.operations.added + s.operations.removed,
        "API operation",
        "added or removed",
    );

    let meaningful =
        |fields: &[super::FieldChange]| fields.iter().any(|f| MEANINGFUL.contains(&f.field));
    let changed_meaning = d
        .actions
        .changed
        .iter()
        .filter(|c| meaningful(&c.fields))
        .count();
    count(
        changed_meaning,
        "action",
        "changed in meaning (access level, resource types, keys or dependents)",
    );
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

    let text_actions = d.actions.changed.len() - changed_meaning;
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

    let bump = if !minor.is_empty() {
        Bump::Minor
    } else if !patch.is_empty() {
        Bump::Patch
    } else {
        Bump::None
    };
    minor.extend(patch);
    Verdict {
        bump,
        reasons: minor,
    }
}
