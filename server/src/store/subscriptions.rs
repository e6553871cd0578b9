//! A customer's subscriptions: only what ending a relationship needs (list, suspend, cancel).

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use anyhow::Context;
use shared::audit::AuditAction;
use shared::subscription::{Subscription, SubscriptionStatus};
use sqlx::{AnyConnection, AnyExecutor};
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct SubscriptionRow {
    id: String,
    offer: String,
    quantity: i64,
    status: String,
    created_at: String,
    updated_at: String,
}

impl TryFrom<SubscriptionRow> for Subscription {
    type Error = anyhow::Error;
    fn try_from(r: SubscriptionRow) -> anyhow::Result<Self> {
        Ok(Subscription {
            id: r.id.parse()?,
            offer: r.offer,
            quantity: u32::try_from(r.quantity).context("stored quantity")?,
            status: SubscriptionStatus::parse(&r.status).context("stored status")?,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const COLUMNS: &str = "id, offer, quantity, status, created_at, updated_at";

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %customer))]
pub async fn list(db: &Db, ctx: &Ctx, customer: Uuid) -> Result<Vec<Subscription>, AppError> {
    let rows: Vec<SubscriptionRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM subscriptions WHERE partner_id = $1 AND customer_id = $2
         ORDER BY created_at, id"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .fetch_all(db.readers())
    .await?;
    Ok(rows
        .into_iter()
        .map(Subscription::try_from)
        .collect::<anyhow::Result<_>>()?)
}

/// The customer's subscriptions that keep its relationship from ending
/// (`SubscriptionStatus::blocks_ending`): their offers and states, oldest first.
pub async fn blocking_ending(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    customer: Uuid,
) -> Result<Vec<(String, SubscriptionStatus)>, AppError> {
    let blocking: Vec<&str> = SubscriptionStatus::ALL
        .iter()
        .filter(|s| s.blocks_ending())
        .map(|s| s.as_str())
        .collect();
    let sql = format!(
        "SELECT offer, status FROM subscriptions
         WHERE partner_id = $1 AND customer_id = $2 AND status IN ({})
         ORDER BY created_at, id",
        crate::store::sql::placeholders(3, blocking.len())
    );
    let mut query = sqlx::query_as::<_, (String, String)>(&sql)
        .bind(ctx.partner_id.to_string())
        .bind(customer.to_string());
    for status in blocking {
        query = query.bind(status);
    }
    query
        .fetch_all(conn)
        .await?
        .into_iter()
        .map(|(offer, status)| {
            let status = SubscriptionStatus::from_code(&status)
                .ok_or_else(|| anyhow::anyhow!("stored subscription status {status:?}"))?;
            Ok((offer, status))
        })
        .collect()
}

async fn get<'e>(
    db: impl AnyExecutor<'e>,
    ctx: &Ctx,
    customer: Uuid,
    id: Uuid,
) -> Result<Option<Subscription>, AppError> {
    let row: Option<SubscriptionRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM subscriptions WHERE partner_id = $1 AND customer_id = $2 AND id = $3"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(Subscription::try_from).transpose()?)
}

/// Suspends or cancels a subscription. Active → suspended → cancelled; a cancelled one stays
/// cancelled.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, subscription_id = %id))]
pub async fn set_status(
    db: &Db,
    ctx: &Ctx,
    customer: Uuid,
    id: Uuid,
    status: SubscriptionStatus,
) -> Result<Subscription, AppError> {
    let mut tx = db.write().await?;
    let before = get(&mut *tx, ctx, customer, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let allowed = matches!(
        (before.status, status),
        (SubscriptionStatus::Active, SubscriptionStatus::Suspended)
            | (
                SubscriptionStatus::Active | SubscriptionStatus::Suspended,
                SubscriptionStatus::Cancelled
            )
    );
    if !allowed {
        return Err(AppError::Conflict(format!(
            "A {} subscription can't become {}.",
            before.status.as_str(),
            status.as_str()
        )));
    }
    sqlx::query(
        "UPDATE subscriptions SET status = $1, updated_at = $2
         WHERE partner_id = $3 AND customer_id = $4 AND id = $5",
    )
    .bind(status.as_str())
    .bind(crate::timestamp::now())
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .bind(id.to_string())
    .execute(&mut *tx)
    .await?;
    let after = get(&mut *tx, ctx, customer, id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("subscription vanished"))?;
    let action = if status == SubscriptionStatus::Cancelled {
        AuditAction::SubscriptionCancelled
    } else {
        AuditAction::SubscriptionSuspended
    };
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change {
            action,
            object_type: "subscription",
            object_id: id.to_string(),
            customer_id: Some(customer),
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Adds a subscription (demo data; selling subscriptions comes later).
pub async fn insert(
    conn: &mut AnyConnection,
    partner_id: Uuid,
    customer: Uuid,
    offer: &str,
    quantity: u32,
    status: SubscriptionStatus,
) -> anyhow::Result<()> {
    let now = crate::timestamp::now();
    sqlx::query(
        "INSERT INTO subscriptions (id, partner_id, customer_id, offer, quantity, status,
            created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(partner_id.to_string())
    .bind(customer.to_string())
    .bind(offer)
    .bind(i64::from(quantity))
    .bind(status.as_str())
    .bind(&now)
    .bind(&now)
    .execute(conn)
    .await?;
    Ok(())
}
