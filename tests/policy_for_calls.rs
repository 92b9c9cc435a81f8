//! The `policy-for-calls` example on the Chime SDK messaging calls of the
//! seed's example roles (`../shared/corpus/seed-pages/004_*`, "Example IAM
//! roles" of the Amazon Chime SDK guide): the policy it writes for the calls
//! those roles make, against the roles AWS wrote.

#[path = "../examples/policy-for-calls.rs"]
mod example;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use aws_iam_catalog::{Action, Operation, Service};

/// `../shared/corpus`, beside the repository (the crate is its root). Under
/// `CI=true` a missing corpus fails; elsewhere the test is skipped, saying so.
fn corpus() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("the corpus is missing at {}", dir.display());
    }
    eprintln!("SKIPPED: the corpus is not at {}", dir.display());
    None
}

/// The policies of the seed page: each `{ "Version" … }` object of the text.
fn seed_policies(text: &str) -> Vec<serde_json::Value> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("{ \"Version\"") {
        let tail = &rest[start..];
        let mut depth = 0;
        let mut end = None;
        for (i, c) in tail.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = Some(i + 1);
                        break;
                    }
                }
                _ => {}
            }
        }
        let end = end.expect("a balanced policy");
        out.push(serde_json::from_str(&tail[..end]).expect("the seed's policy is JSON"));
        rest = &tail[end..];
    }
    out
}

fn as_list(v: &serde_json::Value) -> Vec<String> {
    match v {
        serde_json::Value::String(s) => vec![s.clone()],
        v => v
            .as_array()
            .expect("a string or a list")
            .iter()
            .map(|s| s.as_str().expect("a string").to_string())
            .collect(),
    }
}

/// A seed resource (`{awsAccountId}` placeholders) as a policy pattern.
fn as_pattern(seed: &str) -> String {
    let mut out = String::new();
    let mut in_brace = false;
    for c in seed.chars() {
        match c {
            '{' => in_brace = true,
            '}' => {
                in_brace = false;
                out.push('*');
            }
            _ if in_brace => {}
            c => out.push(c),
        }
    }
    out
}

/// The role's messaging calls: for each action of the role, the
/// `chime-sdk-messaging` call of the same name. An action without one (the
/// websocket's `chime:Connect`) must be one no operation of the catalog
/// needs: no call of the list would ask for it.
fn calls_of(role: &serde_json::Value) -> (Vec<String>, BTreeSet<String>) {
    let mut calls = Vec::new();
    let mut actions = BTreeSet::new();
    for st in role["Statement"].as_array().expect("statements") {
        for a in as_list(&st["Action"]) {
            let action: Action = a.parse().expect("the role's actions are in the catalog");
            let name = action.name();
            match Operation::for_sdk("chime-sdk-messaging", name) {
                Some(_) => {
                    calls.push(format!("chime-sdk-messaging.{name}"));
                    actions.insert(action.to_string());
                }
                None => assert_eq!(
                    action.operations().count(),
                    0,
                    "{action}: no messaging call of its name, yet operations need it"
                ),
            }
        }
    }
    (calls, actions)
}

#[test]
fn messaging_roles_of_the_seed() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("seed-pages");
    let page = std::fs::read_dir(&dir)
        .expect("seed-pages")
        .map(|e| e.expect("an entry").path())
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("004_"))
        })
        .expect("the example roles page 004_*");
    let text = std::fs::read_to_string(&page).expect("readable");
    let roles = seed_policies(&text);
    assert_eq!(roles.len(), 4, "{}: four example policies", page.display());

    // The second and third roles are the messaging user's: the calls they
    // allow, given to the example, give the role's actions back, plus what
    // CreateChannel also needs when it sets an expiration or tags (the
    // JSON twin lists them; the role, written for the basic call, does not).
    for (i, extra) in [
        (
            1,
            &["chime:PutChannelExpirationSettings", "chime:TagResource"][..],
        ),
        (2, &[][..]),
    ] {
        let role = &roles[i];
        let (calls, actions) = calls_of(role);
        assert!(calls.len() >= 9, "role {i}: {calls:?}");
        let (policy, notes) = example::policy(&calls).expect("every call is known");
        let policy: serde_json::Value = serde_json::from_str(&policy).expect("the policy is JSON");
        let mut got = BTreeSet::new();
        for st in policy["Statement"].as_array().expect("statements") {
            assert_eq!(st["Effect"], "Allow");
            assert!(
                st.get("Condition").is_none(),
                "no call of these is conditional"
            );
            got.extend(as_list(&st["Action"]));
        }
        let want: BTreeSet<String> = actions
            .iter()
            .cloned()
            .chain(extra.iter().map(|s| s.to_string()))
            .collect();
        assert_eq!(got, want, "role {i}\n{notes}");

        // Resources. The seed allows GetMessagingSessionEndpoint on `*`
        // and the channel actions on the app-instance user and its channels;
        // the policy names the same, plus the app-instance bot, which the
        // reference lists beside the user as the caller of these actions
        // (either is required); TagResource, which any chime resource type
        // may take, names them all.
        let seed_patterns: Vec<String> = role["Statement"]
            .as_array()
            .expect("statements")
            .iter()
            .flat_map(|st| as_list(&st["Resource"]))
            .filter(|r| r != "*")
            .map(|r| as_pattern(&r))
            .collect();
        let mut templates = Vec::new();
        let mut types = BTreeSet::new();
        for st in policy["Statement"].as_array().expect("statements") {
            let actions = as_list(&st["Action"]);
            let resources = as_list(&st["Resource"]);
            if actions == ["chime:GetMessagingSessionEndpoint"] {
                assert_eq!(resources, ["*"], "role {i}");
                continue;
            }
            assert!(
                !resources.contains(&"*".to_string()),
                "role {i}: {actions:?}"
            );
            for r in resources {
                let chime = Service::lookup("chime").expect("chime");
                let (rt, template) = chime
                    .resource_types()
                    .flat_map(|t| t.arn_templates().map(move |a| (t, a)))
                    .find(|(_, a)| a.as_str() == r)
                    .unwrap_or_else(|| panic!("{r}: a chime ARN template"));
                templates.push(template);
                if actions != ["chime:TagResource"] {
                    types.insert(rt.name());
                }
            }
        }
        assert_eq!(
            types,
            BTreeSet::from(["app-instance-bot", "app-instance-user", "channel"]),
            "role {i}"
        );
        for p in &seed_patterns {
            assert!(
                templates.iter().any(|t| t.matches_pattern(p)),
                "role {i}: the seed's {p} fits no template of the policy"
            );
        }
    }
}

