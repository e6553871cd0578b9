use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::routes::{Access, ApiRoute};
use crate::startup::AppState;
use crate::store::audit::{self, Actor};
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::access::check_new_password;
use shared::api::{ChangePassword, Me};
use shared::audit::AuditAction;
use shared::{Field, FieldError};

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/me", Access::SignedIn, me),
        ApiRoute::post("/me/password", Access::SignedIn, change_password),
    ]
}

#[tracing::instrument(skip_all)]
async fn me(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Me>, AppError> {
    Ok(Json(crate::store::partners::me(&state.db, &ctx).await?))
}

/// Replaces the user's own password; the current one must be given.
#[tracing::instrument(skip_all)]
async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(body): ApiJson<ChangePassword>,
) -> Result<StatusCode, AppError> {
    check_new_password(&body.new_password).map_err(|e| AppError::field(Field::NewPassword, e))?;
    if body.new_password == body.current_password {
        return Err(AppError::field(Field::NewPassword, FieldError::Taken));
    }
    let stored = crate::store::users::own_password_hash(&state.db, &ctx).await?;
    if !crate::auth::verify_password(
        body.current_password,
        Some(stored),
        state.dummy_hash.clone(),
    )
    .await
    {
        return Err(AppError::field(
            Field::CurrentPassword,
            FieldError::InvalidFormat { hint: None },
        ));
    }
    let hash = crate::password::hash(body.new_password).await?;
    let mut tx = state.db.write().await?;
    crate::store::users::set_own_password(&mut *tx, &ctx, &hash).await?;
    // Who and when only: the log never holds a password or its hash.
    audit::record(
        &mut tx,
        &Actor::User(&ctx),
        audit::event(
            AuditAction::PasswordChanged,
            "user",
            ctx.user_id.to_string(),
            None,
        ),
    )
    .await?;
    state.ctx_cache.commit_user_change(tx).await?;
    tracing::info!(user_id = %ctx.user_id, "password changed");
    Ok(StatusCode::NO_CONTENT)
}
