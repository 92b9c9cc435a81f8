//! The catalog's history: what the snapshots of a database say about when
//! each item appeared, changed and went (the views of
//! `schema/0009_history.sql`, read through `store::history`), the
//! first-recorded dates the typed crate carries (`first_recorded.rs`), the
//! layout eras (`eras.rs`) and the growth plot (`plot.rs`).

pub mod eras;
pub mod first_recorded;
pub mod plot;

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use anyhow::{Result, bail};

use crate::dataset::Dataset;
use crate::model::Service;
use crate::store::history::{ItemKind, Recording, Span, VersionItems};
use first_recorded::{FirstRecorded, Kind};

/// Examples named per list in a service's timeline.
const EXAMPLES: usize = 6;

/// The recordings with their layout eras, oldest first.
pub fn recordings_with_eras(ds: &Dataset) -> Result<Vec<(Recording, eras::Era)>> {
    let store = ds.store();
    let recordings = ds.block_on(store.recordings())?;
    let mut out = Vec::with_capacity(recordings.len());
    for r in recordings {
        let sample = ds.block_on(store.layout_sample(r.snapshot_id))?;
        out.push((r, eras::Era::of(&sample)));
    }
    Ok(out)
}

/// The growth plot of the database's recordings.
pub fn plot(ds: &Dataset) -> Result<String> {
    let recs = recordings_with_eras(ds)?;
    let points: Vec<plot::Point> = recs
        .iter()
        .map(|(r, era)| plot::Point {
            date: r.taken_at.clone(),
            services: r.services,
            actions: r.actions,
            era: *era,
        })
        .collect();
    let (Some(first), Some(last)) = (points.first(), points.last()) else {
        bail!("{}: no snapshots to plot", ds.path().display());
    };
    let title = format!(
        "The AWS Service Authorization Reference, {} to {} ({} recordings)",
        first.date,
        last.date,
        points.len()
    );
    plot::svg(&points, &title)
}

/// The timeline of `item`: a service prefix (`s3`), an action (`s3:GetObject`),
/// a resource type (`s3:bucket`) or a condition key (`aws:SourceIp`: each
/// service that lists it). Every kind the name matches is shown. An error
/// when nothing matches.
pub fn timeline(ds: &Dataset, item: &str) -> Result<String> {
    let store = ds.store();
    let recordings = ds.block_on(store.recordings())?;
    if recordings.is_empty() {
        bail!("{}: no snapshots, so no history", ds.path().display());
    }
    let mut out = String::new();
    match item.split_once(':') {
        None => {
            if let Some(span) = ds.block_on(store.service_span(&item.to_ascii_lowercase()))? {
                service_timeline(ds, &span, &recordings, &mut out)?;
            }
        }
        Some((prefix, name)) => {
            let prefix = prefix.to_ascii_lowercase();
            for (kind, label) in [
                (ItemKind::Action, "action"),
                (ItemKind::ResourceType, "resource type"),
            ] {
                for span in ds.block_on(store.item_spans(kind, Some(&prefix), name))? {
                    let changes =
                        ds.block_on(store.item_changes(kind, &span.prefix, &span.name))?;
                    item_timeline(label, &span, &changes, &recordings, &mut out);
                }
            }
            for span in ds.block_on(store.item_spans(ItemKind::ConditionKey, None, item))? {
                let changes = ds.block_on(store.item_changes(
                    ItemKind::ConditionKey,
                    &span.prefix,
                    &span.name,
                ))?;
                item_timeline("condition key", &span, &changes, &recordings, &mut out);
            }
        }
    }
    if out.is_empty() {
        bail!(
            "no service, action, resource type or condition key named {item:?} in the {} recordings of {} ({} to {})",
            recordings.len(),
            ds.path().display(),
            recordings[0].taken_at,
            recordings[recordings.len() - 1].taken_at
        );
    }
    Ok(out)
}

/// The span's summary lines: first and last recording, and gaps.
fn span_lines(span: &Span, recordings: &[Recording], out: &mut String) {
    let between = recordings
        .iter()
        .filter(|r| r.taken_at >= span.first_recorded && r.taken_at <= span.last_recorded)
        .count();
    let _ = writeln!(
        out,
        "  first recorded {}{}",
        span.first_recorded,
        if span.on_or_before {
            " (on or before: the earliest recording held)"
        } else {
            ""
        }
    );
    let _ = writeln!(
        out,
        "  last recorded  {}{}",
        span.last_recorded,
        if span.current {
            " (the newest recording)"
        } else {
            " (gone since)"
        }
    );
    let _ = writeln!(
        out,
        "  in {} of the {between} recordings from its first to its last{}",
        span.recordings,
        if span.recordings < between as i64 {
            " (absent from some in between)"
        } else {
            ""
        }
    );
}

fn item_timeline(
    label: &str,
    span: &Span,
    changes: &[crate::store::history::Change],
    recordings: &[Recording],
    out: &mut String,
) {
    if !out.is_empty() {
        out.push('\n');
    }
    let name = match label {
        "condition key" => format!("{} (in {}'s table)", span.name, span.prefix),
        _ => format!("{}:{}", span.prefix, span.name),
    };
    let _ = writeln!(out, "{label} {name}");
    span_lines(span, recordings, out);
    if changes.is_empty() {
        let _ = writeln!(out, "  no change of its fields between its recordings");
    }
    for c in changes {
        let _ = writeln!(
            out,
            "  {} {}: {} -> {} (previous recording {})",
            c.taken_at,
            c.field,
            or_none(&c.old),
            or_none(&c.new),
            c.previous_taken_at
        );
    }
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "(none)" } else { s }
}

