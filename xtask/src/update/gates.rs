//! The gates a new snapshot passes before it replaces the reviewed one
//! (DESIGN.md, "Gates"): every page of the table of contents fetched and
//! parsed, no service emptied, and the catalog shrinking by no more than a
//! threshold. A scrape that AWS's layout change or a half-empty table of
//! contents broke must fail loudly, never ship an empty catalog.

use std::fmt;

use crate::diff::Side;

/// Which gate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// Every page of the table of contents fetched and parsed.
    Pages,
    /// No service that had actions has none.
    EmptiedService,
    /// The total number of actions shrank by at most the threshold.
    Shrink,
}

impl Gate {
    /// As the report names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Gate::Pages => "every page fetched and parsed",
            Gate::EmptiedService => "no service lost all its actions",
            Gate::Shrink => "the catalog shrank by at most the threshold",
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

/// The shrink threshold, and whether a maintainer accepted a larger one.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShrinkLimit {
    /// Largest accepted drop of the total number of actions, in percent.
    pub max_pct: f64,
    /// `--accept-shrink`: pass whatever the drop.
    pub accepted: bool,
}

impl Default for ShrinkLimit {
    fn default() -> Self {
        ShrinkLimit {
            max_pct: 2.0,
            accepted: false,
        }
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

fn action_count(side: &Side) -> usize {
    side.services.iter().map(|s| s.actions.len()).sum()
}

/// The other gates, comparing the new snapshot with the reviewed one. On
/// success, one line per gate saying what it measured.
pub fn check(old: &Side, new: &Side, limit: ShrinkLimit) -> Result<Vec<String>, Rejection> {
    let mut passed = Vec::new();

    let emptied: Vec<String> = old
        .services
        .iter()
        .filter(|s| !s.actions.is_empty())
        .filter_map(|s| {
            let now = new.services.iter().find(|n| n.prefix == s.prefix)?;
            let pages: Vec<&str> = now.pages.iter().map(|p| p.url.as_str()).collect();
            now.actions.is_empty().then(|| {
                format!(
                    "{} ({}): {} actions before, none now on {}",
                    s.prefix,
                    s.name,
                    s.actions.len(),
                    pages.join(", ")
                )
            })
        })
        .collect();
    if !emptied.is_empty() {
        return Err(Rejection {
            gate: Gate::EmptiedService,
            reason: format!(
                "{} service{} lost all {} actions: a page the parser no longer understands, not a service AWS emptied",
                emptied.len(),
                if emptied.len() == 1 { "" } else { "s" },
                if emptied.len() == 1 { "its" } else { "their" }
            ),
            details: emptied,
        });
    }
    passed.push(format!("{}: yes", Gate::EmptiedService.as_str()));

    let (before, after) = (action_count(old), action_count(new));
    let drop_pct = if before == 0 || after >= before {
        0.0
    } else {
        100.0 * (before - after) as f64 / before as f64
    };
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
    if drop_pct > limit.max_pct {
        if !limit.accepted {
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
                    "{measured}: a drop of {drop_pct:.2}%, more than the {}% allowed; if AWS really removed them, rerun with --accept-shrink",
                    limit.max_pct
                ),
                details: gone,
            });
        }
        passed.push(format!(
            "{}: {measured}, a drop of {drop_pct:.2}% over the {}% limit, accepted with --accept-shrink",
            Gate::Shrink.as_str(),
            limit.max_pct
        ));
    } else {
        passed.push(format!(
            "{}: {measured}, limit −{}%",
            Gate::Shrink.as_str(),
            limit.max_pct
        ));
    }
    Ok(passed)
}
