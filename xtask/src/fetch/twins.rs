//! The twins of a reference page: its Markdown rendering (same URL, `.md`)
//! and its machine-readable JSON on servicereference.us-east-1.amazonaws.com
//! (found from the page's link, else from the index `v1/service-list.json`).
//! A twin that is not served (404) is absent, not a failure: the HTML stands
//! alone, as before July 2026.
//!
//! Knows the twins' URLs, not the IAM User Guide page (`guide.rs`, which
//! uses this module): which twin counts as absent is decided in `fetch/mod.rs`.

use std::collections::BTreeMap;

use reqwest::Url;

use super::Origin;
use super::client::{ALLOWED_HOSTS, DEFAULT_BASE};
use crate::parse::json::SERVICE_REFERENCE_BASE;

/// What a fetched URL is, by its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rendering {
    /// An HTML page (a reference page, the table of contents, a docs page).
    Html,
    /// A page's Markdown twin.
    Markdown,
    /// A service's JSON twin.
    Json,
    /// The JSON twins' index, `v1/service-list.json`.
    Index,
}

impl Rendering {
    /// The rendering `url` names.
    pub fn of(url: &str) -> Rendering {
        let path = crate::parse::attach::path_of(url);
        let file = path.rsplit('/').next().unwrap_or_default();
        if crate::parse::source::is_index_name(file) {
            Rendering::Index
        } else if file.ends_with(".json") {
            Rendering::Json
        } else if file.ends_with(".md") {
            Rendering::Markdown
        } else {
            Rendering::Html
        }
    }

    /// Whether a body of `content_type` may be this rendering.
    pub fn accepts(self, content_type: &str) -> bool {
        let mime = content_type
            .split(';')
            .next()
            .unwrap_or_default()
            .trim()
            .to_ascii_lowercase();
        match self {
            Rendering::Html => mime == "text/html",
            Rendering::Markdown => {
                matches!(
                    mime.as_str(),
                    "text/markdown" | "text/x-markdown" | "text/plain"
                )
            }
            Rendering::Json | Rendering::Index => {
                mime == "application/json" || mime.ends_with("+json")
            }
        }
    }

    /// What the content type should have been, for messages.
    pub fn expected(self) -> &'static str {
        match self {
            Rendering::Html => "text/html",
            Rendering::Markdown => "text/markdown",
            Rendering::Json | Rendering::Index => "application/json",
        }
    }

    /// True for a twin (Markdown, JSON or the index): its failure leaves the
    /// page readable from its HTML.
    pub fn is_twin(self) -> bool {
        self != Rendering::Html
    }
}

/// The Markdown twin of a page: the same URL, `.md` for `.html`.
pub fn markdown_twin(url: &str) -> Option<String> {
    let mut u = Url::parse(url).ok()?;
    let md = u.path().strip_suffix(".html")?.to_string() + ".md";
    u.set_path(&md);
    u.set_query(None);
    u.set_fragment(None);
    Some(u.to_string())
}

/// The JSON twins' host.
const SERVICE_REFERENCE_HOST: Option<&str> = Some(ALLOWED_HOSTS[1]);

/// True when `origin` is a mirror standing in for the site.
fn is_mirror(origin: &Origin) -> bool {
    origin.base.as_str().trim_end_matches('/') != DEFAULT_BASE
}

/// Where to ask for `url` (a link to the site or to servicereference): as
/// is on the site, on the mirror under the same path when `--base-url`
/// points at one; `None` for a host off the allow-list.
pub fn place(origin: &Origin, url: &str) -> Option<String> {
    let parsed = Url::parse(url).ok()?;
    if origin.allows(&parsed) {
        return Some(parsed.to_string());
    }
    let host = parsed.host_str()?;
    if !ALLOWED_HOSTS.contains(&host) || !is_mirror(origin) {
        return None;
    }
    // The JSON host's own mirror, when one stands in for it.
    let base = match &origin.json_base {
        Some(json) if Some(host) == SERVICE_REFERENCE_HOST => json,
        _ => &origin.base,
    };
    let mut on = base.join(parsed.path()).ok()?;
    on.set_query(parsed.query());
    Some(on.to_string())
}

/// The JSON twins' index on `origin`.
pub fn index_url(origin: &Origin) -> Option<String> {
    place(
        origin,
        &format!("{SERVICE_REFERENCE_BASE}service-list.json"),
    )
}

#[derive(serde::Deserialize)]
struct IndexEntry {
    service: String,
    url: String,
}

