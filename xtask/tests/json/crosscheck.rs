//! `cargo xtask crosscheck A B`.

use crate::util::{corpus, fixtures, xtask};

fn run(args: &[&std::ffi::OsStr]) -> (i32, String, String) {
    let out = xtask().arg("crosscheck").args(args).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn old_html_against_its_json_twin_classes_every_difference() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let html = "sar-html/2026-02-01/";
    let pages = super::copy_into(
        &corpus,
        &tmp.path().join("pages"),
        &[
            &format!("{html}list_amazonsqs.html"),
            &format!("{html}list_awsiamidentitycenter.html"),
            &format!("{html}list_awsiamidentitycentersuccessortoawssinglesign-on.html"),
            &format!("{html}list_awsdeeplens.html"),
            &format!("{html}list_amazonchime.html"),
        ],
    );
    let json = "service-reference-json/2026-02-04/";
    let twins = super::copy_into(
        &corpus,
        &tmp.path().join("json"),
        &[
            &format!("{json}sqs.json"),
            &format!("{json}sso.json"),
            &format!("{json}chime.json"),
            &format!("{json}dynamodb.json"),
        ],
    );
    let (code, out, err) = run(&[
        pages.as_os_str(),
        twins.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
    ]);
    assert_eq!(code, 1, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
    let count = |class: &str| {
        doc["classes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["class"] == class)
            .map_or(0, |c| c["count"].as_u64().unwrap())
    };
    // DeepLens is documented by the HTML and gone from the JSON; DynamoDB
    // the other way round here.
    assert_eq!(count("service-only-first"), 1);
    assert_eq!(count("service-only-second"), 1);
    // IAM Identity Center (prefix sso, two pages): 6 actions only the HTML
    // has (the successor page's), 4 only the JSON (the Region actions).
    assert_eq!(count("action-only-first"), 6);
    assert_eq!(count("action-only-second"), 4);
    // SetQueueAttributes: Write on the page, permissions management in the JSON.
    assert_eq!(count("access-level"), 1);
    assert!(count("flagged-write-too") > 10);
    let findings = doc["findings"].as_array().unwrap();
    assert!(findings.iter().any(|f| f["service"] == "sqs"
        && f["item"] == "action SetQueueAttributes"
        && f["first"] == "Write"
        && f["second"] == "IsWrite, IsPermissionManagement"));
    assert_eq!(
        doc["discrepancies"].as_u64().unwrap() as usize,
        findings
            .iter()
            .filter(|f| f["class"] != "flagged-write-too")
            .count()
    );
}

#[test]
fn identical_readings_agree_and_unreadable_ones_are_trouble() {
    let page = fixtures().join("new-layout/july2026_list_codestar.html");
    let (code, out, _) = run(&[page.as_os_str(), page.as_os_str()]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("they agree"), "{out}");
    let (code, _, err) = run(&[page.as_os_str(), "/nonexistent/pages".as_ref()]);
    assert_eq!(code, 2);
    assert!(err.contains("/nonexistent/pages"), "{err}");
    let (code, out, _) = run(&[
        page.as_os_str(),
        page.as_os_str(),
        "--format".as_ref(),
        "markdown".as_ref(),
    ]);
    assert_eq!(code, 0);
    assert!(out.starts_with("# Crosscheck"), "{out}");
}
