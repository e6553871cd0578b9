//! Logging set-up and the request id that ties a response to its log lines.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;
use tracing_subscriber::EnvFilter;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

tokio::task_local! {
    static REQUEST_ID: String;
}

pub fn init() {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info"));
    // `try_init`: tests start many servers in one process.
    let _ = tracing_subscriber::fmt().with_env_filter(filter).try_init();
}

/// The id of the request being handled, when called inside one.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Makes the request id (set by `SetRequestIdLayer`) readable by error responses.
pub async fn scope_request_id(request: Request, next: Next) -> Response {
    let id = request
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    REQUEST_ID.scope(id, next.run(request)).await
}
