//! The pull request body within its budget, on the real transitions: every
//! block closed, Deprecations first, grouped changes, the full report
//! beside it, and each removed item once in the CHANGELOG entry.

use std::collections::BTreeMap;
use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::Value;
use xtask::diff::{Bump, Diff, Side, compare};
use xtask::model::{AccessLevel, DependencySource, DependentAction, Layout, QualifiedAction};
use xtask::report::{DEFAULT_BUDGET, Extras, Markdown, render_body, render_full};

use crate::util::{corpus, xtask};

fn side(path: &Path) -> Side {
    xtask::dataset::load_side(
        path.to_str().unwrap(),
        Path::new("/nonexistent/catalog.sqlite"),
    )
    .unwrap()
}

fn extras() -> Extras {
    Extras {
        full_report: Some("https://github.com/o/r/blob/catalog-update/reports/x.md".into()),
        ..Extras::default()
    }
}

/// What a Markdown parser sees: headings in order, and the HTML blocks.
fn check_rendering(md: &str, budget: usize) -> Vec<String> {
    assert!(
        md.chars().count() <= budget,
        "{} characters > {budget}",
        md.chars().count()
    );
    let mut headings = Vec::new();
    let mut heading: Option<String> = None;
    let (mut open, mut close) = (0, 0);
    for event in Parser::new_ext(md, pulldown_cmark::Options::all()) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H2,
                ..
            }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => headings.extend(heading.take()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
            }
            Event::Html(h) | Event::InlineHtml(h) => {
                open += h.matches("<details>").count();
                close += h.matches("</details>").count();
            }
            _ => {}
        }
    }
    assert_eq!(open, close, "every <details> closed");
    let at = |name: &str| headings.iter().position(|h| h == name);
    let deprecations = at("Deprecations").expect("a Deprecations section");
    if let Some(services) = at("Changes by service") {
        assert!(deprecations < services, "{headings:?}");
    }
    headings
}

#[test]
fn whole_catalog_transitions_fit_the_body_and_list_removals_once() {
    let Some(corpus) = corpus() else { return };
    let july = side(&corpus.join("sar-html/2026-07-01"));
    for from in ["2026-06-01", "2026-02-01"] {
        let old = side(&corpus.join("sar-html").join(from));
        let d = compare(&old, &july);
        let body = render_body(&d, &Markdown, &extras(), DEFAULT_BUDGET);
        let full = render_full(&d, &Markdown, &extras());
        check_rendering(&body, DEFAULT_BUDGET);
        check_rendering(&full, usize::MAX);
        assert!(
            body.contains("(https://github.com/o/r/blob/catalog-update/reports/x.md)"),
            "{from}: the body links the full report"
        );
        // The full report names every added action; the body need not.
        for a in d.actions.added.iter().take(50) {
            let name = a.split_once(':').unwrap().1;
            assert!(full.contains(&format!("`{name}`")), "{from}: {a}");
        }
        // The CHANGELOG entry lists each removed item once; the update
        // body's brief entry lists none of them (Deprecations does).
        let plan = xtask::release::plan(
            &old,
            &july,
            &Default::default(),
            xtask::release::Version::new(0, 1, 0),
        )
        .unwrap();
        let entry = xtask::release::changelog_entry(&plan);
        let brief = xtask::release::changelog_entry_brief(&plan);
        assert!(!d.actions.removed.is_empty() || from == "2026-06-01");
        for a in &d.actions.removed {
            assert_eq!(entry.matches(&format!("`{a}`")).count(), 1, "{from}: {a}");
            assert!(!brief.contains(&format!("`{a}`")), "{from}: {a}");
        }
        assert_eq!(d.semver.bump, Bump::Minor, "{from}");
        assert_eq!(d.semver.label, "additions or changes of data");
        assert_eq!(plan.to, xtask::release::Version::new(0, 1, 1));
    }
}