/// Calls the catalog does not know stop the example with a suggestion.
#[test]
fn unknown_calls_are_errors_with_suggestions() {
    let e = example::policy(&["s3:GetObjet".to_string()]).unwrap_err();
    assert!(e.contains("s3:GetObject"), "{e}");
    let e = example::policy(&["s3.no_such_call".to_string()]).unwrap_err();
    assert!(e.contains("no_such_call"), "{e}");
    assert!(example::policy(&["nothing".to_string()]).is_err());
}

#[test]
fn resources_are_required_types_templates_or_star() {
    // GetObject requires an object, reached by its bucket or an access point.
    let get = example::resources_of(aws_iam_catalog::s3::GET_OBJECT);
    assert_eq!(
        get,
        [
            "arn:${Partition}:s3:${Region}:${Account}:accesspoint/${AccessPointName}/object/${ObjectName}",
            "arn:${Partition}:s3:::${BucketName}/${ObjectName}"
        ]
    );
    let list = example::resources_of("s3:ListAllMyBuckets".parse().unwrap());
    assert_eq!(list, ["*"]);
}

/// A creating call's tagging action is allowed for that call only:
/// `RunInstances` needs `ec2:CreateTags`, in a statement of its own with
/// `ec2:CreateAction` set to `RunInstances`, as AWS's example "tag
/// resources during creation" writes it, on every type `CreateTags` can
/// tag (which of them a launch creates is not in the data). A service
/// without a `CreateAction` key (Kinesis) gets no condition, and its
/// tagging action keeps all its resources: `RegisterStreamConsumer` tags
/// the consumer it creates, which its own action does not list.
#[test]
fn tagging_on_create_is_allowed_for_the_call_only() {
    let (policy, notes) = example::policy(&["ec2:RunInstances".to_string()]).unwrap();
    assert!(notes.contains("needs ec2:CreateTags"), "{notes}");
    let policy: serde_json::Value = serde_json::from_str(&policy).unwrap();
    let statements = policy["Statement"].as_array().unwrap();
    let tags: Vec<_> = statements
        .iter()
        .filter(|st| as_list(&st["Action"]).contains(&"ec2:CreateTags".to_string()))
        .collect();
    assert_eq!(tags.len(), 1, "{policy:#}");
    let st = tags[0];
    assert_eq!(
        as_list(&st["Action"]),
        ["ec2:CreateTags"],
        "a statement of its own"
    );
    assert_eq!(
        st["Condition"]["StringEquals"]["ec2:CreateAction"],
        serde_json::json!(["RunInstances"])
    );
    let create_tags = aws_iam_catalog::ec2::CREATE_TAGS;
    assert_eq!(
        as_list(&st["Resource"]),
        example::resources_of(create_tags),
        "every type CreateTags can tag"
    );
    let run = statements
        .iter()
        .find(|st| as_list(&st["Action"]).contains(&"ec2:RunInstances".to_string()))
        .unwrap();
    assert!(run.get("Condition").is_none(), "{run:#}");

    // Not a creating call's tagging: CreateTags asked for itself, a call
    // with no tagging need, a service without a CreateAction key.
    let op = Operation::lookup("ec2:CreateTags").unwrap();
    assert_eq!(example::tag_on_create(op, create_tags), None);
    let get = Operation::lookup("s3:GetObject").unwrap();
    assert_eq!(
        example::tag_on_create(get, aws_iam_catalog::s3::GET_OBJECT),
        None
    );
    let register = Operation::lookup("kinesis:RegisterStreamConsumer").unwrap();
    let needs: Vec<_> = register.actions().map(|n| n.action()).collect();
    assert!(
        needs.contains(&aws_iam_catalog::kinesis::TAG_RESOURCE),
        "{needs:?}"
    );
    for action in needs {
        assert_eq!(example::tag_on_create(register, action), None);
    }
}
