//! The ledger: one row per charge or refund, at list price in the customer's currency. Rows are
//! only ever added, in the transaction of the change that caused them, with the month's totals
//! (`store::billing::add_to_month`).

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use anyhow::Context;
use shared::billing::{Charge, ChargeKind, Markup};
use shared::date::CalendarDate;
use shared::money::{Currency, Money};
use sqlx::AnyConnection;
use uuid::Uuid;

/// A ledger row to add.
pub struct NewCharge<'a> {
    pub partner_id: Uuid,
    pub customer_id: Uuid,
    pub subscription_id: Uuid,
    pub kind: ChargeKind,
    pub offer: &'a str,
    pub quantity: i64,
    pub period: (CalendarDate, CalendarDate),
    pub amount: Money,
    pub markup: Markup,
    pub charged_on: CalendarDate,
}

pub async fn insert_in(conn: &mut AnyConnection, c: &NewCharge<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO charges (id, partner_id, customer_id, subscription_id, kind, offer, quantity,
            period_start, period_end, amount_minor, currency, markup_bp, charged_on, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(c.partner_id.to_string())
    .bind(c.customer_id.to_string())
    .bind(c.subscription_id.to_string())
    .bind(c.kind.as_str())
    .bind(c.offer)
    .bind(c.quantity)
    .bind(c.period.0.to_string())
    .bind(c.period.1.to_string())
    .bind(c.amount.minor())
    .bind(c.amount.currency().as_str())
    .bind(i64::from(c.markup.basis_points()))
    .bind(c.charged_on.to_string())
    .bind(crate::timestamp::now())
    .execute(&mut *conn)
    .await?;
    crate::store::billing::add_to_month(
        conn,
        c.partner_id,
        c.customer_id,
        c.charged_on,
        c.amount,
        c.markup.apply(c.amount),
    )
    .await
}

#[derive(sqlx::FromRow)]
struct ChargeRow {
    id: String,
    subscription_id: String,
    kind: String,
    offer: String,
    quantity: i64,
    period_start: String,
    period_end: String,
    amount_minor: i64,
    currency: String,
    markup_bp: i64,
    charged_on: String,
}

impl TryFrom<ChargeRow> for Charge {
    type Error = anyhow::Error;
    fn try_from(r: ChargeRow) -> anyhow::Result<Self> {
        let date = |s: &str| CalendarDate::parse(s).map_err(|e| anyhow::anyhow!("{s:?}: {e:?}"));
        let amount = Money::new(
            r.amount_minor,
            Currency::parse(&r.currency).context("stored currency")?,
        );
        let markup = u32::try_from(r.markup_bp)
            .ok()
            .and_then(Markup::from_basis_points)
            .context("stored markup")?;
        Ok(Charge {
            id: r.id.parse()?,
            subscription_id: r.subscription_id.parse()?,
            kind: ChargeKind::parse(&r.kind).context("stored charge kind")?,
            offer: r.offer,
            quantity: r.quantity,
            period_start: date(&r.period_start)?,
            period_end: date(&r.period_end)?,
            amount,
            price: markup.apply(amount),
            charged_on: date(&r.charged_on)?,
        })
    }
}

/// A customer's ledger, newest first.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id, customer_id = %customer))]
pub async fn of_customer(db: &Db, ctx: &Ctx, customer: Uuid) -> Result<Vec<Charge>, AppError> {
    let rows: Vec<ChargeRow> = sqlx::query_as(
        "SELECT id, subscription_id, kind, offer, quantity, period_start, period_end,
            amount_minor, currency, markup_bp, charged_on
         FROM charges WHERE partner_id = $1 AND customer_id = $2
         ORDER BY charged_on DESC, created_at DESC, id",
    )
    .bind(ctx.partner_id.to_string())
    .bind(customer.to_string())
    .fetch_all(db.readers())
    .await?;
    Ok(rows
        .into_iter()
        .map(Charge::try_from)
        .collect::<anyhow::Result<_>>()?)
}
