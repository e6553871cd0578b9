//! Offers, a customer's subscriptions and ledger: ordering and new commerce's changes.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::customers::{idempotency_key, IDEMPOTENT_REPLAYED};
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::service::subscriptions::{self as service, Ordered};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Action;
use shared::offer::OfferInfo;
use shared::subscription::{AutoRenewRequest, OrderRequest, QuantityRequest, Subscription};
use uuid::Uuid;

/// New commerce's window, as the document states it.
macro_rules! window_rule {
    () => {
        "Fewer seats and cancellation are possible only within 7 days (168 hours) of the purchase or a renewal (409 `change_window_closed`, with `reopens_on`)."
    };
}

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/offers", Access::Allowed(Action::ViewCustomers), offers).doc(
            RouteDoc::new("List the offers")
                .detail("The offers the partner's cloud instance sells, with list prices per currency.")
                .answers_list::<OfferInfo>("The offers."),
        ),
        ApiRoute::get(
            "/customers/{id}/subscriptions",
            Access::Allowed(Action::ViewCustomers),
            list,
        )
        .doc(
            RouteDoc::new("List a customer's subscriptions")
                .answers_list::<Subscription>("The subscriptions, oldest first."),
        ),
        ApiRoute::post(
            "/customers/{id}/subscriptions",
            Access::Allowed(Action::SellSubscriptions),
            order,
        )
        .doc(
            RouteDoc::new("Order a subscription")
                .creates("/id", "/customers/{id}/subscriptions")
                .detail("Orders an offer for an active customer, priced in the customer's currency; the first billing period is charged at once. Send an `Idempotency-Key` header to make a retry safe (`idempotent-replayed: true` on the repeated answer).")
                .header("idempotency-key", false, "1 to 200 visible ASCII characters; retries with the same key order nothing twice.")
                .body::<OrderRequest>()
                .answers::<Subscription>(201, "The new subscription.")
                .refused(409, "The customer isn't active, or the key was used for another order."),
        ),
        ApiRoute::post(
            "/customers/{id}/subscriptions/{subscription_id}/quantity",
            Access::Allowed(Action::SellSubscriptions),
            quantity,
        )
        .doc(
            RouteDoc::new("Change a subscription's seats")
                .detail(concat!("More seats at any time, charged pro rata for the rest of the billing period; fewer are refunded pro rata. ", window_rule!()))
                .body::<QuantityRequest>()
                .answers::<Subscription>(200, "The subscription.")
                .refused(409, "Not active, or fewer seats after the change window."),
        ),
        ApiRoute::post(
            "/customers/{id}/subscriptions/{subscription_id}/auto-renew",
            Access::Allowed(Action::SellSubscriptions),
            auto_renew,
        )
        .doc(
            RouteDoc::new("Turn a subscription's auto-renew on or off")
                .body::<AutoRenewRequest>()
                .answers::<Subscription>(200, "The subscription.")
                .refused(409, "It is cancelled or expired."),
        ),
        ApiRoute::post(
            "/customers/{id}/subscriptions/{subscription_id}/suspend",
            Access::Allowed(Action::SellSubscriptions),
            suspend,
        )
        .doc(
            RouteDoc::new("Suspend a subscription")
                .detail("A suspended subscription is still billed under new commerce until it is cancelled.")
                .answers::<Subscription>(200, "The subscription.")
                .refused(409, "It isn't active."),
        ),
        ApiRoute::post(
            "/customers/{id}/subscriptions/{subscription_id}/resume",
            Access::Allowed(Action::SellSubscriptions),
            resume,
        )
        .doc(
            RouteDoc::new("Resume a suspended subscription")
                .answers::<Subscription>(200, "The subscription.")
                .refused(409, "It isn't suspended."),
        ),
        ApiRoute::post(
            "/customers/{id}/subscriptions/{subscription_id}/cancel",
            Access::Allowed(Action::SellSubscriptions),
            cancel,
        )
        .doc(
            RouteDoc::new("Cancel a subscription")
                .detail(concat!("Refunds the rest of the billing period pro rata. ", window_rule!()))
                .answers::<Subscription>(200, "The subscription.")
                .refused(409, "Cancelled or expired already, or after the change window."),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn offers(ctx: Ctx) -> Json<Vec<OfferInfo>> {
    Json(
        shared::offer::offers_in(ctx.instance)
            .map(|o| o.info())
            .collect(),
    )
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Subscription>>, AppError> {
    Ok(Json(
        service::of_customer(&state.db, &ctx, &state.clock, id).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn order(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(request): ApiJson<OrderRequest>,
) -> Result<Response, AppError> {
    let key = idempotency_key(&headers)?;
    let (subscription, replayed) =
        match service::order(&state.db, &ctx, &state.clock, id, &request, key.as_ref()).await? {
            Ordered::Created(s) => (s, false),
            Ordered::Replayed(s) => (s, true),
        };
    let location = format!("/api/customers/{id}/subscriptions/{}", subscription.id);
    let mut response = (
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(subscription),
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    Ok(response)
}

#[tracing::instrument(skip_all)]
async fn quantity(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((customer, id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<QuantityRequest>,
) -> Result<Json<Subscription>, AppError> {
    let clock = &state.clock;
    Ok(Json(
        service::change_quantity(&state.db, &ctx, clock, customer, id, body.quantity).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn auto_renew(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((customer, id)): ApiPath<(Uuid, Uuid)>,
    ApiJson(body): ApiJson<AutoRenewRequest>,
) -> Result<Json<Subscription>, AppError> {
    let clock = &state.clock;
    Ok(Json(
        service::set_auto_renew(&state.db, &ctx, clock, customer, id, body.auto_renew).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn suspend(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((customer, id)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<Subscription>, AppError> {
    let clock = &state.clock;
    Ok(Json(
        service::set_suspended(&state.db, &ctx, clock, customer, id, true).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn resume(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((customer, id)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<Subscription>, AppError> {
    let clock = &state.clock;
    Ok(Json(
        service::set_suspended(&state.db, &ctx, clock, customer, id, false).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath((customer, id)): ApiPath<(Uuid, Uuid)>,
) -> Result<Json<Subscription>, AppError> {
    let clock = &state.clock;
    Ok(Json(
        service::cancel(&state.db, &ctx, clock, customer, id).await?,
    ))
}
