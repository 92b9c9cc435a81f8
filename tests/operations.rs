//! API operations in the typed crate, against `snapshots/services/*.json`
//! (expected figures counted from the snapshot, not from the crate).

use std::collections::BTreeSet;

use aws_iam_catalog::{
    Action, Operation, ParseOperationError, RequirementSource, Service, chime, s3,
};

mod snapshot;
use snapshot::snapshot_services;

fn strings(v: &serde_json::Value) -> Vec<String> {
    v.as_array()
        .expect("a list")
        .iter()
        .map(|s| s.as_str().expect("a string").to_string())
        .collect()
}

/// `GetObject` → `get_object`, as the JSON twin writes SDK methods.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for (i, c) in name.char_indices() {
        if c.is_ascii_uppercase() && i > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// Every operation of the snapshot is in the crate with its name, service,
/// SDK clients, actions (keys and values), source; it round-trips by name
/// and by each SDK client's method (both spellings); the crate has no
/// other operation; services without operations answer `None`.
#[test]
fn every_operation_matches_the_snapshot() {
    let mut count = 0;
    for service in snapshot_services() {
        let prefix = service["prefix"].as_str().expect("a prefix");
        let svc = Service::lookup(prefix).expect("the service");
        let ops = service["operations"].as_array().expect("operations");
        let Some(crate_ops) = svc.operations() else {
            assert!(ops.is_empty(), "{prefix}: operations in the snapshot");
            assert!(matches!(
                format!("{prefix}:Anything").parse::<Operation>(),
                Err(ParseOperationError::NoOperations(s)) if s == svc
            ));
            continue;
        };
        assert_eq!(crate_ops.count(), ops.len(), "{prefix}");
        let json_twin = service["renderings"]["operations_from"] == "service-reference-json";
        for o in ops {
            count += 1;
            let name = o["name"].as_str().expect("a name");
            let qualified = format!("{prefix}:{name}");
            let op: Operation = qualified
                .parse()
                .unwrap_or_else(|e| panic!("{qualified}: {e}"));
            assert_eq!(op.to_string(), qualified);
            assert_eq!(op.name(), name);
            assert_eq!(op.service(), svc);
            assert_eq!(
                qualified.to_ascii_uppercase().parse::<Operation>(),
                Ok(op),
                "{qualified}: case is ignored"
            );
            let clients = strings(&o["sdk_clients"]);
            assert_eq!(op.sdk_clients().collect::<Vec<_>>(), clients, "{qualified}");
            for client in &clients {
                assert_eq!(
                    Operation::for_sdk(client, name),
                    Some(op),
                    "{client}.{name}"
                );
                assert_eq!(
                    Operation::for_sdk(client, &snake(name)),
                    Some(op),
                    "{client}.{}",
                    snake(name)
                );
            }
            let want_source = if json_twin {
                RequirementSource::JsonTwin
            } else {
                RequirementSource::Page
            };
            let actions: Vec<_> = op.actions().collect();
            let want = o["actions"].as_array().expect("actions");
            assert_eq!(actions.len(), want.len(), "{qualified}");
            for (got, want) in actions.iter().zip(want) {
                assert_eq!(got.action().to_string(), want["action"], "{qualified}");
                assert_eq!(
                    got.condition_keys().collect::<Vec<_>>(),
                    strings(&want["condition_keys"]),
                    "{qualified}"
                );
                assert_eq!(
                    got.possible_values().collect::<Vec<_>>(),
                    strings(&want["possible_values"]),
                    "{qualified}"
                );
                assert_eq!(got.source(), want_source, "{qualified}");
                assert_eq!(got.operation(), op);
                assert!(
                    got.action().operations().any(|x| x == op),
                    "{qualified}: {} lists it back",
                    got.action()
                );
            }
        }
    }
    assert_eq!(Operation::all().count(), count);
    // The exporter's own count, so an empty or half-read snapshot fails.
    let manifest = include_str!("../snapshots/manifest.toml");
    assert!(
        manifest.contains(&format!("\noperations = {count}\n")),
        "snapshots/manifest.toml counts other than {count} operations"
    );
    // Each operation once, in order, and each found back from its string.
    let all: Vec<Operation> = Operation::all().collect();
    assert!(all.windows(2).all(|w| w[0] < w[1]));
    for op in all {
        assert_eq!(op.to_string().parse::<Operation>(), Ok(op));
    }
}

/// `Action::operations` holds no operation that does not list the action.
#[test]
fn action_operations_are_exactly_those_listing_it() {
    let mut pairs = 0;
    for action in Action::all() {
        for op in action.operations() {
            pairs += 1;
            assert!(op.actions().any(|a| a.action() == action), "{op} {action}");
        }
    }
    let listed: usize = Operation::all()
        .map(|o| {
            o.actions()
                .map(|a| a.action())
                .collect::<BTreeSet<_>>()
                .len()
        })
        .sum();
    assert_eq!(pairs, listed);
}

