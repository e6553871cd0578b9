use crate::routes::{Access, ApiRoute};
use axum::Json;
use serde_json::{json, Value};

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get("/health", Access::Public, health)]
}

/// Liveness: answers without touching the database (also the benchmarks' ceiling).
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}