/// The index's JSON twin URL by prefix. `Err` says why it cannot be read.
pub fn parse_index(bytes: &[u8]) -> Result<BTreeMap<String, String>, String> {
    let entries: Vec<IndexEntry> = serde_json::from_slice(bytes)
        .map_err(|e| format!("not a list of {{service, url}}: {e}"))?;
    Ok(entries.into_iter().map(|e| (e.service, e.url)).collect())
}

/// What a page (HTML or Markdown) says of its JSON twin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mention {
    /// The twin's URL as the page links it.
    pub link: Option<String>,
    /// The page's "(service prefix: x)", to find the twin in the index.
    pub prefix: Option<String>,
}

/// Scans a page's text for its JSON twin's link and its prefix: a few
/// string searches, no parse (the page may be one the parser rejects).
pub fn mention(text: &str) -> Option<Mention> {
    const HOST: &str = "https://servicereference.us-east-1.amazonaws.com/v1/";
    let link = text.find(HOST).map(|at| {
        let rest = &text[at..];
        let end = rest
            .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '(' | ')' | '<' | '>'))
            .unwrap_or(rest.len());
        rest[..end].to_string()
    });
    let prefix = text.find("service prefix:").and_then(|at| {
        let mut rest = &text[at + "service prefix:".len()..];
        // Past markup and spaces: `<code class="code">x</code>`, `` `x` ``.
        loop {
            rest = rest.trim_start();
            if let Some(tag) = rest.strip_prefix('<') {
                rest = &tag[tag.find('>')? + 1..];
            } else if let Some(r) = rest.strip_prefix('`') {
                rest = r;
            } else {
                break;
            }
        }
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(rest.len());
        (end > 0).then(|| rest[..end].to_string())
    });
    (link.is_some() || prefix.is_some()).then_some(Mention { link, prefix })
}

/// The message of an absent twin's row (status `absent`; its HTTP status
/// says 404 or 410).
pub const ABSENT: &str = "the twin is not served; its page stands on its other renderings";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twins_are_named_beside_their_page_and_placed_on_the_mirror() {
        assert_eq!(
            markdown_twin("https://docs.aws.amazon.com/service-authorization/latest/reference/list_chime.html#x")
                .as_deref(),
            Some("https://docs.aws.amazon.com/service-authorization/latest/reference/list_chime.md")
        );
        assert_eq!(markdown_twin("https://docs.aws.amazon.com/x.md"), None);
        let json = "https://servicereference.us-east-1.amazonaws.com/v1/chime/chime.json";
        let site = Origin::new(DEFAULT_BASE).unwrap();
        assert_eq!(place(&site, json).as_deref(), Some(json));
        assert_eq!(place(&site, "https://evil.example/v1/x/x.json"), None);
        let mirror = Origin::new("http://127.0.0.1:9000").unwrap();
        assert_eq!(
            place(&mirror, json).as_deref(),
            Some("http://127.0.0.1:9000/v1/chime/chime.json")
        );
        assert_eq!(place(&mirror, "https://evil.example/v1/x/x.json"), None);
        assert_eq!(
            index_url(&mirror).as_deref(),
            Some("http://127.0.0.1:9000/v1/service-list.json")
        );
        assert_eq!(Rendering::of(json), Rendering::Json);
        assert_eq!(
            Rendering::of("http://h/v1/service-list.json"),
            Rendering::Index
        );
        assert!(Rendering::Markdown.accepts("text/markdown; charset=utf-8"));
        assert!(!Rendering::Json.accepts("text/html"));
    }

    #[test]
    fn a_page_mentions_its_twin_or_its_prefix() {
        let html =
            r#"<p>Amazon Chime (service prefix: <code class="code">chime</code>) provides</p>"#;
        assert_eq!(
            mention(html),
            Some(Mention {
                link: None,
                prefix: Some("chime".into())
            })
        );
        let md = "Amazon Chime (service prefix: `chime`) provides\n+ View the [programmatic service authorization reference](https://servicereference.us-east-1.amazonaws.com/v1/chime/chime.json) for this service.";
        let m = mention(md).unwrap();
        assert_eq!(
            m.link.as_deref(),
            Some("https://servicereference.us-east-1.amazonaws.com/v1/chime/chime.json")
        );
        assert_eq!(m.prefix.as_deref(), Some("chime"));
        assert_eq!(mention("<p>nothing</p>"), None);
    }

    #[test]
    fn the_index_maps_prefixes_to_twins() {
        let index = br#"[{"service":"a2c","url":"https://servicereference.us-east-1.amazonaws.com/v1/a2c/a2c.json"}]"#;
        assert_eq!(
            parse_index(index).unwrap()["a2c"],
            "https://servicereference.us-east-1.amazonaws.com/v1/a2c/a2c.json"
        );
        assert!(parse_index(b"{}").unwrap_err().contains("service, url"));
    }
}
