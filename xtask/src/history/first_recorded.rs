//! `snapshots/first-recorded.json`: the date each service, action, resource
//! type and condition key was first recorded, which the typed crate's
//! `first_recorded()` returns.
//!
//! A file of its own beside the service files, not a field in them: the
//! service files are what a scrape reads (a new scrape cannot know a date
//! from the past, so the field would differ from every fresh parse and the
//! diff would see it change), and they are content-addressed in the
//! database. Like `tombstones.toml`, the file is kept by exports and carried
//! by every update, which gives new items the update's date; it keeps the
//! items the catalog has since lost, so an item that comes back keeps its
//! first date. `cargo xtask history --backfill` computes it from the
//! recordings a database holds.
//!
//! Canonical form: sorted keys, two-space indentation, LF, a final newline.
//! Names are matched ignoring ASCII case (IAM's names are), and written as
//! the catalog spells them now.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::{Context, Result, bail};
use serde::{Deserialize, Serialize};

use crate::clock::is_date;
use crate::model::Service;

/// The file's name in a snapshot directory.
pub const FILE: &str = "first-recorded.json";

/// The kinds of dated items within a service (the service has its own date).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Action,
    ResourceType,
    ConditionKey,
}

/// The dates of one service's items (`YYYY-MM-DD`), by name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceDates {
    /// The service (its prefix).
    pub first_recorded: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub actions: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resource_types: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub condition_keys: BTreeMap<String, String>,
}

impl ServiceDates {
    fn map(&self, kind: Kind) -> &BTreeMap<String, String> {
        match kind {
            Kind::Action => &self.actions,
            Kind::ResourceType => &self.resource_types,
            Kind::ConditionKey => &self.condition_keys,
        }
    }

    fn map_mut(&mut self, kind: Kind) -> &mut BTreeMap<String, String> {
        match kind {
            Kind::Action => &mut self.actions,
            Kind::ResourceType => &mut self.resource_types,
            Kind::ConditionKey => &mut self.condition_keys,
        }
    }
}

/// The whole file.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstRecorded {
    /// The earliest recording the dates come from: an item dated so was
    /// there already, and is "on or before" it.
    pub since: String,
    /// By service prefix.
    pub services: BTreeMap<String, ServiceDates>,
}

/// The names of a service's items of one kind, as the catalog spells them.
fn names(service: &Service, kind: Kind) -> Vec<&str> {
    match kind {
        Kind::Action => service.actions.iter().map(|a| a.name.as_str()).collect(),
        Kind::ResourceType => service
            .resource_types
            .iter()
            .map(|r| r.name.as_str())
            .collect(),
        Kind::ConditionKey => service
            .condition_keys
            .iter()
            .map(|k| k.name.as_str())
            .collect(),
    }
}

const KINDS: [Kind; 3] = [Kind::Action, Kind::ResourceType, Kind::ConditionKey];

impl FirstRecorded {
    /// An empty file whose dates start at `since`.
    pub fn starting(since: &str) -> FirstRecorded {
        FirstRecorded {
            since: since.to_string(),
            services: BTreeMap::new(),
        }
    }

    /// Reads the file of a snapshot directory; `None` when it has none.
    /// A file that is not the format, or holds a date that is not one, is
    /// an error naming the file and the entry.
    pub fn read_dir(snapshots: &Path) -> Result<Option<FirstRecorded>> {
        let path = snapshots.join(FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", path.display())),
        };
        Self::from_json(&text)
            .with_context(|| format!("{}: not a first-recorded file", path.display()))
            .map(Some)
    }

    /// Parses and checks the text of the file.
    pub fn from_json(text: &str) -> Result<FirstRecorded> {
        let file: FirstRecorded = serde_json::from_str(text)?;
        if !is_date(&file.since) {
            bail!("`since` is {:?}, not a date YYYY-MM-DD", file.since);
        }
        for (prefix, s) in &file.services {
            if !is_date(&s.first_recorded) {
                bail!(
                    "{prefix}: first_recorded is {:?}, not a date YYYY-MM-DD",
                    s.first_recorded
                );
            }
            for kind in KINDS {
                for (name, date) in s.map(kind) {
                    if !is_date(date) {
                        bail!("{prefix} {name}: {date:?} is not a date YYYY-MM-DD");
                    }
                }
            }
        }
        Ok(file)
    }

