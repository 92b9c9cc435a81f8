//! The first-recorded dates of the typed crate: `tables/first_recorded.rs`,
//! a table per kind parallel to the crate's rows (services, actions,
//! resource types, condition keys), each row an index into the distinct
//! dates, read by the runtime's `src/first_recorded.rs`.
//!
//! The dates come from `snapshots/first-recorded.json`. A snapshot
//! directory without that file dates everything with its data date (what an
//! update would write for a first snapshot); a row the file lacks (a new
//! item not yet backfilled) gets the data date too, and a warning.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use anyhow::{Result, bail};

use crate::history::first_recorded::{FirstRecorded, Kind};

/// The rows of the tables, in the order the generator laid them out.
pub struct Rows<'a> {
    /// Service prefixes.
    pub services: &'a [String],
    /// `prefix:Name` of each action.
    pub actions: &'a [String],
    /// `(prefix, name)` of each resource type.
    pub resource_types: &'a [(String, String)],
    /// `(name, prefix)` of each condition key.
    pub condition_keys: &'a [(String, String)],
}

/// The Rust `Date` expression of `YYYY-MM-DD`.
fn date_expr(date: &str) -> String {
    let n = |r: std::ops::Range<usize>| date[r].trim_start_matches('0').to_string();
    format!(
        "Date {{ year: {}, month: {}, day: {} }}",
        n(0..4),
        n(5..7),
        n(8..10)
    )
}

/// The file `tables/first_recorded.rs`, and the generator's warnings.
pub fn emit(
    header: &str,
    file: Option<&FirstRecorded>,
    data_date: &str,
    rows: &Rows<'_>,
    byte_literal: fn(&[u8]) -> String,
) -> Result<(String, Vec<String>)> {
    if !crate::clock::is_date(data_date) {
        bail!("the data date {data_date:?} is not a date YYYY-MM-DD");
    }
    let empty = FirstRecorded::starting(data_date);
    let file = file.unwrap_or(&empty);
    let index = file.index();
    let mut missing = Vec::new();
    let mut dated = |date: Option<&str>, what: &dyn Fn() -> String| -> String {
        match date {
            // A date after the data's is not a first recording of it.
            Some(d) if d <= data_date => d.to_string(),
            _ => {
                missing.push(what());
                data_date.to_string()
            }
        }
    };
    let services: Vec<String> = rows
        .services
        .iter()
        .map(|p| dated(index.service(p), &|| p.clone()))
        .collect();
    let actions: Vec<String> = rows
        .actions
        .iter()
        .map(|q| {
            let (p, n) = q.split_once(':').unwrap_or((q, ""));
            dated(index.item(p, Kind::Action, n), &|| q.clone())
        })
        .collect();
    let resource_types: Vec<String> = rows
        .resource_types
        .iter()
        .map(|(p, n)| {
            dated(index.item(p, Kind::ResourceType, n), &|| {
                format!("{p} resource type {n}")
            })
        })
        .collect();
    let condition_keys: Vec<String> = rows
        .condition_keys
        .iter()
        .map(|(n, p)| {
            dated(index.item(p, Kind::ConditionKey, n), &|| {
                format!("{p} condition key {n}")
            })
        })
        .collect();

    // The distinct dates, oldest first, and each row's index.
    let mut dates: BTreeMap<&str, u16> = BTreeMap::new();
    for d in services
        .iter()
        .chain(&actions)
        .chain(&resource_types)
        .chain(&condition_keys)
    {
        dates.insert(d, 0);
    }
    if dates.len() > u16::MAX as usize {
        bail!(
            "{} distinct first-recorded dates: more than a u16 indexes",
            dates.len()
        );
    }
    for (i, v) in dates.values_mut().enumerate() {
        *v = i as u16;
    }
    let mut text = format!(
        "{header}\n//! When each row was first recorded: an index into `DATES` per row of the\n\
         //! services, actions, resource types and condition keys tables.\n\n\
         #[allow(unused_imports)]\nuse crate::table::*;\nuse crate::Date;\n\n\
         /// The earliest recording the dates come from: a date equal to it means \"on or before\".\n\
         pub(crate) const SINCE: Date = {};\n\n\
         /// The distinct dates, oldest first.\npub(crate) static DATES: [Date; {}] = [\n",
        date_expr(&file.since),
        dates.len()
    );
    for d in dates.keys() {
        let _ = writeln!(text, "    {},", date_expr(d));
    }
    text.push_str("];\n");
    for (name, column) in [
        ("SERVICES", &services),
        ("ACTIONS", &actions),
        ("RESOURCE_TYPES", &resource_types),
        ("CONDITION_KEYS", &condition_keys),
    ] {
        let bytes: Vec<u8> = column
            .iter()
            .flat_map(|d| dates[d.as_str()].to_le_bytes())
            .collect();
        let _ = writeln!(
            text,
            "\n/// {} rows.\npub(crate) static {name}: Table<u16> = Table::new({});",
            column.len(),
            byte_literal(&bytes)
        );
    }
    let mut warnings = Vec::new();
    if !missing.is_empty() && file != &empty {
        let shown: Vec<&str> = missing.iter().take(5).map(String::as_str).collect();
        warnings.push(format!(
            "{} items have no date in snapshots/first-recorded.json (or one after the data date); dated {data_date}: {}{}",
            missing.len(),
            shown.join(", "),
            if missing.len() > shown.len() { ", …" } else { "" }
        ));
    }
    Ok((text, warnings))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_get_their_dates_and_missing_ones_the_data_date() {
        let mut file = FirstRecorded::starting("2019-10-18");
        let s3 = file.services.entry("s3".into()).or_default();
        s3.first_recorded = "2019-10-18".into();
        s3.actions.insert("GetObject".into(), "2019-10-18".into());
        s3.actions.insert("NewThing".into(), "2024-03-02".into());
        let rows = Rows {
            services: &["s3".into()],
            actions: &[
                "s3:getobject".into(),
                "s3:NewThing".into(),
                "s3:Unknown".into(),
            ],
            resource_types: &[("s3".into(), "bucket".into())],
            condition_keys: &[],
        };
        let hex = |b: &[u8]| b.iter().map(|x| format!("{x:02x}")).collect::<String>();
        let (text, warnings) = emit("// h", Some(&file), "2026-07-01", &rows, hex).unwrap();
        assert!(text.contains("SINCE: Date = Date { year: 2019, month: 10, day: 18 }"));
        assert!(text.contains("DATES: [Date; 3]"), "{text}");
        // Actions: 2019-10-18 (0), 2024-03-02 (1), the data date (2).
        assert!(
            text.contains("ACTIONS: Table<u16> = Table::new(000001000200)"),
            "{text}"
        );
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("2 items") && warnings[0].contains("s3:Unknown"));
        // No file: everything has the data date, and no warning.
        let (text, warnings) = emit("// h", None, "2026-07-01", &rows, hex).unwrap();
        assert!(text.contains("DATES: [Date; 1]"));
        assert!(warnings.is_empty());
    }
}
