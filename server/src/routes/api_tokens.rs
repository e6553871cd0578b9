//! API tokens (global admins).

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::access::Action;
use shared::api_token::{ApiToken, CreatedApiToken, NewApiToken};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::ManageUsers);
    vec![
        ApiRoute::get("/tokens", admins, list).doc(
            RouteDoc::new("List API tokens").answers_list::<shared::api_token::ApiToken>(
                "The partner's tokens, without their secrets.",
            ),
        ),
        ApiRoute::post("/tokens", admins, create).doc(
            RouteDoc::new("Create an API token")
                .creates("/token/id", "/tokens")
                .detail("The secret is in this answer only; the server keeps its hash.")
                .body::<shared::api_token::NewApiToken>()
                .answers::<shared::api_token::CreatedApiToken>(201, "The token and its secret."),
        ),
        ApiRoute::post("/tokens/{id}/revoke", admins, revoke).doc(
            RouteDoc::new("Revoke an API token")
                .detail("Refused from the next request on, on every node.")
                .answers::<shared::api_token::ApiToken>(200, "The revoked token."),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<ApiToken>>, AppError> {
    Ok(Json(crate::store::api_tokens::list(&state.db, &ctx).await?))
}

/// 201 with the token and its secret — the only time the secret is sent.
#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(request): ApiJson<NewApiToken>,
) -> Result<(StatusCode, Json<CreatedApiToken>), AppError> {
    let created = crate::service::api_tokens::create(&state.db, &ctx, request).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[tracing::instrument(skip_all)]
async fn revoke(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ApiToken>, AppError> {
    Ok(Json(
        crate::service::api_tokens::revoke(&state.db, &ctx, id).await?,
    ))
}
