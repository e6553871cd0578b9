//! Sign-in and sign-out.

use crate::auth::{SessionAuth, SESSION_KEY};
use crate::ctx::Ctx;
use crate::error::AppError;
use crate::extract::ApiJson;
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::state::AppState;
use axum::extract::{ConnectInfo, State};
use axum::http::header::SET_COOKIE;
use axum::http::StatusCode;
use axum::response::{AppendHeaders, IntoResponse};
use axum::Json;
use shared::api::{Me, SignIn};
use std::net::SocketAddr;
use tower_sessions::Session;

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/session", Access::Public, current).doc(
            RouteDoc::new("The current session")
                .answers_nullable::<shared::api::Me>("Who is signed in, or null."),
        ),
        ApiRoute::post("/session", Access::Public, sign_in).doc(
            RouteDoc::new("Sign in")
                .detail("Sets the session cookie; the second factor may follow (`sign_in_step`).")
                .body::<shared::api::SignIn>()
                .answers::<shared::api::Me>(200, "Signed in, or the second step is next.")
                .refused(
                    401,
                    "Wrong e-mail address or password, or the user is disabled.",
                )
                .refused(429, "Too many attempts for this address."),
        ),
        ApiRoute::delete("/session", Access::PasswordStep, sign_out)
            .doc(RouteDoc::new("Sign out").answers_with(204, "Signed out.", Payload::Empty)),
    ]
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    AppError::session_store(e)
}

/// Who this browser's session belongs to, or `null` when it has none (ended, expired, never
/// signed in): the app's first question, answered 200 either way so that a signed-out first
/// screen logs no failed request. `GET /api/me` stays the signed-in-only form of it.
#[tracing::instrument(skip_all)]
async fn current(
    State(state): State<AppState>,
    session: Session,
) -> Result<Json<Option<Me>>, AppError> {
    match crate::routes::signed_in(&state, &session).await {
        Ok((ctx, step)) => Ok(Json(Some(
            crate::store::partners::me(&state.db, &ctx, step).await?,
        ))),
        Err(AppError::Unauthorized) => Ok(Json(None)),
        Err(other) => Err(other),
    }
}

/// Signs in with e-mail and password: 401 for any wrong pair (unknown, wrong password,
/// disabled: the same answer, in the same time), 429 after 5 failures for the account (or 50
/// from the address) in 15 minutes. The answer's `sign_in_step` says what comes next: the
/// second factor, enrolling one, or nothing.
#[tracing::instrument(skip_all)]
async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: axum::http::HeaderMap,
    session: Session,
    ApiJson(body): ApiJson<SignIn>,
) -> Result<impl IntoResponse, AppError> {
    let address = crate::auth::client_address(&state.sessions, peer.ip(), &headers);
    let attempt = state
        .throttle
        .reserve(&state.db, &body.email, address)
        .await?;
    let candidates = crate::store::users::credentials(&state.db, &body.email).await?;
    let Some(user) = crate::auth::first_match(&body.password, candidates, &state.dummy_hash).await
    else {
        // The reserved attempt stays: it counts as a failure.
        tracing::info!("sign-in refused");
        return Err(AppError::Unauthorized);
    };
    state.throttle.succeeded(&state.db, attempt).await?;
    if let Some(language) = body.language {
        // Best effort too: the user's e-mails are written in it.
        if let Err(error) =
            crate::store::users::set_language(&state.db, user.user_id, language).await
        {
            tracing::warn!(error = ?error, "sign-in language not saved");
        }
    }
    if crate::password::needs_rehash(&user.password_hash) {
        // Best effort: the sign-in stands whether or not the renewed hash is saved.
        if let Err(error) = crate::service::users::renew_password_hash(
            &state.db,
            user.user_id,
            &user.password_hash,
            body.password,
        )
        .await
        {
            tracing::warn!(error = ?error, "password hash not renewed");
        }
    }
    let ctx = state
        .ctx_cache
        .get(&state.db, user.user_id, None)
        .await?
        .ok_or(AppError::Unauthorized)?;
    // A new session id at sign-in: an id planted before it is worth nothing after.
    session.cycle_id().await.map_err(session_error)?;
    let auth = SessionAuth {
        user_id: user.user_id,
        signed_in_at: time::OffsetDateTime::now_utc().unix_timestamp(),
        epoch: ctx.session_epoch,
        second_factor_passed: false,
    };
    session
        .insert(SESSION_KEY, auth)
        .await
        .map_err(session_error)?;
    let step = ctx.sign_in_step(false);
    tracing::info!(user_id = %ctx.user_id, step = step.as_str(), "password accepted");
    let me = crate::store::partners::me(&state.db, &ctx, step).await?;
    Ok((
        AppendHeaders([(SET_COOKIE, state.sessions.signed_in_hint(true))]),
        Json(me),
    ))
}

/// Ends the session: deleted from the store, cookie expired (and the app's hint with it).
#[tracing::instrument(skip_all)]
async fn sign_out(
    State(state): State<AppState>,
    ctx: Ctx,
    session: Session,
) -> Result<impl IntoResponse, AppError> {
    session.flush().await.map_err(session_error)?;
    tracing::info!(user_id = %ctx.user_id, "signed out");
    Ok((
        StatusCode::NO_CONTENT,
        AppendHeaders([(SET_COOKIE, state.sessions.signed_in_hint(false))]),
    ))
}
