//! Reads a Service Authorization Reference page in HTML into a [`PageDoc`].
//!
//! Every era shares the same skeleton: an `h1` "Actions, resources, and
//! condition keys for X", a paragraph "X (service prefix: `x`) …", a
//! "References" list of links, then `h2` sections each holding a table or a
//! sentence saying there is none. This reader only collects those pieces; what
//! the tables mean is decided in `sar.rs`, for HTML and Markdown alike.

use std::sync::LazyLock;

use scraper::{ElementRef, Html, Selector};

use super::table::read_html_table;
use super::text::collapse;
use super::{Block, DocRaw, PageDoc, Problem, Section};

static STRUCTURE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("h1, h2, table, p, li").expect("static selector"));
static LINKS: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("a[href]").expect("static selector"));
static CODE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("code").expect("static selector"));
static TITLE: LazyLock<Selector> =
    LazyLock::new(|| Selector::parse("title").expect("static selector"));

/// Where the page body starts: everything before it is the `<head>` (a third
/// of a small page: dozens of `hreflang` links) and the navigation. Parsing
/// from here is what keeps the whole corpus under a second.
fn content_start(html: &str) -> usize {
    html.find("id=\"main-col-body\"")
        .and_then(|i| html[..i].rfind('<'))
        .unwrap_or(0)
}

/// The `<link rel="canonical" href="…">` of the page head, read without
/// building a tree for the head.
fn canonical_url(head: &str) -> Option<String> {
    let at = head.find("rel=\"canonical\"")?;
    let start = head[..at].rfind("<link")?;
    let end = at + head[at..].find('>')?;
    let tag = &head[start..end];
    let href = tag.find("href=\"")? + 6;
    let len = tag[href..].find('"')?;
    Some(tag[href..href + len].to_string())
}

/// A page cut short (a dropped connection, a full disk) still parses as HTML:
/// the parser closes what was left open and the last table just ends early.
/// Every page AWS has served closes its `<body>` after its last table, so a
/// page that does not was cut.
fn check_complete(html: &str) -> Result<(), Problem> {
    let last_table = html
        .rfind("<table")
        .or_else(|| html.rfind("<TABLE"))
        .unwrap_or(0);
    let tail = &html[last_table..];
    if tail.contains("</body") || tail.contains("</BODY") {
        Ok(())
    } else {
        Err(Problem::Truncated("no </body> after the last table"))
    }
}

/// How deep elements may nest. AWS's pages nest a few dozen levels; the
/// HTML tree builder's work per tag grows with the depth (scope checks walk
/// the stack of open elements), so a page of a million unclosed `<div>`
/// would take hours. Deeper than this is an error, found by a linear scan
/// before any tree is built.
pub const MAX_NESTING: usize = 256;

/// Elements that never hold content, or whose end tag may be left out (a
/// browser closes them implicitly): they do not count towards the depth.
fn counts_for_depth(name: &[u8]) -> bool {
    !matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"thead"
            | b"tbody"
            | b"tfoot"
            | b"option"
            | b"optgroup"
            | b"colgroup"
            | b"caption"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"html"
            | b"head"
            | b"body"
            | b"!doctype"
    )
}

/// Checks, in one pass over the text, that open elements never nest deeper
/// than [`MAX_NESTING`].
fn check_depth(html: &str) -> Result<(), Problem> {
    let bytes = html.as_bytes();
    let mut depth: usize = 0;
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let at = i + off;
        i = at + 1;
        if bytes[i..].starts_with(b"!--") {
            i = memchr::memmem::find(&bytes[i..], b"-->").map_or(bytes.len(), |e| i + e + 3);
            continue;
        }
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'!')
            .count();
        if name_len == 0 {
            continue;
        }
        // The names that do not count are at most 8 bytes: a longer one
        // counts, a shorter one is lowered on the stack (a `String` a tag
        // was a tenth of this pass).
        let raw = &bytes[name_start..name_start + name_len];
        let counts = raw.len() > 8 || {
            let mut lower = [0u8; 8];
            for (l, b) in lower.iter_mut().zip(raw) {
                *l = b.to_ascii_lowercase();
            }
            counts_for_depth(&lower[..raw.len()])
        };
        if !counts {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end =
            memchr::memchr(b'>', &bytes[name_start..]).map_or(bytes.len(), |e| name_start + e);
        if bytes[..end].ends_with(b"/") {
            continue;
        }
        depth += 1;
        if depth > MAX_NESTING {
            return Err(Problem::TooDeep {
                limit: MAX_NESTING,
                offset: at,
            });
        }
    }
    Ok(())
}

