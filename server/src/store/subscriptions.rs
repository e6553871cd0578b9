//! A customer's subscriptions: what was sold on which terms, and the dates the sweep charges and
//! renews on. The rules (what may change when, what it costs) are `shared::subscription`'s; this
//! stores their outcomes.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use anyhow::Context;
use serde::Serialize;
use shared::date::CalendarDate;
use shared::money::{Currency, Money};
use shared::subscription::{
    change_window, BillingCycle, ChangeWindow, Subscription, SubscriptionStatus, Term,
};
use sqlx::{AnyConnection, AnyExecutor};
use time::OffsetDateTime;
use uuid::Uuid;

/// A subscription as stored (and as the audit log records it).
#[derive(Clone, Debug, Serialize)]
pub struct Stored {
    pub id: Uuid,
    #[serde(skip)]
    pub partner_id: Uuid,
    pub customer_id: Uuid,
    pub offer_id: String,
    pub offer: String,
    pub quantity: u32,
    pub status: SubscriptionStatus,
    pub term: Term,
    pub billing_cycle: BillingCycle,
    pub auto_renew: bool,
    pub currency: Currency,
    pub seat_price_minor: i64,
    pub term_started_at: String,
    pub term_starts_on: CalendarDate,
    pub renews_on: CalendarDate,
    pub next_charge_on: CalendarDate,
    pub created_at: String,
    pub updated_at: String,
}

impl Stored {
    /// List price of one seat for one billing period, held for the term.
    pub fn seat_price(&self) -> Money {
        Money::new(self.seat_price_minor, self.currency)
    }

    /// Billed for use, without seats or commitment (an Azure plan).
    pub fn usage(&self) -> bool {
        shared::offer::offer(&self.offer_id).is_some_and(|o| o.usage)
    }

    /// Whether fewer seats and cancellation are possible at `now`.
    pub fn window(&self, now: OffsetDateTime) -> ChangeWindow {
        let started = crate::timestamp::parse(&self.term_started_at)
            .map_or(0, OffsetDateTime::unix_timestamp);
        change_window(
            self.usage(),
            started,
            self.renews_on,
            self.auto_renew && self.status.is_live(),
            now.unix_timestamp(),
        )
    }

