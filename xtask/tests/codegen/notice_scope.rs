//! `Action::deprecation()` as the notice's scope decides: covered actions
//! get the end-of-support notice, others none, and a scope the data could
//! not decide gives none (the service keeps its notice). The services are
//! generated into the crate `hostile.rs` builds, so the check costs no
//! second build.

use serde_json::json;
use xtask::model::Service;

/// A service in the shape of Chime: an end-of-support notice that
/// excludes the SDK, scoped with `scope` (or, with `None`, not scoped at
/// all, as a notice read before scoping existed).
fn service(prefix: &str, scope: Option<serde_json::Value>) -> Service {
    let action = |name: &str| {
        json!({
            "access_level": ["Write"], "access_level_raw": "Write",
            "condition_keys": [], "dependent_actions": [],
            "description": format!("{name} things."),
            "name": name, "permission_only": false, "resource_types": []
        })
    };
    let mut notice = json!({
        "date": "2026-02-20", "kind": "end-of-support",
        "text": "AWS will end support for the service. This does not impact the SDK.",
        "url": "https://docs.aws.amazon.com/scoped/eos.html"
    });
    if let Some(scope) = scope {
        notice["scope"] = scope;
    }
    let value = json!({
        "prefix": prefix, "name": format!("Scoped {prefix}"),
        "pages": [], "links": {}, "operations": [],
        "notices": [
            {"kind": "availability", "text": "Available in some Regions.",
             "url": "https://docs.aws.amazon.com/scoped/regions.html"},
            notice
        ],
        "actions": [action("CreateAccount"), action("CreateMeeting"), action("Listen")],
        "resource_types": [], "condition_keys": []
    });
    serde_json::from_value(value).expect("a valid snapshot file")
}

/// Three services: one whose notice is scoped, one whose scope is unknown
/// (no operations data), one whose notice carries no scope.
pub fn services() -> Vec<Service> {
    vec![
        service(
            "scoped",
            Some(json!({
                "rule": "test rule",
                // Case as a page might differ from the action's own.
                "covered": ["createaccount"],
                "not_covered": ["CreateMeeting"],
                "unknown": ["Listen"]
            })),
        ),
        service(
            "scopeless",
            Some(json!({
                "rule": "test rule", "covered": [], "not_covered": [],
                "unknown_reason": "the snapshot has no operations data"
            })),
        ),
        service("unscoped", None),
    ]
}

/// The generated crate's test of the rule.
pub const TEST: &str = r#"
use aws_iam_catalog::{Action, Deprecation, NoticeKind, Service};

fn eos(a: &str) -> Option<String> {
    match Action::lookup(a).unwrap().deprecation() {
        Some(Deprecation::EndOfSupport { notice }) => {
            assert_eq!(notice.kind(), NoticeKind::EndOfSupport);
            assert_eq!(notice.service(), Action::lookup(a).unwrap().service());
            Some(notice.to_string())
        }
        None => None,
        other => panic!("{a}: {other:?}"),
    }
}

#[test]
fn covered_actions_get_the_notice_and_no_others() {
    assert_eq!(eos("scoped:CreateAccount").as_deref(), Some("scoped end-of-support 2026-02-20"));
    assert_eq!(eos("scoped:CreateMeeting"), None);
    assert_eq!(eos("scoped:Listen"), None);
}

#[test]
fn unknown_or_absent_scope_gives_no_action_a_notice() {
    for a in ["scopeless:CreateAccount", "scopeless:Listen", "unscoped:CreateAccount"] {
        assert_eq!(eos(a), None, "{a}");
    }
}

#[test]
fn the_service_keeps_its_notice_whatever_the_scope() {
    for s in ["scoped", "scopeless", "unscoped"] {
        assert!(
            matches!(Service::lookup(s).unwrap().deprecation(), Some(Deprecation::EndOfSupport { .. })),
            "{s}"
        );
    }
}
"#;
