//! Reads AWS's Markdown rendering of a page (served beside every page of the
//! July 2026 layout as `list_<slug>.md`) into a [`PageDoc`].
//!
//! Tables without spans stay pipe tables. Tables that use `rowspan` in the
//! HTML (API operations, actions) are rendered as nested lists: one item per
//! operation or action, one sub-item per field, and one sub-item per HTML row
//! when the item spans several rows, its fields joined by ` / `:
//!
//! ```text
//! - **   CreateAppInstance  **
//!   - **SDK client:** chime-sdk-identity
//!   - **IAM action:**  [chime:CreateAppInstance](#…)  / **Condition key:**  / … / **Access level:** Write
//!   - **IAM action:**  [chime:TagResource](#…)  / **Condition key:**  / … / **Access level:** Tagging, Write
//! ```
//!
//! Such a list becomes the grid the HTML table would have given: the item name
//! and the single-line fields span the item's rows, the ` / ` lines are rows.

use super::table::{Cell, GridBuilder, Link, Table, TableError};
use super::text::collapse;
use super::{Block, DocRaw, PageDoc, Problem, Section};

/// Splits off the front matter (`---` lines at the top); its
/// `source_url:` is the page's own address. Returns it and the body lines.
fn front_matter(text: &str) -> (Option<String>, Vec<&str>) {
    let mut url = None;
    let mut lines = text.lines().peekable();
    if lines.peek().is_some_and(|l| l.trim() == "---") {
        lines.next();
        for line in lines.by_ref() {
            if line.trim() == "---" {
                break;
            }
            if let Some(u) = line.trim().strip_prefix("source_url:") {
                url = Some(u.trim().to_string());
            }
        }
    }
    (url, lines.collect())
}

/// Reads the page.
pub fn read(text: &str) -> Result<PageDoc, Problem> {
    let mut page = PageDoc::default();
    let (url, lines) = front_matter(text);
    page.canonical_url = url;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim();
        if let Some(h) = trimmed.strip_prefix("# ") {
            page.title.get_or_insert_with(|| inline(h).text());
            i += 1;
        } else if let Some(h) = trimmed.strip_prefix("## ") {
            page.sections.push(Section {
                heading: inline(h).text(),
                anchor: None,
                tables: Vec::new(),
            });
            i += 1;
        } else if let Some(name) = anchor_name(trimmed) {
            if let Some(s) = page.sections.last_mut() {
                s.anchor.get_or_insert(name);
            }
            i += 1;
        } else if trimmed.starts_with('|') {
            let end = block_end(&lines, i, |l| l.trim_start().starts_with('|'));
            if let Some(s) = page.sections.last_mut() {
                s.tables.push(pipe_table(&lines[i..end]));
            }
            i = end;
        } else if trimmed.starts_with("- **") && !page.sections.is_empty() {
            let end = list_end(&lines, i);
            if let Some(s) = page.sections.last_mut() {
                s.tables.push(list_table(&lines[i..end]));
            }
            i = end;
        } else if page.sections.is_empty() && !trimmed.is_empty() {
            // Intro paragraph or a "References" item, possibly wrapped.
            let end = block_end(&lines, i + 1, |l| {
                let t = l.trim();
                !t.is_empty() && !t.starts_with(['#', '|', '+', '-', '<', '*'])
            });
            let block = lines[i..end].join(" ");
            read_intro(&block, &mut page);
            i = end;
        } else {
            i += 1;
        }
    }
    Ok(page)
}

