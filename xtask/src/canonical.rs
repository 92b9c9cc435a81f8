//! The canonical service file: `services/<prefix>.json`.
//!
//! This is a contract (schema in `schema/service.schema.json`): the typed
//! crate, the diff and outside users read it. The bytes are a function of the
//! content only: object keys sorted, lists in the model's canonical order,
//! two-space indentation, LF line ends, a final newline. That keeps `git diff`
//! of `snapshots/` readable and lets export → import → export be compared
//! byte for byte.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

use anyhow::{Context, Result};
use serde_json::Value;

use crate::model::Service;

/// The canonical JSON text of a service.
pub fn service_json(service: &Service) -> String {
    let mut service = service.clone();
    service.canonicalize();
    let value = serde_json::to_value(&service).expect("the model always serialises");
    let mut out = String::new();
    write_value(&mut out, &value, 0);
    out.push('\n');
    out
}

/// Reads a canonical service file back.
pub fn parse_service(text: &str) -> Result<Service> {
    Ok(serde_json::from_str(text)?)
}

/// Writes `dir/services/<prefix>.json` for every service and removes service
/// files of prefixes no longer present, so the directory mirrors the set.
pub fn write_services(dir: &Path, services: &[Service]) -> Result<()> {
    let services_dir = dir.join("services");
    fs::create_dir_all(&services_dir)
        .with_context(|| format!("cannot create {}", services_dir.display()))?;
    let mut keep = std::collections::BTreeSet::new();
    for s in services {
        let file = format!("{}.json", s.prefix);
        let path = services_dir.join(&file);
        fs::write(&path, service_json(s))
            .with_context(|| format!("cannot write {}", path.display()))?;
        keep.insert(file);
    }
    for entry in fs::read_dir(&services_dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".json") && !keep.contains(&name) {
            fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

fn indent(out: &mut String, level: usize) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn write_value(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Object(map) => {
            // Sorted here rather than trusting serde_json's map type, whose
            // order depends on a crate feature any dependency may switch on.
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push_str("{\n");
            for (i, key) in keys.iter().enumerate() {
                indent(out, level + 1);
                write_string(out, key);
                out.push_str(": ");
                write_value(out, &map[key.as_str()], level + 1);
                out.push_str(if i + 1 < keys.len() { ",\n" } else { "\n" });
            }
            indent(out, level);
            out.push('}');
        }
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                indent(out, level + 1);
                write_value(out, item, level + 1);
                out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
            }
            indent(out, level);
            out.push(']');
        }
        Value::String(s) => write_string(out, s),
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

fn write_string(out: &mut String, s: &str) {
    out.push_str(&serde_json::to_string(s).expect("strings always serialise"));
}
