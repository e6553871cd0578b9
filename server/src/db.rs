//! The SQLite pool: file on disk, WAL, foreign keys on, migrations run at start.

use anyhow::Context;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::ConnectOptions;
use sqlx::SqlitePool;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

pub async fn connect(path: &Path) -> anyhow::Result<SqlitePool> {
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
    writers().insert(database_key(&pool), writer.clone());
    let checkpointer = options
        .connect()
        .await
        .context("opening the checkpoint connection")?;
    tokio::spawn(checkpoint_continuously(checkpointer, writer.clone()));
    sqlx::migrate!("./migrations")
        .run(&pool)
        .await
        .context("running database migrations")?;
    crate::store::customers::build_pair_index(&pool)
        .await
        .context("building the two-character search index")?;
    Ok(pool)
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

/// A write transaction that takes SQLite's write lock at once (`BEGIN IMMEDIATE`). A deferred
/// one that reads first and writes later fails with "database is locked" when another writer
/// got in between — SQLite can't wait in that case — while this one waits its turn (the busy
/// timeout).
///
/// It runs on the database's writer connection (see `connect`) when `pool` came from
/// `connect`.
pub async fn write(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    let writer = writers().get(&database_key(pool)).cloned();
    writer
        .as_ref()
        .unwrap_or(pool)
        .begin_with("BEGIN IMMEDIATE")
        .await
}

/// The writer connection of each database file `connect` opened in this process. Keyed by
/// file so that `write` keeps taking the pool every function already has.
fn writers() -> std::sync::MutexGuard<'static, HashMap<PathBuf, SqlitePool>> {
    static WRITERS: OnceLock<Mutex<HashMap<PathBuf, SqlitePool>>> = OnceLock::new();
    WRITERS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|e| e.into_inner())
}

fn database_key(pool: &SqlitePool) -> PathBuf {
    pool.connect_options().get_filename().to_path_buf()
}
