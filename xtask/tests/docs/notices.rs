//! The notice detector on banners of every shape, and on decoys.

use xtask::parse::{PageOutcome, parse_page};

use crate::util::{fixtures, source};

fn doc(path: &str) -> xtask::parse::docs::DocPage {
    match parse_page(&source(&fixtures().join("service-docs").join(path))).unwrap() {
        PageOutcome::Doc(d) => *d,
        other => panic!("{path}: not read as a docs page: {other:?}"),
    }
}

#[test]
fn banners_of_every_shape_and_no_decoys() {
    let page = doc("generic-banners.html");
    assert_eq!(
        page.url,
        "https://docs.aws.amazon.com/example/latest/ug/notices.html"
    );
    let found: Vec<(&str, Option<&str>)> = page
        .notices
        .iter()
        .map(|n| (n.kind.as_str(), n.date.as_deref()))
        .collect();
    assert_eq!(
        found,
        [
            ("deprecation", Some("2026-03-13")),
            ("availability", None),
            ("end-of-support", Some("2027-02-20"))
        ],
        "{:#?}",
        page.notices
    );
    assert!(
        page.notices[0]
            .text
            .contains("The Example v1 API has been deprecated as of March 13th, 2026.")
    );
    assert!(
        page.notices[1]
            .text
            .starts_with("Amazon Example Lens is no longer available to new customers.")
    );
    assert_eq!(
        page.notices[2].text,
        "On 20 February 2027, AWS will end support for the Example Classic service."
    );
    assert!(page.notices.iter().all(|n| n.url == page.url));
    // The changelog row that says "deprecated" is a changelog row.
    assert_eq!(page.changes.len(), 1);
    assert_eq!(page.changes[0].date.as_deref(), Some("2023-11-26"));
    assert!(
        !page
            .notices
            .iter()
            .any(|n| n.text.contains("Support") || n.text.contains("supports"))
    );
}

#[test]
fn the_chime_page_before_and_after_its_notice() {
    assert!(
        doc("chime-before/security_iam_service-with-iam.html")
            .notices
            .is_empty()
    );
    let after = doc("chime-after/security_iam_service-with-iam.html");
    assert_eq!(after.notices.len(), 1, "{:#?}", after.notices);
    let n = &after.notices[0];
    assert_eq!(
        (n.kind.as_str(), n.date.as_deref()),
        ("end-of-support", Some("2026-02-20"))
    );
    assert_eq!(
        n.text,
        "End of support notice: On February 20, 2026, AWS will end support for the Amazon Chime service. After February 20, 2026, \
         you will no longer be able to access the Amazon Chime console or Amazon Chime application resources. For more \
         information, visit the blog post. Note: This does not impact the availability of the Amazon Chime SDK service."
    );
    assert_eq!(
        n.url,
        "https://docs.aws.amazon.com/chime/latest/ag/security_iam_service-with-iam.html"
    );
    // Template around the content (navigation, footer, noscript) is not content.
    assert!(
        !after.links.iter().any(|l| l.contains("docconventions")),
        "{:?}",
        after.links
    );
}

#[test]
fn features_and_managed_policies() {
    let landing = doc("chime-after/security-iam.html");
    let features: Vec<(&str, &str)> = landing
        .features
        .iter()
        .map(|f| (f.name.as_str(), f.support.as_str()))
        .collect();
    assert_eq!(features.len(), 11);
    assert!(features.contains(&("ABAC (tags in policies)", "Partial")));
    assert!(features.contains(&("Identity-based policies", "Yes")));
    assert!(features.contains(&("Resource-based policies", "No")));

    let examples = doc("chime-after/security_iam_id-based-policy-examples.html");
    let names: Vec<&str> = examples.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "AmazonChimeReadOnly",
            "AmazonChimeFullAccess",
            "AmazonChimeUserManagement"
        ]
    );
    let full = &examples.policies[1].document;
    assert_eq!(full["Statement"].as_array().unwrap().len(), 5);
    let user_mgmt = &examples.policies[2].document;
    assert_eq!(
        user_mgmt["Statement"][0]["Action"]
            .as_array()
            .unwrap()
            .len(),
        38
    );
    let dates: Vec<Option<&str>> = examples.changes.iter().map(|c| c.date.as_deref()).collect();
    assert_eq!(
        dates,
        [
            Some("2022-03-15"),
            Some("2021-12-20"),
            Some("2021-09-23"),
            Some("2021-09-23")
        ]
    );
    assert_eq!(
        examples.changes[0].policies,
        ["AmazonChimeVoiceConnectorServiceLinkedRolePolicy"]
    );
}

#[test]
fn an_unreadable_date_is_kept_with_a_warning() {
    let html = "<html><head><link rel=\"canonical\" href=\"https://docs.aws.amazon.com/x/latest/ug/p.html\"/></head><body>\
        <div id=\"main-col-body\"><h1>X updates to AWS managed policies</h1><table><thead><tr><th>Change</th>\
        <th>Description</th><th>Date</th></tr></thead><tr><td>AmazonXFullAccess – New policy</td><td>Added.</td>\
        <td>Q3 2026</td></tr><tr><td>AmazonXReadOnly – Update</td><td>Changed.</td><td>Dec 8, 2023</td></tr></table></div></body></html>";
    let page = match parse_page(&crate::util::source_from("p.html", html)).unwrap() {
        PageOutcome::Doc(d) => *d,
        other => panic!("{other:?}"),
    };
    assert_eq!(page.changes.len(), 2);
    assert_eq!(
        (
            page.changes[0].date.as_deref(),
            page.changes[0].date_text.as_str()
        ),
        (None, "Q3 2026")
    );
    assert_eq!(page.changes[1].date.as_deref(), Some("2023-12-08"));
    assert_eq!(page.warnings.len(), 1);
    assert!(
        page.warnings[0].contains("cannot read the date \"Q3 2026\"; kept as written"),
        "{:?}",
        page.warnings
    );
}
