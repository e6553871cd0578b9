//! The one error type of the HTTP layer and its mapping to status codes and the `ApiError` body.

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use shared::api::{ApiError, ErrorCode};
use shared::{Field, FieldError, FieldErrors};

#[derive(thiserror::Error, Debug)]
pub enum AppError {
    #[error("validation failed: {0:?}")]
    Validation(FieldErrors),
    #[error("malformed request: {message}")]
    MalformedRequest { status: StatusCode, message: String },
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("too many attempts")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("not found")]
    NotFound,
    #[error("conflict: {0}")]
    Conflict(String),
    /// The object's state forbids the request: 410 for a dead invitation link, 403 for a
    /// partner program that can't do it, else 409.
    #[error("refused in this state: {code:?}")]
    State { code: ErrorCode, message: String },
    #[error("stale version")]
    PreconditionFailed,
    #[error("If-Match missing")]
    PreconditionRequired,
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn field(field: Field, error: FieldError) -> Self {
        AppError::Validation(FieldErrors::from([(field, error)]))
    }

    pub fn state(code: ErrorCode, message: impl Into<String>) -> Self {
        AppError::State {
            code,
            message: message.into(),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        AppError::Internal(anyhow::Error::new(error).context("database"))
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        AppError::MalformedRequest {
            status: rejection.status(),
            message: rejection.body_text(),
        }
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        AppError::MalformedRequest {
            status: StatusCode::BAD_REQUEST,
            message: rejection.body_text(),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        // A path that doesn't parse (a malformed id) names nothing that exists.
        AppError::NotFound
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let request_id = crate::telemetry::current_request_id();
        let (status, code, message, fields) = match self {
            AppError::Validation(fields) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::Validation,
                "Some fields are invalid.".to_string(),
                fields,
            ),
            AppError::MalformedRequest { status, message } => {
                let code = if status == StatusCode::PAYLOAD_TOO_LARGE {
                    ErrorCode::PayloadTooLarge
                } else {
                    ErrorCode::MalformedRequest
                };
                (status, code, message, FieldErrors::new())
            }
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                "Sign in first.".into(),
                FieldErrors::new(),
            ),
            AppError::Forbidden => (
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "Your role doesn't allow this.".into(),
                FieldErrors::new(),
            ),
            AppError::PasswordChangeRequired => (
                StatusCode::FORBIDDEN,
                ErrorCode::PasswordChangeRequired,
                "Change the temporary password first.".into(),
                FieldErrors::new(),
            ),
            AppError::TooManyRequests { retry_after_secs } => {
                let body = ApiError {
                    code: ErrorCode::TooManyRequests,
                    message: "Too many failed sign-ins. Try again later.".into(),
                    fields: FieldErrors::new(),
                    request_id,
                };
                return (
                    StatusCode::TOO_MANY_REQUESTS,
                    [(
                        axum::http::header::RETRY_AFTER,
                        retry_after_secs.max(1).to_string(),
                    )],
                    Json(body),
                )
                    .into_response();
            }
            AppError::NotFound => (
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                "Not found.".into(),
                FieldErrors::new(),
            ),
            AppError::Conflict(message) => (
                StatusCode::CONFLICT,
                ErrorCode::Conflict,
                message,
                FieldErrors::new(),
            ),
            AppError::State { code, message } => {
                let status = match code {
                    ErrorCode::InvitationAccepted
                    | ErrorCode::InvitationExpired
                    | ErrorCode::InvitationRevoked => StatusCode::GONE,
                    ErrorCode::ProgramNotAllowed => StatusCode::FORBIDDEN,
                    _ => StatusCode::CONFLICT,
                };
                (status, code, message, FieldErrors::new())
            }
            AppError::PreconditionFailed => (
                StatusCode::PRECONDITION_FAILED,
                ErrorCode::PreconditionFailed,
                "The resource changed since you read it. Reload it and apply your change again."
                    .into(),
                FieldErrors::new(),
            ),
            AppError::PreconditionRequired => (
                StatusCode::PRECONDITION_REQUIRED,
                ErrorCode::PreconditionRequired,
                "Send If-Match with the ETag of the version you edited.".into(),
                FieldErrors::new(),
            ),
            AppError::Internal(cause) => {
                // The cause goes to the log (inside the request's span), never to the client.
                tracing::error!(error = ?cause, "internal error");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::Internal,
                    "Internal error. Quote the request id to support.".into(),
                    FieldErrors::new(),
                )
            }
        };
        let body = ApiError {
            code,
            message,
            fields,
            request_id,
        };
        (status, Json(body)).into_response()
    }
}
