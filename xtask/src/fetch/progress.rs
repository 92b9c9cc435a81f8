//! Progress of a fetch: a bar on a terminal, a log line every few seconds
//! otherwise (a cron job's log).

use std::sync::Mutex;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use super::{Counters, Outcome, PageFetch};

/// Reports pages as they finish.
pub struct Progress {
    bar: Option<ProgressBar>,
    total: usize,
    state: Mutex<(usize, Instant)>,
}

/// Seconds between log lines when there is no terminal.
const LOG_EVERY: Duration = Duration::from_secs(5);

impl Progress {
    /// A bar when stderr is a terminal, log lines otherwise.
    pub fn new(total: usize) -> Progress {
        use std::io::IsTerminal;
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::new(total as u64);
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} pages {msg} [{elapsed}]")
                    .unwrap_or_else(|_| ProgressStyle::default_bar()),
            );
            bar
        });
        Progress {
            bar,
            total,
            state: Mutex::new((0, Instant::now())),
        }
    }

    /// Neither bar nor log lines (tests, benchmarks).
    pub fn quiet(total: usize) -> Progress {
        Progress {
            bar: Some(ProgressBar::hidden()),
            total,
            state: Mutex::new((0, Instant::now())),
        }
    }

    /// One page finished.
    pub fn page(&self, page: &PageFetch, counters: &Counters) {
        let mut state = self.state.lock().expect("progress");
        state.0 += 1;
        if let Outcome::Failed { message, .. } = &page.outcome {
            // A twin that is not served is no failure: said once, in the
            // run's summary, not as a warning per page.
            if super::is_absent(&page.url, &page.outcome) {
                tracing::debug!("absent {}: {message}", page.url);
            } else {
                tracing::warn!("failed {}: {message}", page.url);
            }
        }
        match &self.bar {
            Some(bar) => {
                bar.set_position(state.0 as u64);
                bar.set_message(format!(
                    "({} requests, {} retries)",
                    counters.requests.load(Ordering::Relaxed),
                    counters.retries.load(Ordering::Relaxed)
                ));
            }
            None if state.1.elapsed() >= LOG_EVERY => {
                state.1 = Instant::now();
                tracing::info!(
                    "fetched {}/{} pages ({} requests, {} retries, {} not modified)",
                    state.0,
                    self.total,
                    counters.requests.load(Ordering::Relaxed),
                    counters.retries.load(Ordering::Relaxed),
                    counters.not_modified.load(Ordering::Relaxed)
                );
            }
            None => {}
        }
    }

    /// All pages finished.
    pub fn finish(&self, _counters: &Counters) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
