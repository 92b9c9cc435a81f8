//! The verdicts issue 22 found wrong, each on a policy of its own: OpenID
//! Connect trust policies (GitHub Actions, EKS), the RCP and SCP rules,
//! IAM009 on `Deny`, IAM007 under a prefix wildcard.

use super::{Options, Report, check_text};
use crate::finding::Code;
use crate::policy::PolicyKind;

fn check(text: &str, kind: PolicyKind) -> Report {
    check_text(
        "t.json",
        text,
        Options {
            kind,
            ..Options::default()
        },
    )
}

fn codes(r: &Report) -> Vec<(Code, &str)> {
    let mut v: Vec<(Code, &str)> = r
        .findings
        .iter()
        .map(|f| (f.code, f.path.as_str()))
        .collect();
    v.sort();
    v
}

/// The paths of the IAM001 findings, sorted.
fn malformed_at(r: &Report) -> Vec<&str> {
    codes(r)
        .into_iter()
        .filter(|(c, _)| *c == Code::Malformed)
        .map(|(_, p)| p)
        .collect()
}

/// The trust policy AWS and the providers document for an OpenID Connect
/// provider: `sts:AssumeRoleWithWebIdentity` for the account's provider
/// `host`, on the `condition` block written for it.
fn web_identity_trust(account: &str, host: &str, condition: &str) -> String {
    format!(
        r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow",
            "Principal": {{"Federated": "arn:aws:iam::{account}:oidc-provider/{host}"}},
            "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {condition}}}]}}"#
    )
}

/// GitHub's documented trust policy for its OIDC provider
/// (<https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/configuring-openid-connect-in-amazon-web-services>),
/// and the EKS IRSA trust policy of the EKS User Guide.
fn github_and_eks() -> [(&'static str, String); 2] {
    let github = web_identity_trust(
        "123456789012",
        "token.actions.githubusercontent.com",
        r#"{"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            "StringLike": {"token.actions.githubusercontent.com:sub": "repo:octo-org/octo-repo:*"}}"#,
    );
    let eks_host = "oidc.eks.region-code.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE";
    let eks = web_identity_trust(
        "111122223333",
        eks_host,
        &format!(
            r#"{{"StringEquals": {{"{eks_host}:sub": "system:serviceaccount:default:my-service-account",
                "{eks_host}:aud": "sts.amazonaws.com"}}}}"#
        ),
    );
    [("GitHub", github), ("EKS", eks)]
}

#[test]
fn oidc_trust_policies_have_no_finding() {
    for (name, text) in github_and_eks() {
        for kind in [PolicyKind::Auto, PolicyKind::Trust] {
            let r = check(&text, kind);
            assert!(r.findings.is_empty(), "{name} {kind:?}: {:#?}", r.findings);
        }
    }
    // The fixed providers' keys and SAML's, which STS's page lists.
    let fixed = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"},
         "Action": "sts:AssumeRoleWithWebIdentity",
         "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:1", "accounts.google.com:aud": "x", "www.amazon.com:app_id": "y", "graph.facebook.com:app_id": "z"},
                       "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}}},
        {"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:saml-provider/p"},
         "Action": "sts:AssumeRoleWithSAML",
         "Condition": {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml", "saml:sub": "u"}}}]}"#;
    let r = check(fixed, PolicyKind::Trust);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    // A provider's key beside an action that takes no web identity is
    // still unknown to it.
    let stray = r#"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::b/*",
        "Condition": {"StringEquals": {"token.actions.githubusercontent.com:sub": "repo:o/r:*"}}}}"#;
    assert_eq!(
        codes(&check(stray, PolicyKind::Identity)),
        [(
            Code::UnsupportedConditionKey,
            "$.Statement.Condition.StringEquals['token.actions.githubusercontent.com:sub']"
        )]
    );
}

