//! What a run has already worked out. A run (the CLI over its inputs, one
//! [`Checker`](super::Checker)) meets the same strings again and again: the
//! 1,594 AWS managed policies hold about 40,000 action strings but far fewer
//! distinct ones, and the same ARN patterns recur across statements. The
//! answers depend on the catalog and the string alone, so they are kept
//! for the run. Each map is bounded by what it holds (keys, and the actions
//! or templates under them, [`MAX_WEIGHT`] in all): when full it starts
//! over, so memory stays bounded whatever the input (only speed is lost).
//!
//! Above `actions.rs` (it keeps the actions' outcomes) and `bounded.rs`;
//! the checks that take a [`Memo`] know nothing of how it bounds itself.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::rc::Rc;

use aws_iam_catalog::{Action, ArnPattern, ArnTemplate, Date, GlobalConditionKey};

use super::actions::{DeprecationOf, Known, Outcome};
use super::bounded::{Bounded, MAX_WEIGHT, Weight};
use super::key_index::KeyIndex;
use super::since::Newer;

impl Weight for Option<GlobalConditionKey> {
    fn weight(&self) -> usize {
        0
    }
}

/// Whether a resource string fits each template tried, by the template's
/// [`address`].
type Tried = HashMap<(usize, usize), bool, BuildHasherDefault<AddressHasher>>;

/// A template's text is a `'static` slice of the catalog's: its address
/// and length name it, and are hashed in two multiplications where hashing
/// the text (as `ArnTemplate`'s `Hash` does) read every byte of it.
fn address(template: ArnTemplate) -> (usize, usize) {
    let s = template.as_str();
    (s.as_ptr() as usize, s.len())
}

/// A multiplicative hash (FxHash's) of catalog addresses. Not for keys an
/// input chooses (those go through SipHash): these are the catalog's.
#[derive(Default)]
struct AddressHasher(u64);

impl Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

pub(crate) struct Memo {
    /// Whether an action is removed or ending support.
    pub deprecation: DeprecationOf,
    /// `--since DATE` (IAM017), when given.
    pub since: Option<Date>,
    /// Every action first recorded after `since`, worked out the first
    /// time a statement asks (`Allow` with `NotAction`).
    newer: Option<Rc<Newer>>,
    /// Action strings, as written.
    pub actions: Bounded<Outcome>,
    /// Resource strings (as written) against the templates tried so far
    /// (by [`address`]).
    arns: HashMap<String, (ArnPattern, Tried)>,
    /// Keys and templates in `arns`.
    arns_weight: usize,
    /// What `arns` may hold ([`MAX_WEIGHT`]; less in tests).
    arns_budget: usize,
    /// Condition keys, as written, to the global key they name.
    globals: Bounded<Option<GlobalConditionKey>>,
    /// Lists of actions to the condition keys they support.
    key_indexes: HashMap<Vec<Action>, Rc<KeyIndex>>,
    /// Actions and keys in `key_indexes`.
    key_indexes_weight: usize,
}

impl Memo {
    pub fn new(deprecation: DeprecationOf, since: Option<Date>) -> Memo {
        Memo {
            deprecation,
            since,
            newer: None,
            actions: Bounded::default(),
            arns: HashMap::new(),
            arns_weight: 0,
            arns_budget: MAX_WEIGHT,
            globals: Bounded::default(),
            key_indexes: HashMap::new(),
            key_indexes_weight: 0,
        }
    }

    /// The condition keys the actions support, indexed once per list of
    /// actions in a run.
    pub fn key_index(&mut self, actions: &[Known]) -> Rc<KeyIndex> {
        let actions: Vec<Action> = actions.iter().map(|k| k.action).collect();
        if let Some(index) = self.key_indexes.get(&actions) {
            return Rc::clone(index);
        }
        let index = Rc::new(KeyIndex::new(&actions));
        let weight = actions.len() + index.weight();
        if self.key_indexes_weight + weight > MAX_WEIGHT {
            self.key_indexes.clear();
            self.key_indexes_weight = 0;
        }
        self.key_indexes_weight += weight;
        self.key_indexes.insert(actions, Rc::clone(&index));
        index
    }

    /// `since` and every action of the catalog first recorded after it
    /// (once a run); `None` without `--since`.
    pub fn newer_than_since(&mut self) -> Option<(Date, Rc<Newer>)> {
        let since = self.since?;
        let newer = self
            .newer
            .get_or_insert_with(|| Rc::new(Newer::of(Action::all(), since)));
        Some((since, Rc::clone(newer)))
    }

    /// [`GlobalConditionKey::lookup`], once per key string.
    pub fn global_key(&mut self, key: &str) -> Option<GlobalConditionKey> {
        *self
            .globals
            .get_or_insert_with(key, || GlobalConditionKey::lookup(key))
    }

    /// For each of `templates`, whether `pattern` (the policy's
    /// `Resource` string, with policy variables made wildcards) fits it;
    /// `arn` is the string as written, the key. Each template is matched
    /// once per string in a run, the pattern read once per string.
    pub fn fits_each(&mut self, arn: &str, pattern: &str, templates: &[ArnTemplate]) -> Vec<bool> {
        if self.arns_weight >= self.arns_budget {
            self.arns.clear();
            self.arns_weight = 0;
        }
        if !self.arns.contains_key(arn) {
            self.arns.insert(
                arn.to_string(),
                (ArnPattern::new(pattern), Tried::default()),
            );
            self.arns_weight += 1;
        }
        let (compiled, tried) = self.arns.get_mut(arn).expect("inserted above");
        let mut added = 0;
        let out = templates
            .iter()
            .map(|&template| {
                *tried.entry(address(template)).or_insert_with(|| {
                    added += 1;
                    compiled.fits(template)
                })
            })
            .collect();
        self.arns_weight += added;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_strings_and_templates_are_bounded_together() {
        let mut memo = Memo::new(super::super::actions::catalog_deprecation, None);
        assert_eq!(memo.arns_budget, MAX_WEIGHT);
        memo.arns_budget = 200;
        let s3 = aws_iam_catalog::Service::lookup("s3").unwrap();
        let templates: Vec<ArnTemplate> = s3
            .resource_types()
            .flat_map(|t| t.arn_templates())
            .collect();
        assert!((5..100).contains(&templates.len()), "{}", templates.len());
        // An ARN that fits nothing tries every template once...
        let arn = "arn:aws:s3:::b/k:nothing-fits";
        assert!(!memo.fits_each(arn, arn, &templates).contains(&true));
        assert_eq!(memo.arns_weight, 1 + templates.len());
        assert!(!memo.fits_each(arn, arn, &templates).contains(&true));
        assert_eq!(
            memo.arns_weight,
            1 + templates.len(),
            "answered from the memo"
        );
        // ...and many of them never hold more than the bound (plus the one
        // string being matched).
        for i in 0..20 {
            let arn = format!("arn:aws:s3:::b{i}/k:x:");
            memo.fits_each(&arn, &arn, &templates);
            assert!(memo.arns_weight <= 200 + templates.len() + 1);
        }
        assert!(memo.arns.len() < 20);
    }
}
