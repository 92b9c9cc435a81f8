//! The condition keys some of a list of actions supports, indexed: a
//! statement with thousands of keys asks each of the index, not each of
//! the actions.

use std::collections::HashMap;

use aws_iam_catalog::{Action, ConditionKey};

/// The condition keys some of a list of actions supports, by prefix (in
/// lower case): a policy's key is looked for among its prefix's keys only.
/// [`Action::supports_condition_key`] per action, answered for all the
/// actions at once.
#[derive(Debug, Default)]
pub(crate) struct KeyIndex {
    by_prefix: HashMap<String, Vec<ConditionKey>>,
}

impl KeyIndex {
    pub(crate) fn new(actions: &[Action]) -> KeyIndex {
        let mut keys: Vec<ConditionKey> = actions
            .iter()
            .flat_map(|a| a.condition_keys_all().map(|k| k.key()))
            .collect();
        // The same key comes from many actions: drop the copies by handle
        // (an integer) before sorting by name, which reads each name once.
        keys.sort_unstable();
        keys.dedup();
        keys.sort_by_cached_key(|k| k.name());
        keys.dedup_by_key(|k| k.name());
        let mut by_prefix: HashMap<String, Vec<ConditionKey>> = HashMap::new();
        for k in keys {
            by_prefix.entry(prefix_of(k.name())).or_default().push(k);
        }
        KeyIndex { by_prefix }
    }

    /// True when one of the actions supports the key (the global keys
    /// that any request holds are the caller's to take first).
    pub(crate) fn supports(&self, key: &str) -> bool {
        self.by_prefix
            .get(&prefix_of(key))
            .is_some_and(|keys| keys.iter().any(|k| k.fits(key)))
    }

    /// What it holds, for the memo's bound.
    pub(crate) fn weight(&self) -> usize {
        self.by_prefix.values().map(Vec::len).sum()
    }
}

fn prefix_of(key: &str) -> String {
    key.split_once(':')
        .map_or(key, |(p, _)| p)
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index answers as the catalog does action by action.
    #[test]
    fn the_index_answers_as_each_action() {
        let actions: Vec<Action> = Action::matching("s3:*")
            .chain(Action::matching("sts:*"))
            .chain(Action::matching("ec2:Describe*"))
            .collect();
        let index = KeyIndex::new(&actions);
        for key in [
            "s3:prefix",
            "S3:PREFIX",
            "s3:ExistingObjectTag/team",
            "aws:ResourceTag/Project",
            "aws:RequestTag/x",
            "ec2:ResourceTag/Name",
            "saml:aud",
            "accounts.google.com:aud",
            "cognito-identity.amazonaws.com:amr",
            "s3:NoSuchKey",
            "kms:ViaService",
            "ec2:Region",
        ] {
            let want = actions
                .iter()
                .any(|a| a.condition_keys_all().any(|k| k.key().fits(key)));
            assert_eq!(index.supports(key), want, "{key}");
        }
    }
}
