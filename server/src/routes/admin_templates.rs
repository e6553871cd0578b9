//! The partner's role templates for admin (GDAP) requests.

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::service::admin_templates as service;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use shared::access::Action;
use shared::admin_relationship::{AdminTemplate, AdminTemplateForm};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::AdminRelationships);
    vec![
        ApiRoute::get("/admin-templates", admins, list).doc(
            RouteDoc::new("List role templates")
                .detail("The partner's templates for admin (GDAP) requests, by name.")
                .answers_list::<AdminTemplate>("The templates."),
        ),
        ApiRoute::post("/admin-templates", admins, create).doc(
            RouteDoc::new("Create a role template")
                .creates("/id", "/admin-templates")
                .body::<AdminTemplateForm>()
                .answers::<AdminTemplate>(201, "The new template.")
                .refused(422, "Per field: a name (1–50, not one the partner has) and at least one known role."),
        ),
        ApiRoute::put("/admin-templates/{id}", admins, change).doc(
            RouteDoc::new("Change a role template")
                .detail("Relationships asked from it keep their roles.")
                .body::<AdminTemplateForm>()
                .answers::<AdminTemplate>(200, "The template.")
                .refused(422, "Per field, as when created."),
        ),
        ApiRoute::delete("/admin-templates/{id}", admins, remove).doc(
            RouteDoc::new("Remove a role template")
                .answers_with(204, "Removed.", Payload::Empty),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<Vec<AdminTemplate>>, AppError> {
    Ok(Json(
        crate::store::admin_templates::list(&state.db, &ctx).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(form): ApiJson<AdminTemplateForm>,
) -> Result<impl IntoResponse, AppError> {
    let created = service::create(&state.db, &ctx, &form).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[tracing::instrument(skip_all)]
async fn change(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(form): ApiJson<AdminTemplateForm>,
) -> Result<Json<AdminTemplate>, AppError> {
    Ok(Json(service::change(&state.db, &ctx, id, &form).await?))
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
