//! Multi-factor sign-in: the second step, enrolling an authenticator app, recovery codes, an
//! administrator's reset, and the partner's "require multi-factor".

use crate::auth::{SessionAuth, SESSION_KEY};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::{ApiJson, ApiPath};
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::StatusCode;
use axum::Json;
use shared::access::Action;
use shared::api::Me;
use shared::second_factor::{
    AuthenticatorSetup, MultiFactorPolicy, NewPasskey, PasskeyAdded, PasskeyAssertion,
    RecoveryCodes, SecondFactorForm, SecondFactorStatus,
};
use webauthn_rs::prelude::{
    PasskeyAuthentication, PasskeyRegistration, PublicKeyCredential, RegisterPublicKeyCredential,
};

/// The browser's answer to a WebAuthn challenge (`PublicKeyCredential.toJSON()`), read as the
/// library's type: 400 when it isn't one.
fn webauthn_answer<T: serde::de::DeserializeOwned>(
    value: serde_json::Value,
) -> Result<T, AppError> {
    serde_json::from_value(value).map_err(|e| AppError::MalformedRequest {
        status: StatusCode::BAD_REQUEST,
        message: format!("credential: not a WebAuthn response ({e})"),
    })
}

/// Where a passkey ceremony's state waits between its challenge and the browser's answer: in
/// the session (so any node can finish it), taken out when used.
const PASSKEY_REGISTRATION_KEY: &str = "passkey_registration";
const PASSKEY_AUTHENTICATION_KEY: &str = "passkey_authentication";

/// The state a challenge left in the session, removed (a challenge is answered once); 409
/// without one.
async fn take_state<T: serde::de::DeserializeOwned>(
    session: &Session,
    key: &str,
) -> Result<T, AppError> {
    let state: Option<T> = session.remove(key).await.map_err(AppError::session_store)?;
    state.ok_or_else(|| AppError::Conflict("Ask for a new passkey challenge first.".into()))
}
use std::net::SocketAddr;
use tower_sessions::Session;
use uuid::Uuid;

