//! Hostile inputs through the binary: symlink loops, extensions in capitals,
//! empty directories, byte-order marks, repeated keys, a huge `.jsonl` line,
//! and file names that try to inject lines, workflow commands or URIs.

use std::path::{Path, PathBuf};

use crate::cli::{run_in, stdout};

const POLICY: &str =
    r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#;
const UNKNOWN: &str =
    r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObjectz", "Resource": "*"}}"#;

/// A fresh directory under the target's temporary directory.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--format", "json", "--fail-on", "never"];
    all.extend_from_slice(args);
    let o = run_in(dir, &all, None);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_links_visit_each_file_once() {
    // 20 directories, each with two links to the next and the last with
    // two links back to the first: 2^20 paths to one file if followed.
    let dir = scratch("symlink-loop");
    for i in 0..20 {
        std::fs::create_dir(dir.join(format!("d{i}"))).unwrap();
    }
    for i in 0..20 {
        let next = dir.join(format!("d{}", (i + 1) % 20));
        for link in ["a", "b"] {
            std::os::unix::fs::symlink(&next, dir.join(format!("d{i}/{link}"))).unwrap();
        }
    }
    std::fs::write(dir.join("d19/p.json"), POLICY).unwrap();
    std::os::unix::fs::symlink(dir.join("d19/p.json"), dir.join("d0/same.json")).unwrap();
    let start = std::time::Instant::now();
    let doc = json(&dir, &["."]);
    assert_eq!(doc["documents"], 1);
    assert!(start.elapsed().as_secs() < 20, "{:?}", start.elapsed());
}

#[test]
fn extensions_in_any_case_and_empty_paths() {
    let dir = scratch("extension-case");
    std::fs::create_dir(dir.join("empty")).unwrap();
    std::fs::create_dir(dir.join("upper")).unwrap();
    std::fs::write(dir.join("upper/P.JSON"), UNKNOWN).unwrap();
    std::fs::write(dir.join("upper/Q.Json"), POLICY).unwrap();
    std::fs::write(dir.join("upper/notes.txt"), "not a policy").unwrap();
    let doc = json(&dir, &["upper"]);
    assert_eq!(doc["documents"], 2);
    assert_eq!(doc["findings"][0]["code"], "IAM003");
    // A file met again through another argument is read once, no error.
    let twice = json(&dir, &["upper", "upper/P.JSON", "./upper/Q.Json"]);
    assert_eq!(twice["documents"], 2);
    let empty = run_in(&dir, &["empty"], None);
    assert_eq!(empty.status.code(), Some(2));
    let err = String::from_utf8_lossy(&empty.stderr);
    assert!(
        err.contains("empty") && err.contains("no policy document"),
        "{err}"
    );
    // A file named on the command line is read as JSON whatever its name.
    let txt = run_in(&dir, &["--format", "compact", "upper/notes.txt"], None);
    assert_eq!(txt.status.code(), Some(1));
    assert!(
        stdout(&txt).starts_with("upper/notes.txt:1:1: IAM001 not JSON"),
        "{}",
        stdout(&txt)
    );
}

#[test]
fn a_byte_order_mark_is_read_and_repeated_keys_are_errors() {
    let dir = scratch("bom");
    std::fs::write(dir.join("bom.json"), format!("\u{feff}{UNKNOWN}")).unwrap();
    let doc = json(&dir, &["bom.json"]);
    assert_eq!(doc["findings"].as_array().unwrap().len(), 1, "{doc:#}");
    assert_eq!(doc["findings"][0]["code"], "IAM003");
    // Two Statement keys: serde_json keeps the second, clean one; the
    // first (unknown action, Resource beside NotResource) must not pass.
    std::fs::write(
        dir.join("twice.json"),
        "{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:Nope\", \"Resource\": \"*\", \"NotResource\": \"x\"},\n \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}}",
    )
    .unwrap();
    let o = run_in(&dir, &["twice.json"], None);
    assert_eq!(o.status.code(), Some(1));
    let text = stdout(&o);
    assert!(
        text.contains("twice.json:2 $.Statement: error IAM001")
            && text.contains("\"Statement\" is given twice in one object (lines 1 and 2)"),
        "{text}"
    );
}

#[test]
fn a_huge_jsonl_line_is_capped_like_a_json_file() {
    let dir = scratch("jsonl-cap");
    let big = format!(
        "{{\"name\": \"Big\", \"document\": {{\"Statement\": [], \"Pad\": \"{}\"}}}}\n",
        "x".repeat(3 << 20)
    );
    let small = r#"{"name": "Small", "document": {"Statement": {"Effect": "Allow", "Action": "s3:GetObjectz", "Resource": "*"}}}"#;
    std::fs::write(dir.join("c.jsonl"), format!("{big}{small}\n")).unwrap();
    let doc = json(&dir, &["c.jsonl"]);
    assert_eq!(doc["documents"], 2);
    let f = &doc["findings"];
    assert_eq!(f[0]["code"], "IAM001");
    assert_eq!(f[0]["document"], "line 1");
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("more than the 1048576")
    );
    assert_eq!(f[1]["document"], "Small");
    assert_eq!(f[1]["line"], 2);
}

#[cfg(unix)]
#[test]
fn hostile_file_names_inject_nothing() {
    let dir = scratch("hostile-names");
    let names = [
        "a\n::error file=x.json::injected.json",
        "::warning::x.json",
        "a#b.json",
        "javascript:alert(1).json",
    ];
    for name in names {
        std::fs::write(dir.join(name), UNKNOWN).unwrap();
    }
    for format in ["text", "compact"] {
        let o = run_in(&dir, &["--format", format, "."], None);
        let out = stdout(&o);
        assert_eq!(
            out.lines().filter(|l| l.contains("IAM003")).count(),
            4,
            "{out}"
        );
        assert!(out.lines().all(|l| !l.starts_with("::")), "{format}: {out}");
        assert!(
            out.contains("a\\u{a}::error file=x.json::injected.json"),
            "{out}"
        );
    }
    let o = run_in(&dir, &["--format", "sarif", "."], None);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let v = crate::sarif::validator();
    assert_eq!(crate::sarif::errors(&v, &doc), Vec::<String>::new());
    let mut uris: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    uris.sort();
    assert_eq!(
        uris,
        [
            "./%3A%3Awarning%3A%3Ax.json",
            "./a%0A%3A%3Aerror%20file%3Dx.json%3A%3Ainjected.json",
            "./a%23b.json",
            "./javascript%3Aalert%281%29.json",
        ]
    );
}

#[test]
fn many_repeated_keys_are_one_finding_past_a_cap() {
    let keys: String = (0..1000).map(|_| "\"a\": 1,").collect();
    let text = format!("{{{keys} \"Statement\": []}}");
    let r = aws_iam_lint::check_text("p.json", &text, aws_iam_lint::Options::default());
    let dups: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.message.contains("twice"))
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(dups.len(), 21, "{dups:?}");
    assert_eq!(dups[20], "979 more keys are given twice in this document");
}
