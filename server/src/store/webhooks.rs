//! Webhook endpoints per partner, and their deliveries: queued in the transaction of the change
//! they tell of, sent and retried by `crate::webhooks`.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use anyhow::anyhow;
use shared::webhook::{
    DeliveryFailure, DeliveryStatus, EventType, WebhookDelivery, WebhookEndpoint,
};
use sqlx::AnyConnection;
use uuid::Uuid;

/// An endpoint about to be stored; its secret already sealed.
pub struct NewEndpointRecord<'a> {
    pub id: Uuid,
    pub url: &'a str,
    pub events: &'a [EventType],
    pub secret_sealed: &'a str,
}

fn format_events(events: &[EventType]) -> String {
    events
        .iter()
        .map(|e| e.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

fn parse_events(stored: &str) -> Vec<EventType> {
    stored.split(',').filter_map(EventType::from_code).collect()
}

pub async fn insert_endpoint(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    endpoint: &NewEndpointRecord<'_>,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO webhook_endpoints (id, partner_id, url, events, secret_sealed, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(endpoint.id.to_string())
    .bind(ctx.partner_id.to_string())
    .bind(endpoint.url)
    .bind(format_events(endpoint.events))
    .bind(endpoint.secret_sealed)
    .bind(crate::timestamp::now())
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct EndpointRow {
    id: String,
    url: String,
    events: String,
    created_at: String,
    previous_until: Option<String>,
}

impl EndpointRow {
    fn into_endpoint(self) -> Result<WebhookEndpoint, AppError> {
        Ok(WebhookEndpoint {
            id: self.id.parse().map_err(|_| anyhow!("bad endpoint id"))?,
            url: self.url,
            events: parse_events(&self.events),
            created_at: self.created_at,
            previous_secret_until: self.previous_until,
        })
    }
}

const ENDPOINT_COLUMNS: &str = "id, url, events, created_at, previous_until";

pub async fn list_endpoints(db: &Db, ctx: &Ctx) -> Result<Vec<WebhookEndpoint>, AppError> {
    let rows: Vec<EndpointRow> = sqlx::query_as(&format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE partner_id = $1
         ORDER BY created_at, id"
    ))
    .bind(ctx.partner_id.to_string())
    .fetch_all(db.readers())
    .await?;
    rows.into_iter().map(EndpointRow::into_endpoint).collect()
}

pub async fn endpoint(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<WebhookEndpoint>, AppError> {
    let row: Option<EndpointRow> = sqlx::query_as(&format!(
        "SELECT {ENDPOINT_COLUMNS} FROM webhook_endpoints WHERE partner_id = $1 AND id = $2"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(EndpointRow::into_endpoint).transpose()
}

/// A new secret; the current one keeps signing beside it until `previous_until`.
pub async fn rotate_secret(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
    secret_sealed: &str,
    previous_until: &str,
) -> Result<bool, AppError> {
    let done = sqlx::query(
        "UPDATE webhook_endpoints SET previous_sealed = secret_sealed, secret_sealed = $1,
            previous_until = $2
         WHERE partner_id = $3 AND id = $4",
    )
    .bind(secret_sealed)
    .bind(previous_until)
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn delete_endpoint(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
) -> Result<bool, AppError> {
    sqlx::query("DELETE FROM webhook_deliveries WHERE partner_id = $1 AND endpoint_id = $2")
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(&mut *conn)
        .await?;
    let done = sqlx::query("DELETE FROM webhook_endpoints WHERE partner_id = $1 AND id = $2")
        .bind(ctx.partner_id.to_string())
        .bind(id.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Queues an event for the partner's endpoints that hear of it, in the caller's transaction:
/// the Standard Webhooks payload `{type, timestamp, data}`.
pub async fn enqueue_event(
    conn: &mut AnyConnection,
    partner_id: Uuid,
    event: EventType,
    data: serde_json::Value,
) -> Result<Vec<Uuid>, AppError> {
    enqueue(conn, partner_id, event, &payload(event, data), None).await
}

/// A delivery's body, as Standard Webhooks shapes it: `{type, timestamp, data}`.
pub fn payload(event: EventType, data: serde_json::Value) -> String {
    serde_json::json!({
        "type": event.as_str(),
        "timestamp": crate::timestamp::now(),
        "data": data,
    })
    .to_string()
}

/// Queues `payload` for every endpoint of the partner that hears of `event` (only the one
/// `only` names, whatever it hears of: the test event), in the caller's transaction. Returns
/// the deliveries queued.
pub async fn enqueue(
    conn: &mut AnyConnection,
    partner_id: Uuid,
    event: EventType,
    payload: &str,
    only: Option<Uuid>,
) -> Result<Vec<Uuid>, AppError> {
    let endpoints: Vec<(String, String)> =
        sqlx::query_as("SELECT id, events FROM webhook_endpoints WHERE partner_id = $1")
            .bind(partner_id.to_string())
            .fetch_all(&mut *conn)
            .await?;
    let now = crate::timestamp::now();
    let mut queued = Vec::new();
    for (endpoint_id, events) in endpoints {
        let chosen = match only {
            Some(only) => only.to_string() == endpoint_id,
            None => parse_events(&events).contains(&event),
        };
        if !chosen {
            continue;
        }
        let id = Uuid::new_v4();
        sqlx::query(
            "INSERT INTO webhook_deliveries (id, partner_id, endpoint_id, message_id, event_type,
                payload, status, attempts, created_at, next_attempt_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8)",
        )
        .bind(id.to_string())
        .bind(partner_id.to_string())
        .bind(endpoint_id)
        .bind(format!("msg_{}", id.simple()))
        .bind(event.as_str())
        .bind(payload)
        .bind(DeliveryStatus::Pending.as_str())
        .bind(&now)
        .execute(&mut *conn)
        .await?;
        queued.push(id);
    }
    Ok(queued)
}

#[derive(sqlx::FromRow)]
struct DeliveryRow {
    id: String,
    endpoint_id: String,
    message_id: String,
    event_type: String,
    status: String,
    attempts: i64,
    created_at: String,
    next_attempt_at: Option<String>,
    response_code: Option<i64>,
    last_result: Option<String>,
    failure: Option<String>,
    payload: String,
}

impl DeliveryRow {
    fn into_delivery(self) -> Result<WebhookDelivery, AppError> {
        Ok(WebhookDelivery {
            id: self.id.parse().map_err(|_| anyhow!("bad delivery id"))?,
            endpoint_id: self
                .endpoint_id
                .parse()
                .map_err(|_| anyhow!("bad endpoint id"))?,
            message_id: self.message_id,
            event_type: EventType::from_code(&self.event_type)
                .ok_or_else(|| anyhow!("unknown event {}", self.event_type))?,
            status: DeliveryStatus::from_code(&self.status)
                .ok_or_else(|| anyhow!("unknown delivery status {}", self.status))?,
            attempts: u32::try_from(self.attempts).unwrap_or(u32::MAX),
            created_at: self.created_at,
            next_attempt_at: self.next_attempt_at,
            response_code: self.response_code.and_then(|c| u16::try_from(c).ok()),
            last_result: self.last_result,
            failure: self.failure.as_deref().and_then(DeliveryFailure::from_code),
            payload: self.payload,
        })
    }
}

const DELIVERY_COLUMNS: &str = "id, endpoint_id, message_id, event_type, status, attempts,
    created_at, next_attempt_at, response_code, last_result, failure, payload";

/// An endpoint's latest deliveries, newest first (`None` when the endpoint isn't the
/// partner's).
pub async fn deliveries(
    db: &Db,
    ctx: &Ctx,
    endpoint_id: Uuid,
    limit: u32,
) -> Result<Option<Vec<WebhookDelivery>>, AppError> {
    let mut conn = db.readers().acquire().await?;
    if endpoint(&mut conn, ctx, endpoint_id).await?.is_none() {
        return Ok(None);
    }
    let rows: Vec<DeliveryRow> = sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries
         WHERE partner_id = $1 AND endpoint_id = $2 ORDER BY created_at DESC, id LIMIT $3"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(endpoint_id.to_string())
    .bind(i64::from(limit))
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(DeliveryRow::into_delivery)
        .collect::<Result<_, _>>()
        .map(Some)
}

/// Sends a delivery again (same message id): due now, its attempts counted afresh.
pub async fn replay(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<WebhookDelivery>, AppError> {
    sqlx::query(
        "UPDATE webhook_deliveries SET status = $1, attempts = 0, next_attempt_at = $2
         WHERE partner_id = $3 AND id = $4",
    )
    .bind(DeliveryStatus::Pending.as_str())
    .bind(crate::timestamp::now())
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .execute(&mut *conn)
    .await?;
    delivery(conn, ctx, id).await
}

pub async fn delivery(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    id: Uuid,
) -> Result<Option<WebhookDelivery>, AppError> {
    let row: Option<DeliveryRow> = sqlx::query_as(&format!(
        "SELECT {DELIVERY_COLUMNS} FROM webhook_deliveries WHERE partner_id = $1 AND id = $2"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(id.to_string())
    .fetch_optional(conn)
    .await?;
    row.map(DeliveryRow::into_delivery).transpose()
}

/// A delivery due for an attempt (any partner's: the worker serves them all), with what it
/// is sent to and signed with.
#[derive(sqlx::FromRow)]
pub struct Due {
    pub id: String,
    pub message_id: String,
    pub payload: String,
    pub attempts: i64,
    pub endpoint_id: String,
    pub url: String,
    pub secret_sealed: String,
    pub previous_sealed: Option<String>,
    pub previous_until: Option<String>,
}

pub async fn due(db: &Db, now: &str, limit: u32) -> anyhow::Result<Vec<Due>> {
    Ok(sqlx::query_as(
        "SELECT d.id, d.message_id, d.payload, d.attempts, d.endpoint_id, e.url,
                e.secret_sealed, e.previous_sealed, e.previous_until
         FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
         WHERE d.status = $1 AND d.next_attempt_at <= $2
         ORDER BY d.next_attempt_at LIMIT $3",
    )
    .bind(DeliveryStatus::Pending.as_str())
    .bind(now)
    .bind(i64::from(limit))
    .fetch_all(db.readers())
    .await?)
}

/// What an attempt came to: the endpoint's status code and the start of its answer, or why
/// there was none.
pub struct Attempt {
    pub response_code: Option<u16>,
    pub answer: Option<String>,
    pub failure: Option<DeliveryFailure>,
}

/// Records an attempt: delivered, retried at `retry_at`, or failed for good.
pub async fn record_attempt(
    db: &Db,
    id: &str,
    status: DeliveryStatus,
    retry_at: Option<&str>,
    attempt: &Attempt,
) -> anyhow::Result<()> {
    let mut tx = db.write().await?;
    sqlx::query(
        "UPDATE webhook_deliveries SET attempts = attempts + 1, status = $1,
            next_attempt_at = $2, response_code = $3, last_result = $4, failure = $5
         WHERE id = $6",
    )
    .bind(status.as_str())
    .bind(retry_at)
    .bind(attempt.response_code.map(i64::from))
    .bind(attempt.answer.as_deref())
    .bind(attempt.failure.map(DeliveryFailure::as_str))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}
