//! The gate on what the crate reads beyond the items themselves: each
//! service's API operations and its actions' dependent actions, counted per
//! service and in total like actions, resource types and keys.
//!
//! Why a gate of its own: since the July 2026 pages, operations (and the
//! dependents drawn from them) may come from the JSON twins alone. A run
//! without them (a day the JSON host does not answer, or `--from-dir`
//! without the twins' directory) would otherwise remove every operation
//! and most dependents while every item count stays the same. Such a run
//! stops, and the rejection names each service, what it lost, and whether
//! this run read a JSON twin of it at all; a maintainer who sees a real
//! removal reruns with `--accept-shrink`.
//!
//! What a page states itself is judged like the items: operations and
//! dependents the reviewed data read from the service's own page (the
//! "Dependent actions" column until June 2026, the July 2026 operations
//! table), lost on a page of the same layout era or newer, are a change the
//! page vouches for. It passes as a named warning: Amazon Connect's page of
//! 2021-02-01 itself lists 11 dependents for `CreateInstance` where the page
//! of 2020-12-19 listed 22 (82 → 53 for the service), and stopping there
//! would have stopped the job on a real AWS change.

use std::collections::BTreeMap;

use super::{
    Accepted, Gate, MIN_ITEMS_LOST, Rejection, ShrinkLimit, by_prefix, drop_pct, is_stale, plural,
};
use crate::diff::Side;
use crate::model::{DependencySource, Layout, Service};

/// What one service has that this gate counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Linked {
    /// API operations.
    pub operations: usize,
    /// Dependent actions, one per (action, dependent) pair.
    pub dependents: usize,
}

impl Linked {
    /// The counts of one service.
    pub fn of(s: &Service) -> Linked {
        Linked {
            operations: s.operations.len(),
            dependents: s.actions.iter().map(|a| a.dependent_actions.len()).sum(),
        }
    }

    /// The counts of every service `keep` selects.
    pub fn total<'a>(
        services: impl IntoIterator<Item = &'a Service>,
        keep: impl Fn(&Service) -> bool,
    ) -> Linked {
        services
            .into_iter()
            .filter(|s| keep(s))
            .map(Linked::of)
            .fold(Linked::default(), |a, b| Linked {
                operations: a.operations + b.operations,
                dependents: a.dependents + b.dependents,
            })
    }

    fn kinds(self) -> [(&'static str, usize); 2] {
        [
            ("API operations", self.operations),
            ("dependent actions", self.dependents),
        ]
    }
}

/// `what b → a (−x%)` for each kind that shrank past `pct` (and, with
/// `min_lost`, by at least that many).
fn losses(before: Linked, after: Linked, pct: f64, min_lost: usize) -> Vec<String> {
    before
        .kinds()
        .into_iter()
        .zip(after.kinds())
        .filter(|&((_, b), (_, a))| b >= a + min_lost && drop_pct(b, a) > pct)
        .map(|((what, b), (_, a))| format!("{what} {b} → {a} (−{:.1}%)", drop_pct(b, a)))
        .collect()
}

/// Where the reviewed data's operations came from, and whether this run
/// read the service's JSON twin: what a reviewer needs to tell a missing
/// twin from a real removal.
fn provenance(old: &Service, new: &Service) -> String {
    let json = Layout::ServiceReferenceJson;
    let had_json = old.renderings.operations_from == Some(json);
    let read_json =
        new.renderings.witnesses.contains(&json) || new.renderings.operations_from == Some(json);
    match (had_json, read_json) {
        (true, false) => format!(
            "the reviewed data took them from its JSON twin and this run read no JSON twin of {}",
            new.prefix
        ),
        (true, true) => {
            "the reviewed data took them from its JSON twin; this run's twin has fewer".into()
        }
        (false, _) => "the reviewed data read them from its pages".into(),
    }
}

/// True when the service's operations and dependents all came from its own
/// page (none from a JSON twin).
fn from_page(s: &Service) -> bool {
    s.renderings.operations_from != Some(Layout::ServiceReferenceJson)
        && s.actions
            .iter()
            .flat_map(|a| &a.dependent_actions)
            .all(|d| d.source != DependencySource::ServiceReferenceJson)
}

