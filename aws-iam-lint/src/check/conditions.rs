//! `Condition` keys against the statement's actions: a key that no action
//! supports and that is not global, and a set operator on a key that holds
//! one value.

use aws_iam_catalog::ConditionKey;

use super::Sink;
use super::actions::Resolved;
use super::memo::Memo;
use crate::finding::Code;
use crate::policy::Statement;

pub(super) fn check_keys(
    statement: &Statement,
    resolved: &Resolved,
    memo: &mut Memo,
    sink: &mut Sink,
) {
    let actions = &resolved.actions;
    if actions.is_empty() {
        return;
    }
    for c in &statement.conditions {
        let key = c.key.as_str();
        // A global key any request may hold; the tag keys are judged by
        // the actions, as the service pages list them.
        let global = memo.global_key(key);
        if global.is_some_and(|g| !g.depends_on_action()) {
            continue;
        }
        let prefix = key.split_once(':').map_or(key, |(p, _)| p);
        if resolved.is_unresolved(prefix) {
            continue; // may be a key of the action the catalog lacks
        }
        if actions.iter().any(|a| a.action.supports_condition_key(key)) {
            continue;
        }
        let message = match (global, ConditionKey::find(key)) {
            (Some(g), _) => format!(
                "{key:?} is the global key {}, which a request holds only where the resource or the operation supports tags, and none of the statement's {} action(s) lists it",
                g.name(),
                actions.len()
            ),
            (None, Some(k)) => format!(
                "{key:?} is a condition key of {} ({}), but none of the statement's {} action(s) supports it, and it is not global",
                k.service().prefix(),
                k.name(),
                actions.len()
            ),
            (None, None) => {
                format!("no service defines the condition key {key:?}, and it is not global")
            }
        };
        sink.push(
            Code::UnsupportedConditionKey,
            Some(statement.index),
            &c.path,
            message,
            None,
        );
    }
}

pub(super) fn check_set_operators(statement: &Statement, memo: &mut Memo, sink: &mut Sink) {
    for c in &statement.conditions {
        let Some(set) = c.operator.set else { continue };
        let multivalued = match memo.global_key(&c.key) {
            Some(g) => Some(g.multivalued()),
            None => ConditionKey::find(&c.key).map(|k| k.multivalued()),
        };
        if multivalued == Some(false) {
            sink.push(
                Code::SetOperatorOnSingleValuedKey,
                Some(statement.index),
                &c.path,
                format!(
                    "{set}:{} on {:?}, a key with a single value: {}",
                    c.operator.base,
                    c.key,
                    match set {
                        crate::policy::SetOperator::ForAllValues =>
                            "ForAllValues is true when the key is absent, so this allows more than it seems",
                        crate::policy::SetOperator::ForAnyValue =>
                            "the set operator has no effect",
                    }
                ),
                Some(format!(
                    "{}{}",
                    c.operator.base,
                    if c.operator.if_exists { "IfExists" } else { "" }
                )),
            );
        }
    }
}
