//! Referrals: the inbox (answer: accept or decline with a reason) and, for providers, sending
//! one to a linked reseller and following it.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::state::AppState;
use crate::store::referrals;
use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::access::Action;
use shared::instance::ProgramRole;
use shared::referral::{DeclineReferralForm, Referral, ReferralForm, ReferralList, ReferralQuery};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let referrers = Access::Allowed(Action::Referrals);
    vec![
        ApiRoute::get("/referrals", referrers, list).doc(
            RouteDoc::new("List referrals")
                .query::<shared::referral::ReferralQuery>()
                .answers::<shared::referral::ReferralList>(200, "Sent and received referrals."),
        ),
        ApiRoute::post("/referrals", referrers, send).doc(
            RouteDoc::new("Refer a customer to a linked partner")
                .creates("/id", "/referrals")
                .body::<shared::referral::ReferralForm>()
                .answers::<shared::referral::Referral>(201, "The referral.")
                .refused(409, "The partners aren't linked."),
        ),
        ApiRoute::get("/referrals/{id}", referrers, get_one).doc(
            RouteDoc::new("Read a referral")
                .answers::<shared::referral::Referral>(200, "The referral."),
        ),
        ApiRoute::post("/referrals/{id}/accept", referrers, accept).doc(
            RouteDoc::new("Accept a referral")
                .answers::<shared::referral::Referral>(200, "The referral.")
                .refused(409, "It was answered already."),
        ),
        ApiRoute::post("/referrals/{id}/decline", referrers, decline).doc(
            RouteDoc::new("Decline a referral")
                .body::<shared::referral::DeclineReferralForm>()
                .answers::<shared::referral::Referral>(200, "The referral.")
                .refused(409, "It was answered already."),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<ReferralQuery>,
) -> Result<Json<ReferralList>, AppError> {
    Ok(Json(referrals::list(&state.db, &ctx, &query).await?))
}

#[tracing::instrument(skip_all)]
async fn get_one(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Referral>, AppError> {
    referrals::get(state.db.readers(), &ctx, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// A provider refers a customer to one of its linked resellers.
#[tracing::instrument(skip_all)]
async fn send(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(form): ApiJson<ReferralForm>,
) -> Result<Response, AppError> {
    ctx.require_program(ProgramRole::IndirectProvider)?;
    let referral = form.parse().map_err(AppError::Validation)?;
    let sent = referrals::send(&state.db, &ctx, &referral).await?;
    tracing::info!(referral_id = %sent.id, "referral sent");
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/referrals/{}", sent.id))],
        Json(sent),
    )
        .into_response())
}

#[tracing::instrument(skip_all)]
async fn accept(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Referral>, AppError> {
    let referral = referrals::answer(&state.db, &ctx, id, None).await?;
    tracing::info!(referral_id = %id, "referral accepted");
    Ok(Json(referral))
}

#[tracing::instrument(skip_all)]
async fn decline(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<DeclineReferralForm>,
) -> Result<Json<Referral>, AppError> {
    // An unknown or foreign referral is 404 before the form is judged.
    referrals::get(state.db.readers(), &ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let decline = form.parse().map_err(AppError::Validation)?;
    let referral = referrals::answer(&state.db, &ctx, id, Some(&decline)).await?;
    tracing::info!(referral_id = %id, reason = decline.reason.as_str(), "referral declined");
    Ok(Json(referral))
}
