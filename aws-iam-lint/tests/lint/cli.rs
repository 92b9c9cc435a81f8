//! The binary: inputs (files, directories, stdin), formats, exit statuses.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use crate::util::fixture;

pub(crate) fn run(args: &[&str], stdin: Option<&str>) -> Output {
    run_in(&fixture(""), args, stdin)
}

/// Runs the binary in `dir`.
pub(crate) fn run_in(dir: &std::path::Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_aws-iam-lint"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.unwrap_or("").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

pub(crate) fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn exit_statuses_follow_fail_on() {
    let clean = run(&["codes/clean-bucket-policy.json"], None);
    assert_eq!(clean.status.code(), Some(0), "{}", stdout(&clean));
    assert!(stdout(&clean).contains("0 finding(s) in 1 document(s)"));
    let warning = run(&["codes/IAM012-allow-not-action.json"], None);
    assert_eq!(warning.status.code(), Some(1));
    assert!(stdout(&warning).contains(
        "codes/IAM012-allow-not-action.json:6 $.Statement[0].NotAction: warning IAM012 allow-not-action:"
    ));
    let only_errors = run(
        &["--fail-on", "error", "codes/IAM012-allow-not-action.json"],
        None,
    );
    assert_eq!(only_errors.status.code(), Some(0));
    let info = run(&["codes/IAM004-action-case.json"], None);
    assert_eq!(info.status.code(), Some(0));
    let info = run(
        &["--fail-on", "info", "codes/IAM004-action-case.json"],
        None,
    );
    assert_eq!(info.status.code(), Some(1));
    let never = run(
        &["--fail-on", "never", "codes/IAM001-malformed-policy.json"],
        None,
    );
    assert_eq!(never.status.code(), Some(0));
}

#[test]
fn unreadable_input_is_exit_2_and_names_it() {
    let missing = run(&["no-such-policy.json"], None);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-policy.json"));
    let binary = run(&["-"], Some("\u{0}")).status.code();
    assert_eq!(binary, Some(1), "NUL is not JSON: a malformed finding");
}

#[test]
fn stdin_and_directories() {
    let o = run(
        &["--format", "json", "-"],
        Some(r#"{"Statement": {"Effect": "Allow", "Action": "s3:getobject", "Resource": "*"}}"#),
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["findings"][0]["file"], "-");
    assert_eq!(doc["findings"][0]["code"], "IAM004");
    assert_eq!(doc["findings"][0]["suggestion"], "s3:GetObject");
    assert_eq!(doc["statements"][0]["access"]["Read"], 1);
    let dir = run(&["--format", "json", "--fail-on", "never", "seed"], None);
    let doc: serde_json::Value = serde_json::from_str(&stdout(&dir)).unwrap();
    assert_eq!(doc["documents"], 8);
    let sarif = run(
        &["--format", "sarif", "codes/IAM003-unknown-action.json"],
        None,
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&sarif)).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    assert_eq!(doc["runs"][0]["results"][0]["ruleId"], "IAM003");
}

#[test]
fn summary_lists_access_levels() {
    let o = run(&["--summary", "seed/AmazonChimeReadOnly.json"], None);
    let text = stdout(&o);
    let line = text
        .lines()
        .find(|l| l.starts_with("seed/AmazonChimeReadOnly.json statement 0:"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(line.contains(": Allow "), "{line}");
    assert!(line.contains("List ") && line.contains("Read "), "{line}");
    assert!(!line.contains("Write"), "{line}");
}
