//! The Markdown twin of an HTML reference page, written the way AWS writes
//! it (front matter, `h1`, intro, "References" items, `##` sections with
//! their anchors; tables without spans as pipe tables, tables with spans as
//! nested lists, one sub-item per field or per HTML row joined by ` / `).
//!
//! For mirrors and tests: AWS published no Markdown of the pages before July
//! 2026, so a test that needs a twin consistent with a recorded HTML page
//! writes it from that page. It is a transcription of the page's tables,
//! cell by cell, not of the model: what the HTML reader saw, the Markdown
//! reader sees.

use std::fmt::Write as _;

use crate::parse::table::{Cell, Table};

/// Escapes what the Markdown reader would take for markup.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(c, '\\' | '*' | '[' | ']' | '|' | '`' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A header as AWS capitalises it ("Access level"): the reader compares
/// headers normalised, so only the first letter needs putting back.
fn header(h: &str) -> String {
    let mut c = h.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect::<String>())
        .map(|h| escape(&h))
        .unwrap_or_default()
}

/// One line of a cell, with its links put back where their text is.
fn line_with_links<'a>(
    line: &str,
    links: &mut impl Iterator<Item = &'a crate::parse::table::Link>,
    pending: &mut Option<&'a crate::parse::table::Link>,
) -> String {
    let mut out = String::new();
    let mut rest = line;
    while let Some(link) = pending.take().or_else(|| links.next()) {
        match rest
            .find(link.text.as_str())
            .filter(|_| !link.text.is_empty())
        {
            Some(at) => {
                out += &escape(&rest[..at]);
                let _ = write!(out, "[{}]({})", escape(&link.text), link.href);
                rest = &rest[at + link.text.len()..];
            }
            None => {
                // On a later line of the cell.
                *pending = Some(link);
                break;
            }
        }
    }
    out + &escape(rest)
}

/// A cell as inline Markdown: its lines joined by `<br />`, links kept.
fn cell(c: &Cell) -> String {
    let mut links = c.links.iter();
    let mut pending = None;
    c.lines
        .iter()
        .map(|l| line_with_links(l, &mut links, &mut pending))
        .collect::<Vec<_>>()
        .join("<br />")
}

fn pipe_table(t: &Table, out: &mut String) {
    let header: Vec<String> = t.headers.iter().map(|h| header(h)).collect();
    let _ = writeln!(out, "| {} |", header.join(" | "));
    let _ = writeln!(out, "|{}", " --- |".repeat(header.len()));
    for row in &t.rows {
        let cells: Vec<String> = (0..t.headers.len())
            .map(|c| {
                row.get(c)
                    .map_or_else(String::new, |s| cell(&t.cells[s.cell]))
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

/// A table with spans as a list: one item per run of rows sharing their
/// first cell; a column whose cell spans the item's rows is a line of its
/// own, the others one line per row, fields joined by ` / `.
fn list_table(t: &Table, out: &mut String) {
    let mut start = 0;
    while start < t.rows.len() {
        let first = t.rows[start].first().map(|s| s.cell);
        let mut end = start + 1;
        while end < t.rows.len() && t.rows[end].first().map(|s| s.cell) == first {
            end += 1;
        }
        let rows = &t.rows[start..end];
        let name = first.map_or_else(String::new, |c| cell(&t.cells[c]));
        let _ = writeln!(out, "- **   {name}  **");
        let field = |col: usize, slot: &crate::parse::table::Slot| {
            format!(
                "**{}:** {}",
                header(&t.headers[col]),
                cell(&t.cells[slot.cell])
            )
        };
        let spans = |col: usize| {
            rows.len() == 1
                || rows
                    .iter()
                    .all(|r| r.get(col).map(|s| s.cell) == rows[0].get(col).map(|s| s.cell))
        };
        let per_row: Vec<usize> = (1..t.headers.len()).filter(|&c| !spans(c)).collect();
        for col in (1..t.headers.len()).filter(|&c| spans(c)) {
            if let Some(slot) = rows[0].get(col) {
                let _ = writeln!(out, "  - {}", field(col, slot));
            }
        }
        for row in rows.iter().filter(|_| !per_row.is_empty()) {
            let fields: Vec<String> = per_row
                .iter()
                .filter_map(|&c| Some(field(c, row.get(c)?)))
                .collect();
            let _ = writeln!(out, "  - {}", fields.join(" / "));
        }
        out.push('\n');
        start = end;
    }
}

/// The Markdown twin of `html` (a reference page served at `url`). `Err`
/// names what the HTML reader could not read.
pub fn twin_of(html: &str, url: &str) -> Result<String, String> {
    let doc = crate::parse::html::read(html).map_err(|e| e.to_string())?;
    if doc.moved.is_some() || doc.prefix.is_none() {
        return Err("not a service page (moved, or no service prefix): no twin".into());
    }
    let mut out = format!("---\nsource_url: {url}\n---\n\n");
    if let Some(title) = &doc.title {
        let _ = writeln!(out, "# {}\n", escape(title));
    }
    if let (Some(intro), Some(prefix)) = (&doc.intro, &doc.prefix) {
        let said = format!("service prefix: {prefix}");
        let marked = format!("service prefix: `{prefix}`");
        let _ = writeln!(
            out,
            "{}\n",
            escape(intro).replacen(&escape(&said), &marked, 1)
        );
    }
    out += "References:\n";
    let l = &doc.links;
    for (before, text, link, after) in [
        ("Learn how to ", "configure this service", &l.guide, "."),
        (
            "View a list of the ",
            "API operations available for this service",
            &l.api_reference,
            ".",
        ),
        (
            "Learn how to secure this service and its resources by ",
            "using IAM",
            &l.iam_guide,
            " permission policies.",
        ),
        (
            "View the ",
            "programmatic service authorization reference",
            &l.service_reference,
            " for this service.",
        ),
    ] {
        if let Some(href) = link {
            let _ = writeln!(out, "+ {before}[{text}]({href}){after}");
        }
    }
    out.push('\n');
    for s in &doc.sections {
        let _ = writeln!(out, "## {}", escape(&s.heading));
        if let Some(a) = &s.anchor {
            let _ = writeln!(out, "<a name=\"{a}\"></a>");
        }
        out.push('\n');
        for t in s.tables.iter().flatten() {
            let spanned = t.rows.iter().flatten().any(|s| !s.origin);
            if spanned {
                list_table(t, &mut out);
            } else {
                pipe_table(t, &mut out);
            }
        }
    }
    Ok(out)
}
