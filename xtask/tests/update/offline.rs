//! The README's offline command reproduces the committed snapshot, and a
//! run without the JSON twins the snapshot took its operations from stops
//! at the operations gate, saying so (issue 20, point 10).

use xtask::diff::Side;
use xtask::update::gates::{Accepted, Gate, Linked, ShrinkLimit, check};

use super::{Checkout, changed, code, repo, text};
use crate::util::corpus;

/// The `--from-dir` arguments of the README's offline command, read from
/// the README itself (so the two cannot drift apart).
fn readme_dirs() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let line = readme
        .lines()
        .find(|l| l.starts_with("cargo xtask update --from-dir"))
        .expect("the README's offline command");
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .windows(2)
        .filter(|w| w[0] == "--from-dir")
        .map(|w| w[1].to_string())
        .collect()
}

/// The update over `dirs` (relative to the repository, as the README
/// writes them) on `co`.
fn update(co: &Checkout, dirs: &[String]) -> std::process::Output {
    let mut cmd = co.command_reading(&[], &[]);
    for d in dirs {
        cmd.arg("--from-dir").arg(d);
    }
    cmd.current_dir(repo()).output().unwrap()
}

/// SQL in what a run printed: sqlx's slow-statement warning quoted the
/// projection's 6 KB of SQL.
fn has_sql(out: &str) -> bool {
    ["SELECT ", "INSERT INTO", "CREATE TEMP"]
        .iter()
        .any(|w| out.contains(w))
}

#[test]
fn the_readme_offline_command_changes_nothing_and_prints_no_sql() {
    if corpus().is_none() {
        return;
    }
    let dirs = readme_dirs();
    assert_eq!(dirs.len(), 4, "{dirs:?}");
    // The same inputs the committed manifest names, in its order.
    let manifest = std::fs::read_to_string(repo().join("snapshots/manifest.toml")).unwrap();
    assert!(
        manifest.contains(&format!("source = \"{}\"", dirs.join(" + "))),
        "{dirs:?}"
    );

    let co = Checkout::new();
    let before = co.state();
    let out = update(&co, &dirs);
    assert_eq!(code(&out), 0, "{}", text(&out));
    before
        .keys()
        .filter(|k| *k != "<db>")
        .for_each(|k| assert_eq!(before.get(k), co.state().get(k), "{k}"));
    assert_eq!(
        changed(&before, &co.state())
            .into_iter()
            .filter(|k| k != "<db>")
            .collect::<Vec<_>>(),
        Vec::<String>::new()
    );
    assert!(!has_sql(&text(&out)), "{}", text(&out));
    let report = co.report();
    assert!(report.contains("update: no change"), "{report}");
    assert!(
        report.contains(
            "no service lost its API operations or dependent actions: API operations 17463 → 17463"
        ),
        "{report}"
    );
}

#[test]
fn without_the_json_twins_the_operations_gate_stops_the_run_and_says_why() {
    if corpus().is_none() {
        return;
    }
    let dirs: Vec<String> = readme_dirs()
        .into_iter()
        .filter(|d| !d.contains("service-reference-json"))
        .collect();
    let co = Checkout::new();
    let before = co.state();
    let out = update(&co, &dirs);
    assert_eq!(code(&out), 2, "{}", text(&out));
    assert_eq!(changed(&before, &co.state()), Vec::<String>::new());
    let report = co.report();
    assert!(
        report.contains("**no service lost its API operations or dependent actions**"),
        "{report}"
    );
    assert!(report.contains("API operations 17463 → 0"), "{report}");
    assert!(
        report.contains(
            "- chime (Amazon Chime): API operations 252 → 0 (−100.0%), dependent actions"
        ),
        "{report}"
    );
    assert!(
        report.contains("the reviewed data took them from its JSON twin and this run read no JSON twin of chime; if AWS really removed them, rerun with --accept-shrink chime"),
        "{report}"
    );
    assert!(!has_sql(&text(&out)), "{}", text(&out));
}

/// The gate on the committed data, with every operation and dependent
/// gone (as a run without the twins has them): it names each service and
/// counts the total; accepting the shrink passes it; the semver verdict of
/// such a loss is major.
#[test]
fn lost_operations_and_dependents_stop_the_gate_and_are_a_major_release() {
    let committed = repo().join("snapshots");
    let old: Side =
        xtask::dataset::load_side(committed.to_str().unwrap(), std::path::Path::new("/none"))
            .unwrap();
    let mut new = old.clone();
    for s in &mut new.services {
        s.operations.clear();
        for a in &mut s.actions {
            a.dependent_actions.clear();
        }
    }
    let before = Linked::total(&old.services, |_| true);
    assert_eq!(before.operations, 17463);
    assert!(before.dependents > 1000, "{before:?}");

    let r = check(&old, &new, &[], &ShrinkLimit::default()).unwrap_err();
    assert_eq!(r.gate, Gate::Operations, "{r}");
    assert!(
        r.reason.starts_with("API operations 17463 → 0 (-100.00%)"),
        "{}",
        r.reason
    );
    assert!(
        r.details
            .iter()
            .any(|d| d.starts_with("chime (Amazon Chime): API operations 252 → 0")),
        "{:#?}",
        r.details
    );

    let all = ShrinkLimit {
        accepted: Accepted::All,
        ..ShrinkLimit::default()
    };
    let passed = check(&old, &new, &[], &all).unwrap();
    assert!(
        passed
            .iter()
            .any(|p| p.contains("API operations 17463 → 0")),
        "{passed:#?}"
    );

    let d = xtask::diff::compare(&old, &new);
    assert_eq!(d.semver.bump, xtask::diff::Bump::Major, "{:#?}", d.semver);
    assert!(
        d.semver
            .reasons
            .iter()
            .any(|r| r.contains("17463 API operations removed")),
        "{:#?}",
        d.semver.reasons
    );
    assert!(
        d.semver
            .reasons
            .iter()
            .any(|r| r.contains("dependent actions lost")),
        "{:#?}",
        d.semver.reasons
    );
}
