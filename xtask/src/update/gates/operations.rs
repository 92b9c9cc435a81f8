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

use std::collections::BTreeMap;

use super::{Accepted, Gate, MIN_ITEMS_LOST, Rejection, ShrinkLimit, by_prefix, drop_pct, plural};
use crate::diff::Side;
use crate::model::{Layout, Service};

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

/// Services that lost more than the per-service share of their operations
/// or dependent actions (and at least [`MIN_ITEMS_LOST`]).
fn shrunk(old: &Side, new: &Side, limit: &ShrinkLimit) -> Vec<String> {
    let now: BTreeMap<&str, &Service> = by_prefix(new);
    old.services
        .iter()
        .filter(|s| !limit.accepted.covers(s.prefix.as_str()))
        .filter_map(|s| {
            let n = now.get(s.prefix.as_str())?;
            let lost = losses(
                Linked::of(s),
                Linked::of(n),
                limit.service_max_pct,
                MIN_ITEMS_LOST,
            );
            (!lost.is_empty()).then(|| {
                format!(
                    "{} ({}): {}; {}; if AWS really removed them, rerun with {}",
                    s.prefix,
                    s.name,
                    lost.join(", "),
                    provenance(s, n),
                    limit.accepted.flag(s.prefix.as_str())
                )
            })
        })
        .collect()
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
/// most the total threshold, and no service's by more than its own. On
/// success, the line saying what it measured.
pub fn check(old: &Side, new: &Side, limit: &ShrinkLimit) -> Result<String, Rejection> {
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
    let services = shrunk(old, new, limit);
    if total_lost.is_empty() && services.is_empty() {
        return Ok(format!(
            "{}: {measured}, limit −{}% in total and −{}% per service{}",
            Gate::Operations.as_str(),
            limit.max_pct,
            limit.service_max_pct,
            match &limit.accepted {
                Accepted::Nothing => "",
                _ => ", shrink accepted with --accept-shrink where asked",
            }
        ));
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
