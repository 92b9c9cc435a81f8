//! Parsers: a saved page in, the catalog model out.
//!
//! One page at a time: knows nothing of other renderings of the page
//! (`reconcile.rs`), of a run of pages (`parse_run.rs`) or of storage.
//!
//! A page goes through two steps. A reader for its format (`html.rs`,
//! `markdown.rs`) turns it into a [`PageDoc`]: title, prefix, links and
//! sections of [`Table`]s, all built by the one table reader (`table.rs`).
//! Then `sar.rs` interprets those tables, found by their headers, into a
//! [`ServicePage`]. `merge.rs` joins the pages that share a prefix into one
//! [`Service`](crate::model::Service).

pub mod attach;
pub(crate) mod dates;
pub mod docs;
pub mod evidence;
pub mod global_keys;
pub(crate) mod html;
pub mod json;
mod lenient;
pub mod limits;
mod markdown;
pub mod merge;
pub mod notice;
mod sar;
pub mod source;
pub mod table;
pub mod text;
pub mod warning;

use crate::model::{
    Action, ConditionKey, Layout, Operation, PageRef, Prefix, ResourceType, ServiceLinks,
};
pub use source::PageSource;
use table::{Table, TableError};
pub use warning::{Warning, WarningClass};

/// What a format reader finds on a page, before interpretation.
#[derive(Debug, Default)]
pub struct PageDoc {
    /// The `h1`.
    pub title: Option<String>,
    /// The paragraph with "(service prefix: x)".
    pub intro: Option<String>,
    /// The prefix from that paragraph.
    pub prefix: Option<String>,
    /// The page's own URL, when it states one.
    pub canonical_url: Option<String>,
    /// The "References" links.
    pub links: ServiceLinks,
    /// `h2` sections in page order.
    pub sections: Vec<Section>,
    /// `Some(location)` when the page is a "301 Moved Permanently" stub.
    pub moved: Option<Option<String>>,
}

/// A guide page (not a Service Authorization Reference page) as read: the
/// blocks of its main content, in order.
#[derive(Debug, Default)]
pub struct DocRaw {
    /// The page's own URL, when it states one.
    pub url: Option<String>,
    /// The `h1` (or `<title>`).
    pub title: Option<String>,
    /// Headings, text, tables and code, in page order.
    pub blocks: Vec<Block>,
    /// Every link target in the main content, as written.
    pub links: Vec<String>,
}

/// A piece of a guide page's main content.
#[derive(Debug)]
pub enum Block {
    /// A heading's text.
    Heading(String),
    /// A paragraph, list item or banner: its text, whitespace-collapsed.
    Text(String),
    /// A table.
    Table(Result<Table, TableError>),
    /// A code block, as written.
    Code(String),
}

/// An `h2` section and the tables under it.
#[derive(Debug)]
pub struct Section {
    /// Heading text, whitespace-collapsed.
    pub heading: String,
    /// The heading's anchor (`id` or `<a name>`), when it has one.
    pub anchor: Option<String>,
    /// Its tables, or why one could not be read.
    pub tables: Vec<Result<Table, TableError>>,
}

impl ServiceLinks {
    /// Files a "References" link by the sentence around it.
    pub(crate) fn classify(&mut self, sentence: &str, href: &str) {
        let s = sentence.to_lowercase();
        let slot = if href.contains("servicereference.")
            || s.contains("service authorization reference")
        {
            &mut self.service_reference
        } else if s.contains("secure this service") {
            &mut self.iam_guide
        } else if s.contains("api operations") {
            &mut self.api_reference
        } else if s.contains("configure this service") {
            &mut self.guide
        } else {
            return;
        };
        if slot.is_none() && !href.is_empty() {
            *slot = Some(href.to_string());
        }
    }
}

/// One page of the Service Authorization Reference, interpreted.
#[derive(Clone, Debug, PartialEq)]
pub struct ServicePage {
    /// The page itself.
    pub page: PageRef,
    /// The service prefix it documents.
    pub prefix: Prefix,
    /// Links to the service's docs.
    pub links: ServiceLinks,
    /// Actions, in page order (permission-only ones after the others).
    pub actions: Vec<Action>,
    /// Resource types, in page order.
    pub resource_types: Vec<ResourceType>,
    /// Condition keys, in page order.
    pub condition_keys: Vec<ConditionKey>,
    /// API operations, in page order (July 2026 layout).
    pub operations: Vec<Operation>,
    /// Things that were read but look wrong; never silently dropped.
    pub warnings: Vec<Warning>,
    /// How the page identifies itself (served name, canonical link, anchors,
    /// title), for comparing it with the table of contents.
    pub identity: evidence::PageIdentity,
}

