//! The reports: Markdown structure, JSON against its schema, text without
//! colour when piped, exit status as diff(1).

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::Value;
use xtask::report::{Markdown, Terminal, render};

use super::diff_paths;
use crate::util::{corpus, xtask};

/// Headings (level, text), table rows and HTML blocks of a Markdown text.
struct Structure {
    headings: Vec<(HeadingLevel, String)>,
    table_rows: Vec<Vec<String>>,
    html: String,
}

fn structure(md: &str) -> Structure {
    let mut s = Structure {
        headings: Vec::new(),
        table_rows: Vec::new(),
        html: String::new(),
    };
    let mut heading: Option<(HeadingLevel, String)> = None;
    let mut row: Option<Vec<String>> = None;
    let mut cell: Option<String> = None;
    for event in Parser::new_ext(
        md,
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::End(TagEnd::Heading(_)) => s.headings.extend(heading.take()),
            Event::Start(Tag::TableHead | Tag::TableRow) => row = Some(Vec::new()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => s.table_rows.extend(row.take()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(r), Some(c)) = (row.as_mut(), cell.take()) {
                    r.push(c);
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, h)) = heading.as_mut() {
                    h.push_str(&t);
                }
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => s.html.push_str(&h),
            _ => {}
        }
    }
    s
}

#[test]
fn markdown_report_has_the_intended_structure() {
    let Some(corpus) = corpus() else { return };
    let d = diff_paths(
        &corpus.join("sar-html/2026-02-01"),
        &corpus.join("sar-html/2026-06-01"),
    );
    let md = render(&d, &Markdown);
    let s = structure(&md);

    // One title with both dates, then Deprecations before the services.
    let h1: Vec<&String> = s
        .headings
        .iter()
        .filter(|(l, _)| *l == HeadingLevel::H1)
        .map(|(_, t)| t)
        .collect();
    assert_eq!(h1.len(), 1);
    assert!(
        h1[0].starts_with("IAM catalog changes: 2026-02-01 (") && h1[0].contains("→ 2026-06-01 ("),
        "{}",
        h1[0]
    );
    let h2: Vec<&str> = s
        .headings
        .iter()
        .filter(|(l, _)| *l == HeadingLevel::H2)
        .map(|(_, t)| t.as_str())
        .collect();
    assert_eq!(
        h2,
        [
            "Deprecations",
            "Added services (9)",
            "Changes of one shape",
            "Changes by service"
        ]
    );
    let removed_actions = s
        .headings
        .iter()
        .position(|(_, t)| t == "Removed actions (45)")
        .expect("a Removed actions heading");
    let changes = s
        .headings
        .iter()
        .position(|(_, t)| t == "Changes by service")
        .unwrap();
    assert!(removed_actions < changes);

    // The summary table: header and one row per entity kind.
    assert_eq!(s.table_rows[0], ["", "Added", "Removed", "Changed"]);
    let actions = s.table_rows.iter().find(|r| r[0] == "Actions").unwrap();
    assert_eq!((actions[1].as_str(), actions[2].as_str()), ("701", "45"));
    assert_eq!(s.table_rows.len(), 6);

    // One heading per service, in prefix order; long ones folded.
    let services: Vec<&str> = s
        .headings
        .iter()
        .skip(changes + 1)
        .filter(|(l, _)| *l == HeadingLevel::H3)
        .map(|(_, t)| t.split(" — ").next().unwrap())
        .collect();
    let mut sorted = services.clone();
    sorted.sort();
    assert_eq!(services, sorted);
    assert_eq!(
        services.len(),
        d.summary.services.added + d.summary.services.changed
    );
    let opened = s.html.matches("<details>").count();
    assert!(
        opened > 0
            && opened == s.html.matches("</details>").count()
            && opened == s.html.matches("<summary>").count()
    );
}

#[test]
fn json_report_follows_its_schema() {
    let Some(corpus) = corpus() else { return };
    let h = corpus.join("sar-html/chime-history");
    let json_of = |old: &str, new: &str| -> Value {
        crate::util::schema::diff_json(&diff_paths(&h.join(old), &h.join(new)))
    };
    let json = json_of(
        "2022-05-01_c13d3640_list_amazonchime.html",
        "2022-07-01_e46274d4_list_amazonchime.html",
    );
    assert_eq!(json["format_version"], 1);
    assert_eq!(
        json["actions"]["added"],
        serde_json::json!(["chime:SearchChannels"])
    );
    assert_eq!(
        json["actions"]["removed"],
        serde_json::json!(["chime:CreateBotMembership"])
    );
    assert_eq!(json["semver"]["bump"], "minor");
    assert_eq!(json["semver"]["label"], "additions or changes of data");
    assert_eq!(json["deprecations"][0]["kind"], "action-removed");

    // Descriptions come with a word-level diff.
    let json = json_of(
        "2023-02-01_9c8f94e7_list_amazonchime.html",
        "2023-07-01_9384bfe1_list_amazonchime.html",
    );
    let descriptions: Vec<&Value> = json["actions"]["changed"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["fields"].as_array().unwrap())
        .filter(|f| f["field"] == "description")
        .collect();
    assert_eq!(descriptions.len(), 11);
    for f in descriptions {
        let words = f["words"].as_array().unwrap();
        let ops: Vec<&str> = words.iter().map(|w| w["op"].as_str().unwrap()).collect();
        assert!(ops.contains(&"insert") || ops.contains(&"delete"), "{f}");
        // Old text = equal + delete runs; new text = equal + insert runs.
        let side = |skip: &str| {
            words
                .iter()
                .filter(|w| w["op"] != skip)
                .map(|w| w["text"].as_str().unwrap())
                .collect::<String>()
        };
        assert_eq!(side("insert"), f["old"].as_str().unwrap());
        assert_eq!(side("delete"), f["new"].as_str().unwrap());
    }
}

#[test]
fn text_report_is_plain_when_piped_and_exit_status_is_diffs() {
    let Some(corpus) = corpus() else { return };
    let h = corpus.join("sar-html/chime-history");
    let old = h.join("2022-05-01_c13d3640_list_amazonchime.html");
    let new = h.join("2022-07-01_e46274d4_list_amazonchime.html");
    let o = xtask().arg("diff").arg(&old).arg(&new).output().unwrap();
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(!text.contains('\x1b'), "colour codes in piped output");
    assert!(
        text.contains("Removed actions (1)") && text.contains("- chime:CreateBotMembership\n"),
        "{text}"
    );

    let same = xtask().arg("diff").arg(&old).arg(&old).output().unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&same.stdout).contains("No change"));

    let trouble = xtask()
        .args([
            "diff",
            "/nonexistent/old",
            "latest",
            "--db",
            "/nonexistent/db.sqlite",
        ])
        .output()
        .unwrap();
    assert_eq!(trouble.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&trouble.stderr).contains("/nonexistent/old"));

    // Coloured only when asked for a terminal.
    let d = super::diff_paths(&old, &new);
    assert!(render(&d, &Terminal { color: true }).contains("\x1b[31m"));
}
