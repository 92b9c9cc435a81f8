//! Real processes: a build killed with SIGKILL, two builds at once.

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use xtask::dataset::{self, Built, block_on};
use xtask::store::{Store, WriteLock};

use crate::util::{corpus, fixtures, xtask};

fn small_build(db: &Path) {
    let built = dataset::Dataset::open_writing(db, "build", false)
        .and_then(|d| d.build_from_dirs(&[&fixtures().join("new-layout")], "2026-07-09"))
        .unwrap();
    assert!(matches!(built, Built::Stored { .. }), "{built:?}");
}

fn integrity(db: &Path) -> String {
    block_on(async {
        let store = Store::open(db).await.unwrap();
        let r = store.integrity_check().await.unwrap();
        store.close().await;
        r
    })
    .unwrap()
}

/// Starts a build of the whole 2026-07-01 corpus (several seconds in a debug build).
fn spawn_full_build(db: &Path, corpus: &Path) -> Child {
    xtask()
        .arg("--db")
        .arg(db)
        .args(["build", "--taken-at", "2026-07-01", "--from-dir"])
        .arg(corpus.join("sar-html/2026-07-01"))
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Reads the child's stderr until a line contains `text`.
fn wait_for_line(child: &mut Child, text: &str) -> String {
    let stderr = child.stderr.as_mut().unwrap();
    let mut lines = BufReader::new(stderr).lines();
    loop {
        match lines.next() {
            Some(Ok(line)) if line.contains(text) => return line,
            Some(Ok(_)) => {}
            other => panic!("the child ended before printing {text:?}: {other:?}"),
        }
    }
}

#[test]
fn sigkill_mid_build_leaves_the_earlier_snapshots_and_a_sound_file() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    small_build(&db);

    let mut child = spawn_full_build(&db, &corpus);
    let line = wait_for_line(&mut child, "writing snapshot");
    assert!(
        line.ends_with("writing snapshot 2 in one transaction"),
        "{line}"
    );
    child.kill().unwrap(); // SIGKILL on Unix
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(9),
        "the build ended before it was killed: {status:?}"
    );

    assert_eq!(integrity(&db), "ok");
    let snapshots = dataset::Dataset::open(&db)
        .and_then(|d| d.snapshots())
        .unwrap();
    assert_eq!(snapshots.iter().map(|s| s.id).collect::<Vec<_>>(), [1]);
    assert_eq!(snapshots[0].taken_at, "2026-07-09");

    // The lock died with the process; a rerun succeeds.
    let rerun = dataset::Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_dirs(&[&corpus.join("sar-html/2026-07-01")], "2026-07-01"))
        .unwrap();
    assert!(
        matches!(rerun, Built::Stored { ref summary, .. } if summary.id == 2),
        "{rerun:?}"
    );
    assert_eq!(integrity(&db), "ok");
}

#[test]
fn a_second_build_is_refused_while_the_first_runs() {
    let Some(corpus) = corpus() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let mut first = spawn_full_build(&db, &corpus);
    let pid = first.id();
    // The lock is taken before parsing; wait until the lock file names it.
    let lock = WriteLock::path_for(&db);
    let start = Instant::now();
    while !std::fs::read_to_string(&lock).is_ok_and(|s| s.contains(&format!("pid {pid} "))) {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the first build never took the lock"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = xtask()
        .arg("--db")
        .arg(&db)
        .args(["build", "--from-dir"])
        .arg(fixtures().join("new-layout"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("another run is writing to")
            && stderr.contains(&format!("build by pid {pid}")),
        "{stderr}"
    );
    assert!(first.wait().unwrap().success());
    assert_eq!(integrity(&db), "ok");
    assert_eq!(
        dataset::Dataset::open(&db)
            .and_then(|d| d.snapshots())
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn wait_flag_waits_for_the_lock() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    let held = WriteLock::acquire(&db, "test", false).unwrap();
    let mut waiting = xtask()
        .arg("--db")
        .arg(&db)
        .args(["build", "--wait", "--taken-at", "2026-07-09", "--from-dir"])
        .arg(fixtures().join("new-layout"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    assert!(
        waiting.try_wait().unwrap().is_none(),
        "the build did not wait for the lock"
    );
    drop(held);
    let out = waiting.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("waiting for"));
    assert_eq!(
        dataset::Dataset::open(&db)
            .and_then(|d| d.snapshots())
            .unwrap()
            .len(),
        1
    );
}
