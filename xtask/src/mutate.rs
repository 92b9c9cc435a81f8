//! A mutation campaign against the page parser: real pages, broken the way
//! attackers and bad networks break them, must never parse as a smaller
//! service without saying so.
//!
//! Each mutation is one of four kinds: a stray opening or closing tag
//! inserted before a tag, two tags swapped, a byte range duplicated, the
//! page cut at a random point. Every mutated page is parsed with a clock
//! and a panic guard, and classed: an error (the page was refused), ok and
//! equal to the original, ok with a warning, ok with content changed but no
//! action lost, or a **silent loss** (ok, no warning, fewer actions), which
//! is what the parser must never produce. Deterministic for a given seed: a
//! small PRNG (SplitMix64) seeded per page and mutation, no new dependency.

use std::collections::BTreeSet;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::parse::{PageOutcome, PageSource, ServicePage, parse_page};

/// SplitMix64: tiny, fast and good enough to pick positions.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// The kinds of damage done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MutationKind {
    /// A stray `<tag>` or `</tag>` inserted before a tag.
    StrayTag,
    /// Two tags exchanged.
    SwapTags,
    /// A byte range repeated in place.
    DuplicateRange,
    /// The page cut at a random point.
    Cut,
}

impl MutationKind {
    /// Every kind, in the order they are drawn.
    pub const ALL: [MutationKind; 4] = [
        MutationKind::StrayTag,
        MutationKind::SwapTags,
        MutationKind::DuplicateRange,
        MutationKind::Cut,
    ];

    /// Its name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            MutationKind::StrayTag => "stray-tag",
            MutationKind::SwapTags => "swap-tags",
            MutationKind::DuplicateRange => "duplicate-range",
            MutationKind::Cut => "cut",
        }
    }
}

/// Tags that shape the tables and sections the parser reads.
const TAGS: [&str; 14] = [
    "table", "tr", "td", "th", "thead", "tbody", "div", "p", "h2", "ul", "li", "a", "code", "span",
];

/// The nearest char boundary at or after `at`.
fn boundary(text: &str, mut at: usize) -> usize {
    while at < text.len() && !text.is_char_boundary(at) {
        at += 1;
    }
    at.min(text.len())
}

/// Byte ranges of the tags (`<…>`) of `text`.
fn tags(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find('<') {
        let start = from + open;
        let Some(len) = text[start..].find('>') else {
            break;
        };
        out.push((start, start + len + 1));
        from = start + len + 1;
    }
    out
}

/// Applies one mutation of `kind` to `text`, returning the new text and a
/// short description of what was done (for reproducing a finding).
pub fn mutate(text: &str, kind: MutationKind, rng: &mut Rng) -> (String, String) {
    let tag_spans = tags(text);
    match kind {
        MutationKind::StrayTag => {
            let at = tag_spans
                .get(rng.below(tag_spans.len().max(1)))
                .map_or(0, |t| t.0);
            let name = TAGS[rng.below(TAGS.len())];
            let tag = if rng.below(2) == 0 {
                format!("</{name}>")
            } else {
                format!("<{name}>")
            };
            let mut out = String::with_capacity(text.len() + tag.len());
            out.push_str(&text[..at]);
            out.push_str(&tag);
            out.push_str(&text[at..]);
            (out, format!("inserted {tag} at byte {at}"))
        }
        MutationKind::SwapTags if tag_spans.len() >= 2 => {
            let i = rng.below(tag_spans.len());
            let mut j = rng.below(tag_spans.len() - 1);
            if j >= i {
                j += 1;
            }
            let (a, b) = if i < j {
                (tag_spans[i], tag_spans[j])
            } else {
                (tag_spans[j], tag_spans[i])
            };
            let out = [
                &text[..a.0],
                &text[b.0..b.1],
                &text[a.1..b.0],
                &text[a.0..a.1],
                &text[b.1..],
            ]
            .concat();
            (
                out,
                format!(
                    "swapped {} (byte {}) and {} (byte {})",
                    &text[a.0..a.1],
                    a.0,
                    &text[b.0..b.1],
                    b.0
                ),
            )
        }
        MutationKind::SwapTags => (text.to_string(), "no two tags to swap".to_string()),
        MutationKind::DuplicateRange => {
            let start = boundary(text, rng.below(text.len().max(1)));
            let len = 1 + rng.below(4096);
            let end = boundary(text, (start + len).min(text.len()));
            let out = [&text[..end], &text[start..end], &text[end..]].concat();
            (out, format!("duplicated bytes {start}..{end}"))
        }
        MutationKind::Cut => {
            let at = boundary(text, rng.below(text.len().max(1)));
            (text[..at].to_string(), format!("cut at byte {at}"))
        }
    }
}

