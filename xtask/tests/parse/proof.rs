//! Issue 11: a page proves what it holds and who it is, and a value that
//! breaks a naming rule is a warning, not a rejected page. Real pages,
//! damaged in memory the way the issue found them damaged.

use xtask::model::Layout;
use xtask::parse::{Problem, WarningClass};
use xtask::parse_run::parse_all_with;

use crate::util::{corpus, parse_error, service_page, source_from};

/// The real Chime page of 2026-07-01, as text (`None`: no corpus, skipped).
pub(super) fn chime_2026_07_01() -> Option<String> {
    let dir = corpus()?;
    Some(std::fs::read_to_string(dir.join("sar-html/2026-07-01/list_amazonchime.html")).unwrap())
}

#[test]
fn stray_closing_table_in_chime_is_an_error_naming_the_missing_actions() {
    let Some(page) = chime_2026_07_01() else {
        return;
    };
    // The finding: line 374, `<tr>` → `</table><tr>`, parsed as chime
    // with 1 action of 316.
    let mut lines: Vec<&str> = page.lines().collect();
    assert_eq!(lines[373].trim(), "<tr>");
    let broken_line = lines[373].replace("<tr>", "</table><tr>");
    lines[373] = &broken_line;
    let broken = lines.join("\n");
    let err = parse_error(&source_from("list_amazonchime.html", broken));
    assert_eq!(err.page, "list_amazonchime.html");
    match &err.problem {
        Problem::MissingActions { count, names } => {
            assert_eq!(*count, 315, "{err}");
            assert!(names.starts_with("ActivateUsers, AddDomain"), "{err}");
            assert!(names.ends_with("and 305 more"), "{err}");
        }
        other => panic!("expected MissingActions, got {other}"),
    }
}

