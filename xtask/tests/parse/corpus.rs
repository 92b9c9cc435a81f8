//! Every recorded era of the real pages, in `../shared/corpus/sar-html`.

use std::collections::BTreeSet;
use std::path::Path;

use xtask::model::{AccessLevel, DependencySource, Layout, Service};
use xtask::parse::{PageStatus, source};
use xtask::parse_run::{ParseRun, parse_all};

use crate::util::corpus;

fn parse_dir(dir: &Path) -> ParseRun {
    let sources = source::collect(&[dir.to_path_buf()]).unwrap();
    parse_all(&sources)
}

fn errors(run: &ParseRun) -> Vec<String> {
    run.pages
        .iter()
        .filter_map(|p| match &p.status {
            PageStatus::Error { message } => Some(message.clone()),
            _ => None,
        })
        .collect()
}

fn service<'a>(run: &'a ParseRun, prefix: &str) -> &'a Service {
    run.merged
        .services
        .iter()
        .find(|s| s.prefix.as_str() == prefix)
        .unwrap_or_else(|| panic!("no service {prefix}"))
}

fn action<'a>(s: &'a Service, name: &str) -> &'a xtask::model::Action {
    s.actions
        .iter()
        .find(|a| a.name.as_str() == name)
        .unwrap_or_else(|| panic!("no action {}:{name}", s.prefix))
}

#[test]
fn sar_2026_07_01_whole_reference() {
    let Some(corpus) = corpus() else { return };
    let run = parse_dir(&corpus.join("sar-html/2026-07-01"));
    assert_eq!(run.pages.len(), 535);
    assert_eq!(errors(&run), Vec::<String>::new());
    let moved: Vec<&str> = run
        .pages
        .iter()
        .filter(|p| matches!(p.status, PageStatus::Moved { .. }))
        .map(|p| p.page.rsplit('/').next().unwrap())
        .collect();
    assert_eq!(moved, ["list_awsiot1-click.html"]);
    let services = &run.merged.services;
    assert_eq!(services.len(), 466);
    let names: BTreeSet<String> = services
        .iter()
        .flat_map(|s| {
            s.actions
                .iter()
                .map(move |a| format!("{}:{}", s.prefix, a.name))
        })
        .collect();
    assert_eq!(names.len(), 21_657);

    let chime = service(&run, "chime");
    assert_eq!(chime.actions.len(), 316);
    assert_eq!(chime.name, "Amazon Chime");
    assert_eq!(
        chime.links.iam_guide.as_deref(),
        Some("https://docs.aws.amazon.com/chime/latest/ag/security-iam.html")
    );
    // `channel*`: the marker is split off into the required flag.
    let flow = action(chime, "AssociateChannelFlow");
    let rts: Vec<(&str, bool)> = flow
        .resource_types
        .iter()
        .map(|r| (r.name.as_str(), r.required))
        .collect();
    assert_eq!(
        rts,
        [
            ("app-instance-bot", true),
            ("app-instance-user", true),
            ("channel", true),
            ("channel-flow", true)
        ]
    );
    // The old "[permission only]" mark.
    let connect = action(chime, "AssociateVoiceConnectorConnect");
    assert!(connect.permission_only);
    assert!(!flow.permission_only);
}

#[test]
fn sar_2026_07_01_field_content() {
    let Some(corpus) = corpus() else { return };
    let run = parse_dir(&corpus.join("sar-html/2026-07-01"));

    // The row without a resource type carries action-level keys.
    let s3 = service(&run, "s3");
    let abort = action(s3, "AbortMultipartUpload");
    assert_eq!(abort.access_level.raw, "Write");
    assert_eq!(
        abort.description,
        "Grants permission to abort a multipart upload"
    );
    assert!(
        abort
            .condition_keys
            .iter()
            .any(|k| k.as_str() == "s3:signatureversion")
    );
    assert!(
        abort
            .resource_types
            .iter()
            .any(|r| r.name.as_str() == "object" && !r.required)
    );
    let object = s3
        .resource_types
        .iter()
        .find(|r| r.name.as_str() == "object")
        .unwrap();
    assert_eq!(
        object.arn_templates,
        ["arn:${Partition}:s3:::${BucketName}/${ObjectName}"]
    );
    let prefix_key = s3
        .condition_keys
        .iter()
        .find(|k| k.name.as_str() == "s3:prefix")
        .unwrap();
    assert_eq!(
        (
            prefix_key.description.as_str(),
            prefix_key.key_type.as_str()
        ),
        ("Filters access by key name prefix", "String")
    );

    // EC2 SCENARIO rows become scenarios and leave the action's own rows alone.
    let run_instances = action(service(&run, "ec2"), "RunInstances");
    let scenarios: Vec<&str> = run_instances
        .scenarios
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        scenarios,
        [
            "EC2-Classic-EBS",
            "EC2-Classic-InstanceStore",
            "EC2-VPC-EBS",
            "EC2-VPC-EBS-Subnet",
            "EC2-VPC-InstanceStore",
            "EC2-VPC-InstanceStore-Subnet"
        ]
    );
    assert_eq!(run_instances.resource_types.len(), 18);
    assert_eq!(
        run_instances.description,
        "Grants permission to launch one or more instances"
    );
    let deps: Vec<(&str, DependencySource)> = run_instances
        .dependent_actions
        .iter()
        .map(|d| (d.name.as_str(), d.source))
        .collect();
    assert_eq!(
        deps,
        [
            ("ec2:CreateTags", DependencySource::DependentActionsColumn),
            ("iam:PassRole", DependencySource::DependentActionsColumn),
            (
                "ssm:GetParameters",
                DependencySource::DependentActionsColumn
            )
        ]
    );

    // An action name with a hyphen.
    action(
        service(&run, "vpc-lattice"),
        "AssociateViaAWSService-EventsAndStates",
    );

    // A page with neither a resource-type nor a condition-key table.
    let bio = service(&run, "researchstudio");
    assert!(!bio.actions.is_empty());
    assert!(bio.resource_types.is_empty() && bio.condition_keys.is_empty());

    // Several pages of one prefix merge into one service that lists them all,
    // the double-dot page name included; type `bot` keeps both ARN formats.
    assert_eq!(service(&run, "aws-marketplace").pages.len(), 11);
    assert_eq!(service(&run, "ses").pages.len(), 4);
    let apptest: Vec<&str> = service(&run, "apptest")
        .pages
        .iter()
        .map(|p| p.slug.as_str())
        .collect();
    assert!(
        apptest.iter().any(|s| s.ends_with("migrationprojects.")),
        "{apptest:?}"
    );
    let bot = service(&run, "lex")
        .resource_types
        .iter()
        .find(|r| r.name.as_str() == "bot")
        .unwrap();
    assert_eq!(bot.arn_templates.len(), 2);
    // A resource type name with a space (Lex V1).
    assert!(
        service(&run, "lex")
            .resource_types
            .iter()
            .any(|r| r.name.as_str() == "bot alias")
    );
    // Merge conflicts are reported, naming the prefix and both pages.
    assert!(
        run.merged.warnings.iter().any(|w| w.starts_with(
            "apigateway: pages amazonapigatewaymanagementv2 and amazonapigatewaymanagement"
        )),
        "{:?}",
        run.merged.warnings
    );

    // The prettified `$<span>{</span>` in ARNs and descriptions is rejoined.
    let connect = service(&run, "connect");
    assert!(
        action(connect, "SubmitContactEvaluation")
            .description
            .contains("empty object ({}) to")
    );
    assert!(connect.resource_types.iter().all(|r| {
        r.arn_templates
            .iter()
            .all(|a| a.starts_with("arn:${Partition}:") && !a.contains(' '))
    }));
    assert!(
        run.merged
            .services
            .iter()
            .all(|s| s.pages.iter().all(|p| p.layout == Layout::Html))
    );
}

