//! Idempotency keys of create requests: a retried request is answered with what the first one
//! created — for 24 hours; after that the key is forgotten and may be used again.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use uuid::Uuid;

/// An `Idempotency-Key` as a client may send it: 1–200 visible ASCII characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    pub const MAX_LEN: usize = 200;

    /// The key, surrounding spaces ignored; `None` when it isn't one.
    pub fn parse(value: &str) -> Option<Self> {
        let key = value.trim();
        ((1..=Self::MAX_LEN).contains(&key.len()) && key.bytes().all(|b| b.is_ascii_graphic()))
            .then(|| Self(key.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// How long a key is remembered (the usual lifetime: long enough for any client's retries).
pub const KEY_LIFETIME: time::Duration = time::Duration::hours(24);

/// Keys recorded before this instant are expired.
fn expired_before() -> String {
    crate::timestamp::format(time::OffsetDateTime::now_utc() - KEY_LIFETIME)
}

/// A create request answered before under the same Idempotency-Key.
pub struct PriorCreate {
    pub request: String,
    pub customer_id: Uuid,
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn prior_create(
    db: &Db,
    ctx: &Ctx,
    key: &IdempotencyKey,
) -> Result<Option<PriorCreate>, AppError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT request, customer_id FROM idempotency_keys
         WHERE partner_id = $1 AND key = $2 AND created_at >= $3",
    )
    .bind(ctx.partner_id.to_string())
    .bind(key.as_str())
    .bind(expired_before())
    .fetch_optional(db.readers())
    .await?;
    row.map(|(request, customer_id)| {
        Ok(PriorCreate {
            request,
            customer_id: customer_id.parse().map_err(anyhow::Error::new)?,
        })
    })
    .transpose()
}

/// Records the key with the request it answered and the customer it created, inside the
/// transaction that creates the customer. The partner's expired keys go first (this one among
/// them, if it was used more than a day ago): the table holds about a day of keyed creates.
pub async fn record_key(
    conn: &mut sqlx::AnyConnection,
    ctx: &Ctx,
    key: &IdempotencyKey,
    request: &str,
    customer_id: Uuid,
    created_at: &str,
) -> Result<(), AppError> {
    sqlx::query("DELETE FROM idempotency_keys WHERE partner_id = $1 AND created_at < $2")
        .bind(ctx.partner_id.to_string())
        .bind(expired_before())
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO idempotency_keys (partner_id, key, request, customer_id, created_at)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(ctx.partner_id.to_string())
    .bind(key.as_str())
    .bind(request)
    .bind(customer_id.to_string())
    .bind(created_at)
    .execute(conn)
    .await
    .map_err(|e| {
        // Another request with the same key (and another body: the same body would have been
        // answered as its replay) got there first.
        if crate::db::is_unique_violation(
            &e,
            crate::db::UniqueConstraint {
                sqlite_columns: "idempotency_keys.",
                postgres_name: "idempotency_keys_pkey",
            },
        ) {
            AppError::Conflict(
                "This Idempotency-Key was already used for a different request.".into(),
            )
        } else {
            e.into()
        }
    })?;
    Ok(())
}
