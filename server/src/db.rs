//! The database: an SQLite file on disk (the embedded default), or PostgreSQL (several nodes,
//! one database). Both run their migrations at start. `Db` is the one value every store function
//! gets its connections from: the readers' pool, and the writer.
//!
//! Queries go through sqlx's `Any` driver with `$1`-style parameters, which both backends read,
//! so a store function is written once. What differs between the two (search, case-insensitive
//! order, how a write transaction serializes) is asked of [`Db::backend`] in the store, nowhere
//! else.

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{AnyPool, ConnectOptions, Executor};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Which database the server runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// Where the database is: `--database` / `PARTNERDESK_DATABASE`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    /// An SQLite file, created with its folder when missing.
    SqliteFile(PathBuf),
    /// A `postgres://user:password@host:port/database` URL.
    Postgres(String),
}

impl Location {
    /// A `postgres://` or `postgresql://` URL, else an SQLite path (`sqlite://` optional).
    pub fn parse(text: &str) -> Location {
        let text = text.trim();
        if text.starts_with("postgres://") || text.starts_with("postgresql://") {
            Location::Postgres(text.to_string())
        } else {
            let path = text.strip_prefix("sqlite://").unwrap_or(text);
            Location::SqliteFile(PathBuf::from(path))
        }
    }

    /// The location for messages: the path, or the URL without its password.
    pub fn redacted(&self) -> String {
        match self {
            Location::SqliteFile(path) => path.display().to_string(),
            Location::Postgres(url) => redact_password(url),
        }
    }
}

/// `url` with its password (if any) replaced by `***`.
pub fn redact_password(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("***"));
            parsed.to_string()
        }
        Ok(parsed) => parsed.to_string(),
        Err(_) => "(a database URL that can't be read)".to_string(),
    }
}

/// Pool sizes and time limits (`--db-*` flags); the defaults suit one node on a small machine.
#[derive(Clone, Debug)]
pub struct DbSettings {
    /// PostgreSQL: connections per node. (SQLite: four readers and one writer, fixed.)
    pub max_connections: u32,
    /// How long a request waits for a free connection before it fails (503).
    pub acquire_timeout: Duration,
    /// PostgreSQL: a statement running longer is cancelled (`statement_timeout`).
    pub statement_timeout: Duration,
}

impl Default for DbSettings {
    fn default() -> Self {
        DbSettings {
            max_connections: 10,
            acquire_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(30),
        }
    }
}

/// The database as the application holds it: a pool of readers, and the writer(s).
/// Read queries take `&Db` where a pool goes (it dereferences to the readers); every write
/// transaction begins with [`Db::write`].
#[derive(Clone, Debug)]
pub struct Db {
    backend: Backend,
    readers: AnyPool,
    writer: AnyPool,
    sessions: SessionPool,
}

/// The pool the session store (tower-sessions' sqlx store, which takes its driver's own pool)
/// keeps its table in.
#[derive(Clone, Debug)]
pub enum SessionPool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl std::ops::Deref for Db {
    type Target = AnyPool;

    fn deref(&self) -> &AnyPool {
        &self.readers
    }
}

/// The lock every PostgreSQL write transaction takes first (`pg_advisory_xact_lock`): writes
/// are serialized across all nodes as SQLite serializes them in its one file, so every
/// check-then-write in a service (the domain check, a version check, the last active
/// subscription) holds on both databases. The key is arbitrary; it only has to be the same on
/// every node.
const WRITE_LOCK_KEY: i64 = 0x0050_4457_5249_5445; // "PDWRITE"

impl Db {
    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The readers' pool, for a generic executor argument (`fetch_one(db.readers())`).
    pub fn readers(&self) -> &AnyPool {
        &self.readers
    }

    pub fn session_pool(&self) -> &SessionPool {
        &self.sessions
    }

