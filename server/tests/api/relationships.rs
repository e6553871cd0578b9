//! Customer relationships: invitations (through a real SMTP server), accepting them, ending
//! relationships, removing customers, importing, and the audit log of all of it.

use crate::helpers::{
    existing_customer, spawn_app, spawn_app_full, token_in, MailSink, TestApp, ADMIN,
};
use serde_json::{json, Value};
use server::auth::SessionPolicy;
use shared::import::import_columns;

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The public accept page's calls: an anonymous client, like the customer's browser.
async fn details(app: &TestApp, token: &str) -> (u16, Value) {
    json_of(
        reqwest::Client::new()
            .post(app.url("/api/invitation-acceptance/details"))
            .json(&json!({"token": token}))
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn accept(app: &TestApp, body: Value) -> (u16, Value) {
    json_of(
        reqwest::Client::new()
            .post(app.url("/api/invitation-acceptance"))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn acceptance(token: &str) -> Value {
    json!({"token": token, "first_name": "Ana", "last_name": "Silva", "consent": true})
}

async fn customer(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/api/customers/{id}"))
        .await
        .json()
        .await
        .unwrap()
}

fn actions(entries: &[Value]) -> Vec<&str> {
    entries
        .iter()
        .rev()
        .map(|e| e["action"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn an_invitation_is_emailed_and_accepted_once() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let invitation = app.invite("acceptme").await;
    assert_eq!(invitation["state"], "pending");
    assert_eq!(invitation["email"], "ana.silva@contoso.com");
    let customer_id = invitation["customer_id"].as_str().unwrap().to_string();
    assert_eq!(
        customer(&app, &customer_id).await["relationship"],
        "invited"
    );
    assert_eq!(customer(&app, &customer_id).await["agreement"], Value::Null);

    // The message went through SMTP, in English (the US customer's language), text and HTML.
    let messages = sink.wait_for(1).await;
    let message = &messages[0];
    assert_eq!(message["to"], json!(["ana.silva@contoso.com"]));
    assert_eq!(
        message["subject"],
        "Northwind Cloud Solutions invites Contoso to a reseller relationship"
    );
    assert!(message["text"].as_str().unwrap().contains("Welcome aboard"));
    assert!(message["html"].as_str().unwrap().contains("<a href=\""));
    let token = token_in(message);
    assert_eq!(token.len(), 43, "256-bit token");
    // Only the token's hash is stored.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM invitations")
        .fetch_all(app.db.readers())
        .await
        .unwrap();
    assert!(stored.iter().all(|h| h != &token && h.len() == 64));

    let (status, shown) = details(&app, &token).await;
    assert_eq!(status, 200);
    assert_eq!(shown["partner_name"], "Northwind Cloud Solutions");
    assert_eq!(shown["company_name"], "Contoso");
    assert_eq!(shown["message"], "Welcome aboard");

    // Consent and names are required; nothing changes without them.
    let (status, body) = accept(&app, json!({"token": token})).await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["consent"]["code"], "required");
    assert_eq!(body["fields"]["agreement_first_name"]["code"], "required");
    assert_eq!(
        customer(&app, &customer_id).await["relationship"],
        "invited"
    );

    let (status, done) = accept(&app, acceptance(&token)).await;
    assert_eq!(status, 200, "{done}");
    let accepted = customer(&app, &customer_id).await;
    assert_eq!(accepted["relationship"], "active");
    assert_eq!(accepted["agreement"]["first_name"], "Ana");
    assert_eq!(accepted["agreement"]["email"], "ana.silva@contoso.com");

    // A used link is gone: 410 with its reason, for the page and for a second accept.
    let (status, body) = details(&app, &token).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("invitation_accepted"))
    );
    let (status, body) = accept(&app, acceptance(&token)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("invitation_accepted"))
    );
    // A link that was never issued is simply not found.
    let (status, _) = details(&app, &"x".repeat(43)).await;
    assert_eq!(status, 404);

    let log = app.audit_of(&customer_id).await;
    assert_eq!(
        actions(&log),
        [
            "customer.created",
            "invitation.created",
            "invitation.accepted"
        ]
    );
    assert_eq!(log[0]["actor"], "customer: Ana Silva");
    let invitations: Value = app.get("/api/invitations").await.json().await.unwrap();
    assert_eq!(invitations[0]["state"], "accepted");
    assert_eq!(invitations[0]["accepted_by"], "Ana Silva");
}

#[tokio::test]
async fn the_email_is_in_the_customers_language() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let mut customer = existing_customer("zhinvite");
    customer["language"] = json!("zh-CN");
    customer["company_name"] = json!("上海云数据有限公司");
    let response = app
        .post_json(
            "/api/invitations",
            &json!({"customer": customer, "message": ""}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let message = &sink.wait_for(1).await[0];
    assert_eq!(
        message["subject"],
        "Northwind Cloud Solutions 邀请 上海云数据有限公司 建立经销商关系"
    );
    assert!(message["text"].as_str().unwrap().contains("你好"));
    assert!(message["html"].as_str().unwrap().contains("lang=\"zh-CN\""));
}

#[tokio::test]
async fn resending_kills_the_old_link_and_revoking_answers_410() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let invitation = app.invite("resendme").await;
    let id = invitation["id"].as_str().unwrap();
    let customer_id = invitation["customer_id"].as_str().unwrap();
    let first = token_in(&sink.wait_for(1).await[0]);

    let resent: Value = app
        .post_json(&format!("/api/invitations/{id}/resend"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(resent["sent_count"], 2);
    let second = token_in(&sink.wait_for(2).await[1]);
    assert_ne!(first, second);
    // The old link is dead, and says why (issue 18 item 9: it answered 404, as if it had never
    // existed): for the page and for accepting.
    let (status, body) = details(&app, &first).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("invitation_replaced"))
    );
    let (status, body) = accept(&app, acceptance(&first)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("invitation_replaced"))
    );
    assert_eq!(details(&app, "never-sent-token").await.0, 404);
    assert_eq!(details(&app, &second).await.0, 200);

    let response = app
        .post_json(&format!("/api/invitations/{id}/revoke"), &json!({}))
        .await;
    assert_eq!(response.status(), 200);
    assert_eq!(customer(&app, customer_id).await["relationship"], "revoked");
    let (status, body) = details(&app, &second).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("invitation_revoked"))
    );
    let (status, body) = accept(&app, acceptance(&second)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("invitation_revoked"))
    );
    // Revoking twice is a state conflict.
    let (status, body) = json_of(
        app.post_json(&format!("/api/invitations/{id}/revoke"), &json!({}))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("invitation_not_pending"))
    );

    // Sent again, it works again.
    app.post_json(&format!("/api/invitations/{id}/resend"), &json!({}))
        .await;
    let third = token_in(&sink.wait_for(3).await[2]);
    assert_eq!(customer(&app, customer_id).await["relationship"], "invited");
    assert_eq!(accept(&app, acceptance(&third)).await.0, 200);
    let (status, body) = json_of(
        app.post_json(&format!("/api/invitations/{id}/resend"), &json!({}))
            .await,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("invitation_not_pending"))
    );
    assert_eq!(
        actions(&app.audit_of(customer_id).await),
        [
            "customer.created",
            "invitation.created",
            "invitation.resent",
            "invitation.revoked",
            "invitation.resent",
            "invitation.accepted"
        ]
    );
}

