//! The SQLite dataset: snapshots, the raw page archive and content-addressed
//! service versions (schema in `schema/0001_init.sql`).
//!
//! Knows rows and bodies, not where they came from: no URL rules of the
//! fetcher, no parsing (callers say which pages count).
//!
//! Opening a database checks that it is one (and not a newer schema than this
//! binary knows), turns on WAL and foreign keys, and runs the embedded
//! migrations. Writing a snapshot is one transaction (`write.rs`), so a run
//! that dies half-way leaves the database as it was; a lock file
//! (`lock.rs`) keeps two writers apart with a clear message.

mod archive;
mod fetch_runs;
pub mod history;
mod lock;
mod read;
mod warnings;
mod write;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

pub use fetch_runs::{FetchRunInfo, FetchStatus, FetchedPageRow, NewFetchRun};
pub use lock::{Busy, WriteLock};
pub use read::{SnapshotInfo, SnapshotSelector, StoredService};
pub use write::{NewPage, NewSnapshot, WriteSummary};

/// Rows per multi-row INSERT: far below SQLite's bound-variable limit, and
/// ten times faster than one statement per row.
const BATCH: usize = 200;

/// The embedded migrations.
pub static MIGRATOR: Migrator = sqlx::migrate!("../schema");

/// Why a database could not be used.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file exists but is not an SQLite database.
    #[error(
        "{path} is not an SQLite database (its first bytes are not \"SQLite format 3\"); give another --db"
    )]
    NotSqlite {
        /// The file.
        path: PathBuf,
    },
    /// SQLite finds the file damaged.
    #[error(
        "{path} is damaged ({detail}); move it aside and rebuild it (`cargo xtask import snapshots/` restores the reviewed data)"
    )]
    Damaged {
        /// The file.
        path: PathBuf,
        /// What SQLite said.
        detail: String,
    },
    /// The database was written by a newer version of this tool.
    #[error(
        "{path} has schema version {found}, newer than this build of xtask knows ({known}); \
         update the repository (git pull) instead of downgrading the database"
    )]
    NewerSchema {
        /// The file.
        path: PathBuf,
        /// Highest migration applied to the file.
        found: i64,
        /// Highest migration this binary embeds.
        known: i64,
    },
    /// SQLite or sqlx refused.
    #[error("{path}: {context}: {source}")]
    Sql {
        /// The file.
        path: PathBuf,
        /// What was being done.
        context: String,
        /// The underlying error.
        source: sqlx::Error,
    },
    /// A migration failed (a damaged or edited schema).
    #[error("{path}: migrating the schema failed: {source}")]
    Migrate {
        /// The file.
        path: PathBuf,
        /// The underlying error.
        source: sqlx::migrate::MigrateError,
    },
    /// No snapshot matches the selector.
    #[error("{path}: no snapshot matches {selector:?} (see `cargo xtask snapshots`)")]
    NoSnapshot {
        /// The file.
        path: PathBuf,
        /// What was asked for.
        selector: String,
    },
}

/// An open dataset (a clone shares the connection).
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    /// Opened by a read-only command: it never waits long on a writer.
    reading: bool,
}

/// How long a writer waits for another's commit: a build's one write
/// transaction takes seconds.
const WRITER_BUSY: Duration = Duration::from_secs(30);

/// How long a read-only command waits on SQLite's locks. In WAL mode a
/// read never waits for a writer; what could (a checkpoint on close, a
/// migration of an old file) is either skipped by readers or fails after
/// this, naming the lock, rather than hanging for half a minute.
const READER_BUSY: Duration = Duration::from_millis(1500);

/// Statements slower than this are logged, at debug level only: the
/// projection's SQL is kilobytes long, and a normal run prints no SQL.
const SLOW_STATEMENT: Duration = Duration::from_secs(1);

/// Options for a connection of one's own to the database at `path` (the
/// update's copy and seal), logging slow statements at debug level like
/// the store's own: a `VACUUM INTO` of a 400 MB history takes over a second
/// and is no news to the user.
pub fn connect_options(path: &Path) -> SqliteConnectOptions {
    use sqlx::ConnectOptions as _;
    SqliteConnectOptions::new()
        .filename(path)
        .log_slow_statements(log::LevelFilter::Debug, SLOW_STATEMENT)
}

/// How a [`Store`] is opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Opening {
    /// For a read-only command ([`Store::open_reading`]).
    Reading,
    /// For a writer ([`Store::open`]).
    Writing,
    /// For the update's working copy: a writer's, without the
    /// [`quick_check`] pass, which the commit makes once at its seal.
    WorkingCopy,
}

/// The first 16 bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

