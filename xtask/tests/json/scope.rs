//! Which Chime actions the end-of-support notice covers (the Chime SDK
//! shares the prefix and is not retired).

use std::collections::BTreeSet;
use std::path::Path;

use xtask::model::{NoticeScope, Service};
use xtask::parse_run::parse_all;

use crate::util::{corpus, source};

/// The real redesigned Chime page and the real IAM page with the notice.
fn chime(corpus: &Path) -> Service {
    let run = parse_all(&[
        source(&corpus.join("new-layout/list_chime.md")),
        source(&corpus.join("service-docs/chime_security_iam_service-with-iam.md")),
    ]);
    assert_eq!(run.errors(), 0, "{:#?}", run.error_messages());
    run.merged.services.into_iter().next().unwrap()
}

fn notice_scope(service: &Service) -> NoticeScope {
    let notices: Vec<&NoticeScope> = service
        .notices
        .iter()
        .filter(|n| n.kind == "end-of-support")
        .filter_map(|n| n.scope.as_ref())
        .collect();
    assert_eq!(notices.len(), 1, "{:#?}", service.notices);
    notices[0].clone()
}

/// The `chime:` actions of every policy document (a line starting `{`) in a
/// seed page, one list per document.
fn policies(corpus: &Path, prefix: &str) -> Vec<Vec<String>> {
    let dir = corpus.join("seed-pages");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .unwrap();
    std::fs::read_to_string(file)
        .unwrap()
        .lines()
        .filter(|l| l.trim_start().starts_with('{'))
        .map(|l| {
            let doc: serde_json::Value = serde_json::from_str(l).unwrap();
            let mut actions = Vec::new();
            for st in doc["Statement"].as_array().unwrap() {
                match &st["Action"] {
                    serde_json::Value::String(a) => actions.push(a.clone()),
                    serde_json::Value::Array(list) => {
                        actions.extend(list.iter().map(|a| a.as_str().unwrap().to_string()))
                    }
                    _ => {}
                }
            }
            actions
        })
        .collect()
}

fn names(list: &[xtask::model::ActionName]) -> BTreeSet<String> {
    list.iter()
        .map(|a| a.as_str().to_ascii_lowercase())
        .collect()
}

fn short(action: &str) -> String {
    action.split_once(':').unwrap().1.to_ascii_lowercase()
}

#[test]
fn the_chime_notice_covers_the_app_and_not_the_sdk() {
    let Some(corpus) = corpus() else { return };
    let chime = chime(&corpus);
    let s = notice_scope(&chime);
    assert_eq!(s.unknown_reason, None);
    assert_eq!(
        (s.covered.len(), s.not_covered.len(), s.unknown.len()),
        (95, 219, 2)
    );
    assert_eq!(s.covered.len() + s.not_covered.len() + s.unknown.len(), 316);
    let (covered, not) = (names(&s.covered), names(&s.not_covered));
    // Called only through the `chime` client, on no SDK resource.
    assert!(covered.contains("createaccount") && covered.contains("listusers"));
    // Console-only calls of the Chime app (no operation authorizes them).
    assert!(covered.contains("activateusers"));
    // The SDK's, by client or by shared resource type.
    assert!(not.contains("createmeeting") && not.contains("createappinstance"));
    assert!(
        not.contains("connect"),
        "chime:Connect acts on app-instance-user"
    );
    assert!(
        not.contains("getphonenumber"),
        "also called by chime-sdk-voice"
    );
}

#[test]
fn the_chime_sdk_example_policies_use_no_covered_action() {
    let Some(corpus) = corpus() else { return };
    let covered = names(&notice_scope(&chime(&corpus)).covered);
    let docs = policies(&corpus, "004_");
    assert_eq!(docs.len(), 4);
    for actions in &docs {
        assert!(!actions.is_empty());
        let hit: Vec<&String> = actions
            .iter()
            .filter(|a| covered.contains(&short(a)))
            .collect();
        assert!(hit.is_empty(), "SDK example policy uses covered {hit:?}");
    }
}

#[test]
fn the_chime_user_management_policy_uses_mostly_covered_actions() {
    let Some(corpus) = corpus() else { return };
    let s = notice_scope(&chime(&corpus));
    let (covered, not) = (names(&s.covered), names(&s.not_covered));
    let docs = policies(&corpus, "003_");
    let user_management = docs
        .iter()
        .find(|d| d.iter().any(|a| a == "chime:SuspendUsers"))
        .unwrap();
    assert_eq!(user_management.len(), 38);
    let c = user_management
        .iter()
        .filter(|a| covered.contains(&short(a)))
        .count();
    let n: Vec<&String> = user_management
        .iter()
        .filter(|a| not.contains(&short(a)))
        .collect();
    assert_eq!(c, 36);
    // Phone numbers are the SDK's too (chime-sdk-voice calls them).
    assert_eq!(n, ["chime:GetPhoneNumber", "chime:ListPhoneNumbers"]);
}

#[test]
fn without_operations_data_the_scope_says_unknown() {
    let Some(corpus) = corpus() else { return };
    let run = parse_all(&[
        source(&corpus.join("sar-html/2026-02-01/list_amazonchime.html")),
        source(&corpus.join("service-docs/chime_security_iam_service-with-iam.md")),
    ]);
    let s = notice_scope(&run.merged.services[0]);
    assert!(s.covered.is_empty() && s.not_covered.is_empty());
    assert!(s.unknown_reason.unwrap().contains("no operations data"));
}

/// The committed snapshot joins the pages of 2026-07-01 (no operations
/// table) with the JSON twins of 2026-02-13: for Chime the scope it carries
/// is, action for action, the one the real redesigned page gives with its
/// own operations table.
#[test]
fn the_committed_chime_scope_is_the_redesigned_pages() {
    let Some(corpus) = corpus() else { return };
    let page = notice_scope(&chime(&corpus));
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots/services/chime.json");
    let committed =
        xtask::canonical::parse_service(&std::fs::read_to_string(path).unwrap()).unwrap();
    let ours = notice_scope(&committed);
    assert_eq!(ours.unknown_reason, None);
    assert_eq!(names(&ours.covered), names(&page.covered));
    assert_eq!(names(&ours.not_covered), names(&page.not_covered));
    assert_eq!(names(&ours.unknown), names(&page.unknown));
}
