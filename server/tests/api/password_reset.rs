//! Sign-in recovery: "forgot password" links by e-mail, and administrators' resets.

use crate::helpers::{client_as, spawn_app, spawn_app_full, MailSink, TestApp};
use serde_json::{json, Value};
use server::auth::SessionPolicy;

const SAM: &str = "sam.taylor@northwind.example";

async fn ask(app: &TestApp, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/password-reset"))
        .json(&body)
        .send()
        .await
        .unwrap()
}

async fn complete(app: &TestApp, token: &str, password: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url("/api/password-reset/complete"))
        .json(&json!({"token": token, "new_password": password}))
        .send()
        .await
        .unwrap()
}

/// The reset link's token in a received message's text.
pub(crate) fn reset_token_in(message: &Value) -> String {
    let text = message["text"].as_str().unwrap();
    let start = text.find("/reset-password#").expect("a reset link") + "/reset-password#".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn user_id(app: &TestApp, email: &str) -> String {
    let users: Value = app.get("/api/users").await.json().await.unwrap();
    users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == email)
        .map(|u| u["id"].as_str().unwrap().to_string())
        .unwrap()
}

async fn audited(app: &TestApp, action: &str) -> Vec<Value> {
    let page: Value = app
        .get(&format!("/api/audit?action={action}"))
        .await
        .json()
        .await
        .unwrap();
    page["items"].as_array().unwrap().clone()
}

/// Asking for a link answers 202 with nothing, for an address with an account and for one
/// without; only the account's address gets an e-mail, in the language asked, through a
/// confidential outbox entry. The link sets a new password once, ends the user's sessions, and
/// the old password stops working.
#[tokio::test]
async fn forgot_password_mails_a_single_use_link_and_answers_every_address_alike() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let sams_browser = client_as(&app.base, SAM).await;

    let response = ask(&app, json!({"email": "nobody@northwind.example"})).await;
    assert_eq!(response.status(), 202);
    assert_eq!(response.text().await.unwrap(), "");
    let response = ask(
        &app,
        json!({"email": "Sam.Taylor@northwind.example", "language": "zh-CN"}),
    )
    .await;
    assert_eq!(response.status(), 202);
    assert_eq!(response.text().await.unwrap(), "");
    let response = ask(&app, json!({"email": "not an address"})).await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["fields"]["email"]["code"], "invalid_format");

    let messages = sink.wait_for(1).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(
        sink.messages().len(),
        1,
        "no mail for an address without an account"
    );
    let mail = &messages[0];
    assert_eq!(mail["to"], json!([SAM]));
    assert_eq!(mail["subject"], "重置你的 PartnerDesk 密码");
    let token = reset_token_in(mail);
    assert_eq!(token.len(), 43, "256 random bits");

    // The partner's outbox shows that it went, never the link.
    let outbox: Value = app.get("/api/outbox").await.json().await.unwrap();
    let listed = &outbox["messages"][0];
    assert_eq!(listed["recipient"], SAM);
    assert_eq!(listed["confidential"], true);
    assert_eq!(listed["text_body"], "");
    assert!(!outbox.to_string().contains(&token));

    let response = complete(&app, &token, "short").await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["fields"]["new_password"]["code"], "too_short");

    let response = complete(&app, &token, "a new password for Sam").await;
    assert_eq!(
        response.status(),
        204,
        "the refused password left the link usable"
    );
    let response = sams_browser.get(app.url("/api/me")).send().await.unwrap();
    assert_eq!(response.status(), 401, "every session of the user ended");
    assert_eq!(
        app.sign_in(SAM, server::seed::DEMO_PASSWORD).await.status(),
        401
    );
    let response = app.sign_in(SAM, "a new password for Sam").await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["user"]["must_change_password"], false);

    let response = complete(&app, &token, "yet another password").await;
    assert_eq!(response.status(), 410);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "reset_link_used");
    let response = complete(&app, "not-a-token-anyone-was-sent", "yet another password").await;
    assert_eq!(response.status(), 404);

    let sam = user_id(&app, SAM).await;
    let sent = audited(&app, "user.password-reset-sent").await;
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["actor"], "system");
    assert_eq!(sent[0]["object_id"], sam.as_str());
    let used = audited(&app, "user.password-reset-by-link").await;
    assert_eq!(used.len(), 1);
    assert_eq!(used[0]["actor"], SAM);
}

