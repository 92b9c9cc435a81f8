//! Reading AWS's service reference JSON (v1.4).

use xtask::model::{AccessLevel, DependencySource, Layout};
use xtask::parse::{PageOutcome, Problem, parse_page, source};
use xtask::parse_run::parse_all;

use crate::util::{corpus, source_from};

#[test]
fn every_service_of_2026_02_04_parses_with_exact_counts() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("service-reference-json/2026-02-04");
    let sources = source::collect(&[dir]).unwrap();
    // The index beside the services is not read as a service.
    assert_eq!(sources.len(), 441);
    assert!(
        sources
            .iter()
            .all(|s| s.file_name() != "aws-servicereference-index.json")
    );
    let run = parse_all(&sources);
    assert_eq!(run.errors(), 0, "{:#?}", run.error_messages());
    let services = &run.merged.services;
    assert_eq!(services.len(), 441);
    let actions: usize = services.iter().map(|s| s.actions.len()).sum();
    let operations: usize = services.iter().map(|s| s.operations.len()).sum();
    assert_eq!((actions, operations), (20_270, 17_444));
    assert!(services.iter().all(|s| {
        s.pages
            .iter()
            .all(|p| p.layout == Layout::ServiceReferenceJson)
    }));
    // No descriptions and no required flags: the JSON has neither.
    assert!(
        services
            .iter()
            .flat_map(|s| &s.actions)
            .all(|a| { a.description.is_empty() && a.resource_types.iter().all(|r| !r.required) })
    );
    let count = |level| {
        services
            .iter()
            .flat_map(|s| &s.actions)
            .filter(|a| a.access_level.levels.contains(&level))
            .count()
    };
    // IsTaggingOnly and IsPermissionManagement come with IsWrite.
    assert_eq!(count(AccessLevel::Tagging), 689);
    assert_eq!(count(AccessLevel::PermissionsManagement), 393);
    assert_eq!(count(AccessLevel::List), 3_386);
    assert_eq!(count(AccessLevel::Read), 5_385);
    let chime = services
        .iter()
        .find(|s| s.prefix.as_str() == "chime")
        .unwrap();
    let meeting = chime
        .operations
        .iter()
        .find(|o| o.name == "CreateMeeting")
        .unwrap();
    assert_eq!(meeting.sdk_clients, ["chime-sdk-meetings"]);
    assert_eq!(meeting.actions[0].action.as_str(), "chime:CreateMeeting");
    let app = chime
        .resource_types
        .iter()
        .find(|r| r.name.as_str() == "app-instance")
        .unwrap();
    assert_eq!(
        app.arn_templates,
        ["arn:${Partition}:chime:${Region}:${AccountId}:app-instance/${AppInstanceId}"]
    );
    // Dependent actions from operations that authorize several actions.
    let deps = services
        .iter()
        .flat_map(|s| &s.actions)
        .flat_map(|a| &a.dependent_actions)
        .filter(|d| d.source == DependencySource::ServiceReferenceJson)
        .count();
    assert!(deps > 2_000, "{deps}");
}

#[test]
fn the_second_date_adds_one_service() {
    let Some(corpus) = corpus() else { return };
    let sources = source::collect(&[corpus.join("service-reference-json/2026-02-13")]).unwrap();
    let run = parse_all(&sources);
    assert_eq!(run.errors(), 0);
    assert_eq!(run.merged.services.len(), 442);
    assert!(
        run.merged
            .services
            .iter()
            .any(|s| s.prefix.as_str() == "inspector2-telemetry")
    );
    let actions: usize = run.merged.services.iter().map(|s| s.actions.len()).sum();
    assert_eq!(actions, 20_270 + 14);
}

fn json_error(name: &str, text: &str) -> String {
    match parse_page(&source_from(name, text)) {
        Err(e) => {
            assert_eq!(e.page, name);
            e.to_string()
        }
        Ok(PageOutcome::Service(p)) => panic!("{name}: parsed {} actions", p.actions.len()),
        Ok(other) => panic!("{name}: {other:?}"),
    }
}

#[test]
fn bad_json_twins_are_errors_naming_page_and_problem() {
    let index = parse_page(&source_from("x/aws-servicereference-index.json", "[]")).unwrap_err();
    assert!(matches!(index.problem, Problem::ServiceIndex), "{index}");
    let truncated = json_error(
        "chime.json",
        r#"{"Name":"chime","Actions":[{"Name":"CreateMeeting","Annotations":{"Properties":"#,
    );
    assert!(
        truncated.contains("chime.json") && truncated.contains("EOF"),
        "{truncated}"
    );
    let swapped = json_error("chime.json", r#"{"Name":"chime","Actions":{"Name":"x"}}"#);
    assert!(swapped.contains("expected a sequence"), "{swapped}");
    let no_flags = json_error(
        "chime.json",
        r#"{"Name":"chime","Actions":[{"Name":"CreateMeeting"}]}"#,
    );
    assert!(
        no_flags.contains("missing field `Annotations`"),
        "{no_flags}"
    );
    let bad_action = json_error(
        "chime.json",
        r#"{"Name":"chime","Operations":[{"Name":"X","AuthorizedActions":[{"Name":"Bad Name","Service":"chime"}]}],
            "Actions":[{"Name":"X","Annotations":{"Properties":{"IsWrite":true}}}]}"#,
    );
    assert!(bad_action.contains("qualified action"), "{bad_action}");
    let canonical = json_error(
        "services/chime.json",
        r#"{"prefix":"chime","actions":[{"access_level_raw":"Write"}]}"#,
    );
    assert!(canonical.contains("canonical snapshot file"), "{canonical}");
    let nested = format!(
        r#"{{"Name":"x","Extra":{}{},"Actions":[]}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    // Unknown fields are skipped without recursion, however deep: the
    // document is then judged on what it lacks.
    let deep = json_error("deep.json", &nested);
    assert!(deep.contains("lists no actions"), "{deep}");
    let deep_action = format!(
        r#"{{"Name":"x","Actions":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert!(json_error("deep.json", &deep_action).contains("deep.json"));
    assert!(json_error("x.json", "").contains("empty"));
    let empty = json_error("x.json", r#"{"Name":"x","Actions":[]}"#);
    assert!(empty.contains("lists no actions"), "{empty}");
}

#[test]
fn a_twin_served_under_another_name_says_so() {
    let p = match parse_page(&source_from(
        "sms.json",
        r#"{"Name":"sns","Version":"v1.4","Actions":[{"Name":"Publish","Annotations":{"Properties":{"IsWrite":true}}}]}"#,
    ))
    .unwrap()
    {
        PageOutcome::Service(p) => p,
        other => panic!("{other:?}"),
    };
    assert_eq!(p.prefix.as_str(), "sns");
    assert!(
        p.warnings
            .iter()
            .any(|w| w.message.contains("served as sms.json")),
        "{:?}",
        p.warnings
    );
}
