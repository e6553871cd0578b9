//! The signed-in users' `Ctx`s, cached in memory (read through to the store).

use crate::ctx::Ctx;
use crate::db::{Backend, Db};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// The signed-in users' `Ctx`s, kept in memory: every API request needs its caller's, and
/// reading it from SQLite each time cost a query per request (see README "Performance").
///
/// Correctness rests on one rule: whatever changes a user (roles, disabling, password) commits
/// through [`CtxCache::commit_user_change`], which drops every entry after the commit. A load
/// that began before that commit could still return the old row; it is only kept when no
/// change was committed while it ran (the generation it started with is still current).
/// On SQLite one server process owns the database, so no other writer can go unnoticed. On
/// PostgreSQL several nodes share it, and a change made through another node would: there the
/// cache keeps nothing, and every request reads its caller's row (one indexed query).
#[derive(Clone, Default)]
pub struct CtxCache {
    inner: Arc<CtxCacheInner>,
}

#[derive(Default)]
struct CtxCacheInner {
    generation: AtomicU64,
    users: Mutex<HashMap<Uuid, Ctx>>,
}

/// Past this many signed-in users the cache starts again (a bound, not an LRU: refilling
/// costs one query per user).
const CTX_CACHE_CAPACITY: usize = 10_000;

impl CtxCache {
    /// The user's `Ctx`; `None` when the user is disabled or gone.
    pub async fn get(&self, db: &Db, user_id: Uuid) -> anyhow::Result<Option<Ctx>> {
        if db.backend() == Backend::Postgres {
            return crate::store::users::ctx_for(db, user_id).await;
        }
        if let Some(ctx) = self.lock().get(&user_id) {
            return Ok(Some(ctx.clone()));
        }
        let generation = self.inner.generation.load(Ordering::Acquire);
        let loaded = crate::store::users::ctx_for(db, user_id).await?;
        if let Some(ctx) = &loaded {
            let mut users = self.lock();
            if self.inner.generation.load(Ordering::Acquire) == generation {
                if users.len() >= CTX_CACHE_CAPACITY {
                    users.clear();
                }
                users.insert(user_id, ctx.clone());
            }
        }
        Ok(loaded)
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

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Uuid, Ctx>> {
        // Each use is one call on the map: a panic elsewhere can't leave it half-written.
        self.inner.users.lock().unwrap_or_else(|e| e.into_inner())
    }
}
