//! The Idempotency-Keys of requests that each make one thing — an order its subscription, an
//! admin request its relationship: the partner's key with the request it answered (as
//! canonical text) and the id of what it made, remembered for `KEY_LIFETIME`. (A customer's
//! create keeps its keys with more to replay: `customers::idempotency`.)

use crate::clock::Clock;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::customers::{IdempotencyKey, KEY_LIFETIME};
use sqlx::AnyConnection;
use uuid::Uuid;

/// A table of keys and the column of what each made (`migrations/*`).
#[derive(Clone, Copy, Debug)]
pub struct KeyTable {
    table: &'static str,
    made: &'static str,
}

pub const ORDER_KEYS: KeyTable = KeyTable {
    table: "order_keys",
    made: "subscription_id",
};

pub const ADMIN_REQUEST_KEYS: KeyTable = KeyTable {
    table: "admin_request_keys",
    made: "relationship_id",
};

/// Keys recorded before this are forgotten: `KEY_LIFETIME` before now, by the earlier of the
/// wall clock and the server's (a test clock moved ahead expires nothing early).
pub fn cutoff(clock: &Clock) -> String {
    crate::timestamp::format(time::OffsetDateTime::now_utc().min(clock.now()) - KEY_LIFETIME)
}

/// The request the key answered since `since` and the id of what it made.
pub async fn prior(
    db: &Db,
    ctx: &Ctx,
    keys: KeyTable,
    key: &IdempotencyKey,
    since: &str,
) -> Result<Option<(String, Uuid)>, AppError> {
    let row: Option<(String, String)> = sqlx::query_as(&format!(
        "SELECT request, {made} FROM {table}
         WHERE partner_id = $1 AND key = $2 AND created_at >= $3",
        made = keys.made,
        table = keys.table,
    ))
    .bind(ctx.partner_id.to_string())
    .bind(key.as_str())
    .bind(since)
    .fetch_optional(db.readers())
    .await?;
    row.map(|(request, id)| Ok((request, id.parse().map_err(anyhow::Error::new)?)))
        .transpose()
}

/// Records the key with what the request made, in the request's transaction; the partner's
/// keys older than `since` go first. `Ok(false)` when another request took the key meanwhile.
pub async fn record_in(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    keys: KeyTable,
    key: &IdempotencyKey,
    request: &str,
    made: Uuid,
    since: &str,
) -> Result<bool, AppError> {
    sqlx::query(&format!(
        "DELETE FROM {} WHERE partner_id = $1 AND created_at < $2",
        keys.table
    ))
    .bind(ctx.partner_id.to_string())
    .bind(since)
    .execute(&mut *conn)
    .await?;
    let inserted = sqlx::query(&format!(
        "INSERT INTO {table} (partner_id, key, request, {made}, created_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (partner_id, key) DO NOTHING",
        made = keys.made,
        table = keys.table,
    ))
    .bind(ctx.partner_id.to_string())
    .bind(key.as_str())
    .bind(request)
    .bind(made.to_string())
    .bind(crate::timestamp::now())
    .execute(conn)
    .await?;
    Ok(inserted.rows_affected() == 1)
}