/// Services that lost more than the per-service share of their operations
/// or dependent actions (and at least [`MIN_ITEMS_LOST`]), split: those
/// the reviewed data read from a JSON twin or that are now read from a
/// page of an older era (a stop), and those a page of the same era or newer
/// vouches for (a warning).
fn shrunk(old: &Side, new: &Side, limit: &ShrinkLimit) -> (Vec<String>, Vec<String>) {
    let now: BTreeMap<&str, &Service> = by_prefix(new);
    let mut stops = Vec::new();
    let mut vouched = Vec::new();
    for s in &old.services {
        if limit.accepted.covers(s.prefix.as_str()) {
            continue;
        }
        let Some(n) = now.get(s.prefix.as_str()) else {
            continue;
        };
        let lost = losses(
            Linked::of(s),
            Linked::of(n),
            limit.service_max_pct,
            MIN_ITEMS_LOST,
        );
        if lost.is_empty() {
            continue;
        }
        let what = format!(
            "{} ({}): {}; {}",
            s.prefix,
            s.name,
            lost.join(", "),
            provenance(s, n)
        );
        if from_page(s) && !is_stale(s, n) {
            vouched.push(format!(
                "warning: lost more than {}% of its API operations or dependent actions, on a page that vouches for its parse (a change AWS made): {what}",
                limit.service_max_pct
            ));
        } else {
            stops.push(format!(
                "{what}; if AWS really removed them, rerun with {}",
                limit.accepted.flag(s.prefix.as_str())
            ));
        }
    }
    (stops, vouched)
}

fn change(before: usize, after: usize) -> String {
    let pct = if before == 0 {
        0.0
    } else {
        100.0 * (after as f64 - before as f64) / before as f64
    };
    format!("{before} → {after} ({pct:+.2}%)")
}

/// The gate: the whole catalog's operations and dependents shrink by at
/// most the total threshold, and no service's by more than its own unless
/// its page vouches for the change. On success, the line saying what it
/// measured, then a `warning:` line per service whose page vouched.
pub fn check(old: &Side, new: &Side, limit: &ShrinkLimit) -> Result<Vec<String>, Rejection> {
    let all = |_: &Service| true;
    let (before, after) = (
        Linked::total(&old.services, all),
        Linked::total(&new.services, all),
    );
    let measured = format!(
        "API operations {}, dependent actions {}",
        change(before.operations, after.operations),
        change(before.dependents, after.dependents)
    );
    // Services a maintainer accepted are left out of what is judged.
    let judged = |s: &Service| !limit.accepted.covers(s.prefix.as_str());
    let total_lost = losses(
        Linked::total(&old.services, judged),
        Linked::total(&new.services, judged),
        limit.max_pct,
        1,
    );
    let (services, vouched) = shrunk(old, new, limit);
    if total_lost.is_empty() && services.is_empty() {
        let passed = format!(
            "{}: {measured}, limit −{}% in total and −{}% per service{}",
            Gate::Operations.as_str(),
            limit.max_pct,
            limit.service_max_pct,
            match &limit.accepted {
                Accepted::Nothing => "",
                _ => ", shrink accepted with --accept-shrink where asked",
            }
        );
        return Ok(std::iter::once(passed).chain(vouched).collect());
    }
    let reason = if services.is_empty() {
        format!(
            "{measured}: the catalog lost more than {}% of them; if AWS really removed them, rerun with --accept-shrink",
            limit.max_pct
        )
    } else {
        format!(
            "{measured}: {} lost more than {}% of {} API operations or dependent actions (a run without the JSON twins the reviewed data took them from, or a page misread)",
            plural(services.len(), "service", "services"),
            limit.service_max_pct,
            if services.len() == 1 { "its" } else { "their" }
        )
    };
    Err(Rejection {
        gate: Gate::Operations,
        reason,
        details: services,
    })
}