#[tokio::test]
async fn invitations_expire_after_30_days() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let invitation = app.invite("expireme").await;
    let customer_id = invitation["customer_id"].as_str().unwrap();
    let expires = invitation["expires_at"].as_str().unwrap();
    let days = |t: &str| {
        shared::date::CalendarDate::parse(&t[..10])
            .unwrap()
            .days_since_epoch()
    };
    assert_eq!(
        days(expires) - days(invitation["created_at"].as_str().unwrap()),
        30
    );
    let token = token_in(&sink.wait_for(1).await[0]);
    sqlx::query("UPDATE invitations SET expires_at = '2020-01-01T00:00:00.000000Z'")
        .execute(app.db.readers())
        .await
        .unwrap();
    // Past its date it is expired at once, before the sweep records it.
    let (status, body) = details(&app, &token).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("invitation_expired"))
    );
    assert_eq!(
        server::store::invitations::expire_due(&app.db)
            .await
            .unwrap(),
        1
    );
    assert_eq!(customer(&app, customer_id).await["relationship"], "expired");
    let log = app.audit_of(customer_id).await;
    assert_eq!(log[0]["action"], "invitation.expired");
    assert_eq!(log[0]["actor"], "system");
    assert_eq!(
        server::store::invitations::expire_due(&app.db)
            .await
            .unwrap(),
        0
    );
}