/// Reads the page.
pub fn read(html: &str) -> Result<PageDoc, Problem> {
    check_complete(html)?;
    let start = content_start(html);
    check_depth(&html[start..])?;
    let head = &html[..start];
    let doc = Html::parse_document(&html[start..]);
    let mut page = PageDoc {
        canonical_url: canonical_url(head),
        ..PageDoc::default()
    };

    if let Some(moved) = moved_stub(&doc) {
        page.moved = Some(moved);
        return Ok(page);
    }

    for el in doc.select(&STRUCTURE) {
        match el.value().name() {
            "h1" if page.title.is_none() => {
                page.title = Some(collapse(&el.text().collect::<String>()))
            }
            "h2" => page.sections.push(Section {
                heading: collapse(&el.text().collect::<String>()),
                anchor: el.attr("id").map(str::to_string),
                tables: Vec::new(),
            }),
            "table" => {
                // Tables before the first section (2019 breadcrumbs) are not ours.
                if let Some(section) = page.sections.last_mut() {
                    section.tables.push(read_html_table(el));
                }
            }
            "p" | "li" if page.sections.is_empty() => read_intro(el, &mut page),
            _ => {}
        }
    }
    Ok(page)
}

/// Before the first section: the prefix paragraph and the reference links.
fn read_intro(el: ElementRef<'_>, page: &mut PageDoc) {
    let text = collapse(&el.text().collect::<String>());
    if page.prefix.is_none() && text.contains("service prefix:") {
        page.intro = Some(text.clone());
        page.prefix = el
            .select(&CODE)
            .next()
            .map(|c| collapse(&c.text().collect::<String>()));
    }
    if el.value().name() == "li"
        && let Some(a) = el.select(&LINKS).next()
    {
        let href = a.attr("href").unwrap_or_default();
        page.links.classify(&text, href);
    }
}

/// The "301 Moved Permanently" stub AWS leaves at an old page name.
fn moved_stub(doc: &Html) -> Option<Option<String>> {
    let title = doc
        .select(&TITLE)
        .next()
        .map(|t| collapse(&t.text().collect::<String>()))
        .unwrap_or_default();
    let h1 = Selector::parse("h1").expect("static selector");
    let heading = doc
        .select(&h1)
        .next()
        .map(|t| collapse(&t.text().collect::<String>()))
        .unwrap_or_default();
    let moved = title.contains("Moved Permanently") || heading == "Moved Permanently";
    if !moved {
        return refresh_stub(doc);
    }
    Some(
        doc.select(&LINKS)
            .next()
            .and_then(|a| a.attr("href"))
            .map(str::to_string),
    )
}

/// A `<meta http-equiv="refresh" content="10; URL=…">` page with an empty
/// body: the redirect stub the IAM User Guide left at an old page name
/// (`list_autoscaling.html` in 2019-11). Its target is the URL, when given.
fn refresh_stub(doc: &Html) -> Option<Option<String>> {
    let meta = Selector::parse("meta[http-equiv]").expect("static selector");
    let refresh = doc.select(&meta).find(|m| {
        m.attr("http-equiv")
            .is_some_and(|v| v.eq_ignore_ascii_case("refresh"))
    })?;
    let body = Selector::parse("body").expect("static selector");
    let empty = doc
        .select(&body)
        .all(|b| b.text().all(|t| t.trim().is_empty()));
    if !empty {
        return None;
    }
    let content = refresh.attr("content").unwrap_or_default();
    let url = content.split(';').skip(1).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case("url")
            .then(|| value.trim().to_string())
    });
    Some(url)
}

/// Elements whose text runs on within a block.
fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "strong"
            | "em"
            | "i"
            | "code"
            | "span"
            | "sup"
            | "sub"
            | "small"
            | "abbr"
            | "kbd"
            | "var"
            | "u"
            | "br"
            | "img"
    )
}

/// Elements that hold no content a reader wants.
fn is_chrome(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "nav" | "header" | "footer" | "head" | "template" | "svg"
    )
}

