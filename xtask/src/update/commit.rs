//! All or nothing across the database, `snapshots/` and the generated
//! crate: an update works on copies (the *stage*), then commits them with a
//! journal.
//!
//! The stage is a copy of the database beside it (`<db>.update-staging`)
//! and a directory in the checkout (`.update-staging/`) holding the new
//! `snapshots/` and every new file. Committing writes the journal
//! (`.update-staging/COMMIT`, the list of moves) with a rename, which is the
//! commit point, then makes the moves, each of which can be repeated. A run
//! killed before the commit point leaves a stage without a journal, which
//! the next run discards; killed after it, the next run finishes the moves
//! first. Either way the files end as one uninterrupted run leaves them.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

/// The stage directory in the checkout.
pub const STAGE_DIR: &str = ".update-staging";
/// The journal in the stage directory: its presence is the commit.
const JOURNAL: &str = "COMMIT";

/// What a move replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Kind {
    /// A file.
    File,
    /// A directory, replaced as a whole.
    Dir,
    /// An SQLite database (its `-wal` and `-shm` go with it).
    Database,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
struct Move {
    kind: Kind,
    from: PathBuf,
    to: PathBuf,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Journal {
    moves: Vec<Move>,
    /// The committing run's report, so a run that finishes the moves can
    /// say what the commit wrote (journals of older versions lack it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    report: Option<String>,
}

/// An interrupted update's commit, finished by [`recover`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovered {
    /// What the journal moved into place (the database, `snapshots/`, …).
    pub wrote: Vec<PathBuf>,
    /// The report of the run that committed, when its journal kept it.
    pub report: Option<String>,
}

/// The copies an update works on; removed when dropped uncommitted.
#[derive(Debug)]
pub struct Stage {
    dir: PathBuf,
    db_copy: PathBuf,
    db: PathBuf,
    journal: Journal,
    done: bool,
}

/// The file beside `db` whose name is its name and `suffix`.
fn beside(db: &Path, suffix: &str) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    db.with_file_name(name)
}

fn db_copy_path(db: &Path) -> PathBuf {
    beside(db, ".update-staging")
}

fn sqlite_sidecars(db: &Path) -> [PathBuf; 2] {
    ["-wal", "-shm"].map(|suffix| beside(db, suffix))
}

fn remove_db_files(db: &Path) -> Result<()> {
    let lock = crate::store::WriteLock::path_for(db);
    for path in [db.to_path_buf(), lock]
        .into_iter()
        .chain(sqlite_sidecars(db))
    {
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("cannot remove {}", path.display())),
        }
    }
    Ok(())
}

/// Copies the database. Its write-ahead log is folded into the file first
/// (a checkpoint that truncates the log), then the file is copied as bytes:
/// that costs what the disk does (0.16 s for a 400 MB history), where
/// `VACUUM INTO` rebuilt every table and index (1.2 s), a cost every update
/// paid in proportion to the history held. The update holds the write lock,
/// so no writer adds to the log between the checkpoint and the copy. When
/// a reader keeps the checkpoint from finishing, `VACUUM INTO` through a
/// read-only connection makes the consistent copy instead.
fn copy_database(db: &Path, to: &Path) -> Result<()> {
    use sqlx::ConnectOptions;
    let folded = crate::dataset::block_on(async {
        // A reader's transaction is waited on for a second, then the copy
        // is made the other way.
        let mut conn = crate::store::connect_options(db)
            .busy_timeout(std::time::Duration::from_secs(1))
            .connect()
            .await
            .with_context(|| format!("cannot open {} to copy it", db.display()))?;
        // A read first: it rolls back a hot rollback journal (a writer that
        // died in the middle of a transaction), which a byte copy would
        // otherwise carry as a half-written file.
        sqlx::query("SELECT count(*) FROM sqlite_master")
            .fetch_one(&mut conn)
            .await
            .with_context(|| format!("cannot read {}", db.display()))?;
        // (busy, log frames, frames checkpointed); busy is 1 when a reader
        // held frames back. Not in WAL mode: (0, -1, -1), nothing to fold.
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(&mut conn)
            .await
            .with_context(|| format!("cannot checkpoint {}", db.display()))?;
        sqlx::Connection::close(conn)
            .await
            .with_context(|| format!("cannot close {}", db.display()))?;
        anyhow::Ok(busy == 0)
    })??;
    let [wal, _] = sqlite_sidecars(db);
    let log_empty = || fs::metadata(&wal).map_or(true, |m| m.len() == 0);
    let no_journal = !beside(db, "-journal").exists();
    if folded && log_empty() && no_journal {
        // A process that does not take the write lock (a read-only command
        // of a newer build migrating the file) could write while the bytes
        // are read: a file that changed under the copy is copied again the
        // consistent way.
        let before = stamp(db);
        fs::copy(db, to)
            .with_context(|| format!("cannot copy {} to {}", db.display(), to.display()))?;
        if stamp(db) == before && log_empty() {
            make_writable(to)?;
            return Ok(());
        }
    }
    vacuum_into(db, to)
}

