//! `cargo xtask parse` as a user runs it: output lines, files, exit status.

use crate::util::{fixtures, xtask};

#[test]
fn parse_reports_each_page_and_exits_1_on_a_failed_page() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        fixtures().join("new-layout/july2026_list_codestar.html"),
        dir.path().join("list_codestar.html"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("list_broken.html"),
        "<html><body><p>maintenance</p></body></html>",
    )
    .unwrap();
    // Not a page name: skipped when walking a directory.
    std::fs::write(dir.path().join("notes.txt"), "x").unwrap();
    let out = dir.path().join("out");
    let o = xtask()
        .arg("parse")
        .arg(dir.path())
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    let stdout = String::from_utf8(o.stdout).unwrap();
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("ok     codestar")
                && l.contains("22 actions (3 permission-only)")),
        "{stdout}"
    );
    assert!(
        stdout
            .lines()
            .any(|l| l.starts_with("error  ")
                && l.contains("list_broken.html: no service prefix found")),
        "{stdout}"
    );
    assert!(stdout.ends_with("2 pages: 1 ok, 0 moved, 1 errors; 1 prefixes, 22 actions, 2 resource types, 4 condition keys, 0 operations\n0 page warnings\n"), "{stdout}");
    let written: Vec<_> = std::fs::read_dir(out.join("services"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(written, ["codestar.json"]);
}

#[test]
fn parse_json_report_and_exit_0() {
    let o = xtask()
        .args(["parse", "--format", "json"])
        .arg(fixtures().join("new-layout"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["totals"]["pages"], 3);
    assert_eq!(doc["totals"]["prefixes"], 3);
    let chime = doc["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["prefix"] == "chime")
        .unwrap();
    assert_eq!(chime["status"], "ok");
    assert_eq!(chime["layout"], "html-2026");
    assert_eq!(chime["operations"], 10);
}

#[test]
fn parse_of_a_missing_path_is_trouble() {
    let o = xtask()
        .args(["parse", "/nonexistent/pages"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("cannot read /nonexistent/pages"));
}
