//! API tokens: made, listed and revoked per partner; and the look-up of a request's bearer
//! secret (by its hash), which gives the request its `Ctx`.

use crate::ctx::{Ctx, TokenActor};
use crate::db::Db;
use crate::error::AppError;
use anyhow::{anyhow, Context};
use shared::access::{format_roles, parse_roles};
use shared::api_token::{ApiToken, TokenState};
use shared::instance::{CloudInstance, ProgramRole};
use uuid::Uuid;

/// A token about to be stored.
pub struct NewTokenRecord<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub roles: &'a [shared::access::Role],
    pub prefix: &'a str,
    pub secret_hash: &'a str,
    pub expires_at: &'a str,
}

pub async fn insert(
    conn: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    token: &NewTokenRecord<'_>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO api_tokens (id, partner_id, name, roles, prefix, secret_hash, created_by,
                created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(token.id.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(token.name)
    .bind(format_roles(token.roles))
    .bind(token.prefix)
    .bind(token.secret_hash)
    .bind(ctx.user_id.to_string())
    .bind(crate::timestamp::now())
    .bind(token.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct TokenRow {
    id: String,
    name: String,
    roles: String,
    prefix: String,
    created_by: String,
    created_at: String,
    expires_at: String,
    revoked_at: Option<String>,
    last_used_at: Option<String>,
}

const TOKEN_COLUMNS: &str = "t.id, t.name, t.roles, t.prefix, u.display_name AS created_by,
    t.created_at, t.expires_at, t.revoked_at, t.last_used_at";

impl TokenRow {
    fn into_token(self, now: &str) -> anyhow::Result<ApiToken> {
        let state = if self.revoked_at.is_some() {
            TokenState::Revoked
        } else if self.expires_at.as_str() <= now {
            TokenState::Expired
        } else {
            TokenState::Active
        };
        Ok(ApiToken {
            id: self.id.parse()?,
            name: self.name,
            roles: parse_roles(&self.roles).map_err(|e| anyhow!("stored roles: {e}"))?,
            prefix: self.prefix,
            created_by: self.created_by,
            created_at: self.created_at,
            expires_at: self.expires_at,
            revoked_at: self.revoked_at,
            last_used_at: self.last_used_at,
            state,
        })
    }
}

/// The partner's tokens, newest first.
pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<ApiToken>, AppError> {
    let rows: Vec<TokenRow> = sqlx::query_as(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.created_by
         WHERE t.partner_id = $1 ORDER BY t.created_at DESC, t.id"
    ))
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    let now = crate::timestamp::now();
    Ok(rows
        .into_iter()
        .map(|r| r.into_token(&now))
        .collect::<anyhow::Result<_>>()?)
}

/// One of the partner's tokens.
pub async fn get(
    conn: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<ApiToken>, AppError> {
    let row: Option<TokenRow> = sqlx::query_as(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.created_by
         WHERE t.partner_id = $1 AND t.id = $2"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    let now = crate::timestamp::now();
    Ok(row.map(|r| r.into_token(&now)).transpose()?)
}

/// Revokes one of the partner's tokens (if it isn't already); `false` when it was.
pub async fn revoke(conn: &mut sqlx::AnyConnection, ctx: &Ctx, id: Uuid) -> Result<bool, AppError> {
    let result = sqlx::query(
        "UPDATE api_tokens SET revoked_at = $1
         WHERE partner_id = $2 AND id = $3 AND revoked_at IS NULL",
    )
    .bind(crate::timestamp::now())
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

#[derive(sqlx::FromRow)]
struct BearerRow {
    token_id: String,
    token_name: String,
    token_roles: String,
    created_by: String,
    email: String,
    partner_id: String,
    instance: String,
    program: String,
    email_domain: String,
}

/// The `Ctx` of a request carrying this secret (by its hash): the token's partner and roles,
/// acting as the token; `None` for an unknown, revoked or expired one.
pub async fn ctx_for_secret(db: &Db, secret_hash: &str) -> anyhow::Result<Option<Ctx>> {
    let row: Option<BearerRow> = sqlx::query_as(
        "SELECT t.id AS token_id, t.name AS token_name, t.roles AS token_roles, t.created_by,
                u.email, p.id AS partner_id, p.instance, p.program, p.email_domain
         FROM api_tokens t JOIN partners p ON p.id = t.partner_id
              JOIN users u ON u.id = t.created_by
         WHERE t.secret_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2",
    )
    .bind(secret_hash)
    .bind(crate::timestamp::now())
    .fetch_optional(db.readers())
    .await
    .context("reading the bearer token")?;
    let Some(r) = row else {
        return Ok(None);
    };
    Ok(Some(Ctx {
        user_id: r.created_by.parse()?,
        email: r.email,
        partner_id: r.partner_id.parse()?,
        instance: CloudInstance::parse(&r.instance).context("stored instance")?,
        program: ProgramRole::parse(&r.program).context("stored program")?,
        partner_email_domain: r.email_domain,
        roles: parse_roles(&r.token_roles).map_err(|e| anyhow!("stored roles: {e}"))?,
        must_change_password: false,
        session_epoch: 0,
        has_second_factor: false,
        multi_factor_required: false,
        token: Some(TokenActor {
            id: r.token_id.parse()?,
            name: r.token_name,
        }),
    }))
}

/// Notes when the token was last used.
pub async fn mark_used(conn: &mut sqlx::AnyConnection, id: Uuid) -> Result<(), AppError> {
    sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(crate::timestamp::now())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}
