//! The `Action`/`NotAction` strings of a statement, resolved to the
//! catalog's actions: unknown prefixes and names, other cases, wildcards
//! that match nothing, removed and end-of-support actions.
//!
//! Knows nothing of the run's [`Memo`](super::memo::Memo): [`resolve`] is
//! given the map of outcomes to keep.

use std::collections::HashSet;
use std::sync::OnceLock;

use aws_iam_catalog::{AccessLevels, Action, Date, Deprecation, ResourceType, Service};

use super::Sink;
use super::bounded::{Bounded, Weight};
use super::since::Newer;
use crate::finding::Code;
use crate::policy::Statement;
use crate::suggest;

/// The catalog's answer to "is this action deprecated, and how":
/// [`Action::deprecation`] when checking; a hand-written answer in the unit
/// tests of the removed and end-of-support findings, whose data the
/// committed catalog does not carry.
pub(crate) type DeprecationOf = fn(Action) -> Option<Deprecation>;

/// The catalog's own answer, for [`DeprecationOf`] when checking.
pub(crate) fn catalog_deprecation(action: Action) -> Option<Deprecation> {
    action.deprecation()
}

/// A known action with what the statement-level checks ask of it, read from
/// the catalog once per action string.
#[derive(Clone, Copy)]
pub(super) struct Known {
    pub action: Action,
    pub access: AccessLevels,
}

/// What a statement's `Action` (or `NotAction`) names.
#[derive(Default)]
pub(super) struct Resolved {
    /// The distinct known actions, sorted.
    pub actions: Vec<Known>,
    /// The distinct resource types of those actions, sorted.
    pub types: Vec<ResourceType>,
    /// True when every known action requires a resource type (vacuously
    /// true with none).
    pub all_require_type: bool,
    /// The prefixes (lower case) of strings that named no known action: a
    /// resource or key of such a prefix may belong to them, so it is not
    /// judged on the known actions alone.
    pub unresolved: Vec<String>,
    /// Strings left unresolved because the document's work passed
    /// [`WORK_BUDGET`] (IAM018): the actions above are then only some of
    /// what the statement names, and nothing that needs all of them is
    /// judged.
    pub unjudged: usize,
}

impl Resolved {
    /// True when `prefix` is one of an unresolved action.
    pub fn is_unresolved(&self, prefix: &str) -> bool {
        let lower = prefix.bytes().map(|b| b.to_ascii_lowercase());
        self.unresolved
            .binary_search_by(|p| p.bytes().cmp(lower.clone()))
            .is_ok()
    }
}

/// A finding of an action string, before it is placed (statement, path).
pub(super) struct Pending {
    code: Code,
    message: String,
    suggestion: Option<String>,
}

/// Everything an action string resolves to. It depends on the text alone,
/// so it is worked out once per distinct string of a run (see [`Memo`](super::memo::Memo)).
pub(super) struct Outcome {
    /// False when the string names no known action.
    known: bool,
    /// Its known actions, sorted, distinct.
    actions: Vec<Known>,
    /// Their resource types, sorted, distinct.
    types: Vec<ResourceType>,
    /// True when each of its actions requires a resource type.
    all_require_type: bool,
    findings: Vec<Pending>,
}

impl Outcome {
    /// Its known actions, sorted, distinct.
    pub fn actions(&self) -> &[Known] {
        &self.actions
    }
}

impl Weight for Outcome {
    /// What it holds, for the memo's bound: its actions, types and findings.
    fn weight(&self) -> usize {
        self.actions.len() + self.types.len() + self.findings.len()
    }
}

/// Actions gathered before a statement's list is first folded.
const FOLD_FROM: usize = 1 << 12;

/// The work one document's action strings may cost, in actions scanned or
/// merged: a wildcard or unknown string new to the run scans the actions
/// of its service (of every service when its prefix is a wildcard), a
/// known action is one lookup, a string met before merges what it
/// matched. About a hundred strings like `*:*`, a fifth of a second; the
/// most any AWS managed policy needs is about a hundredth of it (23,115:
/// `"*"` and a few more). Without it, a
/// document of thousands of distinct prefix wildcards (`*:*`, `**:*`,
/// `*?:*`… each a scan of every action) ran for seconds: past it the
/// remaining strings are counted in one IAM018 and left unjudged.
pub(super) const WORK_BUDGET: usize = 1 << 21;

