//! Admin (GDAP) relationships: a customer's, asking for one, ending one; and the approval page's
//! calls, which need no partner sign-in (the link's token is the credential).

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath, ApiQuery};
use crate::routes::{Access, ApiRoute};
use crate::service::admin_relationships as service;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use shared::access::Action;
use shared::admin_relationship::{
    AdminApprovalDetails, AdminApprovalForm, AdminRelationship, AdminRelationshipForm,
    AdminRelationshipQuery,
};
use shared::invitation::InvitationToken;
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::AdminRelationships);
    vec![
        ApiRoute::get(
            "/admin-relationships",
            Access::Allowed(Action::ViewCustomers),
            list,
        ),
        ApiRoute::get(
            "/customers/{id}/admin-relationships",
            Access::Allowed(Action::ViewCustomers),
            of_customer,
        ),
        ApiRoute::post("/customers/{id}/admin-relationships", admins, request),
        ApiRoute::post("/admin-relationships/{id}/terminate", admins, terminate),
        ApiRoute::post("/admin-approval/details", Access::Public, details),
        ApiRoute::post("/admin-approval", Access::Public, answer),
    ]
}

/// The partner's relationships across customers, filtered by state and "expiring within".
#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiQuery(query): ApiQuery<AdminRelationshipQuery>,
) -> Result<Json<Vec<AdminRelationship>>, AppError> {
    Ok(Json(
        crate::store::admin_relationships::list(&state.db, &ctx, &query).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn of_customer(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<AdminRelationship>>, AppError> {
    Ok(Json(service::of_customer(&state.db, &ctx, id).await?))
}

/// 201 with the request, awaiting the customer's approval (the link goes by e-mail).
#[tracing::instrument(skip_all)]
async fn request(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<AdminRelationshipForm>,
) -> Result<impl IntoResponse, AppError> {
    let created = service::request(&state.db, &state.mailer, &ctx, id, &form).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[tracing::instrument(skip_all)]
async fn terminate(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<AdminRelationship>, AppError> {
    Ok(Json(service::terminate(&state.db, &ctx, id).await?))
}

/// What the approval page shows: 404 unknown link, 410 ended.
#[tracing::instrument(skip_all)]
async fn details(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<InvitationToken>,
) -> Result<Json<AdminApprovalDetails>, AppError> {
    Ok(Json(
        service::approval_details(&state.db, &body.token).await?,
    ))
}

/// The customer's answer; the relationship as it now is.
#[tracing::instrument(skip_all)]
async fn answer(
    State(state): State<AppState>,
    ApiJson(form): ApiJson<AdminApprovalForm>,
) -> Result<Json<AdminApprovalDetails>, AppError> {
    Ok(Json(service::answer(&state.db, &form).await?))
}
