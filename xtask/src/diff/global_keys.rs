//! The difference between two lists of global condition keys (the IAM
//! User Guide page): keys added and removed, and per key what changed
//! (data types, single- or multivalued, availability, group). Names
//! compare ignoring case, as IAM compares keys; a change of case is a
//! change of the name field.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::parse::global_keys::GlobalKey;

/// One field of a key that changed, with both values as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// `name`, `data_types`, `multivalued`, `availability` or `group`.
    pub field: &'static str,
    /// The old value.
    pub old: String,
    /// The new value.
    pub new: String,
}

/// What changed in the global keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GlobalKeysDiff {
    /// Names of keys only in the new list, sorted.
    pub added: Vec<String>,
    /// Names of keys only in the old list, sorted.
    pub removed: Vec<String>,
    /// Keys in both whose fields differ, by name.
    pub changed: BTreeMap<String, Vec<FieldChange>>,
}

impl GlobalKeysDiff {
    /// True when nothing changed.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// Compares two lists.
pub fn compare(old: &[GlobalKey], new: &[GlobalKey]) -> GlobalKeysDiff {
    let index = |keys: &[GlobalKey]| -> BTreeMap<String, GlobalKey> {
        keys.iter()
            .map(|k| (k.name.to_ascii_lowercase(), k.clone()))
            .collect()
    };
    let (old, new) = (index(old), index(new));
    let mut diff = GlobalKeysDiff::default();
    for (id, n) in &new {
        let Some(o) = old.get(id) else {
            diff.added.push(n.name.clone());
            continue;
        };
        let mut fields = Vec::new();
        let mut field = |name: &'static str, a: String, b: String| {
            if a != b {
                fields.push(FieldChange {
                    field: name,
                    old: a,
                    new: b,
                });
            }
        };
        field("name", o.name.clone(), n.name.clone());
        field(
            "data_types",
            o.data_types.join(", "),
            n.data_types.join(", "),
        );
        field(
            "multivalued",
            o.multivalued.to_string(),
            n.multivalued.to_string(),
        );
        field(
            "availability",
            o.availability.clone(),
            n.availability.clone(),
        );
        field("group", o.group.clone(), n.group.clone());
        if !fields.is_empty() {
            diff.changed.insert(n.name.clone(), fields);
        }
    }
    diff.removed = old
        .iter()
        .filter(|(id, _)| !new.contains_key(*id))
        .map(|(_, k)| k.name.clone())
        .collect();
    diff.added.sort();
    diff.removed.sort();
    diff
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, types: &[&str], multivalued: bool) -> GlobalKey {
        GlobalKey {
            availability: "always".into(),
            data_types: types.iter().map(|t| t.to_string()).collect(),
            group: "Properties of the request".into(),
            multivalued,
            name: name.into(),
        }
    }

    #[test]
    fn added_removed_and_changed_keys() {
        let old = [
            key("aws:SourceIp", &["IPAddress"], false),
            key("aws:TagKeys", &["String"], false),
            key("aws:Gone", &["String"], false),
        ];
        let new = [
            key("aws:sourceip", &["IPAddress"], false),
            key("aws:TagKeys", &["String"], true),
            key("aws:New", &["Bool"], false),
        ];
        let d = compare(&old, &new);
        assert_eq!(d.added, ["aws:New"]);
        assert_eq!(d.removed, ["aws:Gone"]);
        assert_eq!(d.changed["aws:sourceip"][0].field, "name");
        let tags = &d.changed["aws:TagKeys"];
        assert_eq!(
            tags,
            &[FieldChange {
                field: "multivalued",
                old: "false".into(),
                new: "true".into()
            }]
        );
        assert!(compare(&new, &new).is_empty());
    }
}
