//! Bad input gets a clear error naming the page and the problem; nothing
//! panics, and nothing parses into a silently empty service.

use proptest::prelude::*;
use xtask::parse::{PageOutcome, parse_page};

use crate::util::{corpus, parse_error, service_page, source, source_from};

/// Removes the `<th>` whose text is `header`.
fn without_header(html: &str, header: &str) -> String {
    let mut from = 0;
    while let Some(at) = html[from..].find("<th>") {
        let start = from + at;
        let end = start + html[start..].find("</th>").expect("closed th") + "</th>".len();
        let inner = &html[start..end];
        let text: String = inner[inner.find('>').unwrap() + 1..inner.len() - 5]
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if text == header {
            return format!("{}{}", &html[..start], &html[end..]);
        }
        from = end;
    }
    panic!("no <th>{header}</th>");
}

fn chime_2026() -> Option<(String, String)> {
    let path = corpus()?.join("sar-html/2026-07-01/list_amazonchime.html");
    Some((
        path.display().to_string(),
        std::fs::read_to_string(path).unwrap(),
    ))
}

#[test]
fn actions_table_that_lost_a_header() {
    let Some((name, html)) = chime_2026() else {
        return;
    };
    let broken = without_header(&html, "Access level");
    let e = parse_error(&source_from(&name, broken)).to_string();
    assert!(e.starts_with(&name), "{e}");
    // The header row is one short of the data rows: said as such.
    assert!(e.contains("header names 5 columns"), "{e}");

    // Renamed rather than removed: the missing column is named.
    let renamed = html.replacen(
        "Access level\n                </th>",
        "Level\n                </th>",
        1,
    );
    let e = parse_error(&source_from(&name, renamed)).to_string();
    assert!(
        e.contains("no \"Access level\" column") && e.contains("Actions defined by Amazon Chime"),
        "{e}"
    );

    let e = parse_error(&source_from(&name, without_header(&html, "Actions"))).to_string();
    assert!(
        e.starts_with(&name) && e.contains("header names 5 columns"),
        "{e}"
    );
}

#[test]
fn truncated_pages_are_errors_not_short_services() {
    let Some((name, html)) = chime_2026() else {
        return;
    };
    for percent in [5, 30, 60, 90, 97, 99] {
        let cut = html.floor_char_boundary(html.len() * percent / 100);
        let e = parse_error(&source_from(&name, &html[..cut])).to_string();
        assert!(
            e.starts_with(&name) && e.contains("truncated"),
            "{percent}%: {e}"
        );
    }
}

/// AWS's Markdown pages end with their last table and no end marker: a
/// page cut inside a table row would read its last cell short (a key
/// named `[aws:TagKeys](https://docs.aws.amaz` with no type). Every line
/// of AWS's pipe tables ends with `|`, so a line that does not is a cut.
#[test]
fn markdown_cut_inside_a_table_row_is_an_error() {
    let Some(corpus) = corpus() else { return };
    let (mut cuts, mut rows_cut) = (0, 0);
    for rel in [
        "new-layout/list_chime.md",
        "new-layout/aws-md/list_account.md",
    ] {
        let path = corpus.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.display().to_string();
        let whole = service_page(&source_from(&name, text.clone()));
        assert!(!whole.condition_keys.is_empty(), "{rel}");
        // Every table line of the last third, cut in its middle.
        let mut at = 0;
        for line in text.split_inclusive('\n') {
            let start = at;
            at += line.len();
            if start < text.len() * 2 / 3 || !line.trim_start().starts_with('|') {
                continue;
            }
            let cut = text.floor_char_boundary(start + line.trim_end().len() / 2);
            let e = parse_error(&source_from(&name, &text[..cut])).to_string();
            // Before the last section, the missing sections say it; a cut
            // that happens to end a header at a `|` leaves it short of a
            // column.
            assert!(e.starts_with(&name), "{rel} cut at {cut}: {e}");
            cuts += 1;
            rows_cut += usize::from(e.contains("cut inside a row"));
        }
    }
    assert!(
        cuts > 20 && rows_cut >= 5,
        "{cuts} cuts, {rows_cut} inside the last tables' rows"
    );
}

