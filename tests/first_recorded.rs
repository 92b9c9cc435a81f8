//! `first_recorded()` against `snapshots/first-recorded.json`, the file the
//! generator read: every service, action, resource type and condition key of
//! the crate has the date the file gives it (names ignoring case), and the
//! dates the corpus's recordings support.

use std::collections::HashMap;

use aws_iam_catalog::{Date, HISTORY_SINCE, Service, chime, s3};

type Dates = HashMap<(String, &'static str, String), String>;

/// `(prefix, kind, lowercased name) -> date`, and each service's date.
fn file() -> (String, HashMap<String, String>, Dates) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/snapshots/first-recorded.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let mut services = HashMap::new();
    let mut items = HashMap::new();
    for (prefix, s) in json["services"].as_object().unwrap() {
        services.insert(
            prefix.clone(),
            s["first_recorded"].as_str().unwrap().to_string(),
        );
        for kind in ["actions", "resource_types", "condition_keys"] {
            for (name, date) in s[kind].as_object().into_iter().flatten() {
                items.insert(
                    (prefix.clone(), kind, name.to_ascii_lowercase()),
                    date.as_str().unwrap().to_string(),
                );
            }
        }
    }
    (json["since"].as_str().unwrap().to_string(), services, items)
}

#[test]
fn every_item_has_the_date_of_the_file() {
    let (since, services, items) = file();
    assert_eq!(HISTORY_SINCE.to_string(), since);
    let (mut checked, mut after_data) = (0, 0);
    let data_date = Date::parse_iso(aws_iam_catalog::DATA_VERSION.date).unwrap();
    // An item the file lacks (a resource type or key an action names that
    // its service's table does not define, which the generator adds; an
    // item the daily update brought that the file does not date yet), or
    // that it dates after the data (the file is of later recordings than a
    // snapshot of older pages), has the data's date.
    let mut undated = 0;
    let data_day = data_date.to_string();
    let mut check = |got: Date, want: Option<&String>, what: &str| match want {
        Some(want) if *want <= data_day => assert_eq!(got.to_string(), *want, "{what}"),
        _ => {
            assert_eq!(got, data_date, "{what}: not in first-recorded.json");
            undated += 1;
        }
    };
    for s in Service::all() {
        let p = s.prefix().to_string();
        check(s.first_recorded(), services.get(&p), &p);
        for a in s.actions() {
            check(
                a.first_recorded(),
                items.get(&(p.clone(), "actions", a.name().to_ascii_lowercase())),
                &a.to_string(),
            );
            after_data += usize::from(a.first_recorded() > data_date);
            checked += 1;
        }
        for r in s.resource_types() {
            check(
                r.first_recorded(),
                items.get(&(p.clone(), "resource_types", r.name().to_ascii_lowercase())),
                &format!("{p} {}", r.name()),
            );
            checked += 1;
        }
        for k in s.condition_keys() {
            check(
                k.first_recorded(),
                items.get(&(p.clone(), "condition_keys", k.name().to_ascii_lowercase())),
                &format!("{p} {}", k.name()),
            );
            checked += 1;
        }
    }
    assert!(checked > 25_000, "{checked}");
    // Most items dated by the file (a day's new items are few beside the
    // catalog's 26,000), not by the data.
    assert!(
        undated * 20 < checked,
        "{undated} of {checked} items without a date"
    );
    assert_eq!(
        after_data, 0,
        "no item is first recorded after the data's date"
    );
}

#[test]
fn dates_the_corpus_supports() {
    // In the first recording (2019-10-18): "on or before".
    assert_eq!(HISTORY_SINCE.to_string(), "2019-10-18");
    assert_eq!(Service::S3.first_recorded(), HISTORY_SINCE);
    assert_eq!(s3::GET_OBJECT.first_recorded(), HISTORY_SINCE);
    assert_eq!(
        Service::lookup("chime").unwrap().first_recorded(),
        HISTORY_SINCE
    );
    // AWS IQ's and AWS Support's pages of 2019-10-18 say the service has no
    // actions: a service with none, recorded from the first recording on.
    for prefix in ["iq", "support"] {
        assert_eq!(
            Service::lookup(prefix).unwrap().first_recorded(),
            HISTORY_SINCE,
            "{prefix}"
        );
    }
    // Chime's page of 2019-10-18 and 2019-11-21 has no CreateMeeting; the
    // recording of 2020-01-29 is the first that does.
    assert_eq!(
        chime::CREATE_MEETING.first_recorded().to_string(),
        "2020-01-29"
    );
}
