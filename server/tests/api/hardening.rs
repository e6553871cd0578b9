//! Defects found by probing the running server (issue 18), each with the test that showed it.

use crate::helpers::{spawn_app, valid_customer};
use serde_json::{json, Value};

/// One Idempotency-Key sent at the same moment with ten different bodies: every answer is the
/// create (201) or a conflict (409) — never a 500 from the key's second insert — and exactly
/// one customer exists for the key.
#[tokio::test]
async fn one_idempotency_key_reused_concurrently_for_different_bodies_is_409_never_500() {
    let app = spawn_app().await;
    for round in 0..3 {
        let key = format!("reused-{round}");
        let bodies: Vec<Value> = (0..10)
            .map(|n| valid_customer(&format!("reuse{round}x{n}")))
            .collect();
        let answers = futures_util::future::join_all(bodies.iter().map(|body| {
            app.client
                .post(app.url("/api/customers"))
                .header("Idempotency-Key", &key)
                .json(body)
                .send()
        }))
        .await;
        let mut statuses: Vec<u16> = Vec::new();
        for answer in answers {
            let answer = answer.unwrap();
            let status = answer.status().as_u16();
            let body: Value = answer.json().await.unwrap();
            if status == 409 {
                assert_eq!(body["code"], "conflict", "{body}");
            }
            statuses.push(status);
        }
        assert!(
            statuses.iter().all(|s| *s == 201 || *s == 409),
            "round {round}: {statuses:?}"
        );
        assert_eq!(
            statuses.iter().filter(|s| **s == 201).count(),
            1,
            "{statuses:?}"
        );
    }
    let created: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(app.db.readers())
        .await
        .unwrap();
    assert_eq!(created, 3);
}

/// Control characters in a search: a clear 400 for the list and for the export (which used to
/// answer 200 and end after the header line).
#[tokio::test]
async fn a_search_with_control_characters_is_400_for_the_list_and_the_export() {
    let app = spawn_app().await;
    app.create_customer("findme").await;
    for path in [
        "/api/customers?q=a%00b%00c",
        "/api/customers?q=fi%07nd",
        "/api/customers/export.csv?q=a%00b%00c",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 400, "{path}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], "malformed_request", "{path}: {error}");
    }
    // Ordinary text, Chinese included, still searches.
    let response = app.get("/api/customers?q=findme").await;
    assert_eq!(response.status(), 200);
    let list: Value = response.json().await.unwrap();
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1), "{list}");
    assert_eq!(
        app.get("/api/customers?q=%E4%BA%91%E5%B8%86")
            .await
            .status(),
        200
    );
}

/// Every `/api` path answers the API's JSON shape, `/api/` (trailing slash) included.
#[tokio::test]
async fn api_paths_with_a_trailing_slash_are_json_404() {
    let app = spawn_app().await;
    for path in ["/api/", "/api//", "/api/customers/"] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 404, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{path}"
        );
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], json!("not_found"), "{path}");
    }
}
