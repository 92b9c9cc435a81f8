//! IAM017 (`--since DATE`) on the committed catalog: what it names is
//! checked against `snapshots/first-recorded.json`, the data the dates are
//! generated from.

use std::collections::BTreeMap;
use std::path::Path;

use aws_iam_catalog::{Action, Date, Deprecation, HISTORY_SINCE};
use aws_iam_lint::{Code, Options, Report, check_text};

use crate::cli::{run, stdout};
use crate::util::{fixture, the};

fn date(s: &str) -> Date {
    Date::parse_iso(s).unwrap()
}

fn since(text: &str, on: &str) -> Report {
    let options = Options {
        since: Some(date(on)),
        ..Options::default()
    };
    check_text("since.json", text, options)
}

fn fixture_since(on: &str) -> Report {
    let text = std::fs::read_to_string(fixture("codes/IAM017-grants-newer-actions.json")).unwrap();
    since(&text, on)
}

/// `snapshots/first-recorded.json`: service → action → date, for the
/// actions the catalog has and a wildcard grants (a tombstone, kept
/// until the half-yearly major release, parses but grants nothing: after an
/// update that removes actions the two differ).
fn recorded(prefix: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots/first-recorded.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["since"], HISTORY_SINCE.to_string());
    json["services"][prefix]["actions"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, d)| (format!("{prefix}:{name}"), d.as_str().unwrap().to_string()))
        .filter(|(a, _)| {
            a.parse::<Action>()
                .is_ok_and(|a| !matches!(a.deprecation(), Some(Deprecation::Removed { .. })))
        })
        .collect()
}

/// The `action (date)` examples of a message.
fn examples(message: &str) -> Vec<(String, String)> {
    let list = message.split_once(": ").unwrap().1;
    let list = list.split(';').next().unwrap();
    list.split(", ")
        .filter(|e| *e != "…")
        .map(|e| {
            let (a, d) = e
                .split_once(" (")
                .unwrap_or_else(|| panic!("{e:?} in {message}"));
            (a.to_string(), d.trim_end_matches(')').to_string())
        })
        .collect()
}

#[test]
fn s3_star_since_2024_names_what_the_snapshot_dates_after_it() {
    let r = fixture_since("2024-01-01");
    let f = the(&r, Code::GrantsNewerActions, "$.Statement[0].Action[0]");
    let s3 = recorded("s3");
    let newer: BTreeMap<&String, &String> = s3
        .iter()
        .filter(|(_, d)| d.as_str() > "2024-01-01")
        .collect();
    assert!(newer.len() > 10, "{newer:?}");
    assert!(
        f.message.starts_with(&format!(
            "\"s3:*\" grants {} actions first recorded after 2024-01-01: ",
            newer.len()
        )),
        "{}",
        f.message
    );
    let shown = examples(&f.message);
    assert_eq!(shown.len(), 3, "{}", f.message);
    // The newest first: each example with its own date, and no newer
    // action left out for an older one.
    let mut dates: Vec<&String> = newer.values().copied().collect();
    dates.sort_unstable_by(|a, b| b.cmp(a));
    for ((action, d), newest) in shown.iter().zip(dates) {
        assert_eq!(
            newer.get(action).copied(),
            Some(d),
            "{action} in {}",
            f.message
        );
        assert_eq!(d, newest, "{action} in {}", f.message);
    }
    // `s3:Get*` grows too; the literal `s3:GetObject` cannot.
    let get = the(&r, Code::GrantsNewerActions, "$.Statement[0].Action[2]");
    let newer_gets = newer.keys().filter(|a| a.starts_with("s3:Get")).count();
    assert!(
        get.message
            .starts_with(&format!("\"s3:Get*\" grants {newer_gets} action")),
        "{}",
        get.message
    );
}

#[test]
fn deny_is_not_reported_and_not_action_counts_all_it_leaves_out() {
    let r = fixture_since("2024-01-01");
    let paths: Vec<&str> = r
        .findings
        .iter()
        .filter(|f| f.code == Code::GrantsNewerActions)
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(
        paths,
        [
            "$.Statement[0].Action[0]",
            "$.Statement[0].Action[2]",
            "$.Statement[2].NotAction"
        ]
    );
    let f = the(&r, Code::GrantsNewerActions, "$.Statement[2].NotAction");
    let cut = date("2024-01-01");
    let expected = Action::all()
        .filter(|a| a.first_recorded() > cut)
        .filter(|a| !matches!(a.service().prefix(), "iam" | "organizations"))
        .count();
    assert!(
        f.message.starts_with(&format!(
            "Allow with NotAction grants {expected} actions first recorded after 2024-01-01: "
        )),
        "{}",
        f.message
    );
    assert!(!f.message.contains("iam:"), "{}", f.message);
}

