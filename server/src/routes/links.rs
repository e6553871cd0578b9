//! Links between indirect providers and indirect resellers: the provider asks, the reseller
//! answers, either ends. Direct resellers have none.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute};
use crate::state::AppState;
use crate::store::links::{self, Answer};
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Action;
use shared::instance::ProgramRole;
use shared::referral::{LinkRequestForm, PartnerLink};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let linkers = Access::Allowed(Action::IndirectLinks);
    vec![
        ApiRoute::get("/links", linkers, list),
        ApiRoute::post("/links", linkers, request),
        ApiRoute::post("/links/{id}/accept", linkers, accept),
        ApiRoute::post("/links/{id}/decline", linkers, decline),
        ApiRoute::post("/links/{id}/end", linkers, end),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<PartnerLink>>, AppError> {
    Ok(Json(links::list(&state.db, &ctx).await?))
}

#[tracing::instrument(skip_all)]
async fn request(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(form): ApiJson<LinkRequestForm>,
) -> Result<Response, AppError> {
    ctx.require_program(ProgramRole::IndirectProvider)?;
    let key = form.parse().map_err(AppError::Validation)?;
    let link = links::request(&state.db, &ctx, &key).await?;
    tracing::info!(link_id = %link.id, "reseller link requested");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/links/{}", link.id))],
        Json(link),
    )
        .into_response())
}

async fn answer(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    answer: Answer,
) -> Result<Json<PartnerLink>, AppError> {
    let link = links::answer(&state.db, ctx, id, answer).await?;
    tracing::info!(link_id = %id, state = link.state.as_str(), "link answered");
    Ok(Json(link))
}

#[tracing::instrument(skip_all)]
async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<PartnerLink>, AppError> {
    answer(&state, &ctx, id, Answer::Accept).await
}

#[tracing::instrument(skip_all)]
async fn decline(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<PartnerLink>, AppError> {
    answer(&state, &ctx, id, Answer::Decline).await
}

#[tracing::instrument(skip_all)]
async fn end(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<PartnerLink>, AppError> {
    answer(&state, &ctx, id, Answer::End).await
}
