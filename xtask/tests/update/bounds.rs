//! The update is bounded: its deadline covers fetching and parsing.

use std::time::{Duration, Instant};

use xtask::mirror::{Mirror, MirrorConfig};

use super::{Checkout, changed, code, text};
use crate::util::corpus;

/// Runs `update` (given `--deadline secs`): it ends within `secs` + 4 s,
/// exit 2, saying why in its output and report, with nothing written.
fn stops_at_deadline(co: &Checkout, secs: u64, update: impl FnOnce() -> std::process::Output) {
    let before = co.state();
    let started = Instant::now();
    let out = update();
    let took = started.elapsed();
    assert_eq!(code(&out), 2, "{}", text(&out));
    assert!(
        took < Duration::from_secs(secs + 4),
        "took {took:?}: {}",
        text(&out)
    );
    let why = format!("the run's deadline of {secs} s passed");
    assert!(text(&out).contains(&why), "{}", text(&out));
    assert!(co.report().contains(&why), "{}", co.report());
    assert!(
        co.report().contains("Nothing was written"),
        "{}",
        co.report()
    );
    assert_eq!(changed(&before, &co.state()), Vec::<String>::new());
    assert!(
        !co.root().join(".update-staging").exists(),
        "the stage is discarded"
    );
}

/// Issue 11: `--deadline 10` ran 51 s. Against a server answering each
/// page in 2 s (120 pages, 8 at a time: 30 s of fetching), the run ends
/// within 14 s, exit 2, saying why, with nothing written.
#[test]
fn an_update_past_its_deadline_stops_within_it_and_writes_nothing() {
    let Some(corpus) = corpus() else { return };
    let mut pages = Mirror::pages_from_dir(&corpus.join("sar-html/2026-07-01")).unwrap();
    let keep: Vec<String> = pages.keys().take(120).cloned().collect();
    pages.retain(|k, _| keep.contains(k));
    let m = Mirror::start(
        pages,
        MirrorConfig {
            latency: Duration::from_secs(2),
            ..Default::default()
        },
    )
    .unwrap();
    let co = Checkout::new();
    stops_at_deadline(&co, 10, || {
        co.update(&m.base_url(), &["--deadline", "10", "--no-docs"])
    });
    assert!(m.stats().requests < 120, "{:?}", m.stats());
}

/// Parsing is under the deadline too: 80 copies of the EC2 page (tens of
/// seconds of parsing on two cores) with `--deadline 6` end within 10 s,
/// exit 2, nothing written.
#[test]
fn an_update_whose_parsing_outlasts_the_deadline_stops_at_it() {
    let Some(corpus) = corpus() else { return };
    let ec2 = std::fs::read(corpus.join("sar-html/2026-07-01/list_amazonec2.html")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    for i in 0..80 {
        std::fs::write(dir.path().join(format!("list_amazonec2copy{i}.html")), &ec2).unwrap();
    }
    let co = Checkout::new();
    stops_at_deadline(&co, 6, || {
        co.update_from_dir(dir.path(), &["--deadline", "6", "--taken-at", "2026-07-01"])
    });
}