/// The copy is written to whatever the original's mode: its owner may
/// write it (no one else gains a right).
fn make_writable(path: &Path) -> Result<()> {
    let mut permissions = fs::metadata(path)
        .with_context(|| format!("cannot read {}", path.display()))?
        .permissions();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        permissions.set_mode(permissions.mode() | 0o200);
    }
    #[cfg(not(unix))]
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    fs::set_permissions(path, permissions)
        .with_context(|| format!("cannot make {} writable", path.display()))
}

/// A file's length and modification time: what a write changes.
fn stamp(path: &Path) -> Option<(u64, std::time::SystemTime)> {
    let m = fs::metadata(path).ok()?;
    Some((m.len(), m.modified().ok()?))
}

/// A consistent copy through a read-only connection, whatever its log
/// holds: `VACUUM INTO` reads one snapshot of the database.
fn vacuum_into(db: &Path, to: &Path) -> Result<()> {
    use sqlx::ConnectOptions;
    let _ = fs::remove_file(to);
    crate::dataset::block_on(async {
        let mut conn = crate::store::connect_options(db)
            .read_only(true)
            .connect()
            .await
            .with_context(|| format!("cannot open {} to copy it", db.display()))?;
        sqlx::query("VACUUM INTO ?1")
            .bind(to.to_string_lossy().into_owned())
            .execute(&mut conn)
            .await
            .with_context(|| format!("cannot copy {} to {}", db.display(), to.display()))?;
        anyhow::Ok(())
    })?
}

/// Folds the copy's write-ahead log into the file and leaves it in
/// rollback-journal mode, so the one file is the whole database when it is
/// moved into place (the store turns WAL back on when it opens it). Then
/// `PRAGMA quick_check` reads every page: a copy that is not sound is not
/// moved over the database it would replace.
///
/// The copy is the database's bytes, not checked when the update opened it:
/// a copy that is not sound may be a database that already was. Then the
/// database itself is checked too, and the error names the file to move
/// aside.
fn seal_database(path: &Path, original: &Path) -> Result<()> {
    let problems = check_database(path, true)?;
    if problems.is_empty() {
        return Ok(());
    }
    let shown = |p: &[String]| p[..p.len().min(3)].join("; ");
    if original.exists() {
        let own = check_database(original, false)?;
        if !own.is_empty() {
            return Err(crate::store::StoreError::Damaged {
                path: original.to_path_buf(),
                detail: format!(
                    "PRAGMA quick_check: {}; the update's copy of it likewise, so nothing was written",
                    shown(&own)
                ),
            }
            .into());
        }
    }
    anyhow::bail!(
        "the updated database {} is not sound (PRAGMA quick_check: {}), though the database it would replace is; that database is unchanged",
        path.display(),
        shown(&problems)
    )
}

/// An error of the update's work on the copy, with the database named
/// where it says the copy is damaged: the copy is the database's bytes, so
/// the database is the file to move aside and rebuild (the copy is removed
/// when the run ends).
pub fn name_the_original(e: anyhow::Error, copy: &Path, original: &Path) -> anyhow::Error {
    let damaged = e.chain().find_map(|c| match c.downcast_ref() {
        Some(crate::store::StoreError::Damaged { path, detail }) if path == copy => {
            Some(detail.clone())
        }
        _ => None,
    });
    match damaged {
        Some(detail) => crate::store::StoreError::Damaged {
            path: original.to_path_buf(),
            detail: format!("its copy for this update reads: {detail}; nothing was written"),
        }
        .into(),
        None => e,
    }
}

