//! SIGKILL in the middle of an update, and two updates at once.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use xtask::mirror::{Mirror, MirrorConfig};

use super::{Checkout, changed, code, text};
use crate::util::corpus;

const ARGS: &[&str] = &["--taken-at", "2026-06-01", "--accept-shrink"];

/// Starts an update and a thread that forwards its stderr lines.
fn spawn(co: &Checkout, m: &Mirror, pause: Option<u64>) -> (Child, mpsc::Receiver<String>) {
    let mut cmd = co.command(&m.base_url(), ARGS);
    if let Some(secs) = pause {
        cmd.env("XTASK_UPDATE_PAUSE_AFTER_COMMIT_POINT", secs.to_string());
    }
    let mut child = cmd
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    (child, rx)
}

fn wait_for(rx: &mpsc::Receiver<String>, needle: &str) {
    let deadline = Instant::now() + Duration::from_secs(120);
    while Instant::now() < deadline {
        match rx.recv_timeout(Duration::from_secs(1)) {
            Ok(line) if line.contains(needle) => return,
            Ok(_) | Err(mpsc::RecvTimeoutError::Timeout) => {}
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                panic!("the update ended before {needle:?}")
            }
        }
    }
    panic!("no {needle:?} within 120 s");
}

/// The checkout's files are exactly the reference's (same paths, same
/// bytes), and its database holds the same snapshots. The database file
/// itself differs: it records when pages were fetched.
fn assert_same_result(co: &Checkout, reference: &Checkout) {
    let files = |c: &Checkout| {
        let mut state = c.state();
        state.remove("<db>");
        state
    };
    assert_eq!(changed(&files(reference), &files(co)), Vec::<String>::new());
    let snapshots = |c: &Checkout| {
        xtask::dataset::Dataset::open(&c.db())
            .and_then(|d| d.snapshots())
            .unwrap()
            .into_iter()
            .map(|s| (s.id, s.taken_at, s.content_sha256))
            .collect::<Vec<_>>()
    };
    assert_eq!(snapshots(co), snapshots(reference));
}

/// `kill -9`: no destructor, no cleanup.
fn sigkill(child: &mut Child) {
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Killed while fetching, killed just after its commit point (while a
/// second update is refused), and rerun each time: the files end exactly
/// as an uninterrupted run leaves them.
#[test]
fn killed_updates_rerun_to_the_uninterrupted_result_and_updates_exclude_each_other() {
    let Some(corpus) = corpus() else { return };
    let pages = Mirror::pages_from_dir(&corpus.join("sar-html/2026-06-01")).unwrap();
    // Slow enough that the kill lands in the middle of the fetch.
    let m = Mirror::start(
        pages,
        MirrorConfig {
            latency: Duration::from_millis(25),
            ..Default::default()
        },
    )
    .unwrap();

    let reference = Checkout::new();
    let out = reference.update(&m.base_url(), ARGS);
    assert_eq!(code(&out), 1, "{}", text(&out));

    // 1. Killed during the fetch: the stage is discarded, the rerun does
    // the whole update.
    let co = Checkout::new();
    let before = co.state();
    let (mut child, rx) = spawn(&co, &m, None);
    wait_for(&rx, "fetching");
    std::thread::sleep(Duration::from_millis(500));
    sigkill(&mut child);
    assert_eq!(
        changed(&before, &co.state()),
        Vec::<String>::new(),
        "a run killed before its commit point changed files"
    );
    assert!(
        co.root().join(".update-staging").exists(),
        "the stage is left behind by the kill"
    );
    let rerun = co.update(&m.base_url(), ARGS);
    assert_eq!(code(&rerun), 1, "{}", text(&rerun));
    assert_same_result(&co, &reference);

    // 2. Held just after the commit point: a second update is refused;
    // then killed, and the rerun finishes the commit.
    let co = Checkout::new();
    let (mut child, rx) = spawn(&co, &m, Some(120));
    wait_for(&rx, "paused after the commit point");
    let second = co.update(&m.base_url(), ARGS);
    assert_eq!(code(&second), 2, "{}", text(&second));
    assert!(
        text(&second).contains("another update is running"),
        "{}",
        text(&second)
    );
    assert!(text(&second).contains("update by pid"), "{}", text(&second));
    sigkill(&mut child);
    assert!(co.root().join(".update-staging/COMMIT").exists());
    let rerun = co.update(&m.base_url(), ARGS);
    assert!(
        text(&rerun).contains("finished the commit of an interrupted update"),
        "{}",
        text(&rerun)
    );
    assert_eq!(code(&rerun), 1, "{}", text(&rerun));
    assert_same_result(&co, &reference);
    assert!(!co.root().join(".update-staging").exists());
    // The rerun's report says what the commit it finished wrote: the
    // killed run's report, which is the reference run's.
    let report = co.report();
    assert!(
        report.starts_with("# aws-iam-catalog update: finished an interrupted update"),
        "{report}"
    );
    assert!(
        report.contains("finished moving what it committed into place: `"),
        "{report}"
    );
    for wrote in [
        "`snapshots`",
        "`src/generated`",
        "`Cargo.toml`",
        "`CHANGELOG.md`",
    ] {
        assert!(report.contains(wrote), "{wrote} in {report}");
    }
    // (It names the checkout's snapshots/ it compared with.)
    let committed = reference
        .report()
        .replace(
            reference.root().to_str().unwrap(),
            co.root().to_str().unwrap(),
        )
        .replacen("# ", "## ", 1);
    assert!(report.contains(&committed), "{report}");
    assert!(
        report.contains("this run wrote nothing more") && !report.contains("no change"),
        "{report}"
    );
    assert!(text(&rerun).contains("finished an interrupted update's commit ("));
}
