//! The configuration file and the code selection flags, through the binary:
//! suppressions by code, path, Sid and action, `--select`/`--ignore`,
//! grouping, and configurations that are wrong.

use crate::cli::{run, run_in, stdout};

fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

const TWO_STATEMENTS: &str = r#"{"Statement": [
  {"Sid": "Legacy", "Effect": "Allow", "Action": ["s3:GetObjectz", "s3:getobject"], "Resource": "*"},
  {"Sid": "New", "Effect": "Allow", "Action": ["s3:PutObjectz", "ec2:describeinstances"], "Resource": "*"}
]}"#;

fn codes(o: &std::process::Output) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap(),
                f["path"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn the_working_directorys_config_suppresses_by_sid_action_and_code() {
    let dir = scratch("config-found");
    std::fs::write(dir.join("p.json"), TWO_STATEMENTS).unwrap();
    let all = run_in(&dir, &["--format", "json", "p.json"], None);
    assert_eq!(codes(&all).len(), 4, "{:?}", codes(&all));
    std::fs::write(
        dir.join("aws-iam-lint.toml"),
        r#"
# The legacy statement is kept as it is until the migration.
[[suppress]]
sids = ["Legacy"]
reason = "migration"

[[suppress]]
actions = ["ec2:Describe*"]
"#,
    )
    .unwrap();
    let o = run_in(&dir, &["--format", "json", "p.json"], None);
    assert_eq!(codes(&o), ["IAM003 $.Statement[1].Action[0]"]);
    // --ignore adds to the file's, --select chooses.
    let o = run_in(
        &dir,
        &["--format", "json", "--ignore", "IAM003", "p.json"],
        None,
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(codes(&o).is_empty());
    let o = run_in(
        &dir,
        &[
            "--format",
            "json",
            "--config",
            "/dev/null",
            "--select",
            "action-case",
            "p.json",
        ],
        None,
    );
    assert_eq!(
        codes(&o),
        [
            "IAM004 $.Statement[0].Action[1]",
            "IAM004 $.Statement[1].Action[1]"
        ]
    );
}

#[test]
fn path_globs_and_wrong_configs() {
    let dir = scratch("config-paths");
    std::fs::create_dir_all(dir.join("vendor/x")).unwrap();
    std::fs::write(dir.join("vendor/x/p.json"), TWO_STATEMENTS).unwrap();
    std::fs::write(dir.join("p.json"), TWO_STATEMENTS).unwrap();
    std::fs::write(
        dir.join("lint.toml"),
        "format = \"compact\"\n[[suppress]]\npaths = [\"vendor/**\"]\n",
    )
    .unwrap();
    let o = run_in(&dir, &["--config", "lint.toml", "p.json", "vendor"], None);
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 4, "{out}");
    assert!(out.lines().all(|l| l.starts_with("p.json:")), "{out}");
    for (config, complaint) in [
        ("selct = []", "selct"),
        ("ignore = [\"IAM099\"]", "IAM099"),
        ("[[suppress]]\nreason = \"why\"", "at least one"),
        ("format = \"xml\"", "xml"),
    ] {
        std::fs::write(dir.join("bad.toml"), config).unwrap();
        let o = run_in(&dir, &["--config", "bad.toml", "p.json"], None);
        assert_eq!(o.status.code(), Some(2), "{config}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(complaint), "{config}: {err}");
    }
}

#[test]
fn one_code_on_one_statement_is_grouped() {
    // AmazonChimeUserManagement: 36 IAM007 findings on one statement.
    let o = run(&["seed/AmazonChimeUserManagement.json"], None);
    let text = stdout(&o);
    let lines: Vec<&str> = text.lines().filter(|l| l.contains("IAM007")).collect();
    assert_eq!(lines.len(), 1, "{text}");
    assert!(
        lines[0].contains("(and 35 more IAM007 finding(s) on this statement: \"chime:"),
        "{}",
        lines[0]
    );
    assert!(text.contains("36 finding(s) in 1 document(s)"), "{text}");
    let o = run(
        &["--format", "json", "seed/AmazonChimeUserManagement.json"],
        None,
    );
    let doc: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(doc["findings"][0]["also"], 35);
    assert_eq!(doc["counts"]["IAM007"], 36);
    let o = run(&["--no-group", "seed/AmazonChimeUserManagement.json"], None);
    assert_eq!(
        stdout(&o).lines().filter(|l| l.contains("IAM007")).count(),
        36
    );
}
