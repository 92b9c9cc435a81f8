//! The removed-action (IAM006) and end-of-support (IAM007) findings on
//! hand-written policies, with the catalog's deprecation answer injected.
//! The committed catalog (data 2026-07-01) holds no tombstone, so IAM006
//! has no real data to meet (its end-to-end test in `tests/lint/codes.rs`
//! waits, ignored, for a release that writes tombstones); IAM007 meets the
//! catalog's own answer (Chime's scoped end-of-support notice) end to end
//! there, and here the rule's decisions are checked with a stand-in answer.
//! Everything the rule decides (which strings, which statements, which
//! code, severity, path, line, message) is checked here; only the answer to
//! "is this action removed / covered" is written by hand. The removed
//! policy is written here, since the IAM006 fixture's
//! `chime:CreateBotMembership` is not in this catalog at all (a tombstone
//! is an action the catalog still has, flagged removed).
//!
//! Also here: a [`Checker`] that has met other documents reports exactly
//! what a new one does (its memo changes speed, never findings).

use aws_iam_catalog::{Action, Date, Deprecation, NoticeKind, Service};

use super::{Checker, Options, Report};
use crate::finding::{Code, Severity};

/// A policy naming `chime:CreateBot`, for a stand-in tombstone.
const REMOVED_POLICY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "chime:CreateBot",
      "Resource": "*"
    }
  ]
}"#;
const END_OF_SUPPORT_FIXTURE: &str =
    include_str!("../../tests/fixtures/codes/IAM007-end-of-support.json");

fn chime(name: &str) -> Action {
    Service::lookup("chime")
        .and_then(|s| s.action(name))
        .unwrap_or_else(|| panic!("chime:{name} is in the catalog"))
}

/// Stand-in answer: `chime:CreateBot` removed in the data of 2026-07-01,
/// nothing else deprecated.
fn bot_removed(a: Action) -> Option<Deprecation> {
    (a == chime("CreateBot")).then(|| Deprecation::Removed {
        on: Date::parse_iso("2026-07-01"),
    })
}

/// The Chime app (account and user administration) actions the fixture
/// names, as a scoped notice would cover them; the Chime SDK's are not.
const CHIME_APP: &[&str] = &[
    "CreateAccount",
    "ListAccounts",
    "AssociateSigninDelegateGroupsWithAccount",
    "DisassociateSigninDelegateGroupsFromAccount",
];

/// Stand-in answer: Chime's own end-of-support notice covers the
/// [`CHIME_APP`] actions.
fn chime_app_ending(a: Action) -> Option<Deprecation> {
    if a.service().prefix() != "chime" || !CHIME_APP.contains(&a.name()) {
        return None;
    }
    let notice = a
        .service()
        .notices()
        .find(|n| n.kind() == NoticeKind::EndOfSupport)?;
    Some(Deprecation::EndOfSupport { notice })
}

/// Both stand-ins: `chime:CreateBot` removed, the Chime app's actions
/// ending.
fn removed_or_ending(a: Action) -> Option<Deprecation> {
    bot_removed(a).or_else(|| chime_app_ending(a))
}

fn check(text: &str, deprecation: super::DeprecationOf) -> Report {
    Checker::with_deprecation(Options::default(), deprecation).check_text("t.json", text)
}

fn codes_at(r: &Report) -> Vec<(Code, &str, Option<usize>)> {
    let mut v: Vec<_> = r
        .findings
        .iter()
        .map(|f| (f.code, f.path.as_str(), f.statement))
        .collect();
    v.sort();
    v
}

#[test]
fn removed_action_on_a_hand_written_policy() {
    let r = check(REMOVED_POLICY, bot_removed);
    assert_eq!(
        codes_at(&r),
        [(Code::RemovedAction, "$.Statement[0].Action", Some(0))]
    );
    let f = &r.findings[0];
    assert_eq!(f.severity(), Severity::Warning);
    assert_eq!(f.line, Some(6), "the Action line");
    assert_eq!(
        f.message,
        "\"chime:CreateBot\": chime:CreateBot removed from the AWS documentation in the data of 2026-07-01"
    );
    assert_eq!(f.suggestion, None);
    // The action is still known to the statement (a tombstone is kept one
    // release): it is counted in the summary.
    assert_eq!(r.statements[0].actions, 1);
    // Without the injected answer the catalog has no tombstone to report
    // (its own answer for the Chime app's CreateBot is the end-of-support
    // notice).
    let plain = Checker::new(Options::default()).check_text("t.json", REMOVED_POLICY);
    assert!(
        plain.findings.iter().all(|f| f.code != Code::RemovedAction),
        "{:#?}",
        plain.findings
    );
}

#[test]
fn removed_actions_under_a_wildcard_are_counted() {
    let text = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["chime:Create*", "chime:CreateMeeting"], "Resource": "*"}]}"#;
    let r = check(text, bot_removed);
    let matched = Action::matching("chime:Create*").count();
    assert!(matched > 10, "{matched}");
    assert_eq!(
        codes_at(&r),
        [(Code::RemovedAction, "$.Statement[0].Action[0]", Some(0))],
        "chime:CreateMeeting itself is not removed"
    );
    assert_eq!(
        r.findings[0].message,
        format!(
            "\"chime:Create*\": 1 of the {matched} actions it matches (such as chime:CreateBot) removed from the AWS documentation in the data of 2026-07-01"
        )
    );
}

