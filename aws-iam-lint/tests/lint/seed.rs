//! The policies of the Amazon Chime pages the project started from
//! (`../shared/corpus/seed-pages/003_*` and `004_*`), extracted into
//! `tests/fixtures/seed/`: the Chime app's managed policies get the
//! end-of-support finding, the Chime SDK's example policies get none and
//! their app-instance ARNs fit.

use aws_iam_lint::{Code, Severity};

use crate::util::check_fixture;

const SDK_EXAMPLES: [&str; 4] = [
    "seed/ChimeSdkMessagingDeveloper.json",
    "seed/ChimeSdkMessagingUser.json",
    "seed/ChimeSdkMessagingUserMinimal.json",
    "seed/ChimeSdkWebsocketConnect.json",
];

#[test]
fn chime_sdk_examples_get_no_finding_and_their_arns_fit() {
    for name in SDK_EXAMPLES {
        let r = check_fixture(name);
        assert!(
            r.findings
                .iter()
                .all(|f| f.code != Code::EndOfSupport && f.code != Code::ResourceMismatch),
            "{name}: {:#?}",
            r.findings
        );
        assert!(
            r.findings.iter().all(|f| f.severity() < Severity::Warning),
            "{name}: {:#?}",
            r.findings
        );
        assert!(r.statements.iter().all(|s| s.actions > 0), "{name}");
    }
}

#[test]
fn the_app_instance_arns_fit_their_resource_types() {
    // The user and channel ARNs of the examples match the catalog's
    // app-instance-user and channel templates.
    let chime = aws_iam_catalog::Service::lookup("chime").unwrap();
    for (arn, ty) in [
        (
            "arn:aws:chime:us-east-1:{awsAccountId}:app-instance/{appInstanceId}/user/{appInstanceUserId}",
            "app-instance-user",
        ),
        (
            "arn:aws:chime:us-east-1:{awsAccountId}:app-instance/{appInstanceId}/channel/*",
            "channel",
        ),
    ] {
        let t = chime
            .resource_type(ty)
            .unwrap_or_else(|| panic!("chime {ty}"));
        assert!(
            t.arn_templates().any(|tpl| tpl.matches_pattern(arn)),
            "{arn} vs {ty}"
        );
    }
}

#[test]
fn view_own_user_info_is_clean() {
    // Its user ARN holds the policy variable ${aws:username}.
    let r = check_fixture("seed/ViewOwnUserInfo.json");
    assert!(
        r.findings.iter().all(|f| f.severity() < Severity::Warning),
        "{:#?}",
        r.findings
    );
}

#[test]
fn chime_app_managed_policies_get_end_of_support() {
    // AmazonChimeUserManagement names 38 Chime actions, all in one list: 36
    // are the Chime app's account and user administration, covered by the
    // notice. The other two, GetPhoneNumber and ListPhoneNumbers (31, 32),
    // are authorized by the Chime SDK Voice client's operations too, so the
    // notice does not cover them (docs/pipeline.md, "End of support, scoped").
    let r = check_fixture("seed/AmazonChimeUserManagement.json");
    let not_covered = [31, 32];
    for i in (0..38).filter(|i| !not_covered.contains(i)) {
        let f = crate::util::the(
            &r,
            Code::EndOfSupport,
            &format!("$.Statement[0].Action[{i}]"),
        );
        assert!(
            f.message
                .contains("covered by end-of-support on 2026-02-20"),
            "{}",
            f.message
        );
    }
    assert_eq!(r.findings.len(), 36, "{:#?}", r.findings);
    assert!(
        r.findings.iter().all(|f| f.code == Code::EndOfSupport),
        "{:#?}",
        r.findings
    );
    // AmazonChimeReadOnly's wildcards match app and SDK actions: the finding
    // names how many of them the notice covers.
    let r = check_fixture("seed/AmazonChimeReadOnly.json");
    for path in ["$.Statement[0].Action[0]", "$.Statement[0].Action[1]"] {
        let f = crate::util::the(&r, Code::EndOfSupport, path);
        assert!(
            f.message.contains(" of the ") && f.message.contains("end-of-support on 2026-02-20"),
            "{}",
            f.message
        );
    }
}
