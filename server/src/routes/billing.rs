//! Billing: the partner's month, its invoice lines as CSV, the markups, a customer's ledger.

use crate::csv_export;
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::service::billing as service;
use crate::state::AppState;
use crate::store::billing;
use axum::extract::State;
use axum::response::Response;
use axum::Json;
use shared::access::Action;
use shared::billing::{
    BillingQuery, BillingReport, ChargeKind, CustomerBilling, Markup, MarkupForm, Month,
};
use shared::i18n::Msg;
use shared::import::ExportEncoding;
use shared::money::{Currency, Money};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/billing", Access::Allowed(Action::Billing), report).doc(
            RouteDoc::new("Read a month's billing")
                .detail("Per customer and currency: the cost at list price, what the customer pays with its markup, the margin; totals per currency. 100 rows at a time from `offset`.")
                .query::<BillingQuery>()
                .answers::<BillingReport>(200, "The month."),
        ),
        ApiRoute::get(
            "/billing/invoice-lines.csv",
            Access::Allowed(Action::Billing),
            invoice_lines,
        )
        .doc(
            RouteDoc::new("Export a month's invoice lines")
                .detail("Every charge and refund of the month, streamed, headers in `lang`.")
                .query::<BillingQuery>()
                .answers_with(200, "The lines as CSV.", Payload::Csv),
        ),
        ApiRoute::put("/billing/markup", Access::Allowed(Action::Billing), set_partner_markup)
            .doc(
                RouteDoc::new("Set the partner's markup")
                    .detail("A percentage from 0 to 100 with up to two decimals, applied to charges made from now on.")
                    .body::<MarkupForm>()
                    .answers::<BillingReport>(200, "This month's billing with the new markup."),
            ),
        ApiRoute::get(
            "/customers/{id}/billing",
            Access::Allowed(Action::Billing),
            customer_billing,
        )
        .doc(
            RouteDoc::new("Read a customer's billing")
                .detail("Its markup and its ledger: every charge and refund, newest first.")
                .answers::<CustomerBilling>(200, "The customer's billing."),
        ),
        ApiRoute::put(
            "/customers/{id}/markup",
            Access::Allowed(Action::Billing),
            set_customer_markup,
        )
        .doc(
            RouteDoc::new("Set a customer's own markup")
                .detail("Empty for the partner's markup again.")
                .body::<MarkupForm>()
                .answers::<CustomerBilling>(200, "The customer's billing."),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<BillingQuery>,
) -> Result<Json<BillingReport>, AppError> {
    let offset = query.offset.unwrap_or(0);
    Ok(Json(
        service::report(&state.db, &ctx, &state.clock, query.month, offset).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn set_partner_markup(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(form): ApiJson<MarkupForm>,
) -> Result<Json<BillingReport>, AppError> {
    service::set_markup(&state.db, &ctx, None, &form).await?;
    Ok(Json(
        service::report(&state.db, &ctx, &state.clock, None, 0).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn customer_billing(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<CustomerBilling>, AppError> {
    Ok(Json(service::of_customer(&state.db, &ctx, id).await?))
}

#[tracing::instrument(skip_all)]
async fn set_customer_markup(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<MarkupForm>,
) -> Result<Json<CustomerBilling>, AppError> {
    service::set_markup(&state.db, &ctx, Some(id), &form).await?;
    Ok(Json(service::of_customer(&state.db, &ctx, id).await?))
}

/// The month's charges, one line each: customer, offer, kind, period, seats, currency, cost,
/// markup, price, margin — the price per line by the shared rule, so the lines add up to the
/// report's totals.
#[tracing::instrument(skip_all)]
async fn invoice_lines(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<BillingQuery>,
) -> Result<Response, AppError> {
    let locale = csv_export::locale(query.lang.as_deref());
    let encoding = query.encoding.unwrap_or(ExportEncoding::ForExcel);
    let month = query
        .month
        .unwrap_or_else(|| Month::of(state.clock.today()));
    let header = csv_export::line(&[
        locale.text(Msg::ColCompany),
        locale.text(Msg::CustomerId),
        locale.text(Msg::ColOffer),
        locale.text(Msg::ColChargeKind),
        locale.text(Msg::ColPeriodStart),
        locale.text(Msg::ColPeriodEnd),
        locale.text(Msg::LabelQuantity),
        locale.text(Msg::AuditKeyCurrency),
        locale.text(Msg::ColCost),
        locale.text(Msg::LabelMarkup),
        locale.text(Msg::ColPrice),
        locale.text(Msg::ColMargin),
        locale.text(Msg::ColChargedOn),
    ]);
    let db = state.db.clone();
    Ok(csv_export::download(
        "partnerdesk-invoice-lines.csv",
        encoding,
        header,
        move |rows| async move {
            use futures_util::StreamExt;
            let mut lines =
                billing::invoice_lines_query(db.backend(), &ctx, month).fetch(db.readers());
            while let Some(line) = lines.next().await {
                let line = line.map_err(anyhow::Error::new).and_then(|l| {
                    let currency = Currency::parse(&l.currency)
                        .ok_or_else(|| anyhow::anyhow!("stored currency {}", l.currency))?;
                    let cost = Money::new(l.amount_minor, currency);
                    let markup = u32::try_from(l.markup_bp)
                        .ok()
                        .and_then(Markup::from_basis_points)
                        .ok_or_else(|| anyhow::anyhow!("stored markup {}", l.markup_bp))?;
                    let price = markup.apply(cost);
                    let margin = Money::new(price.minor() - cost.minor(), currency);
                    let kind = ChargeKind::parse(&l.kind)
                        .map(|k| locale.text(k.label()).to_string())
                        .unwrap_or(l.kind);
                    Ok(csv_export::line(&[
                        &l.company_name,
                        &l.customer_id,
                        &l.offer,
                        &kind,
                        &l.period_start,
                        &l.period_end,
                        &l.quantity.to_string(),
                        currency.as_str(),
                        &cost.decimal(),
                        &markup.to_string(),
                        &price.decimal(),
                        &margin.decimal(),
                        &l.charged_on,
                    ]))
                });
                if !rows.send(line).await {
                    return;
                }
            }
        },
    ))
}
