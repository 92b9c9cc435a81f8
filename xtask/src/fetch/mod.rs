//! The fetcher: pulls the table of contents and every page it lists,
//! politely (bounded concurrency, backoff that honours `Retry-After`,
//! conditional requests) and robustly (timeouts, an overall deadline, a body
//! cap, redirects only inside the allow-list). A page that cannot be fetched
//! is reported as failed, never dropped: the build refuses an incomplete run
//! ("a page that failed to fetch is unknown, never removed").
//!
//! The URL rules (a reference page, a twin, an absent twin) live here; the
//! store and the parsers know none of them.

pub mod client;
pub mod docs;
pub mod guide;
mod progress;
pub mod retry;
pub mod twins;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use anyhow::{Result, bail};
use reqwest::header::{
    CONTENT_TYPE, ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED, RETRY_AFTER,
};
use reqwest::{StatusCode, Url};
use tokio::sync::Semaphore;

pub use client::Origin;
pub use progress::Progress;
pub use retry::RetryPolicy;

use crate::parse::source::slug_of;

/// Where the table of contents lives, on the site or a mirror.
pub const TOC_PATH: &str =
    "/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html";

/// True for a page of the Service Authorization Reference (the table of
/// contents lists them; a run without one of them cannot make a snapshot).
/// Its twins are not: a twin that cannot be read leaves the page to its HTML.
pub fn is_reference_url(url: &str) -> bool {
    crate::parse::attach::path_of(url).starts_with("/service-authorization/latest/reference/")
        && !is_twin_url(url)
}

/// True for a page's Markdown or JSON twin, or the JSON twins' index.
pub fn is_twin_url(url: &str) -> bool {
    twins::Rendering::of(url).is_twin()
}

/// True when a twin's fetch says it is not served: absent, not failed.
/// The global keys page is read from its Markdown alone (its HTML is no
/// stand-in), so its Markdown not served is a failure, not an absence.
pub fn is_absent(url: &str, outcome: &Outcome) -> bool {
    is_twin_url(url)
        && !guide::is_page(url)
        && matches!(
            outcome,
            Outcome::Failed {
                http_status: Some(404 | 410),
                ..
            }
        )
}

/// How a run fetches.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    /// The site or a mirror.
    pub origin: Origin,
    /// Requests in flight at once, per host: the docs site and the JSON
    /// twins' host each have this budget, whatever is asked of them.
    pub concurrency: usize,
    /// Retries.
    pub retry: RetryPolicy,
    /// Per request, connection to last byte.
    pub request_timeout: Duration,
    /// For the whole run.
    pub deadline: Duration,
    /// Largest body accepted (after decompression).
    pub max_body: usize,
    /// Also read the services' own docs (notices, managed-policy changelog).
    pub docs: bool,
}

impl FetchConfig {
    /// The defaults for `base`.
    pub fn new(origin: Origin) -> FetchConfig {
        FetchConfig {
            origin,
            concurrency: 8,
            retry: RetryPolicy::default(),
            request_timeout: Duration::from_secs(30),
            deadline: Duration::from_secs(15 * 60),
            max_body: 16 << 20,
            docs: true,
        }
    }
}

/// What the archive knows of a URL, for a conditional request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Validators {
    /// `ETag` of the archived copy.
    pub etag: Option<String>,
    /// `Last-Modified` of the archived copy.
    pub last_modified: Option<String>,
    /// sha256 of the archived body.
    pub sha256: String,
}

/// A page of the table of contents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listed {
    /// Its URL.
    pub url: String,
    /// `list_<slug>.html` slug.
    pub slug: String,
    /// The link text ("Amazon Chime", or "Amazon Chime (chime)" since July 2026).
    pub text: String,
}

/// How fetching one URL ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A new body.
    Fetched {
        /// The body (decompressed).
        body: Vec<u8>,
        /// `ETag`.
        etag: Option<String>,
        /// `Last-Modified`.
        last_modified: Option<String>,
    },
    /// A new body, written to the archive as it arrived (a fetcher made
    /// with [`Fetcher::archiving`]) rather than kept in memory.
    Archived {
        /// Its sha256 in the archive.
        sha256: String,
        /// `ETag`.
        etag: Option<String>,
        /// `Last-Modified`.
        last_modified: Option<String>,
    },
    /// `304`: the archived body is current.
    NotModified {
        /// The archived copy's validators.
        validators: Validators,
    },
    /// Given up; the message names what went wrong.
    Failed {
        /// Why.
        message: String,
        /// The last HTTP status, when there was one.
        http_status: Option<u16>,
    },
}

