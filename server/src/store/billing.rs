//! Billing's reads and settings: the partner's markup and customers' own, a month's report per
//! customer and currency, and its invoice lines. What a customer pays is each ledger row's amount
//! with the markup it was charged under, rounded half away from zero per row
//! (`shared::money::Money::marked_up`) — the report's SQL sums the same per-row figure, so the
//! invoice lines add up to the report.

use crate::ctx::Ctx;
use crate::db::{Backend, Db};
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

fn money(minor: i64, currency: &str) -> anyhow::Result<Money> {
    Ok(Money::new(
        minor,
        Currency::parse(currency).context("stored currency")?,
    ))
}

fn with_margin(cost: Money, price: Money) -> Money {
    Money::new(price.minor() - cost.minor(), cost.currency())
}

/// Adds one ledger row's cost and customer price to its month's totals — the customer's and the
/// partner's — inside the transaction that adds the row. The customer's row is created first
/// with `ON CONFLICT DO NOTHING`, so two transactions adding a customer's first charge of a
/// month count the customer once on both databases.
pub async fn add_to_month(
    conn: &mut AnyConnection,
    partner_id: Uuid,
    customer_id: Uuid,
    charged_on: shared::date::CalendarDate,
    cost: Money,
    price: Money,
) -> Result<(), AppError> {
    let month = Month::of(charged_on).to_string();
    let (partner, customer) = (partner_id.to_string(), customer_id.to_string());
    let currency = cost.currency().as_str();
    let first = sqlx::query(
        "INSERT INTO billing_customer_months
            (partner_id, customer_id, month, currency, cost_minor, price_minor)
         VALUES ($1, $2, $3, $4, 0, 0)
         ON CONFLICT (partner_id, customer_id, month, currency) DO NOTHING",
    )
    .bind(&partner)
    .bind(&customer)
    .bind(&month)
    .bind(currency)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    sqlx::query(
        "UPDATE billing_customer_months SET cost_minor = cost_minor + $1,
            price_minor = price_minor + $2
         WHERE partner_id = $3 AND customer_id = $4 AND month = $5 AND currency = $6",
    )
    .bind(cost.minor())
    .bind(price.minor())
    .bind(&partner)
    .bind(&customer)
    .bind(&month)
    .bind(currency)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO billing_partner_months
            (partner_id, month, currency, cost_minor, price_minor, customers)
         VALUES ($1, $2, $3, 0, 0, 0)
         ON CONFLICT (partner_id, month, currency) DO NOTHING",
    )
    .bind(&partner)
    .bind(&month)
    .bind(currency)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "UPDATE billing_partner_months SET cost_minor = cost_minor + $1,
            price_minor = price_minor + $2, customers = customers + $3
         WHERE partner_id = $4 AND month = $5 AND currency = $6",
    )
    .bind(cost.minor())
    .bind(price.minor())
    .bind(i64::try_from(first).unwrap_or(0))
    .bind(&partner)
    .bind(&month)
    .bind(currency)
    .execute(conn)
    .await?;
    Ok(())
}

/// A month's totals per currency over all the partner's charges in it, and its number of rows
/// (customer and currency).
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn month_totals(
    db: &Db,
    ctx: &Ctx,
    month: Month,
) -> Result<(Vec<CurrencyTotal>, u64), AppError> {
    let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(
        "SELECT currency, cost_minor, price_minor, customers FROM billing_partner_months
         WHERE partner_id = $1 AND month = $2 AND customers > 0
         ORDER BY currency",
    )
    .bind(ctx.partner_id.to_string())
    .bind(month.to_string())
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

/// From how many rows a month's page is read by walking the customers (on SQLite). A setting
/// only so that tests run both plans (`tests/api/billing.rs`); they answer the same.
#[doc(hidden)]
pub static WALK_CUSTOMERS_FROM: std::sync::atomic::AtomicU64 =
    std::sync::atomic::AtomicU64::new(2_000);

/// A page of a month's rows: per customer and currency, by company name as the customer list
/// sorts it. `rows` is how many the month has (from its totals): a month of many customers is
/// read by walking the customers in name order (their index) and looking up each one's month,
/// so a page costs its rows, not the month's (SQLite would otherwise sort every row of the month
/// for each page: 1.8 s at 90,000); a month of few is read from its rows and sorted.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn month_rows(
    db: &Db,
    ctx: &Ctx,
    month: Month,
    offset: u32,
    rows: u64,
) -> Result<Vec<BillingRow>, AppError> {
    let walk = rows >= WALK_CUSTOMERS_FROM.load(std::sync::atomic::Ordering::Relaxed);
    // SQLite takes the left table of a CROSS JOIN as the outer loop; PostgreSQL's planner walks
    // the customers by itself when a page of a large month is asked for.
    let join = match db.backend() {
        Backend::Sqlite if walk => "CROSS JOIN",
        _ => "JOIN",
    };
    let by_name = match db.backend() {
        Backend::Sqlite => "cu.company_name COLLATE NOCASE",
        Backend::Postgres => "lower(cu.company_name)",
    };
    let rows: Vec<(String, String, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT cu.id, cu.company_name, m.currency, m.cost_minor, m.price_minor
         FROM customers cu
         {join} billing_customer_months m
            ON m.partner_id = cu.partner_id AND m.customer_id = cu.id AND m.month = $2
         WHERE cu.partner_id = $1
         ORDER BY {by_name}, cu.id, m.currency
         LIMIT $3 OFFSET $4"
    ))
    .bind(ctx.partner_id.to_string())
    .bind(month.to_string())
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

/// The month's invoice lines, in the order of the month's rows (company, customer) and by date
/// within a customer, as one query to stream.
pub fn invoice_lines_query(
    backend: Backend,
    ctx: &Ctx,
    month: Month,
) -> sqlx::query::QueryAs<'static, sqlx::Any, InvoiceLine, sqlx::any::AnyArguments<'static>> {
    let sql = match backend {
        Backend::Sqlite => INVOICE_LINES_SQLITE,
        Backend::Postgres => INVOICE_LINES_POSTGRES,
    };
    sqlx::query_as(sql)
        .bind(ctx.partner_id.to_string())
        .bind(month.first_day().to_string())
        .bind(month.next().first_day().to_string())
}

macro_rules! invoice_lines_sql {
    ($by_name:literal) => {
        concat!(
            "SELECT cu.company_name, ch.customer_id, ch.offer, ch.kind, ch.period_start,
                ch.period_end, ch.quantity, ch.currency, ch.amount_minor, ch.markup_bp,
                ch.charged_on
             FROM charges ch
             JOIN customers cu ON cu.partner_id = ch.partner_id AND cu.id = ch.customer_id
             WHERE ch.partner_id = $1 AND ch.charged_on >= $2 AND ch.charged_on < $3
             ORDER BY ",
            $by_name,
            ", ch.customer_id, ch.currency, ch.charged_on, ch.created_at, ch.id"
        )
    };
}
const INVOICE_LINES_SQLITE: &str = invoice_lines_sql!("cu.company_name COLLATE NOCASE");
const INVOICE_LINES_POSTGRES: &str = invoice_lines_sql!("lower(cu.company_name)");
