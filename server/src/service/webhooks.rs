//! Webhook endpoints (global admins): add one (its secret answered once, kept sealed), renew its
//! secret with an overlap, remove it; read its deliveries, send one again, send a test event.
//! Every change is audited.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::sealed::SealingKey;
use crate::store::audit::{self, Actor};
use crate::store::webhooks::{self as store, NewEndpointRecord};
use crate::webhooks::{resolve_target, TargetRefused, WebhookPolicy};
use shared::audit::AuditAction;
use shared::webhook::{
    EventType, NewWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookSecret,
    ROTATION_OVERLAP_HOURS,
};
use shared::{Field, FieldError};
use uuid::Uuid;

/// The deliveries the log shows per endpoint.
const LOG_LENGTH: u32 = 100;

#[derive(serde::Serialize)]
struct EndpointAudit<'a> {
    url: &'a str,
    events: &'a [EventType],
}

/// Adds an endpoint. Its address must lead to the public internet (checked again before every
/// delivery: names can change what they resolve to).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn create(
    db: &Db,
    key: &SealingKey,
    policy: WebhookPolicy,
    ctx: &Ctx,
    request: &NewWebhookEndpoint,
) -> Result<WebhookSecret, AppError> {
    let valid = request.parse().map_err(AppError::Validation)?;
    match resolve_target(&valid.url, policy).await {
        // A name that doesn't resolve today may tomorrow; deliveries check it each time.
        Ok(_) | Err(TargetRefused::Unresolved) => {}
        Err(TargetRefused::NotPublic) => {
            return Err(AppError::field(Field::Url, FieldError::PrivateAddress))
        }
        Err(TargetRefused::Invalid) => {
            return Err(AppError::field(
                Field::Url,
                FieldError::InvalidFormat {
                    hint: Some("https://example.com/webhooks".into()),
                },
            ))
        }
    }
    let id = Uuid::new_v4();
    let secret = crate::webhooks::new_secret();
    let record = NewEndpointRecord {
        id,
        url: &valid.url,
        events: &valid.events,
        secret_sealed: &key.seal(secret.as_bytes(), &id.to_string()),
    };
    let mut tx = db.write().await?;
    store::insert_endpoint(&mut tx, ctx, &record).await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::Change::new(
            AuditAction::WebhookEndpointCreated,
            "webhook-endpoint",
            id,
            None,
            None::<&()>,
            Some(&EndpointAudit {
                url: &valid.url,
                events: &valid.events,
            }),
        ),
    )
    .await?;
    let endpoint = store::endpoint(&mut tx, ctx, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the endpoint just stored is missing"))?;
    tx.commit().await?;
    tracing::info!(endpoint_id = %id, "webhook endpoint created");
    Ok(WebhookSecret { endpoint, secret })
}

pub async fn list(db: &Db, ctx: &Ctx) -> Result<Vec<WebhookEndpoint>, AppError> {
    store::list_endpoints(db, ctx).await
}

/// A new secret, answered once; the old one signs beside it for a day.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, endpoint_id = %id))]
pub async fn rotate(
    db: &Db,
    key: &SealingKey,
    ctx: &Ctx,
    id: Uuid,
) -> Result<WebhookSecret, AppError> {
    let secret = crate::webhooks::new_secret();
    let until = crate::timestamp::format(
        time::OffsetDateTime::now_utc() + time::Duration::hours(ROTATION_OVERLAP_HOURS),
    );
    let mut tx = db.write().await?;
    let sealed = key.seal(secret.as_bytes(), &id.to_string());
    if !store::rotate_secret(&mut tx, ctx, id, &sealed, &until).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::Change::new(
            AuditAction::WebhookSecretRotated,
            "webhook-endpoint",
            id,
            None,
            None::<&()>,
            None::<&()>,
        ),
    )
    .await?;
    let endpoint = store::endpoint(&mut tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok(WebhookSecret { endpoint, secret })
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, endpoint_id = %id))]
pub async fn remove(db: &Db, ctx: &Ctx, id: Uuid) -> Result<(), AppError> {
    let mut tx = db.write().await?;
    let endpoint = store::endpoint(&mut tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::delete_endpoint(&mut tx, ctx, id).await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::Change::new(
            AuditAction::WebhookEndpointRemoved,
            "webhook-endpoint",
            id,
            None,
            Some(&EndpointAudit {
                url: &endpoint.url,
                events: &endpoint.events,
            }),
            None::<&()>,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn deliveries(
    db: &Db,
    ctx: &Ctx,
    endpoint_id: Uuid,
) -> Result<Vec<WebhookDelivery>, AppError> {
    store::deliveries(db, ctx, endpoint_id, LOG_LENGTH)
        .await?
        .ok_or(AppError::NotFound)
}

/// Queues a `webhook.test` event for one endpoint; the answer is its delivery.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, endpoint_id = %id))]
pub async fn send_test(db: &Db, ctx: &Ctx, id: Uuid) -> Result<WebhookDelivery, AppError> {
    let mut tx = db.write().await?;
    store::endpoint(&mut tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let payload = store::payload(EventType::Test, serde_json::json!({ "endpoint_id": id }));
    let queued =
        store::enqueue(&mut tx, ctx.partner_id, EventType::Test, &payload, Some(id)).await?;
    let delivery = match queued.first() {
        Some(&delivery_id) => store::delivery(&mut tx, ctx, delivery_id).await?,
        None => None,
    }
    .ok_or_else(|| AppError::Internal(anyhow::anyhow!("the test delivery is missing")))?;
    tx.commit().await?;
    Ok(delivery)
}

/// Sends a delivery again, with its message id (the receiver can tell a repeat).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, delivery_id = %id))]
pub async fn replay(db: &Db, ctx: &Ctx, id: Uuid) -> Result<WebhookDelivery, AppError> {
    let mut tx = db.write().await?;
    let delivery = store::replay(&mut tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        audit::Change::new(
            AuditAction::WebhookDeliveryReplayed,
            "webhook-delivery",
            id,
            None,
            None::<&()>,
            None::<&()>,
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(delivery)
}
