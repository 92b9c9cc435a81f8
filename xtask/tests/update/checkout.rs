//! Which checkout the binary writes (issue 20, point 7): the one holding the
//! working directory, never the tree it was built in; outside any checkout,
//! without `--checkout`, a command that would write refuses.

use super::{Checkout, changed, code, mirror, repo, text};

/// The build tree's files an update would write, by path.
fn build_tree() -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = crate::util::tree(&repo().join("snapshots"));
    for rel in [
        "Cargo.toml",
        "Cargo.lock",
        "CHANGELOG.md",
        "aws-iam-lint/Cargo.toml",
    ] {
        out.insert(rel.into(), std::fs::read(repo().join(rel)).unwrap());
    }
    out
}

#[test]
fn the_binary_updates_the_checkout_it_runs_in_not_the_one_it_was_built_in() {
    let Some(june) = mirror("2026-06-01", |_| {}) else {
        return;
    };
    let co = Checkout::new();
    let built_in = build_tree();
    let before = co.state();
    // From a directory inside the other checkout, with neither --checkout
    // nor --db.
    let out = crate::util::xtask()
        .current_dir(co.root().join("snapshots"))
        .env_remove("IAM_CATALOG_DB")
        .args(["update", "--base-url", &june.base_url()])
        .args(["--taken-at", "2026-06-01", "--accept-shrink"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", text(&out));
    let touched = changed(&before, &co.state());
    assert!(touched.contains(&"Cargo.toml".to_string()), "{touched:?}");
    assert!(touched.iter().any(|p| p.starts_with("snapshots/services/")));
    assert!(
        co.root().join("catalog.sqlite").exists(),
        "the checkout's database"
    );
    assert_eq!(
        changed(&built_in, &build_tree()),
        Vec::<String>::new(),
        "the tree the binary was built in changed"
    );
}

#[test]
fn outside_a_checkout_commands_that_write_refuse() {
    let outside = tempfile::tempdir().unwrap();
    let commands: [&[&str]; 5] = [
        &["codegen"],
        &["export"],
        &["global-keys", "--from", "x.md"],
        &["update", "--from-dir", "pages"],
        &["release", "--previous", "latest", "--db", "x.sqlite"],
    ];
    for args in commands {
        let out = crate::util::xtask()
            .current_dir(outside.path())
            .env_remove("IAM_CATALOG_DB")
            .args(args)
            .output()
            .unwrap();
        assert_eq!(code(&out), 2, "{args:?}: {}", text(&out));
        assert!(
            text(&out).contains("is not inside an aws-iam-catalog checkout")
                && text(&out).contains("--checkout DIR"),
            "{args:?}: {}",
            text(&out)
        );
        assert_eq!(
            std::fs::read_dir(outside.path()).unwrap().count(),
            0,
            "{args:?} wrote"
        );
    }
    // --checkout naming a directory that is not one is refused too.
    let out = crate::util::xtask()
        .current_dir(outside.path())
        .args(["--checkout", ".", "codegen"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "{}", text(&out));
    assert!(
        text(&out).contains("not an aws-iam-catalog checkout"),
        "{}",
        text(&out)
    );
}
