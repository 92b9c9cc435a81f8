//! A read-only command never waits on a writer (issue 20, point 8): it
//! used to checkpoint the WAL with `TRUNCATE` on close, which waits for
//! every writer, and waited the writer's whole transaction (30 s of busy
//! timeout) while a build held the database.

use std::time::{Duration, Instant};

use xtask::dataset::{Dataset, block_on};

use crate::util::fixtures;

#[test]
fn a_reader_opens_reads_and_closes_at_once_while_a_writer_holds_the_database() {
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("catalog.sqlite");
    Dataset::open_writing(&db, "build", false)
        .and_then(|d| d.build_from_dirs(&[fixtures().join("new-layout")], "2026-07-09"))
        .unwrap();

    // A writer in the middle of its transaction (as a build writing a
    // snapshot is), on a thread of its own, held until told.
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let writer_db = db.clone();
    let writer = std::thread::spawn(move || {
        block_on(async {
            let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&writer_db);
            let pool = sqlx::sqlite::SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(options)
                .await
                .unwrap();
            let mut tx = pool.begin_with("BEGIN IMMEDIATE").await.unwrap();
            sqlx::query("CREATE TABLE held_by_a_writer (x INTEGER)")
                .execute(&mut *tx)
                .await
                .unwrap();
            held_tx.send(()).unwrap();
            tokio::task::spawn_blocking(move || done_rx.recv())
                .await
                .ok();
            tx.rollback().await.unwrap();
            pool.close().await;
        })
        .unwrap();
    });
    held_rx.recv().unwrap();

    let started = Instant::now();
    let reader = Dataset::open(&db).unwrap();
    let snapshots = reader.snapshots().unwrap();
    reader.close();
    let took = started.elapsed();
    // And through the binary, as a user runs it.
    let started = Instant::now();
    let out = crate::util::xtask()
        .arg("--db")
        .arg(&db)
        .arg("snapshots")
        .output()
        .unwrap();
    let took_cli = started.elapsed();
    done_tx.send(()).unwrap();
    writer.join().unwrap();

    assert_eq!(snapshots.len(), 1);
    assert!(took < Duration::from_secs(2), "the reader took {took:?}");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        took_cli < Duration::from_secs(3),
        "`xtask snapshots` took {took_cli:?}"
    );
    eprintln!("reader beside a writer: {took:?} in process, {took_cli:?} through the binary");
}
