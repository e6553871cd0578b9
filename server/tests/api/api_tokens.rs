//! API tokens through the API: made by global admins, used as `Authorization: Bearer` on the
//! routes their roles allow (cookies ignored, no same-origin rule), revoked at once, limited per
//! minute under concurrency, audited as the actor.

use crate::helpers::{client_as, spawn_app, spawn_app_with, status, tally, TestApp};
use serde_json::{json, Value};
use server::auth::SessionPolicy;

async fn make_token(app: &TestApp, roles: &[&str], days: u32) -> (String, String) {
    let response = app
        .post_json(
            "/api/tokens",
            &json!({"name": "PSA sync", "roles": roles, "expires_in_days": days}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    (
        body["token"]["id"].as_str().unwrap().to_string(),
        body["secret"].as_str().unwrap().to_string(),
    )
}

/// A client with no cookie jar, as a program calls.
fn program() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test]
async fn a_token_is_made_once_and_works_as_a_bearer_on_what_its_roles_allow() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/tokens",
            &json!({"name": " ", "roles": ["owner"], "expires_in_days": 400}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["fields"]["name"]["code"], "required");
    assert_eq!(body["fields"]["roles"]["code"], "not_in_list");
    assert_eq!(body["fields"]["expires_in_days"]["code"], "out_of_range");

    let (id, secret) = make_token(&app, &["sales-agent"], 90).await;
    assert!(secret.starts_with("pd_") && secret.len() >= 46, "{secret}");
    // Only a hash is stored; the list never shows the secret.
    let stored: Vec<String> = sqlx::query_scalar("SELECT secret_hash FROM api_tokens")
        .fetch_all(app.db.readers())
        .await
        .unwrap();
    assert!(!stored.iter().any(|h| h.contains(&secret[3..])));
    let list: Value = app.get("/api/tokens").await.json().await.unwrap();
    assert!(!list.to_string().contains(&secret));
    assert_eq!(list[0]["state"], "active");
    assert_eq!(list[0]["roles"], json!(["sales-agent"]));
    assert_eq!(list[0]["prefix"].as_str().unwrap(), &secret[..7]);

    let bearer = |request: reqwest::RequestBuilder| request.bearer_auth(&secret);
    let client = program();
    assert_eq!(
        status(bearer(client.get(app.url("/api/customers")))).await,
        200
    );
    // A state-changing request without Origin or Sec-Fetch-Site: a program, not a browser.
    let created = bearer(client.post(app.url("/api/customers")))
        .json(&crate::helpers::valid_customer("tokenmade"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let customer: Value = created.json().await.unwrap();
    let customer_id = customer["customer"]["id"].as_str().unwrap().to_string();
    // What a sales agent may not do.
    assert_eq!(status(bearer(client.get(app.url("/api/users")))).await, 403);
    assert_eq!(status(bearer(client.get(app.url("/api/audit")))).await, 403);
    // The routes of a person's session are not a token's.
    assert_eq!(status(bearer(client.get(app.url("/api/me")))).await, 403);
    // A wrong or malformed bearer: 401, never the cookie's user.
    let admin_cookies = &app.client;
    for wrong in ["pd_not-a-token", "not-even-pd", ""] {
        let answer = admin_cookies
            .get(app.url("/api/customers"))
            .header("authorization", format!("Bearer {wrong}"))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 401, "{wrong:?}");
    }
    // With the admin's cookie and a sales agent's token, the token decides.
    assert_eq!(
        status(bearer(admin_cookies.get(app.url("/api/users")))).await,
        403
    );

    // The change is the token's in the audit log.
    let entries = app.audit_of(&customer_id).await;
    assert_eq!(entries[0]["actor"], "token: PSA sync", "{entries:?}");
    let audit: Value = app.get("/api/audit").await.json().await.unwrap();
    assert!(audit.to_string().contains("api-token.created"));

    // Revoked: the next request is refused.
    let revoked = app
        .post_json(&format!("/api/tokens/{id}/revoke"), &json!({}))
        .await;
    assert_eq!(revoked.status(), 200);
    let revoked: Value = revoked.json().await.unwrap();
    assert_eq!(revoked["state"], "revoked");
    assert_eq!(
        status(bearer(client.get(app.url("/api/customers")))).await,
        401
    );
    let list: Value = app.get("/api/tokens").await.json().await.unwrap();
    assert!(list[0]["last_used_at"].is_string(), "{list}");
}

#[tokio::test]
async fn tokens_are_the_partners_own_and_global_admins_only() {
    let app = spawn_app().await;
    let (id, secret) = make_token(&app, &["global-admin"], 30).await;
    let other = client_as(&app.base, crate::helpers::OTHER_ADMIN).await;
    let theirs: Value = other
        .get(app.url("/api/tokens"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(theirs, json!([]));
    assert_eq!(
        status(
            other
                .post(app.url(&format!("/api/tokens/{id}/revoke")))
                .json(&json!({}))
        )
        .await,
        404
    );
    let sam = client_as(&app.base, "sam.taylor@northwind.example").await;
    assert_eq!(status(sam.get(app.url("/api/tokens"))).await, 403);
    // The token sees its own partner's customers only.
    let list: Value = program()
        .get(app.url("/api/customers"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(list["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| !c["company_name"]
            .as_str()
            .unwrap_or_default()
            .contains("Fabrikam")));
}

#[tokio::test]
async fn an_expired_token_is_refused() {
    let app = spawn_app().await;
    let (id, secret) = make_token(&app, &["sales-agent"], 1).await;
    let mut tx = app.db.write().await.unwrap();
    sqlx::query("UPDATE api_tokens SET expires_at = $1 WHERE id = $2")
        .bind("2020-01-01T00:00:00.000000Z")
        .bind(&id)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let answer = program()
        .get(app.url("/api/customers"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 401);
    let list: Value = app.get("/api/tokens").await.json().await.unwrap();
    assert_eq!(list[0]["state"], "expired");
}

#[tokio::test]
async fn the_per_token_limit_holds_under_concurrency() {
    let app = spawn_app_with(SessionPolicy {
        token_requests_per_minute: 10,
        ..SessionPolicy::default()
    })
    .await;
    let (_, secret) = make_token(&app, &["sales-agent"], 30).await;
    let client = program();
    let answers = futures_util::future::join_all((0..30).map(|_| {
        let request = client
            .get(app.url("/api/customers?per_page=1"))
            .bearer_auth(&secret);
        async move { request.send().await.unwrap() }
    }))
    .await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status().as_u16()).collect();
    assert_eq!(tally(&statuses), [(200, 10), (429, 20)].into());
    let limited = answers.iter().find(|a| a.status() == 429).unwrap();
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    // Another token has its own count.
    let (_, second) = make_token(&app, &["sales-agent"], 30).await;
    assert_eq!(
        status(client.get(app.url("/api/customers")).bearer_auth(&second)).await,
        200
    );
}

/// An integrator's whole round, with a token and nothing else: create, list, edit, end.
#[tokio::test]
async fn a_program_creates_lists_edits_and_ends_customers_with_a_token_only() {
    let app = spawn_app().await;
    let (_, secret) = make_token(&app, &["global-admin"], 30).await;
    let client = program();
    let created = client
        .post(app.url("/api/customers"))
        .bearer_auth(&secret)
        .json(&crate::helpers::valid_customer("tokenround"))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: Value = created.json().await.unwrap();
    let id = created["customer"]["id"].as_str().unwrap().to_string();

    let list: Value = client
        .get(app.url("/api/customers?q=tokenround"))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(list["items"][0]["id"], id.as_str());

    let read = client
        .get(app.url(&format!("/api/customers/{id}")))
        .bearer_auth(&secret)
        .send()
        .await
        .unwrap();
    let tag = read.headers()["etag"].to_str().unwrap().to_string();
    let customer: Value = read.json().await.unwrap();
    let mut form = crate::customers::edit_form(&customer);
    form["city"] = json!("Bellevue");
    let edited = client
        .put(app.url(&format!("/api/customers/{id}")))
        .bearer_auth(&secret)
        .header("If-Match", tag)
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(edited.status(), 200);

    let ended = client
        .post(app.url(&format!("/api/customers/{id}/end")))
        .bearer_auth(&secret)
        .json(&json!({"reason": "customer-request"}))
        .send()
        .await
        .unwrap();
    assert_eq!(ended.status(), 200, "{}", ended.text().await.unwrap());
    let entries = app.audit_of(&id).await;
    assert!(entries.len() >= 3);
    assert!(
        entries.iter().all(|e| e["actor"] == "token: PSA sync"),
        "{entries:?}"
    );
}