/// One URL's fetch.
#[derive(Clone, Debug)]
pub struct PageFetch {
    /// As listed.
    pub url: String,
    /// Where redirects (inside the allow-list) led, when elsewhere.
    pub final_url: Option<String>,
    /// How it ended.
    pub outcome: Outcome,
    /// Requests sent for it.
    pub attempts: u32,
    /// When it ended, RFC 3339.
    pub fetched_at: String,
}

/// Counters of a run.
#[derive(Debug, Default)]
pub struct Counters {
    /// Requests sent.
    pub requests: AtomicU64,
    /// Of which retries.
    pub retries: AtomicU64,
    /// 304 answers.
    pub not_modified: AtomicU64,
    /// Body bytes received.
    pub bytes: AtomicU64,
}

/// Why a body was not taken.
enum BodyError {
    TooLarge(u64),
    Broken(String),
}

fn header(resp: &reqwest::Response, name: reqwest::header::HeaderName) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// An error and its causes on one line.
fn describe(e: &reqwest::Error) -> String {
    let mut s = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        s += &format!(": {cause}");
        source = cause.source();
    }
    s
}

/// Reads a body chunk by chunk, giving up as soon as it passes `cap`: an
/// oversized answer is never read whole.
async fn read_body(
    resp: &mut reqwest::Response,
    cap: usize,
    counters: &Counters,
) -> Result<Vec<u8>, BodyError> {
    if let Some(len) = resp.content_length()
        && len > cap as u64
    {
        return Err(BodyError::TooLarge(len));
    }
    let mut body = Vec::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                counters
                    .bytes
                    .fetch_add(chunk.len() as u64, Ordering::Relaxed);
                if body.len() + chunk.len() > cap {
                    return Err(BodyError::TooLarge((body.len() + chunk.len()) as u64));
                }
                body.extend_from_slice(&chunk);
            }
            Ok(None) => return Ok(body),
            Err(e) => return Err(BodyError::Broken(describe(&e))),
        }
    }
}

/// The result of one attempt: done, or worth another try after a wait.
enum Attempt {
    Done(Outcome, Option<String>),
    Retry {
        message: String,
        status: Option<u16>,
        after: Option<Duration>,
    },
}

impl Inner {
    async fn attempt(&self, url: &str, validators: Option<&Validators>) -> Attempt {
        let (cfg, counters) = (&self.cfg, &self.counters);
        let mut req = self.client.get(url);
        if let Some(v) = validators {
            if let Some(etag) = &v.etag {
                req = req.header(IF_NONE_MATCH, etag);
            }
            if let Some(lm) = &v.last_modified {
                req = req.header(IF_MODIFIED_SINCE, lm);
            }
        }
        counters.requests.fetch_add(1, Ordering::Relaxed);
        let mut resp = match req.send().await {
            Ok(r) => r,
            Err(e) => {
                let message = describe(&e);
                if let Some((_, rest)) = message.split_once(client::OFF_LIST) {
                    // "…refused: http://host/path" (the target is the first word).
                    let to = rest
                        .trim_start_matches(": ")
                        .split_whitespace()
                        .next()
                        .unwrap_or_default();
                    let to = to.trim_end_matches([')', ',', ';']);
                    return Attempt::Done(
                        Outcome::Failed {
                            message: format!("redirected off the allow-list to {to}; not followed"),
                            http_status: Some(301),
                        },
                        None,
                    );
                }
                return Attempt::Retry {
                    message,
                    status: None,
                    after: None,
                };
            }
        };
        let status = resp.status();
        let final_url = (resp.url().as_str() != url).then(|| resp.url().to_string());
        if status == StatusCode::NOT_MODIFIED
            && let Some(v) = validators
        {
            counters.not_modified.fetch_add(1, Ordering::Relaxed);
            return Attempt::Done(
                Outcome::NotModified {
                    validators: v.clone(),
                },
                final_url,
            );
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            let after = header(&resp, RETRY_AFTER)
                .and_then(|v| retry::parse_retry_after(&v, SystemTime::now()));
            return Attempt::Retry {
                message: format!("HTTP {status}"),
                status: Some(status.as_u16()),
                after,
            };
        }
        if !status.is_success() {
            return Attempt::Done(
                Outcome::Failed {
                    message: format!("HTTP {status}"),
                    http_status: Some(status.as_u16()),
                },
                final_url,
            );
        }
        let content_type = header(&resp, CONTENT_TYPE).unwrap_or_default();
        let rendering = twins::Rendering::of(resp.url().as_str());
        if !rendering.accepts(&content_type) {
            return Attempt::Done(
                Outcome::Failed {
                    message: format!(
                        "content type {content_type:?}, expected {}",
                        rendering.expected()
                    ),
                    http_status: Some(status.as_u16()),
                },
                final_url,
            );
        }
        let etag = header(&resp, ETAG);
        let last_modified = header(&resp, LAST_MODIFIED);
        match read_body(&mut resp, cfg.max_body, counters).await {
            Ok(body) => Attempt::Done(
                Outcome::Fetched {
                    body,
                    etag,
                    last_modified,
                },
                final_url,
            ),
            Err(BodyError::TooLarge(n)) => Attempt::Done(
                Outcome::Failed {
                    message: format!(
                        "body of {n} bytes or more is over the {} byte cap; not read further",
                        cfg.max_body
                    ),
                    http_status: Some(status.as_u16()),
                },
                final_url,
            ),
            Err(BodyError::Broken(message)) => Attempt::Retry {
                message: format!("body cut short: {message}"),
                status: Some(status.as_u16()),
                after: None,
            },
        }
    }

