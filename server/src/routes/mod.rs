//! The JSON API under `/api`: one module per resource, each with its own `router()`.

pub mod customers;
pub mod domains;
pub mod health;
pub mod me;

use crate::error::AppError;
use crate::startup::AppState;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::Router;

/// The largest JSON body any endpoint takes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

pub fn api_router() -> Router<AppState> {
    Router::new()
        .merge(health::router())
        .merge(me::router())
        .merge(customers::router())
        .merge(domains::router())
        // Unknown API paths get a JSON 404, never the app's index.html.
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async {
            AppError::MalformedRequest {
                status: StatusCode::METHOD_NOT_ALLOWED,
                message: "Method not allowed on this resource.".into(),
            }
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
}
