//! The typed crate over the committed snapshot (`snapshots/`, data of
//! 2026-07-01). Expected figures were counted from
//! `snapshots/services/*.json`, not from the crate.

use std::collections::BTreeSet;

use aws_iam_catalog::{
    AccessLevel, Action, ConditionKeyType, DATA_VERSION, Deprecation, NoticeKind, ParseActionError,
    Service, chime, s3,
};

/// IAM's wildcard semantics, written the obvious (slow) way to check the
/// crate's indexed matcher against.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match pattern.split_first() {
        None => text.is_empty(),
        Some((b'*', rest)) => (0..=text.len()).any(|i| glob(rest, &text[i..])),
        Some((b'?', rest)) => !text.is_empty() && glob(rest, &text[1..]),
        Some((c, rest)) => {
            text.first().is_some_and(|t| t.eq_ignore_ascii_case(c)) && glob(rest, &text[1..])
        }
    }
}

fn names(actions: impl Iterator<Item = Action>) -> BTreeSet<String> {
    actions.map(|a| a.to_string()).collect()
}

#[test]
fn case_insensitive_parse_gives_the_const() {
    let parsed: Action = "chime:createmeeting".parse().unwrap();
    assert_eq!(parsed, chime::CREATE_MEETING);
    assert_eq!(parsed.to_string(), "chime:CreateMeeting");
    assert_eq!(
        "CHIME:CreateMeeting".parse::<Action>().unwrap(),
        chime::CREATE_MEETING
    );
    assert_eq!(Action::lookup("s3:getobject"), Some(s3::GET_OBJECT));
}

#[test]
fn parse_errors_say_what_is_wrong() {
    assert!(matches!(
        "chime".parse::<Action>(),
        Err(ParseActionError::NoPrefix(_))
    ));
    let unknown_service = "nosuchservice:Get".parse::<Action>().unwrap_err();
    assert!(
        unknown_service.to_string().contains("nosuchservice"),
        "{unknown_service}"
    );
    let unknown_action = "chime:NoSuchAction".parse::<Action>().unwrap_err();
    assert!(
        unknown_action.to_string().contains("NoSuchAction"),
        "{unknown_action}"
    );
    assert!("chime:".parse::<Action>().is_err());
    assert!("".parse::<Action>().is_err());
}

#[test]
fn every_action_round_trips_through_its_string() {
    let mut count = 0;
    for a in Action::all() {
        assert_eq!(a.to_string().parse::<Action>(), Ok(a), "{a}");
        assert_eq!(
            a.to_string().to_ascii_uppercase().parse::<Action>(),
            Ok(a),
            "{a}"
        );
        assert_eq!(a.service().action(a.name()), Some(a));
        count += 1;
    }
    // 21,657 actions in the 2026-07-01 reference.
    assert_eq!(count, 21_657);
    assert_eq!(Service::all().count(), 466);
    for s in Service::all() {
        assert_eq!(s.prefix().parse::<Service>(), Ok(s));
        assert_eq!(Service::lookup(&s.prefix().to_ascii_uppercase()), Some(s));
    }
}

#[test]
fn chime_has_316_actions_and_its_list_actions_match() {
    #[allow(deprecated)]
    let chime = Service::CHIME;
    assert_eq!(chime.actions().count(), 316);
    assert_eq!(chime.name(), "Amazon Chime");

    let lists = names(Action::matching("chime:List*"));
    let expected = names(chime.actions().filter(|a| a.name().starts_with("List")));
    assert_eq!(lists, expected);
    assert_eq!(lists.len(), 51);
    assert!(lists.contains("chime:ListAccounts"));
    assert!(!lists.contains("chime:CreateMeeting"));
}

#[test]
fn matching_agrees_with_a_naive_matcher_on_every_action() {
    let everything: Vec<Action> = Action::all().collect();
    for pattern in [
        "s3:Get*",
        "s3:get*",
        "S3:GET*",
        "chime:*Meeting*",
        "chime:?reate*",
        "*:CreateMeeting",
        "ec2:Describe*s",
        "s3*:*Object*",
        "iam:*",
        "*",
        "*:*",
        "chime:CreateMeeting",
        "chime:NoSuchThing*",
        "no-such-service:*",
        "s3:",
        ":",
    ] {
        let want: BTreeSet<String> = match pattern.split_once(':') {
            Some((p, n)) => names(everything.iter().copied().filter(|a| {
                glob(p.as_bytes(), a.service().prefix().as_bytes())
                    && glob(n.as_bytes(), a.name().as_bytes())
            })),
            None => names(everything.iter().copied().filter(|_| pattern == "*")),
        };
        assert_eq!(names(Action::matching(pattern)), want, "{pattern}");
    }
    assert_eq!(Action::matching("s3:Get*").count(), 63);
    assert_eq!(Action::matching("*").count(), 21_657);
}

