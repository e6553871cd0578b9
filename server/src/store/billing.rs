//! Billing's reads and settings: the partner's markup and customers' own, a month's report per
//! customer and currency, and its invoice lines. What a customer pays is each ledger row's amount
//! with the markup it was charged under, rounded half away from zero per row
//! (`shared::money::Money::marked_up`) — the report's SQL sums the same per-row figure, so the
//! invoice lines add up to the report.

use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use anyhow::Context;
use shared::billing::{BillingRow, CurrencyTotal, Markup, Month, BILLING_ROWS_PER_PAGE};
use shared::money::{Currency, Money};
use sqlx::AnyConnection;
use uuid::Uuid;

/// The key of the partner's own markup among the markups.
const PARTNER: &str = "";

fn markup_of(bp: i64) -> anyhow::Result<Markup> {
    u32::try_from(bp)
        .ok()
        .and_then(Markup::from_basis_points)
        .context("stored markup")
}

async fn markup_row<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    partner_id: Uuid,
    key: &str,
) -> Result<Option<Markup>, AppError> {
    let bp: Option<i64> = sqlx::query_scalar(
        "SELECT markup_bp FROM billing_markups WHERE partner_id = $1 AND customer_id = $2",
    )
    .bind(partner_id.to_string())
    .bind(key)
    .fetch_optional(db)
    .await?;
    Ok(bp.map(markup_of).transpose()?)
}

/// The partner's markup (none set: 0 %).
pub async fn partner_markup<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
) -> Result<Markup, AppError> {
    Ok(markup_row(db, ctx.partner_id, PARTNER)
        .await?
        .unwrap_or_default())
}

/// A customer's own markup, if it has one.
pub async fn customer_markup<'e>(
    db: impl sqlx::AnyExecutor<'e>,
    ctx: &Ctx,
    customer: Uuid,
) -> Result<Option<Markup>, AppError> {
    markup_row(db, ctx.partner_id, &customer.to_string()).await
}

/// The markup a customer's charges get now: its own, else the partner's.
pub async fn effective_markup(
    conn: &mut AnyConnection,
    partner_id: Uuid,
    customer: Uuid,
) -> Result<Markup, AppError> {
    if let Some(own) = markup_row(&mut *conn, partner_id, &customer.to_string()).await? {
        return Ok(own);
    }
    Ok(markup_row(&mut *conn, partner_id, PARTNER)
        .await?
        .unwrap_or_default())
}

