//! The renderings of one page reconciled: HTML and Markdown twins, and the
//! JSON twin as witness and source of operations.

use xtask::model::{DependencySource, Layout};
use xtask::parse::PageSource;
use xtask::parse_run::{ParseRun, parse_all};

use crate::util::{corpus, fixtures, source, source_from};

/// The project's July 2026 Chime HTML (a faithful excerpt: 19 actions) and
/// AWS's real Markdown rendering of the whole page (316 actions), served
/// under one page name as the site serves them.
fn chime_pair(html: impl Into<Vec<u8>>, md: impl Into<Vec<u8>>) -> ParseRun {
    parse_all(&[
        source_from("site/list_chime.html", html),
        source_from("site/list_chime.md", md),
    ])
}

fn fixture_html() -> Vec<u8> {
    std::fs::read(fixtures().join("new-layout/july2026_list_chime.html")).unwrap()
}

fn real_md(corpus: &std::path::Path) -> String {
    std::fs::read_to_string(corpus.join("new-layout/list_chime.md")).unwrap()
}

#[test]
fn html_with_a_stray_table_end_gives_way_to_its_markdown_twin() {
    let Some(corpus) = corpus() else { return };
    let html = String::from_utf8(fixture_html()).unwrap();
    // A stray `</table>` right after the actions table's header row.
    let at = html.find("<tr><td id=\"list_chime-action-").unwrap();
    let broken = format!("{}</table>{}", &html[..at], &html[at..]);
    let run = chime_pair(broken, real_md(&corpus));
    assert_eq!(run.errors(), 0, "{:#?}", run.error_messages());
    let chime = &run.merged.services[0];
    assert_eq!(chime.actions.len(), 316);
    assert_eq!(chime.renderings.used, [Layout::Markdown2026]);
    // The page proves what it holds (issue 11): the broken HTML is refused,
    // so its witness is named for its format only.
    assert_eq!(chime.renderings.witnesses, [Layout::Html]);
    assert_eq!(
        run.sources.fallbacks.len(),
        1,
        "{:?}",
        run.sources.fallbacks
    );
    let fallback = &run.sources.fallbacks[0];
    assert!(
        fallback.starts_with("chime: ") && fallback.contains("the Markdown reading stands"),
        "{fallback}"
    );
    assert_eq!(chime.renderings.fallbacks, run.sources.fallbacks);
}

#[test]
fn html_that_lost_rows_is_replaced_and_each_lost_item_named() {
    let Some(corpus) = corpus() else { return };
    let run = chime_pair(fixture_html(), real_md(&corpus));
    let chime = &run.merged.services[0];
    assert_eq!(chime.actions.len(), 316);
    let fallback = &run.sources.fallbacks[0];
    assert!(fallback.contains("the HTML lost 297 items"), "{fallback}");
    // Where both have an action, they agree: the excerpt is faithful.
    assert!(
        run.sources
            .disagreements
            .iter()
            .all(|d| d.contains("only in the second")),
        "{:#?}",
        run.sources.disagreements
    );
}

#[test]
fn a_markdown_twin_with_another_access_level_is_a_warning_naming_it() {
    let Some(corpus) = corpus() else { return };
    let md = real_md(&corpus);
    let from = "  - **Access level:** Write\n\n- **   [CreateAppInstanceAdmin]";
    assert!(md.contains(from));
    let md = md.replacen(from, &from.replace("Write", "Read"), 1);
    let run = chime_pair(fixture_html(), md);
    let level: Vec<&String> = run
        .sources
        .disagreements
        .iter()
        .filter(|d| d.contains("(access level)"))
        .collect();
    assert_eq!(
        level,
        [
            &"chime: action CreateAppInstance (access level): HTML \"Write\", Markdown \"Read\""
                .to_string()
        ]
    );
}

#[test]
fn no_rendering_readable_fails_the_page_naming_both() {
    let run = chime_pair(
        "<html><body><p>nothing here</p></body></html>",
        "# Nothing here\n",
    );
    let errors = run.error_messages();
    assert_eq!(errors.len(), 2, "{errors:#?}");
    assert!(
        errors[0].starts_with("site/list_chime.html:"),
        "{}",
        errors[0]
    );
    assert!(
        errors[1].starts_with("site/list_chime.md:"),
        "{}",
        errors[1]
    );
    assert!(run.merged.services.is_empty());
}

