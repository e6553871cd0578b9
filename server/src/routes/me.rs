use crate::ctx::Ctx;
use crate::error::AppError;
use crate::startup::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use shared::api::Me;

pub fn router() -> Router<AppState> {
    Router::new().route("/me", get(me))
}

#[tracing::instrument(skip_all)]
async fn me(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Me>, AppError> {
    Ok(Json(crate::store::partners::me(&state.db, &ctx).await?))
}