/// `PRAGMA quick_check` of the file at `path`, after leaving rollback-journal
/// mode when `seal` (the copy's write-ahead log folded in).
fn check_database(path: &Path, seal: bool) -> Result<Vec<String>> {
    use sqlx::ConnectOptions;
    crate::dataset::block_on(async {
        let mut conn = crate::store::connect_options(path)
            .connect()
            .await
            .with_context(|| format!("cannot open {}", path.display()))?;
        if seal {
            sqlx::query("PRAGMA journal_mode = DELETE")
                .execute(&mut conn)
                .await
                .with_context(|| format!("cannot checkpoint {}", path.display()))?;
        }
        crate::store::quick_check(&mut conn)
            .await
            .with_context(|| format!("cannot check {}", path.display()))
    })?
}

/// Flushes a file or directory to disk.
fn sync(path: &Path) -> Result<()> {
    fs::File::open(path)
        .and_then(|f| f.sync_all())
        .with_context(|| format!("cannot sync {}", path.display()))
}

impl Stage {
    /// A fresh stage for the checkout at `root` and the database `db`
    /// (copied when it exists). Call [`recover`] first.
    pub fn new(root: &Path, db: &Path) -> Result<Stage> {
        let dir = root.join(STAGE_DIR);
        let db_copy = db_copy_path(db);
        discard(root, db)?;
        fs::create_dir_all(dir.join("files"))
            .with_context(|| format!("cannot create {}", dir.display()))?;
        if db.exists() {
            copy_database(db, &db_copy)?;
        }
        Ok(Stage {
            dir,
            db_copy,
            db: db.to_path_buf(),
            journal: Journal::default(),
            done: false,
        })
    }

    /// The copy of the database to work on.
    pub fn working_db(&self) -> &Path {
        &self.db_copy
    }

    /// A directory to build a new `snapshots/` (or any directory) in.
    pub fn dir_for(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// Stages a file to replace `to`.
    pub fn put_file(&mut self, to: &Path, text: &str) -> Result<()> {
        let from = self
            .dir
            .join("files")
            .join(self.journal.moves.len().to_string());
        fs::write(&from, text).with_context(|| format!("cannot write {}", from.display()))?;
        self.journal.moves.push(Move {
            kind: Kind::File,
            from,
            to: to.to_path_buf(),
        });
        Ok(())
    }

    /// Stages a directory (built under [`Stage::dir_for`]) to replace `to`.
    pub fn put_dir(&mut self, from: &Path, to: &Path) {
        self.journal.moves.push(Move {
            kind: Kind::Dir,
            from: from.to_path_buf(),
            to: to.to_path_buf(),
        });
    }

    /// Commits: the database copy replaces the database, the staged files
    /// and directories theirs. The journal keeps `report` (what the commit
    /// writes) for a run that has to finish it. `pause` is called after the
    /// commit point, before the moves (tests hold the run there to kill it).
    pub fn commit(mut self, report: &str, pause: impl FnOnce()) -> Result<()> {
        let mut journal = std::mem::take(&mut self.journal);
        journal.report = Some(report.to_string());
        if self.db_copy.exists() {
            seal_database(&self.db_copy, &self.db)?;
            journal.moves.insert(
                0,
                Move {
                    kind: Kind::Database,
                    from: self.db_copy.clone(),
                    to: self.db.clone(),
                },
            );
        }
        for m in &journal.moves {
            sync(&m.from)?;
        }
        let tmp = self.dir.join("COMMIT.tmp");
        fs::write(&tmp, serde_json::to_vec_pretty(&journal)?)
            .with_context(|| format!("cannot write {}", tmp.display()))?;
        sync(&tmp)?;
        fs::rename(&tmp, self.dir.join(JOURNAL)).context("cannot write the update journal")?;
        sync(&self.dir)?;
        self.done = true;
        pause();
        finish(&self.dir, &journal)
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_dir_all(&self.dir);
            let _ = remove_db_files(&self.db_copy);
        }
    }
}

/// Makes the journal's moves (each can be repeated), then removes the stage.
fn finish(dir: &Path, journal: &Journal) -> Result<()> {
    for m in &journal.moves {
        let what = || format!("cannot move {} to {}", m.from.display(), m.to.display());
        match m.kind {
            Kind::File => {
                if m.from.exists() {
                    fs::rename(&m.from, &m.to).with_context(what)?;
                }
            }
            Kind::Database => {
                if m.from.exists() {
                    // Stale sidecars would be read as part of the new file.
                    let [wal, shm] = sqlite_sidecars(&m.to);
                    let _ = fs::remove_file(wal);
                    let _ = fs::remove_file(shm);
                    fs::rename(&m.from, &m.to).with_context(what)?;
                }
            }
            Kind::Dir => {
                let mut old_name = m.to.file_name().unwrap_or_default().to_os_string();
                old_name.push(".update-old");
                let old = m.to.with_file_name(old_name);
                if m.from.exists() {
                    if m.to.exists() {
                        let _ = fs::remove_dir_all(&old);
                        fs::rename(&m.to, &old).with_context(what)?;
                    }
                    fs::rename(&m.from, &m.to).with_context(what)?;
                }
                if old.exists() {
                    fs::remove_dir_all(&old)
                        .with_context(|| format!("cannot remove {}", old.display()))?;
                }
            }
        }
    }
    fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))
}