/// The deny-only RCP of AWS's examples: no finding; each departure from
/// the RCP syntax one IAM001.
#[test]
fn rcp_rules() {
    let good = r#"{"Version": "2012-10-17", "Statement": [
        {"Sid": "EnforceTls", "Effect": "Deny", "Principal": "*", "Action": ["s3:*", "sqs:*"], "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:SecureTransport": "false"}}},
        {"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}"#;
    let r = check(good, PolicyKind::Rcp);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    let bad = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"},
        {"Effect": "Deny", "Principal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Principal": "*", "NotAction": "s3:GetObject", "Resource": "*"},
        {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::123456789012:root"}, "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*", "Resource": "*"}]}"#;
    let r = check(bad, PolicyKind::Rcp);
    let malformed = malformed_at(&r);
    assert_eq!(
        malformed,
        [
            "$.Statement[0].Effect",
            "$.Statement[1].Principal",
            "$.Statement[2].NotAction",
            "$.Statement[3].NotPrincipal",
            "$.Statement[4]",
        ],
        "{:#?}",
        r.findings
    );
    // The same statements are fine in a resource-based policy but the
    // missing Principal.
    let r = check(bad, PolicyKind::Resource);
    assert!(
        r.findings
            .iter()
            .filter(|f| f.code == Code::Malformed)
            .all(|f| f.path == "$.Statement[4]"),
        "{:#?}",
        r.findings
    );
}

/// SCPs take the full IAM language since 2025 but no principal.
#[test]
fn scp_rules() {
    let good = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "NotAction": ["iam:*", "sts:*"], "Resource": "*",
         "Condition": {"StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}},
        {"Effect": "Allow", "Action": "s3:GetObject", "NotResource": "arn:aws:s3:::secret/*",
         "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc"}}}]}"#;
    let r = check(good, PolicyKind::Scp);
    assert!(
        r.findings.iter().all(|f| f.code != Code::Malformed),
        "{:#?}",
        r.findings
    );
    let bad = r#"{"Version": "2012-10-17", "Statement": [
        {"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "NotPrincipal": {"AWS": "arn:aws:iam::1:root"}, "Action": "s3:*", "Resource": "*"},
        {"Effect": "Deny", "Action": "s3:*"}]}"#;
    let r = check(bad, PolicyKind::Scp);
    let malformed = malformed_at(&r);
    assert_eq!(
        malformed,
        [
            "$.Statement[0].Principal",
            "$.Statement[1].Principal",
            "$.Statement[2]"
        ],
        "{:#?}",
        r.findings
    );
}

#[test]
fn resource_star_only_on_allow() {
    let policy = |effect: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "{effect}", "Action": "iam:GetRole", "Resource": "*"}}}}"#
        )
    };
    let allow = check(&policy("Allow"), PolicyKind::Identity);
    assert_eq!(
        codes(&allow),
        [(Code::ResourceStar, "$.Statement.Resource")]
    );
    let deny = check(&policy("Deny"), PolicyKind::Identity);
    assert!(deny.findings.is_empty(), "{:#?}", deny.findings);
}

/// `*`, `*:*` and `*:Get*` name no service: no end-of-support finding for
/// any of them; `chime:*` names Chime.
#[test]
fn end_of_support_is_reported_alike_for_every_prefix_wildcard() {
    let ending = |action: &str| {
        let text = format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "{action}", "Resource": "*"}}}}"#
        );
        check(&text, PolicyKind::Identity)
            .findings
            .iter()
            .filter(|f| f.code == Code::EndOfSupport)
            .count()
    };
    for action in ["*", "*:*", "*:Get*", "*:Create*", "??????:*"] {
        assert_eq!(ending(action), 0, "{action}");
    }
    assert_eq!(ending("chime:*"), 1);
}

/// parliament-065: `{"Fn::Sub": …}` in a bare policy's `Resource` was
/// IAM001 twice ("expected a string", and "an empty list matches nothing"
/// for a list that was not empty). Intrinsic functions are judged as in a
/// template: `Fn::Sub`'s text is the ARN, `${…}` as `*`.
#[test]
fn intrinsic_functions_in_a_bare_policy_are_judged_leniently() {
    let policy = |resource: &str| {
        format!(
            r#"{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", "Action": "ssm:PutParameter", "Resource": {resource}}}}}"#
        )
    };
    for resource in [
        r#"[{"Fn::Sub": "arn:aws:ssm:*:${AWS::AccountId}:*"}]"#,
        r#"{"Fn::Sub": "arn:${AWS::Partition}:ssm:*:*:parameter/${Name}"}"#,
        r#"{"Ref": "ParameterArn"}"#,
        r#"[{"Fn::GetAtt": ["Param", "Arn"]}, "arn:aws:ssm:*:*:parameter/a"]"#,
    ] {
        let r = check(&policy(resource), PolicyKind::Identity);
        assert!(r.findings.is_empty(), "{resource}: {:#?}", r.findings);
    }
    // `Fn::Sub`'s text is still judged: not an ARN of SSM's.
    let r = check(
        &policy(r#"[{"Fn::Sub": "arn:aws:s3:::${Bucket}"}]"#),
        PolicyKind::Identity,
    );
    assert_eq!(
        codes(&r),
        [(Code::ResourceMismatch, "$.Statement.Resource[0]")]
    );
    // Other objects are no intrinsic function: one IAM001 each, and no
    // "empty list" for a list that holds something.
    let r = check(&policy(r#"[{"Sub": "x"}, 5]"#), PolicyKind::Identity);
    assert_eq!(
        codes(&r),
        [
            (Code::Malformed, "$.Statement.Resource[0]"),
            (Code::Malformed, "$.Statement.Resource[1]"),
        ]
    );
    let r = check(&policy("[]"), PolicyKind::Identity);
    assert_eq!(codes(&r), [(Code::Malformed, "$.Statement.Resource")]);
    assert!(r.findings[0].message.contains("an empty list"));
}