/// The JSON twin's GetObject (`Operations[].AuthorizedActions`, as the
/// snapshot records it): six actions, one of another prefix.
#[test]
fn s3_get_object_needs_the_six_actions_of_the_json_twin() {
    let op: Operation = "s3:GetObject".parse().unwrap();
    let actions: Vec<String> = op.actions().map(|a| a.action().to_string()).collect();
    assert_eq!(
        actions,
        [
            "s3-object-lambda:GetObject",
            "s3:GetObject",
            "s3:GetObjectLegalHold",
            "s3:GetObjectRetention",
            "s3:GetObjectTagging",
            "s3:GetObjectVersion",
        ]
    );
    assert!(
        op.actions()
            .all(|a| a.source() == RequirementSource::JsonTwin)
    );
    assert!(op.actions().all(|a| !a.is_conditional()));
    assert_eq!(op.sdk_clients().collect::<Vec<_>>(), ["s3"]);
    assert_eq!(Operation::for_sdk("s3", "GetObject"), Some(op));
    assert_eq!(Operation::for_sdk("S3", "get_object"), Some(op));
    assert!(s3::GET_OBJECT.operations().any(|o| o == op));
    // The other prefix's action lists the s3 operation back.
    let lambda: Action = "s3-object-lambda:GetObject".parse().unwrap();
    assert!(lambda.operations().any(|o| o == op));
}

#[test]
fn chime_create_meeting_operations_name_their_sdk_clients() {
    let ops: Vec<Operation> = chime::CREATE_MEETING.operations().collect();
    assert!(!ops.is_empty());
    for op in &ops {
        assert!(op.sdk_clients().count() > 0, "{op}");
    }
    let op: Operation = "chime:CreateMeeting".parse().unwrap();
    assert!(ops.contains(&op));
    assert_eq!(op.sdk_clients().collect::<Vec<_>>(), ["chime-sdk-meetings"]);
    assert_eq!(
        op.actions()
            .map(|a| a.action().to_string())
            .collect::<Vec<_>>(),
        [
            "chime:CreateMeeting",
            "chime:TagMeeting",
            "chime:TagResource"
        ]
    );
    assert_eq!(
        Operation::for_sdk("chime-sdk-meetings", "create_meeting"),
        Some(op)
    );
}

#[test]
fn parse_errors_say_what_is_wrong_and_suggest() {
    assert!(matches!(
        "GetObject".parse::<Operation>(),
        Err(ParseOperationError::NoPrefix(_))
    ));
    let e = "s4:GetObject".parse::<Operation>().unwrap_err();
    assert!(matches!(e, ParseOperationError::UnknownService(_)));
    assert_eq!(e.suggestion().as_deref(), Some("s3"));
    let e = "s3:GetObjet".parse::<Operation>().unwrap_err();
    assert_eq!(e.suggestion().as_deref(), Some("s3:GetObject"));
    assert!(
        e.to_string().contains("did you mean \"s3:GetObject\""),
        "{e}"
    );
    for s in [
        "",
        ":",
        "s3:",
        "s3::GetObject",
        "s3:GetObject ",
        "s3:Get_Object",
    ] {
        assert!(s.parse::<Operation>().is_err(), "{s:?}");
    }
    assert_eq!(Operation::for_sdk("s3", ""), None);
    assert_eq!(Operation::for_sdk("", "get_object"), None);
    assert_eq!(Operation::for_sdk("s3", "get_objec"), None);
    assert_eq!(Operation::for_sdk("no-such-client", "get_object"), None);
    let long = "x".repeat(100_000);
    assert!(long.parse::<Operation>().is_err());
    assert_eq!(Operation::for_sdk(&long, &long), None);
}

/// Services whose page gives no operations answer `None`, not an empty
/// list; their actions list the operations of other services that need them.
#[test]
fn a_service_without_operations_is_absent_not_empty() {
    let without: Vec<Service> = Service::all()
        .filter(|s| s.operations().is_none())
        .collect();
    assert!(!without.is_empty());
    for s in &without {
        assert!(Operation::all().all(|o| o.service() != *s));
    }
    let with = Service::all().filter(|s| s.operations().is_some()).count();
    let want = snapshot_services()
        .iter()
        .filter(|s| s["operations"].as_array().is_some_and(|o| !o.is_empty()))
        .count();
    assert!(want > 0);
    assert_eq!(
        with, want,
        "services with operations in the committed snapshot"
    );
}

#[cfg(feature = "serde")]
#[test]
fn operations_serialize_as_their_strings() {
    let op: Operation = "s3:GetObject".parse().unwrap();
    let text = serde_json::to_string(&op).unwrap();
    assert_eq!(text, "\"s3:GetObject\"");
    assert_eq!(serde_json::from_str::<Operation>(&text).unwrap(), op);
    assert!(serde_json::from_str::<Operation>("\"s3:Nope\"").is_err());
}
