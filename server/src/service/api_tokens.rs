//! API tokens: a global admin makes one (its secret answered once, only its hash kept) and
//! revokes it; every change is audited.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::api_tokens::{self, NewTokenRecord};
use crate::store::audit::{self, Actor};
use shared::api_token::{ApiToken, CreatedApiToken, NewApiToken, TOKEN_PREFIX};
use shared::audit::AuditAction;
use uuid::Uuid;

/// Characters of the secret kept to tell tokens apart (`pd_` and four of its random ones).
const SHOWN_PREFIX_CHARS: usize = TOKEN_PREFIX.len() + 4;

#[derive(serde::Serialize)]
struct TokenAudit<'a> {
    name: &'a str,
    roles: &'a [shared::access::Role],
    expires_at: &'a str,
}

/// Makes a token: `pd_` and 256 random bits (base64url), shown this once.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn create(db: &Db, ctx: &Ctx, request: NewApiToken) -> Result<CreatedApiToken, AppError> {
    let valid = request.parse().map_err(AppError::Validation)?;
    let secret = format!("{TOKEN_PREFIX}{}", crate::secret_link::new_token());
    let expires_at = crate::timestamp::format(
        time::OffsetDateTime::now_utc() + time::Duration::days(i64::from(valid.days)),
    );
    let id = Uuid::new_v4();
    let record = NewTokenRecord {
        id,
        name: &valid.name,
        roles: &valid.roles,
        prefix: &secret[..SHOWN_PREFIX_CHARS],
        secret_hash: &crate::secret_link::token_hash(&secret),
        expires_at: &expires_at,
    };
    let mut tx = db.write().await?;
    api_tokens::insert(&mut tx, ctx, &record).await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::Change::new(
            AuditAction::ApiTokenCreated,
            "api-token",
            id,
            None,
            None::<&()>,
            Some(&TokenAudit {
                name: &valid.name,
                roles: &valid.roles,
                expires_at: &expires_at,
            }),
        ),
    )
    .await?;
    let token = api_tokens::get(&mut tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the token just stored is missing"))?;
    tx.commit().await?;
    tracing::info!(token_id = %id, "API token created");
    Ok(CreatedApiToken { token, secret })
}

/// Revokes a token: its next request is refused, on every node. Revoking a revoked token
/// answers it unchanged.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, token_id = %id))]
pub async fn revoke(db: &Db, ctx: &Ctx, id: Uuid) -> Result<ApiToken, AppError> {
    let mut tx = db.write().await?;
    let before = api_tokens::get(&mut tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if api_tokens::revoke(&mut tx, ctx, id).await? {
        audit::record(
            &mut tx,
            &Actor::User(ctx),
            audit::Change::new(
                AuditAction::ApiTokenRevoked,
                "api-token",
                id,
                None,
                Some(&TokenAudit {
                    name: &before.name,
                    roles: &before.roles,
                    expires_at: &before.expires_at,
                }),
                None::<&()>,
            ),
        )
        .await?;
    }
    let token = api_tokens::get(&mut tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(token)
}
