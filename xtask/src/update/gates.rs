//! The gates a new snapshot passes before it replaces the reviewed one
//! (DESIGN.md, "Gates"): every page of the table of contents fetched and
//! parsed, every page holding the service its entry names, no service
//! vanished while its page is still listed, no service emptied or shrunk by
//! more than a share of its items, and the catalog shrinking by no more than
//! a threshold. A scrape that AWS's layout change, a half-empty table of
//! contents or a page served with another page's content broke must fail
//! loudly, never ship a smaller catalog.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::diff::Side;
use crate::model::Service;

mod operations;
pub use operations::Linked;

/// Which gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Every page of the table of contents fetched and parsed.
    Pages,
    /// Every page holds the service its table-of-contents entry (and the
    /// reviewed data) says it holds.
    Identity,
    /// No service vanished while its page is still listed.
    VanishedService,
    /// No service that had actions has none.
    EmptiedService,
    /// No service lost more than a share of its actions, resource types or
    /// condition keys.
    ServiceShrink,
    /// The total number of actions shrank by at most the threshold.
    Shrink,
    /// No service lost more than a share of its API operations or
    /// dependent actions, nor the catalog more than the threshold.
    Operations,
    /// No listed page unread, and no service's pages all absent unless a
    /// table of contents no longer lists them (AWS retired it).
    AbsentPages,
}

impl Gate {
    /// As the report names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Gate::Pages => "every page fetched and parsed",
            Gate::Identity => "every page holds the service it is listed for",
            Gate::VanishedService => "no service vanished while its page is listed",
            Gate::EmptiedService => "no service lost all its actions",
            Gate::ServiceShrink => "no service shrank by more than its threshold",
            Gate::Shrink => "the catalog shrank by at most the threshold",
            Gate::Operations => "no service lost its API operations or dependent actions",
            Gate::AbsentPages => "every listed page read, no service's pages missing",
        }
    }
}

/// Why a snapshot was rejected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// The gate that stopped it.
    pub gate: Gate,
    /// One sentence.
    pub reason: String,
    /// One line per page or service concerned.
    pub details: Vec<String>,
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "gate \"{}\" failed: {}", self.gate.as_str(), self.reason)
    }
}

/// The removals a maintainer accepted (`--accept-shrink`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Accepted {
    /// None: every shrink gate applies.
    #[default]
    Nothing,
    /// `--accept-shrink` (or `--accept-shrink all`): whatever shrinks.
    All,
    /// `--accept-shrink chime s3`: these services may shrink or vanish.
    Services(BTreeSet<String>),
}

impl Accepted {
    /// From the command line: no flag, the bare flag (all), or names
    /// (`all` among them meaning all).
    pub fn from_args(flag: Option<Vec<String>>) -> Accepted {
        match flag {
            None => Accepted::Nothing,
            Some(names) if names.is_empty() || names.iter().any(|n| n == "all") => Accepted::All,
            Some(names) => Accepted::Services(names.into_iter().collect()),
        }
    }

    /// True when `prefix` may shrink.
    pub fn covers(&self, prefix: &str) -> bool {
        match self {
            Accepted::Nothing => false,
            Accepted::All => true,
            Accepted::Services(s) => s.contains(prefix),
        }
    }

    fn flag(&self, prefix: &str) -> String {
        match self {
            Accepted::Services(s) if !s.is_empty() => {
                let mut names: Vec<&str> = s.iter().map(String::as_str).collect();
                names.push(prefix);
                names.sort_unstable();
                names.dedup();
                format!("--accept-shrink {}", names.join(" "))
            }
            _ => format!("--accept-shrink {prefix}"),
        }
    }
}

/// The shrink thresholds, and what a maintainer accepted beyond them.
#[derive(Clone, Debug, PartialEq)]
pub struct ShrinkLimit {
    /// Largest accepted drop of the total number of actions, in percent.
    pub max_pct: f64,
    /// Largest accepted drop of one service's actions, resource types or
    /// condition keys, in percent.
    pub service_max_pct: f64,
    /// `--accept-shrink`: removals AWS really made.
    pub accepted: Accepted,
}