/// What a page turned out to be.
#[derive(Clone, Debug, PartialEq)]
pub enum PageOutcome {
    /// A service page.
    Service(Box<ServicePage>),
    /// A page of a service's own docs.
    Doc(Box<docs::DocPage>),
    /// A "301 Moved Permanently" stub (an old page name).
    Moved {
        /// Where it points, when it says.
        location: Option<String>,
    },
}

/// A page that could not be read, naming the page and the problem.
#[derive(Debug, thiserror::Error)]
#[error("{page}: {problem}")]
pub struct ParseError {
    /// The file (or archive member) name.
    pub page: String,
    /// What went wrong.
    pub problem: Problem,
}

/// What is wrong with a page.
#[derive(Debug, thiserror::Error)]
pub enum Problem {
    /// Zero bytes.
    #[error("the file is empty")]
    Empty,
    /// Bytes that are not text.
    #[error("not UTF-8 text (invalid byte at offset {0})")]
    NotText(usize),
    /// Text that is neither an HTML nor a Markdown page.
    #[error("not an HTML or Markdown page (it starts with {0:?})")]
    NotAPage(String),
    /// The page stops before its end.
    #[error("the page is truncated: {0}")]
    Truncated(&'static str),
    /// No "(service prefix: x)".
    #[error(
        "no service prefix found (expected a paragraph \"… (service prefix: x) …\"); the layout is unknown"
    )]
    NoPrefix,
    /// A prefix, action or key name that is not valid.
    #[error("{0}")]
    BadName(#[from] crate::model::NameError),
    /// A JSON twin that is not a service reference document.
    #[error("{0}")]
    Json(String),
    /// The list of services, given where a service was expected.
    #[error("this is the service reference index (service-list.json), not a service")]
    ServiceIndex,
    /// A section every page has is missing.
    #[error("no \"{0}\" section: the page is truncated or its layout is unknown")]
    MissingSection(&'static str),
    /// A section that must hold a table does not.
    #[error("the section \"{section}\" has no {expected} table (expected headers: {headers})")]
    MissingTable {
        /// The section heading.
        section: String,
        /// Which table kind.
        expected: &'static str,
        /// What its headers should be.
        headers: &'static str,
    },
    /// Actions tables without a single action.
    #[error("the actions table under \"{0}\" lists no actions")]
    NoActions(String),
    /// A table lacks a column.
    #[error(
        "the {table} table under \"{section}\" has no \"{column}\" column (its headers: {headers})"
    )]
    MissingColumn {
        /// Which table kind.
        table: &'static str,
        /// The section heading.
        section: String,
        /// The missing column.
        column: &'static str,
        /// The headers it has.
        headers: String,
    },
    /// A table that cannot be read as a grid.
    #[error("the table under \"{section}\": {error}")]
    Table {
        /// The section heading.
        section: String,
        /// What is wrong with it.
        error: TableError,
    },
    /// Elements nested beyond the limit (hostile or broken input).
    #[error(
        "elements nest deeper than {limit} levels (at byte {offset} of the page body); not read"
    )]
    TooDeep {
        /// The limit.
        limit: usize,
        /// Where the limit was passed, from the start of the body.
        offset: usize,
    },
    /// The page names itself differently from the name it was served under.
    #[error("the page is not the one it was served as: {0}")]
    Identity(String),
    /// Actions the page names (anchors, operations table) that its parse lacks.
    #[error(
        "the page names {count} actions that its tables did not yield (a broken table?): {names}"
    )]
    MissingActions {
        /// How many.
        count: usize,
        /// The first few, by name.
        names: String,
    },
    /// Fewer resource types or condition keys than the page has anchors for.
    #[error(
        "the page has {anchors} {what} anchors but its tables yielded {parsed} {what} (a broken table?)"
    )]
    MissingItems {
        /// "resource types" or "condition keys".
        what: &'static str,
        /// Distinct anchors.
        anchors: usize,
        /// Parsed.
        parsed: usize,
    },
    /// A section the page's topic list names was not found.
    #[error("its topic list names the section \"{0}\", which was not found")]
    MissingTopic(String),
    /// Warnings, under `--strict`.
    #[error("{} warnings, and warnings are errors (--strict): {}", .0.len(), .0.iter().map(|w| w.to_string()).collect::<Vec<_>>().join("; "))]
    Strict(Vec<Warning>),
    /// A row that does not say what its table kind requires.
    #[error("the {table} table, row {row}: {message}")]
    BadRow {
        /// Which table kind.
        table: &'static str,
        /// 1-based body row.
        row: usize,
        /// What was expected.
        message: String,
    },
}

/// Reads one line of inline Markdown (links kept with their text), as the
/// Markdown reader does: for the table of contents' Markdown rendering.
pub fn markdown_inline(line: &str) -> table::Cell {
    markdown::inline(line)
}

