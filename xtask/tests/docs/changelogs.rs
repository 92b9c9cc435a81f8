//! Every managed-policy changelog in the corpus, rendered as the HTML table
//! AWS serves, parses to exactly its rows; a diff of consecutive versions
//! lists exactly the new rows.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use xtask::diff::{Side, compare};
use xtask::model::PolicyChange;
use xtask::parse::{PageOutcome, parse_page};

use crate::util::{corpus, source_from};

/// One row of a source table, as the source writes it.
#[derive(Debug, Clone)]
struct SourceRow {
    change: String,
    description: String,
    date: String,
}

/// Markdown-source inline text to HTML: links, code, bold, escapes, breaks.
fn md_to_html(s: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut code = false;
    while i < chars.len() {
        match chars[i] {
            '\\' if i + 1 < chars.len() => {
                out.push(chars[i + 1]);
                i += 2;
            }
            '`' => {
                out.push_str(if code { "</code>" } else { "<code>" });
                code = !code;
                i += 1;
            }
            '*' if chars.get(i + 1) == Some(&'*') => i += 2,
            '[' => {
                let close = chars[i..].iter().position(|&c| c == ']').map(|p| p + i);
                match close.filter(|&c| chars.get(c + 1) == Some(&'(')) {
                    Some(c) => {
                        let end = chars[c..]
                            .iter()
                            .position(|&x| x == ')')
                            .map(|p| p + c)
                            .unwrap_or(chars.len() - 1);
                        let label: String = chars[i + 1..c].iter().collect();
                        let href: String = chars[c + 2..end].iter().collect();
                        out.push_str(&format!(
                            "<a href=\"{}\">{}</a>",
                            href.split_whitespace().next().unwrap_or(""),
                            md_to_html(&label)
                        ));
                        i = end + 1;
                    }
                    None => {
                        out.push('[');
                        i += 1;
                    }
                }
            }
            '<' if chars[i..].starts_with(&['<', 'b', 'r']) => {
                out.push_str("<br/>");
                i += chars[i..].iter().position(|&c| c == '>').unwrap_or(0) + 1;
            }
            '<' => {
                out.push_str("&lt;");
                i += 1;
            }
            '&' => {
                out.push_str("&amp;");
                i += 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// The text a reader sees of a source cell (what the parser should give).
fn visible(s: &str) -> String {
    let html = md_to_html(s);
    let doc = scraper::Html::parse_fragment(&html.replace("<br/>", " "));
    doc.root_element()
        .text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The changelog rows of a Markdown source (the table after the
/// `| Change | Description | Date |` header).
fn markdown_rows(text: &str) -> Vec<SourceRow> {
    let mut rows = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        let t = line.trim();
        if t.starts_with('|')
            && t.contains("Change")
            && t.contains("Description")
            && t.contains("Date")
        {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        if !t.starts_with('|') {
            break;
        }
        let cells: Vec<&str> = t.trim_matches('|').split(" | ").map(str::trim).collect();
        if cells
            .iter()
            .all(|c| c.chars().all(|ch| ch == '-' || ch == ':' || ch == ' '))
        {
            continue;
        }
        let cells: Vec<String> = split_pipes(t);
        rows.push(SourceRow {
            change: cells[0].clone(),
            description: cells[1].clone(),
            date: cells[2].clone(),
        });
    }
    rows
}

/// Splits `| a | b | c |` on unescaped pipes.
fn split_pipes(line: &str) -> Vec<String> {
    let inner = line.trim().trim_start_matches('|').trim_end_matches('|');
    let mut cells = vec![String::new()];
    let mut prev = ' ';
    for c in inner.chars() {
        if c == '|' && prev != '\\' {
            cells.push(String::new());
        } else {
            cells.last_mut().unwrap().push(c);
        }
        prev = c;
    }
    cells.into_iter().map(|c| c.trim().to_string()).collect()
}

/// The changelog rows of the AsciiDoc source (`|===` table, one cell per line).
fn asciidoc_rows(text: &str) -> Vec<SourceRow> {
    let start = text
        .find("|Change\n|Description\n|Date")
        .expect("the changelog table");
    let body = &text[start..];
    let body = &body[..body[3..].find("|===").map_or(body.len(), |e| e + 3)];
    let cells: Vec<String> = body
        .split("\n|")
        .map(|c| c.trim_start_matches('|').trim().replace("{aws}", "AWS"))
        .map(|c| {
            // <<anchor>> cross references show the referenced title; keep the id.
            let mut out = c.clone();
            while let (Some(a), Some(b)) = (out.find("<<"), out.find(">>")) {
                let id = out[a + 2..b].to_string();
                out.replace_range(a..b + 2, id.trim_start_matches("security-iam-awsmanpol-"));
            }
            out
        })
        .collect();
    cells[3..]
        .chunks(3)
        .filter(|c| c.len() == 3)
        .map(|c| SourceRow {
            change: c[0].clone(),
            description: c[1].clone(),
            date: c[2].clone(),
        })
        .collect()
}

/// The rows as the HTML table of the rendered page.
fn render(url: &str, rows: &[SourceRow]) -> String {
    let mut html = format!(
        "<!DOCTYPE html><html><head><link rel=\"canonical\" href=\"{url}\"/></head><body><div id=\"main-col-body\">\
         <h1>Updates to AWS managed policies</h1><div class=\"table-container\"><div class=\"table-contents\"><table id=\"w1\">\
         <thead><tr><th>Change</th><th>Description</th><th>Date</th></tr></thead>"
    );
    for r in rows {
        html += &format!(
            "<tr><td tabindex=\"-1\">{}</td><td tabindex=\"-1\">{}</td><td tabindex=\"-1\">{}</td></tr>",
            md_to_html(&r.change),
            md_to_html(&r.description),
            md_to_html(&r.date)
        );
    }
    html + "</table></div></div></div></body></html>"
}

/// An independent reading of a date cell.
fn expected_date(text: &str) -> String {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let words: Vec<&str> = text.split([' ', ',']).filter(|w| !w.is_empty()).collect();
    let m = months
        .iter()
        .position(|m| words[0].starts_with(m))
        .expect("a month")
        + 1;
    format!(
        "{}-{m:02}-{:02}",
        words[2],
        words[1].parse::<u32>().unwrap()
    )
}

fn sources(corpus: &Path) -> Vec<(PathBuf, Vec<SourceRow>)> {
    let mut out = Vec::new();
    for dir in [
        "managed-policy-changelogs/awsdocs-amazon-chime-administration-guide",
        "managed-policy-changelogs/awsdocs-amazon-eks-user-guide",
        "managed-policy-changelogs/awsdocs-amazon-guardduty-user-guide",
        "service-docs",
    ] {
        let mut files: Vec<PathBuf> = std::fs::read_dir(corpus.join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            let rows = if path.extension().is_some_and(|e| e == "adoc") {
                asciidoc_rows(&text)
            } else {
                markdown_rows(&text)
            };
            if !rows.is_empty() {
                out.push((path, rows));
            }
        }
    }
    out
}

fn parsed(path: &Path, rows: &[SourceRow]) -> Vec<PolicyChange> {
    let url = format!(
        "https://docs.aws.amazon.com/x/latest/ug/{}.html",
        path.file_stem().unwrap().to_string_lossy()
    );
    match parse_page(&source_from(&url, render(&url, rows))).unwrap() {
        PageOutcome::Doc(d) => {
            assert!(
                d.warnings.is_empty(),
                "{}: {:?}",
                path.display(),
                d.warnings
            );
            d.changes
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_changelog_table_parses_to_exactly_its_rows() {
    let Some(corpus) = corpus() else { return };
    let all = sources(&corpus);
    assert_eq!(
        all.len(),
        13,
        "every changelog source of the corpus: {:?}",
        all.iter().map(|(p, _)| p).collect::<Vec<_>>()
    );
    let mut total = 0;
    for (path, rows) in &all {
        let changes = parsed(path, rows);
        assert_eq!(changes.len(), rows.len(), "{}", path.display());
        for (row, change) in rows.iter().zip(&changes) {
            assert_eq!(change.date_text, visible(&row.date), "{}", path.display());
            assert_eq!(
                change.date.as_deref(),
                Some(expected_date(&visible(&row.date)).as_str()),
                "{}",
                path.display()
            );
            assert_eq!(change.change, visible(&row.change), "{}", path.display());
            // Every name the row gives is in its text, and every *Policy name in it is found.
            let text = format!("{} {}", visible(&row.change), visible(&row.description));
            for name in &change.policies {
                assert!(
                    text.contains(name.as_str()),
                    "{}: {name} is not in {text:?}",
                    path.display()
                );
            }
            for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
                if (word.starts_with("Amazon") || word.starts_with("AWS"))
                    && word.ends_with("Policy")
                {
                    assert!(
                        change.policies.iter().any(|p| p == word),
                        "{}: {word} missing from {:?}",
                        path.display(),
                        change.policies
                    );
                }
            }
        }
        total += changes.len();
    }
    assert!(total > 100, "{total} rows in all");
}

fn side(rows: Vec<PolicyChange>) -> Side {
    let mut service: xtask::model::Service = serde_json::from_value(serde_json::json!({
        "prefix": "x", "name": "X", "pages": [], "links": {}, "notices": [], "actions": [],
        "resource_types": [], "condition_keys": [], "operations": []
    }))
    .unwrap();
    service.managed_policy_changes = rows;
    Side {
        label: "test".into(),
        data_date: None,
        content_sha256: String::new(),
        services: vec![service],
        moved: Default::default(),
        global_keys: None,
    }
}

#[test]
fn a_diff_of_consecutive_versions_lists_exactly_the_new_rows() {
    let Some(corpus) = corpus() else { return };
    let all = sources(&corpus);
    let mut compared = 0;
    for pair in all.windows(2) {
        let ((old_path, old_rows), (new_path, new_rows)) = (&pair[0], &pair[1]);
        // Versions of one page: same directory, same page name after the date.
        let page = |p: &Path| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .splitn(3, '_')
                .nth(2)
                .map(|s| s.replace(".adoc", ".md"))
        };
        if old_path.parent() != new_path.parent()
            || page(old_path) != page(new_path)
            || page(old_path).is_none()
        {
            continue;
        }
        let key = |r: &SourceRow| {
            (
                visible(&r.date),
                visible(&r.change),
                visible(&r.description),
            )
        };
        let before: BTreeSet<_> = old_rows.iter().map(key).collect();
        let expected: Vec<(String, String)> = new_rows
            .iter()
            .map(key)
            .filter(|k| !before.contains(k))
            .map(|(d, c, _)| (d, c))
            .collect();
        let d = compare(
            &side(parsed(old_path, old_rows)),
            &side(parsed(new_path, new_rows)),
        );
        let mut got: Vec<(String, String)> = d
            .managed_policy_changes
            .added
            .iter()
            .map(|r| (r.row.date_text.clone(), r.row.change.clone()))
            .collect();
        let mut expected = expected;
        got.sort();
        expected.sort();
        assert_eq!(
            got,
            expected,
            "{} -> {}",
            old_path.display(),
            new_path.display()
        );
        compared += 1;
    }
    assert_eq!(compared, 7, "4 Chime and 3 EKS version pairs");
}

/// A docs page cut inside a row of its changelog table keeps its other
/// findings and says the table is lost (it used to read as a page with no
/// changelog).
#[test]
fn a_changelog_cut_inside_a_row_is_a_warning_of_the_page() {
    let Some(corpus) = corpus() else { return };
    let path = corpus.join("service-docs/chime-sdk_security-iam-awsmanpol-updates.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let doc = |text: &str| match parse_page(&source_from(&path.display().to_string(), text)) {
        Ok(PageOutcome::Doc(d)) => *d,
        other => panic!("not a docs page: {:?}", other.map(|_| ())),
    };
    let whole = doc(&text);
    assert!(whole.changes.len() > 5, "{}", whole.changes.len());
    assert!(whole.warnings.is_empty(), "{:?}", whole.warnings);
    let last_row = text.trim_end().rfind("\n|").unwrap() + 1;
    let cut = doc(&text[..last_row + 40]);
    assert!(cut.changes.is_empty(), "{:?}", cut.changes);
    assert!(
        cut.warnings
            .iter()
            .any(|w| w.contains("could not be read") && w.contains("cut inside a row")),
        "{:?}",
        cut.warnings
    );
}
