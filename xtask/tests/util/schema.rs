//! A validator for the subset of JSON Schema the project's schemas use:
//! `type` (one or a list), `properties`, `required`, `additionalProperties`
//! (`false` or a schema), `items`, `minItems`, `enum`, `pattern` (checked
//! loosely: no leading or trailing space, not empty) and local `$ref`.

use serde_json::Value;

/// The JSON report of a diff, checked against `schema/diff.schema.json`
/// (the test fails naming every problem).
pub fn diff_json(d: &xtask::diff::Diff) -> Value {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../schema/diff.schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let report =
        xtask::cli::diff::format_report(d, xtask::cli::diff::DiffFormat::Json, false).unwrap();
    let json: Value = serde_json::from_str(&report).unwrap();
    let mut problems = Vec::new();
    validate(&schema, &json, "diff", &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
    json
}

/// Checks `v` against `root`, pushing one line per problem.
pub fn validate(root: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
    check(root, root, v, at, problems);
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_u64() || v.is_i64(),
        "number" => v.is_number(),
        "null" => v.is_null(),
        _ => true,
    }
}

fn check(root: &Value, schema: &Value, v: &Value, at: &str, problems: &mut Vec<String>) {
    if let Some(r) = schema.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return check(root, &root["$defs"][name], v, at, problems);
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(v)
    {
        problems.push(format!("{at}: {v} is not one of {options:?}"));
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    if !types.is_empty() && !types.iter().any(|t| type_ok(t, v)) {
        return problems.push(format!("{at}: expected {types:?}, found {v}"));
    }
    if let Some(obj) = v.as_object() {
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
            match (
                props.and_then(|p| p.get(k)),
                schema.get("additionalProperties"),
            ) {
                (Some(s), _) => check(root, s, val, &format!("{at}.{k}"), problems),
                (None, Some(Value::Bool(false))) => {
                    problems.push(format!("{at}: unexpected field {k}"))
                }
                (None, Some(extra @ Value::Object(_))) => {
                    check(root, extra, val, &format!("{at}.{k}"), problems)
                }
                (None, _) => {}
            }
        }
    }
    if let Some(items) = v.as_array() {
        if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
            && (items.len() as u64) < min
        {
            problems.push(format!("{at}: fewer than {min} items"));
        }
        if let Some(item_schema) = schema.get("items") {
            for (i, item) in items.iter().enumerate() {
                check(root, item_schema, item, &format!("{at}[{i}]"), problems);
            }
        }
    }
    if let (Some(s), Some(_)) = (v.as_str(), schema.get("pattern"))
        && (s.is_empty() || s.starts_with(' ') || s.ends_with(' '))
    {
        problems.push(format!("{at}: {s:?} does not match the name pattern"));
    }
}
