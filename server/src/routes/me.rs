use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::routes::{Access, ApiRoute};
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use shared::api::{ChangePassword, Me};

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
    let dummy_hash = state.dummy_hash.clone();
    crate::service::users::change_own_password(&state.db, &state.ctx_cache, dummy_hash, &ctx, body)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
