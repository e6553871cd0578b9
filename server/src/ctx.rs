//! `Ctx`: who is asking. Resolved once per request from the session by the route table's
//! authorization layer (`routes::authorize`), then handed to every data-access function, which
//! filters by its partner in SQL.

use crate::db::Db;
use crate::error::AppError;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use shared::access::{allowed, Action, Role};
use shared::api::ErrorCode;
use shared::customer::RuleContext;
use shared::instance::{CloudInstance, ProgramRole};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

#[derive(Clone, Debug)]
pub struct Ctx {
    pub user_id: Uuid,
    /// The user's e-mail: the audit log's "who".
    pub email: String,
    pub partner_id: Uuid,
    pub instance: CloudInstance,
    pub program: ProgramRole,
    pub partner_email_domain: String,
    pub roles: Vec<Role>,
    pub must_change_password: bool,
}

impl Ctx {
    /// The rules' view of this partner (instance, own e-mail domain, today).
    pub fn rule_context(&self) -> RuleContext {
        RuleContext {
            instance: self.instance,
            partner_email_domain: Some(self.partner_email_domain.clone()),
            today: crate::timestamp::today(),
        }
    }

    pub fn can(&self, action: Action) -> bool {
        allowed(&self.roles, action)
    }

    /// 403 `program_not_allowed` unless the partner is in `program` (only providers invite
    /// resellers, say).
    pub fn require_program(&self, program: ProgramRole) -> Result<(), AppError> {
        if self.program == program {
            Ok(())
        } else {
            Err(AppError::state(
                ErrorCode::ProgramNotAllowed,
                format!("Only {} partners can do this.", program.as_str()),
            ))
        }
    }

    /// 403 unless one of the user's roles allows `action`.
    pub fn require(&self, action: Action) -> Result<(), AppError> {
        if self.can(action) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    /// The `Ctx` the authorization layer put there; a handler on a public route has none.
    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or(AppError::Unauthorized)
    }
}

/// The signed-in users' `Ctx`s, kept in memory: every API request needs its caller's, and
/// reading it from SQLite each time cost a query per request (see README "Performance").
///
/// Correctness rests on one rule: whatever changes a user (roles, disabling, password) commits
/// through [`CtxCache::commit_user_change`], which drops every entry after the commit. A load
/// that began before that commit could still return the old row; it is only kept when no
/// change was committed while it ran (the generation it started with is still current).
/// One server process owns the database, so no other writer can go unnoticed.
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
        tx: sqlx::Transaction<'_, sqlx::Sqlite>,
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
