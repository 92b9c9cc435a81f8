//! When to try again: exponential backoff with jitter, unless the server
//! says when (`Retry-After`, seconds or an HTTP date), within a cap.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Retry settings.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Attempts per URL, the first included.
    pub attempts: u32,
    /// Delay before the first retry; doubled each time.
    pub base: Duration,
    /// No wait is longer than this, whatever the server asks.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            attempts: 5,
            base: Duration::from_millis(500),
            max_wait: Duration::from_secs(60),
        }
    }
}

/// A source of jitter, seeded from the clock: retries of many clients must
/// not line up.
static JITTER: AtomicU64 = AtomicU64::new(0);

fn jitter_fraction() -> f64 {
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let mut z = JITTER.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed) ^ seed;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
}

impl RetryPolicy {
    /// The wait after failed attempt `attempt` (1-based): the server's
    /// `Retry-After` when it gave one, else `base · 2^(attempt-1)` with
    /// "equal jitter" (half fixed, half random), both capped.
    pub fn wait(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        let wait = retry_after.unwrap_or_else(|| {
            let exp = self
                .base
                .saturating_mul(1 << attempt.saturating_sub(1).min(16));
            exp / 2 + exp.mul_f64(jitter_fraction() / 2.0)
        });
        wait.min(self.max_wait)
    }
}

/// Reads `Retry-After`: delta-seconds or an HTTP date.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_seconds_or_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_782_864_000); // 2026-07-01
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(
            parse_retry_after("Wed, 01 Jul 2026 00:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Tue, 30 Jun 2026 00:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let p = RetryPolicy {
            attempts: 5,
            base: Duration::from_millis(100),
            max_wait: Duration::from_secs(1),
        };
        for attempt in 1..=3 {
            let full = Duration::from_millis(100 << (attempt - 1));
            let w = p.wait(attempt, None);
            assert!(w >= full / 2 && w <= full, "attempt {attempt}: {w:?}");
        }
        assert_eq!(p.wait(10, None), Duration::from_secs(1));
        assert_eq!(
            p.wait(1, Some(Duration::from_secs(5))),
            Duration::from_secs(1)
        );
        assert_eq!(
            p.wait(1, Some(Duration::from_millis(300))),
            Duration::from_millis(300)
        );
    }
}