#[test]
fn the_chime_transition_reads_as_rename_relayout_and_grouped_gains() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    // The page as AWS served it before and after July 2026.
    let old_page = tmp.path().join("list_amazonchime.html");
    std::fs::copy(
        corpus.join("sar-html/2026-07-01/list_amazonchime.html"),
        &old_page,
    )
    .unwrap();
    let d = compare(
        &side(&old_page),
        &side(&corpus.join("new-layout/list_chime.md")),
    );
    let body = render_body(&d, &Markdown, &extras(), DEFAULT_BUDGET);
    let headings = check_rendering(&body, 20_000);
    assert!(
        headings.contains(&"Renamed".to_string())
            && headings.contains(&"Layout change".to_string()),
        "{headings:?}"
    );
    assert!(body.starts_with("# IAM catalog changes: list_amazonchime.html ("));
    assert!(body.contains("→ list_chime.md ("), "titles name both sides");
    assert!(body.contains("`chime`: served from `list_chime` (was `list_amazonchime`)"));
    assert!(
        body.contains("**6 actions**: access level `Tagging` → `Tagging, Write`"),
        "grouped access-level gains"
    );
    assert!(body.contains("dependent actions now come from the operations table"));
    assert!(body.contains("that the operations table does not restate"));
    // No no-op lines: nothing is both added and removed on one line.
    for line in body.lines() {
        let added: Vec<&str> = line
            .split("**`")
            .skip(1)
            .filter_map(|s| s.split('`').next())
            .collect();
        for a in added {
            assert!(!line.contains(&format!("~~`{a}`~~")), "no-op line: {line}");
        }
        assert!(!line.contains("{\""), "raw JSON: {line}");
    }
    // Dependents the page listed that the operations table does not restate
    // are data a crate user reads, lost: a breaking release (issue 20's rule,
    // docs/versioning.md), whatever else is only relaid.
    let reasons = &d.semver.reasons;
    assert_eq!(d.semver.bump, Bump::Major, "{reasons:#?}");
    let lost =
        reasons[0].starts_with("data loss: ") && reasons[0].contains("(dependent actions lost)");
    assert!(lost, "{reasons:#?}");
    assert!(body.contains("**major** (breaking change)"));

    // Warnings of the parse and of codegen are in the report, escaped.
    let warned = Extras {
        data_quality: vec![xtask::report::WarningClass {
            class: "access level normalised".into(),
            count: 2,
            examples: vec![
                "list_chime.md, actions, row 3: \"Permissions Management\"".into(),
                "<details> x".into(),
            ],
        }],
        codegen_warnings: vec!["chime: resource type x is used by actions but not defined".into()],
        ..extras()
    };
    let body = render_body(&d, &Markdown, &warned, DEFAULT_BUDGET);
    let headings = check_rendering(&body, DEFAULT_BUDGET);
    assert!(
        headings.contains(&"Data quality".to_string()),
        "{headings:?}"
    );
    assert!(body.contains("**access level normalised** (2)"));
    assert!(body.contains("**codegen** (1): chime: resource type x"));
    assert!(body.contains("\\<details\\> x"));
    // A budget far below the report: still within it, blocks closed, cut
    // between sections (the multi-byte arrows and dashes count as one).
    for budget in [3_000, 5_000, 9_000] {
        let small = render_body(&d, &Markdown, &warned, budget);
        check_rendering(&small, budget);
        assert!(small.contains("Deprecations"));
    }
}

/// AWS's JSON twin of a service: which actions it flags as writes, and
/// the actions each operation authorizes.
struct Twin {
    write_flagged: Vec<String>,
    operations: BTreeMap<String, Vec<String>>,
}

fn twin(path: &Path) -> Option<Twin> {
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    let mut write_flagged = Vec::new();
    for a in v["Actions"].as_array()? {
        let p = &a["Annotations"]["Properties"];
        let flag = |k: &str| p[k].as_bool().unwrap_or(false);
        if flag("IsWrite") && (flag("IsTaggingOnly") || flag("IsPermissionManagement")) {
            write_flagged.push(a["Name"].as_str()?.to_string());
        }
    }
    let mut operations = BTreeMap::new();
    for o in v["Operations"].as_array().into_iter().flatten() {
        let actions = o["AuthorizedActions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|a| {
                Some(format!(
                    "{}:{}",
                    a["Service"].as_str()?,
                    a["Name"].as_str()?
                ))
            })
            .collect();
        operations.insert(o["Name"].as_str()?.to_string(), actions);
    }
    Some(Twin {
        write_flagged,
        operations,
    })
}

/// The new page names, from the redesigned table of contents:
/// `+ [Amazon Chime (chime)](list_chime.md)`.
fn new_slugs(toc: &str) -> BTreeMap<String, Vec<(String, String)>> {
    let mut out: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for line in toc.lines() {
        let Some(rest) = line.strip_prefix("+ [") else {
            continue;
        };
        let Some((label, link)) = rest.split_once("](list_") else {
            continue;
        };
        let Some((name, prefix)) = label.rsplit_once(" (") else {
            continue;
        };
        let slug = link.trim_end_matches(".md)").to_string();
        out.entry(prefix.trim_end_matches(')').to_string())
            .or_default()
            .push((name.to_string(), slug));
    }
    out
}