    /// The canonical text.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).expect("strings and maps serialize");
        text.push('\n');
        text
    }

    /// Dates every item of `services` that has none with `date` (an
    /// update's data date), keeping the dates of those it has; an item
    /// whose spelling changed keeps its date under the new spelling.
    /// Returns how many items were new.
    pub fn record(&mut self, services: &[Service], date: &str) -> usize {
        let mut added = 0;
        for service in services {
            let entry = self
                .services
                .entry(service.prefix.as_str().to_string())
                .or_insert_with(|| {
                    added += 1;
                    ServiceDates {
                        first_recorded: date.to_string(),
                        ..ServiceDates::default()
                    }
                });
            for kind in KINDS {
                added += record_names(entry.map_mut(kind), &names(service, kind), date);
            }
        }
        added
    }

    /// The first date of an item, or of the service when `kind` is `None`
    /// (names ignoring case).
    pub fn date(&self, prefix: &str, item: Option<(Kind, &str)>) -> Option<&str> {
        let s = self.services.get(prefix)?;
        match item {
            None => Some(&s.first_recorded),
            Some((kind, name)) => s
                .map(kind)
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, d)| d.as_str()),
        }
    }

    /// A lookup by `(prefix, kind, lowercased name)` for many queries.
    pub fn index(&self) -> Index<'_> {
        let mut items = HashMap::new();
        for (prefix, s) in &self.services {
            for kind in KINDS {
                for (name, date) in s.map(kind) {
                    items.insert(
                        (prefix.as_str(), kind, name.to_ascii_lowercase()),
                        date.as_str(),
                    );
                }
            }
        }
        Index { file: self, items }
    }
}

/// Adds the names a map lacks (ignoring case) with `date`; renames an entry
/// whose spelling changed. Returns how many were new.
fn record_names(map: &mut BTreeMap<String, String>, names: &[&str], date: &str) -> usize {
    let mut lower: HashMap<String, String> = map
        .keys()
        .map(|k| (k.to_ascii_lowercase(), k.clone()))
        .collect();
    let mut added = 0;
    for &name in names {
        match lower.get(&name.to_ascii_lowercase()) {
            Some(old) if old == name => {}
            Some(old) => {
                let d = map.remove(old).unwrap_or_else(|| date.to_string());
                map.insert(name.to_string(), d);
                lower.insert(name.to_ascii_lowercase(), name.to_string());
            }
            None => {
                map.insert(name.to_string(), date.to_string());
                lower.insert(name.to_ascii_lowercase(), name.to_string());
                added += 1;
            }
        }
    }
    added
}

/// See [`FirstRecorded::index`].
pub struct Index<'a> {
    file: &'a FirstRecorded,
    items: HashMap<(&'a str, Kind, String), &'a str>,
}

impl<'a> Index<'a> {
    /// A service's date.
    pub fn service(&self, prefix: &str) -> Option<&'a str> {
        self.file
            .services
            .get(prefix)
            .map(|s| s.first_recorded.as_str())
    }

    /// An item's date.
    pub fn item(&self, prefix: &str, kind: Kind, name: &str) -> Option<&'a str> {
        self.items
            .get(&(prefix, kind, name.to_ascii_lowercase()))
            .copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked() {
        assert!(is_date("2019-10-18"));
        assert!(!is_date("2019-13-18"));
        assert!(!is_date("2019-10-1"));
        assert!(!is_date("2019/10/18"));
        let bad = r#"{"since":"2019-10-18","services":{"s3":{"first_recorded":"2019-10-18","actions":{"GetObject":"yesterday"}}}}"#;
        let err = FirstRecorded::from_json(bad).unwrap_err().to_string();
        assert!(err.contains("s3 GetObject"), "{err}");
        assert!(FirstRecorded::from_json(r#"{"since":"2019-10-18","services":{},"x":1}"#).is_err());
    }

    #[test]
    fn record_keeps_dates_and_follows_spelling() {
        let mut map = BTreeMap::from([("Getobject".to_string(), "2019-10-18".to_string())]);
        let added = record_names(&mut map, &["GetObject", "PutObject"], "2024-01-02");
        assert_eq!(added, 1);
        assert_eq!(
            map,
            BTreeMap::from([
                ("GetObject".to_string(), "2019-10-18".to_string()),
                ("PutObject".to_string(), "2024-01-02".to_string()),
            ])
        );
    }

    #[test]
    fn canonical_text_round_trips() {
        let mut f = FirstRecorded::starting("2019-10-18");
        f.services.insert(
            "s3".into(),
            ServiceDates {
                first_recorded: "2019-10-18".into(),
                actions: BTreeMap::from([("GetObject".into(), "2019-10-18".into())]),
                ..Default::default()
            },
        );
        let text = f.to_json();
        assert_eq!(FirstRecorded::from_json(&text).unwrap(), f);
        assert_eq!(FirstRecorded::from_json(&text).unwrap().to_json(), text);
        assert_eq!(
            f.index().item("s3", Kind::Action, "getobject"),
            Some("2019-10-18")
        );
        assert_eq!(f.date("s3", None), Some("2019-10-18"));
    }
}