/// Sets the partner's markup (`customer` `None`) or a customer's own; `markup` `None` removes a
/// customer's own.
pub async fn set_markup(
    conn: &mut AnyConnection,
    ctx: &Ctx,
    customer: Option<Uuid>,
    markup: Option<Markup>,
) -> Result<(), AppError> {
    let key = customer.map(|c| c.to_string()).unwrap_or_default();
    sqlx::query("DELETE FROM billing_markups WHERE partner_id = $1 AND customer_id = $2")
        .bind(ctx.partner_id.to_string())
        .bind(&key)
        .execute(&mut *conn)
        .await?;
    if let Some(markup) = markup {
        sqlx::query(
            "INSERT INTO billing_markups (partner_id, customer_id, markup_bp, updated_at)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(ctx.partner_id.to_string())
        .bind(&key)
        .bind(i64::from(markup.basis_points()))
        .bind(crate::timestamp::now())
        .execute(conn)
        .await?;
    }
    Ok(())
}

/// The customer price of one ledger row in SQL: `amount × (10000 + markup) / 10000`, rounded
/// half away from zero (integer division truncates toward zero on both databases).
const PRICE: &str = "CASE WHEN ch.amount_minor >= 0
        THEN (ch.amount_minor * (10000 + ch.markup_bp) + 5000) / 10000
        ELSE -((-ch.amount_minor * (10000 + ch.markup_bp) + 5000) / 10000) END";

fn money(minor: i64, currency: &str) -> anyhow::Result<Money> {
    Ok(Money::new(
        minor,
        Currency::parse(currency).context("stored currency")?,
    ))
}

fn with_margin(cost: Money, price: Money) -> Money {
    Money::new(price.minor() - cost.minor(), cost.currency())
}

/// A month's totals per currency over all the partner's charges in it.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn month_totals(
    db: &Db,
    ctx: &Ctx,
    month: Month,
) -> Result<(Vec<CurrencyTotal>, u64), AppError> {
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(&format!(
        "SELECT ch.currency, CAST(SUM(ch.amount_minor) AS BIGINT), CAST(SUM({PRICE}) AS BIGINT),
            CAST(COUNT(DISTINCT ch.customer_id) AS BIGINT)
         FROM charges ch
         WHERE ch.partner_id = $1 AND ch.charged_on >= $2 AND ch.charged_on < $3
         GROUP BY ch.currency ORDER BY ch.currency"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(month.first_day().to_string())
    .bind(month.next().first_day().to_string())
    .fetch_all(db.readers())
    .await?;
    let mut totals = Vec::new();
    let mut customers = 0;
    for (currency, cost, price, count) in rows {
        let (cost, price) = (money(cost, &currency)?, money(price, &currency)?);
        totals.push(CurrencyTotal {
            cost,
            price,
            margin: with_margin(cost, price),
        });
        customers += u64::try_from(count).unwrap_or(0);
    }
    Ok((totals, customers))
}

/// A page of a month's rows: per customer and currency, by company name.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn month_rows(
    db: &Db,
    ctx: &Ctx,
    month: Month,
    offset: u32,
) -> Result<Vec<BillingRow>, AppError> {
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT ch.customer_id, cu.company_name, ch.currency, CAST(SUM(ch.amount_minor) AS BIGINT),
            CAST(SUM({PRICE}) AS BIGINT)
         FROM charges ch
         JOIN customers cu ON cu.partner_id = ch.partner_id AND cu.id = ch.customer_id
         WHERE ch.partner_id = $1 AND ch.charged_on >= $2 AND ch.charged_on < $3
         GROUP BY ch.customer_id, cu.company_name, ch.currency
         ORDER BY cu.company_name, ch.customer_id, ch.currency
         LIMIT $4 OFFSET $5"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(month.first_day().to_string())
    .bind(month.next().first_day().to_string())
    .bind(i64::from(BILLING_ROWS_PER_PAGE))
    .bind(i64::from(offset))
    .fetch_all(db.readers())
    .await?;
    rows.into_iter()
        .map(|(id, company_name, currency, cost, price)| {
            let (cost, price) = (money(cost, &currency)?, money(price, &currency)?);
            Ok(BillingRow {
                customer_id: id.parse().map_err(anyhow::Error::new)?,
                company_name,
                cost,
                price,
                margin: with_margin(cost, price),
            })
        })
        .collect()
}

/// One invoice line: a ledger row with its customer.
#[derive(sqlx::FromRow)]
pub struct InvoiceLine {
    pub company_name: String,
    pub customer_id: String,
    pub offer: String,
    pub kind: String,
    pub period_start: String,
    pub period_end: String,
    pub quantity: i64,
    pub currency: String,
    pub amount_minor: i64,
    pub markup_bp: i64,
    pub charged_on: String,
}

/// The month's invoice lines, by company and date, as one query to stream.
pub fn invoice_lines_query(
    ctx: &Ctx,
    month: Month,
) -> sqlx::query::QueryAs<'static, sqlx::Any, InvoiceLine, sqlx::any::AnyArguments<'static>> {
    sqlx::query_as(
        "SELECT cu.company_name, ch.customer_id, ch.offer, ch.kind, ch.period_start,
            ch.period_end, ch.quantity, ch.currency, ch.amount_minor, ch.markup_bp, ch.charged_on
         FROM charges ch
         JOIN customers cu ON cu.partner_id = ch.partner_id AND cu.id = ch.customer_id
         WHERE ch.partner_id = $1 AND ch.charged_on >= $2 AND ch.charged_on < $3
         ORDER BY cu.company_name, ch.customer_id, ch.charged_on, ch.created_at, ch.id",
    )
    .bind(ctx.partner_id.to_string())
    .bind(month.first_day().to_string())
    .bind(month.next().first_day().to_string())
}
