//! Where sessions live: the database's `sessions` table on either backend (tower-sessions' sqlx
//! stores). On SQLite — one process — they are also kept in memory; on PostgreSQL every request
//! reads its session from the database, so a sign-out on one node ends the session on all, and
//! with it the signed-in users' generation (see [`SIGNED_IN_GENERATION_KEY`]).

use crate::db::{Db, SessionPool};
use anyhow::Context;
use async_trait::async_trait;
use sqlx::PgPool;
use std::time::Duration;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, ExpiredDeletion};
use tower_sessions::{CachingSessionStore, SessionStore};
use tower_sessions_moka_store::MokaStore;
use tower_sessions_sqlx_store::{PostgresStore, SqliteStore};

/// Sessions kept in memory at most on SQLite (the rest are read from the table when used).
const SESSION_CACHE_CAPACITY: u64 = 10_000;

/// How often expired sessions are deleted.
const DELETE_EXPIRED_EVERY: Duration = Duration::from_secs(300);

#[derive(Clone, Debug)]
pub enum Sessions {
    /// Read from memory, written through to SQLite (so sessions outlive a restart). Sessions
    /// are only ever ended through the store, never by SQL, so the two agree.
    Sqlite(CachingSessionStore<MokaStore, SqliteStore>),
    /// tower-sessions' store for writes; loads are this module's own (one query that also reads
    /// the signed-in users' generation).
    Postgres { store: PostgresStore, pool: PgPool },
}

/// On PostgreSQL, where a loaded session carries the signed-in users' generation (migration
/// `0009_signed_in_generation`) read in the same query: `CtxCache` keeps a user's `Ctx` only
/// while that generation holds, so a request needs no query of its own for who is asking.
/// The value is put in on load and taken out on save: it is never stored with the session.
pub const SIGNED_IN_GENERATION_KEY: &str = "signed_in_generation";

impl Sessions {
    /// The store on `db`'s backend, its table created if needed, and the expiry sweep started.
    pub async fn open(db: &Db) -> anyhow::Result<Sessions> {
        match db.session_pool() {
            SessionPool::Sqlite(pool) => {
                let store = SqliteStore::new(pool.clone())
                    .with_table_name("sessions")
                    .map_err(|e| anyhow::anyhow!("session table name: {e}"))?;
                store
                    .migrate()
                    .await
                    .context("creating the session table")?;
                tokio::spawn(
                    store
                        .clone()
                        .continuously_delete_expired(DELETE_EXPIRED_EVERY),
                );
                let cache = MokaStore::new(Some(SESSION_CACHE_CAPACITY));
                Ok(Sessions::Sqlite(CachingSessionStore::new(cache, store)))
            }
            SessionPool::Postgres(pool) => {
                let store = PostgresStore::new(pool.clone())
                    .with_schema_name("public")
                    .and_then(|s| s.with_table_name("sessions"))
                    .map_err(|e| anyhow::anyhow!("session table name: {e}"))?;
                store
                    .migrate()
                    .await
                    .context("creating the session table")?;
                tokio::spawn(
                    store
                        .clone()
                        .continuously_delete_expired(DELETE_EXPIRED_EVERY),
                );
                Ok(Sessions::Postgres {
                    store,
                    pool: pool.clone(),
                })
            }
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres { store, .. } => {
                record.data.remove(SIGNED_IN_GENERATION_KEY);
                store.create(record).await
            }
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.save(record).await,
            Sessions::Postgres { store, .. } => {
                if record.data.contains_key(SIGNED_IN_GENERATION_KEY) {
                    let mut stored = record.clone();
                    stored.data.remove(SIGNED_IN_GENERATION_KEY);
                    store.save(&stored).await
                } else {
                    store.save(record).await
                }
            }
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store) => store.load(id).await,
            Sessions::Postgres { pool, .. } => load_with_generation(pool, id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres { store, .. } => store.delete(id).await,
        }
    }
}

/// The session (as tower-sessions' PostgreSQL store keeps it: MessagePack in `data`) with the
/// signed-in users' generation put into its data, in one round trip.
async fn load_with_generation(pool: &PgPool, id: &Id) -> session_store::Result<Option<Record>> {
    let row: Option<(Vec<u8>, i64)> = sqlx::query_as(
        "SELECT s.data, g.generation FROM sessions s CROSS JOIN signed_in_generation g
         WHERE s.id = $1 AND s.expiry_date > now()",
    )
    .bind(id.to_string())
    .fetch_optional(pool)
    .await
    .map_err(|e| session_store::Error::Backend(e.to_string()))?;
    let Some((data, generation)) = row else {
        return Ok(None);
    };
    let mut record: Record =
        rmp_serde::from_slice(&data).map_err(|e| session_store::Error::Decode(e.to_string()))?;
    record
        .data
        .insert(SIGNED_IN_GENERATION_KEY.to_string(), generation.into());
    Ok(Some(record))
}
