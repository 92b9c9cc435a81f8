//! Dates and times, UTC, without a date-time dependency.

use std::time::{SystemTime, UNIX_EPOCH};

/// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days since 1970-01-01 of a civil date (the inverse of `civil_from_days`).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = i64::from(if m > 2 { m - 3 } else { m + 9 });
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days from `from` to `to`, both `YYYY-MM-DD`; `None` unless both are
/// calendar dates.
pub fn days_between(from: &str, to: &str) -> Option<i64> {
    fn days(s: &str) -> Option<i64> {
        if !is_date(s) {
            return None;
        }
        let (y, m, d) = (
            s[..4].parse().ok()?,
            s[5..7].parse().ok()?,
            s[8..10].parse().ok()?,
        );
        Some(days_from_civil(y, m, d))
    }
    Some(days(to)? - days(from)?)
}

/// The days of month `m` (1–12) of year `y`, leap years counted. The typed
/// crate validates its `Date`s with its own few lines: it has no dependency
/// and this crate does not depend on the crate it generates.
pub fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        4 | 6 | 9 | 11 => 30,
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        _ => 31,
    }
}

fn now_secs() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Now, as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn utc_now_rfc3339() -> String {
    format_rfc3339(now_secs())
}

/// Seconds since the epoch as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format_rfc3339(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s / 60 % 60,
        s % 60
    )
}

/// Today, as `YYYY-MM-DD`.
pub fn today() -> String {
    utc_now_rfc3339()[..10].to_string()
}

/// True for a calendar date `YYYY-MM-DD` (`2026-02-31` is none): the
/// crate's `Date::parse_iso` reads the data date back with the same rule.
pub fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
        && match (
            s[..4].parse::<i32>(),
            s[5..7].parse::<u32>(),
            s[8..10].parse::<u32>(),
        ) {
            (Ok(y), Ok(m @ 1..=12), Ok(d)) => (1..=days_in_month(y, m)).contains(&d),
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(format_rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(format_rfc3339(1_771_545_600), "2026-02-20T00:00:00Z");
        assert_eq!(format_rfc3339(951_782_400 + 3661), "2000-02-29T01:01:01Z");
    }

    #[test]
    fn dates_are_checked() {
        assert!(is_date("2026-07-01"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("2026-7-01"));
        assert!(!is_date("latest"));
        assert!(!is_date("2026-02-31"));
        assert!(!is_date("2026-02-29"));
        assert!(is_date("2028-02-29"));
        assert!(!is_date("2026-04-31"));
        assert!(!is_date("2026-01-00"));
    }

    #[test]
    fn days_between_dates() {
        assert_eq!(days_between("1970-01-01", "1970-01-01"), Some(0));
        assert_eq!(days_between("2026-02-20", "2026-02-20"), Some(0));
        assert_eq!(days_between("2022-05-01", "2022-07-01"), Some(61));
        assert_eq!(days_between("2028-02-28", "2028-03-01"), Some(2));
        assert_eq!(days_between("2026-07-01", "2026-01-01"), Some(-181));
        // Inverse of the formatter over the epoch's whole range.
        for secs in [0_i64, 951_782_400, 1_771_545_600, 4_102_444_800] {
            let date = &format_rfc3339(secs)[..10];
            assert_eq!(days_between("1970-01-01", date), Some(secs / 86_400));
        }
        assert_eq!(days_between("2026-02-31", "2026-03-01"), None);
        assert_eq!(days_between("2026-03-01", "latest"), None);
    }
}
