//! Billing: the partner's month (cost at list price, what customers pay with their markups, the
//! margin), a customer's ledger, and the markups — the partner's and a customer's own, each
//! change audited. A markup applies to charges made after it is set; each ledger row keeps the
//! one it was charged under, so a past month's figures never change.

use crate::clock::Clock;
use crate::ctx::Ctx;
use crate::db::Db;
use crate::error::AppError;
use crate::store::audit::{self, Actor, Change};
use crate::store::{billing, charges, customers};
use serde::Serialize;
use shared::audit::AuditAction;
use shared::billing::{BillingReport, CustomerBilling, Markup, MarkupForm, Month};
use uuid::Uuid;

/// The partner's billing for `month` (this month by the server's clock when `None`): totals per
/// currency and a page of rows from `offset`.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn report(
    db: &Db,
    ctx: &Ctx,
    clock: &Clock,
    month: Option<Month>,
    offset: u32,
) -> Result<BillingReport, AppError> {
    let month = month.unwrap_or_else(|| Month::of(clock.today()));
    let (totals, total_rows) = billing::month_totals(db, ctx, month).await?;
    let rows = if u64::from(offset) < total_rows {
        billing::month_rows(db, ctx, month, offset, total_rows).await?
    } else {
        Vec::new()
    };
    Ok(BillingReport {
        month,
        markup: billing::partner_markup(db.readers(), ctx).await?,
        totals,
        total_rows,
        rows,
    })
}

/// A customer's markup and ledger; 404 for an unknown or foreign customer.
pub async fn of_customer(db: &Db, ctx: &Ctx, customer: Uuid) -> Result<CustomerBilling, AppError> {
    customers::get(db.readers(), ctx, customer)
        .await?
        .ok_or(AppError::NotFound)?;
    let markup_override = billing::customer_markup(db.readers(), ctx, customer).await?;
    let markup = match markup_override {
        Some(own) => own,
        None => billing::partner_markup(db.readers(), ctx).await?,
    };
    Ok(CustomerBilling {
        markup_override,
        markup,
        charges: charges::of_customer(db, ctx, customer).await?,
    })
}

/// What the audit log records of a markup.
#[derive(Serialize)]
struct Recorded {
    markup: Option<Markup>,
}

/// Sets the partner's markup (`customer` `None`; required) or a customer's own (empty: the
/// partner's again). Audited with before and after.
#[tracing::instrument(skip_all, fields(partner_id = %ctx.partner_id))]
pub async fn set_markup(
    db: &Db,
    ctx: &Ctx,
    customer: Option<Uuid>,
    form: &MarkupForm,
) -> Result<Option<Markup>, AppError> {
    if let Some(id) = customer {
        customers::get(db.readers(), ctx, id)
            .await?
            .ok_or(AppError::NotFound)?;
    }
    let markup = match customer {
        Some(_) => form.check_override(),
        None => form.check().map(Some),
    }
    .map_err(AppError::Validation)?;
    let mut tx = db.write().await?;
    let before = match customer {
        Some(id) => billing::customer_markup(&mut *tx, ctx, id).await?,
        None => Some(billing::partner_markup(&mut *tx, ctx).await?),
    };
    if before == markup {
        return Ok(markup);
    }
    billing::set_markup(&mut tx, ctx, customer, markup).await?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change {
            action: AuditAction::BillingMarkupChanged,
            object_type: "billing",
            object_id: customer.map_or_else(|| ctx.partner_id.to_string(), |c| c.to_string()),
            customer_id: customer,
            before: Some(&Recorded { markup: before }),
            after: Some(&Recorded { markup }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(markup)
}
