//! `Condition` keys against the statement's actions: a key that no action
//! supports and that is not global, and a set operator on a key that holds
//! one value.

use aws_iam_catalog::ConditionKey;

use super::key_index::KeyIndex;

use super::Sink;
use super::actions::Resolved;
use super::memo::Memo;
use crate::finding::Code;
use crate::policy::Statement;

/// The `Condition` keys of an OpenID Connect provider's tokens, which a
/// role's trust policy compares as `<provider>:<key>` (the provider's URL
/// without `https://`: `token.actions.githubusercontent.com:sub`,
/// `oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE:aud`), as the IAM User
/// Guide lists them ("Available keys for OIDC federation",
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).
/// No service page lists them: the provider is the account's own. (The
/// fixed providers' keys, `accounts.google.com:aud`,
/// `cognito-identity.amazonaws.com:amr`, `www.amazon.com:app_id`,
/// `graph.facebook.com:id`, and the `saml:` keys, are listed by STS's
/// page for its `AssumeRole…` actions, so the catalog knows them.)
const OIDC_KEYS: &[&str] = &["amr", "aud", "azp", "email", "oaud", "sub"];

/// True for a key of an OpenID Connect provider (see [`OIDC_KEYS`]): a
/// provider written as a host name, with a path or not, then one of the
/// keys.
fn identity_provider_key(key: &str) -> bool {
    let Some((provider, name)) = key.rsplit_once(':') else {
        return false;
    };
    let host = provider.split('/').next().unwrap_or("");
    host.contains('.')
        && !host.starts_with('.')
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-')
        && OIDC_KEYS.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// An identity provider's `amr` key (authentication methods reference).
fn amr_key(key: &str) -> bool {
    key.rsplit_once(':')
        .is_some_and(|(provider, name)| provider.contains('.') && name.eq_ignore_ascii_case("amr"))
}

/// True when the statement may be a role's trust policy for a federated
/// principal: it names one of STS's `AssumeRole…` actions, the ones a web
/// identity's or SAML assertion's keys come with.
fn assumes_a_role(resolved: &Resolved) -> bool {
    resolved
        .actions
        .iter()
        .any(|a| a.action.service().prefix() == "sts" && a.action.name().starts_with("AssumeRole"))
}

/// Up to this many (action, key) pairs a statement's keys are asked of
/// each action (most stop at the first action); past it, of an index of
/// the keys the actions support, built once ([`super::key_index`]).
const DIRECT: usize = 4096;

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
    // Which keys the actions support, indexed once for the statement (made
    // when a key first needs it): one key against thousands of actions
    // one by one was the cost of a hostile policy.
    let mut index: Option<std::rc::Rc<KeyIndex>> = None;
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
        if identity_provider_key(key) && assumes_a_role(resolved) {
            continue;
        }
        let supported = if actions.len() * statement.conditions.len() <= DIRECT {
            actions.iter().any(|a| a.action.supports_condition_key(key))
        } else {
            index
                .get_or_insert_with(|| memo.key_index(actions))
                .supports(key)
        };
        if supported {
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
            // A token's authentication methods are a list: the User Guide's
            // own examples compare `cognito-identity.amazonaws.com:amr`
            // with `ForAnyValue:StringLike`, which STS's page types String.
            None if amr_key(&c.key) => Some(true),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_provider_keys() {
        for key in [
            "token.actions.githubusercontent.com:sub",
            "token.actions.githubusercontent.com:aud",
            "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub",
            "oidc.eks.eu-west-2.amazonaws.com/id/ABC:aud",
            "app.terraform.io:sub",
            "example.okta.com/oauth2/default:amr",
        ] {
            assert!(identity_provider_key(key), "{key}");
        }
        for key in [
            "s3:prefix",
            "aws:SourceIp",
            "token.actions.githubusercontent.com:repository",
            "nodots:sub",
            ":sub",
        ] {
            assert!(!identity_provider_key(key), "{key}");
        }
    }
}