impl Store {
    /// Opens (creating if missing) the database at `path` and migrates it,
    /// for a writer (its busy timeout allows for another's commit).
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        Self::open_as(path, Opening::Writing).await
    }

    /// Opens the database at `path` for a read-only command: SQLite's locks
    /// are waited on for at most [`READER_BUSY`], and closing does not
    /// checkpoint the WAL (the writer does; a checkpoint that truncates
    /// waits for every writer).
    pub async fn open_reading(path: &Path) -> Result<Store, StoreError> {
        Self::open_as(path, Opening::Reading).await
    }

    /// Opens the database at `path` as `how` says.
    pub async fn open_as(path: &Path, how: Opening) -> Result<Store, StoreError> {
        use sqlx::ConnectOptions as _;
        let reading = how == Opening::Reading;
        // The update's working copy is the database's bytes, and the commit
        // checks it once, after its writes, before it replaces anything
        // (`update::commit`): a pass on open as well would read every page
        // of the history twice per update.
        let check = how != Opening::WorkingCopy;
        check_header(path)?;
        let path = path.to_path_buf();
        let options = SqliteConnectOptions::from_str("sqlite://")
            .map_err(|source| sql_err(&path, "configuring", source))?
            .filename(&path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            // Writers wait for another's commit rather than fail; readers
            // in WAL mode need not wait at all.
            .busy_timeout(if reading { READER_BUSY } else { WRITER_BUSY })
            .log_slow_statements(log::LevelFilter::Debug, SLOW_STATEMENT);
        // One connection: the pipeline is one writer, and temp tables of the
        // projection must live on the connection that fills them.
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|source| sql_err(&path, "opening", source))?;
        let store = Store {
            pool,
            path,
            reading,
        };
        if check {
            store.check_integrity().await?;
        }
        store.check_schema_version().await?;
        MIGRATOR
            .run(&store.pool)
            .await
            .map_err(|source| StoreError::Migrate {
                path: store.path.clone(),
                source,
            })?;
        // What a command costs in opens: `XTASK_LOG=debug` shows each (the
        // tests count them).
        tracing::debug!(
            "opened the database {} ({}schema check, migrations)",
            store.path.display(),
            if check { "quick_check, " } else { "" }
        );
        Ok(store)
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes the pool, checkpointing the WAL into the main file (a
    /// writer's store only: see [`Store::open_reading`]).
    pub async fn close(self) {
        if !self.reading {
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await;
        }
        self.pool.close().await;
    }

    /// `PRAGMA quick_check` (a pass over every page, tens of milliseconds
    /// here): a damaged file is refused before anything reads or writes it.
    async fn check_integrity(&self) -> Result<(), StoreError> {
        let problems = quick_check(&self.pool)
            .await
            .map_err(|e| self.err("checking the file", e))?;
        if problems.is_empty() {
            Ok(())
        } else {
            Err(StoreError::Damaged {
                path: self.path.clone(),
                detail: problems.join("; "),
            })
        }
    }

    /// Refuses a database that a newer build has migrated further.
    async fn check_schema_version(&self) -> Result<(), StoreError> {
        let has_table: Option<(String,)> = sqlx::query_as(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
        )
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| self.err("reading the schema", e))?;
        if has_table.is_none() {
            return Ok(());
        }
        let (found,): (Option<i64>,) = sqlx::query_as("SELECT max(version) FROM _sqlx_migrations")
            .fetch_one(&self.pool)
            .await
            .map_err(|e| self.err("reading the schema version", e))?;
        let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        match found {
            Some(found) if found > known => Err(StoreError::NewerSchema {
                path: self.path.clone(),
                found,
                known,
            }),
            _ => Ok(()),
        }
    }

    fn err(&self, context: &str, source: sqlx::Error) -> StoreError {
        sql_err(&self.path, context, source)
    }

    /// Starts a write transaction, taking the write lock of the file at
    /// once (`BEGIN IMMEDIATE`) so it never fails half-way for a reader.
    async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, StoreError> {
        self.pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .map_err(|e| self.err("starting the write transaction", e))
    }
}

/// SQLite's message for SQLITE_CORRUPT or SQLITE_NOTADB: the file is
/// damaged, whatever the statement was.
fn is_corruption(message: &str) -> bool {
    message.contains("malformed") || message.contains("not a database")
}

fn sql_err(path: &Path, context: &str, source: sqlx::Error) -> StoreError {
    if let sqlx::Error::Database(e) = &source {
        let message = e.message();
        if is_corruption(message) {
            return StoreError::Damaged {
                path: path.to_path_buf(),
                detail: message.to_string(),
            };
        }
    }
    StoreError::Sql {
        path: path.to_path_buf(),
        context: context.to_string(),
        source,
    }
}

/// A file that exists and is not empty must start with the SQLite header.
fn check_header(path: &Path) -> Result<(), StoreError> {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        return Ok(()); // missing: created on open
    };
    let mut header = [0u8; 16];
    match file.read_exact(&mut header) {
        Ok(()) if &header == SQLITE_HEADER => Ok(()),
        Ok(()) => Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        }),
        // Shorter than a header: an empty file is a new database, anything
        // else is not one.
        Err(_) if std::fs::metadata(path).is_ok_and(|m| m.len() == 0) => Ok(()),
        Err(_) => Err(StoreError::NotSqlite {
            path: path.to_path_buf(),
        }),
    }
}

/// The problems `PRAGMA quick_check` finds in a database, through a pool or
/// one connection of its own: none when the file is sound.
pub(crate) async fn quick_check<'e>(
    db: impl sqlx::Executor<'e, Database = sqlx::Sqlite>,
) -> Result<Vec<String>, sqlx::Error> {
    // A file damaged enough stops the check itself with SQLite's
    // corruption error: that is its answer, not a failure to give one.
    let rows: Vec<(String,)> = match sqlx::query_as("PRAGMA quick_check").fetch_all(db).await {
        Err(sqlx::Error::Database(e)) if is_corruption(e.message()) => {
            return Ok(vec![e.message().to_string()]);
        }
        rows => rows?,
    };
    Ok(rows
        .into_iter()
        .map(|(r,)| r)
        .filter(|r| r != "ok")
        .collect())
}