    /// With an archive, a new body goes there now and the outcome keeps its
    /// hash only.
    async fn archive(&self, attempt: Attempt) -> Attempt {
        let (
            Some(store),
            Attempt::Done(
                Outcome::Fetched {
                    body,
                    etag,
                    last_modified,
                },
                final_url,
            ),
        ) = (&self.archive, &attempt)
        else {
            return attempt;
        };
        let outcome = match store.archive_body(body).await {
            Ok(sha256) => Outcome::Archived {
                sha256,
                etag: etag.clone(),
                last_modified: last_modified.clone(),
            },
            Err(e) => Outcome::Failed {
                message: format!("cannot archive the body: {e}"),
                http_status: Some(200),
            },
        };
        Attempt::Done(outcome, final_url.clone())
    }

    /// Fetches one URL with retries. Holds a concurrency permit only while a
    /// request is in flight, not while waiting to retry.
    /// `to_archive`: archive a new body when the fetcher has an archive.
    async fn fetch_one(
        &self,
        url: &str,
        validators: Option<&Validators>,
        to_archive: bool,
    ) -> PageFetch {
        let cfg = &self.cfg;
        let mut attempts = 0;
        loop {
            attempts += 1;
            // The deadline is a hard stop: a request in flight when it
            // passes is dropped, whatever its own timeout says.
            let result =
                tokio::time::timeout_at(tokio::time::Instant::from_std(self.deadline), async {
                    let _permit = self
                        .permits
                        .of(url)
                        .acquire_owned()
                        .await
                        .expect("the semaphore is never closed");
                    // Archived while the permit is held: at most
                    // `concurrency` bodies per host are in memory at once.
                    let attempt = self.attempt(url, validators).await;
                    if to_archive {
                        self.archive(attempt).await
                    } else {
                        attempt
                    }
                })
                .await
                .unwrap_or_else(|_| {
                    Attempt::Done(
                        Outcome::Failed {
                            message: format!(
                                "the run's deadline of {} s passed before this page was read",
                                cfg.deadline.as_secs()
                            ),
                            http_status: None,
                        },
                        None,
                    )
                });
            let (message, status, after) = match result {
                Attempt::Done(outcome, final_url) => {
                    return PageFetch {
                        url: url.to_string(),
                        final_url,
                        outcome,
                        attempts,
                        fetched_at: crate::clock::utc_now_rfc3339(),
                    };
                }
                Attempt::Retry {
                    message,
                    status,
                    after,
                } => (message, status, after),
            };
            let wait = cfg.retry.wait(attempts, after);
            let give_up = if attempts >= cfg.retry.attempts {
                Some(format!("{message} (gave up after {attempts} attempts)"))
            } else if Instant::now() + wait > self.deadline {
                Some(format!(
                    "{message} (the run's deadline of {} s came first)",
                    cfg.deadline.as_secs()
                ))
            } else {
                None
            };
            if let Some(message) = give_up {
                return PageFetch {
                    url: url.to_string(),
                    final_url: None,
                    outcome: Outcome::Failed {
                        message,
                        http_status: status,
                    },
                    attempts,
                    fetched_at: crate::clock::utc_now_rfc3339(),
                };
            }
            self.counters.retries.fetch_add(1, Ordering::Relaxed);
            tracing::debug!("retrying {url} in {wait:?}: {message}");
            tokio::time::sleep(wait).await;
        }
    }
}