#[test]
fn end_of_support_on_the_hand_written_policy() {
    let r = check(END_OF_SUPPORT_FIXTURE, chime_app_ending);
    // The three strings of the Chime app statement, each once; the case
    // finding of `chime:listaccounts` stays; the SDK statement has none.
    assert_eq!(
        codes_at(&r),
        [
            (Code::ActionCase, "$.Statement[0].Action[1]", Some(0)),
            (Code::EndOfSupport, "$.Statement[0].Action[0]", Some(0)),
            (Code::EndOfSupport, "$.Statement[0].Action[1]", Some(0)),
            (Code::EndOfSupport, "$.Statement[0].Action[2]", Some(0)),
        ]
    );
    let notice = Service::lookup("chime")
        .unwrap()
        .notices()
        .find(|n| n.kind() == NoticeKind::EndOfSupport)
        .expect("Chime's end-of-support notice");
    let covered_by = format!("covered by end-of-support on 2026-02-20 ({})", notice.url());
    let message = |path: &str| {
        let f = r
            .findings
            .iter()
            .find(|f| f.code == Code::EndOfSupport && f.path == path)
            .unwrap();
        assert_eq!(f.severity(), Severity::Warning);
        assert_eq!(f.line, Some(7), "the Action line of {path}");
        f.message.clone()
    };
    assert_eq!(
        message("$.Statement[0].Action[0]"),
        format!("\"chime:CreateAccount\": chime:CreateAccount {covered_by}")
    );
    assert_eq!(
        message("$.Statement[0].Action[1]"),
        format!("\"chime:listaccounts\": chime:ListAccounts {covered_by}")
    );
    let delegate: Vec<Action> = Action::matching("chime:*Delegate*").collect();
    let covered = delegate
        .iter()
        .filter(|a| chime_app_ending(**a).is_some())
        .count();
    assert!(covered >= 1, "{delegate:?}");
    let first = delegate
        .iter()
        .find(|a| chime_app_ending(**a).is_some())
        .unwrap();
    let expected = if delegate.len() == 1 {
        format!("\"chime:*Delegate*\": {first} {covered_by}")
    } else {
        format!(
            "\"chime:*Delegate*\": {covered} of the {} actions it matches (such as {first}) {covered_by}",
            delegate.len()
        )
    };
    assert_eq!(message("$.Statement[0].Action[2]"), expected);
    // Both statements are summarised, the SDK one with its two actions.
    assert_eq!(r.statements.len(), 2);
    assert_eq!(r.statements[1].actions, 2);
}

/// End of support is reported where a statement grants the action: not
/// in a `Deny` (nothing left to deny), nor in `NotAction` (the statement
/// grants the other actions); a removed action is reported everywhere (a
/// `Deny` of it may stand for one that now goes undenied).
#[test]
fn end_of_support_only_where_a_statement_grants() {
    let statement = |effect: &str, element: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "{effect}", "{element}": ["chime:CreateAccount", "chime:CreateBot"], "Resource": "*"}}]}}"#
        )
    };
    let codes = |effect: &str, element: &str| -> Vec<Code> {
        let mut v: Vec<Code> = check(&statement(effect, element), removed_or_ending)
            .findings
            .iter()
            .map(|f| f.code)
            .filter(|c| matches!(c, Code::EndOfSupport | Code::RemovedAction))
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        codes("Allow", "Action"),
        [Code::RemovedAction, Code::EndOfSupport]
    );
    assert_eq!(codes("Deny", "Action"), [Code::RemovedAction]);
    assert_eq!(codes("Allow", "NotAction"), [Code::RemovedAction]);
    assert_eq!(codes("Deny", "NotAction"), [Code::RemovedAction]);
}

#[test]
fn removed_and_ending_in_one_string_give_one_finding_each() {
    let text = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "chime:Create*", "Resource": "*"}}"#;
    let r = check(text, removed_or_ending);
    assert_eq!(
        codes_at(&r),
        [
            (Code::RemovedAction, "$.Statement.Action", Some(0)),
            (Code::EndOfSupport, "$.Statement.Action", Some(0)),
        ]
    );
    assert!(
        r.findings[1].message.contains("1 of the ")
            && r.findings[1]
                .message
                .contains("(such as chime:CreateAccount) covered by end-of-support"),
        "{}",
        r.findings[1].message
    );
}

#[test]
fn a_checker_that_met_other_documents_reports_the_same() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/codes");
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 14, "{names:?}");
    let mut shared = Checker::new(Options::default());
    // Twice over, so the second pass is answered from the memo.
    for pass in 0..2 {
        for path in &names {
            let text = std::fs::read_to_string(path).unwrap();
            let name = path.display().to_string();
            let alone = super::check_text(&name, &text, Options::default());
            let again = shared.check_text(&name, &text);
            assert_eq!(alone.findings, again.findings, "pass {pass}: {name}");
            assert_eq!(alone.statements, again.statements, "pass {pass}: {name}");
        }
    }
}
