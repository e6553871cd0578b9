use crate::startup::AppState;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn router() -> Router<AppState> {
    Router::new().route("/health", get(health))
}

/// Liveness: answers without touching the database (also the benchmarks' ceiling).
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}
