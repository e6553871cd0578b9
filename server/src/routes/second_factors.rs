//! Multi-factor sign-in: the second step, enrolling an authenticator app, recovery codes, an
//! administrator's reset, and the partner's "require multi-factor".

use crate::auth::{SessionAuth, SESSION_KEY};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::routes::{Access, ApiRoute};
use crate::state::AppState;
use axum::extract::{ConnectInfo, Path, State};
use axum::http::StatusCode;
use axum::Json;
use shared::access::Action;
use shared::api::Me;
use shared::second_factor::{
    AuthenticatorSetup, MultiFactorPolicy, RecoveryCodes, SecondFactorForm, SecondFactorStatus,
    SignInStep,
};
use std::net::SocketAddr;
use tower_sessions::Session;
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::ManageUsers);
    vec![
        ApiRoute::post("/session/second-factor", Access::PasswordStep, verify),
        ApiRoute::get("/me/second-factors", Access::PasswordStep, status),
        ApiRoute::post("/me/authenticator", Access::PasswordStep, start_enrolment),
        ApiRoute::post(
            "/me/authenticator/confirm",
            Access::PasswordStep,
            confirm_enrolment,
        ),
        ApiRoute::post("/me/recovery-codes", Access::SignedIn, renew_recovery_codes),
        ApiRoute::post("/users/{id}/second-factors/reset", admins, reset),
        ApiRoute::put("/partner/multi-factor", admins, set_policy),
    ]
}

/// Marks this session as having passed the second factor, under a new id (as at sign-in).
async fn mark_passed(session: &Session) -> Result<(), AppError> {
    let auth: Option<SessionAuth> = session
        .get(SESSION_KEY)
        .await
        .map_err(AppError::session_store)?;
    let auth = auth.ok_or(AppError::Unauthorized)?;
    session.cycle_id().await.map_err(AppError::session_store)?;
    session
        .insert(
            SESSION_KEY,
            SessionAuth {
                second_factor_passed: true,
                ..auth
            },
        )
        .await
        .map_err(AppError::session_store)
}

/// The second step of signing in: `{"code": "123456"}` from the authenticator, or a recovery
/// code. 422 `code: incorrect` for a wrong, old or used code; 429 after 5 failures in 15
/// minutes. Answers who is signed in, now at the `done` step.
#[tracing::instrument(skip_all)]
async fn verify(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    ctx: Ctx,
    ApiJson(form): ApiJson<SecondFactorForm>,
) -> Result<Json<Me>, AppError> {
    let address = crate::auth::client_address(&state.sessions, peer.ip(), &headers);
    crate::service::second_factors::verify(
        &state.db,
        &state.throttle,
        address,
        &state.sealing_key,
        &ctx,
        form,
    )
    .await?;
    mark_passed(&session).await?;
    let step = ctx.sign_in_step(true);
    Ok(Json(
        crate::store::partners::me(&state.db, &ctx, step).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn status(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<SecondFactorStatus>, AppError> {
    Ok(Json(
        crate::service::second_factors::status(&state.db, &ctx).await?,
    ))
}

/// Starts setting up an authenticator app (allowed before the second step only to a user who
/// has no second factor yet: one who has must pass it first).
#[tracing::instrument(skip_all)]
async fn start_enrolment(
    State(state): State<AppState>,
    axum::Extension(step): axum::Extension<SignInStep>,
    ctx: Ctx,
) -> Result<(StatusCode, Json<AuthenticatorSetup>), AppError> {
    if step == SignInStep::SecondFactor {
        return Err(AppError::SecondFactorRequired);
    }
    let setup =
        crate::service::second_factors::start_enrolment(&state.db, &state.sealing_key, &ctx)
            .await?;
    Ok((StatusCode::CREATED, Json(setup)))
}

/// Confirms the authenticator with its first code; answers the ten recovery codes, once.
#[tracing::instrument(skip_all)]
async fn confirm_enrolment(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    axum::Extension(step): axum::Extension<SignInStep>,
    session: Session,
    ctx: Ctx,
    ApiJson(form): ApiJson<SecondFactorForm>,
) -> Result<Json<RecoveryCodes>, AppError> {
    if step == SignInStep::SecondFactor {
        return Err(AppError::SecondFactorRequired);
    }
    let address = crate::auth::client_address(&state.sessions, peer.ip(), &headers);
    let codes = crate::service::second_factors::confirm_enrolment(
        &state.db,
        &state.ctx_cache,
        &state.throttle,
        address,
        &state.sealing_key,
        &ctx,
        form,
    )
    .await?;
    mark_passed(&session).await?;
    Ok(Json(codes))
}

#[tracing::instrument(skip_all)]
async fn renew_recovery_codes(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<Json<RecoveryCodes>, AppError> {
    Ok(Json(
        crate::service::second_factors::renew_recovery_codes(&state.db, &ctx).await?,
    ))
}

#[tracing::instrument(skip_all)]
async fn reset(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<Uuid>,
) -> Result<StatusCode, AppError> {
    crate::service::second_factors::reset(&state.db, &state.ctx_cache, &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[tracing::instrument(skip_all)]
async fn set_policy(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiJson(policy): ApiJson<MultiFactorPolicy>,
) -> Result<StatusCode, AppError> {
    crate::service::second_factors::set_policy(&state.db, &state.ctx_cache, &ctx, policy.required)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
