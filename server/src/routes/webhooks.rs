//! Webhook endpoints and their deliveries (global admins).

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::service::webhooks as service;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::access::Action;
use shared::webhook::{NewWebhookEndpoint, WebhookDelivery, WebhookEndpoint, WebhookSecret};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::ManageUsers);
    vec![
        ApiRoute::get("/webhooks", admins, list).doc(
            RouteDoc::new("List webhook endpoints")
                .answers_list::<WebhookEndpoint>("The partner's endpoints, without secrets."),
        ),
        ApiRoute::post("/webhooks", admins, create).doc(
            RouteDoc::new("Add a webhook endpoint")
                .detail(
                    "Deliveries follow the Standard Webhooks specification, signed with the \
                     secret in this answer (shown once). The address must be public HTTPS.",
                )
                .creates("/endpoint/id", "/webhooks")
                .body::<NewWebhookEndpoint>()
                .answers::<WebhookSecret>(201, "The endpoint and its secret."),
        ),
        ApiRoute::delete("/webhooks/{id}", admins, remove).doc(
            RouteDoc::new("Remove a webhook endpoint")
                .answers_with(204, "Removed, with its deliveries.", crate::routes::Payload::Empty),
        ),
        ApiRoute::post("/webhooks/{id}/secret", admins, rotate).doc(
            RouteDoc::new("Renew an endpoint's secret").detail(
                "The new secret is in this answer (shown once); the previous one keeps signing \
                 beside it for 24 hours.",
            )
            .answers::<WebhookSecret>(200, "The endpoint and its new secret."),
        ),
        ApiRoute::get("/webhooks/{id}/deliveries", admins, deliveries).doc(
            RouteDoc::new("An endpoint's delivery log")
                .answers_list::<WebhookDelivery>("The latest 100 deliveries, newest first."),
        ),
        ApiRoute::post("/webhooks/{id}/test", admins, send_test).doc(
            RouteDoc::new("Send a test event")
                .answers::<WebhookDelivery>(202, "The test delivery, queued."),
        ),
        ApiRoute::post("/webhook-deliveries/{id}/replay", admins, replay).doc(
            RouteDoc::new("Send a delivery again")
                .detail("With the same `webhook-id`, so the receiver can tell a repeat.")
                .answers::<WebhookDelivery>(202, "The delivery, queued again."),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<WebhookEndpoint>>, AppError> {
    Ok(Json(service::list(&state.db, &ctx).await?))
}

#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewWebhookEndpoint>,
) -> Result<(StatusCode, Json<WebhookSecret>), AppError> {
    let created =
        service::create(&state.db, &state.sealing_key, state.webhooks, &ctx, &body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[tracing::instrument(skip_all)]
async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, AppError> {
    service::remove(&state.db, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
async fn rotate(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<WebhookSecret>, AppError> {
    Ok(Json(
        service::rotate(&state.db, &state.sealing_key, &ctx, id).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn deliveries(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<WebhookDelivery>>, AppError> {
    Ok(Json(service::deliveries(&state.db, &ctx, id).await?))
}

#[tracing::instrument(skip_all)]
async fn send_test(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<WebhookDelivery>), AppError> {
    let delivery = service::send_test(&state.db, &ctx, id).await?;
    Ok((StatusCode::ACCEPTED, Json(delivery)))
}

#[tracing::instrument(skip_all)]
async fn replay(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<(StatusCode, Json<WebhookDelivery>), AppError> {
    let delivery = service::replay(&state.db, &ctx, id).await?;
    Ok((StatusCode::ACCEPTED, Json(delivery)))
}
