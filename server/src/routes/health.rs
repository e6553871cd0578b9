use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use axum::Json;
use serde_json::{json, Value};

pub fn routes() -> Vec<ApiRoute> {
    vec![ApiRoute::get("/health", Access::Public, health).doc(
        RouteDoc::new("Liveness").answers_with(
            200,
            "`{\"status\": \"ok\"}`.",
            Payload::Json(crate::openapi::any_object),
        ),
    )]
}

/// Liveness: answers without touching the database (also the benchmarks' ceiling).
async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}
