//! "Forgot password": asking for a link, and choosing a new password through it (no sign-in).

use crate::error::AppError;
use crate::extract::ApiJson;
use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use crate::service::password_reset;
use crate::state::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use shared::api::{PasswordResetCompletion, PasswordResetRequest};

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::post("/password-reset", Access::Public, request).doc(
            RouteDoc::new("Ask for a password-reset link")
                .detail("Answers the same whether or not the address has an account.")
                .body::<shared::api::PasswordResetRequest>()
                .answers_with(
                    202,
                    "If the address has an account, a link is on its way.",
                    Payload::Empty,
                )
                .refused(429, "Too many requests from this address."),
        ),
        ApiRoute::post("/password-reset/complete", Access::Public, complete).doc(
            RouteDoc::new("Choose a new password with a reset link")
                .body::<shared::api::PasswordResetCompletion>()
                .answers_with(
                    204,
                    "Changed; every session of the user ends.",
                    Payload::Empty,
                )
                .refused(410, "The link was used or expired.")
                .refused(404, "No link has this token.")
                .refused(429, "Too many attempts from this address."),
        ),
    ]
}

/// 202 for any well-formed address, at once: whether a link goes out is decided afterwards.
#[tracing::instrument(skip_all)]
async fn request(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PasswordResetRequest>,
) -> Result<StatusCode, AppError> {
    let (email, language) = body.parse().map_err(AppError::Validation)?;
    password_reset::request(&state.db, &state.mailer, email, language);
    Ok(StatusCode::ACCEPTED)
}

/// 204 once the new password is set (every session of the user ended).
#[tracing::instrument(skip_all)]
async fn complete(
    State(state): State<AppState>,
    ApiJson(body): ApiJson<PasswordResetCompletion>,
) -> Result<StatusCode, AppError> {
    password_reset::complete(&state.db, &state.ctx_cache, body).await?;
    Ok(StatusCode::NO_CONTENT)
}