/// Reads a guide page in Markdown as blocks: headings, paragraphs and list
/// items, pipe tables, fenced code.
pub fn read_blocks(text: &str) -> DocRaw {
    let mut raw = DocRaw::default();
    let (url, lines) = front_matter(text);
    raw.url = url;
    let mut para: Vec<&str> = Vec::new();
    let flush = |para: &mut Vec<&str>, raw: &mut DocRaw| {
        if !para.is_empty() {
            let cell = inline(&para.join(" "));
            raw.links.extend(cell.links.iter().map(|l| l.href.clone()));
            let text = cell.text();
            if !text.is_empty() {
                raw.blocks.push(Block::Text(text));
            }
            para.clear();
        }
    };
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let t = line.trim();
        if t.starts_with("```") {
            flush(&mut para, &mut raw);
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].trim().starts_with("```"))
                .unwrap_or(lines.len());
            raw.blocks.push(Block::Code(lines[i + 1..end].join("\n")));
            i = end + 1;
        } else if t.starts_with('#') && t.trim_start_matches('#').starts_with(' ') {
            flush(&mut para, &mut raw);
            let heading = inline(t.trim_start_matches('#').trim()).text();
            raw.title.get_or_insert_with(|| heading.clone());
            raw.blocks.push(Block::Heading(heading));
            i += 1;
        } else if t.starts_with('|') {
            flush(&mut para, &mut raw);
            let end = block_end(&lines, i, |l| l.trim_start().starts_with('|'));
            for row in &lines[i..end] {
                raw.links
                    .extend(inline(row).links.into_iter().map(|l| l.href));
            }
            raw.blocks.push(Block::Table(pipe_table(&lines[i..end])));
            i = end;
        } else if t.is_empty() || t.starts_with("<a name=") {
            flush(&mut para, &mut raw);
            i += 1;
        } else if t.starts_with(['+', '-', '*']) && t[1..].starts_with(' ') {
            // A list item is a block of its own.
            flush(&mut para, &mut raw);
            para.push(&t[2..]);
            i += 1;
        } else {
            para.push(t);
            i += 1;
        }
    }
    flush(&mut para, &mut raw);
    raw
}

/// `<a name="x"></a>` gives `x`.
fn anchor_name(line: &str) -> Option<String> {
    let rest = line.strip_prefix("<a name=\"")?;
    Some(rest[..rest.find('"')?].to_string())
}

fn block_end(lines: &[&str], from: usize, keep: impl Fn(&str) -> bool) -> usize {
    (from..lines.len())
        .find(|&j| !keep(lines[j]))
        .unwrap_or(lines.len())
}

/// A nested list runs over items (`- **`), their sub-items (indented `- `)
/// and blank lines between items.
fn list_end(lines: &[&str], from: usize) -> usize {
    let mut end = from;
    for (j, line) in lines.iter().enumerate().skip(from) {
        let t = line.trim_start();
        if line.starts_with("- **") || (line.starts_with(' ') && t.starts_with("- ")) {
            end = j + 1;
        } else if !t.is_empty() {
            break;
        }
    }
    end
}

fn read_intro(block: &str, page: &mut PageDoc) {
    let cell = inline(block);
    let text = cell.text();
    if page.prefix.is_none() && text.contains("service prefix:") {
        // The prefix is the code span after "service prefix:".
        page.prefix = block
            .split_once("service prefix:")
            .and_then(|(_, rest)| rest.split('`').nth(1))
            .map(collapse);
        page.intro = Some(text);
    } else if let Some(link) = cell.links.first()
        && block.trim_start().starts_with(['+', '-'])
    {
        page.links.classify(&text, &link.href);
    }
}

/// Splits a pipe-table row into cells, honouring `\|` escapes.
fn pipe_cells(line: &str) -> Vec<&str> {
    let line = line.trim();
    let line = line.strip_prefix('|').unwrap_or(line);
    let line = line.strip_suffix('|').unwrap_or(line);
    let mut cells = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'|' && (i == 0 || bytes[i - 1] != b'\\') {
            cells.push(&line[start..i]);
            start = i + 1;
        }
    }
    cells.push(&line[start..]);
    cells
}

fn pipe_table(lines: &[&str]) -> Result<Table, TableError> {
    if let Some(at) = lines.iter().position(|l| !l.trim_end().ends_with('|')) {
        return Err(TableError::UnclosedRow { line: at + 1 });
    }
    let mut rows = lines.iter().copied();
    let header = rows.next().ok_or(TableError::NoHeader)?;
    let mut builder = GridBuilder::new(pipe_cells(header).into_iter().map(|h| inline(h).text()));
    for line in rows {
        let cells = pipe_cells(line);
        if cells
            .iter()
            .all(|c| c.trim().chars().all(|ch| matches!(ch, '-' | ':')))
        {
            continue; // the `| --- |` separator
        }
        builder.push_row(cells.into_iter().map(|c| (inline(c), 1, 1)));
    }
    builder.finish()
}

