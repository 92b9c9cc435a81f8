//! What a JSON twin says that the reader does not understand is a warning
//! naming the service and the item, and it reaches the run's report, read
//! alone or beside its page (issue 20, point 6).

use xtask::parse::WarningClass;
use xtask::parse_run::parse_all;

use crate::util::{corpus, source_from};

/// A twin of service `x` with the given actions and condition keys.
fn twin(actions: &str, keys: &str) -> String {
    format!(r#"{{"Name":"x","Version":"v1.4","Actions":[{actions}],"ConditionKeys":[{keys}]}}"#)
}

fn action(name: &str, properties: &str) -> String {
    format!(r#"{{"Name":"{name}","Annotations":{{"Properties":{properties}}}}}"#)
}

const ALL_FLAGS: &str =
    r#"{"IsList":false,"IsPermissionManagement":false,"IsTaggingOnly":false,"IsWrite":true}"#;

/// The twin-oddity warnings of a twin read alone.
fn oddities(text: &str) -> Vec<String> {
    let run = parse_all(&[source_from("x.json", text)]);
    assert_eq!(run.errors(), 0, "{:#?}", run.error_messages());
    run.warnings()
        .filter(|w| w.class == WarningClass::TwinOddity)
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_flag_the_reader_does_not_know_and_an_empty_flag_object_are_warnings_naming_the_action() {
    let w = oddities(&twin(
        &[
            action("Good", ALL_FLAGS),
            action("Misspelt", r#"{"Iswrite":true}"#),
            action("Empty", "{}"),
        ]
        .join(","),
        "",
    ));
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(
        w[0].starts_with("x.json: [twin-oddity] x: action Misspelt: access-level flags with unknown flag \"Iswrite\"; missing IsList, IsWrite, IsPermissionManagement, IsTaggingOnly; read as Read"),
        "{}",
        w[0]
    );
    assert!(
        w[1].contains("x: action Empty: access-level flags with missing IsList, IsWrite, IsPermissionManagement, IsTaggingOnly; read as Read"),
        "{}",
        w[1]
    );
}

#[test]
fn an_unknown_condition_key_type_is_a_warning_naming_the_key() {
    let w = oddities(&twin(
        &action("Run", ALL_FLAGS),
        r#"{"Name":"x:Good","Types":["ArrayOfString"]},{"Name":"x:Odd","Types":["Strnig"]},{"Name":"x:None","Types":[]}"#,
    ));
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(
        w[0].contains(
            "x: condition key x:Odd: type \"Strnig\" not one the catalog knows; kept as written"
        ),
        "{}",
        w[0]
    );
    assert!(
        w[1].contains("x: condition key x:None: no type"),
        "{}",
        w[1]
    );
}

/// Every real twin of 2026-02-13 reads without one of these warnings: they
/// flag what is new, not what AWS always writes.
#[test]
fn the_real_twins_raise_no_oddity() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("service-reference-json/2026-02-13");
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_string();
        if name.ends_with(".json") && !name.contains("index") {
            sources.push(source_from(&name, std::fs::read(&path).unwrap()));
        }
    }
    assert!(sources.len() > 400, "{}", sources.len());
    let run = parse_all(&sources);
    let odd: Vec<String> = run
        .warnings()
        .filter(|w| w.class == WarningClass::TwinOddity)
        .map(ToString::to_string)
        .collect();
    assert_eq!(odd, Vec::<String>::new());
}

/// A twin listing one action twice with other flags warns read alone, and
/// beside its page too (the page's reading stands; the twin is a witness).
#[test]
fn a_twins_conflicting_duplicate_is_reported_beside_its_page() {
    let Some(corpus) = corpus() else { return };
    let mut json: serde_json::Value = serde_json::from_slice(
        &std::fs::read(corpus.join("service-reference-json/2026-02-13/chime.json")).unwrap(),
    )
    .unwrap();
    let actions = json["Actions"].as_array_mut().unwrap();
    let mut again = actions[0].clone();
    let name = again["Name"].as_str().unwrap().to_string();
    let flags = &mut again["Annotations"]["Properties"];
    let was = flags["IsWrite"].as_bool().unwrap();
    flags["IsWrite"] = serde_json::Value::Bool(!was);
    actions.push(again);
    let twin = serde_json::to_vec(&json).unwrap();

    let alone = parse_all(&[source_from("chime.json", twin.clone())]);
    let said_alone = alone.merged.warnings.join("\n");
    assert!(said_alone.contains(&name), "{said_alone}");

    let page = std::fs::read(corpus.join("sar-html/2026-07-01/list_amazonchime.html")).unwrap();
    let both = parse_all(&[
        source_from("list_amazonchime.html", page),
        source_from("chime.json", twin),
    ]);
    assert_eq!(both.errors(), 0, "{:#?}", both.error_messages());
    let line = both
        .sources
        .lines()
        .into_iter()
        .find(|l| l.starts_with("JSON twin warning: chime:") && l.contains(&name));
    assert!(line.is_some(), "{:#?}", both.sources.lines());
    assert!(line.as_ref().unwrap().contains("access level"), "{line:?}");
}
