//! What a run has already worked out. A run (the CLI over its inputs, one
//! [`Checker`](super::Checker)) meets the same strings again and again: the
//! 1,594 AWS managed policies hold about 40,000 action strings but far fewer
//! distinct ones, and the same ARN patterns recur across statements. The
//! answers depend on the catalog and the string alone, so they are kept
//! for the run. Each map is bounded: past [`MAX_ENTRIES`] it starts over,
//! so memory stays bounded whatever the input (only speed is lost).

use std::collections::HashMap;

use aws_iam_catalog::{Action, ArnTemplate, GlobalConditionKey};

use super::actions::{DeprecationOf, Outcome};

/// Entries per map before it is cleared.
pub(crate) const MAX_ENTRIES: usize = 1 << 16;

pub(crate) struct Memo {
    /// Whether an action is removed or ending support.
    pub deprecation: DeprecationOf,
    /// Action strings, as written.
    pub actions: Bounded<Outcome>,
    /// Resource strings (as written) against the templates tried so far.
    arns: Bounded<HashMap<ArnTemplate, bool>>,
    /// Condition keys, as written, to the global key they name.
    globals: Bounded<Option<GlobalConditionKey>>,
}

impl Memo {
    pub fn new(deprecation: DeprecationOf) -> Memo {
        Memo {
            deprecation,
            actions: Bounded::default(),
            arns: Bounded::default(),
            globals: Bounded::default(),
        }
    }

    /// [`GlobalConditionKey::lookup`], once per key string.
    pub fn global_key(&mut self, key: &str) -> Option<GlobalConditionKey> {
        *self
            .globals
            .get_or_insert_with(key, || GlobalConditionKey::lookup(key))
    }

    /// True when `pattern` (the policy's `Resource` string, with policy
    /// variables made wildcards) fits one of `templates`; `arn` is the
    /// string as written, the key. Each template is matched once per
    /// string in a run.
    pub fn arn_fits(
        &mut self,
        arn: &str,
        pattern: &str,
        templates: impl Iterator<Item = ArnTemplate>,
    ) -> bool {
        let tried = self.arns.get_or_insert_with(arn, HashMap::new);
        for template in templates {
            let fits = *tried
                .entry(template)
                .or_insert_with(|| template.matches_pattern(pattern));
            if fits {
                return true;
            }
        }
        false
    }
}

/// The catalog's own answer, for [`Memo::deprecation`].
pub(crate) fn catalog_deprecation(action: Action) -> Option<aws_iam_catalog::Deprecation> {
    action.deprecation()
}

/// A map from strings that forgets everything when it is full.
pub(crate) struct Bounded<V> {
    map: HashMap<String, V>,
}

impl<V> Default for Bounded<V> {
    fn default() -> Self {
        Bounded {
            map: HashMap::new(),
        }
    }
}

impl<V> Bounded<V> {
    /// The value for `key`, made by `make` the first time.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        if !self.map.contains_key(key) {
            if self.map.len() >= MAX_ENTRIES {
                self.map.clear();
            }
            self.map.insert(key.to_string(), make());
        }
        self.map.get_mut(key).expect("inserted above")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_map_starts_over() {
        let mut m: Bounded<usize> = Bounded::default();
        for i in 0..MAX_ENTRIES {
            m.get_or_insert_with(&i.to_string(), || i);
        }
        assert_eq!(m.map.len(), MAX_ENTRIES);
        // Known keys are answered without making them again.
        assert_eq!(*m.get_or_insert_with("7", || unreachable!()), 7);
        // One more: the map is cleared first, so it never holds more.
        assert_eq!(*m.get_or_insert_with("new", || 1), 1);
        assert_eq!(m.map.len(), 1);
        assert_eq!(*m.get_or_insert_with("7", || 70), 70);
    }
}