/// One `**Field:** value` pair of a sub-item.
struct Field {
    name: String,
    value: Cell,
}

/// Splits `**A:** x / **B:** y` into its fields.
fn fields(sub_item: &str) -> Vec<Field> {
    let mut out = Vec::new();
    let mut rest = sub_item.trim();
    while let Some(start) = rest.find("**") {
        let after = &rest[start + 2..];
        let Some(end) = after.find(":**") else { break };
        let name = inline(&after[..end]).text();
        let value_and_more = &after[end + 3..];
        // The value runs to the next " / **Label:**" or the end.
        let next = find_next_field(value_and_more);
        let value = &value_and_more[..next];
        out.push(Field {
            name,
            value: inline(value.trim().trim_end_matches('/').trim()),
        });
        rest = &value_and_more[next..];
    }
    out
}

fn find_next_field(s: &str) -> usize {
    let mut from = 0;
    while let Some(at) = s[from..].find("/ **") {
        let at = from + at;
        let label = &s[at + 4..];
        if label
            .find(":**")
            .is_some_and(|e| !label[..e].contains("**"))
        {
            return at;
        }
        from = at + 4;
    }
    s.len()
}

/// An item: its name cell and its sub-item lines, each a list of fields.
struct Item {
    name: Cell,
    lines: Vec<Vec<Field>>,
}

fn list_table(lines: &[&str]) -> Result<Table, TableError> {
    let mut items: Vec<Item> = Vec::new();
    for line in lines {
        let t = line.trim_start();
        if line.starts_with("- **") {
            let name = t.trim_start_matches("- ").trim();
            let name = name.strip_prefix("**").unwrap_or(name);
            let name = name.strip_suffix("**").unwrap_or(name);
            items.push(Item {
                name: inline(name),
                lines: Vec::new(),
            });
        } else if let (Some(item), Some(sub)) = (items.last_mut(), t.strip_prefix("- ")) {
            item.lines.push(fields(sub));
        }
    }

    // Headers: the name column, then every field in first-seen order.
    let mut headers: Vec<String> = Vec::new();
    for f in items.iter().flat_map(|i| i.lines.iter().flatten()) {
        if !headers.contains(&f.name) {
            headers.push(f.name.clone());
        }
    }
    let name_header = if headers.iter().any(|h| h.eq_ignore_ascii_case("IAM action")) {
        "Operation"
    } else {
        "Actions"
    };
    let mut builder =
        GridBuilder::new(std::iter::once(name_header.to_string()).chain(headers.iter().cloned()));

    for item in items {
        // Lines with several fields are HTML rows; fields on lines of their
        // own belong to the whole item (they span its rows).
        let row_fields: Vec<String> = item
            .lines
            .iter()
            .filter(|l| l.len() > 1)
            .flatten()
            .map(|f| f.name.clone())
            .collect();
        let mut spanning: Vec<(usize, Cell)> = Vec::new();
        let mut rows: Vec<Vec<(usize, Cell)>> = Vec::new();
        if row_fields.is_empty() {
            // A single-row item: every field is on its own line.
            rows.push(Vec::new());
        }
        for line in item.lines {
            let multi = line.len() > 1;
            let mut row = Vec::new();
            for f in line {
                let col = 1 + headers
                    .iter()
                    .position(|h| *h == f.name)
                    .expect("collected above");
                if !row_fields.is_empty() && !row_fields.contains(&f.name) {
                    spanning.push((col, f.value));
                } else if multi || row_fields.is_empty() {
                    row.push((col, f.value));
                } else {
                    // A lone line of a row field: its own row.
                    rows.push(vec![(col, f.value)]);
                }
            }
            if multi {
                rows.push(row);
            } else if row_fields.is_empty() {
                rows[0].extend(row);
            }
        }
        let span = rows.len().max(1);
        let spanning_cols: Vec<usize> = std::iter::once(0)
            .chain(spanning.iter().map(|(c, _)| *c))
            .collect();
        for (n, row) in rows.into_iter().enumerate() {
            let mut by_col: Vec<Option<(Cell, usize)>> = vec![None; headers.len() + 1];
            for (c, v) in row {
                by_col[c] = Some((v, 1));
            }
            if n == 0 {
                by_col[0] = Some((item.name.clone(), span));
                for (c, v) in spanning.drain(..) {
                    by_col[c] = Some((v, span));
                }
            }
            // Later rows leave the spanned columns to the grid builder and
            // give every other column a cell, empty when the line lacks it.
            let cells = by_col
                .into_iter()
                .enumerate()
                .filter(|(c, _)| n == 0 || !spanning_cols.contains(c))
                .map(|(_, cell)| {
                    let (cell, rowspan) = cell.unwrap_or_default();
                    (cell, rowspan.max(1), 1)
                });
            builder.push_row(cells);
        }
    }
    builder.finish()
}