#[tokio::test]
async fn invitations_check_the_customer_like_the_add_form() {
    let app = spawn_app().await;
    let mut customer = existing_customer("Bad Prefix");
    customer["country"] = json!("UK");
    let response = app
        .post_json(
            "/api/invitations",
            &json!({"customer": customer, "message": "x".repeat(1001)}),
        )
        .await;
    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["fields"]["domain_prefix"]["code"], "invalid_chars");
    assert_eq!(body["fields"]["country"]["hint"], "GB");
    assert_eq!(body["fields"]["invitation_message"]["code"], "too_long");
    // A domain already in the instance is taken, here as in the add form.
    app.create_customer("takenbyus").await;
    let response = app
        .post_json(
            "/api/invitations",
            &json!({"customer": existing_customer("takenbyus")}),
        )
        .await;
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["fields"]["domain_prefix"]["code"], "taken");
    // Without a mail server the message waits in the outbox, with its link.
    app.invite("outboxed").await;
    let outbox: Value = app.get("/api/outbox").await.json().await.unwrap();
    assert_eq!(outbox["smtp_configured"], false);
    assert_eq!(outbox["messages"][0]["status"], "queued");
    assert!(outbox["messages"][0]["text_body"]
        .as_str()
        .unwrap()
        .contains("/invitation#"));
}