#[test]
fn empty_binary_and_foreign_files() {
    let e = parse_error(&source_from("list_empty.html", "")).to_string();
    assert_eq!(e, "list_empty.html: the file is empty");
    let e = parse_error(&source_from(
        "logo.png",
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff".to_vec(),
    ))
    .to_string();
    assert!(e.starts_with("logo.png: not UTF-8 text"), "{e}");
    // A `.json` file is read as a JSON twin, and must be a whole one.
    let e = parse_error(&source_from("data.json", r#"{"Name": "chime"}"#)).to_string();
    assert!(
        e.starts_with("data.json: not a service reference document")
            && e.contains("missing field `Actions`"),
        "{e}"
    );
    let e = parse_error(&source_from("data.txt", r#"{"Name": "chime"}"#)).to_string();
    assert!(
        e.starts_with("data.txt: not an HTML or Markdown page"),
        "{e}"
    );
    let e = parse_error(&source_from(
        "list_other.html",
        "<html><body><h1>Welcome</h1><p>Nothing here.</p></body></html>",
    ))
    .to_string();
    assert!(e.contains("no service prefix found"), "{e}");
}

#[test]
fn a_page_without_its_sections_or_actions() {
    let Some(corpus) = corpus() else { return };
    let md = std::fs::read_to_string(corpus.join("new-layout/list_codestar.md")).unwrap();
    let no_keys = &md[..md.find("## Condition keys").unwrap()];
    let e = parse_error(&source_from("list_codestar.md", no_keys)).to_string();
    assert!(e.contains("no \"Condition keys for …\" section"), "{e}");

    let html =
        std::fs::read_to_string(corpus.join("sar-html/2026-07-01/list_recyclebin.html")).unwrap();
    // Keep the header row, drop every body row of the actions table.
    let table = html.find("</thead>").unwrap() + "</thead>".len();
    let end = table + html[table..].find("</table>").unwrap();
    let emptied = format!("{}{}", &html[..table], &html[end..]);
    let e = parse_error(&source_from("list_recyclebin.html", emptied)).to_string();
    assert!(e.contains("lists no actions"), "{e}");
}

#[test]
fn bad_access_level_names_the_row_and_action() {
    let Some(corpus) = corpus() else { return };
    let html =
        std::fs::read_to_string(corpus.join("sar-html/2026-07-01/list_recyclebin.html")).unwrap();
    let page = service_page(&source_from("list_recyclebin.html", html.clone()));
    let first = page.actions[0].name.to_string();
    let broken = html.replacen(
        "\n                Write\n",
        "\n                Administer\n",
        1,
    );
    let e = parse_error(&source_from("list_recyclebin.html", broken)).to_string();
    assert!(
        e.contains("actions table, row")
            && e.contains("\"Administer\" is not a valid access level"),
        "{e} ({first})"
    );
}

/// Small real pages of each layout, to mutate.
fn seeds() -> Vec<(String, Vec<u8>)> {
    let Some(corpus) = corpus() else {
        return Vec::new();
    };
    [
        "sar-html/2026-07-01/list_recyclebin.html",
        "sar-html/2026-07-01/list_awsidentitysynchronizationservice.html",
        "sar-html/chime-history/2019-10-10_43b2221a_list_amazonchime.html",
        "new-layout/list_codestar.md",
    ]
    .iter()
    .map(|p| {
        let s = source(&corpus.join(p));
        (s.name, s.bytes)
    })
    .collect()
}

/// What a mutation does to a page.
#[derive(Debug, Clone)]
enum Mutation {
    Truncate(usize),
    Delete(usize, usize),
    Insert(usize, &'static str),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let snippets = prop::sample::select(vec![
        "<tr>",
        "</tr>",
        "<td rowspan=\"100000\">",
        "<td colspan=\"999999\">x</td>",
        "</table>",
        "<table><tr><th>Actions</th></tr>",
        "<th>ARN</th>",
        "<h2>Actions defined by X</h2>",
        "<span>{</span>",
        "[permission only]",
        "SCENARIO:",
        "\u{0}",
        "|",
        "- **",
        "  - **Access level:** Nope / **IAM action:** x",
        "*",
    ]);
    prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..400).prop_map(|(a, n)| Mutation::Delete(a, n)),
        (any::<usize>(), snippets).prop_map(|(a, s)| Mutation::Insert(a, s)),
        (any::<usize>(), 1usize..2000).prop_map(|(a, n)| Mutation::Duplicate(a, n)),
    ]
}

fn apply(bytes: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut b = bytes.to_vec();
    for m in mutations {
        let at = |x: usize, b: &Vec<u8>| if b.is_empty() { 0 } else { x % b.len() };
        match *m {
            Mutation::Truncate(x) => {
                let n = at(x, &b);
                b.truncate(n);
            }
            Mutation::Delete(x, n) => {
                let s = at(x, &b);
                let e = (s + n).min(b.len());
                b.drain(s..e);
            }
            Mutation::Insert(x, s) => {
                let p = at(x, &b);
                b.splice(p..p, s.bytes());
            }
            Mutation::Duplicate(x, n) => {
                let s = at(x, &b);
                let e = (s + n).min(b.len());
                let copy = b[s..e].to_vec();
                b.splice(e..e, copy);
            }
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    /// Mutated real pages never panic the parser, and whatever parses still
    /// has actions with valid names (never a silently empty service).
    #[test]
    fn mutated_real_pages_never_panic(seed in any::<prop::sample::Index>(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let seeds = seeds();
        if seeds.is_empty() {
            return Ok(());
        }
        let (name, bytes) = &seeds[seed.index(seeds.len())];
        let page = source_from(name, apply(bytes, &mutations));
        match parse_page(&page) {
            Ok(PageOutcome::Service(p)) => prop_assert!(!p.actions.is_empty()),
            Ok(PageOutcome::Moved { .. }) => {}
            // A reference page (named list_*) is never read as a docs page.
            Ok(PageOutcome::Doc(d)) => prop_assert!(false, "{name} was read as a docs page {}", d.url),
            Err(e) => prop_assert!(e.to_string().starts_with(name.as_str()), "{}", e),
        }
    }
}