#[test]
fn a_page_without_twins_reads_as_before() {
    let run = parse_all(&[source(
        &fixtures().join("new-layout/july2026_list_chime.html"),
    )]);
    let chime = &run.merged.services[0];
    assert!(chime.renderings.is_empty());
    assert!(run.sources.fallbacks.is_empty() && run.sources.witness.items.is_empty());
    assert_eq!(chime.actions.len(), 19);
}

/// The 2026-02-01 Chime page (old layout, no operations table) with its
/// 2026-02-04 JSON twin.
fn old_chime_with_twin(corpus: &std::path::Path) -> Vec<PageSource> {
    vec![
        source(&corpus.join("sar-html/2026-02-01/list_amazonchime.html")),
        source(&corpus.join("service-reference-json/2026-02-04/chime.json")),
    ]
}

#[test]
fn the_json_twin_fills_operations_of_an_old_layout_page() {
    let Some(corpus) = corpus() else { return };
    let run = parse_all(&old_chime_with_twin(&corpus));
    assert_eq!(run.errors(), 0);
    let chime = &run.merged.services[0];
    assert_eq!(chime.pages.len(), 1, "the JSON is a witness, not a page");
    assert_eq!(chime.renderings.used, [Layout::Html]);
    assert_eq!(chime.renderings.witnesses, [Layout::ServiceReferenceJson]);
    assert_eq!(
        chime.renderings.operations_from,
        Some(Layout::ServiceReferenceJson)
    );
    assert_eq!(run.sources.operations_from_json, ["chime"]);
    assert!(chime.operations.len() > 250, "{}", chime.operations.len());
    // Descriptions and required flags stay the page's.
    let meeting = chime
        .actions
        .iter()
        .find(|a| a.name.as_str() == "CreateMeeting")
        .unwrap();
    assert!(meeting.description.starts_with("Grants permission"));
    let op = chime
        .operations
        .iter()
        .find(|o| o.name == "CreateMeeting")
        .unwrap();
    assert_eq!(op.sdk_clients, ["chime-sdk-meetings"]);
    let sdk = xtask::scope::sdk_clients_by_action(chime);
    assert!(sdk["createmeeting"].contains("chime-sdk-meetings"));
    // The page's own dependent actions keep their source.
    let sources: std::collections::BTreeSet<DependencySource> = chime
        .actions
        .iter()
        .flat_map(|a| a.dependent_actions.iter().map(|d| d.source))
        .collect();
    assert!(sources.contains(&DependencySource::DependentActionsColumn));
}

#[test]
fn the_twin_reaches_the_canonical_file_and_the_database() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // IAM: several operations authorize several actions.
    let pages = super::copy_into(
        &corpus,
        &tmp.path().join("pages"),
        &["sar-html/2026-02-01/list_awsidentityandaccessmanagementiam.html"],
    );
    let twins = super::copy_into(
        &corpus,
        &tmp.path().join("json"),
        &["service-reference-json/2026-02-04/iam.json"],
    );
    let (db, snap) = (tmp.path().join("catalog.sqlite"), tmp.path().join("snap"));
    super::xtask_ok(&[
        "--db".as_ref(),
        db.as_os_str(),
        "build".as_ref(),
        "--taken-at".as_ref(),
        "2026-02-01".as_ref(),
        "--from-dir".as_ref(),
        pages.as_os_str(),
        "--from-dir".as_ref(),
        twins.as_os_str(),
    ]);
    super::xtask_ok(&[
        "--db".as_ref(),
        db.as_os_str(),
        "export".as_ref(),
        "--out".as_ref(),
        snap.as_os_str(),
    ]);
    let file = std::fs::read_to_string(snap.join("services/iam.json")).unwrap();
    assert!(file.contains("\"operations_from\": \"service-reference-json\""));
    assert!(file.contains("\"source\": \"service-reference-json\""));
    let (deps, clients) = xtask::dataset::block_on(async {
        use sqlx::{Connection, Row};
        let mut c = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
            .await
            .unwrap();
        let deps: i64 = sqlx::query(
            "SELECT count(*) FROM dependent_actions WHERE source = 'service-reference-json'",
        )
        .fetch_one(&mut c)
        .await
        .unwrap()
        .get(0);
        let clients: String = sqlx::query(
            "SELECT sdk_clients FROM action_sdk_clients
                 WHERE action = 'iam:CreateRole' AND source = 'service-reference-json'",
        )
        .fetch_one(&mut c)
        .await
        .unwrap()
        .get(0);
        (deps, clients)
    })
    .unwrap();
    assert!(deps > 0);
    assert_eq!(clients, "iam");
}