/// Removes an uncommitted stage (a run killed before its commit point).
fn discard(root: &Path, db: &Path) -> Result<()> {
    let dir = root.join(STAGE_DIR);
    if dir.exists() {
        fs::remove_dir_all(&dir).with_context(|| format!("cannot remove {}", dir.display()))?;
    }
    remove_db_files(&db_copy_path(db))
}

/// Finishes the commit of a run that was interrupted after its commit
/// point (saying what it wrote), or discards the stage of one interrupted
/// before it (`None`).
pub fn recover(root: &Path, db: &Path) -> Result<Option<Recovered>> {
    let dir = root.join(STAGE_DIR);
    let journal_path = dir.join(JOURNAL);
    if journal_path.exists() {
        let text = fs::read(&journal_path)
            .with_context(|| format!("cannot read {}", journal_path.display()))?;
        let journal: Journal = serde_json::from_slice(&text)
            .with_context(|| format!("{}: not an update journal", journal_path.display()))?;
        finish(&dir, &journal)?;
        return Ok(Some(Recovered {
            wrote: journal.moves.into_iter().map(|m| m.to).collect(),
            report: journal.report,
        }));
    }
    discard(root, db)?;
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one number `sql` selects from the database at `path`.
    fn scalar(path: &Path, sql: &'static str) -> i64 {
        use sqlx::ConnectOptions;
        crate::dataset::block_on(async {
            let mut c = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .connect()
                .await
                .unwrap();
            sqlx::query_scalar(sql).fetch_one(&mut c).await.unwrap()
        })
        .unwrap()
    }

    async fn exec(conn: &mut sqlx::SqliteConnection, sql: &'static str) {
        sqlx::query(sql).execute(conn).await.unwrap();
    }

    /// A table `t` of `rows` rows of text, indexed: pages enough for a
    /// damaged one to break a B-tree.
    async fn fill(conn: &mut sqlx::SqliteConnection, rows: u32) {
        exec(conn, "CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)").await;
        exec(conn, "CREATE INDEX t_v ON t (v)").await;
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) \
             INSERT INTO t (v) SELECT printf('value %05d of the table, long enough to fill pages', i) FROM n",
        )
        .bind(rows)
        .execute(conn)
        .await
        .unwrap();
    }

    /// A copy whose pages are damaged is refused at the seal, before it
    /// could be moved over the database.
    #[test]
    fn a_damaged_copy_is_refused_by_the_seal() {
        use sqlx::ConnectOptions;
        use sqlx::sqlite::SqliteConnectOptions;
        let tmp = tempfile::tempdir().unwrap();
        let path = tmp.path().join("copy.sqlite");
        crate::dataset::block_on(async {
            let mut conn = SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true)
                .connect()
                .await
                .unwrap();
            fill(&mut conn, 2000).await;
        })
        .unwrap();
        seal_database(&path, Path::new("/nonexistent")).expect("a sound copy seals");
        // Zero a page in the middle: the B-tree no longer holds together.
        let mut bytes = fs::read(&path).unwrap();
        let page = 4096;
        let middle = (bytes.len() / page / 2) * page;
        bytes[middle..middle + page].fill(0);
        fs::write(&path, &bytes).unwrap();
        let err = seal_database(&path, Path::new("/nonexistent"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("is not sound"), "{err}");
        assert!(err.contains("quick_check"), "{err}");
        // The copy of a database that was damaged already: the error names
        // the database, the file to move aside.
        let original = tmp.path().join("catalog.sqlite");
        fs::copy(&path, &original).unwrap();
        let err = seal_database(&path, &original).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!(
                "{} is damaged (PRAGMA quick_check: ",
                original.display()
            )),
            "{err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
        assert!(err.contains("move it aside and rebuild it"), "{err}");
        // The same for an error of the work on the copy.
        let copy_err = anyhow::Error::from(crate::store::StoreError::Damaged {
            path: path.clone(),
            detail: "database disk image is malformed".into(),
        })
        .context("building the snapshot");
        let named = name_the_original(copy_err, &path, &original).to_string();
        assert!(
            named.starts_with(&format!(
                "{} is damaged (its copy for this update reads: database disk image is malformed",
                original.display()
            )),
            "{named}"
        );
    }

    /// The copy holds every committed row: those still in the write-ahead
    /// log are folded in before the bytes are copied, and when a reader's
    /// open transaction keeps the log from being folded, `VACUUM INTO`
    /// copies a consistent snapshot instead. Each case is checked by the
    /// rows the copy holds.
    #[test]
    fn the_copy_holds_what_the_write_ahead_log_holds() {
        use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
        use sqlx::{ConnectOptions, Connection};
        let tmp = tempfile::tempdir().unwrap();
        let db = tmp.path().join("live.sqlite");
        // The copy and the count run their own runtimes: on a thread of
        // their own, beside this test's open connections.
        let copy_apart = |from: &Path, to: &Path| {
            std::thread::scope(|s| s.spawn(|| copy_database(from, to).unwrap()).join().unwrap())
        };
        let count = |path: &Path| -> i64 {
            std::thread::scope(|s| {
                s.spawn(|| scalar(path, "SELECT count(*) FROM t"))
                    .join()
                    .unwrap()
            })
        };
        crate::dataset::block_on(async {
            let opts = SqliteConnectOptions::new()
                .filename(&db)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal);
            let mut writer = opts.clone().connect().await.unwrap();
            // Automatic checkpoints off: the rows stay in the log.
            exec(&mut writer, "PRAGMA wal_autocheckpoint = 0").await;
            fill(&mut writer, 500).await;
            let [wal, _] = sqlite_sidecars(&db);
            assert!(
                fs::metadata(&wal).unwrap().len() > 0,
                "the rows are in the log"
            );

            // Folded, then copied as bytes.
            let copy = tmp.path().join("copy.sqlite");
            copy_apart(&db, &copy);
            assert_eq!(count(&copy), 500);
            assert_eq!(fs::metadata(&wal).unwrap().len(), 0, "the log was folded");

            // A reader in a transaction holds the log: the copy is made by
            // VACUUM INTO, as complete.
            exec(&mut writer, "INSERT INTO t (v) VALUES ('one more')").await;
            let mut reader = opts.connect().await.unwrap();
            exec(&mut reader, "BEGIN").await;
            let seen: i64 = sqlx::query_scalar("SELECT count(*) FROM t")
                .fetch_one(&mut reader)
                .await
                .unwrap();
            assert_eq!(seen, 501);
            exec(&mut writer, "INSERT INTO t (v) VALUES ('and another')").await;
            let held = tmp.path().join("held.sqlite");
            copy_apart(&db, &held);
            assert!(
                fs::metadata(&wal).unwrap().len() > 0,
                "the reader kept the log"
            );
            exec(&mut reader, "COMMIT").await;
            reader.close().await.unwrap();
            writer.close().await.unwrap();
            assert_eq!(count(&held), 502);

            // A read-only original: the copy is its owner's to write, and
            // no one else's.
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                fs::set_permissions(&db, fs::Permissions::from_mode(0o444)).unwrap();
                let writable = tmp.path().join("writable.sqlite");
                copy_apart(&db, &writable);
                let mode = fs::metadata(&writable).unwrap().permissions().mode();
                assert_eq!(mode & 0o777, 0o644, "{mode:o}");
            }
        })
        .unwrap();
    }

    /// A database a writer died in the middle of a transaction on (its
    /// pages half written, the originals in a hot rollback journal beside
    /// it) is copied as it was before that transaction: the copy reads it
    /// through SQLite first, which rolls the journal back.
    #[test]
    fn a_hot_rollback_journal_is_rolled_back_before_the_copy() {
        use sqlx::ConnectOptions;
        use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode};
        let tmp = tempfile::tempdir().unwrap();
        let live = tmp.path().join("live.sqlite");
        let crashed = tmp.path().join("crashed.sqlite");
        crate::dataset::block_on(async {
            let mut conn = SqliteConnectOptions::new()
                .filename(&live)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Delete)
                .connect()
                .await
                .unwrap();
            fill(&mut conn, 2000).await;
            // A cache of a few pages: the update spills into the file
            // before it commits, the originals going to the journal.
            exec(&mut conn, "PRAGMA cache_size = 2").await;
            exec(&mut conn, "BEGIN").await;
            exec(&mut conn, "UPDATE t SET v = 'half-written ' || v").await;
            // The state a kill would leave: both files as they are now.
            fs::copy(&live, &crashed).unwrap();
            fs::copy(beside(&live, "-journal"), beside(&crashed, "-journal")).unwrap();
            exec(&mut conn, "ROLLBACK").await;
        })
        .unwrap();
        // The file itself holds the half-written pages (else there is
        // nothing to roll back and the test proves nothing).
        let bytes = fs::read(&crashed).unwrap();
        assert!(
            bytes.windows(12).any(|w| w == b"half-written"),
            "the update did not spill into the file"
        );
        let copy = tmp.path().join("copy.sqlite");
        copy_database(&crashed, &copy).unwrap();
        let half = scalar(&copy, "SELECT count(*) FROM t WHERE v LIKE 'half-written%'");
        assert_eq!(half, 0, "the copy holds the dead writer's pages");
        seal_database(&copy, &crashed).expect("the copy is sound");
    }

    fn read(p: &Path) -> String {
        fs::read_to_string(p).unwrap()
    }

    /// Every prefix of the moves, as a kill after each, then recovery:
    /// always the fully committed state.
    #[test]
    fn recovery_after_any_number_of_moves_completes_the_commit() {
        for done in 0..=3 {
            let tmp = tempfile::tempdir().unwrap();
            let root = tmp.path();
            let db = root.join("catalog.sqlite");
            fs::create_dir_all(root.join("snapshots")).unwrap();
            fs::write(root.join("snapshots/a.json"), "old").unwrap();
            fs::write(root.join("Cargo.toml"), "old").unwrap();

            let mut stage = Stage::new(root, &db).unwrap();
            let new_snapshots = stage.dir_for("snapshots");
            fs::create_dir_all(&new_snapshots).unwrap();
            fs::write(new_snapshots.join("a.json"), "new").unwrap();
            stage.put_dir(&new_snapshots, &root.join("snapshots"));
            stage.put_file(&root.join("Cargo.toml"), "new").unwrap();
            stage.put_file(&root.join("CHANGELOG.md"), "new").unwrap();
            let journal = Journal {
                moves: stage.journal.moves.clone(),
                report: None,
            };
            // Commit, then "die" after `done` moves.
            let dir = stage.dir.clone();
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                stage
                    .commit("the report", || {
                        finish_partially(&journal, done);
                        panic!("killed");
                    })
                    .unwrap()
            }));
            assert!(result.is_err());
            assert!(dir.join(JOURNAL).exists());
            let recovered = recover(root, &db)
                .unwrap()
                .expect("a committed run is finished");
            assert_eq!(recovered.report.as_deref(), Some("the report"));
            assert_eq!(
                recovered.wrote,
                [
                    root.join("snapshots"),
                    root.join("Cargo.toml"),
                    root.join("CHANGELOG.md")
                ]
            );
            assert_eq!(
                read(&root.join("snapshots/a.json")),
                "new",
                "after {done} moves"
            );
            assert_eq!(read(&root.join("Cargo.toml")), "new");
            assert_eq!(read(&root.join("CHANGELOG.md")), "new");
            assert!(!dir.exists());
            assert!(!root.join("snapshots.update-old").exists());
        }
    }

    fn finish_partially(journal: &Journal, n: usize) {
        let partial = Journal {
            moves: journal.moves[..n].to_vec(),
            report: None,
        };
        for m in &partial.moves {
            if m.kind == Kind::Dir {
                // Half of a directory move: the old one set aside only.
                let mut old = m.to.file_name().unwrap().to_os_string();
                old.push(".update-old");
                fs::rename(&m.to, m.to.with_file_name(old)).unwrap();
            } else {
                fs::rename(&m.from, &m.to).unwrap();
            }
        }
    }

    #[test]
    fn an_uncommitted_stage_is_discarded() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let db = root.join("catalog.sqlite");
        fs::write(root.join("Cargo.toml"), "old").unwrap();
        let mut stage = Stage::new(root, &db).unwrap();
        stage.put_file(&root.join("Cargo.toml"), "new").unwrap();
        std::mem::forget(stage); // as if killed: no Drop
        assert!(root.join(STAGE_DIR).exists());
        assert_eq!(recover(root, &db).unwrap(), None);
        assert!(!root.join(STAGE_DIR).exists());
        assert_eq!(read(&root.join("Cargo.toml")), "old");
    }
}
