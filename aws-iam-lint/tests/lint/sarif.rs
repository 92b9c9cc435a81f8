//! SARIF output against the official SARIF 2.1.0 JSON schema, vendored as
//! `tests/sarif-schema-2.1.0.json` (OASIS's schema, as the `serde-sarif`
//! 0.8.0 crate ships it in `src/schema.json`).

use aws_iam_lint::output::to_sarif;
use aws_iam_lint::{Code, Report};
use serde_json::Value;

use crate::util::check_fixture;

pub(crate) fn validator() -> jsonschema::Validator {
    let path = crate::util::fixture("../sarif-schema-2.1.0.json");
    let mut schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    fix_language_pattern(&mut schema);
    assert_eq!(
        schema["title"],
        "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    );
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

/// The OASIS schema's `language` pattern has a stray `]`
/// (`^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$`, a known erratum), which the
/// draft-07 meta-schema rejects as a regex, so no validator compiles the file
/// as published. The file stays as published; in memory that one pattern is
/// replaced by what it means (an RFC 5646 language such as `en-US`).
fn fix_language_pattern(v: &mut Value) {
    const BROKEN: &str = "^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$";
    match v {
        Value::Object(map) => {
            if map.get("pattern").and_then(Value::as_str) == Some(BROKEN) {
                map.insert("pattern".into(), "^[a-zA-Z]{2}(-[a-zA-Z]{2})?$".into());
            }
            map.values_mut().for_each(fix_language_pattern);
        }
        Value::Array(list) => list.iter_mut().for_each(fix_language_pattern),
        _ => {}
    }
}

pub(crate) fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every fixture's findings in one report: every code, suggestions, odd paths.
fn all_fixtures() -> Report {
    let mut report = Report::default();
    for code in Code::ALL {
        report.extend(check_fixture(&format!(
            "codes/{}-{}.json",
            code.as_str(),
            code.name()
        )));
    }
    report
}

#[test]
fn sarif_output_is_valid_sarif_2_1_0() {
    let v = validator();
    let report = all_fixtures();
    assert!(report.findings.len() > 20);
    let doc: Value = serde_json::from_str(&to_sarif(&report)).unwrap();
    assert_eq!(errors(&v, &doc), Vec::<String>::new());
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), report.findings.len());
    assert_eq!(
        doc["runs"][0]["tool"]["driver"]["rules"]
            .as_array()
            .unwrap()
            .len(),
        Code::ALL.len()
    );
    // A result names its rule by id and index, and its file and JSON path.
    let first = &results[0];
    let index = first["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(
        doc["runs"][0]["tool"]["driver"]["rules"][index]["id"],
        first["ruleId"]
    );
    assert_eq!(
        first["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "codes/IAM001-malformed-policy.json"
    );
    assert!(results.iter().all(|r| {
        r["locations"][0]["physicalLocation"]["region"]["startLine"]
            .as_u64()
            .is_some_and(|l| l >= 1)
    }));
    assert!(
        first["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
            .as_str()
            .unwrap()
            .starts_with("$.Statement")
    );
    // Empty reports are valid too.
    let empty: Value = serde_json::from_str(&to_sarif(&Report::default())).unwrap();
    assert_eq!(errors(&v, &empty), Vec::<String>::new());
}

#[test]
fn the_schema_rejects_broken_sarif() {
    // The validation above can fail: a wrong level and a missing version are caught.
    let v = validator();
    let mut doc: Value = serde_json::from_str(&to_sarif(&all_fixtures())).unwrap();
    doc["runs"][0]["results"][0]["level"] = "fatal".into();
    doc.as_object_mut().unwrap().remove("version");
    let errs = errors(&v, &doc);
    assert!(errs.iter().any(|e| e.contains("version")), "{errs:?}");
    assert!(
        errs.iter().any(|e| e.contains("/runs/0/results/0/level")),
        "{errs:?}"
    );
}

#[test]
fn output_is_deterministic() {
    let a = all_fixtures();
    let b = all_fixtures();
    assert_eq!(to_sarif(&a), to_sarif(&b));
    assert_eq!(
        aws_iam_lint::output::to_json(&a),
        aws_iam_lint::output::to_json(&b)
    );
}