#[test]
fn chime_create_meeting_carries_its_fields() {
    let a = chime::CREATE_MEETING;
    assert!(a.access_level().contains(AccessLevel::Write));
    assert_eq!(a.access_level().len(), 1);
    assert!(!a.permission_only());
    assert!(
        a.description()
            .starts_with("Grants permission to create a new meeting in the specified media Region")
    );
    assert_eq!(
        a.doc_url(),
        Some("https://docs.aws.amazon.com/chime/latest/APIReference/API_CreateMeeting.html")
    );
    assert_eq!(a.resource_types().count(), 0);
    let keys: Vec<&str> = a.condition_keys().map(|k| k.name()).collect();
    assert_eq!(keys, ["aws:RequestTag/${TagKey}", "aws:TagKeys"]);
    assert_eq!(
        a.condition_keys().nth(1).unwrap().key_type(),
        Some(ConditionKeyType::ArrayOfString)
    );
    assert_eq!(a.deprecation(), None);
}

#[test]
fn resource_types_arns_and_required_flags() {
    let get_object = s3::GET_OBJECT;
    let rts: Vec<(&str, bool)> = get_object
        .resource_types()
        .map(|r| (r.resource_type().name(), r.required()))
        .collect();
    assert_eq!(rts, [("accesspointobject", false), ("object", false)]);
    let required: Vec<(&str, bool)> = chime::ASSOCIATE_CHANNEL_FLOW
        .resource_types()
        .map(|r| (r.resource_type().name(), r.required()))
        .collect();
    assert_eq!(
        required,
        [
            ("app-instance-bot", true),
            ("app-instance-user", true),
            ("channel", true),
            ("channel-flow", true)
        ]
    );
    let object = get_object.resource_types().nth(1).unwrap().resource_type();
    assert_eq!(object.service(), Service::lookup("s3").unwrap());
    let template = object.arn_templates().next().unwrap();
    assert_eq!(
        template.as_str(),
        "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
    );
    assert_eq!(
        template.placeholders().collect::<Vec<_>>(),
        ["Partition", "BucketName", "ObjectName"]
    );
    let arn = template
        .fill(|p| match p {
            "Partition" => Some("aws"),
            "BucketName" => Some("b"),
            "ObjectName" => Some("dir/key.txt"),
            _ => None,
        })
        .unwrap();
    assert_eq!(arn, "arn:aws:s3:::b/dir/key.txt");
    assert!(template.matches(&arn));
    assert!(!template.matches("arn:aws:s3:::b"));
    assert!(!template.matches("arn:aws:ec2:::b/k"));
    let missing = template
        .fill(|p| (p == "Partition").then_some("aws"))
        .unwrap_err();
    assert_eq!(
        missing.to_string(),
        "no value for the placeholder ${BucketName}"
    );
}

#[test]
fn end_of_support_is_a_deprecation_of_the_service() {
    #[allow(deprecated)]
    let chime = Service::CHIME;
    assert_eq!(
        chime.end_of_support().map(|d| d.to_string()).as_deref(),
        Some("2026-02-20")
    );
    let Some(Deprecation::EndOfSupport { notice }) = chime.deprecation() else {
        panic!(
            "chime should be deprecated for its end of support: {:?}",
            chime.deprecation()
        );
    };
    assert_eq!(notice.kind(), NoticeKind::EndOfSupport);
    assert!(
        notice.text().contains("February 20, 2026"),
        "{}",
        notice.text()
    );
    assert!(
        notice
            .url()
            .starts_with("https://docs.aws.amazon.com/chime/")
    );
    // Services without a notice are not deprecated.
    assert_eq!(Service::lookup("s3").unwrap().deprecation(), None);
    assert_eq!(Service::lookup("s3").unwrap().end_of_support(), None);
}

#[test]
fn closed_vocabularies_round_trip() {
    for level in AccessLevel::ALL {
        assert_eq!(level.as_str().parse::<AccessLevel>(), Ok(*level));
        assert_eq!(level.to_string(), level.as_str());
    }
    for t in ConditionKeyType::ALL {
        assert_eq!(t.as_str().parse::<ConditionKeyType>(), Ok(*t));
    }
    for k in NoticeKind::ALL {
        assert_eq!(k.as_str().parse::<NoticeKind>(), Ok(*k));
    }
    let err = "Admin".parse::<AccessLevel>().unwrap_err();
    assert!(err.to_string().contains("Admin"), "{err}");
}

#[test]
fn data_version_matches_the_package_metadata() {
    let cargo_toml = include_str!("../Cargo.toml");
    assert!(cargo_toml.contains(&format!("data-date = \"{}\"", DATA_VERSION.date)));
    assert!(cargo_toml.contains(&format!("data-sha256 = \"{}\"", DATA_VERSION.sha256)));
    let manifest = include_str!("../snapshots/manifest.toml");
    assert!(
        manifest.contains(DATA_VERSION.sha256),
        "snapshots/manifest.toml names another hash"
    );
}
