//! CloudFormation templates (YAML and JSON) and a Terraform plan of several
//! policy kinds each: findings with the template's line, the resource's
//! logical id or address and property, intrinsic functions never IAM001.

use std::path::PathBuf;

use aws_iam_lint::config::Filter;
use aws_iam_lint::{Code, Finding, Options, Report, input};

use crate::util::fixture;

fn check(name: &str) -> Report {
    input::check_paths_filtered(&[fixture(name)], Options::default(), &Filter::default())
        .unwrap_or_else(|e| panic!("{e}"))
}

/// The 1-based line of the first line of `name` holding `needle`.
fn line_of(name: &str, needle: &str) -> usize {
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    1 + text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not in {name}"))
}

/// `(document, code, path, line)` of every finding, sorted.
fn located(r: &Report) -> Vec<(String, Code, String, usize)> {
    let mut v: Vec<_> = r
        .findings
        .iter()
        .map(|f: &Finding| {
            (
                f.document.clone().unwrap_or_default(),
                f.code,
                f.path.clone(),
                f.line.unwrap_or(0),
            )
        })
        .collect();
    v.sort();
    v
}

fn row(document: &str, code: Code, path: &str, line: usize) -> (String, Code, String, usize) {
    (document.to_string(), code, path.to_string(), line)
}

#[test]
fn a_yaml_template_gives_findings_at_resources_and_lines() {
    let name = "templates/stack.yaml";
    let r = check(name);
    // The trust policy and inline policy of AppRole, the managed policy,
    // the bucket, key and queue policies.
    assert_eq!(r.documents, 6);
    let mut want = vec![
        row(
            "AppRole Policies[0].PolicyDocument",
            Code::UnknownAction,
            "$.Statement[0].Action[1]",
            line_of(name, "- s3:GetObjects"),
        ),
        row(
            "DeployPolicy PolicyDocument",
            Code::ActionCase,
            "$.Statement[0].Action",
            line_of(name, "Action: s3:putobject"),
        ),
        row(
            "Key KeyPolicy",
            Code::Malformed,
            "$.Statement[0].Effect",
            line_of(name, "Effect: Deny") + 1,
        ),
        row(
            "QueuePolicy PolicyDocument",
            Code::AllowNotAction,
            "$.Statement[0].NotAction",
            line_of(name, "NotAction: sqs:DeleteQueue"),
        ),
    ];
    want.sort();
    let got = located(&r);
    assert_eq!(got, want, "{:#?}", r.findings);
    let dup = r
        .findings
        .iter()
        .find(|f| f.code == Code::Malformed)
        .unwrap();
    let first = line_of(name, "Effect: Deny");
    assert!(
        dup.message
            .contains(&format!("lines {first} and {}", first + 1)),
        "{}",
        dup.message
    );
    assert_eq!(dup.sid.as_deref(), Some("Admin"));
    assert!(r.findings.iter().all(|f| f.file.ends_with(name)));
}

#[test]
fn a_json_template_gives_findings_at_resources_and_lines() {
    let name = "templates/stack.template";
    let r = check(name);
    // The user's inline policy, the topic policy (a JSON string) and the SCP.
    assert_eq!(r.documents, 3);
    let mut want = vec![
        row(
            "Deployer Policies[0].PolicyDocument",
            Code::UnknownAction,
            "$.Statement[0].Action[1]",
            line_of(name, "cloudformation:CreateStacks"),
        ),
        row(
            "TopicPolicy PolicyDocument",
            Code::ActionCase,
            "$.Statement.Action",
            line_of(name, "sns:publish"),
        ),
        row(
            "Scp Content",
            Code::UnknownAction,
            "$.Statement[0].Action",
            line_of(name, "ec2:RunInstance"),
        ),
    ];
    want.sort();
    assert_eq!(located(&r), want, "{:#?}", r.findings);
}

#[test]
fn a_terraform_plan_gives_findings_at_addresses_and_lines() {
    let name = "terraform/plan.json";
    let r = check(name);
    // ci's trust and inline policies, deploy, site, and the module's role
    // policy; the data source and the policy known only after apply are not.
    assert_eq!(r.documents, 5);
    let mut want = vec![
        row(
            "aws_iam_role.ci inline_policy[0].policy",
            Code::UnknownAction,
            "$.Statement[0].Action[1]",
            line_of(name, "logs:PutLogEvent"),
        ),
        row(
            "aws_iam_policy.deploy policy",
            Code::Malformed,
            "$.Statement[0].Effect",
            line_of(name, r#"\"Effect\":\"Deny\""#),
        ),
        row(
            "aws_s3_bucket_policy.site policy",
            Code::AllowNotAction,
            "$.Statement[0].NotAction",
            line_of(name, "s3:DeleteBucket"),
        ),
        row(
            "module.app.aws_iam_role_policy.worker policy",
            Code::ActionCase,
            "$.Statement[0].Action",
            line_of(name, "sqs:receivemessage"),
        ),
    ];
    want.sort();
    assert_eq!(located(&r), want, "{:#?}", r.findings);
}

#[test]
fn templates_through_the_binary_in_every_format() {
    let o = crate::cli::run(
        &[
            "--format",
            "compact",
            "templates/stack.yaml",
            "terraform/plan.json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let text = crate::cli::stdout(&o);
    let line = line_of("templates/stack.yaml", "- s3:GetObjects");
    assert!(
        text.contains(&format!(
            "templates/stack.yaml:{line}:21: IAM003 s3 (Amazon S3) has no action \"GetObjects\""
        )),
        "{text}"
    );
    assert!(
        text.contains("[AppRole Policies[0].PolicyDocument] [$.Statement[0].Action[1]]"),
        "{text}"
    );
    let sarif = crate::cli::run(&["--format", "sarif", "templates/stack.yaml"], None);
    let doc: serde_json::Value = serde_json::from_str(&crate::cli::stdout(&sarif)).unwrap();
    let v = crate::sarif::validator();
    assert_eq!(crate::sarif::errors(&v, &doc), Vec::<String>::new());
    let names: Vec<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["logicalLocations"][1]["name"].as_str())
        .collect();
    assert!(names.contains(&"QueuePolicy PolicyDocument"), "{names:?}");
}

#[test]
fn a_yaml_file_that_is_no_template_is_an_error_when_named_and_skipped_in_a_walk() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("not-a-template");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("workflow.yml"), "on: push\njobs: {}\n").unwrap();
    std::fs::write(
        dir.join("p.json"),
        r#"{"Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}}"#,
    )
    .unwrap();
    let named = crate::cli::run_in(&dir, &["workflow.yml"], None);
    assert_eq!(named.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&named.stderr).contains("not a CloudFormation template"));
    let walked = crate::cli::run_in(&dir, &["--format", "json", "."], None);
    assert_eq!(
        walked.status.code(),
        Some(0),
        "{}",
        crate::cli::stdout(&walked)
    );
    let doc: serde_json::Value = serde_json::from_str(&crate::cli::stdout(&walked)).unwrap();
    assert_eq!(doc["documents"], 1);
}
