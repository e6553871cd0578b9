//! Idempotency keys of create requests: a retried request is answered with what the first one
//! created.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use uuid::Uuid;

/// A create request answered before under the same Idempotency-Key.
pub struct PriorCreate {
    pub request: String,
    pub customer_id: Uuid,
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn prior_create(db: &Db, ctx: &Ctx, key: &str) -> Result<Option<PriorCreate>, AppError> {
    let row: Option<(String, String)> = sqlx::query_as(
        "SELECT request, customer_id FROM idempotency_keys WHERE partner_id = ? AND key = ?",
    )
    .bind(ctx.partner_id.to_string())
    .bind(key)
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
