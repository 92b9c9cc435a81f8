//! The July 2026 layout: AWS's own Markdown renderings (real) and HTML
//! fixtures written by this project from the same pages.

use xtask::model::{AccessLevel, Action, DependencySource, Layout};
use xtask::parse::ServicePage;

use crate::util::{corpus, fixtures, service_page, source};

fn action<'a>(page: &'a ServicePage, name: &str) -> &'a Action {
    page.actions
        .iter()
        .find(|a| a.name.as_str() == name)
        .unwrap_or_else(|| panic!("no action {name}"))
}

fn deps(a: &Action) -> Vec<(&str, DependencySource)> {
    let mut d: Vec<_> = a
        .dependent_actions
        .iter()
        .map(|d| (d.name.as_str(), d.source))
        .collect();
    d.sort();
    d
}

#[test]
fn markdown_chime_page() {
    let Some(corpus) = corpus() else { return };
    let page = service_page(&source(&corpus.join("new-layout/list_chime.md")));
    assert_eq!(page.prefix.as_str(), "chime");
    assert_eq!(page.page.slug, "chime");
    assert_eq!(page.page.layout, Layout::Markdown2026);
    assert_eq!(page.actions.len(), 316);
    assert_eq!(page.actions.iter().filter(|a| a.permission_only).count(), 4);
    assert_eq!(page.resource_types.len(), 13);
    assert_eq!(page.condition_keys.len(), 3);
    assert_eq!(page.operations.len(), 284);
    assert_eq!(
        page.links.service_reference.as_deref(),
        Some("https://servicereference.us-east-1.amazonaws.com/v1/chime/chime.json")
    );

    // Two-value access levels.
    let tag = action(&page, "TagResource");
    assert_eq!(tag.access_level.raw, "Tagging, Write");
    assert_eq!(
        tag.access_level.levels.iter().copied().collect::<Vec<_>>(),
        [AccessLevel::Write, AccessLevel::Tagging]
    );

    // Dependent actions derived from operations that authorize several actions.
    assert_eq!(
        deps(action(&page, "CreateAppInstanceUser")),
        [
            (
                "chime:PutAppInstanceUserExpirationSettings",
                DependencySource::OperationsTable
            ),
            ("chime:TagResource", DependencySource::OperationsTable)
        ]
    );
    assert!(
        deps(action(&page, "CreateMediaCapturePipeline"))
            .contains(&("iam:PassRole", DependencySource::OperationsTable))
    );
    assert!(action(&page, "AcceptDelegate").dependent_actions.is_empty());

    // An operation with a fixed condition-key value.
    let op = page
        .operations
        .iter()
        .find(|o| o.name == "CreateMediaCapturePipeline")
        .unwrap();
    let pass = op
        .actions
        .iter()
        .find(|a| a.action.as_str() == "iam:PassRole")
        .unwrap();
    assert_eq!(pass.condition_keys[0].as_str(), "iam:PassedToService");
    assert_eq!(pass.possible_values, ["mediapipelines.chime.amazonaws.com"]);
    assert_eq!(op.sdk_clients, ["chime-sdk-media-pipelines"]);

    // A permission-only action from the pipe table, with keys on an empty
    // resource cell (action-level).
    let connector = action(&page, "CreateConnectAnalyticsConnector");
    assert!(connector.permission_only);
    let keys: Vec<&str> = connector
        .condition_keys
        .iter()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys, ["aws:RequestTag/${TagKey}", "aws:TagKeys"]);
    assert!(
        connector
            .description
            .contains("voice-chime.<region>.amazonaws.com")
    );

    // Multi-row actions in the nested-list rendering.
    let flow = action(&page, "AssociateChannelFlow");
    assert_eq!(flow.resource_types.len(), 4);
    assert!(
        flow.resource_types
            .iter()
            .all(|r| r.required && r.condition_keys.len() == 1)
    );
}