/// What the table of contents links.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Toc {
    /// Its pages on the origin, once each, in page order.
    pub listed: Vec<Listed>,
    /// Links to reference pages on hosts outside the allow-list (or, for a
    /// mirror, off the mirror): never fetched, and the run fails naming them.
    pub refused: Vec<Listed>,
}

/// Reads the table of contents: every `list_<slug>.html` of the reference
/// it links, once, in page order. A link to such a page on a host `origin`
/// does not allow is refused, never listed: a page must come from where the
/// catalog says it came from.
pub fn parse_toc(html: &str, toc_url: &Url, origin: &Origin) -> Toc {
    let doc = scraper::Html::parse_document(html);
    let links = scraper::Selector::parse("a[href]").expect("static selector");
    toc_of(
        doc.select(&links).map(|a| {
            (
                a.attr("href").unwrap_or_default().to_string(),
                a.text().collect::<String>(),
            )
        }),
        toc_url,
        origin,
    )
}

/// Reads AWS's Markdown rendering of the table of contents (the redesigned
/// one lists 476 pages as `+ [Amazon Chime (chime)](list_chime.md)`): the
/// same pages as its HTML, named by their `.html` URLs.
pub fn parse_toc_markdown(md: &str, toc_url: &Url, origin: &Origin) -> Toc {
    let mut links = Vec::new();
    for line in md.lines() {
        let cell = crate::parse::markdown_inline(line);
        links.extend(cell.links.into_iter().map(|l| {
            let href = match l.href.split_once('#') {
                Some((page, _)) => page.to_string(),
                None => l.href,
            };
            let href = match href.strip_suffix(".md") {
                Some(stem) if slug_of(stem).is_some() || stem.contains("list_") => {
                    format!("{stem}.html")
                }
                _ => href,
            };
            (href, l.text)
        }));
    }
    toc_of(links.into_iter(), toc_url, origin)
}

/// The table of contents from its links (href, text), in page order.
fn toc_of(links: impl Iterator<Item = (String, String)>, toc_url: &Url, origin: &Origin) -> Toc {
    let mut seen = std::collections::BTreeSet::new();
    let mut toc = Toc::default();
    for (href, text) in links {
        let Ok(mut url) = toc_url.join(&href) else {
            continue;
        };
        // Only pages of the reference itself, not links elsewhere.
        let same_dir = url.path().rsplit_once('/').map(|(d, _)| d)
            == toc_url.path().rsplit_once('/').map(|(d, _)| d);
        let Some(slug) = slug_of(url.path())
            .filter(|_| same_dir && url.path().ends_with(".html"))
            .map(str::to_string)
        else {
            continue;
        };
        url.set_fragment(None);
        if seen.insert(url.to_string()) {
            let entry = Listed {
                url: url.to_string(),
                slug,
                text: crate::parse::text::collapse(&text),
            };
            if origin.allows(&url) {
                toc.listed.push(entry);
            } else {
                toc.refused.push(entry);
            }
        }
    }
    toc
}

/// The concurrency budget of each host a run asks: one semaphore per
/// `host:port`, made on first use, so that pages, twins, service docs and
/// the guide (one host) and the JSON twins (the other) each keep within
/// `concurrency`, whichever stage asks.
struct HostPermits {
    per_host: usize,
    hosts: std::sync::Mutex<BTreeMap<String, Arc<Semaphore>>>,
}

impl HostPermits {
    fn new(per_host: usize) -> HostPermits {
        HostPermits {
            per_host,
            hosts: Default::default(),
        }
    }

    /// The semaphore of `url`'s host (a redirect stays within the permit
    /// of the host first asked).
    fn of(&self, url: &str) -> Arc<Semaphore> {
        let host = client::host_of(url);
        let mut hosts = self.hosts.lock().unwrap_or_else(|e| e.into_inner());
        hosts
            .entry(host)
            .or_insert_with(|| Arc::new(Semaphore::new(self.per_host)))
            .clone()
    }
}