/// What came of one mutated page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// Refused with an error naming the page.
    Error,
    /// Parsed, and the same service as the original.
    OkEqual,
    /// Parsed with at least one warning.
    Warned,
    /// Parsed without warning, different but with nothing lost.
    OkChanged,
    /// Parsed without warning with every action, but fewer resource types,
    /// condition keys or operations (not the campaign's criterion, which is
    /// actions, but counted so that it is seen).
    OkFewerOther,
    /// Parsed as something other than a service page (moved stub, docs).
    OtherOutcome,
    /// Parsed without warning with fewer actions: the failure to find.
    SilentLoss,
    /// The parser panicked.
    Panic,
}

impl Verdict {
    /// Its name in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Error => "error",
            Verdict::OkEqual => "ok-equal",
            Verdict::Warned => "warned",
            Verdict::OkChanged => "ok-changed",
            Verdict::OkFewerOther => "ok-fewer-other",
            Verdict::OtherOutcome => "other-outcome",
            Verdict::SilentLoss => "silent-loss",
            Verdict::Panic => "panic",
        }
    }
}

/// A finding worth a look: a silent loss, a panic or a slow parse.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Finding {
    /// The page.
    pub page: String,
    /// Which mutation of the page (0-based).
    pub index: usize,
    /// Its kind.
    pub kind: MutationKind,
    /// What was done.
    pub detail: String,
    /// The verdict.
    pub verdict: Verdict,
    /// How long the parse took.
    pub millis: u128,
    /// Actions before and after.
    pub actions: (usize, usize),
}

/// Campaign settings.
#[derive(Clone, Debug)]
pub struct Campaign {
    /// Pages to mutate (chosen by the seed among those that parse).
    pub pages: usize,
    /// Mutations per page.
    pub per_page: usize,
    /// The seed.
    pub seed: u64,
    /// A parse slower than this is a finding.
    pub slow: Duration,
}

/// What a campaign found.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Outcome {
    /// The pages mutated.
    pub pages: Vec<String>,
    /// Mutations run.
    pub mutations: usize,
    /// Verdict → count, over all mutations.
    pub verdicts: std::collections::BTreeMap<Verdict, usize>,
    /// Kind → verdict → count.
    pub by_kind:
        std::collections::BTreeMap<MutationKind, std::collections::BTreeMap<Verdict, usize>>,
    /// The slowest parse, in milliseconds.
    pub slowest_millis: u128,
    /// Silent losses, panics and slow parses.
    pub findings: Vec<Finding>,
}

impl Outcome {
    /// True when nothing was found: no silent loss, no panic, no slow parse.
    pub fn clean(&self) -> bool {
        self.findings.is_empty()
    }
}

fn names(page: &ServicePage) -> BTreeSet<&str> {
    page.actions.iter().map(|a| a.name.as_str()).collect()
}

/// Parses one mutated page and judges it against the original.
fn judge(original: &ServicePage, source: &PageSource) -> (Verdict, usize, Duration) {
    let started = Instant::now();
    let result = catch_unwind(AssertUnwindSafe(|| parse_page(source)));
    let took = started.elapsed();
    let (verdict, actions) = match result {
        Err(_) => (Verdict::Panic, 0),
        Ok(Err(_)) => (Verdict::Error, 0),
        Ok(Ok(PageOutcome::Service(page))) => {
            let n = page.actions.len();
            let verdict = if !page.warnings.is_empty() {
                Verdict::Warned
            } else if n < original.actions.len() || !names(original).is_subset(&names(&page)) {
                Verdict::SilentLoss
            } else if page.resource_types.len() < original.resource_types.len()
                || page.condition_keys.len() < original.condition_keys.len()
                || page.operations.len() < original.operations.len()
            {
                Verdict::OkFewerOther
            } else if page.actions == original.actions
                && page.resource_types == original.resource_types
                && page.condition_keys == original.condition_keys
                && page.operations == original.operations
            {
                Verdict::OkEqual
            } else {
                Verdict::OkChanged
            };
            (verdict, n)
        }
        Ok(Ok(_)) => (Verdict::OtherOutcome, 0),
    };
    (verdict, actions, took)
}

