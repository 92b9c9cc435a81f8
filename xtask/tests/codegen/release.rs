//! `cargo xtask release` on a copy of the repository: a removal ships as a
//! `#[deprecated]` const in a minor release, and the next release drops it
//! and is major.

use std::path::Path;

use xtask::codegen::Tombstones;
use xtask::diff::{Bump, Side};
use xtask::release::{self, Version};

use super::repo;

fn copy(rel: &str, to: &Path) {
    let from = repo().join(rel);
    std::fs::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
    if from.is_dir() {
        for entry in std::fs::read_dir(&from).unwrap() {
            let name = entry.unwrap().file_name();
            copy(&format!("{rel}/{}", name.to_string_lossy()), to);
        }
    } else {
        std::fs::copy(&from, to.join(rel)).unwrap();
    }
}

fn side(dir: &Path) -> Side {
    xtask::dataset::load_side(
        dir.to_str().unwrap(),
        Path::new("/nonexistent/catalog.sqlite"),
    )
    .unwrap()
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

/// The lint's own version in its manifest under `root`.
fn lint(root: &Path) -> Version {
    let manifest: toml::Value = toml::from_str(&read(root, "aws-iam-lint/Cargo.toml")).unwrap();
    Version::parse(manifest["package"]["version"].as_str().unwrap()).unwrap()
}

#[test]
fn removal_is_deprecated_then_dropped_in_a_major_half_a_year_later() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    for rel in [
        "Cargo.toml",
        "Cargo.lock",
        "examples/downstream/Cargo.toml",
        "aws-iam-lint/Cargo.toml",
        "src/generated",
        "snapshots",
    ] {
        copy(rel, root);
    }
    let snapshots = root.join("snapshots");
    let new = side(&snapshots);

    // The previous release had one more chime action and one more service.
    let mut old = new.clone();
    let chime = old
        .services
        .iter_mut()
        .find(|s| s.prefix.as_str() == "chime")
        .unwrap();
    let mut gone = chime.actions[0].clone();
    gone.name = xtask::model::ActionName::new("RetiredThing").unwrap();
    gone.description = "Grants permission to do a retired thing".into();
    chime.actions.push(gone);
    chime.canonicalize();
    let mut retired = old
        .services
        .iter()
        .find(|s| s.prefix.as_str() == "a2c")
        .unwrap()
        .clone();
    retired.prefix = xtask::model::Prefix::new("retired-svc").unwrap();
    retired.name = "AWS Retired Service".into();
    old.services.push(retired);
    old.services.sort_by(|a, b| a.prefix.cmp(&b.prefix));
    old.data_date = Some("2026-06-01".into());

    let version = release::current_version(root).unwrap();
    let lint_version = lint(root);
    let plan = release::plan_at(root, &old, &new, &Tombstones::default()).unwrap();
    assert_eq!(plan.bump, Bump::Minor, "{:?}", plan.reasons);
    assert_eq!(plan.to, release::bumped(&version, Bump::Minor).unwrap());
    let names: Vec<(&str, &str)> = plan
        .added
        .iter()
        .map(|t| (t.kind.as_str(), t.name.as_str()))
        .collect();
    assert!(
        names.contains(&("action", "chime:RetiredThing")),
        "{names:?}"
    );
    assert!(names.contains(&("service", "retired-svc")), "{names:?}");
    let thing = plan
        .added
        .iter()
        .find(|t| t.name == "chime:RetiredThing")
        .unwrap();
    assert_eq!(thing.removed_on, "2026-07-01");
    assert_eq!(thing.description, "Grants permission to do a retired thing");
    release::apply(root, &snapshots, &plan).unwrap();

    let to = plan.to.to_string();
    assert!(
        read(root, "Cargo.toml")
            .contains(&format!("name = \"aws-iam-catalog\"\nversion = \"{to}\"\n"))
    );
    assert!(
        read(root, "Cargo.lock")
            .contains(&format!("name = \"aws-iam-catalog\"\nversion = \"{to}\"\n"))
    );
    // Every manifest that pins the crate moves with it.
    for path in release::DEPENDENTS {
        let manifest = read(root, path);
        assert!(
            manifest.contains(&format!("version = \"={to}\"")),
            "{path}: {manifest}"
        );
        assert!(
            !manifest.contains(&format!("version = \"={}\"", plan.from)),
            "{path}: {manifest}"
        );
    }
    assert!(release::DEPENDENTS.contains(&"aws-iam-lint/Cargo.toml"));
    // The lint is published with the catalog, so its version moves too: a
    // patch, as a minor catalog release breaks nothing of the lint's API.
    let lint_minor = release::bumped(&lint_version, Bump::Patch).unwrap();
    assert_eq!(lint(root), lint_minor);
    assert!(
        read(root, "Cargo.lock").contains(&format!(
            "name = \"aws-iam-lint\"\nversion = \"{lint_minor}\"\n"
        )),
        "Cargo.lock's aws-iam-lint entry"
    );
    let changelog = read(root, "CHANGELOG.md");
    assert!(changelog.starts_with("# Changelog\n"), "{changelog}");
    assert!(
        changelog.contains(&format!("## {to} (data of 2026-07-01)")),
        "{changelog}"
    );
    assert!(
        changelog.contains("- action `chime:RetiredThing`"),
        "{changelog}"
    );
    assert!(changelog.contains("Semver: **minor**"), "{changelog}");
    // The entry names the lint published with it.
    assert!(
        changelog.contains(&format!(
            "`aws-iam-lint` {lint_version} → {lint_minor}, published with it (a patch"
        )),
        "{changelog}"
    );
    let consts = read(root, "src/generated/consts/chime.rs");
    let note = "#[deprecated(note = \"removed from the AWS docs on 2026-07-01: chime:RetiredThing goes in the next major release\")]";
    let at = consts
        .find("pub const RETIRED_THING: Action")
        .expect("a const for chime:RetiredThing");
    let attrs = &consts[consts[..at].rfind(";\n").unwrap()..at];
    assert!(
        attrs.contains(note),
        "chime:RetiredThing is not deprecated: {attrs}"
    );
    assert!(
        attrs.contains("Grants permission to do a retired thing"),
        "{attrs}"
    );
    assert!(
        read(root, "src/generated/consts.rs").contains("pub enum retired_svc {}"),
        "no type for the removed service (it has no actions, so no impl file)"
    );
    // The generated crate is fresh for the tombstones it was given.
    xtask::codegen::run(root, &snapshots, true).unwrap();

    // A later release keeps the tombstones until the oldest has been
    // deprecated for half a year; then it drops them together: major. The
    // same data, with the tombstones aged, stands for that later release.
    let tombstones = Tombstones::read(&snapshots.join("tombstones.toml")).unwrap();
    assert_eq!(tombstones.items.len(), plan.added.len());
    let aged = |removed_on: &str| {
        let days = xtask::clock::days_between(removed_on, "2026-07-01").unwrap();
        let mut t = tombstones.clone();
        for item in &mut t.items {
            item.removed_on = removed_on.to_string();
        }
        (days, t)
    };
    let (days, young) = aged("2026-01-01");
    assert_eq!(days, release::TOMBSTONE_MIN_DAYS - 1);
    let kept = release::plan(&new, &new, &young, Version::parse(&to).unwrap()).unwrap();
    assert_ne!(kept.bump, Bump::Major, "{:?}", kept.reasons);
    assert!(kept.dropped.is_empty());
    assert_eq!(kept.tombstones, young);

    let (days, old_enough) = aged("2025-12-31");
    assert_eq!(days, release::TOMBSTONE_MIN_DAYS);
    let next = release::plan(&new, &new, &old_enough, Version::parse(&to).unwrap()).unwrap();
    assert_eq!(next.bump, Bump::Major);
    assert_eq!(next.dropped.len(), plan.added.len());
    assert!(next.tombstones.items.is_empty());
    assert!(
        next.reasons[0].contains("deprecated since 2025-12-31"),
        "{:?}",
        next.reasons
    );
    release::apply(root, &snapshots, &next).unwrap();
    // A major of the catalog is a major of the lint, whose API names the
    // catalog's types.
    let lint_major = release::bumped(&lint_minor, Bump::Major).unwrap();
    assert_eq!(lint(root), lint_major);
    assert!(release::is_breaking(&lint_minor, &lint_major));
    assert!(read(root, "Cargo.lock").contains(&format!(
        "name = \"aws-iam-lint\"\nversion = \"{lint_major}\"\n"
    )));
    let generated = crate::util::tree(&root.join("src/generated"));
    assert!(!String::from_utf8_lossy(&generated["consts/chime.rs"]).contains("RETIRED_THING"));
    assert!(!generated.keys().any(|k| k.contains("retired_svc")));
    assert!(!String::from_utf8_lossy(&generated["consts.rs"]).contains("retired_svc"));
    assert!(
        generated == crate::util::tree(&repo().join("src/generated")),
        "back to the committed crate"
    );
    let changelog = read(root, "CHANGELOG.md");
    let newest = changelog.find(&format!("## {}", next.to)).unwrap();
    assert!(
        newest < changelog.find(&format!("## {to}")).unwrap(),
        "newest entry first"
    );
    assert!(changelog.contains("### Removed (deprecated in an earlier release)"));

    // Same data, no tombstones: nothing to release, nothing written.
    let none = release::plan(&new, &new, &Tombstones::default(), next.to).unwrap();
    assert_eq!(none.bump, Bump::None);
}

#[test]
fn restored_items_lose_their_tombstone_without_a_major() {
    let new = side(&repo().join("snapshots"));
    let text = "[[tombstone]]\nkind = \"action\"\nname = \"chime:CreateMeeting\"\nremoved_on = \"2026-06-01\"\nrelease = \"0.1.0\"\n";
    let tombstones: Tombstones = toml::from_str(text).unwrap();
    let plan = release::plan(&new, &new, &tombstones, Version::new(0, 1, 0)).unwrap();
    assert!(plan.tombstones.items.is_empty());
    assert!(plan.dropped.is_empty());
    assert_eq!(plan.bump, Bump::None);
    assert!(
        plan.reasons
            .iter()
            .any(|r| r.contains("1 deprecated item is back")),
        "{:?}",
        plan.reasons
    );
}
