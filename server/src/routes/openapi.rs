//! `GET /api/openapi.json`: the API's OpenAPI 3.1 document, built once from the route table.

use crate::routes::{Access, ApiRoute, Payload, RouteDoc};
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use std::sync::OnceLock;

pub fn routes() -> Vec<ApiRoute> {
    vec![
        ApiRoute::get("/openapi.json", Access::Public, document).doc(
            RouteDoc::new("This document")
                .detail("The OpenAPI 3.1 description of every operation, generated from the code.")
                .answers_with(
                    200,
                    "The document.",
                    Payload::Json(crate::openapi::any_object),
                ),
        ),
    ]
}

async fn document() -> impl IntoResponse {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let json = DOCUMENT.get_or_init(|| {
        let routes = crate::routes::all_routes();
        serde_json::to_string_pretty(&crate::openapi::document_json(&routes))
            .expect("the document is plain JSON values")
    });
    ([(CONTENT_TYPE, "application/json")], json.as_str())
}
