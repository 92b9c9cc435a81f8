//! The typed crate over the committed snapshot (`snapshots/`). Expected
//! figures are counted from `snapshots/` (its manifest's `[counts]` and
//! `services/*.json`), not from the crate, and not written here: a pull
//! request of the daily job that adds or removes actions changes the
//! snapshot and the generated tables together, and these tests check the
//! one against the other. (tests/ is not in the published package, so the
//! snapshot is always beside them.)

use std::collections::BTreeSet;

use aws_iam_catalog::{
    AccessLevel, Action, ConditionKey, ConditionKeyType, DATA_VERSION, DataVersion, Deprecation,
    GlobalConditionKey, KeySource, Notice, NoticeKind, ParseActionError, ResourceType, Service,
    chime, connect, ec2, s3, wildcard_match, wildcard_match_ignore_case,
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

/// A figure of the `[counts]` table of `snapshots/manifest.toml`, which
/// `cargo xtask export` writes beside the JSON the generator reads.
fn snapshot_count(key: &str) -> usize {
    let manifest = include_str!("../snapshots/manifest.toml");
    let counts = manifest
        .split_once("\n[counts]\n")
        .expect("snapshots/manifest.toml has [counts]")
        .1;
    counts
        .lines()
        .take_while(|l| !l.starts_with('['))
        .find_map(|l| {
            l.strip_prefix(key)?
                .trim()
                .strip_prefix('=')?
                .trim()
                .parse()
                .ok()
        })
        .unwrap_or_else(|| panic!("snapshots/manifest.toml: no count {key}"))
}

/// The action names of `prefix` in `snapshots/services/PREFIX.json`.
fn snapshot_actions(prefix: &str) -> Vec<String> {
    let path = format!(
        "{}/snapshots/services/{prefix}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let service: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    let names: Vec<String> = service["actions"]
        .as_array()
        .unwrap_or_else(|| panic!("{path}: no actions"))
        .iter()
        .map(|a| a["name"].as_str().expect("an action name").to_string())
        .collect();
    // An empty expectation would let a crate without the service pass.
    assert!(!names.is_empty(), "{path}: no actions");
    names
}

/// How many keys `snapshots/global-condition-keys.json` lists.
fn snapshot_global_keys() -> usize {
    let text = include_str!("../snapshots/global-condition-keys.json");
    let keys: serde_json::Value = serde_json::from_str(text).expect("the global keys' JSON");
    keys["keys"].as_array().expect("a list of keys").len()
}

/// How many of `prefix`'s snapshot actions `name_pattern` matches (IAM's
/// wildcards, case ignored).
fn snapshot_matching(prefix: &str, name_pattern: &str) -> usize {
    snapshot_actions(prefix)
        .iter()
        .filter(|n| glob(name_pattern.as_bytes(), n.as_bytes()))
        .count()
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

/// The name index (a hash that folds bit 5 of every byte) confirms a
/// probe by comparing the whole name: near misses, names that fold to the
/// same hash, prefix and name swapped or split elsewhere are not actions.
#[test]
fn near_misses_are_not_actions() {
    for s in [
        "s3:GetObjec",
        "s3:GetObjectt",
        "s3 :GetObject",
        "s3:GetObject ",
        "s3:GetObject\0",
        "GetObject:s3",
        "s3GetObject:",
        "s3:Get:Object",
        "s3::GetObject",
        "S\x13:GetObject",
        "s3\x1aGetObject",
        "s3:gET\x0fBJECT",
    ] {
        let r = s.parse::<Action>();
        assert!(r.is_err(), "{s:?} parsed as {r:?}");
        assert_eq!(Action::lookup(s), None, "{s:?}");
    }
    for s in ["S\x13", "s3 ", "\x13\x13"] {
        assert_eq!(Service::lookup(s), None, "{s:?}");
    }
    // The errors still say which part is unknown.
    assert!(matches!(
        "s3:GetObjec".parse::<Action>(),
        Err(ParseActionError::UnknownAction { .. })
    ));
    assert!(matches!(
        "s\x13:GetObject".parse::<Action>(),
        Err(ParseActionError::UnknownService(_))
    ));
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
    assert_eq!(count, snapshot_count("actions"));
    assert_eq!(Service::all().count(), snapshot_count("services"));
    for s in Service::all() {
        assert_eq!(s.prefix().parse::<Service>(), Ok(s));
        assert_eq!(Service::lookup(&s.prefix().to_ascii_uppercase()), Some(s));
    }
}

#[test]
fn chime_has_its_snapshot_actions_and_its_list_actions_match() {
    #[allow(deprecated)]
    let chime = Service::CHIME;
    assert_eq!(chime.actions().count(), snapshot_actions("chime").len());
    assert_eq!(chime.name(), "Amazon Chime");

    let lists = names(Action::matching("chime:List*"));
    let expected = names(chime.actions().filter(|a| a.name().starts_with("List")));
    assert_eq!(lists, expected);
    assert_eq!(lists.len(), snapshot_matching("chime", "List*"));
    assert!(lists.contains("chime:ListAccounts"));
    assert!(!lists.contains("chime:CreateMeeting"));
}

/// Patterns of a managed policy's size (6,144 characters) that would be
/// a glob of thousands of steps per action: runs of `*` match what one
/// does, and more non-`*` characters than a name has match nothing.
#[test]
fn hostile_patterns_answer_as_their_short_forms() {
    let stars = format!("*:{}", "*".repeat(6142));
    assert_eq!(Action::matching(&stars).count(), Action::all().count());
    let s3 = format!("s3:Get{}", "*".repeat(6000));
    assert!(Action::matching(&s3).eq(Action::matching("s3:Get*")));
    let inner = format!("s3:{}Object{}", "*".repeat(3000), "*".repeat(3000));
    assert!(Action::matching(&inner).eq(Action::matching("s3:*Object*")));
    let alternating = format!("*:{}", "*a".repeat(3071));
    assert_eq!(Action::matching(&alternating).count(), 0);
    let prefix_stars = format!("{}:CreateMeeting", "*".repeat(6000));
    assert!(Action::matching(&prefix_stars).eq(Action::matching("*:CreateMeeting")));
}

#[test]
fn matching_agrees_with_a_naive_matcher_on_every_action() {
    let everything: Vec<Action> = Action::all().collect();
    for pattern in [
        "s3:Get*",
        "s3:get*",
        "S3:GET*",
        "s3*:Get*",
        "chime:create*",
        "ec2:DescribeInstances*",
        "iam:**",
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
    let s3_gets = snapshot_matching("s3", "Get*");
    assert!(s3_gets > 0);
    assert_eq!(Action::matching("s3:Get*").count(), s3_gets);
    assert_eq!(Action::matching("*").count(), snapshot_count("actions"));
}

#[test]
fn chime_create_meeting_carries_its_fields() {
    let a = chime::CREATE_MEETING;
    assert!(a.access_level().contains(AccessLevel::Write));
    assert_eq!(a.access_level().len(), 1);
    assert!(!a.permission_only());
    assert!(
        a.description()
            .to_string()
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

/// The first ARN template of `prefix`'s resource type `name`.
fn template(prefix: &str, name: &str) -> aws_iam_catalog::ArnTemplate {
    Service::lookup(prefix)
        .unwrap()
        .resource_type(name)
        .unwrap_or_else(|| panic!("{prefix} has no resource type {name}"))
        .arn_templates()
        .next()
        .unwrap()
}

#[test]
fn bucket_template_does_not_match_an_object_arn() {
    let bucket = template("s3", "bucket");
    assert_eq!(bucket.as_str(), "arn:${Partition}:s3:::${BucketName}");
    assert!(bucket.matches("arn:aws:s3:::my-bucket"));
    assert!(!bucket.matches("arn:aws:s3:::my-bucket/photos/cat.jpg"));
    assert!(template("s3", "object").matches("arn:aws:s3:::my-bucket/photos/cat.jpg"));
    let fits: Vec<String> = Service::S3
        .resource_types_for_arn("arn:aws:s3:::my-bucket/photos/cat.jpg")
        .map(|r| r.to_string())
        .collect();
    assert_eq!(fits, ["s3:object"]);
}

#[test]
fn log_group_template_does_not_match_a_log_stream_arn() {
    let group = template("logs", "log-group");
    let stream = template("logs", "log-stream");
    let stream_arn =
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:log-stream:2026/07/01/abc";
    assert!(!group.matches(stream_arn), "{group}");
    assert!(stream.matches(stream_arn), "{stream}");
    // Log group names hold `/`.
    assert!(group.matches("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f"));
    // The second form CloudWatch Logs documents for a log group, with
    // `:*` after it, as its guide and AWS's managed policies write it.
    assert!(group.matches("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*"));
    let logs = Service::lookup("logs").unwrap();
    let fits =
        |arn: &str| -> Vec<&str> { logs.resource_types_for_arn(arn).map(|r| r.name()).collect() };
    assert_eq!(
        fits("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f:*"),
        ["log-group", "log-stream"],
        "as a pattern, the `*` may be a stream's part too"
    );
    assert_eq!(fits(stream_arn), ["log-stream"]);
    assert_eq!(
        fits("arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/f"),
        ["log-group"]
    );
}

#[test]
fn ec2_instance_wildcard_pattern_matches_the_instance_template() {
    let instance = template("ec2", "instance");
    assert_eq!(
        instance.as_str(),
        "arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}"
    );
    assert!(instance.matches_pattern("arn:aws:ec2:*:*:instance/*"));
    assert!(instance.matches_pattern("arn:aws:ec2:us-east-?:123456789012:instance/i-*"));
    assert!(!instance.matches_pattern("arn:aws:ec2:*:*:volume/*"));
    let fits: Vec<&str> = Service::EC2
        .resource_types_for_arn("arn:aws:ec2:*:*:instance/*")
        .map(|r| r.name())
        .collect();
    assert_eq!(fits, ["instance"]);
}

/// AWS-owned resources have no account (and some no region): the
/// `${Account}` and `${Region}` segments may be empty, as the managed
/// policies write them.
#[test]
fn aws_owned_resources_fit_with_an_empty_account_or_region() {
    let document = template("ssm", "document");
    let parameter = template("ssm", "parameter");
    assert!(document.matches_pattern("arn:aws:ssm:*::document/AWS-*"));
    assert!(document.matches("arn:aws:ssm:us-east-1::document/AWS-RunShellScript"));
    assert!(parameter.matches_pattern("arn:aws:ssm:us-east-1::parameter/aws/service/*"));
    assert!(parameter.matches("arn:aws:ssm:::parameter/aws/service/x"));
    let ssm = Service::lookup("ssm").unwrap();
    let fits: Vec<&str> = ssm
        .resource_types_for_arn("arn:aws:ssm:*::document/AWS-*")
        .map(|r| r.name())
        .collect();
    assert_eq!(fits, ["document"]);
    // Still segment by segment: the empty account is not a resource name.
    assert!(!document.matches("arn:aws:ssm:us-east-1::document/"));
    assert!(!document.matches("arn:aws:ssm:us-east-1:document/AWS-RunShellScript"));
}

/// A key whose placeholder follows a `:` (KMS encryption context) fits a
/// value that holds `:` itself.
#[test]
fn encryption_context_keys_fit_their_placeholder_after_a_colon() {
    let name = "kms:EncryptionContext:aws:s3:arn";
    let k = ConditionKey::find(name).unwrap();
    assert_eq!(k.name(), "kms:EncryptionContext:${EncryptionContextKey}");
    assert!(k.fits("KMS:encryptioncontext:aws:lambda:FunctionArn"));
    let decrypt = Action::lookup("kms:Decrypt").unwrap();
    assert!(decrypt.supports_condition_key(name));
    assert!(!decrypt.supports_condition_key("kms:EncryptionContext:"));
    assert!(!decrypt.supports_condition_key("kms:EncryptionContextKeysX"));
    // The prefix's own `:` is no placeholder's separator.
    assert_eq!(ConditionKey::find("kms:aws:s3:arn"), None);
}

/// AWS Backup's recovery point template has `${Vendor}` for the service
/// and `*` for the account: documented on `ArnTemplate`.
#[test]
fn backup_vendor_template_fits_any_service_type_colon_id() {
    let rp = template("backup", "recoveryPoint");
    assert_eq!(
        rp.as_str(),
        "arn:${Partition}:${Vendor}:${Region}:*:${ResourceType}:${RecoveryPointId}"
    );
    assert!(rp.matches("arn:aws:backup:us-east-1:123456789012:recovery-point:1EB3B5E7"));
    assert!(rp.matches("arn:aws:ec2:us-east-1::snapshot:snap-1"));
    assert!(!rp.matches("arn:aws:ec2:us-east-1::image/ami-1"));
    assert!(!rp.matches("arn:aws:rds:us-east-1:123456789012:snapshot:awsbackup:job-1"));
    assert!(rp.matches_pattern("arn:aws:*:*:*:recovery-point:*"));
}

/// `ConditionKey::find` looks for a key's head in the first 256 bytes of
/// a name (`MAX_KEY_NAME` in src/condition.rs): every key is shorter, and
/// a megabyte of separators is read up to that bound only.
#[test]
fn no_key_name_is_as_long_as_the_bound_find_reads() {
    let longest = Service::all()
        .flat_map(|s| s.condition_keys().map(|k| k.name().len()))
        .chain(GlobalConditionKey::all().map(|k| k.name().len()))
        .max()
        .unwrap();
    assert!(longest < 256, "{longest}");
    let long = format!("aws:{}", "/".repeat(1 << 20));
    assert_eq!(ConditionKey::find(&long), None);
    let tag = format!("aws:ResourceTag/{}", "x/".repeat(1 << 19));
    assert_eq!(
        ConditionKey::find(&tag).map(|k| k.name()),
        Some("aws:ResourceTag/${TagKey}")
    );
}

/// `GlobalConditionKey::lookup`'s binary search needs the generator's
/// order (by name ignoring case).
#[test]
fn global_keys_are_sorted_by_name_ignoring_case_and_each_is_found() {
    let names: Vec<&str> = GlobalConditionKey::all().map(|k| k.name()).collect();
    assert_eq!(names.len(), snapshot_global_keys());
    for pair in names.windows(2) {
        assert!(
            pair[0].to_ascii_lowercase() < pair[1].to_ascii_lowercase(),
            "{} before {}",
            pair[0],
            pair[1]
        );
    }
    for k in GlobalConditionKey::all() {
        assert_eq!(GlobalConditionKey::lookup(k.name()), Some(k));
        assert_eq!(
            GlobalConditionKey::lookup(&k.name().to_ascii_uppercase()),
            Some(k)
        );
    }
    assert_eq!(GlobalConditionKey::lookup("aws:NoSuchKey"), None);
    assert_eq!(GlobalConditionKey::lookup(""), None);
}

/// codebuild's keys with a placeholder inside their last segment.
#[test]
fn a_placeholder_inside_a_key_name_is_read() {
    let create = Action::lookup("codebuild:CreateProject").unwrap();
    assert!(create.supports_condition_key("codebuild:secondarySources/src1.location"));
    assert!(create.supports_condition_key("codebuild:secondarySources/src1.auth.type"));
    assert!(!create.supports_condition_key("codebuild:secondarySources/src1.nosuchfield"));
    assert_eq!(
        ConditionKey::find("codebuild:secondarySources/src1.buildspec").map(|k| k.name()),
        Some("codebuild:secondarySources/${sourceIdentifier}.buildspec")
    );
}

#[test]
fn condition_keys_from_all_three_sources() {
    let a = s3::GET_OBJECT;
    let sources: BTreeSet<String> = a
        .condition_keys_all()
        .map(|k| match k.source() {
            KeySource::Action => "action".to_string(),
            KeySource::ResourceRow(r) => format!("row {r}"),
            KeySource::ResourceType(r) => format!("type {r}"),
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(
        sources,
        ["action", "type s3:accesspointobject", "type s3:object"]
            .map(String::from)
            .into()
    );
    let debug = format!(
        "{:?}",
        a.condition_keys_all()
            .find(|k| matches!(k.source(), KeySource::ResourceType(_)))
            .unwrap()
            .source()
    );
    assert!(debug.starts_with("ResourceType(s3:"), "{debug}");
    assert!(a.supports_condition_key("s3:ExistingObjectTag/SageMaker"));
    assert!(a.supports_condition_key("aws:ResourceTag/Project"));
    assert!(a.supports_condition_key("s3:signatureVERSION"));
    // Global keys: any action takes them, but the tag keys only where the
    // pages list them.
    assert!(a.supports_condition_key("aws:SourceIp"));
    assert!(a.supports_condition_key("AWS:PrincipalOrgID"));
    assert!(a.supports_condition_key("ec2:SourceInstanceArn"));
    let list_buckets = s3::LIST_ALL_MY_BUCKETS;
    assert!(list_buckets.supports_condition_key("aws:SourceIp"));
    assert!(!list_buckets.supports_condition_key("aws:ResourceTag/Project"));
    assert!(!list_buckets.supports_condition_key("aws:RequestTag/Project"));
    assert!(!list_buckets.supports_condition_key("aws:TagKeys"));
    let tagged: Vec<&str> = GlobalConditionKey::all()
        .filter(|g| g.depends_on_action())
        .map(|g| g.name())
        .collect();
    assert_eq!(
        tagged,
        [
            "aws:RequestTag/${TagKey}",
            "aws:ResourceTag/${TagKey}",
            "aws:TagKeys"
        ]
    );
    assert!(ec2::CREATE_TAGS.supports_condition_key("aws:RequestTag/env"));
    assert!(ec2::CREATE_TAGS.supports_condition_key("aws:TagKeys"));
    // A key on the action's resource row: ec2 RunInstances rows carry keys.
    let run = ec2::RUN_INSTANCES;
    assert!(
        run.condition_keys_all()
            .any(|k| matches!(k.source(), KeySource::ResourceRow(_)))
    );
    assert!(run.supports_condition_key("ec2:InstanceType"));
    // The three placeholder spellings of the service pages.
    let ssm = Service::lookup("ssm").unwrap();
    assert!(
        ssm.actions()
            .any(|a| a.supports_condition_key("ssm:resourceTag/env"))
    );
}

#[test]
fn any_key_is_found_by_its_full_name() {
    let k = ConditionKey::find("catalog:ChangeType").unwrap();
    assert_eq!(k.service().prefix(), "aws-marketplace");
    let tag = ConditionKey::find("aws:ResourceTag/Project").unwrap();
    assert_eq!(tag.name(), "aws:ResourceTag/${TagKey}");
    assert_eq!(
        ConditionKey::find("s3:ExistingObjectTag/a/b")
            .unwrap()
            .name(),
        "s3:ExistingObjectTag/<key>"
    );
    assert_eq!(ConditionKey::find("S3:PREFIX").unwrap().name(), "s3:prefix");
    assert!(ConditionKey::find("s3:NoSuchKey").is_none());
    assert!(ConditionKey::find("aws:TagKeys").unwrap().multivalued());
    assert!(!ConditionKey::find("s3:prefix").unwrap().multivalued());
    // Every key of every service is found, as itself or as one of the
    // same name.
    for s in Service::all() {
        for k in s.condition_keys() {
            let found = ConditionKey::find(k.name()).unwrap_or_else(|| panic!("{k:?}"));
            assert!(
                found.name().eq_ignore_ascii_case(k.name()),
                "{k:?} → {found:?}"
            );
        }
    }
    let e = "s3:prefx".parse::<ConditionKey>().unwrap_err();
    assert_eq!(e.suggestion(), Some("s3:prefix"));
}

#[test]
fn every_global_key_of_the_user_guide_with_its_types() {
    assert_eq!(GlobalConditionKey::all().count(), snapshot_global_keys());
    let ip = GlobalConditionKey::lookup("aws:SourceIp").unwrap();
    assert_eq!(ip.key_type(), ConditionKeyType::IpAddress);
    assert!(!ip.multivalued());
    assert!(
        ip.availability().contains("VPC endpoint"),
        "{}",
        ip.availability()
    );
    let tags = GlobalConditionKey::lookup("aws:tagkeys").unwrap();
    assert!(tags.multivalued());
    assert_eq!(tags.key_type(), ConditionKeyType::ArrayOfString);
    let epoch = GlobalConditionKey::lookup("aws:EpochTime").unwrap();
    assert_eq!(
        epoch.key_types().collect::<Vec<_>>(),
        [ConditionKeyType::Numeric, ConditionKeyType::Date]
    );
    let org = GlobalConditionKey::lookup("aws:PrincipalOrgID").unwrap();
    assert_eq!(org.key_type(), ConditionKeyType::String);
    assert_eq!(
        GlobalConditionKey::lookup("aws:PrincipalTag/team")
            .unwrap()
            .name(),
        "aws:PrincipalTag/${TagKey}"
    );
    assert!(GlobalConditionKey::lookup("ec2:SourceInstanceArn").is_some());
    assert_eq!(
        GlobalConditionKey::all()
            .filter(|k| k.multivalued())
            .count(),
        7
    );
    for k in GlobalConditionKey::all() {
        assert_eq!(k.to_string().parse::<GlobalConditionKey>(), Ok(k));
        assert!(!k.availability().is_empty(), "{k:?}");
    }
    let e = "aws:SourceIpp".parse::<GlobalConditionKey>().unwrap_err();
    assert_eq!(e.suggestion(), Some("aws:SourceIp"));
}

#[test]
fn names_keep_digit_runs() {
    assert_eq!(Service::S3.prefix(), "s3");
    assert_eq!(Service::EC2.prefix(), "ec2");
    assert_eq!(Service::lookup("cloud9"), Some(Service::CLOUD9));
    assert_eq!(Service::lookup("wafv2"), Some(Service::WAFV2));
    assert_eq!(
        connect::GET_METRIC_DATA_V2.to_string(),
        "connect:GetMetricDataV2"
    );
    assert_eq!(
        ec2::ASSIGN_IPV6_ADDRESSES.to_string(),
        "ec2:AssignIpv6Addresses"
    );
}

#[test]
fn every_handle_displays_and_parses_back() {
    for s in Service::all() {
        for r in s.resource_types() {
            assert_eq!(r.to_string().parse::<ResourceType>(), Ok(r));
            assert_eq!(
                r.to_string().to_ascii_uppercase().parse::<ResourceType>(),
                Ok(r)
            );
        }
        for n in s.notices() {
            assert_eq!(n.to_string().parse::<Notice>(), Ok(n), "{n}");
        }
        if let Some(d) = s.deprecation() {
            assert_eq!(d.to_string().parse::<Deprecation>(), Ok(d), "{d}");
        }
    }
    assert_eq!(
        Service::S3.resource_type("Bucket"),
        Service::S3.resource_type("bucket")
    );
    assert!(Service::S3.resource_type("Bucket").is_some());
    #[allow(deprecated)]
    let chime = Service::CHIME;
    let d = chime.deprecation().unwrap();
    assert_eq!(
        d.to_string(),
        "end of support: chime end-of-support 2026-02-20"
    );
    assert_eq!(
        DATA_VERSION.to_string().parse::<DataVersion>(),
        Ok(DATA_VERSION)
    );
    assert_eq!(
        format!("{:?}", s3::GET_OBJECT.resource_types().next().unwrap()),
        "ActionResource { resource_type: ResourceType(s3:accesspointobject), required: false }"
    );
    assert_eq!(
        format!("{:?}", ConditionKey::find("s3:prefix").unwrap()),
        "ConditionKey(s3:prefix of s3)"
    );
}

#[test]
fn parse_errors_suggest_the_nearest_name() {
    let e = "s3:GetObjet".parse::<Action>().unwrap_err();
    assert_eq!(e.suggestion().as_deref(), Some("s3:GetObject"));
    assert!(
        e.to_string().contains("did you mean \"s3:GetObject\""),
        "{e}"
    );
    let e = "s4:GetObject".parse::<Action>().unwrap_err();
    assert_eq!(e.suggestion().as_deref(), Some("s3"));
    assert_eq!(
        "ec3".parse::<Service>().unwrap_err().suggestion(),
        Some("ec2")
    );
    let e = "s3:buckt".parse::<ResourceType>().unwrap_err();
    assert_eq!(e.suggestion(), Some("s3:bucket"));
    assert_eq!(
        "s3:DeleteTheWholeInternet"
            .parse::<Action>()
            .unwrap_err()
            .suggestion(),
        None
    );
}

#[test]
fn public_wildcard_matchers() {
    assert!(wildcard_match("arn:aws:s3:::b/*", "arn:aws:s3:::b/k"));
    assert!(!wildcard_match("arn:aws:s3:::B/*", "arn:aws:s3:::b/k"));
    assert!(wildcard_match_ignore_case("S3:get*", "s3:GetObject"));
}
