//! The partner's users and their roles (global admins only).

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute, RouteDoc};
use crate::service::users::{self, UserChange};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use shared::access::Action;
use shared::api::{NewUser, SetRoles, TemporaryPassword, User};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::ManageUsers);
    vec![
        ApiRoute::get("/users", admins, list).doc(
            RouteDoc::new("List users").answers_list::<shared::api::User>("The partner's users."),
        ),
        ApiRoute::post("/users", admins, create).doc(
            RouteDoc::new("Add a user")
                .creates("/user/id", "/users")
                .body::<shared::api::NewUser>()
                .answers::<shared::api::CreatedUser>(
                    201,
                    "The user and a temporary password, shown once.",
                )
                .refused(409, "The e-mail address has a user already."),
        ),
        ApiRoute::put("/users/{id}/roles", admins, set_roles).doc(
            RouteDoc::new("Set a user's roles")
                .body::<shared::api::SetRoles>()
                .answers::<shared::api::User>(200, "The user.")
                .refused(409, "It would leave no global admin."),
        ),
        ApiRoute::post("/users/{id}/disable", admins, disable).doc(
            RouteDoc::new("Disable a user")
                .refused(
                    422,
                    "One's own user can't be disabled (`roles`: `read_only`).",
                )
                .answers::<shared::api::User>(200, "The user; their sessions end.")
                .refused(409, "It would leave no global admin, or it is oneself."),
        ),
        ApiRoute::post("/users/{id}/enable", admins, enable)
            .doc(RouteDoc::new("Enable a user").answers::<shared::api::User>(200, "The user.")),
        ApiRoute::post("/users/{id}/password", admins, reset_password).doc(
            RouteDoc::new("Reset a user's password")
                .refused(
                    422,
                    "One's own password is changed with the current one (`password`: `read_only`).",
                )
                .answers::<shared::api::TemporaryPassword>(
                    200,
                    "A temporary password, shown once.",
                ),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<User>>, AppError> {
    Ok(Json(crate::store::users::list(&state.db, &ctx).await?))
}

/// Adds a user with one role and a temporary password (shown once; changed at first sign-in).
#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<impl IntoResponse, AppError> {
    let created = users::add(&state.db, &ctx, &body).await?;
    Ok((StatusCode::CREATED, Json(created)))
}

#[tracing::instrument(skip_all)]
async fn set_roles(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<SetRoles>,
) -> Result<Json<User>, AppError> {
    let change = UserChange::Roles(body.roles);
    Ok(Json(
        users::change(&state.db, &state.ctx_cache, &ctx, id, change).await?,
    ))
}

/// Disables a user: every request of theirs is refused from now on (their sessions end).
#[tracing::instrument(skip_all)]
async fn disable(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<User>, AppError> {
    let change = UserChange::Disable;
    Ok(Json(
        users::change(&state.db, &state.ctx_cache, &ctx, id, change).await?,
    ))
}

/// Enables a disabled user: their password works again.
#[tracing::instrument(skip_all)]
async fn enable(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<User>, AppError> {
    let change = UserChange::Enable;
    Ok(Json(
        users::change(&state.db, &state.ctx_cache, &ctx, id, change).await?,
    ))
}

/// Gives a user a temporary password (shown once); they change it at their next sign-in.
#[tracing::instrument(skip_all)]
async fn reset_password(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<TemporaryPassword>, AppError> {
    Ok(Json(
        users::reset_password(&state.db, &state.ctx_cache, &ctx, id).await?,
    ))
}