#[test]
fn off_without_since_and_silent_after_the_data() {
    let text = std::fs::read_to_string(fixture("codes/IAM017-grants-newer-actions.json")).unwrap();
    let r = check_text("since.json", &text, Options::default());
    assert!(
        r.findings
            .iter()
            .all(|f| f.code != Code::GrantsNewerActions)
    );
    let data = date(aws_iam_catalog::DATA_VERSION.date);
    let r = fixture_since(&data.to_string());
    assert!(
        r.findings
            .iter()
            .all(|f| f.code != Code::GrantsNewerActions),
        "{:#?}",
        r.findings
    );
}

/// Before the history's first recording, 2019-10-18, nothing it already had
/// can be dated: only what came later is reported, the rest counted apart.
#[test]
fn a_date_before_the_history_reports_only_what_came_after_it() {
    let r = fixture_since("2015-06-01");
    let f = the(&r, Code::GrantsNewerActions, "$.Statement[0].Action[0]");
    let s3 = recorded("s3");
    let first = HISTORY_SINCE.to_string();
    let later = s3.values().filter(|d| **d > first).count();
    let undatable = s3.values().filter(|d| **d == first).count();
    assert!(later > 0 && undatable > 50, "{later} {undatable}");
    assert_eq!(
        f.message,
        format!(
            "\"s3:*\" grants {later} actions first recorded after 2015-06-01: {}, …; {undatable} more it grants were in the first recording (2019-10-18) and cannot be dated against 2015-06-01",
            examples(&f.message)
                .iter()
                .map(|(a, d)| format!("{a} ({d})"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    // The command line says so once, on standard error.
    let o = run(
        &[
            "--since",
            "2015-06-01",
            "codes/IAM017-grants-newer-actions.json",
        ],
        None,
    );
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(
            "--since 2015-06-01 is before the first recording of the history (2019-10-18)"
        ),
        "{err}"
    );
}

#[test]
fn command_line_config_and_every_format() {
    let file = "codes/IAM017-grants-newer-actions.json";
    let o = run(
        &["--since", "2024-01-01", "--format", "compact", file],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.contains("IAM017") && out.contains("\"s3:*\" grants"),
        "{out}"
    );
    for format in ["text", "json", "sarif"] {
        let o = run(&["--since", "2024-01-01", "--format", format, file], None);
        let out = stdout(&o);
        assert!(
            out.contains("IAM017") && out.contains("first recorded after 2024-01-01"),
            "{format}: {out}"
        );
    }
    // Off without it (the file's name holds the code: look for the message).
    let o = run(&["--format", "compact", file], None);
    assert!(
        !stdout(&o).contains("first recorded after"),
        "{}",
        stdout(&o)
    );
    // A bad date: exit 2, naming it.
    let o = run(&["--since", "2024-02-30", file], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("\"2024-02-30\" is not a date"), "{err}");
    // The configuration's `since`, as a TOML date or a string.
    let dir = std::env::temp_dir().join(format!("aws-iam-lint-since-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let policy = dir.join("p.json");
    std::fs::copy(fixture(file), &policy).unwrap();
    for (config, ok) in [
        ("since = 2024-01-01\n", true),
        ("since = \"2024-01-01\"\n", true),
        ("since = \"01/01/2024\"\n", false),
        ("since = 2024-01-01T10:00:00Z\n", false),
    ] {
        std::fs::write(dir.join("aws-iam-lint.toml"), config).unwrap();
        let o = crate::cli::run_in(&dir, &["--format", "compact", "p.json"], None);
        if ok {
            assert!(
                stdout(&o).contains("IAM017 \"s3:*\" grants"),
                "{config}: {}",
                stdout(&o)
            );
        } else {
            assert_eq!(o.status.code(), Some(2), "{config}");
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(
                err.contains("since: ") && err.contains("is not a date"),
                "{err}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