    /// After a bulk load (`seed --customers`): PostgreSQL plans from table statistics, and
    /// until autovacuum analyzes a table just filled, a search is planned as a scan of every row
    /// of the partner (192 ms instead of 13 ms at 100,000). SQLite has none to refresh.
    pub async fn refresh_statistics(&self) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            sqlx::query("ANALYZE").execute(&self.readers).await?;
        }
        Ok(())
    }

    /// A write transaction that holds the database's write lock from its start.
    ///
    /// SQLite: on the one writer connection, `BEGIN IMMEDIATE`. A deferred one that reads first
    /// and writes later fails with "database is locked" when another writer got in between —
    /// SQLite can't wait in that case — while this one waits its turn in the writer's pool.
    /// PostgreSQL: `BEGIN`, then the advisory lock [`WRITE_LOCK_KEY`], released at commit.
    pub async fn write(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.writer.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => {
                let mut tx = self.writer.begin().await?;
                sqlx::query("SELECT pg_advisory_xact_lock($1)")
                    .bind(WRITE_LOCK_KEY)
                    .execute(&mut *tx)
                    .await?;
                Ok(tx)
            }
        }
    }

    /// Closes the pools (waits for their connections to be returned).
    pub async fn close(&self) {
        self.readers.close().await;
        self.writer.close().await;
        match &self.sessions {
            SessionPool::Sqlite(pool) => pool.close().await,
            SessionPool::Postgres(pool) => pool.close().await,
        }
    }
}

/// Background jobs that must not run on two nodes at once, each with its advisory lock key.
#[derive(Clone, Copy, Debug)]
pub enum Job {
    /// Delivering the outbox: two nodes sending the same due message would send it twice.
    MailDelivery,
    /// Sending webhooks: the same, for deliveries.
    WebhookDelivery,
}

impl Job {
    /// The advisory lock's key (arbitrary, the same on every node).
    fn key(self) -> i64 {
        match self {
            Job::MailDelivery => 0x5044_4d41_494c,    // "PDMAIL"
            Job::WebhookDelivery => 0x5044_484f_4f4b, // "PDHOOK"
        }
    }
}

/// A job's turn, held until [`JobTurn::release`]. On PostgreSQL a session advisory lock on a
/// connection of its own: a node that dies drops its connection, and the lock with it.
pub struct JobTurn {
    conn: Option<sqlx::pool::PoolConnection<sqlx::Any>>,
    job: Job,
}

impl Db {
    /// This node's turn to run `job`, or `None` while another node runs it. (SQLite: always
    /// this process's.)
    pub async fn try_job_turn(&self, job: Job) -> Result<Option<JobTurn>, sqlx::Error> {
        if self.backend == Backend::Sqlite {
            return Ok(Some(JobTurn { conn: None, job }));
        }
        let mut conn = self.writer.acquire().await?;
        let granted: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(job.key())
            .fetch_one(&mut *conn)
            .await?;
        Ok(granted.then_some(JobTurn {
            conn: Some(conn),
            job,
        }))
    }
}

impl JobTurn {
    /// Ends the turn: another node (or this one, next time) may run the job.
    pub async fn release(mut self) {
        if let Some(mut conn) = self.conn.take() {
            let unlocked = sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(self.job.key())
                .execute(&mut *conn)
                .await;
            if unlocked.is_err() {
                // The lock's fate is unknown: don't hand the connection to anyone else.
                conn.close_on_drop();
            }
        }
    }
}

impl Drop for JobTurn {
    fn drop(&mut self) {
        // Not released (an error or a panic on the way): closing the connection ends the lock.
        if let Some(conn) = self.conn.as_mut() {
            conn.close_on_drop();
        }
    }
}

/// The backend a connection talks to (a store function that holds only a connection, in a
/// transaction, asks it here).
pub fn backend_of(conn: &sqlx::AnyConnection) -> Backend {
    if conn.backend_name().eq_ignore_ascii_case("PostgreSQL") {
        Backend::Postgres
    } else {
        Backend::Sqlite
    }
}

