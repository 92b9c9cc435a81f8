//! A run of pages made into services: each page parsed (`parse/`), the
//! renderings of a page reconciled (`reconcile.rs`), the pages merged by
//! prefix, service docs attached and notices scoped. Above both `parse` and
//! `reconcile`: neither knows of it, or of each other's callers.

use crate::parse::{
    PageOutcome, PageReport, PageSource, PageStatus, ParseError, Problem, ServicePage, Warning,
    parse_page,
};
use crate::reconcile::{SourcesReport, assemble};

/// Every page of a run, and the services they make.
#[derive(Debug, Default)]
pub struct ParseRun {
    /// One report per page, in input order.
    pub pages: Vec<PageReport>,
    /// The pages merged by prefix.
    pub merged: crate::parse::merge::Merged,
    /// Service docs pages read, attached to services in `merged`.
    pub docs: Vec<crate::parse::docs::DocPage>,
    /// Renderings used, fallbacks, HTML/Markdown and JSON findings.
    pub sources: SourcesReport,
    /// Failed pages whose twin rendering stood in: not failures of the run.
    pub stood_in: std::collections::BTreeSet<usize>,
}

impl ParseRun {
    /// How many pages failed.
    pub fn errors(&self) -> usize {
        self.error_messages().len()
    }

    /// Every page warning, in page order.
    pub fn warnings(&self) -> impl Iterator<Item = &Warning> {
        self.pages.iter().flat_map(|p| match &p.status {
            PageStatus::Ok { warnings, .. } => warnings.as_slice(),
            _ => &[],
        })
    }

    /// The message of every page that failed, each naming its page.
    pub fn error_messages(&self) -> Vec<String> {
        self.pages
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.stood_in.contains(i))
            .filter_map(|(_, p)| match &p.status {
                PageStatus::Error { message } => Some(message.clone()),
                _ => None,
            })
            .collect()
    }
}

/// Parses pages in parallel (one page per task), then merges them.
pub fn parse_all(sources: &[PageSource]) -> ParseRun {
    parse_all_with(sources, false)
}

/// [`parse_all`], where under `strict` a page with warnings is an error.
pub fn parse_all_with(sources: &[PageSource], strict: bool) -> ParseRun {
    let mut parsing = Parsing::new(strict);
    parsing.add(sources);
    parsing.finish()
}

/// A run being parsed a chunk of pages at a time, so that a caller holds
/// one chunk's bytes at once however many pages there are: what each page
/// said is kept (it is small beside the page), and the pages are merged
/// once, when all were read. Pages added in chunks make the same run as
/// the same pages given to [`parse_all_with`] at once.
#[derive(Debug, Default)]
pub struct Parsing {
    run: ParseRun,
    names: Vec<String>,
    readings: Vec<(usize, Result<ServicePage, String>)>,
    strict: bool,
}

impl Parsing {
    /// No pages yet; under `strict` a page with warnings is an error.
    pub fn new(strict: bool) -> Parsing {
        Parsing {
            strict,
            ..Parsing::default()
        }
    }

    /// Parses `sources` in parallel (one page per task) after the pages
    /// added before; returns their reports, in input order.
    pub fn add(&mut self, sources: &[PageSource]) -> &[PageReport] {
        use rayon::prelude::*;
        let strict = self.strict;
        let outcomes: Vec<Result<PageOutcome, ParseError>> = sources
            .par_iter()
            .map(|s| match parse_page(s) {
                Ok(PageOutcome::Service(page)) if strict && !page.warnings.is_empty() => {
                    Err(ParseError {
                        page: s.name.clone(),
                        problem: Problem::Strict(page.warnings),
                    })
                }
                other => other,
            })
            .collect();
        let first = self.run.pages.len();
        for (i, (source, outcome)) in sources.iter().zip(outcomes).enumerate() {
            let i = first + i;
            let status = match outcome {
                Ok(PageOutcome::Service(page)) => {
                    let status = PageStatus::Ok {
                        prefix: page.prefix.to_string(),
                        slug: page.page.slug.clone(),
                        url: page.page.url.clone(),
                        layout: page.page.layout,
                        actions: page.actions.len(),
                        permission_only: page.actions.iter().filter(|a| a.permission_only).count(),
                        resource_types: page.resource_types.len(),
                        condition_keys: page.condition_keys.len(),
                        operations: page.operations.len(),
                        warnings: page.warnings.clone(),
                        identity: page.identity.clone(),
                    };
                    self.readings.push((i, Ok(*page)));
                    status
                }
                Ok(PageOutcome::Moved { location }) => PageStatus::Moved { location },
                Ok(PageOutcome::Doc(doc)) => {
                    let status = PageStatus::Doc {
                        url: doc.url.clone(),
                        notices: doc.notices.clone(),
                        changes: doc.changes.clone(),
                        features: doc.features.clone(),
                        policies: doc.policies.iter().map(|p| p.name.clone()).collect(),
                        warnings: doc.warnings.clone(),
                    };
                    self.run.docs.push(*doc);
                    status
                }
                Err(e) => {
                    self.readings.push((i, Err(e.to_string())));
                    PageStatus::Error {
                        message: e.to_string(),
                    }
                }
            };
            self.run.pages.push(PageReport {
                page: source.name.clone(),
                status,
            });
            self.names.push(source.name.clone());
        }
        &self.run.pages[first..]
    }

    /// Merges every page added into the run's services.
    pub fn finish(self) -> ParseRun {
        let Parsing {
            mut run,
            names,
            readings,
            ..
        } = self;
        let assembled = assemble(&names, readings);
        (run.merged, run.sources, run.stood_in) =
            (assembled.merged, assembled.report, assembled.stood_in);
        run.merged.warnings.extend(crate::parse::attach::attach(
            &mut run.merged.services,
            &run.docs,
            &crate::parse::attach::Overrides::load_default(),
        ));
        crate::scope::apply(&mut run.merged.services);
        run
    }
}