/// An account gets at most three links per half hour; a link expires after 30 minutes; of
/// concurrent uses of one link exactly one sets the password; using a link closes the older
/// ones.
#[tokio::test]
async fn reset_links_are_limited_expire_and_are_used_once_even_concurrently() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    for _ in 0..4 {
        assert_eq!(ask(&app, json!({"email": SAM})).await.status(), 202);
    }
    let messages = sink.wait_for(3).await;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    assert_eq!(
        sink.messages().len(),
        3,
        "three links per account per half hour"
    );
    let tokens: Vec<String> = messages.iter().map(reset_token_in).collect();

    let expired = server::secret_link::token_hash(&tokens[0]);
    app.change_behind_the_server(
        sqlx::query("UPDATE password_resets SET expires_at = '2000-01-01T00:00:00.000000Z' WHERE token_hash = $1")
            .bind(expired),
    )
    .await;
    let response = complete(&app, &tokens[0], "a new password for Sam").await;
    assert_eq!(response.status(), 410);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "reset_link_expired");

    let attempts = (0..8).map(|n| {
        let app = &app;
        let token = &tokens[2];
        async move {
            complete(app, token, &format!("concurrent password {n}"))
                .await
                .status()
                .as_u16()
        }
    });
    let statuses = futures_util::future::join_all(attempts).await;
    let tally = crate::helpers::tally(&statuses);
    assert_eq!(tally.get(&204), Some(&1), "{tally:?}");
    assert_eq!(tally.get(&410), Some(&7), "{tally:?}");

    let response = complete(&app, &tokens[1], "an older link's password").await;
    assert_eq!(
        response.status(),
        410,
        "the older, unexpired link closed with the used one"
    );
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "reset_link_used");
}

/// A global admin gives a user a temporary password (the user's sessions end, the next
/// sign-in must change it), enables a disabled user, and can't reset their own password this
/// way; both are audited.
#[tokio::test]
async fn admins_reset_a_users_password_and_enable_a_disabled_user() {
    let app = spawn_app().await;
    let sam = user_id(&app, SAM).await;
    let sams_browser = client_as(&app.base, SAM).await;

    let response = app
        .post_json(&format!("/api/users/{sam}/password"), &json!({}))
        .await;
    assert_eq!(response.status(), 200);
    let issued: Value = response.json().await.unwrap();
    let temporary = issued["temporary_password"].as_str().unwrap().to_string();
    assert!(temporary.len() >= 12);
    let response = sams_browser.get(app.url("/api/me")).send().await.unwrap();
    assert_eq!(response.status(), 401, "Sam's sessions ended");
    assert_eq!(
        app.sign_in(SAM, server::seed::DEMO_PASSWORD).await.status(),
        401
    );
    let response = app.sign_in(SAM, &temporary).await;
    assert_eq!(response.status(), 200);
    let me: Value = response.json().await.unwrap();
    assert_eq!(me["user"]["must_change_password"], true);

    let alex = app.ctx.user_id;
    let response = app
        .post_json(&format!("/api/users/{alex}/password"), &json!({}))
        .await;
    assert_eq!(
        response.status(),
        422,
        "own password: change it, with the current one"
    );

    let response = app
        .post_json(&format!("/api/users/{sam}/disable"), &json!({}))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(app.sign_in(SAM, &temporary).await.status(), 401);
    let response = app
        .post_json(&format!("/api/users/{sam}/enable"), &json!({}))
        .await;
    assert_eq!(response.status(), 200);
    let enabled: Value = response.json().await.unwrap();
    assert_eq!(enabled["disabled"], false);
    assert_eq!(app.sign_in(SAM, &temporary).await.status(), 200);

    let reset = audited(&app, "user.password-reset").await;
    assert_eq!(reset.len(), 1);
    assert_eq!(reset[0]["object_id"], sam.as_str());
    assert!(
        !reset[0].to_string().contains(&temporary),
        "no password in the log"
    );
    assert_eq!(audited(&app, "user.enabled").await.len(), 1);

    let unknown = uuid::Uuid::new_v4();
    let response = app
        .post_json(&format!("/api/users/{unknown}/password"), &json!({}))
        .await;
    assert_eq!(response.status(), 404);
}