#[test]
fn sar_2026_02_01_and_06_01_parse_without_errors() {
    let Some(corpus) = corpus() else { return };
    for (dir, pages, prefixes) in [("2026-02-01", 523, 455), ("2026-06-01", 533, 464)] {
        let run = parse_dir(&corpus.join("sar-html").join(dir));
        assert_eq!(run.pages.len(), pages, "{dir}");
        assert_eq!(errors(&run), Vec::<String>::new(), "{dir}");
        assert_eq!(run.merged.services.len(), prefixes, "{dir}");
    }
}

#[test]
fn chime_history_counts_match_the_independent_counts() {
    let Some(corpus) = corpus() else { return };
    let dir = corpus.join("sar-html/chime-history");
    let expected =
        std::fs::read_to_string(corpus.join("sar-html/chime-history-counts.tsv")).unwrap();
    let run = parse_dir(&dir);
    assert_eq!(run.pages.len(), 68);
    for line in expected.lines().skip(1).filter(|l| !l.is_empty()) {
        let (file, count) = line.split_once('\t').unwrap();
        let page = run
            .pages
            .iter()
            .find(|p| p.page.ends_with(file))
            .unwrap_or_else(|| panic!("{file} not read"));
        match &page.status {
            PageStatus::Ok { actions, .. } => {
                assert_eq!(*actions, count.parse::<usize>().unwrap(), "{file}")
            }
            other => panic!("{file}: {other:?}"),
        }
    }
}

#[test]
fn era_archives_parse_without_errors() {
    let Some(corpus) = corpus() else { return };
    // (archive, pages, chime actions in that era)
    for (archive, pages, chime_actions) in [
        ("2019-10-10_43b2221a.tar.gz", 169, 107),
        ("2020-12-18_2a65063e.tar.gz", 267, 232),
        ("2023-02-01_9c8f94e7.tar.gz", 386, 270),
    ] {
        let run = parse_dir(&corpus.join("sar-html/eras").join(archive));
        assert_eq!(run.pages.len(), pages, "{archive}");
        assert_eq!(errors(&run), Vec::<String>::new(), "{archive}");
        let chime = service(&run, "chime");
        assert_eq!(chime.actions.len(), chime_actions, "{archive}");
        // Every era yields resource types with ARNs and typed keys.
        let s3 = service(&run, "s3");
        assert!(
            s3.resource_types
                .iter()
                .all(|r| r.arn_templates.iter().all(|a| a.starts_with("arn:")))
        );
        assert!(
            !s3.condition_keys.is_empty()
                && s3.condition_keys.iter().all(|k| !k.key_type.is_empty())
        );
        assert!(s3.actions.iter().all(|a| !a.access_level.levels.is_empty()));
    }
    // The 2019 pages write "Permissions Management" and lowercase keys.
    let run = parse_dir(&corpus.join("sar-html/eras/2019-10-10_43b2221a.tar.gz"));
    let s3 = service(&run, "s3");
    let put_policy = action(s3, "PutBucketPolicy");
    assert!(
        put_policy
            .access_level
            .levels
            .contains(&AccessLevel::PermissionsManagement)
    );
    assert!(
        action(s3, "AbortMultipartUpload")
            .condition_keys
            .iter()
            .any(|k| k.as_str() == "s3:authtype")
    );
}
