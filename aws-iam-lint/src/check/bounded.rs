//! A map from strings that forgets everything when it is full: the bound
//! of every map a run keeps ([`Memo`](super::memo::Memo)'s). Knows nothing
//! of what the values are beyond their [`Weight`].

use std::collections::HashMap;

/// What one map may hold before it is cleared: about a million keys,
/// actions or templates (tens of megabytes at most). The managed-policy
/// corpus needs about a tenth of it.
pub(crate) const MAX_WEIGHT: usize = 1 << 20;

/// How much of [`MAX_WEIGHT`] a value takes besides its key.
pub(crate) trait Weight {
    fn weight(&self) -> usize;
}

/// A map from strings that forgets everything when it is full.
pub(crate) struct Bounded<V> {
    map: HashMap<String, V>,
    /// Keys, plus the weight of their values.
    weight: usize,
    /// What it may hold ([`MAX_WEIGHT`]; less in tests).
    budget: usize,
}

impl<V> Default for Bounded<V> {
    fn default() -> Self {
        Bounded {
            map: HashMap::new(),
            weight: 0,
            budget: MAX_WEIGHT,
        }
    }
}

impl<V: Weight> Bounded<V> {
    /// The value for `key`, if it is held.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.map.get(key)
    }

    /// The value for `key`, made by `make` the first time.
    pub fn get_or_insert_with(&mut self, key: &str, make: impl FnOnce() -> V) -> &mut V {
        if !self.map.contains_key(key) {
            let value = make();
            let weight = 1 + value.weight();
            if self.weight + weight > self.budget {
                self.map.clear();
                self.weight = 0;
            }
            self.weight += weight;
            self.map.insert(key.to_string(), value);
        }
        self.map.get_mut(key).expect("inserted above")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    impl Weight for usize {
        fn weight(&self) -> usize {
            *self
        }
    }

    #[test]
    fn a_full_map_starts_over() {
        let mut m: Bounded<usize> = Bounded {
            budget: 100,
            ..Bounded::default()
        };
        // Keys weigh one each, values what they say.
        m.get_or_insert_with("big", || 89);
        for i in 0..10 {
            m.get_or_insert_with(&i.to_string(), || 0);
        }
        assert_eq!((m.map.len(), m.weight), (11, 100));
        // Known keys are answered without making them again.
        assert_eq!(*m.get_or_insert_with("7", || unreachable!()), 0);
        // One more: the map is cleared first, so it never holds more.
        assert_eq!(*m.get_or_insert_with("new", || 1), 1);
        assert_eq!((m.map.len(), m.weight), (1, 2));
        assert_eq!(*m.get_or_insert_with("7", || 70), 70);
        assert_eq!(Bounded::<usize>::default().budget, MAX_WEIGHT);
    }
}