/// Opens the database at `location` (creating an SQLite file if needed) and runs the
/// migrations. Errors name the problem in one line, never the password.
pub async fn connect(location: &Location, settings: &DbSettings) -> anyhow::Result<Db> {
    sqlx::any::install_default_drivers();
    match location {
        Location::SqliteFile(path) => connect_sqlite(path, settings).await,
        Location::Postgres(url) => connect_postgres(url, settings).await,
    }
}

async fn connect_sqlite(path: &Path, settings: &DbSettings) -> anyhow::Result<Db> {
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
    // The checkpoint connection, opened first: it creates the file and turns on WAL (which
    // stays on in the file) before the pools open it.
    let checkpointer = options
        .connect()
        .await
        .with_context(|| format!("opening database {}", path.display()))?;
    // The `Any` pools open the file from a URL, which carries no pragmas: each connection sets
    // them when it opens.
    let url = AnyConnectOptions::from_str(&format!("sqlite://{}", path.display()))
        .with_context(|| format!("database path {}", path.display()))?;
    let pool_options = || {
        AnyPoolOptions::new()
            .acquire_timeout(settings.acquire_timeout)
            .after_connect(|conn, _| {
                Box::pin(async move {
                    conn.execute(
                        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;
                         PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 0;
                         PRAGMA journal_size_limit = 67108864;",
                    )
                    .await?;
                    Ok(())
                })
            })
    };
    // Four: each connection is a thread with its own page cache; on this 2-core machine 8
    // gave no more requests/s than 4 but twice the memory (HWM 105 → 57 MB under load).
    let readers = pool_options()
        .max_connections(4)
        .connect_with(url.clone())
        .await
        .with_context(|| format!("opening database {}", path.display()))?;
    // The writer: one connection, so write transactions queue for it in the pool (in order,
    // without sleeping) instead of several connections polling SQLite's write lock through the
    // busy handler, which sleeps 1–100 ms between tries and left the lock idle meanwhile. Its page
    // cache also stays valid between writes: no other connection changes the file under it.
    let writer = pool_options()
        .max_connections(1)
        .connect_with(url)
        .await
        .with_context(|| format!("opening database {} for writing", path.display()))?;
    let sessions = SqlitePoolOptions::new()
        .max_connections(2)
        .acquire_timeout(settings.acquire_timeout)
        .connect_with(options)
        .await
        .with_context(|| format!("opening database {} for sessions", path.display()))?;
    tokio::spawn(checkpoint_continuously(checkpointer, writer.clone()));
    sqlx::migrate!("./migrations/sqlite")
        .run(&readers)
        .await
        .context("running database migrations")?;
    Ok(Db {
        backend: Backend::Sqlite,
        readers,
        writer,
        sessions: SessionPool::Sqlite(sessions),
    })
}

async fn connect_postgres(url: &str, settings: &DbSettings) -> anyhow::Result<Db> {
    let shown = redact_password(url);
    let options = AnyConnectOptions::from_str(url)
        .map_err(|e| anyhow::anyhow!("database URL {shown}: {}", one_line(&e)))?;
    let statement_timeout = settings.statement_timeout.as_millis();
    let pool = AnyPoolOptions::new()
        .max_connections(settings.max_connections)
        .acquire_timeout(settings.acquire_timeout)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                conn.execute(&*format!("SET statement_timeout = {statement_timeout}"))
                    .await?;
                Ok(())
            })
        })
        .connect_with(options)
        .await
        .map_err(|e| anyhow::anyhow!("connecting to {shown}: {}", one_line(&e)))?;
    // Every request reads its session here on PostgreSQL (nothing is cached across nodes):
    // two connections made it the queue every request waited in (get by id at 36% of SQLite's
    // throughput with 32 clients).
    let sessions = sqlx::postgres::PgPoolOptions::new()
        .max_connections(settings.max_connections.div_ceil(2).max(2))
        .acquire_timeout(settings.acquire_timeout)
        .connect(url)
        .await
        .map_err(|e| anyhow::anyhow!("connecting to {shown}: {}", one_line(&e)))?;
    sqlx::migrate!("./migrations/postgres")
        .run(&pool)
        .await
        .map_err(|e| anyhow::anyhow!("running database migrations on {shown}: {e}"))?;
    Ok(Db {
        backend: Backend::Postgres,
        readers: pool.clone(),
        writer: pool,
        sessions: SessionPool::Postgres(sessions),
    })
}

