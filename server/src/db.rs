//! The database: an SQLite file on disk (WAL, foreign keys on), migrations run at start. `Db`
//! is the one value every store function gets it from: the readers' pool, and the writer.

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::ConnectOptions;
use sqlx::SqlitePool;
use std::path::Path;
use std::time::Duration;

/// The database as the application holds it: a pool of readers, and one writer connection.
/// Read queries take `&Db` where a `&SqlitePool` goes (it dereferences to the readers); every
/// write transaction begins with [`Db::write`].
#[derive(Clone, Debug)]
pub struct Db {
    readers: SqlitePool,
    writer: SqlitePool,
}

impl std::ops::Deref for Db {
    type Target = SqlitePool;

    fn deref(&self) -> &SqlitePool {
        &self.readers
    }
}

impl Db {
    /// The readers' pool, for a generic executor argument (`fetch_one(db.readers())`).
    pub fn readers(&self) -> &SqlitePool {
        &self.readers
    }

    /// A write transaction on the writer connection that takes SQLite's write lock at once
    /// (`BEGIN IMMEDIATE`). A deferred one that reads first and writes later fails with
    /// "database is locked" when another writer got in between — SQLite can't wait in that
    /// case — while this one waits its turn in the writer's pool.
    pub async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
        self.writer.begin_with("BEGIN IMMEDIATE").await
    }

    /// Closes both pools (waits for their connections to be returned).
    pub async fn close(&self) {
        self.readers.close().await;
        self.writer.close().await;
    }
}

/// Opens (creating if needed) the database file and runs the migrations.
pub async fn connect(path: &Path) -> anyhow::Result<Db> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating database folder {}", dir.display()))?;
    }
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5))
        // Checkpoints (copying the WAL into the database file, then an fsync) run in the
        // background (`checkpoint_continuously`), not in whichever request committed the
        // 1,000th page: that request waited up to 1.5 s.
        .pragma("wal_autocheckpoint", "0")
        // A WAL that once grew (the pair index build, an import) is cut back after a checkpoint.
        .pragma("journal_size_limit", (64 * 1024 * 1024).to_string())
        // All connections' page caches together (the limit is the process's): past it SQLite
        // reuses its least recently used pages before allocating more. Without it, six
        // connections' caches, FTS5's and the sorter's memory took the server's peak from 36 to
        // 59 MB over a run of searches; with it 44 MB, with the same requests/s (the file's pages
        // stay in the OS cache).
        .pragma("soft_heap_limit", SQLITE_SOFT_HEAP_LIMIT.to_string());
    // Four: each connection is a thread with its own page cache; on this 2-core machine 8
    // gave no more requests/s than 4 but twice the memory (HWM 105 → 57 MB under load).
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options.clone())
        .await
        .with_context(|| format!("opening database {}", path.display()))?;
    // The writer: one connection, so write transactions queue for it in the pool (in order,
    // without sleeping) instead of several connections polling SQLite's write lock through the
    // busy handler, which sleeps 1–100 ms between tries and left the lock idle meanwhile. Its page
    // cache also stays valid between writes: no other connection changes the file under it.
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options.clone())
        .await
        .with_context(|| format!("opening database {} for writing", path.display()))?;
    let checkpointer = options
        .connect()
        .await
        .context("opening the checkpoint connection")?;
    tokio::spawn(checkpoint_continuously(checkpointer, writer.clone()));
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .context("running database migrations")?;
    Ok(Db {
        readers: pool,
        writer,
    })
}

/// SQLite's memory for all connections of the process, in bytes (`PRAGMA soft_heap_limit`).
const SQLITE_SOFT_HEAP_LIMIT: i64 = 8 * 1024 * 1024;

/// How often the background checkpoint looks at the WAL.
const CHECKPOINT_EVERY: Duration = Duration::from_millis(500);

/// WAL frames (pages) past which the WAL is started again from its beginning (16 MB).
const RESTART_WAL_FROM_FRAMES: i64 = 4096;

/// Copies committed pages from the WAL into the database file every `CHECKPOINT_EVERY`, on a
/// connection of its own: PASSIVE, so it never waits for or blocks readers and writers.
///
/// Under steady writes that alone never lets the WAL start over (a new page is always written
/// before the copy ends), and the WAL file grows without end. So once it passes
/// `RESTART_WAL_FROM_FRAMES`, a RESTART checkpoint runs on the writer connection: writes wait
/// for it, but little is left to copy by then. Ends when the database is closed.
async fn checkpoint_continuously(mut conn: sqlx::SqliteConnection, writer: SqlitePool) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        // (busy, frames in the WAL, frames copied)
        let passive: Result<(i64, i64, i64), _> = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&mut conn)
            .await;
        let restart = match passive {
            Ok((_, frames, _)) if frames > RESTART_WAL_FROM_FRAMES => {
                sqlx::query("PRAGMA wal_checkpoint(RESTART)")
                    .execute(&writer)
                    .await
            }
            Ok(_) => continue,
            Err(error) => Err(error),
        };
        match restart {
            Ok(_) => {}
            Err(sqlx::Error::WorkerCrashed | sqlx::Error::PoolClosed) => return,
            Err(error) => tracing::warn!(error = %error, "WAL checkpoint failed"),
        }
    }
}

/// Whether an error is SQLite's unique-constraint violation on the given column list.
pub fn is_unique_violation(error: &sqlx::Error, columns: &str) -> bool {
    match error {
        sqlx::Error::Database(db) => db.is_unique_violation() && db.message().contains(columns),
        _ => false,
    }
}
