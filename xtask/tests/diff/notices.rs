//! Notices are compared without their scope: the first snapshot that
//! scopes Chime's end-of-support notice shows it scoped anew (counts of
//! covered actions old → new), not as gone and new.

use serde_json::Value;
use xtask::diff::{Side, compare};
use xtask::model::{NoticeScope, Service};
use xtask::report::{Markdown, render};

use crate::util::schema::diff_json;

/// The committed Chime file (its notice's scope is "unknown": no
/// operations data).
fn chime() -> Service {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../snapshots/services/chime.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn side(label: &str, s: Service) -> Side {
    Side {
        label: label.into(),
        data_date: None,
        content_sha256: label.repeat(64)[..64].to_string(),
        services: vec![s],
        moved: Default::default(),
        global_keys: None,
    }
}

/// Chime with its end-of-support notice scoped: the first `covered`
/// actions covered, the others not.
fn scoped(covered: usize) -> Service {
    let mut s = chime();
    let names: Vec<_> = s.actions.iter().map(|a| a.name.clone()).collect();
    let n = s
        .notices
        .iter_mut()
        .find(|n| n.kind == "end-of-support")
        .expect("Chime's notice");
    n.scope = Some(NoticeScope {
        rule: "test".into(),
        covered: names[..covered].to_vec(),
        not_covered: names[covered..].to_vec(),
        ..NoticeScope::default()
    });
    s
}

/// Chime as a snapshot written before notices were scoped.
fn unscoped() -> Service {
    let mut s = chime();
    for n in &mut s.notices {
        n.scope = None;
    }
    s
}

#[test]
fn a_notice_first_scoped_is_scoped_anew_not_replaced() {
    let old = unscoped();
    let total = old.actions.len();
    let d = compare(&side("a", old), &side("b", scoped(95)));
    assert!(d.notices.appeared.is_empty(), "{:?}", d.notices.appeared);
    assert!(
        d.notices.disappeared.is_empty(),
        "{:?}",
        d.notices.disappeared
    );
    assert!(d.deprecations.is_empty(), "{:?}", d.deprecations);
    assert_eq!(d.notices.rescoped.len(), 1);
    let r = &d.notices.rescoped[0];
    assert_eq!(
        (r.service.as_str(), r.kind.as_str()),
        ("chime", "end-of-support")
    );
    assert_eq!(r.old, None);
    let new = r.new.as_ref().unwrap();
    assert_eq!(
        (new.covered, new.not_covered, new.unknown),
        (95, total - 95, 0)
    );
    // It changes what `Action::deprecation()` answers: not "no change".
    assert!(!d.is_empty());
    assert!(
        d.semver.reasons.iter().any(|r| r.contains("scoped anew")),
        "{:?}",
        d.semver.reasons
    );

    let md = render(&d, &Markdown);
    let line = format!(
        "end-of-support notice scoped anew: covered actions not scoped → 95 ({} not covered, 0 unknown)",
        total - 95
    );
    assert!(md.contains(&line), "{md}");
    assert!(!md.contains("new end-of-support notice"), "{md}");

    let json = diff_json(&d);
    assert_eq!(json["notices"]["rescoped"][0]["old"], Value::Null);
    assert_eq!(json["notices"]["rescoped"][0]["new"]["covered"], 95);
}

#[test]
fn a_scope_that_moves_actions_with_the_same_counts_is_reported() {
    let mut other = scoped(95);
    let n = other
        .notices
        .iter_mut()
        .find(|n| n.scope.is_some())
        .unwrap();
    let scope = n.scope.as_mut().unwrap();
    let (a, b) = (
        scope.covered.pop().unwrap(),
        scope.not_covered.pop().unwrap(),
    );
    scope.covered.push(b);
    scope.not_covered.push(a);
    let d = compare(&side("a", scoped(95)), &side("b", other));
    assert_eq!(d.notices.rescoped.len(), 1);
    assert!(
        render(&d, &Markdown).contains("covered actions 95 → 95 (")
            && render(&d, &Markdown).contains("(same counts, other actions)")
    );
    // The same scope on both sides is no change at all.
    let d = compare(&side("a", scoped(95)), &side("b", scoped(95)));
    assert!(d.notices.rescoped.is_empty() && d.is_empty());
}

#[test]
fn a_notice_whose_text_changed_is_still_gone_and_new() {
    let mut new = scoped(10);
    for n in &mut new.notices {
        n.text.push_str(" Updated.");
    }
    let d = compare(&side("a", chime()), &side("b", new));
    assert!(d.notices.rescoped.is_empty());
    assert!(!d.notices.appeared.is_empty() && !d.notices.disappeared.is_empty());
    // The scope stays out of the notice rows (and so of the schema's notice).
    assert!(d.notices.appeared.iter().all(|n| n.notice.scope.is_none()));
}