/// What resolving `text` for the first time scans: every action for a
/// wildcard prefix, the prefixes of every service for an unknown one (its
/// suggestion), the actions of the named service for a wildcard name or an
/// unknown one (matched, or searched for a suggestion); a known action is
/// one lookup.
fn scan_cost(text: &str) -> usize {
    static ALL: OnceLock<(usize, usize)> = OnceLock::new();
    let (actions, services) = *ALL.get_or_init(|| (Action::all().count(), Service::all().count()));
    let Some((prefix, name)) = text.split_once(':') else {
        return actions;
    };
    if prefix.contains(['*', '?']) {
        return actions;
    }
    let Some(service) = Service::lookup(prefix) else {
        return services;
    };
    if !name.contains(['*', '?']) && service.action(name).is_some() {
        return 1;
    }
    service.actions().count().max(1)
}

/// Resolves the strings; every string that names no action is reported.
/// Each distinct string is worked out once a run: `outcomes` keeps them
/// (the run's [`Memo`](super::memo::Memo) holds it). `since`: `--since`,
/// for IAM017. `work`: what the document has spent so far, against
/// [`WORK_BUDGET`].
pub(super) fn resolve(
    statement: &Statement,
    deprecation: DeprecationOf,
    since: Option<Date>,
    outcomes: &mut Bounded<Outcome>,
    work: &mut usize,
    sink: &mut Sink,
) -> Resolved {
    let mut out = Resolved {
        all_require_type: true,
        ..Resolved::default()
    };
    // An end of support breaks what a statement grants: an `Allow` of
    // `Action`. A `Deny` of an action that stops existing denies nothing
    // that still exists, and `NotAction` grants every other action. The
    // same for newer actions (IAM017): a `Deny` that reaches more denies
    // more, and `NotAction` is judged as a whole (`check::not_action_since`).
    let grants = statement.effect == Some(crate::policy::Effect::Allow) && !statement.actions.not;
    let mut distinct = 0;
    // Each outcome's lists are sorted and distinct: with one string (most
    // statements) there is nothing to merge.
    let mut merged = 0;
    // A string written twice adds nothing the first did not: its findings
    // are placed again, its actions not merged again (a hostile statement
    // of 150,000 `"*"` merged 150,000 lists of every action: 90 s).
    let mut seen: HashSet<&str> = HashSet::new();
    let several = statement.actions.items.len() > 1;
    for item in &statement.actions.items {
        let again = several && !seen.insert(item.value.as_str());
        let cost = match outcomes.get(&item.value) {
            Some(_) if again => 0,
            Some(known) => known.actions.len(),
            None => scan_cost(&item.value),
        };
        if work.saturating_add(cost) > WORK_BUDGET {
            out.unjudged += 1;
            continue;
        }
        *work += cost;
        let outcome =
            outcomes.get_or_insert_with(&item.value, || outcome(&item.value, deprecation, since));
        for f in &outcome.findings {
            if matches!(f.code, Code::EndOfSupport | Code::GrantsNewerActions) && !grants {
                continue;
            }
            sink.push(
                f.code,
                Some(statement.index),
                &item.path,
                f.message.clone(),
                f.suggestion.clone(),
            );
        }
        if again {
            continue;
        }
        if !outcome.known {
            if let Some((prefix, _)) = item.value.split_once(':') {
                out.unresolved.push(prefix.to_ascii_lowercase());
            }
        }
        if !outcome.actions.is_empty() || !outcome.types.is_empty() {
            merged += 1;
        }
        out.actions.extend_from_slice(&outcome.actions);
        out.types.extend_from_slice(&outcome.types);
        out.all_require_type &= outcome.all_require_type;
        // Many strings that each match thousands of actions (`*`, `*:*`,
        // `s3:*`…) would pile up copies: fold them as they come, so the
        // lists stay within twice the distinct actions and types.
        if out.actions.len() > 2 * distinct.max(FOLD_FROM) {
            out.actions.sort_unstable_by_key(|k| k.action);
            out.actions.dedup_by_key(|k| k.action);
            out.types.sort_unstable();
            out.types.dedup();
            distinct = out.actions.len();
        }
    }
    if merged > 1 {
        out.actions.sort_unstable_by_key(|k| k.action);
        out.actions.dedup_by_key(|k| k.action);
        out.types.sort_unstable();
        out.types.dedup();
    }
    // Sorted for `is_unresolved`'s binary search: a statement may name
    // thousands of unknown prefixes, asked once per resource and key.
    out.unresolved.sort_unstable();
    out.unresolved.dedup();
    if out.unjudged > 0 {
        sink.push(
            Code::ActionsNotJudged,
            Some(statement.index),
            &statement.actions.path,
            format!(
                "{} of the {} action strings were not resolved: with the document's strings before them they would pass this checker's bound on work (each new wildcard scans its service's actions, every service's for a wildcard prefix); neither they nor the statement's resources and condition keys are judged",
                out.unjudged,
                statement.actions.items.len()
            ),
            Some("name fewer wildcards (one `*:*` covers `**:*`, `*?:*`…), or split the policy".to_string()),
        );
    }
    out
}

