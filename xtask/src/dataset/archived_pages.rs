//! Fetched pages read back from the page archive a chunk at a time: the
//! fetch (which looks through its pages for twins and docs links) and the
//! build from a fetch run hold one chunk's bodies at once, whatever the
//! number of pages.

use anyhow::{Result, bail};

use crate::fetch::{Outcome, PageFetch, Validators};
use crate::parse::PageSource;
use crate::store::{FetchedPageRow, Store};

/// Pages read back from the archive at once to be parsed: a few times the
/// cores, so memory stays bounded whatever the number of pages.
pub const PAGES_AT_ONCE: usize = 16;

/// Where a fetched page's body is.
pub(super) enum Body<'a> {
    /// In memory (fetched by a fetcher that does not archive).
    Held(&'a [u8]),
    /// In the archive, under this sha256.
    Archived(&'a str),
    /// Nowhere: the fetch failed.
    None,
}

/// A fetched page: the name it is read under and where its body is.
pub(super) trait Fetched {
    /// Where the fetch ended up (after redirects inside the allow-list).
    fn served(&self) -> &str;
    /// Where its body is.
    fn body(&self) -> Body<'_>;
}

impl Fetched for PageFetch {
    fn served(&self) -> &str {
        self.final_url.as_deref().unwrap_or(&self.url)
    }

    fn body(&self) -> Body<'_> {
        match &self.outcome {
            Outcome::Fetched { body, .. } => Body::Held(body),
            Outcome::Archived { sha256, .. }
            | Outcome::NotModified {
                validators: Validators { sha256, .. },
            } => Body::Archived(sha256),
            Outcome::Failed { .. } => Body::None,
        }
    }
}

impl Fetched for FetchedPageRow {
    fn served(&self) -> &str {
        self.final_url.as_deref().unwrap_or(&self.url)
    }

    fn body(&self) -> Body<'_> {
        self.sha256.as_deref().map_or(Body::None, Body::Archived)
    }
}

impl<T: Fetched> Fetched for &T {
    fn served(&self) -> &str {
        (**self).served()
    }

    fn body(&self) -> Body<'_> {
        (**self).body()
    }
}

/// Hands `pages` to `each` `at_once` at a time, in order, each chunk with
/// its pages' bodies as sources named by [`Fetched::served`] (`None` for a
/// page without a body); a chunk's bodies are dropped before the next chunk
/// is read. A body the archive lacks is an error naming its page.
pub(super) async fn in_chunks<P: Fetched>(
    store: &Store,
    pages: &[P],
    at_once: usize,
    mut each: impl FnMut(&[P], Vec<Option<PageSource>>) -> Result<()>,
) -> Result<()> {
    for chunk in pages.chunks(at_once) {
        let shas: Vec<&str> = chunk
            .iter()
            .filter_map(|p| match p.body() {
                Body::Archived(sha) => Some(sha),
                _ => None,
            })
            .collect();
        let mut archived = store.bodies_held(&shas).await?;
        let mut sources: Vec<Option<PageSource>> = Vec::with_capacity(chunk.len());
        for (i, p) in chunk.iter().enumerate() {
            let bytes = match p.body() {
                Body::Held(body) => Some(body.to_vec()),
                // Moved out of what was read, not copied: a chunk's bodies
                // are in memory once (a body two pages share is copied).
                Body::Archived(sha) => match archived.remove(sha).or_else(|| {
                    chunk[..i]
                        .iter()
                        .zip(&sources)
                        .find(|(q, _)| matches!(q.body(), Body::Archived(s) if s == sha))
                        .and_then(|(_, s)| Some(s.as_ref()?.bytes.clone()))
                }) {
                    Some(body) => Some(body),
                    None => bail!(
                        "{}'s body {sha} is not in the archive {}",
                        p.served(),
                        store.path().display()
                    ),
                },
                Body::None => None,
            };
            sources.push(bytes.map(|bytes| PageSource {
                name: p.served().to_string(),
                bytes,
            }));
        }
        each(chunk, sources)?;
    }
    Ok(())
}

/// One page's body as a source named by [`Fetched::served`] (`None` without
/// a body), read as [`in_chunks`] reads a chunk.
pub(super) async fn read_one<P: Fetched>(store: &Store, page: &P) -> Result<Option<PageSource>> {
    let mut out = None;
    in_chunks(store, std::slice::from_ref(page), 1, |_, sources| {
        out = sources.into_iter().next().flatten();
        Ok(())
    })
    .await?;
    Ok(out)
}
