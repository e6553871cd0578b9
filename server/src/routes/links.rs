//! Links between indirect providers and indirect resellers: the provider asks, the reseller
//! answers, either ends. Direct resellers have none.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute, RouteDoc};
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
        ApiRoute::get("/links", linkers, list).doc(
            RouteDoc::new("List partner links").answers_list::<shared::referral::PartnerLink>(
                "Links with providers or resellers.",
            ),
        ),
        ApiRoute::post("/links", linkers, request).doc(
            RouteDoc::new("Ask a partner for a link")
                .creates("/id", "/links")
                .body::<shared::referral::LinkRequestForm>()
                .answers::<shared::referral::PartnerLink>(201, "The link request.")
                .refused(409, "A link exists already, or the program doesn't link."),
        ),
        ApiRoute::post("/links/{id}/accept", linkers, accept).doc(
            RouteDoc::new("Accept a link")
                .answers::<shared::referral::PartnerLink>(200, "The link.")
                .refused(409, "It isn't awaiting this partner."),
        ),
        ApiRoute::post("/links/{id}/decline", linkers, decline).doc(
            RouteDoc::new("Decline a link")
                .answers::<shared::referral::PartnerLink>(200, "The link.")
                .refused(409, "It isn't awaiting this partner."),
        ),
        ApiRoute::post("/links/{id}/end", linkers, end).doc(
            RouteDoc::new("End a link")
                .answers::<shared::referral::PartnerLink>(200, "The link.")
                .refused(409, "It isn't active."),
        ),
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