/// Reads inline Markdown: links (kept, with their text), `**bold**`,
/// `` `code` ``, backslash escapes and `<br />` line breaks.
pub fn inline(s: &str) -> Cell {
    let mut cell = Cell::default();
    for part in s
        .split("<br />")
        .flat_map(|p| p.split("<br/>"))
        .flat_map(|p| p.split("<br>"))
    {
        let mut text = String::new();
        let chars: Vec<char> = part.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            match chars[i] {
                '\\' if i + 1 < chars.len() => {
                    text.push(chars[i + 1]);
                    i += 2;
                }
                '[' => match link_at(&chars, i) {
                    Some((label, href, end)) => {
                        let label = inline(&label).text();
                        text.push_str(&label);
                        cell.links.push(Link { href, text: label });
                        i = end;
                    }
                    None => {
                        text.push('[');
                        i += 1;
                    }
                },
                '*' if chars.get(i + 1) == Some(&'*') => i += 2,
                // Inline HTML (`<a name="x"></a>` anchors) is markup, not
                // text; a literal `<region>` in a description is text.
                '<' if html_tag_len(&chars[i..]).is_some() => {
                    i += html_tag_len(&chars[i..]).unwrap_or(1)
                }
                '`' => i += 1,
                c => {
                    text.push(c);
                    i += 1;
                }
            }
        }
        let text = collapse(&text);
        if !text.is_empty() {
            cell.lines.push(text);
        }
    }
    cell
}

/// The length of an inline HTML tag of the kinds AWS's Markdown keeps
/// (`<a name="x">`, `</a>`, `<span>`, `<b>`, ...) at the start of `chars`.
fn html_tag_len(chars: &[char]) -> Option<usize> {
    const TAGS: &[&str] = &[
        "a", "span", "b", "i", "em", "strong", "code", "sup", "sub", "p", "div",
    ];
    let end = chars.iter().position(|&c| c == '>')?;
    let inner: String = chars[1..end].iter().collect();
    let name = inner
        .trim_start_matches('/')
        .split([' ', '/'])
        .next()
        .unwrap_or_default();
    TAGS.contains(&name).then_some(end + 1)
}

/// `[label](href "title")` starting at `chars[i] == '['`: the label, the href
/// and the index after the closing parenthesis.
fn link_at(chars: &[char], i: usize) -> Option<(String, String, usize)> {
    let mut depth = 0;
    let mut j = i;
    let close = loop {
        match chars.get(j)? {
            '\\' => j += 1,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    break j;
                }
            }
            _ => {}
        }
        j += 1;
    };
    if chars.get(close + 1) != Some(&'(') {
        return None;
    }
    let end = close + 2 + chars[close + 2..].iter().position(|&c| c == ')')?;
    let target: String = chars[close + 2..end].iter().collect();
    let href = target
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string();
    Some((chars[i + 1..close].iter().collect(), href, end + 1))
}
