//! The global keys in a diff: a snapshot directory carries them, the diff
//! compares them, the report has a "Global condition keys" section, the
//! JSON follows its schema, and a change of global keys alone is a change.

use xtask::diff::compare;
use xtask::report::{Markdown, render};

use crate::util::schema::diff_json;

fn committed() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots")
}

fn load(dir: &std::path::Path) -> xtask::diff::Side {
    xtask::dataset::load_side(
        dir.to_str().unwrap(),
        std::path::Path::new("/nonexistent/catalog.sqlite"),
    )
    .unwrap()
}

#[test]
fn only_the_global_keys_changed_is_a_change_with_its_section() {
    let old = load(&committed());
    let keys = old
        .global_keys
        .clone()
        .expect("snapshots/ has its global keys");
    assert!(keys.len() >= 62, "{}", keys.len());
    let mut new = old.clone();
    let mut changed = keys.clone();
    let ip = changed
        .iter_mut()
        .find(|k| k.name == "aws:SourceIp")
        .expect("aws:SourceIp");
    ip.multivalued = true;
    let gone = changed.remove(0).name;
    new.global_keys = Some(changed);

    let d = compare(&old, &new);
    assert_eq!(d.global_keys.removed, std::slice::from_ref(&gone));
    assert!(d.global_keys.added.is_empty());
    let fields = &d.global_keys.changed["aws:SourceIp"];
    assert_eq!(
        (
            fields[0].field,
            fields[0].old.as_str(),
            fields[0].new.as_str()
        ),
        ("multivalued", "false", "true")
    );
    assert!(!d.is_empty(), "{:?}", d.semver);
    assert!(
        d.semver
            .reasons
            .iter()
            .any(|r| r.contains("2 global condition keys")),
        "{:?}",
        d.semver.reasons
    );

    let md = render(&d, &Markdown);
    let section = md
        .split("## Global condition keys")
        .nth(1)
        .unwrap_or_else(|| panic!("no global keys section:\n{md}"));
    assert!(section.contains(&format!("removed: `{gone}`")), "{section}");
    assert!(
        section.contains("changed: `aws:SourceIp`: multivalued false → true"),
        "{section}"
    );

    let json = diff_json(&d);
    assert_eq!(json["global_keys"]["removed"][0], gone.as_str());

    // Unchanged keys: no section, no field in the JSON, no change.
    let d = compare(&old, &old.clone());
    assert!(d.is_empty());
    assert!(!render(&d, &Markdown).contains("Global condition keys"));
    assert!(diff_json(&d).get("global_keys").is_none());
    // A side without keys (pages, the database) compares none.
    let mut bare = old.clone();
    bare.global_keys = None;
    assert!(compare(&bare, &new).global_keys.is_empty());
}