#[test]
fn a_page_served_with_another_pages_content_is_an_identity_error() {
    let Some(dir) = corpus() else {
        return;
    };
    let s3 = std::fs::read(dir.join("sar-html/2026-07-01/list_amazons3.html")).unwrap();
    let err = parse_error(&source_from("mirror/list_amazonchime.html", s3));
    assert!(matches!(err.problem, Problem::Identity(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "mirror/list_amazonchime.html: the page is not the one it was served as: \
         its own anchors' slug says \"amazons3\" but the page was served as \"amazonchime\""
    );
    // The Markdown rendering too: CodeStar's page served as Chime's.
    let codestar = std::fs::read(dir.join("new-layout/list_codestar.md")).unwrap();
    let err = parse_error(&source_from("list_chime.md", codestar));
    assert!(err.to_string().contains("\"codestar\""), "{err}");
    // And the page itself under its own name is accepted, naming itself.
    let page = service_page(&source_from(
        "list_amazonchime.html",
        std::fs::read(dir.join("sar-html/2026-07-01/list_amazonchime.html")).unwrap(),
    ));
    assert_eq!(page.identity.anchor_slug.as_deref(), Some("amazonchime"));
    assert_eq!(page.identity.served_slug.as_deref(), Some("amazonchime"));
    assert_eq!(page.identity.intro_name.as_deref(), Some("Amazon Chime"));
}

#[test]
fn markdown_pages_prove_their_sections_and_operation_actions() {
    let Some(dir) = corpus() else {
        return;
    };
    let md = std::fs::read_to_string(dir.join("new-layout/list_chime.md")).unwrap();
    let page = service_page(&source_from("list_chime.md", md.clone()));
    assert_eq!(page.page.layout, Layout::Markdown2026);
    assert_eq!(page.actions.len(), 316);
    // The permission-only section gone (its heading damaged): the topic list
    // still names it.
    let damaged = md.replace(
        "## Permission-only actions for Amazon Chime",
        "Permission-only actions for Amazon Chime",
    );
    let err = parse_error(&source_from("list_chime.md", damaged));
    assert!(
        matches!(&err.problem, Problem::MissingTopic(t) if t == "Permission-only actions for Amazon Chime"),
        "{err}"
    );
    // An action entry gone from the actions list: the operations table's
    // link to it still names it.
    let at = md
        .find("- **   [CreateMeeting](")
        .expect("CreateMeeting entry");
    let end = at + md[at..].find("\n\n").unwrap() + 2;
    let cut = format!("{}{}", &md[..at], &md[end..]);
    let err = parse_error(&source_from("list_chime.md", cut));
    assert!(
        matches!(&err.problem, Problem::MissingActions { count: 1, names } if names == "CreateMeeting"),
        "{err}"
    );
}

#[test]
fn malformed_names_in_cells_are_warnings_and_strict_makes_them_errors() {
    let Some(page) = chime_2026_07_01() else {
        return;
    };
    let odd = page
        .replacen(
            "                 ds:ConnectDirectory\n",
            "                 DS:ConnectDirectory\n",
            1,
        )
        .replacen(
            "aws:RequestTag/${TagKey}\n",
            "aws:Request Tag/${TagKey}\n",
            1,
        );
    assert_ne!(odd, page);
    let source = source_from("list_amazonchime.html", odd);
    let parsed = service_page(&source);
    assert_eq!(parsed.actions.len(), 316);
    let classes: Vec<_> = parsed.warnings.iter().map(|w| w.class).collect();
    assert_eq!(
        classes,
        [WarningClass::Normalised, WarningClass::KeptAsWritten],
        "{:#?}",
        parsed.warnings
    );
    let normalised = &parsed.warnings[0];
    assert_eq!(normalised.page, "list_amazonchime.html");
    assert_eq!(normalised.table.as_deref(), Some("actions"));
    assert_eq!(normalised.value.as_deref(), Some("DS:ConnectDirectory"));
    assert!(normalised.row.is_some());
    let action = parsed.actions.iter().find(|a| {
        a.dependent_actions
            .iter()
            .any(|d| d.name.as_str() == "ds:ConnectDirectory")
    });
    assert!(action.is_some(), "the normalised dependent action is kept");
    let kept = &parsed.warnings[1];
    assert_eq!(kept.value.as_deref(), Some("aws:Request Tag/${TagKey}"));
    let create = parsed
        .actions
        .iter()
        .find(|a| a.name.as_str() == "CreateAppInstance")
        .unwrap();
    let keys: Vec<&str> = create
        .condition_keys
        .iter()
        .chain(create.resource_types.iter().flat_map(|r| &r.condition_keys))
        .map(|k| k.as_str())
        .collect();
    assert!(keys.contains(&"aws:Request Tag/${TagKey}"), "{keys:?}");

    // --strict: the same page is an error listing both warnings.
    let run = parse_all_with(std::slice::from_ref(&source), true);
    assert_eq!(run.errors(), 1);
    let message = &run.error_messages()[0];
    assert!(
        message.contains("2 warnings, and warnings are errors (--strict)"),
        "{message}"
    );
    assert!(message.contains("DS:ConnectDirectory"), "{message}");
    // Lenient by default: the run is ok and counts the warnings.
    let run = parse_all_with(std::slice::from_ref(&source), false);
    assert_eq!((run.errors(), run.warnings().count()), (0, 2));
}

#[test]
fn a_duplicated_action_row_with_other_content_names_both_rows() {
    let Some(page) = chime_2026_07_01() else {
        return;
    };
    // Repeat the CreateMeeting row with another description (its anchor id
    // dropped, as a second copy would not repeat it).
    let at = page.find("<td id=\"amazonchime-CreateMeeting\"").unwrap();
    let start = page[..at].rfind("<tr>").unwrap();
    let end = at + page[at..].find("</tr>").unwrap() + "</tr>".len();
    let row = page[start..end]
        .replace(" id=\"amazonchime-CreateMeeting\"", "")
        .replace("Grants permission to create", "Grants permission to make");
    assert!(!row.contains("rowspan"), "a one-row action");
    let doubled = format!("{}{row}{}", &page[..end], &page[end..]);
    let parsed = service_page(&source_from("list_amazonchime.html", doubled));
    assert_eq!(parsed.actions.len(), 316);
    let [w] = parsed.warnings.as_slice() else {
        panic!("{:#?}", parsed.warnings)
    };
    assert_eq!(w.class, WarningClass::ConflictingDuplicate);
    assert_eq!(w.value.as_deref(), Some("CreateMeeting"));
    assert!(
        w.message.contains("CreateMeeting is listed twice (row ")
            && w.message.contains("differ in description"),
        "{w}"
    );
}