/// What every request of a run shares.
struct Inner {
    client: reqwest::Client,
    cfg: FetchConfig,
    counters: Counters,
    permits: HostPermits,
    deadline: Instant,
    archive: Option<crate::store::Store>,
}

/// A run in progress: client, limits, counters.
pub struct Fetcher {
    inner: Arc<Inner>,
}

impl Fetcher {
    /// Starts a run (the deadline counts from here).
    pub fn new(cfg: FetchConfig) -> Result<Fetcher> {
        Fetcher::start(cfg, None)
    }

    /// Starts a run that writes each new body to `store`'s archive as it
    /// arrives ([`Outcome::Archived`]), so a run's memory is bounded by its
    /// concurrency, not by the number of pages.
    pub fn archiving(cfg: FetchConfig, store: crate::store::Store) -> Result<Fetcher> {
        Fetcher::start(cfg, Some(store))
    }

    fn start(cfg: FetchConfig, archive: Option<crate::store::Store>) -> Result<Fetcher> {
        if cfg.concurrency == 0 {
            bail!("--concurrency must be at least 1");
        }
        Ok(Fetcher {
            inner: Arc::new(Inner {
                client: client::build(&cfg.origin, cfg.request_timeout, cfg.concurrency)?,
                counters: Counters::default(),
                permits: HostPermits::new(cfg.concurrency),
                deadline: Instant::now() + cfg.deadline,
                archive,
                cfg,
            }),
        })
    }

    /// The store new bodies are archived into, when there is one.
    pub fn archive(&self) -> Option<&crate::store::Store> {
        self.inner.archive.as_ref()
    }

    /// The run's counters.
    pub fn counters(&self) -> &Counters {
        &self.inner.counters
    }

    /// The table of contents' pages. A table that cannot be fetched or
    /// lists nothing fails the run: without it nothing can be called missing.
    pub async fn discover(&self) -> Result<(String, Toc)> {
        let toc = self.inner.cfg.origin.url(TOC_PATH)?;
        let page = self.inner.fetch_one(toc.as_str(), None, false).await;
        let body = match page.outcome {
            Outcome::Fetched { body, .. } => body,
            Outcome::Failed { message, .. } => bail!("the table of contents {toc}: {message}"),
            Outcome::NotModified { .. } | Outcome::Archived { .. } => {
                unreachable!("the table of contents is neither asked conditionally nor archived")
            }
        };
        let html = String::from_utf8_lossy(&body);
        let mut listed = parse_toc(&html, &toc, &self.inner.cfg.origin);
        if listed.listed.is_empty() && listed.refused.is_empty() {
            // A layout whose HTML links nothing we know: its Markdown
            // rendering (AWS's, recorded) lists the same pages.
            if let Some(md_url) = twins::markdown_twin(toc.as_str()) {
                let page = self.inner.fetch_one(&md_url, None, false).await;
                if let Outcome::Fetched { body, .. } = page.outcome {
                    let md = String::from_utf8_lossy(&body);
                    listed = parse_toc_markdown(&md, &toc, &self.inner.cfg.origin);
                }
            }
        }
        if listed.listed.is_empty() {
            bail!(
                "the table of contents {toc} links no list_*.html pages: its layout changed, or it is not the table of contents"
            );
        }
        Ok((toc.to_string(), listed))
    }

    /// Fetches every URL, `concurrency` at a time per host, in order of the list.
    pub async fn fetch_all(
        &self,
        urls: &[String],
        validators: &BTreeMap<String, Validators>,
        progress: &Progress,
    ) -> Vec<PageFetch> {
        let mut tasks = tokio::task::JoinSet::new();
        for (i, url) in urls.iter().enumerate() {
            let inner = self.inner.clone();
            let url = url.clone();
            let v = validators.get(&url).cloned();
            tasks.spawn(async move { (i, inner.fetch_one(&url, v.as_ref(), true).await) });
        }
        let mut results: Vec<Option<PageFetch>> = vec![None; urls.len()];
        while let Some(done) = tasks.join_next().await {
            let (i, page) = done.expect("fetch tasks do not panic");
            progress.page(&page, &self.inner.counters);
            results[i] = Some(page);
        }
        progress.finish(&self.inner.counters);
        results
            .into_iter()
            .map(|p| p.expect("every task reported"))
            .collect()
    }
}