pub fn routes() -> Vec<ApiRoute> {
    let admins = Access::Allowed(Action::ManageUsers);
    vec![
        ApiRoute::post("/session/second-factor", Access::PasswordStep, verify).doc(
            RouteDoc::new("Pass the second factor")
                .detail("An authenticator code or a recovery code.")
                .body::<shared::second_factor::SecondFactorForm>()
                .answers::<shared::api::Me>(200, "Signed in.")
                .refused(429, "Too many wrong codes."),
        ),
        ApiRoute::get("/me/second-factors", Access::PasswordStep, status).doc(
            RouteDoc::new("One's second factors")
                .answers::<shared::second_factor::SecondFactorStatus>(
                    200,
                    "Authenticator, passkeys and recovery codes left.",
                ),
        ),
        ApiRoute::post(
            "/me/authenticator",
            Access::AddSecondFactor,
            start_enrolment,
        )
        .doc(
            RouteDoc::new("Start setting up an authenticator app")
                .answers::<shared::second_factor::AuthenticatorSetup>(
                201,
                "The secret and its QR code.",
            ),
        ),
        ApiRoute::post(
            "/me/authenticator/confirm",
            Access::AddSecondFactor,
            confirm_enrolment,
        )
        .doc(
            RouteDoc::new("Confirm the authenticator app")
                .body::<shared::second_factor::SecondFactorForm>()
                .answers::<shared::second_factor::RecoveryCodes>(200, "Recovery codes, shown once.")
                .refused(409, "No setup was started."),
        ),
        ApiRoute::post("/me/recovery-codes", Access::SignedIn, renew_recovery_codes).doc(
            RouteDoc::new("Renew one's recovery codes")
                .answers::<shared::second_factor::RecoveryCodes>(
                    200,
                    "New codes, shown once; the old ones stop working.",
                ),
        ),
        ApiRoute::post(
            "/me/passkeys/challenge",
            Access::AddSecondFactor,
            start_passkey_registration,
        )
        .doc(RouteDoc::new("Start registering a passkey").answers_with(
            200,
            "WebAuthn creation options.",
            Payload::Json(crate::openapi::any_object),
        )),
        ApiRoute::post("/me/passkeys", Access::AddSecondFactor, add_passkey).doc(
            RouteDoc::new("Register a passkey")
                .body::<shared::second_factor::NewPasskey>()
                .answers::<shared::second_factor::PasskeyAdded>(
                    201,
                    "The passkey (and recovery codes if it is the first factor).",
                )
                .refused(409, "No registration was started."),
        ),
        ApiRoute::delete("/me/passkeys/{id}", Access::SignedIn, remove_passkey).doc(
            RouteDoc::new("Remove a passkey")
                .text_ids()
                .answers_with(204, "Removed.", Payload::Empty)
                .refused(409, "Multi-factor is required and it is the last factor."),
        ),
        ApiRoute::post(
            "/session/passkey/challenge",
            Access::PasswordStep,
            start_passkey_sign_in,
        )
        .doc(
            RouteDoc::new("Start signing in with a passkey").answers_with(
                200,
                "WebAuthn request options.",
                Payload::Json(crate::openapi::any_object),
            ),
        ),
        ApiRoute::post("/session/passkey", Access::PasswordStep, passkey_sign_in).doc(
            RouteDoc::new("Pass the second factor with a passkey")
                .body::<shared::second_factor::PasskeyAssertion>()
                .answers::<shared::api::Me>(200, "Signed in.")
                .refused(429, "Too many failed attempts."),
        ),
        ApiRoute::post("/users/{id}/second-factors/reset", admins, reset).doc(
            RouteDoc::new("Reset a user's second factors")
                .refused(
                    409,
                    "One's own second factors are reset by another global admin.",
                )
                .answers_with(
                    204,
                    "Reset; they set one up at the next sign-in.",
                    Payload::Empty,
                ),
        ),
        ApiRoute::put("/partner/multi-factor", admins, set_policy).doc(
            RouteDoc::new("Require multi-factor sign-in")
                .body::<shared::second_factor::MultiFactorPolicy>()
                .answers_with(204, "Saved.", Payload::Empty),
        ),
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

/// Starts setting up an authenticator app.
#[tracing::instrument(skip_all)]
async fn start_enrolment(
    State(state): State<AppState>,
    ctx: Ctx,
) -> Result<(StatusCode, Json<AuthenticatorSetup>), AppError> {
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
    session: Session,
    ctx: Ctx,
    ApiJson(form): ApiJson<SecondFactorForm>,
) -> Result<Json<RecoveryCodes>, AppError> {
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
    ApiPath(id): ApiPath<Uuid>,
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

/// Starts adding a passkey: the options for `navigator.credentials.create()`.
#[tracing::instrument(skip_all)]
async fn start_passkey_registration(
    State(state): State<AppState>,
    session: Session,
    ctx: Ctx,
) -> Result<Json<webauthn_rs::prelude::CreationChallengeResponse>, AppError> {
    let (challenge, registration) = crate::service::second_factors::start_passkey_registration(
        &state.db,
        &state.webauthn,
        &ctx,
    )
    .await?;
    session
        .insert(PASSKEY_REGISTRATION_KEY, registration)
        .await
        .map_err(AppError::session_store)?;
    Ok(Json(challenge))
}

/// Finishes adding a passkey `{name, credential}`: 201 with it (and the recovery codes when it
/// is the first second factor); the session counts as having passed the second factor.
#[tracing::instrument(skip_all)]
async fn add_passkey(
    State(state): State<AppState>,
    session: Session,
    ctx: Ctx,
    ApiJson(request): ApiJson<NewPasskey>,
) -> Result<(StatusCode, Json<PasskeyAdded>), AppError> {
    // Parsed before the challenge is taken: a typo in the name doesn't cost the ceremony.
    let name = NewPasskey::parse_name(&request.name).map_err(AppError::Validation)?;
    let credential: RegisterPublicKeyCredential = webauthn_answer(request.credential)?;
    let registration: PasskeyRegistration = take_state(&session, PASSKEY_REGISTRATION_KEY).await?;
    let added = crate::service::second_factors::finish_passkey_registration(
        &state.db,
        &state.ctx_cache,
        &state.webauthn,
        &ctx,
        &registration,
        name,
        &credential,
    )
    .await?;
    mark_passed(&session).await?;
    Ok((StatusCode::CREATED, Json(added)))
}

#[tracing::instrument(skip_all)]
async fn remove_passkey(
    State(state): State<AppState>,
    ctx: Ctx,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, AppError> {
    crate::service::second_factors::remove_passkey(&state.db, &state.ctx_cache, &ctx, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The second step with a passkey, part one: the options for `navigator.credentials.get()`.
#[tracing::instrument(skip_all)]
async fn start_passkey_sign_in(
    State(state): State<AppState>,
    session: Session,
    ctx: Ctx,
) -> Result<Json<webauthn_rs::prelude::RequestChallengeResponse>, AppError> {
    let (challenge, authentication) =
        crate::service::second_factors::start_passkey_sign_in(&state.db, &state.webauthn, &ctx)
            .await?;
    session
        .insert(PASSKEY_AUTHENTICATION_KEY, authentication)
        .await
        .map_err(AppError::session_store)?;
    Ok(Json(challenge))
}

/// The second step with a passkey, part two: the browser's answer; who is signed in, at `done`.
#[tracing::instrument(skip_all)]
async fn passkey_sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    ctx: Ctx,
    ApiJson(assertion): ApiJson<PasskeyAssertion>,
) -> Result<Json<Me>, AppError> {
    let address = crate::auth::client_address(&state.sessions, peer.ip(), &headers);
    let credential: PublicKeyCredential = webauthn_answer(assertion.credential)?;
    let authentication: PasskeyAuthentication =
        take_state(&session, PASSKEY_AUTHENTICATION_KEY).await?;
    crate::service::second_factors::finish_passkey_sign_in(
        &state.db,
        &state.throttle,
        address,
        &state.webauthn,
        &ctx,
        &authentication,
        &credential,
    )
    .await?;
    mark_passed(&session).await?;
    let step = ctx.sign_in_step(true);
    Ok(Json(
        crate::store::partners::me(&state.db, &ctx, step).await?,
    ))
}