    /// The subscription as the API answers it, its window judged at `now`.
    pub fn wire(&self, now: OffsetDateTime) -> Subscription {
        Subscription {
            id: self.id,
            offer_id: self.offer_id.clone(),
            offer: self.offer.clone(),
            quantity: self.quantity,
            status: self.status,
            term: self.term,
            billing_cycle: self.billing_cycle,
            auto_renew: self.auto_renew,
            seat_price: self.seat_price(),
            period_total: self.seat_price().times(i64::from(self.quantity)),
            term_starts_on: self.term_starts_on,
            renews_on: self.renews_on,
            change_window: self.window(now),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct SubscriptionRow {
    id: String,
    partner_id: String,
    customer_id: String,
    offer_id: String,
    offer: String,
    quantity: i64,
    status: String,
    term: String,
    billing_cycle: String,
    auto_renew: i64,
    currency: String,
    seat_price_minor: i64,
    term_started_at: String,
    term_starts_on: String,
    renews_on: String,
    next_charge_on: String,
    created_at: String,
    updated_at: String,
}

impl TryFrom<SubscriptionRow> for Stored {
    type Error = anyhow::Error;
    fn try_from(r: SubscriptionRow) -> anyhow::Result<Self> {
        let date = |s: &str| CalendarDate::parse(s).map_err(|e| anyhow::anyhow!("{s:?}: {e:?}"));
        Ok(Stored {
            id: r.id.parse()?,
            partner_id: r.partner_id.parse()?,
            customer_id: r.customer_id.parse()?,
            offer_id: r.offer_id,
            offer: r.offer,
            quantity: u32::try_from(r.quantity).context("stored quantity")?,
            status: SubscriptionStatus::parse(&r.status).context("stored status")?,
            term: Term::parse(&r.term).context("stored term")?,
            billing_cycle: BillingCycle::parse(&r.billing_cycle).context("stored cycle")?,
            auto_renew: r.auto_renew != 0,
            currency: Currency::parse(&r.currency).context("stored currency")?,
            seat_price_minor: r.seat_price_minor,
            term_started_at: r.term_started_at,
            term_starts_on: date(&r.term_starts_on)?,
            renews_on: date(&r.renews_on)?,
            next_charge_on: date(&r.next_charge_on)?,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const COLUMNS: &str = "id, partner_id, customer_id, offer_id, offer, quantity, status, term,
    billing_cycle, auto_renew, currency, seat_price_minor, term_started_at, term_starts_on,
    renews_on, next_charge_on, created_at, updated_at";

fn stored(rows: Vec<SubscriptionRow>) -> Result<Vec<Stored>, AppError> {
    Ok(rows
        .into_iter()
        .map(Stored::try_from)
        .collect::<anyhow::Result<_>>()?)
}

#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %customer))]
pub async fn list(db: &Db, ctx: &Ctx, customer: Uuid) -> Result<Vec<Stored>, AppError> {
    let rows: Vec<SubscriptionRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM subscriptions WHERE partner_id = $1 AND customer_id = $2
         ORDER BY created_at, id"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .fetch_all(db.readers())
    .await?;
    stored(rows)
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

/// One of the partner's subscriptions of `customer`.
pub async fn get<'e>(
    db: impl AnyExecutor<'e>,
    partner_id: Uuid,
    customer: Uuid,
    id: Uuid,
) -> Result<Option<Stored>, AppError> {
    let row: Option<SubscriptionRow> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM subscriptions WHERE partner_id = $1 AND customer_id = $2 AND id = $3"
    ))
    .bind(partner_id.to_string())
    .bind(customer.to_string())
    .bind(id.to_string())
    .fetch_optional(db)
    .await?;
    Ok(row.map(Stored::try_from).transpose()?)
}

/// Stores a new subscription (its `partner_id` says whose).
pub async fn insert_in(conn: &mut AnyConnection, s: &Stored) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO subscriptions (id, partner_id, customer_id, offer_id, offer, quantity, status,
            term, billing_cycle, auto_renew, currency, seat_price_minor, term_started_at,
            term_starts_on, renews_on, next_charge_on, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)",
    )
    .bind(s.id.to_string())
    .bind(s.partner_id.to_string())
    .bind(s.customer_id.to_string())
    .bind(&s.offer_id)
    .bind(&s.offer)
    .bind(i64::from(s.quantity))
    .bind(s.status.as_str())
    .bind(s.term.as_str())
    .bind(s.billing_cycle.as_str())
    .bind(i64::from(s.auto_renew))
    .bind(s.currency.as_str())
    .bind(s.seat_price_minor)
    .bind(&s.term_started_at)
    .bind(s.term_starts_on.to_string())
    .bind(s.renews_on.to_string())
    .bind(s.next_charge_on.to_string())
    .bind(&s.created_at)
    .bind(&s.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes a changed subscription back: everything that can change after the sale.
pub async fn update_in(conn: &mut AnyConnection, s: &Stored) -> Result<(), AppError> {
    let updated = sqlx::query(
        "UPDATE subscriptions SET quantity = $1, status = $2, auto_renew = $3,
            seat_price_minor = $4, term_started_at = $5, term_starts_on = $6, renews_on = $7,
            next_charge_on = $8, updated_at = $9
         WHERE partner_id = $10 AND customer_id = $11 AND id = $12",
    )
    .bind(i64::from(s.quantity))
    .bind(s.status.as_str())
    .bind(i64::from(s.auto_renew))
    .bind(s.seat_price_minor)
    .bind(&s.term_started_at)
    .bind(s.term_starts_on.to_string())
    .bind(s.renews_on.to_string())
    .bind(s.next_charge_on.to_string())
    .bind(&s.updated_at)
    .bind(s.partner_id.to_string())
    .bind(s.customer_id.to_string())
    .bind(s.id.to_string())
    .execute(conn)
    .await?;
    if updated.rows_affected() != 1 {
        return Err(anyhow::anyhow!("subscription {} vanished", s.id).into());
    }
    Ok(())
}

/// Live subscriptions (any partner's) with a billing period or a renewal due by `today`, for
/// the sweep: (partner, customer, subscription).
pub async fn due(db: &Db, today: CalendarDate) -> Result<Vec<(Uuid, Uuid, Uuid)>, AppError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT partner_id, customer_id, id FROM subscriptions
         WHERE status IN ('active', 'suspended') AND next_charge_on <= $1
         ORDER BY next_charge_on, id",
    )
    .bind(today.to_string())
    .fetch_all(db.readers())
    .await?;
    rows.into_iter()
        .map(|(p, c, s)| Ok((p.parse()?, c.parse()?, s.parse()?)))
        .collect::<Result<_, uuid::Error>>()
        .map_err(|e| AppError::Internal(anyhow::Error::new(e)))
}