pub(super) fn outcome(text: &str, deprecation: DeprecationOf, since: Option<Date>) -> Outcome {
    let mut findings = Vec::new();
    let mut actions = Vec::new();
    let known = resolve_text(text, deprecation, &mut findings, &mut actions);
    actions.sort_unstable();
    actions.dedup();
    // A literal action was chosen by name: only a wildcard grows.
    if let Some(since) = since.filter(|_| text.contains(['*', '?'])) {
        let newer = Newer::of(actions.iter().copied(), since);
        if let Some(message) = newer.message(&format!("{text:?}"), since) {
            findings.push(Pending {
                code: Code::GrantsNewerActions,
                message,
                suggestion: None,
            });
        }
    }
    let mut types: Vec<ResourceType> = actions
        .iter()
        .flat_map(|a| a.resource_types().map(|r| r.resource_type()))
        .collect();
    types.sort_unstable();
    types.dedup();
    let all_require_type = actions
        .iter()
        .all(|a| a.resource_types().any(|r| r.required()));
    Outcome {
        known,
        actions: actions
            .into_iter()
            .map(|action| Known {
                action,
                access: action.access_level(),
            })
            .collect(),
        types,
        all_require_type,
        findings,
    }
}

/// False when the string names no known action.
fn resolve_text(
    text: &str,
    deprecation: DeprecationOf,
    findings: &mut Vec<Pending>,
    out: &mut Vec<Action>,
) -> bool {
    let mut push = |code, message, suggestion| {
        findings.push(Pending {
            code,
            message,
            suggestion,
        })
    };
    let wildcard = text.contains(['*', '?']);
    if text == "*" {
        out.extend(Action::all());
        return true;
    }
    let Some((prefix, name)) = text.split_once(':') else {
        push(
            Code::Malformed,
            format!("{text:?} is not an action: expected prefix:Name (or \"*\")"),
            None,
        );
        return false;
    };
    if prefix.is_empty() || name.is_empty() {
        push(
            Code::Malformed,
            format!("{text:?} is not an action: the prefix and the name must not be empty"),
            None,
        );
        return false;
    }
    let service = if prefix.contains(['*', '?']) {
        None
    } else {
        let Some(service) = Service::lookup(prefix) else {
            push(
                Code::UnknownPrefix,
                format!("no service has the prefix {prefix:?} (in {text:?})"),
                suggest::prefix(prefix).map(|p| format!("{p}:{name}")),
            );
            return false;
        };
        Some(service)
    };
    if wildcard {
        let start = out.len();
        out.extend(Action::matching(text));
        let matched = &out[start..];
        if matched.is_empty() {
            push(
                Code::WildcardMatchesNothing,
                format!("{text:?} matches no action of the catalog"),
                None,
            );
        }
        // A wildcard in the prefix (`*:*`, `*:Get*`, like `*`) names no
        // service: the author chose no action of a retiring one, and the
        // notice would be as true of `*`, which grants the same. Only a
        // named service's wildcard (`chime:*`) is reported.
        if service.is_some() {
            report_deprecations(text, matched, deprecation, findings);
        }
        return !matched.is_empty();
    }
    let service = service.expect("a prefix without wildcards, looked up above");
    let Some(action) = service.action(name) else {
        push(
            Code::UnknownAction,
            format!(
                "{} ({}) has no action {name:?}",
                service.prefix(),
                service.name()
            ),
            suggest::action(service, name).map(|a| a.to_string()),
        );
        return false;
    };
    // Most strings are written as AWS writes them: compared in place,
    // without making the canonical string.
    if action.service().prefix() != prefix || action.name() != name {
        let canonical = action.to_string();
        push(
            Code::ActionCase,
            format!("{text:?} is written {canonical:?} by AWS (IAM ignores the case)"),
            Some(canonical),
        );
    }
    report_deprecations(text, &[action], deprecation, findings);
    out.push(action);
    true
}

