//! The partner's users and their roles (global admins only).

use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute};
use crate::startup::AppState;
use crate::store::audit::{self, Actor, Change};
use crate::store::users::{self, NewUserRecord};
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use shared::access::{Action, Role};
use shared::api::{check_display_name, CreatedUser, NewUser, SetRoles, User};
use shared::audit::AuditAction;
use shared::customer::Email;
use shared::validation::Collector;
use shared::{Field, FieldError};
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::ManageUsers);
    vec![
        ApiRoute::get("/users", admins, list),
        ApiRoute::post("/users", admins, create),
        ApiRoute::put("/users/{id}/roles", admins, set_roles),
        ApiRoute::post("/users/{id}/disable", admins, disable),
    ]
}

#[tracing::instrument(skip_all)]
async fn list(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Vec<User>>, AppError> {
    Ok(Json(users::list(&state.db, &ctx).await?))
}

fn parse_role(input: &str) -> Result<Role, FieldError> {
    if input.trim().is_empty() {
        Err(FieldError::Required)
    } else {
        Role::parse(input).ok_or(FieldError::NotInList)
    }
}

/// Adds a user with one role and a temporary password (shown once; changed at first sign-in).
#[tracing::instrument(skip_all)]
async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<NewUser>,
) -> Result<impl IntoResponse, AppError> {
    let mut c = Collector::new();
    let email = c.take(Field::Email, Email::parse(&body.email));
    let display_name = c.take(Field::DisplayName, check_display_name(&body.display_name));
    let role = c.take(Field::Roles, parse_role(&body.role));
    let (Some(email), Some(display_name), Some(role)) = (email, display_name, role) else {
        return Err(AppError::Validation(c.into_errors()));
    };
    let temporary_password = crate::password::generate_temporary();
    let hash = crate::password::hash(temporary_password.clone()).await?;
    let mut tx = state.db.write().await?;
    let id = users::insert(
        &mut *tx,
        NewUserRecord {
            partner_id: ctx.partner_id,
            email: &email,
            display_name: &display_name,
            roles: &[role],
            password_hash: &hash,
            must_change_password: true,
        },
    )
    .await?
    .ok_or_else(|| AppError::field(Field::Email, FieldError::Taken))?;
    let user = users::get(&mut *tx, &ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        &Actor::User(&ctx),
        Change::<(), _>::new(
            AuditAction::UserCreated,
            "user",
            id,
            None,
            None,
            Some(&user),
        ),
    )
    .await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, "user added");
    Ok((
        StatusCode::CREATED,
        Json(CreatedUser {
            user,
            temporary_password,
        }),
    ))
}

#[tracing::instrument(skip_all)]
async fn set_roles(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<SetRoles>,
) -> Result<Json<User>, AppError> {
    let roles = body
        .roles
        .iter()
        .map(|r| parse_role(r))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| AppError::field(Field::Roles, e))?;
    if roles.is_empty() {
        return Err(AppError::field(Field::Roles, FieldError::Required));
    }
    // An admin can't remove their own admin role: someone must be able to manage users.
    if id == ctx.user_id && !roles.contains(&Role::GlobalAdmin) {
        return Err(AppError::field(Field::Roles, FieldError::ReadOnly));
    }
    change_user(&state, &ctx, id, UserChange::Roles(&roles)).await
}

enum UserChange<'a> {
    Roles(&'a [Role]),
    Disable,
}

/// Applies a change to one of the partner's users and records it with before and after, in
/// one transaction. 404 when the user isn't the partner's.
async fn change_user(
    state: &AppState,
    ctx: &Ctx,
    id: Uuid,
    change: UserChange<'_>,
) -> Result<Json<User>, AppError> {
    let mut tx = state.db.write().await?;
    let before = users::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (found, action) = match change {
        UserChange::Roles(roles) => (
            users::set_roles(&mut *tx, ctx, id, roles).await?,
            AuditAction::UserRolesChanged,
        ),
        UserChange::Disable => (
            users::disable(&mut *tx, ctx, id).await?,
            AuditAction::UserDisabled,
        ),
    };
    if !found {
        return Err(AppError::NotFound);
    }
    let after = users::get(&mut *tx, ctx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &mut tx,
        &Actor::User(ctx),
        Change {
            action,
            object_type: "user",
            object_id: id.to_string(),
            customer_id: None,
            before: Some(&before),
            after: Some(&after),
        },
    )
    .await?;
    state.ctx_cache.commit_user_change(tx).await?;
    Ok(Json(after))
}

/// Disables a user: every request of theirs is refused from now on (their sessions end).
#[tracing::instrument(skip_all)]
async fn disable(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<User>, AppError> {
    if id == ctx.user_id {
        return Err(AppError::field(Field::Roles, FieldError::ReadOnly));
    }
    let user = change_user(&state, &ctx, id, UserChange::Disable).await?;
    tracing::info!(user_id = %id, "user disabled");
    Ok(user)
}