/// The redesign, in full: the committed 2026-07-01 snapshot changed the way
/// AWS changed it, from real data: page names from the new table of
/// contents, Write added where the JSON twin flags a tagging or
/// permissions-management action as a write, and dependents from the
/// twin's operations where it has them (the Dependent actions column gone).
#[test]
fn the_redesign_in_full_fits_and_is_a_breaking_behaviour_change() {
    let Some(corpus) = corpus() else { return };
    let before = side(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../snapshots"));
    let toc = std::fs::read_to_string(
        corpus.join("new-layout/aws-md/reference_policies_actions-resources-contextkeys.md"),
    )
    .unwrap();
    let slugs = new_slugs(&toc);
    let json = corpus.join("service-reference-json/2026-02-13");
    let mut after = before.clone();
    after.label = "redesign".into();
    after.content_sha256 = "redesign".into();
    let (mut gained_write, mut from_operations) = (0, 0);
    for s in &mut after.services {
        let prefix = s.prefix.to_string();
        let candidates = slugs.get(&prefix).cloned().unwrap_or_default();
        for p in &mut s.pages {
            let by_name = candidates
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(&p.name));
            if let Some((_, slug)) = by_name.or(if candidates.len() == 1 {
                candidates.first()
            } else {
                None
            }) {
                p.slug = slug.clone();
                p.url = format!(
                    "https://docs.aws.amazon.com/service-authorization/latest/reference/list_{slug}.html"
                );
            }
            p.layout = Layout::Html2026;
        }
        let Some(t) = twin(&json.join(format!("{prefix}.json"))) else {
            continue;
        };
        for a in &mut s.actions {
            let name = a.name.to_string();
            if t.write_flagged.contains(&name) && a.access_level.levels.insert(AccessLevel::Write) {
                gained_write += 1;
            }
            // No Dependent actions column any more: what the operation of
            // the same name authorizes besides the action itself.
            a.dependent_actions.clear();
            for other in t.operations.get(&name).into_iter().flatten() {
                if *other != format!("{prefix}:{name}")
                    && let Ok(q) = QualifiedAction::new(other.clone())
                {
                    a.dependent_actions.push(DependentAction {
                        name: q,
                        source: DependencySource::OperationsTable,
                    });
                }
            }
            if !a.dependent_actions.is_empty() {
                from_operations += 1;
            }
            a.canonicalize();
        }
    }
    assert!(gained_write > 500, "{gained_write} actions gained Write");
    assert!(from_operations > 500, "{from_operations}");
    let d: Diff = compare(&before, &after);
    assert!(
        d.services.renamed.len() > 100,
        "{}",
        d.services.renamed.len()
    );
    assert_eq!(d.services.relayout.len(), before.services.len());
    let body = render_body(&d, &Markdown, &extras(), DEFAULT_BUDGET);
    check_rendering(&body, DEFAULT_BUDGET);
    // Access-level changes in a handful of grouped lines.
    let level_lines: Vec<&str> = body
        .lines()
        .filter(|l| l.contains("access level `") && l.contains("in ") && l.contains(" services"))
        .collect();
    assert!((1..=6).contains(&level_lines.len()), "{level_lines:#?}");
    assert!(
        level_lines
            .iter()
            .any(|l| l.contains("access level `Tagging` → `Tagging, Write`")),
        "{level_lines:#?}"
    );
    // The access-level gains alone would be a minor release (AWS's answers,
    // docs/versioning.md); the dependents the operations tables do not
    // restate are data lost, which makes the redesign breaking.
    let reasons = &d.semver.reasons;
    assert_eq!(d.semver.bump, Bump::Major, "{reasons:#?}");
    assert!(
        reasons[0].contains("(dependent actions lost)"),
        "{reasons:#?}"
    );
    let answers = |r: &String| r.starts_with("AWS changed its answers: ");
    assert!(reasons.iter().any(answers), "{reasons:#?}");
    assert!(body.contains("**major** (breaking change)"));
    eprintln!(
        "redesign: {gained_write} actions gained Write, {from_operations} dependents from operations, body {} characters",
        body.chars().count()
    );
}

#[test]
fn diff_cli_writes_the_body_within_budget_and_the_full_report() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let full = tmp.path().join("full.md");
    let o = xtask()
        .args(["diff", "--format", "markdown", "--budget", "8000", "--full"])
        .arg(&full)
        .arg(corpus.join("sar-html/2026-06-01"))
        .arg(corpus.join("sar-html/2026-07-01"))
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let body = String::from_utf8(o.stdout).unwrap();
    check_rendering(&body, 8_000);
    assert!(body.contains("## Not shown here"), "{body}");
    assert!(body.contains(&format!("`{}`", full.display())));
    let full = std::fs::read_to_string(&full).unwrap();
    check_rendering(&full, usize::MAX);
    assert!(full.chars().count() > 8_000);
}

/// The workflow posts the body `update --report` wrote, as written (no
/// byte cut), and commits the full report it links on the update branch.
#[test]
fn the_workflow_posts_the_body_as_written_and_commits_the_full_report() {
    let yml = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../.github/workflows/update.yml"
    ))
    .unwrap();
    assert!(!yml.contains("head -c"), "no byte cut of the body");
    assert!(!yml.contains("body.md"));
    assert_eq!(
        yml.matches("--body-file \"$RUNNER_TEMP/report.md\"")
            .count(),
        2
    );
    assert!(yml.contains("--report \"$RUNNER_TEMP/report.md\" --taken-at \"$date\" --full \"reports/$date.md\" --full-url \"$full_url\""));
    assert!(yml.contains("/blob/$BRANCH/reports/$date.md"));
    let add = yml
        .lines()
        .find(|l| l.trim_start().starts_with("git add"))
        .unwrap();
    // What it adds is the update's own list of what it changed (the full
    // report among them when it is written inside the checkout).
    assert!(
        add.contains("--pathspec-from-file=\"$RUNNER_TEMP/changed-files\""),
        "{add}"
    );
}
