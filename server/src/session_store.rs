//! Where sessions live: the database's `sessions` table on either backend (tower-sessions' sqlx
//! stores). On SQLite — one process — they are also kept in memory; on PostgreSQL every request
//! reads its session from the database, so a sign-out on one node ends the session on all.

use crate::db::{Db, SessionPool};
use anyhow::Context;
use async_trait::async_trait;
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
    Postgres(PostgresStore),
}

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
                Ok(Sessions::Postgres(store))
            }
        }
    }
}

#[async_trait]
impl SessionStore for Sessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.create(record).await,
            Sessions::Postgres(store) => store.create(record).await,
        }
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.save(record).await,
            Sessions::Postgres(store) => store.save(record).await,
        }
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        match self {
            Sessions::Sqlite(store) => store.load(id).await,
            Sessions::Postgres(store) => store.load(id).await,
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        match self {
            Sessions::Sqlite(store) => store.delete(id).await,
            Sessions::Postgres(store) => store.delete(id).await,
        }
    }
}