/// One finding per string and kind of deprecation, naming how many of the
/// actions it matches are affected and the first of them.
fn report_deprecations(
    text: &str,
    matched: &[Action],
    deprecation: DeprecationOf,
    findings: &mut Vec<Pending>,
) {
    let mut removed: Vec<(Action, Deprecation)> = Vec::new();
    let mut ending: Vec<(Action, Deprecation)> = Vec::new();
    for &a in matched {
        match deprecation(a) {
            None => {}
            Some(d @ Deprecation::Removed { .. }) => removed.push((a, d)),
            Some(d) => ending.push((a, d)),
        }
    }
    let many = |n: usize, first: Action| {
        if n == 1 && matched.len() == 1 {
            format!("{first}")
        } else {
            format!(
                "{n} of the {} actions it matches (such as {first})",
                matched.len()
            )
        }
    };
    if let Some(&(first, removed_as)) = removed.first() {
        let on = match removed_as {
            Deprecation::Removed { on: Some(d) } => format!(" in the data of {d}"),
            _ => String::new(),
        };
        findings.push(Pending {
            code: Code::RemovedAction,
            message: format!(
                "{text:?}: {} removed from the AWS documentation{on}",
                many(removed.len(), first)
            ),
            suggestion: None,
        });
    }
    if let Some(&(first, deprecation)) = ending.first() {
        let notice = match deprecation {
            Deprecation::EndOfSupport { notice } | Deprecation::Deprecated { notice } => {
                let date = notice
                    .date()
                    .map(|d| format!(" on {d}"))
                    .unwrap_or_default();
                format!("{}{date} ({})", notice.kind(), notice.url())
            }
            _ => "a notice of its service".to_string(),
        };
        findings.push(Pending {
            code: Code::EndOfSupport,
            message: format!(
                "{text:?}: {} covered by {notice}",
                many(ending.len(), first)
            ),
            suggestion: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_strings_for_every_action_are_folded_as_they_come() {
        // 60 strings naming every action (about 17,000 each): without the
        // fold the list would hold a million entries.
        let items: Vec<&str> = (0..60)
            .map(|i| ["\"*\"", "\"*:*\"", "\"**:*\""][i % 3])
            .collect();
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": [{}], "Resource": "*"}}}}"#,
            items.join(", ")
        );
        let document: serde_json::Value = serde_json::from_str(&text).unwrap();
        let (policy, problems) = crate::policy::read(&document, Default::default());
        assert!(problems.is_empty());
        let mut outcomes = Bounded::default();
        let mut sink = Sink::new("t.json");
        let resolved = resolve(
            &policy.statements[0],
            catalog_deprecation,
            None,
            &mut outcomes,
            &mut 0,
            &mut sink,
        );
        let all = Action::all().count();
        // The only findings: the Chime app actions' end of support.
        assert!(
            sink.findings.iter().all(|f| f.code == Code::EndOfSupport),
            "{:#?}",
            sink.findings
        );
        assert_eq!(resolved.actions.len(), all);
        assert!(
            resolved.actions.capacity() <= 8 * all,
            "{} for {all}",
            resolved.actions.capacity()
        );
    }
}
