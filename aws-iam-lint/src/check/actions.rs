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
        self.unresolved
            .iter()
            .any(|p| p.eq_ignore_ascii_case(prefix))
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
        report_deprecations(index, item, matched, Action::deprecation, sink);
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
    report_deprecations(index, item, &[action], Action::deprecation, sink);
    out.push(action);
    true
}

/// One finding per string and kind of deprecation, naming how many of the
/// actions it matches are affected and the first of them. `deprecation` is
/// the catalog's [`Action::deprecation`] (a parameter so that the messages
/// can be tested while the catalog's data holds no tombstone).
fn report_deprecations(
    index: usize,
    item: &Item,
    matched: &[Action],
    deprecation: impl Fn(Action) -> Option<Deprecation>,
    sink: &mut Sink,
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
                let date = notice
                    .date()
                    .map(|d| format!(" on {d}"))
                    .unwrap_or_default();
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

#[cfg(test)]
mod tests {
    use aws_iam_catalog::{Action, Date, Deprecation, NoticeKind, Service};

    use super::*;
    use crate::check::Sink;

    fn item(value: &str) -> Item {
        Item {
            value: value.to_string(),
            path: "$.Statement[0].Action[0]".to_string(),
        }
    }

    #[test]
    fn removed_and_end_of_support_messages() {
        let chime = Service::lookup("chime").unwrap();
        let notice = chime
            .notices()
            .find(|n| n.kind() == NoticeKind::EndOfSupport)
            .expect("the Chime end-of-support notice");
        let create_account = chime.action("CreateAccount").unwrap();
        let create_meeting = chime.action("CreateMeeting").unwrap();
        // A stand-in for data the catalog does not carry yet: CreateAccount
        // under the notice, CreateMeeting removed.
        let fake = |a: Action| {
            if a == create_account {
                Some(Deprecation::EndOfSupport { notice })
            } else if a == create_meeting {
                Some(Deprecation::Removed {
                    on: Date::parse_iso("2026-07-01"),
                })
            } else {
                None
            }
        };
        let mut sink = Sink::new("t.json");
        report_deprecations(
            0,
            &item("chime:CreateAccount"),
            &[create_account],
            fake,
            &mut sink,
        );
        let matched: Vec<Action> = Action::matching("chime:Create*").collect();
        report_deprecations(0, &item("chime:Create*"), &matched, fake, &mut sink);
        let f = &sink.findings;
        assert_eq!(f.len(), 3, "{f:#?}");
        assert_eq!(f[0].code, Code::EndOfSupport);
        assert!(f[0].message.starts_with("\"chime:CreateAccount\": chime:CreateAccount covered by end-of-support on 2026-02-20 ("), "{}", f[0].message);
        assert_eq!(f[1].code, Code::RemovedAction);
        assert!(f[1].message.contains(&format!("1 of the {} actions it matches (such as chime:CreateMeeting) removed from the AWS documentation in the data of 2026-07-01", matched.len())), "{}", f[1].message);
        assert_eq!(f[2].code, Code::EndOfSupport);
        assert!(
            f[2].message
                .contains("(such as chime:CreateAccount) covered by end-of-support"),
            "{}",
            f[2].message
        );
    }
}