/// An error's message on one line (a driver's may span several).
fn one_line(error: &dyn std::fmt::Display) -> String {
    error
        .to_string()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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
async fn checkpoint_continuously(mut conn: sqlx::SqliteConnection, writer: AnyPool) {
    let mut tick = tokio::time::interval(CHECKPOINT_EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        if writer.is_closed() {
            return;
        }
        // (busy, frames in the WAL, frames copied)
        let passive: Result<(i64, i64, i64), _> = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
            .fetch_one(&mut conn)
            .await;
        let restart = match passive {
            Ok((_, frames, _)) if frames > RESTART_WAL_FROM_FRAMES => {
                sqlx::query("PRAGMA wal_checkpoint(RESTART)")
                    .execute(&writer)
                    .await
                    .map(|_| ())
            }
            Ok(_) => continue,
            Err(error) => Err(error),
        };
        match restart {
            Ok(()) => {}
            Err(sqlx::Error::WorkerCrashed | sqlx::Error::PoolClosed) => return,
            // The writer was held longer than the acquire timeout (a bulk seed or import in one
            // transaction): nothing is wrong, the next tick tries again.
            Err(sqlx::Error::PoolTimedOut) => {
                tracing::debug!("WAL checkpoint postponed: the writer is busy")
            }
            Err(error) => tracing::warn!(error = %error, "WAL checkpoint failed"),
        }
    }
}

/// Whether an error means the database can't be reached right now (down, restarting, no free
/// connection in time) rather than that the request is wrong: the answer is 503, and the pool
/// opens new connections by itself once the database is back.
pub fn is_unavailable(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        // PostgreSQL: connection exceptions (08…), and the server shutting down or starting
        // up (57P01 admin shutdown, 57P02 crash shutdown, 57P03 cannot connect now).
        sqlx::Error::Database(db) => db
            .code()
            .is_some_and(|code| code.starts_with("08") || code.starts_with("57P")),
        _ => false,
    }
}

/// A unique constraint a write can run into, as each backend names it in its error.
#[derive(Clone, Copy, Debug)]
pub struct UniqueConstraint {
    /// SQLite's message lists the columns: `UNIQUE constraint failed: customers.instance, …`.
    pub sqlite_columns: &'static str,
    /// PostgreSQL names the constraint or index (`migrations/postgres`).
    pub postgres_name: &'static str,
}

/// Whether an error is the unique-constraint violation `constraint`, on either backend.
pub fn is_unique_violation(error: &sqlx::Error, constraint: UniqueConstraint) -> bool {
    match error {
        sqlx::Error::Database(db) if db.is_unique_violation() => {
            db.constraint() == Some(constraint.postgres_name)
                || db.message().contains(constraint.sqlite_columns)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_location_is_a_postgres_url_or_an_sqlite_path() {
        assert_eq!(
            Location::parse("postgres://u:p@127.0.0.1/pd"),
            Location::Postgres("postgres://u:p@127.0.0.1/pd".into())
        );
        assert!(matches!(
            Location::parse("postgresql://h/pd"),
            Location::Postgres(_)
        ));
        assert_eq!(
            Location::parse("data/partnerdesk.db"),
            Location::SqliteFile("data/partnerdesk.db".into())
        );
        assert_eq!(
            Location::parse("sqlite:///tmp/x.db"),
            Location::SqliteFile("/tmp/x.db".into())
        );
    }

    #[test]
    fn messages_never_show_the_password() {
        let shown = Location::parse("postgres://pd:s3cret@db.example:5432/pd").redacted();
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("db.example"), "{shown}");
    }
}