impl Default for ShrinkLimit {
    fn default() -> Self {
        ShrinkLimit {
            max_pct: 2.0,
            service_max_pct: 10.0,
            accepted: Accepted::Nothing,
        }
    }
}

/// A page of the table of contents as it was listed: its slug, and the
/// link text ("Amazon Chime (chime)" since July 2026, which names the
/// prefix the page must hold).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Listing {
    /// `list_<slug>.html`.
    pub slug: String,
    /// The link text.
    pub text: String,
}

impl Listing {
    /// The prefix the link text names in parentheses, when it does.
    fn prefix(&self) -> Option<&str> {
        crate::parse::evidence::listed_prefix(&self.text)
    }
}

/// The pages gate, from what the build refused.
pub fn pages(errors: &[String], pages: usize) -> Rejection {
    Rejection {
        gate: Gate::Pages,
        reason: format!(
            "{} of {pages} pages failed to fetch or parse; a page that could not be read is unknown, not removed",
            errors.len()
        ),
        details: errors.to_vec(),
    }
}

fn action_count(services: &[Service]) -> usize {
    services.iter().map(|s| s.actions.len()).sum()
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// slug → the service (prefix, name) that page was read into.
fn pages_of(side: &Side) -> BTreeMap<&str, &Service> {
    side.services
        .iter()
        .flat_map(|s| s.pages.iter().map(move |p| (p.slug.as_str(), s)))
        .collect()
}

fn by_prefix(side: &Side) -> BTreeMap<&str, &Service> {
    side.services
        .iter()
        .map(|s| (s.prefix.as_str(), s))
        .collect()
}

/// A page served with another service's content: its listing names
/// another prefix, or it held one service in the reviewed data and now
/// holds another that a page of its own still holds. A page whose prefix
/// changed with no other page claiming the new one is a rename (the
/// vanished-service gate asks for it to be accepted).
///
/// Returned apart, as warnings: a page that changed hands while the service
/// it held is still read, whole, from a page that held it before too. That
/// is AWS moving a service between its pages (in September 2023
/// `list_awsbilling.html` went from `aws-portal` to the new `billing`, and
/// `aws-portal` stayed on `list_awsbillingconsole.html`), not a page served
/// with another's content: nothing is lost, and two pages that swapped
/// their content still stop the run (neither service is on a page that
/// held it before).
fn identity(old: &Side, new: &Side, listed: &[Listing]) -> (Vec<String>, Vec<String>) {
    let (before, now) = (pages_of(old), pages_of(new));
    let mut out = Vec::new();
    let mut moved = Vec::new();
    for l in listed {
        if let (Some(named), Some(s)) = (l.prefix(), now.get(l.slug.as_str()))
            && named != s.prefix.as_str()
        {
            out.push(format!(
                "list_{}.html: listed as \"{}\" but holds {} (\"{}\"): another service's content",
                l.slug, l.text, s.prefix, s.name
            ));
        }
    }
    for (slug, s) in &now {
        let Some(was) = before.get(slug).filter(|w| w.prefix != s.prefix) else {
            continue;
        };
        if out
            .iter()
            .any(|o| o.starts_with(&format!("list_{slug}.html:")))
        {
            continue;
        }
        // The other pages now holding that prefix that held it before too.
        let owners: Vec<String> = s
            .pages
            .iter()
            .filter(|p| p.slug != *slug)
            .filter(|p| {
                before
                    .get(p.slug.as_str())
                    .is_some_and(|b| b.prefix == s.prefix)
            })
            .map(|p| format!("list_{}.html", p.slug))
            .collect();
        if owners.is_empty() {
            continue;
        }
        let line = format!(
            "list_{slug}.html: held {} (\"{}\") and now holds {} (\"{}\"), the service {} holds",
            was.prefix,
            was.name,
            s.prefix,
            s.name,
            owners.join(", ")
        );
        match still_held(old, new, slug, was.prefix.as_str()) {
            Some(home) => moved.push(format!(
                "warning: a page changed hands, the service it held still read from {home}: {line}"
            )),
            None => out.push(format!("{line}: another service's content")),
        }
    }
    (out, moved)
}

/// The other page that holds `prefix` now and held it before too: the
/// service kept a home of its own when page `slug` changed hands (what it
/// lost there, if anything, the shrink gates judge).
fn still_held(old: &Side, new: &Side, slug: &str, prefix: &str) -> Option<String> {
    let before = pages_of(old);
    by_prefix(new)
        .get(prefix)?
        .pages
        .iter()
        .filter(|p| p.slug != slug)
        .find(|p| {
            before
                .get(p.slug.as_str())
                .is_some_and(|b| b.prefix.as_str() == prefix)
        })
        .map(|p| format!("list_{}.html", p.slug))
}

/// Prefixes read from more pages than before, when the reviewed data read
/// them from one: worth a look (a new page of a service, or a copy).
fn extra_pages(old: &Side, new: &Side) -> Vec<String> {
    let before = by_prefix(old);
    new.services
        .iter()
        .filter(|s| s.pages.len() > 1)
        .filter_map(|s| {
            let was = before.get(s.prefix.as_str())?;
            (was.pages.len() == 1).then(|| {
                let pages: Vec<String> =
                    s.pages.iter().map(|p| format!("list_{}.html", p.slug)).collect();
                format!(
                    "{} is read from {} pages ({}); the reviewed data read it from list_{}.html alone",
                    s.prefix,
                    s.pages.len(),
                    pages.join(", "),
                    was.pages[0].slug
                )
            })
        })
        .collect()
}

/// Services of the reviewed data gone from the new one although a page
/// they were read from is still read (now holding another prefix).
fn vanished(old: &Side, new: &Side, accepted: &Accepted) -> Vec<String> {
    let (now, now_pages) = (by_prefix(new), pages_of(new));
    old.services
        .iter()
        .filter(|s| !now.contains_key(s.prefix.as_str()) && !accepted.covers(s.prefix.as_str()))
        .filter_map(|s| {
            let still: Vec<String> = s
                .pages
                .iter()
                .filter_map(|p| {
                    let holder = now_pages.get(p.slug.as_str())?;
                    Some(format!("list_{}.html (now {})", p.slug, holder.prefix))
                })
                .collect();
            (!still.is_empty()).then(|| {
                format!(
                    "{} ({}): {} before, gone although {} still listed; if AWS really renamed or removed it, rerun with {}",
                    s.prefix,
                    s.name,
                    plural(s.actions.len(), "action", "actions"),
                    still.join(", "),
                    accepted.flag(s.prefix.as_str())
                )
            })
        })
        .collect()
}

/// The share of `before` lost, in percent.
fn drop_pct(before: usize, after: usize) -> f64 {
    if before == 0 || after >= before {
        0.0
    } else {
        100.0 * (before - after) as f64 / before as f64
    }
}

/// A service's loss below this many items of a kind is left to the total
/// gate: AWS removes single items from small services (a resource type of
/// six, a condition key of four: February to June 2026) and each would
/// otherwise stop the daily job, while a page the parser misreads loses many.
pub const MIN_ITEMS_LOST: usize = 2;

/// Services that lost more than `limit.service_max_pct` (and at least
/// [`MIN_ITEMS_LOST`]) of one kind of item.
fn shrunk(old: &Side, new: &Side, limit: &ShrinkLimit) -> Vec<String> {
    let now = by_prefix(new);
    old.services
        .iter()
        .filter(|s| !limit.accepted.covers(s.prefix.as_str()))
        .filter_map(|s| {
            let n = now.get(s.prefix.as_str())?;
            let losses: Vec<String> = [
                ("actions", s.actions.len(), n.actions.len()),
                (
                    "resource types",
                    s.resource_types.len(),
                    n.resource_types.len(),
                ),
                (
                    "condition keys",
                    s.condition_keys.len(),
                    n.condition_keys.len(),
                ),
            ]
            .into_iter()
            .filter(|&(_, b, a)| b >= a + MIN_ITEMS_LOST && drop_pct(b, a) > limit.service_max_pct)
            .map(|(what, b, a)| format!("{what} {b} → {a} (−{:.1}%)", drop_pct(b, a)))
            .collect();
            (!losses.is_empty()).then(|| {
                let pages: Vec<String> = n
                    .pages
                    .iter()
                    .map(|p| format!("list_{}.html", p.slug))
                    .collect();
                format!(
                    "{} ({}): {} on {}; if AWS really removed them, rerun with {}",
                    s.prefix,
                    s.name,
                    losses.join(", "),
                    pages.join(", "),
                    limit.accepted.flag(s.prefix.as_str())
                )
            })
        })
        .collect()
}

/// One gate: what it found wrong (nothing: it passed, and `ok` says what
/// it measured), and the sentence saying why that stops the run.
fn judge(
    passed: &mut Vec<String>,
    gate: Gate,
    details: Vec<String>,
    reason: impl FnOnce(usize) -> String,
    ok: String,
) -> Result<(), Rejection> {
    if details.is_empty() {
        passed.push(format!("{}: {ok}", gate.as_str()));
        return Ok(());
    }
    Err(Rejection {
        gate,
        reason: reason(details.len()),
        details,
    })
}

/// The gates after the pages gate, comparing the new snapshot with the
/// reviewed one; `listed` is the table of contents when the pages were
/// fetched (saved pages have none). On success, one line per gate saying
/// what it measured, and `warning:` lines worth a reviewer's look.
pub fn check(
    old: &Side,
    new: &Side,
    listed: &[Listing],
    limit: &ShrinkLimit,
) -> Result<Vec<String>, Rejection> {
    let mut passed = Vec::new();
    let their = |n: usize| if n == 1 { "its" } else { "their" };

    let (swapped, changed_hands) = identity(old, new, listed);
    judge(
        &mut passed,
        Gate::Identity,
        swapped,
        |n| {
            format!(
                "{} served with another service's content",
                plural(n, "page is", "pages are")
            )
        },
        "yes".into(),
    )?;
    judge(
        &mut passed,
        Gate::VanishedService,
        vanished(old, new, &limit.accepted),
        |n| {
            format!(
                "{} gone while {} pages are still read: a page that changed hands, not a service AWS removed",
                plural(n, "service is", "services are"),
                their(n)
            )
        },
        "yes".into(),
    )?;
    judge(
        &mut passed,
        Gate::AbsentPages,
        absent_pages(old, new, listed, &limit.accepted),
        |n| {
            format!(
                "{} of the reviewed data not read, and no table of contents says AWS retired {}: a page the recording lacks is unknown, not removed",
                plural(n, "service's pages are", "services' pages are"),
                if n == 1 { "it" } else { "them" }
            )
        },
        absent_ok(old, new, listed),
    )?;
    judge(
        &mut passed,
        Gate::EmptiedService,
        emptied(old, new),
        |n| {
            format!(
                "{} lost all {} actions: a page the parser no longer understands, not a service AWS emptied",
                plural(n, "service", "services"),
                their(n)
            )
        },
        "yes".into(),
    )?;
    // The whole catalog first: a table of contents that lost pages is
    // best told by its total, not by the services that lost one of theirs.
    passed.push(total(old, new, limit)?);
    let (stale, fresh) = split_shrinks(old, new, limit);
    if !stale.is_empty() {
        return Err(Rejection {
            gate: Gate::ServiceShrink,
            reason: format!(
                "{} lost more than {}% of {} actions, resource types or condition keys on a page of an older layout than the reviewed data's: a stale page, not a removal",
                plural(stale.len(), "service", "services"),
                limit.service_max_pct,
                their(stale.len())
            ),
            details: stale,
        });
    }
    passed.extend(service_shrinks(fresh, limit));
    passed.extend(operations::check(old, new, limit)?);
    passed.extend(changed_hands);
    passed.extend(
        extra_pages(old, new)
            .into_iter()
            .map(|w| format!("warning: {w}")),
    );
    Ok(passed)
}

/// Services of the reviewed data that had actions and have none now.
fn emptied(old: &Side, new: &Side) -> Vec<String> {
    let now = by_prefix(new);
    old.services
        .iter()
        .filter(|s| !s.actions.is_empty())
        .filter_map(|s| {
            let n = now.get(s.prefix.as_str())?;
            let pages: Vec<&str> = n.pages.iter().map(|p| p.url.as_str()).collect();
            n.actions.is_empty().then(|| {
                format!(
                    "{} ({}): {} actions before, none now on {}",
                    s.prefix,
                    s.name,
                    s.actions.len(),
                    pages.join(", ")
                )
            })
        })
        .collect()
}

fn accepted_note(accepted: &Accepted) -> String {
    match accepted {
        Accepted::Nothing => String::new(),
        Accepted::All => ", any shrink accepted with --accept-shrink".into(),
        Accepted::Services(s) => format!(
            ", accepted for {} with --accept-shrink",
            s.iter().map(String::as_str).collect::<Vec<_>>().join(", ")
        ),
    }
}

/// The total-shrink gate. Services a maintainer accepted are left out of
/// the measure that is judged (the whole catalog's change is still shown).
fn total(old: &Side, new: &Side, limit: &ShrinkLimit) -> Result<String, Rejection> {
    let (before, after) = (action_count(&old.services), action_count(&new.services));
    let measured = format!(
        "actions {before} → {after} ({:+.2}%), services {} → {}",
        if before == 0 {
            0.0
        } else {
            100.0 * (after as f64 - before as f64) / before as f64
        },
        old.services.len(),
        new.services.len()
    );
    let judged = |services: &[Service]| -> usize {
        services
            .iter()
            .filter(|s| !limit.accepted.covers(s.prefix.as_str()))
            .map(|s| s.actions.len())
            .sum()
    };
    let drop = drop_pct(judged(&old.services), judged(&new.services));
    let whole = drop_pct(before, after);
    if drop > limit.max_pct {
        let gone: Vec<String> = old
            .services
            .iter()
            .filter(|s| !new.services.iter().any(|n| n.prefix == s.prefix))
            .map(|s| {
                format!(
                    "{} ({}): no longer listed, {} actions",
                    s.prefix,
                    s.name,
                    s.actions.len()
                )
            })
            .collect();
        return Err(Rejection {
            gate: Gate::Shrink,
            reason: format!(
                "{measured}: a drop of {drop:.2}%, more than the {}% allowed; if AWS really removed them, rerun with --accept-shrink",
                limit.max_pct
            ),
            details: gone,
        });
    }
    Ok(if whole > limit.max_pct {
        format!(
            "{}: {measured}, a drop of {whole:.2}% over the {}% limit, accepted with --accept-shrink",
            Gate::Shrink.as_str(),
            limit.max_pct
        )
    } else {
        format!(
            "{}: {measured}, limit −{}%",
            Gate::Shrink.as_str(),
            limit.max_pct
        )
    })
}

/// The per-service shrink, reported and not a stop (DESIGN.md, "History"):
/// every page in the new snapshot proved what it holds before it was
/// accepted (its anchors, topic list and operations name nothing its parse
/// lacks; its identity fits its name; it is not cut), so a service that
/// lost items on such a page lost them on AWS's side. Seven years of
/// recordings hold 42 such shrinks, each a real change (docs/replay.md):
/// a gate stopping them would stop the job every other month and be passed
/// with `--accept-shrink` unread. The shrinks are listed as warnings, with
/// the threshold, at the top of the report; the removals become tombstones.
fn service_shrinks(found: Vec<String>, limit: &ShrinkLimit) -> Vec<String> {
    if found.is_empty() {
        return vec![format!(
            "{}: yes, limit −{}% per service{}",
            Gate::ServiceShrink.as_str(),
            limit.service_max_pct,
            accepted_note(&limit.accepted)
        )];
    }
    found
        .into_iter()
        .map(|line| {
            let line = line
                .split("; if AWS really removed them")
                .next()
                .unwrap_or(&line)
                .to_string();
            format!(
                "warning: shrank by more than {}%, on pages that vouch for their parse (removals AWS made, tombstoned): {line}",
                limit.service_max_pct
            )
        })
        .collect()
}

/// Services of the reviewed data of which no page is read any more (their
/// prefix gone, no page of theirs now holding another: that is
/// [`vanished`]), and listed pages that no page read holds. With a table
/// of contents, a service it no longer lists was retired by AWS (a
/// removal, reported and tombstoned) and a page it lists but that was not
/// read is unknown; without one (saved pages), an absent page cannot be
/// told from one the recording lacks, so it stops the run.
fn absent_pages(old: &Side, new: &Side, listed: &[Listing], accepted: &Accepted) -> Vec<String> {
    let (now, now_pages) = (by_prefix(new), pages_of(new));
    let listed_slugs: BTreeSet<&str> = listed.iter().map(|l| l.slug.as_str()).collect();
    let read = |slug: &str| now_pages.contains_key(slug) || new.moved.contains_key(slug);
    let mut out: Vec<String> = listed
        .iter()
        .filter(|l| !read(&l.slug))
        .map(|l| {
            format!(
                "list_{}.html: listed in the table of contents but not read",
                l.slug
            )
        })
        .collect();
    for s in &old.services {
        if now.contains_key(s.prefix.as_str())
            || accepted.covers(s.prefix.as_str())
            || s.pages.iter().any(|p| read(&p.slug))
        {
            continue;
        }
        let pages: Vec<String> = s
            .pages
            .iter()
            .map(|p| format!("list_{}.html", p.slug))
            .collect();
        if listed.is_empty() {
            out.push(format!(
                "{} ({}): {} before, its page{} {} absent and no table of contents says whether AWS retired it; if it did, rerun with {}",
                s.prefix,
                s.name,
                plural(s.actions.len(), "action", "actions"),
                if pages.len() == 1 { "" } else { "s" },
                pages.join(", "),
                accepted.flag(s.prefix.as_str())
            ));
        } else if s
            .pages
            .iter()
            .any(|p| listed_slugs.contains(p.slug.as_str()))
        {
            // Reported by the listed-but-not-read line above.
            continue;
        }
    }
    out
}

/// What the absent-pages gate measured when it passed: the services the
/// table of contents no longer lists (retired), by name.
fn absent_ok(old: &Side, new: &Side, listed: &[Listing]) -> String {
    let now = by_prefix(new);
    let retired: Vec<&str> = old
        .services
        .iter()
        .filter(|s| !now.contains_key(s.prefix.as_str()))
        .filter(|s| {
            !listed.is_empty()
                && !s
                    .pages
                    .iter()
                    .any(|p| listed.iter().any(|l| l.slug == p.slug))
        })
        .map(|s| s.prefix.as_str())
        .collect();
    if retired.is_empty() {
        "yes".into()
    } else {
        format!(
            "yes; no longer in the table of contents (retired by AWS): {}",
            retired.join(", ")
        )
    }
}

/// True when the service's newest page now is of an older layout era than
/// the reviewed data's (`was`): a stale page, whose losses prove nothing.
fn is_stale(was: &Service, now: &Service) -> bool {
    let newest = |s: &Service| s.pages.iter().map(|p| era(p.layout)).max().unwrap_or(0);
    newest(now) < newest(was)
}

/// The layout era of a page: the six-column HTML of 2019 to June 2026
/// before the July 2026 redesign and its renderings.
fn era(layout: crate::model::Layout) -> u8 {
    match layout {
        crate::model::Layout::Html => 0,
        _ => 1,
    }
}

/// The per-service shrinks ([`shrunk`]), split: those on a page of an older
/// layout era than the reviewed data read that service from (a stale page
/// served in place of the current one: a stop), and the others (a page of
/// the same era or newer, which proved what it holds: reported).
fn split_shrinks(old: &Side, new: &Side, limit: &ShrinkLimit) -> (Vec<String>, Vec<String>) {
    let now = by_prefix(new);
    let stale: BTreeSet<&str> = old
        .services
        .iter()
        .filter(|s| now.get(s.prefix.as_str()).is_some_and(|n| is_stale(s, n)))
        .map(|s| s.prefix.as_str())
        .collect();
    shrunk(old, new, limit).into_iter().partition(|line| {
        line.split(' ')
            .next()
            .is_some_and(|prefix| stale.contains(prefix))
    })
}