/// The HTML fixture is an excerpt of the same page: every item it holds must
/// read exactly as the Markdown reads it.
#[test]
fn html_fixture_gives_the_same_model_as_the_markdown() {
    let Some(corpus) = corpus() else { return };
    let md = service_page(&source(&corpus.join("new-layout/list_chime.md")));
    let html = service_page(&source(
        &fixtures().join("new-layout/july2026_list_chime.html"),
    ));
    assert_eq!(html.page.layout, Layout::Html2026);
    assert_eq!(
        (html.page.slug.as_str(), html.page.url.as_str()),
        (md.page.slug.as_str(), md.page.url.as_str())
    );
    assert_eq!(html.links, md.links);
    assert_eq!(html.resource_types, md.resource_types);
    assert_eq!(html.condition_keys, md.condition_keys);
    assert_eq!(html.operations.len(), 10);
    for op in &html.operations {
        assert!(md.operations.contains(op), "operation {} differs", op.name);
    }
    assert_eq!(html.actions.len(), 19);
    assert_eq!(html.actions.iter().filter(|a| a.permission_only).count(), 4);
    for a in &html.actions {
        let mut expected = action(&md, a.name.as_str()).clone();
        // Dependents come from operations; the excerpt holds only some of them.
        if !html.operations.iter().any(|o| o.name == a.name.as_str()) {
            expected
                .dependent_actions
                .retain(|d| d.source != DependencySource::OperationsTable);
        }
        assert_eq!(a, &expected, "action {}", a.name);
    }
    assert_eq!(
        deps(action(&html, "CreateVoiceConnector")),
        [
            (
                "chime:CreateConnectAnalyticsConnector",
                DependencySource::OperationsTable
            ),
            (
                "chime:CreateConnectCallTransferConnector",
                DependencySource::OperationsTable
            ),
            ("chime:TagResource", DependencySource::OperationsTable)
        ]
    );
}

#[test]
fn html_and_markdown_codestar_agree() {
    let Some(corpus) = corpus() else { return };
    let md = service_page(&source(&corpus.join("new-layout/list_codestar.md")));
    let html = service_page(&source(
        &fixtures().join("new-layout/july2026_list_codestar.html"),
    ));
    assert!(md.operations.is_empty() && html.operations.is_empty());
    assert_eq!(md.actions.len(), 22);
    assert_eq!(md.actions.iter().filter(|a| a.permission_only).count(), 3);
    assert_eq!(html.actions, md.actions);
    assert_eq!(html.resource_types, md.resource_types);
    assert_eq!(html.condition_keys, md.condition_keys);
    assert_eq!(html.links, md.links);
}

#[test]
fn sso_oidc_page_without_sdk_column_or_key_table() {
    let page = service_page(&source(
        &fixtures().join("new-layout/july2026_list_sso-oidc.html"),
    ));
    assert_eq!(page.prefix.as_str(), "sso-oauth");
    assert_eq!(page.page.slug, "sso-oidc");
    assert_eq!(page.page.name, "AWS IAM Identity Center OIDC service");
    assert!(page.condition_keys.is_empty());
    let ops: Vec<(&str, &str)> = page
        .operations
        .iter()
        .map(|o| (o.name.as_str(), o.actions[0].action.as_str()))
        .collect();
    assert_eq!(
        ops,
        [
            ("CreateToken", "sso-oauth:CreateTokenWithIAM"),
            ("CreateTokenWithIAM", "sso-oauth:CreateTokenWithIAM")
        ]
    );
    assert!(page.operations.iter().all(|o| o.sdk_clients.is_empty()));
    let po: Vec<&str> = page
        .actions
        .iter()
        .filter(|a| a.permission_only)
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(po, ["IntrospectTokenWithIAM", "RevokeTokenWithIAM"]);
    assert_eq!(
        page.resource_types[0].arn_templates,
        ["arn:${Partition}:sso::${AccountId}:application/${InstanceId}/${ApplicationId}"]
    );
}