/// `+N: a, b, …; -M: c` between two name lists (ignoring case).
fn name_diff(old: &[String], new: &[String]) -> Option<String> {
    let lower =
        |v: &[String]| -> BTreeSet<String> { v.iter().map(|s| s.to_ascii_lowercase()).collect() };
    let (o, n) = (lower(old), lower(new));
    let list = |names: &[String], other: &BTreeSet<String>| -> Vec<String> {
        names
            .iter()
            .filter(|s| !other.contains(&s.to_ascii_lowercase()))
            .cloned()
            .collect()
    };
    let (added, removed) = (list(new, &o), list(old, &n));
    if added.is_empty() && removed.is_empty() {
        return None;
    }
    let show = |v: &[String]| {
        let mut s = v
            .iter()
            .take(EXAMPLES)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if v.len() > EXAMPLES {
            s.push_str(", …");
        }
        s
    };
    let mut parts = Vec::new();
    if !added.is_empty() {
        parts.push(format!("+{}: {}", added.len(), show(&added)));
    }
    if !removed.is_empty() {
        parts.push(format!("-{}: {}", removed.len(), show(&removed)));
    }
    Some(format!(
        "{} -> {} ({})",
        old.len(),
        new.len(),
        parts.join("; ")
    ))
}

fn service_timeline(
    ds: &Dataset,
    span: &Span,
    recordings: &[Recording],
    out: &mut String,
) -> Result<()> {
    let store = ds.store();
    let _ = writeln!(out, "service {} ({})", span.prefix, span.name);
    span_lines(span, recordings, out);
    let mut cache: HashMap<i64, VersionItems> = HashMap::new();
    let mut previous: Option<(i64, String)> = None; // version, last date present
    let mut absent_since: Option<String> = None;
    for (date, version) in ds.block_on(store.service_versions_over_time(&span.prefix))? {
        let Some(v) = version else {
            if previous.is_some() && absent_since.is_none() {
                let last = previous.as_ref().map(|p| p.1.clone()).unwrap_or_default();
                let _ = writeln!(out, "  {date} absent (last recorded {last})");
                absent_since = Some(date);
            }
            continue;
        };
        if let std::collections::hash_map::Entry::Vacant(e) = cache.entry(v) {
            e.insert(ds.block_on(store.version_items(v))?);
        }
        let now = &cache[&v];
        match &previous {
            None => {
                let _ = writeln!(
                    out,
                    "  {date} first recorded: {} actions, {} resource types, {} condition keys; pages {}",
                    now.actions.len(),
                    now.resource_types.len(),
                    now.condition_keys.len(),
                    now.pages.join(", ")
                );
            }
            Some((pv, _)) => {
                if absent_since.take().is_some() {
                    let _ = writeln!(out, "  {date} back");
                }
                if *pv != v {
                    let before = &cache[pv];
                    for (what, o, n) in [
                        ("actions", &before.actions, &now.actions),
                        (
                            "resource types",
                            &before.resource_types,
                            &now.resource_types,
                        ),
                        (
                            "condition keys",
                            &before.condition_keys,
                            &now.condition_keys,
                        ),
                    ] {
                        if let Some(d) = name_diff(o, n) {
                            let _ = writeln!(out, "  {date} {what} {d}");
                        }
                    }
                    if before.pages != now.pages {
                        let _ = writeln!(
                            out,
                            "  {date} pages {} -> {}",
                            before.pages.join(", "),
                            now.pages.join(", ")
                        );
                    }
                }
            }
        }
        previous = Some((v, date));
    }
    Ok(())
}

/// What a backfill computed.
pub struct Backfill {
    pub file: FirstRecorded,
    /// Items the database's recordings dated.
    pub from_history: usize,
    /// Items of the current catalog the recordings lack (dated with its data date).
    pub from_catalog: usize,
}

/// The first-recorded dates of every item the database's recordings hold,
/// and of `current` (the catalog's services; items the recordings lack get
/// `data_date`).
pub fn backfill(ds: &Dataset, current: &[Service], data_date: &str) -> Result<Backfill> {
    let store = ds.store();
    let recordings = ds.block_on(store.recordings())?;
    let Some(first) = recordings.first() else {
        bail!(
            "{}: no snapshots to compute first-recorded dates from",
            ds.path().display()
        );
    };
    let mut file = FirstRecorded::starting(&first.taken_at);
    let mut from_history = 0;
    for span in ds.block_on(store.service_spans())? {
        file.services.entry(span.prefix).or_default().first_recorded = span.first_recorded;
        from_history += 1;
    }
    for (kind, k) in [
        (ItemKind::Action, Kind::Action),
        (ItemKind::ResourceType, Kind::ResourceType),
        (ItemKind::ConditionKey, Kind::ConditionKey),
    ] {
        for span in ds.block_on(store.all_item_spans(kind))? {
            let Some(s) = file.services.get_mut(&span.prefix) else {
                continue;
            };
            let map = match k {
                Kind::Action => &mut s.actions,
                Kind::ResourceType => &mut s.resource_types,
                Kind::ConditionKey => &mut s.condition_keys,
            };
            map.insert(span.name, span.first_recorded);
            from_history += 1;
        }
    }
    let from_catalog = file.record(current, data_date);
    Ok(Backfill {
        file,
        from_history,
        from_catalog,
    })
}
