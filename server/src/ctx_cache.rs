//! The signed-in users' `Ctx`s, cached in memory (read through to the store).

use crate::ctx::Ctx;
use crate::db::{Backend, Db};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// The signed-in users' `Ctx`s, kept in memory: every API request needs its caller's, and
/// reading it each time cost a query per request (see README "Performance").
///
/// On SQLite one server process owns the database, and correctness rests on one rule: whatever
/// changes a user (roles, disabling, password) commits through [`CtxCache::commit_user_change`],
/// which drops every entry after the commit. A load that began before that commit could still
/// return the old row; it is only kept when no change was committed while it ran (the
/// generation it started with is still current).
///
/// On PostgreSQL several nodes share the database, and a change made through another node
/// would go unnoticed by that rule. There the database keeps the generation (a trigger moves it
/// in the transaction of any change a `Ctx` is read from), each request's session arrives with
/// it ([`crate::session_store::SIGNED_IN_GENERATION_KEY`]), and an entry serves only requests
/// that saw the generation it was read under. It was read after that generation was, so it is
/// at least as new as the database was then; a change committed since moved the generation.
#[derive(Clone, Default)]
pub struct CtxCache {
    inner: Arc<CtxCacheInner>,
}

#[derive(Default)]
struct CtxCacheInner {
    generation: AtomicU64,
    /// Each user's `Ctx` with the generation it was read under (the database's on PostgreSQL;
    /// unused on SQLite, where `generation` above rules).
    users: Mutex<HashMap<Uuid, (Ctx, i64)>>,
}

/// Past this many signed-in users the cache starts again (a bound, not an LRU: refilling
/// costs one query per user).
const CTX_CACHE_CAPACITY: usize = 10_000;

impl CtxCache {
    /// The user's `Ctx`; `None` when the user is disabled or gone. `database_generation` is the
    /// signed-in generation read with the session on PostgreSQL; without it (a session loaded
    /// some other way) nothing is cached there.
    pub async fn get(
        &self,
        db: &Db,
        user_id: Uuid,
        database_generation: Option<i64>,
    ) -> anyhow::Result<Option<Ctx>> {
        if db.backend() == Backend::Postgres {
            let Some(generation) = database_generation else {
                return crate::store::users::ctx_for(db, user_id).await;
            };
            if let Some((ctx, read_under)) = self.lock().get(&user_id) {
                if *read_under == generation {
                    return Ok(Some(ctx.clone()));
                }
            }
            let loaded = crate::store::users::ctx_for(db, user_id).await?;
            self.keep(user_id, &loaded, generation, None);
            return Ok(loaded);
        }
        if let Some((ctx, _)) = self.lock().get(&user_id) {
            return Ok(Some(ctx.clone()));
        }
        let generation = self.inner.generation.load(Ordering::Acquire);
        let loaded = crate::store::users::ctx_for(db, user_id).await?;
        self.keep(user_id, &loaded, 0, Some(generation));
        Ok(loaded)
    }

    /// Keeps what was read; with `loaded_in`, only if that in-process generation is still the
    /// current one (checked under the lock, which `forget_all` clears under after moving it).
    fn keep(&self, user_id: Uuid, loaded: &Option<Ctx>, read_under: i64, loaded_in: Option<u64>) {
        let mut users = self.lock();
        if loaded_in.is_some_and(|g| self.inner.generation.load(Ordering::Acquire) != g) {
            return;
        }
        match loaded {
            Some(ctx) => {
                if users.len() >= CTX_CACHE_CAPACITY {
                    users.clear();
                }
                users.insert(user_id, (ctx.clone(), read_under));
            }
            None => {
                users.remove(&user_id);
            }
        }
    }

    /// Commits a transaction that changed users, then forgets every cached `Ctx`, so the next
    /// request of each user reads the committed row.
    pub async fn commit_user_change(
        &self,
        tx: sqlx::Transaction<'_, sqlx::Any>,
    ) -> Result<(), sqlx::Error> {
        let committed = tx.commit().await;
        // Also after a failed commit: whether it landed is unknown.
        self.forget_all();
        committed
    }

    /// Forgets every cached `Ctx` (users or partners changed).
    pub fn forget_all(&self) {
        // The generation moves first: a load finishing between the two steps isn't kept.
        self.inner.generation.fetch_add(1, Ordering::AcqRel);
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, (Ctx, i64)>> {
        // Each use is one call on the map: a panic elsewhere can't leave it half-written.
        self.inner.users.lock().unwrap_or_else(|e| e.into_inner())
    }
}
