//! `snapshots/tombstones.toml`: items AWS removed from the docs, kept one
//! release as `#[deprecated]` so that code naming them warns before it
//! breaks. `cargo xtask release` adds them (from the diff) and drops those
//! that have served a release when it makes a major version.

use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// A removed item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Tombstone {
    /// `service`, `action`, `resource-type` or `condition-key`.
    pub kind: String,
    /// `prefix`, `prefix:Action`, `prefix resource`, `prefix key`.
    pub name: String,
    /// Data date of the first snapshot without it.
    pub removed_on: String,
    /// The crate version that first shipped the tombstone (empty until a
    /// release does).
    #[serde(default)]
    pub release: String,
    /// What the item was (its last description or service name).
    #[serde(default)]
    pub description: String,
}

impl Tombstone {
    /// The service prefix of the item.
    pub fn prefix(&self) -> &str {
        self.name.split([':', ' ']).next().unwrap_or(&self.name)
    }

    /// The item's own name (after the prefix).
    pub fn item(&self) -> &str {
        self.name.split_once([':', ' ']).map_or("", |(_, n)| n)
    }
}

/// The file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstones {
    /// The items, sorted.
    #[serde(default, rename = "tombstone")]
    pub items: Vec<Tombstone>,
}

const HEADER: &str = "# Items removed from the AWS documentation, kept as #[deprecated] until a major release drops them.\n\
                      # Written by `cargo xtask release`; read by `cargo xtask codegen`.\n\n";

impl Tombstones {
    /// Reads the file; a missing file is no tombstones.
    pub fn read(path: &Path) -> Result<Tombstones> {
        match std::fs::read_to_string(path) {
            Ok(text) => {
                let mut t: Tombstones =
                    toml::from_str(&text).with_context(|| format!("{}", path.display()))?;
                t.items.sort();
                Ok(t)
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Tombstones::default()),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    /// Writes the file (sorted).
    pub fn write(&self, path: &Path) -> Result<()> {
        let mut sorted = self.clone();
        sorted.items.sort();
        sorted
            .items
            .dedup_by(|a, b| a.kind == b.kind && a.name == b.name);
        let text = format!("{HEADER}{}", toml::to_string(&sorted)?);
        std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
    }

    /// The tombstones of one kind for one prefix.
    pub fn of<'a>(&'a self, kind: &'a str, prefix: &'a str) -> impl Iterator<Item = &'a Tombstone> {
        self.items
            .iter()
            .filter(move |t| t.kind == kind && t.prefix() == prefix)
    }
}