/// True when the page is a Service Authorization Reference page: its name
/// says so (`list_<slug>`), or its text does. Such a page must parse as one:
/// a layout that is not recognised is an error, never a docs page.
fn is_reference_page(source: &PageSource, text: &str) -> bool {
    source.slug_from_name().is_some()
        || text.contains("(service prefix:")
        || text.contains("Moved Permanently")
}

/// Parses one page.
pub fn parse_page(source: &PageSource) -> Result<PageOutcome, ParseError> {
    let err = |problem| ParseError {
        page: source.name.clone(),
        problem,
    };
    let text = page_text(source).map_err(err)?;
    if source.file_name().ends_with(".json") {
        let mut page = json::read(source, text).map_err(err)?;
        limits::service_page(&mut page, &source.name);
        return Ok(PageOutcome::Service(Box::new(page)));
    }
    if !is_reference_page(source, text) {
        let raw = if source.name.ends_with(".md") || text.trim_start().starts_with("---") {
            markdown::read_blocks(text)
        } else if text.trim_start().starts_with('<') {
            html::read_blocks(text).map_err(err)?
        } else {
            return Err(err(Problem::NotAPage(
                text.trim_start().chars().take(40).collect(),
            )));
        };
        let mut doc = docs::interpret(raw, &source.name);
        limits::doc_page(&mut doc);
        return Ok(PageOutcome::Doc(Box::new(doc)));
    }
    let (doc, layout) = read_doc(source, text).map_err(err)?;
    if let Some(location) = doc.moved {
        return Ok(PageOutcome::Moved { location });
    }
    // The page must prove what it holds: its identity first, then, once
    // read, every action and section it names must be in the parse.
    let ev = evidence::read(text);
    let identity = evidence::identity(source.slug_from_name(), &doc, &ev);
    evidence::check_identity(&identity).map_err(err)?;
    let headings: Vec<String> = doc.sections.iter().map(|s| s.heading.clone()).collect();
    let mut page = sar::interpret(source, doc, layout).map_err(err)?;
    evidence::check_contents(&page, &ev, &headings).map_err(err)?;
    page.identity = identity;
    // Cut after the evidence check, which compares the page's own text.
    limits::service_page(&mut page, &source.name);
    Ok(PageOutcome::Service(Box::new(page)))
}

/// The page as text: not empty, UTF-8.
fn page_text(source: &PageSource) -> Result<&str, Problem> {
    if source.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Problem::Empty);
    }
    std::str::from_utf8(&source.bytes).map_err(|e| Problem::NotText(e.valid_up_to()))
}

/// Picks the reader by file name, then by content.
fn read_doc(source: &PageSource, text: &str) -> Result<(PageDoc, Layout), Problem> {
    let body = text.trim_start_matches('\u{feff}').trim_start();
    let markdown_name = source.name.ends_with(".md");
    if markdown_name || body.starts_with("---") || body.starts_with("# ") {
        Ok((markdown::read(text)?, Layout::Markdown2026))
    } else if body.starts_with('<') {
        let doc = html::read(text)?;
        let layout = if doc
            .sections
            .iter()
            .any(|s| sar::is_july_2026_section(&s.heading))
        {
            Layout::Html2026
        } else {
            Layout::Html
        };
        Ok((doc, layout))
    } else {
        Err(Problem::NotAPage(body.chars().take(40).collect()))
    }
}

/// What one page gave, summarised for reports.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct PageReport {
    /// The file (or archive member) name.
    pub page: String,
    /// What came of it.
    #[serde(flatten)]
    pub status: PageStatus,
}

/// Outcome of one page, without its content.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "status", rename_all = "lowercase")]
pub enum PageStatus {
    /// Parsed.
    Ok {
        /// Service prefix.
        prefix: String,
        /// Page slug.
        slug: String,
        /// The page's address.
        url: String,
        /// Layout it was read in.
        layout: Layout,
        /// Actions on the page.
        actions: usize,
        /// Of which permission-only.
        permission_only: usize,
        /// Resource types.
        resource_types: usize,
        /// Condition keys.
        condition_keys: usize,
        /// API operations.
        operations: usize,
        /// Oddities worth a look.
        warnings: Vec<Warning>,
        /// How the page names itself (slugs, service names), for the table
        /// of contents comparison.
        identity: evidence::PageIdentity,
    },
    /// A "Moved Permanently" stub.
    Moved {
        /// Its target, when given.
        location: Option<String>,
    },
    /// A page of a service's docs.
    Doc {
        /// Its URL.
        url: String,
        /// Availability notices found.
        notices: Vec<crate::model::Notice>,
        /// Managed-policy changelog rows.
        changes: Vec<crate::model::PolicyChange>,
        /// IAM features listed.
        features: Vec<crate::model::Feature>,
        /// Managed policy documents.
        policies: Vec<String>,
        /// Oddities worth a look.
        warnings: Vec<String>,
    },
    /// Failed; the message names page and problem.
    Error {
        /// The error.
        message: String,
    },
}
