//! The canonical service files: deterministic bytes, a faithful round trip,
//! and the published schema.

use serde_json::Value;
use xtask::canonical::{parse_service, service_json, write_services};
use xtask::parse::{parse_all, source};

use crate::util::{corpus, fixtures};

#[test]
fn canonical_files_are_deterministic_and_round_trip() {
    let Some(corpus) = corpus() else { return };
    let mut sources = source::collect(&[corpus.join("sar-html/2026-07-01")]).unwrap();
    let first = parse_all(&sources);
    // Reading the pages in another order gives the same bytes.
    sources.reverse();
    let second = parse_all(&sources);
    let (a, b) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a, b) = (a.path(), b.path());
    write_services(a, &first.merged.services).unwrap();
    write_services(b, &second.merged.services).unwrap();
    let mut files = 0;
    for entry in std::fs::read_dir(a.join("services")).unwrap() {
        let path = entry.unwrap().path();
        let other = b.join("services").join(path.file_name().unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            std::fs::read_to_string(&other).unwrap(),
            "{}",
            path.display()
        );
        assert!(text.ends_with("}\n") && !text.contains('\r'));
        // Parse back, write again: the same bytes.
        assert_eq!(
            service_json(&parse_service(&text).unwrap()),
            text,
            "{}",
            path.display()
        );
        files += 1;
    }
    assert_eq!(files, 466);
}

#[test]
fn canonical_files_follow_the_published_schema() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../schema/service.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let mut sources = source::collect(&[fixtures().join("new-layout")]).unwrap();
    if let Some(corpus) = corpus() {
        sources.extend(source::collect(&[corpus.join("sar-html/2026-07-01")]).unwrap());
    }
    let run = parse_all(&sources);
    for s in &run.merged.services {
        let value: Value = serde_json::from_str(&service_json(s)).unwrap();
        let mut problems = Vec::new();
        validate(
            &schema,
            &schema,
            &value,
            &format!("{}", s.prefix),
            &mut problems,
        );
        assert!(problems.is_empty(), "{problems:#?}");
    }
    // Sorted keys: the bytes of an object list its keys in order.
    let chime = run
        .merged
        .services
        .iter()
        .find(|s| s.prefix.as_str() == "chime")
        .unwrap();
    let text = service_json(chime);
    let top: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("  \""))
        .map(|l| l.trim().split('"').nth(1).unwrap())
        .collect();
    let mut sorted = top.clone();
    sorted.sort();
    assert_eq!(top, sorted);
}

/// A validator for the subset of JSON Schema the contract uses: `type`,
/// `properties`, `required`, `additionalProperties: false`, `items`,
/// `minItems`, `enum`, `pattern` (anchored character classes only, checked
/// loosely) and local `$ref`.
fn validate(root: &Value, schema: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return validate(root, &root["$defs"][name], v, at, problems);
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(v)
    {
        problems.push(format!("{at}: {v} is not one of {options:?}"));
    }
    match schema.get("type").and_then(Value::as_str) {
        Some("object") => {
            let Some(obj) = v.as_object() else {
                return problems.push(format!("{at}: expected an object"));
            };
            for req in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                if !obj.contains_key(req.as_str().unwrap()) {
                    problems.push(format!("{at}: missing {req}"));
                }
            }
            let props = schema.get("properties").and_then(Value::as_object);
            for (k, val) in obj {
                match props.and_then(|p| p.get(k)) {
                    Some(s) => validate(root, s, val, &format!("{at}.{k}"), problems),
                    None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                        problems.push(format!("{at}: unexpected field {k}"))
                    }
                    None => {}
                }
            }
        }
        Some("array") => {
            let Some(items) = v.as_array() else {
                return problems.push(format!("{at}: expected an array"));
            };
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
                && (items.len() as u64) < min
            {
                problems.push(format!("{at}: fewer than {min} items"));
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate(root, item_schema, item, &format!("{at}[{i}]"), problems);
                }
            }
        }
        Some("string") => {
            let Some(s) = v.as_str() else {
                return problems.push(format!("{at}: expected a string"));
            };
            if schema.get("pattern").is_some()
                && (s.is_empty() || s.starts_with(' ') || s.ends_with(' '))
            {
                problems.push(format!("{at}: {s:?} does not match the name pattern"));
            }
        }
        Some("boolean") if !v.is_boolean() => problems.push(format!("{at}: expected a boolean")),
        _ => {}
    }
}
