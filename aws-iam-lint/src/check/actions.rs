//! The `Action`/`NotAction` strings of a statement, resolved to the
//! catalog's actions: unknown prefixes and names, other cases, wildcards
//! that match nothing, removed and end-of-support actions.

use aws_iam_catalog::{Action, Deprecation, Service};

use super::Sink;
use crate::finding::Code;
use crate::policy::{Item, Statement};
use crate::suggest;

/// What a statement's `Action` (or `NotAction`) names.
#[derive(Default)]
pub(super) struct Resolved {
    /// The distinct known actions, sorted.
    pub actions: Vec<Action>,
    /// The prefixes (lower case) of strings that named no known action: a
    /// resource or key of such a prefix may belong to them, so it is not
    /// judged on the known actions alone.
    pub unresolved: Vec<String>,
}

impl Resolved {
    /// True when `prefix` is one of an unresolved action.
    pub fn is_unresolved(&self, prefix: &str) -> bool {
        self.unresolved.iter().any(|p| p.eq_ignore_ascii_case(prefix))
    }
}

/// Resolves the strings; every string that names no action is reported.
pub(super) fn resolve(statement: &Statement, sink: &mut Sink) -> Resolved {
    let mut out = Resolved::default();
    for item in &statement.actions.items {
        if !resolve_item(statement.index, item, sink, &mut out.actions) {
            if let Some((prefix, _)) = item.value.split_once(':') {
                out.unresolved.push(prefix.to_ascii_lowercase());
            }
        }
    }
    out.actions.sort_unstable();
    out.actions.dedup();
    out
}

/// False when the string names no known action.
fn resolve_item(index: usize, item: &Item, sink: &mut Sink, out: &mut Vec<Action>) -> bool {
    let at = Some(index);
    let text = item.value.as_str();
    let wildcard = text.contains(['*', '?']);
    if text == "*" {
        out.extend(Action::all());
        return true;
    }
    let Some((prefix, name)) = text.split_once(':') else {
        sink.push(
            Code::Malformed,
            at,
            &item.path,
            format!("{text:?} is not an action: expected prefix:Name (or \"*\")"),
            None,
        );
        return false;
    };
    if prefix.is_empty() || name.is_empty() {
        sink.push(
            Code::Malformed,
            at,
            &item.path,
            format!("{text:?} is not an action: the prefix and the name must not be empty"),
            None,
        );
        return false;
    }
    if !prefix.contains(['*', '?']) && Service::lookup(prefix).is_none() {
        sink.push(
            Code::UnknownPrefix,
            at,
            &item.path,
            format!("no service has the prefix {prefix:?} (in {text:?})"),
            suggest::prefix(prefix).map(|p| format!("{p}:{name}")),
        );
        return false;
    }
    if wildcard {
        let start = out.len();
        out.extend(Action::matching(text));
        let matched = &out[start..];
        if matched.is_empty() {
            sink.push(
                Code::WildcardMatchesNothing,
                at,
                &item.path,
                format!("{text:?} matches no action of the catalog"),
                None,
            );
        }
        report_deprecations(index, item, matched, sink);
        return !matched.is_empty();
    }
    let service = Service::lookup(prefix).expect("looked up above");
    let Some(action) = service.action(name) else {
        sink.push(
            Code::UnknownAction,
            at,
            &item.path,
            format!(
                "{} ({}) has no action {name:?}",
                service.prefix(),
                service.name()
            ),
            suggest::action(service, name).map(|a| a.to_string()),
        );
        return false;
    };
    let canonical = action.to_string();
    if canonical != text {
        sink.push(
            Code::ActionCase,
            at,
            &item.path,
            format!("{text:?} is written {canonical:?} by AWS (IAM ignores the case)"),
            Some(canonical),
        );
    }
    report_deprecations(index, item, &[action], sink);
    out.push(action);
    true
}

/// One finding per string and kind of deprecation, naming how many of the
/// actions it matches are affected and the first of them.
fn report_deprecations(index: usize, item: &Item, matched: &[Action], sink: &mut Sink) {
    let mut removed: Vec<Action> = Vec::new();
    let mut ending: Vec<(Action, Deprecation)> = Vec::new();
    for &a in matched {
        match a.deprecation() {
            None => {}
            Some(Deprecation::Removed { .. }) => removed.push(a),
            Some(d) => ending.push((a, d)),
        }
    }
    let many = |n: usize, first: Action| {
        if n == 1 && matched.len() == 1 {
            format!("{first}")
        } else {
            format!("{n} of the {} actions it matches (such as {first})", matched.len())
        }
    };
    if let Some(&first) = removed.first() {
        let on = match first.deprecation() {
            Some(Deprecation::Removed { on: Some(d) }) => format!(" in the data of {d}"),
            _ => String::new(),
        };
        sink.push(
            Code::RemovedAction,
            Some(index),
            &item.path,
            format!(
                "{:?}: {} removed from the AWS documentation{on}",
                item.value,
                many(removed.len(), first)
            ),
            None,
        );
    }
    if let Some(&(first, deprecation)) = ending.first() {
        let notice = match deprecation {
            Deprecation::EndOfSupport { notice } | Deprecation::Deprecated { notice } => {
                let date = notice.date().map(|d| format!(" on {d}")).unwrap_or_default();
                format!("{}{date} ({})", notice.kind(), notice.url())
            }
            _ => "a notice of its service".to_string(),
        };
        sink.push(
            Code::EndOfSupport,
            Some(index),
            &item.path,
            format!(
                "{:?}: {} covered by {notice}",
                item.value,
                many(ending.len(), first)
            ),
            None,
        );
    }
}