/// Deeper nesting than this is read as flat text: hostile pages cannot
/// exhaust the stack.
const MAX_DEPTH: usize = 200;

fn flush(buf: &mut String, out: &mut Vec<Block>) {
    let text = collapse(buf);
    if !text.is_empty() {
        out.push(Block::Text(text));
    }
    buf.clear();
}

fn walk(node: ego_tree::NodeRef<'_, scraper::Node>, depth: usize, out: &mut Vec<Block>) {
    let mut buf = String::new();
    for child in node.children() {
        match child.value() {
            scraper::Node::Text(t) => buf.push_str(t),
            scraper::Node::Element(e) => {
                let name = e.name();
                let el = ElementRef::wrap(child).expect("an element");
                if is_inline(name) {
                    buf.push_str(&el.text().collect::<String>());
                    continue;
                }
                flush(&mut buf, out);
                match name {
                    _ if is_chrome(name) => {}
                    "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                        out.push(Block::Heading(collapse(&el.text().collect::<String>())))
                    }
                    "table" => out.push(Block::Table(read_html_table(el))),
                    "pre" => out.push(Block::Code(el.text().collect())),
                    _ if depth >= MAX_DEPTH => {
                        out.push(Block::Text(collapse(&el.text().collect::<String>())))
                    }
                    _ => walk(child, depth + 1, out),
                }
            }
            _ => {}
        }
    }
    flush(&mut buf, out);
}

/// Reads a guide page (not a Service Authorization Reference page) as a
/// sequence of blocks: headings, text, tables, code.
pub fn read_blocks(html: &str) -> Result<DocRaw, Problem> {
    let start = content_start(html);
    check_depth(&html[start..])?;
    let doc = Html::parse_document(&html[start..]);
    let mut raw = DocRaw {
        url: canonical_url(&html[..start]).or_else(|| canonical_url(html)),
        ..DocRaw::default()
    };
    raw.title = doc
        .select(&Selector::parse("h1").expect("static selector"))
        .next()
        .or_else(|| doc.select(&TITLE).next())
        .map(|t| collapse(&t.text().collect::<String>()));
    let root = ["#main-col-body", "body"]
        .iter()
        .find_map(|s| {
            doc.select(&Selector::parse(s).expect("static selector"))
                .next()
        })
        .unwrap_or_else(|| doc.root_element());
    walk(*root, 0, &mut raw.blocks);
    raw.links = root
        .select(&LINKS)
        .filter_map(|a| a.attr("href"))
        .map(str::to_string)
        .collect();
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_link_is_read_from_the_head() {
        let head = r#"<head><link href="https://x/list_a.html" rel="canonical"/><link rel="icon" href="y"/>"#;
        assert_eq!(
            canonical_url(head).as_deref(),
            Some("https://x/list_a.html")
        );
        assert_eq!(canonical_url("<head></head>"), None);
    }

    #[test]
    fn nesting_is_bounded_but_unclosed_paragraphs_are_not_nesting() {
        let ok = format!("<div>{}</div>", "<p>x<li>y<br><img src=a/>".repeat(5_000));
        assert!(check_depth(&ok).is_ok());
        let ok = "<div><span>x</span></div>".repeat(5_000);
        assert!(check_depth(&ok).is_ok());
        let deep = format!("<body>{}", "<div>".repeat(MAX_NESTING + 1));
        match check_depth(&deep) {
            Err(Problem::TooDeep { limit, offset }) => {
                assert_eq!(limit, MAX_NESTING);
                assert_eq!(offset, 6 + 5 * MAX_NESTING);
            }
            other => panic!("expected TooDeep, got {other:?}"),
        }
        // Tags inside comments do not count.
        let commented = format!("<!--{}-->", "<div>".repeat(MAX_NESTING + 1));
        assert!(check_depth(&commented).is_ok());
    }

    #[test]
    fn moved_stub_gives_its_location() {
        let page = read(
            "<html><head><title>301 Moved Permanently</title></head><body><h1>Moved Permanently</h1>\
             <p>The document has moved <a href=\"https://docs.aws.amazon.com/iot/\">here</a>.</p></body></html>",
        )
        .unwrap();
        assert_eq!(
            page.moved,
            Some(Some("https://docs.aws.amazon.com/iot/".into()))
        );
    }
}
