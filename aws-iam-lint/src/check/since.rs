//! IAM017, with `--since DATE`: the actions a wildcard grants that the
//! catalog first recorded after DATE, privileges a policy gained without
//! anyone editing it.
//!
//! A date is that of the first recording of the AWS reference that lists
//! the action ([`Action::first_recorded`]), so "after DATE" is as precise as
//! the recordings (about monthly before 2026). What the first recording
//! already had is dated [`HISTORY_SINCE`], meaning "on or before": against
//! an earlier DATE such an action cannot be dated, so it is counted apart
//! and never reported as newer.

use aws_iam_catalog::{Action, Date, HISTORY_SINCE};

/// How many actions a finding names as examples.
const EXAMPLES: usize = 3;

/// The actions of a set that were first recorded after the cut.
pub(super) struct Newer {
    /// First recorded after the cut, newest first (then in catalog order).
    pub actions: Vec<(Date, Action)>,
    /// Recorded by the first recording while the cut is earlier: they may
    /// be newer than the cut too, the history cannot tell.
    pub undatable: usize,
}

/// True when `action` was first recorded after `since`, as far as the
/// history can tell.
fn is_newer(action: Action, since: Date) -> bool {
    action.first_recorded() > since.max(HISTORY_SINCE)
}

/// True when the history cannot tell whether `action` came after `since`.
fn is_undatable(action: Action, since: Date) -> bool {
    since < HISTORY_SINCE && action.first_recorded() == HISTORY_SINCE
}

impl Newer {
    /// The newer actions of `actions`.
    pub fn of(actions: impl Iterator<Item = Action>, since: Date) -> Newer {
        let mut undatable = 0;
        let mut newer: Vec<(Date, Action)> = actions
            .filter(|&a| {
                undatable += usize::from(is_undatable(a, since));
                is_newer(a, since)
            })
            .map(|a| (a.first_recorded(), a))
            .collect();
        newer.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
        Newer {
            actions: newer,
            undatable,
        }
    }

    /// The finding's message about what `what` grants (`"s3:*"`, `Allow
    /// with NotAction`), or `None` when nothing newer is known.
    pub fn message(&self, what: &str, since: Date) -> Option<String> {
        message(
            what,
            self.actions.len(),
            &self.actions,
            self.undatable,
            since,
        )
    }

    /// The message for `Allow` with `NotAction`: what `self` (every
    /// action's newer ones) holds but the `excluded` actions (sorted).
    pub fn message_except(&self, excluded: &[Action], since: Date) -> Option<String> {
        let newer_excluded = excluded.iter().filter(|&&a| is_newer(a, since)).count();
        let undatable_excluded = excluded.iter().filter(|&&a| is_undatable(a, since)).count();
        // Walks past excluded ones only, each at most once.
        let examples: Vec<(Date, Action)> = self
            .actions
            .iter()
            .filter(|(_, a)| excluded.binary_search(a).is_err())
            .take(EXAMPLES)
            .copied()
            .collect();
        message(
            "Allow with NotAction",
            self.actions.len() - newer_excluded,
            &examples,
            self.undatable - undatable_excluded,
            since,
        )
    }
}

fn message(
    what: &str,
    count: usize,
    examples: &[(Date, Action)],
    undatable: usize,
    since: Date,
) -> Option<String> {
    if count == 0 {
        return None;
    }
    let such_as: Vec<String> = examples
        .iter()
        .take(EXAMPLES)
        .map(|(d, a)| format!("{a} ({d})"))
        .collect();
    let plural = if count == 1 { "" } else { "s" };
    let mut m = format!(
        "{what} grants {count} action{plural} first recorded after {since}: {}{}",
        such_as.join(", "),
        if count > such_as.len() { ", …" } else { "" }
    );
    if undatable > 0 {
        m.push_str(&format!(
            "; {undatable} more it grants were in the first recording ({HISTORY_SINCE}) and cannot be dated against {since}"
        ));
    }
    Some(m)
}

/// Reads the date of `--since` (or the configuration's `since`): `YYYY-MM-DD`,
/// a day its month has.
pub fn parse_since(text: &str) -> Result<Date, String> {
    Date::parse_iso(text).ok_or_else(|| {
        format!("{text:?} is not a date: expected YYYY-MM-DD, a day its month has (2024-01-31)")
    })
}

/// What a run with `--since DATE` should tell its user once: `None` when
/// the history covers the date, else that actions already in the first
/// recording cannot be dated against it and are not reported.
pub fn history_note(since: Date) -> Option<String> {
    (since < HISTORY_SINCE).then(|| {
        format!(
            "--since {since} is before the first recording of the history ({HISTORY_SINCE}): \
             what that recording already held is dated \"on or before {HISTORY_SINCE}\" and \
             cannot be compared with {since}, so only actions first recorded after \
             {HISTORY_SINCE} are reported (each finding counts the others)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Date {
        Date::parse_iso(s).unwrap()
    }

    #[test]
    fn newer_actions_are_those_after_the_cut_newest_first() {
        let since = date("2024-01-01");
        let newer = Newer::of(Action::matching("s3:*"), since);
        assert!(!newer.actions.is_empty());
        assert_eq!(newer.undatable, 0);
        assert!(
            newer
                .actions
                .iter()
                .all(|&(d, a)| d > since && d == a.first_recorded())
        );
        assert!(newer.actions.windows(2).all(|w| w[0].0 >= w[1].0));
        let older = Action::matching("s3:*")
            .filter(|a| a.first_recorded() <= since)
            .count();
        assert_eq!(
            newer.actions.len() + older,
            Action::matching("s3:*").count()
        );
    }

    #[test]
    fn a_cut_before_the_history_counts_the_first_recording_apart() {
        let newer = Newer::of(Action::matching("s3:*"), date("2015-01-01"));
        let first = Action::matching("s3:*")
            .filter(|a| a.first_recorded() == HISTORY_SINCE)
            .count();
        assert!(first > 50, "{first}");
        assert_eq!(newer.undatable, first);
        assert!(newer.actions.iter().all(|&(d, _)| d > HISTORY_SINCE));
        let m = newer.message("\"s3:*\"", date("2015-01-01")).unwrap();
        assert!(
            m.contains(&format!(
                "; {first} more it grants were in the first recording (2019-10-18)"
            )),
            "{m}"
        );
        assert!(history_note(date("2015-01-01")).is_some());
        assert!(history_note(HISTORY_SINCE).is_none());
    }

    #[test]
    fn bad_dates_are_refused_by_name() {
        assert_eq!(parse_since("2024-01-01"), Ok(date("2024-01-01")));
        for bad in [
            "2024-13-01",
            "2023-02-29",
            "2024-1-1",
            "yesterday",
            "",
            "2024-01-01T00:00:00Z",
        ] {
            let e = parse_since(bad).unwrap_err();
            assert!(e.starts_with(&format!("{bad:?} is not a date")), "{e}");
        }
    }

    #[test]
    fn not_action_grants_every_newer_action_it_does_not_list() {
        let since = date("2024-01-01");
        let all = Newer::of(Action::all(), since);
        let mut excluded: Vec<Action> = Action::matching("s3:*").collect();
        excluded.sort_unstable();
        let s3 = Newer::of(Action::matching("s3:*"), since).actions.len();
        let m = all.message_except(&excluded, since).unwrap();
        let count = all.actions.len() - s3;
        assert!(
            m.starts_with(&format!("Allow with NotAction grants {count} actions")),
            "{m}"
        );
        assert!(!m.contains("s3:"), "{m}");
    }
}