#[tokio::test]
async fn ending_a_relationship_needs_every_subscription_cancelled_and_a_reason() {
    let app = spawn_app().await;
    let created = app.create_customer("endme").await;
    let id = created["customer"]["id"].as_str().unwrap();
    let subscription = app.add_subscription(id).await;
    let end = |body: Value| {
        let app = &app;
        async move {
            json_of(
                app.post_json(&format!("/api/customers/{id}/end"), &body)
                    .await,
            )
            .await
        }
    };

    let (status, body) = end(json!({})).await;
    assert_eq!(
        (status, body["fields"]["end_reason"]["code"].as_str()),
        (422, Some("required"))
    );
    let (status, body) = end(json!({"reason": "other", "reason_text": " "})).await;
    assert_eq!(
        (status, body["fields"]["end_reason_text"]["code"].as_str()),
        (422, Some("required"))
    );
    let (status, body) = end(json!({"reason": "customer-request"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("active_subscriptions"))
    );
    assert!(body["message"]
        .as_str()
        .unwrap()
        .starts_with("1 subscriptions aren't cancelled"));

    let subs: Value = app
        .get(&format!("/api/customers/{id}/subscriptions"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(subs[0]["status"], "active");
    let response = app
        .post_json(
            &format!("/api/customers/{id}/subscriptions/{subscription}/suspend"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 200);
    // Suspending twice is not a transition.
    let response = app
        .post_json(
            &format!("/api/customers/{id}/subscriptions/{subscription}/suspend"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 409);
    // Under new commerce a suspended subscription is still billed: it blocks the end too, and
    // the refusal names it.
    let (status, body) = end(json!({"reason": "customer-request"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("active_subscriptions"))
    );
    let offer = subs[0]["offer"].as_str().unwrap();
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .ends_with(&format!("{offer} (suspended).")),
        "{body}"
    );
    let response = app
        .post_json(
            &format!("/api/customers/{id}/subscriptions/{subscription}/cancel"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 200);

    let (status, ended) =
        end(json!({"reason": "other", "reason_text": "Company was acquired"})).await;
    assert_eq!(status, 200, "{ended}");
    assert_eq!(ended["relationship"], "ended");
    assert_eq!(ended["ending"]["reason"], "other");
    assert_eq!(ended["ending"]["reason_text"], "Company was acquired");

    // Ended is final and read-only.
    let (status, body) = end(json!({"reason": "customer-request"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("relationship_not_active"))
    );
    let customer: shared::api::Customer = serde_json::from_value(ended.clone()).unwrap();
    let mut form = serde_json::to_value(customer.to_form()).unwrap();
    form["city"] = json!("Seattle");
    let response = app
        .client
        .put(app.url(&format!("/api/customers/{id}")))
        .header("If-Match", format!("\"{}\"", customer.version))
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    // Still listed under the Ended filter, still searchable.
    let list: Value = app
        .get("/api/customers?relationship=ended&q=endme")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);

    let log = app.audit_of(id).await;
    assert_eq!(
        actions(&log),
        [
            "customer.created",
            "subscription.ordered",
            "subscription.suspended",
            "subscription.cancelled",
            "customer.ended"
        ]
    );
    let before: Value = serde_json::from_str(log[0]["before"].as_str().unwrap()).unwrap();
    let after: Value = serde_json::from_str(log[0]["after"].as_str().unwrap()).unwrap();
    assert_eq!(
        (
            before["relationship"].as_str(),
            after["relationship"].as_str()
        ),
        (Some("active"), Some("ended"))
    );
    assert_eq!(log[0]["actor"], ADMIN);
}

#[tokio::test]
async fn only_customers_that_never_became_active_can_be_removed() {
    let app = spawn_app().await;
    let active = app.create_customer("keepme").await;
    let active_id = active["customer"]["id"].as_str().unwrap();
    let response = app
        .client
        .delete(app.url(&format!("/api/customers/{active_id}")))
        .send()
        .await
        .unwrap();
    let (status, body) = json_of(response).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("customer_not_removable"))
    );

    let invitation = app.invite("removeme").await;
    let id = invitation["customer_id"].as_str().unwrap();
    let response = app
        .client
        .delete(app.url(&format!("/api/customers/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    assert_eq!(app.get(&format!("/api/customers/{id}")).await.status(), 404);
    let invitations: Value = app.get("/api/invitations").await.json().await.unwrap();
    assert_eq!(invitations.as_array().unwrap().len(), 0);
    // The log keeps what was removed.
    let log = app.audit_of(id).await;
    assert_eq!(log[0]["action"], "customer.removed");
    let before: Value = serde_json::from_str(log[0]["before"].as_str().unwrap()).unwrap();
    assert_eq!(before["domain_prefix"], "removeme");
}

/// A CSV file of `rows` valid customers (`relationship_exists` yes) plus `extra` lines.
pub fn import_file(prefix: &str, rows: usize, extra: &[&str]) -> String {
    let mut out = import_columns().join(",");
    out.push('\n');
    for i in 0..rows {
        out.push_str(&format!(
            "Customer {i} 有限公司,US,{prefix}{i},{i} Main St,,,Redmond,WA,98052,Ana,Lopez,ana{i}@customer{i}.com,,,,,,,,yes\n"
        ));
    }
    for line in extra {
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[tokio::test]
async fn two_previews_of_one_user_both_commit() {
    // Two tabs, each checking a file: the first one's preview is still there to commit.
    let app = spawn_app().await;
    let first = app.preview_import(&import_file("tabone", 2, &[])).await;
    let second = app.preview_import(&import_file("tabtwo", 1, &[])).await;
    let done = commit_and_follow(&app, first["id"].as_str().unwrap()).await;
    assert_eq!(done["imported"], 2, "{done}");
    let done = commit_and_follow(&app, second["id"].as_str().unwrap()).await;
    assert_eq!(done["imported"], 1, "{done}");
    // A user's fourth waiting preview lets the oldest go.
    let mut previews = Vec::new();
    for i in 0..4 {
        let file = import_file(&format!("keep{i}"), 1, &[]);
        previews.push(
            app.preview_import(&file).await["id"]
                .as_str()
                .unwrap()
                .to_string(),
        );
    }
    let oldest = app
        .post_json(&format!("/api/imports/{}/commit", previews[0]), &json!({}))
        .await;
    assert_eq!(oldest.status(), 404);
    let newest = commit_and_follow(&app, &previews[3]).await;
    assert_eq!(newest["imported"], 1, "{newest}");
}

/// Commits a preview and follows its server-sent events to the end; returns the last event.
pub async fn commit_and_follow(app: &TestApp, id: &str) -> Value {
    let response = app
        .post_json(&format!("/api/imports/{id}/commit"), &json!({}))
        .await;
    assert_eq!(response.status(), 202);
    let events = app
        .get(&format!("/api/imports/{id}/events"))
        .await
        .text()
        .await
        .unwrap();
    crate::helpers::last_event(&events)
}

#[tokio::test]
async fn imports_preview_every_row_commit_the_valid_ones_and_never_duplicate() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    app.create_customer("already").await;
    let file = import_file(
        "imp",
        3,
        &[
            "LLC,US,bad prefix,1 Main St,,,Redmond,WA,98052,Ana,Lopez,ana@x.com,,,,,,,,yes",
            "Already Inc,US,already,1 Main St,,,Redmond,WA,98052,Ana,Lopez,ana@already.com,,,,,,,,yes",
            "Invited Co,US,invitedco,1 Main St,,,Redmond,WA,98052,Ana,Lopez,ana@invited.com,,,,,,,,no",
        ],
    );
    let preview = app.preview_import(&file).await;
    assert_eq!(
        (
            &preview["total"],
            &preview["ready"],
            &preview["active"],
            &preview["duplicates"],
            &preview["invalid"]
        ),
        (&json!(6), &json!(4), &json!(3), &json!(1), &json!(1))
    );
    assert_eq!(preview["problems"][0]["line"], 5);
    assert_eq!(preview["problems"][0]["problem"]["kind"], "invalid");
    assert_eq!(
        preview["problems"][0]["problem"]["errors"]["company_name"]["code"],
        "legal_form_only"
    );
    assert_eq!(preview["problems"][1]["problem"]["kind"], "duplicate");
    // Nothing is written by a preview.
    let before: Value = app.get("/api/customers?q=imp").await.json().await.unwrap();
    assert_eq!(before["total"], 0);

    let id = preview["id"].as_str().unwrap();
    let done = commit_and_follow(&app, id).await;
    assert_eq!(done["finished"], true);
    assert_eq!(
        (done["imported"].as_u64(), done["skipped"].as_u64()),
        (Some(4), Some(0))
    );
    let list: Value = app.get("/api/customers?q=imp").await.json().await.unwrap();
    assert_eq!(list["total"], 3);
    let invited: Value = app
        .get("/api/customers?relationship=invited&q=invitedco")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(invited["total"], 1);
    // The invited row got its invitation e-mail.
    let message = &sink.wait_for(1).await[0];
    assert_eq!(message["to"], json!(["ana@invited.com"]));
    let (status, _) = json_of(
        app.post_json(&format!("/api/imports/{id}/commit"), &json!({}))
            .await,
    )
    .await;
    assert_eq!(status, 409, "a preview commits once");

    // The same file again: everything is already there.
    let again = app.preview_import(&file).await;
    assert_eq!(
        (again["ready"].as_u64(), again["duplicates"].as_u64()),
        (Some(0), Some(5))
    );
    let log: Value = app
        .get("/api/audit?action=customer.imported")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["items"].as_array().unwrap().len(), 4);
}

#[tokio::test]
async fn import_files_are_checked_as_files_first() {
    let app = spawn_app().await;
    let upload = |body: &'static str, content_type: &'static str| {
        app.client
            .post(app.url("/api/imports"))
            .header("content-type", content_type)
            .body(body)
            .send()
    };
    let (status, body) = json_of(
        upload("company_name,country\nx,US\n", "text/csv")
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["file"]["code"], "missing_column");
    let (status, _) = json_of(upload("{}", "application/json").await.unwrap()).await;
    assert_eq!(status, 415);
    let (status, body) = json_of(upload("", "text/csv").await.unwrap()).await;
    assert_eq!(
        (status, body["fields"]["file"]["code"].as_str()),
        (422, Some("required"))
    );
    // Another partner can't see or commit our preview.
    let preview = app.preview_import(&import_file("mine", 1, &[])).await;
    let other = crate::helpers::client_as(&app.base, crate::helpers::OTHER_ADMIN).await;
    let id = preview["id"].as_str().unwrap();
    for path in [
        format!("/api/imports/{id}"),
        format!("/api/imports/{id}/events"),
    ] {
        assert_eq!(
            other.get(app.url(&path)).send().await.unwrap().status(),
            404
        );
    }
    let response = other
        .post(app.url(&format!("/api/imports/{id}/commit")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
    let template = app
        .get("/api/imports/template.csv")
        .await
        .text()
        .await
        .unwrap();
    assert!(template.starts_with("Company name,Country/region,Domain prefix,"));
    // The Chinese template imports as it is: its headings are read back.
    let template = app
        .get("/api/imports/template.csv?lang=zh-CN")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        template.starts_with("公司名称,国家/地区,域名前缀,"),
        "{template}"
    );
    let preview = app.preview_import(&template).await;
    assert_eq!(
        (preview["total"].as_u64(), preview["ready"].as_u64()),
        (Some(1), Some(1)),
        "{preview}"
    );
    // A column named twice (by heading and by code) would drop one's values: refused.
    let twice = template.replacen("城市", "company_name", 1);
    let response = app
        .client
        .post(app.url("/api/imports"))
        .header("content-type", "text/csv")
        .body(twice)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["fields"]["file"]["code"], "repeated_column", "{body}");
    assert_eq!(body["fields"]["file"]["column"], "company_name", "{body}");
}

#[tokio::test]
async fn ten_thousand_rows_import_in_seconds() {
    let app = spawn_app().await;
    let file = import_file("bulk", 10_000, &[]);
    let started = std::time::Instant::now();
    let preview = app.preview_import(&file).await;
    let checked = started.elapsed();
    assert_eq!(preview["ready"], 10_000);
    let done = commit_and_follow(&app, preview["id"].as_str().unwrap()).await;
    let total = started.elapsed();
    assert_eq!(done["imported"], 10_000);
    let list: Value = app
        .get("/api/customers?relationship=active&per_page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 10_000, "the kept counts follow bulk inserts");
    assert_eq!(list["total_capped"], false);
    let searched: Value = app
        .get("/api/customers?q=bulk&per_page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(searched["total"], 1_000, "a search counts up to the cap");
    assert_eq!(searched["total_capped"], true);
    // A figure, not a timed assertion (debug build; see README "Performance" for release).
    println!(
        "import of 10,000 rows: preview {:.2} s, preview + commit {:.2} s",
        checked.as_secs_f64(),
        total.as_secs_f64()
    );
}

#[tokio::test]
async fn the_audit_log_filters_exports_and_cannot_be_changed() {
    let app = spawn_app().await;
    let created = app.create_customer("audited").await;
    let id = created["customer"]["id"].as_str().unwrap();
    app.invite("auditinvite").await;

    let page: Value = app
        .get("/api/audit?action=customer.created")
        .await
        .json()
        .await
        .unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items.iter().all(|e| e["action"] == "customer.created"));
    let today = &created["customer"]["created_at"].as_str().unwrap()[..10];
    let page: Value = app
        .get(&format!(
            "/api/audit?from={today}&to={today}&user={}",
            app.ctx.user_id
        ))
        .await
        .json()
        .await
        .unwrap();
    // Created, invited (created + invitation sent).
    assert_eq!(page["items"].as_array().unwrap().len(), 3);
    let page: Value = app
        .get("/api/audit?to=2020-01-01")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["items"].as_array().unwrap().len(), 0);
    assert_eq!(app.get("/api/audit?from=2026-13-01").await.status(), 400);
    assert_eq!(
        app.get("/api/audit?from=2026-02-01&to=2026-01-01")
            .await
            .status(),
        400
    );

    let csv = app
        .get(&format!("/api/audit/export.csv?customer={id}&lang=zh-CN"))
        .await;
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}时间 (UTC),执行者,操作,code,对象,客户,更改前,更改后"
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains("已创建客户") && row.contains("customer.created"),
        "{row}"
    );
    assert_eq!(lines.next(), None);

    // Only global admins read it; nobody can change it, not even through SQL.
    let sales = crate::helpers::client_as(&app.base, "sam.taylor@northwind.example").await;
    let response = sales.get(app.url("/api/audit")).send().await.unwrap();
    assert_eq!(response.status(), 403);
    assert!(server::routes::all_routes()
        .iter()
        .filter(|r| r.path.starts_with("/audit"))
        .all(|r| r.method == reqwest::Method::GET));
    for statement in ["UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log"] {
        let error = sqlx::query(statement)
            .execute(app.db.readers())
            .await
            .unwrap_err();
        assert!(error.to_string().contains("append-only"), "{error}");
    }
}

#[tokio::test]
async fn user_changes_are_audited_too() {
    let app = spawn_app().await;
    let response = app
        .post_json(
            "/api/users",
            &json!({"email": "new.person@northwind.example", "display_name": "New Person", "role": "sales-agent"}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let page: Value = app
        .get("/api/audit?action=user.created")
        .await
        .json()
        .await
        .unwrap();
    let entry = &page["items"][0];
    assert_eq!(entry["object_type"], "user");
    let after = entry["after"].as_str().unwrap();
    assert!(after.contains("new.person@northwind.example"));
    assert!(!after.contains("$argon2"), "no secret in the log: {after}");
}

/// `text` converted by the system's `iconv` (glibc's converters: an implementation independent
/// of the server's encoding_rs).
fn iconv(text: &str, from: &str, to: &str) -> Vec<u8> {
    iconv_bytes(text.as_bytes(), from, to)
}

fn iconv_bytes(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    use std::io::Write;
    let mut child = std::process::Command::new("iconv")
        .args(["-f", from, "-t", to])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("iconv");
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "iconv {from} -> {to}");
    out.stdout
}

#[tokio::test]
async fn import_files_are_read_as_office_software_writes_them() {
    let app = spawn_app().await;
    let upload = |body: Vec<u8>| {
        app.client
            .post(app.url("/api/imports"))
            .header("content-type", "text/csv")
            .body(body)
            .send()
    };
    // Excel in a Chinese locale ("CSV": GB18030), "Unicode text" (UTF-16LE with a mark, tabs),
    // a German or French Excel (semicolons), and UTF-16BE for completeness.
    let cases: [(&str, &str, &[u8], &str, &str); 4] = [
        ("gbk", "GB18030", b"", "gb18030", "comma"),
        ("utf16le", "UTF-16LE", b"\xFF\xFE", "utf-16le", "tab"),
        ("semi", "UTF-8", b"\xEF\xBB\xBF", "utf-8", "semicolon"),
        ("utf16be", "UTF-16BE", b"\xFE\xFF", "utf-16be", "semicolon"),
    ];
    for (prefix, encoding, mark, code, separator) in cases {
        let file = import_file(prefix, 2, &[]);
        let file = match separator {
            "tab" => file.replace(',', "\t"),
            "semicolon" => file.replace(',', ";"),
            _ => file,
        };
        let mut body = mark.to_vec();
        body.extend(iconv(&file, "UTF-8", encoding));
        assert!(std::str::from_utf8(&body).is_err() || !mark.is_empty());
        let (status, preview) = json_of(upload(body).await.unwrap()).await;
        assert_eq!(status, 200, "{prefix}: {preview}");
        assert_eq!(
            (
                preview["ready"].as_u64(),
                preview["encoding"].as_str(),
                preview["separator"].as_str()
            ),
            (Some(2), Some(code), Some(separator)),
            "{prefix}"
        );
        let done = commit_and_follow(&app, preview["id"].as_str().unwrap()).await;
        assert_eq!(done["imported"], 2, "{prefix}");
        // The Chinese in the name came through intact.
        let list: Value = app
            .get(&format!("/api/customers?q={prefix}1"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            list["items"][0]["company_name"], "Customer 1 有限公司",
            "{prefix}"
        );
    }
    // Bytes that are neither UTF-8 nor GB18030 are refused, naming what is read.
    let (status, body) = json_of(upload(b"company_name\n\x81".to_vec()).await.unwrap()).await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["file"]["code"], "invalid_format");

    // Exports: UTF-8 with a byte-order mark by default; GB18030 on request, without one.
    let excel = app
        .get("/api/customers/export.csv?lang=zh-CN")
        .await
        .bytes()
        .await
        .unwrap();
    assert!(
        excel.starts_with(b"\xEF\xBB\xBF\xE5\x85\xAC\xE5\x8F\xB8"),
        "UTF-8 公司"
    );
    let response = app
        .get("/api/customers/export.csv?lang=zh-CN&encoding=gb18030&q=gbk")
        .await;
    assert_eq!(
        response.headers()["content-type"],
        "text/csv; charset=gb18030"
    );
    let gb = response.bytes().await.unwrap();
    assert!(std::str::from_utf8(&gb).is_err());
    let text = String::from_utf8(iconv_bytes(&gb, "GB18030", "UTF-8")).unwrap();
    assert!(text.starts_with("公司,主域名,"), "{text}");
    assert!(text.contains("Customer 1 有限公司,gbk1."), "{text}");
    let audit = app
        .get("/api/audit/export.csv?lang=zh-CN&encoding=gb18030")
        .await
        .bytes()
        .await
        .unwrap();
    let text = String::from_utf8(iconv_bytes(&audit, "GB18030", "UTF-8")).unwrap();
    assert!(text.contains("Customer 1 有限公司"), "{text}");
    let (status, _) = json_of(app.get("/api/customers/export.csv?encoding=latin1").await).await;
    assert_eq!(status, 400);
}