/// Picks `n` distinct indices of `0..len` with `rng`, in ascending order.
fn choose(len: usize, n: usize, rng: &mut Rng) -> Vec<usize> {
    let mut all: Vec<usize> = (0..len).collect();
    // Partial Fisher–Yates.
    for i in 0..n.min(len) {
        let j = i + rng.below(len - i);
        all.swap(i, j);
    }
    all.truncate(n.min(len));
    all.sort_unstable();
    all
}

/// One mutation's kind, verdict, finding (if any) and parse time (ms).
type Trial = (MutationKind, Verdict, Option<Finding>, u128);

/// Runs the campaign over `sources` (the pages to choose from).
pub fn run(sources: &[PageSource], campaign: &Campaign) -> Outcome {
    let parsed: Vec<(&PageSource, ServicePage)> = sources
        .par_iter()
        .filter_map(|s| match parse_page(s) {
            Ok(PageOutcome::Service(p)) => Some((s, *p)),
            _ => None,
        })
        .collect();
    let mut rng = Rng::new(campaign.seed);
    let chosen: Vec<&(&PageSource, ServicePage)> = choose(parsed.len(), campaign.pages, &mut rng)
        .into_iter()
        .map(|i| &parsed[i])
        .collect();
    let results: Vec<Vec<Trial>> = chosen
        .par_iter()
        .enumerate()
        .map(|(p, (source, original))| {
            let text = String::from_utf8_lossy(&source.bytes);
            (0..campaign.per_page)
                .map(|i| {
                    let mut rng = Rng::new(
                        campaign.seed ^ ((p as u64) << 32) ^ (i as u64).wrapping_mul(0x9e37),
                    );
                    let kind = MutationKind::ALL[i % MutationKind::ALL.len()];
                    let (mutated, detail) = mutate(&text, kind, &mut rng);
                    let page = PageSource {
                        name: source.name.clone(),
                        bytes: mutated.into_bytes(),
                    };
                    let (verdict, actions, took) = judge(original, &page);
                    let finding = (matches!(verdict, Verdict::SilentLoss | Verdict::Panic)
                        || took > campaign.slow)
                        .then(|| Finding {
                            page: source.name.clone(),
                            index: i,
                            kind,
                            detail,
                            verdict,
                            millis: took.as_millis(),
                            actions: (original.actions.len(), actions),
                        });
                    (kind, verdict, finding, took.as_millis())
                })
                .collect()
        })
        .collect();
    let mut out = Outcome {
        pages: chosen.iter().map(|(s, _)| s.name.clone()).collect(),
        ..Outcome::default()
    };
    for (kind, verdict, finding, millis) in results.into_iter().flatten() {
        out.mutations += 1;
        *out.verdicts.entry(verdict).or_default() += 1;
        *out.by_kind
            .entry(kind)
            .or_default()
            .entry(verdict)
            .or_default() += 1;
        out.slowest_millis = out.slowest_millis.max(millis);
        out.findings.extend(finding);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_generator_is_deterministic_and_spread() {
        let a: Vec<u64> = (0..4).map(|_| Rng::new(7).next_u64()).collect();
        assert!(a.windows(2).all(|w| w[0] == w[1]));
        let mut r = Rng::new(7);
        let picks: BTreeSet<usize> = (0..200).map(|_| r.below(10)).collect();
        assert_eq!(picks.len(), 10);
    }

    #[test]
    fn each_kind_changes_the_page_as_described() {
        let page = "<html><body><table><tr><td>a</td></tr></table></body></html>";
        let mut rng = Rng::new(1);
        for kind in MutationKind::ALL {
            let (out, detail) = mutate(page, kind, &mut rng);
            match kind {
                MutationKind::StrayTag => assert!(out.len() > page.len(), "{detail}"),
                MutationKind::SwapTags => {
                    assert_eq!(out.len(), page.len());
                    assert_ne!(out, page, "{detail}");
                }
                MutationKind::DuplicateRange => assert!(out.len() > page.len(), "{detail}"),
                MutationKind::Cut => assert!(page.starts_with(&out), "{detail}"),
            }
        }
    }
}
