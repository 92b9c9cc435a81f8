//! Every action's description and documentation URL, as the crate gives
//! them back, against `snapshots/services/*.json`: the crate stores
//! descriptions coded and each kind of string apart, and no byte may be
//! lost on the way.

use aws_iam_catalog::{Action, Description};

mod snapshot;
use snapshot::snapshot_services;

#[test]
fn every_description_and_doc_url_round_trips() {
    let mut checked = 0;
    let mut unprefixed = 0;
    for service in snapshot_services() {
        let prefix = service["prefix"].as_str().expect("a prefix");
        for a in service["actions"].as_array().expect("actions") {
            let name = a["name"].as_str().expect("a name");
            let action = Action::lookup(&format!("{prefix}:{name}"))
                .unwrap_or_else(|| panic!("{prefix}:{name} is in the crate"));
            let want = a["description"].as_str().unwrap_or("");
            let got = action.description();
            assert_eq!(got.to_string(), want, "{prefix}:{name}");
            assert!(got == want, "{prefix}:{name}: == &str");
            assert_eq!(got.is_empty(), want.is_empty(), "{prefix}:{name}");
            assert_eq!(
                action.doc_url(),
                a["doc_url"].as_str().filter(|u| !u.is_empty()),
                "{prefix}:{name}"
            );
            unprefixed += usize::from(!want.starts_with("Grants permission to "));
            checked += 1;
        }
    }
    let manifest = include_str!("../snapshots/manifest.toml");
    assert!(
        manifest.contains(&format!("\nactions = {checked}\n")),
        "snapshots/manifest.toml counts other than {checked} actions"
    );
    // Some do not open with the shared prefix: the flag path is exercised.
    assert!(unprefixed > 100, "{unprefixed}");
}

#[test]
fn a_description_compares_only_with_its_whole_text() {
    let d: Description = "s3:GetObject".parse::<Action>().unwrap().description();
    let text = "Grants permission to retrieve objects from Amazon S3";
    assert_eq!(d, text);
    assert_eq!(text, d);
    assert!(d != "Grants permission to retrieve objects from Amazon");
    assert!(d != "Grants permission to retrieve objects from Amazon S3.");
    assert!(!d.is_empty() && d != "Grants permission to ");
    assert_eq!(format!("{d:?}"), format!("{text:?}"));
    assert_eq!(d.parts().collect::<String>(), text);
}
