use crate::auth::{SessionAuth, SESSION_KEY};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::Json;
use shared::api::{ChangePassword, Me};
use std::net::SocketAddr;
use tower_sessions::Session;

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/me", Access::SignedIn, me).doc(
            RouteDoc::new("Who is signed in")
                .answers::<shared::api::Me>(200, "The user and their partner."),
        ),
        ApiRoute::post("/me/password", Access::SignedIn, change_password).doc(
            RouteDoc::new("Change one's password")
                .body::<shared::api::ChangePassword>()
                .answers_with(204, "Changed; other sessions end.", Payload::Empty),
        ),
    ]
}

#[tracing::instrument(skip_all)]
async fn me(State(state): State<AppState>, ctx: Ctx) -> Result<Json<Me>, AppError> {
    // Reached at the `done` step only (the route table's rule).
    Ok(Json(
        crate::store::partners::me(&state.db, &ctx, shared::second_factor::SignInStep::Done)
            .await?,
    ))
}

/// Replaces the user's own password; the current one must be given. This session stays
/// signed in (moved to the new session epoch); every other session of the user ends.
#[tracing::instrument(skip_all)]
async fn change_password(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    ctx: Ctx,
    ApiJson(body): ApiJson<ChangePassword>,
) -> Result<StatusCode, AppError> {
    let address = crate::auth::client_address(&state.sessions, peer.ip(), &headers);
    let epoch = crate::service::users::change_own_password(
        &state.db,
        &state.ctx_cache,
        &state.throttle,
        address,
        state.dummy_hash.clone(),
        &ctx,
        body,
    )
    .await?;
    let auth: Option<SessionAuth> = session
        .get(SESSION_KEY)
        .await
        .map_err(AppError::session_store)?;
    if let Some(auth) = auth {
        session
            .insert(SESSION_KEY, SessionAuth { epoch, ..auth })
            .await
            .map_err(AppError::session_store)?;
    }
    Ok(StatusCode::NO_CONTENT)
}
