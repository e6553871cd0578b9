//! The one error type of the HTTP layer and its mapping to status codes and the `ApiError` body.

use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
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
    #[error("second factor required")]
    SecondFactorRequired,
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
    /// 409 `change_window_closed`: fewer seats or a cancellation after new commerce's 7 days;
    /// the answer says when the window opens again.
    #[error("change window closed")]
    WindowClosed {
        reopens_on: Option<shared::date::CalendarDate>,
    },
    #[error("stale version")]
    PreconditionFailed,
    #[error("If-Match missing")]
    PreconditionRequired,
    /// The database can't be reached (down, restarting, every connection busy): 503.
    #[error("database unavailable")]
    Unavailable,
    #[error("internal error")]
    Internal(#[from] anyhow::Error),
}

impl AppError {
    pub fn field(field: Field, error: FieldError) -> Self {
        AppError::Validation(FieldErrors::from([(field, error)]))
    }

    /// A failure of the session store. The store is a table of the database (tower-sessions
    /// hands its errors over as text): when it fails, the database is what is unavailable.
    pub fn session_store(error: impl std::fmt::Display) -> Self {
        tracing::warn!(error = %error, "session store failed");
        AppError::Unavailable
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
        if crate::db::is_unavailable(&error) {
            tracing::warn!(error = %error, "database unavailable");
            return AppError::Unavailable;
        }
        AppError::Internal(anyhow::Error::new(error).context("database"))
    }
}

/// Seconds a client is asked to wait before retrying when the database is unavailable.
const RETRY_UNAVAILABLE_AFTER_SECS: u64 = 2;

impl From<JsonRejection> for AppError {
    /// A body that isn't the expected JSON is 400 — wrong types, unknown fields, `null` or `[]`
    /// included (axum says 422 for those; here 422 always means a field map of rule codes).
    fn from(rejection: JsonRejection) -> Self {
        let status = match &rejection {
            JsonRejection::JsonDataError(_) => StatusCode::BAD_REQUEST,
            other => other.status(),
        };
        AppError::MalformedRequest {
            status,
            message: rejection.body_text(),
        }
    }
}

impl From<BytesRejection> for AppError {
    fn from(rejection: BytesRejection) -> Self {
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
            AppError::SecondFactorRequired => (
                StatusCode::FORBIDDEN,
                ErrorCode::SecondFactorRequired,
                "Finish signing in with the second factor (or set one up) first.".into(),
                FieldErrors::new(),
            ),
            AppError::TooManyRequests { retry_after_secs } => {
                let body = ApiError {
                    code: ErrorCode::TooManyRequests,
                    message: "Too many failed sign-ins. Try again later.".into(),
                    fields: FieldErrors::new(),
                    reopens_on: None,
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
                    | ErrorCode::InvitationRevoked
                    | ErrorCode::InvitationReplaced
                    | ErrorCode::ResetLinkUsed
                    | ErrorCode::ResetLinkExpired
                    | ErrorCode::ApprovalLinkClosed => StatusCode::GONE,
                    ErrorCode::ProgramNotAllowed => StatusCode::FORBIDDEN,
                    _ => StatusCode::CONFLICT,
                };
                (status, code, message, FieldErrors::new())
            }
            AppError::WindowClosed { reopens_on } => {
                let message = match reopens_on {
                    Some(day) => format!(
                        "Fewer seats and cancellation are possible only within 7 days of the \
                         purchase or a renewal; the next window opens on {day}, when it renews."
                    ),
                    None => "Fewer seats and cancellation are possible only within 7 days of \
                             the purchase or a renewal; this subscription won't renew."
                        .into(),
                };
                let body = ApiError {
                    code: ErrorCode::ChangeWindowClosed,
                    message,
                    fields: FieldErrors::new(),
                    reopens_on,
                    request_id,
                };
                return (StatusCode::CONFLICT, Json(body)).into_response();
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
            AppError::Unavailable => {
                let body = ApiError {
                    code: ErrorCode::Unavailable,
                    message:
                        "The database is unavailable for the moment. Try again in a few seconds."
                            .into(),
                    fields: FieldErrors::new(),
                    reopens_on: None,
                    request_id,
                };
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(
                        axum::http::header::RETRY_AFTER,
                        RETRY_UNAVAILABLE_AFTER_SECS.to_string(),
                    )],
                    Json(body),
                )
                    .into_response();
            }
            // An unavailable database reached through a store function that answers anyhow.
            AppError::Internal(cause)
                if cause
                    .chain()
                    .filter_map(|e| e.downcast_ref::<sqlx::Error>())
                    .any(crate::db::is_unavailable) =>
            {
                tracing::warn!(error = %cause, "database unavailable");
                return AppError::Unavailable.into_response();
            }
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
            reopens_on: None,
            request_id,
        };
        (status, Json(body)).into_response()
    }
}
