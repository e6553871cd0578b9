//! Support requests through the API: opening (the customer's contact told in the customer's
//! language), the first-response target by the server's clock, the states and reopening within
//! 14 days, assignment, filters.

use crate::helpers::{spawn_app, valid_customer, TestApp};
use serde_json::{json, Value};

/// A valid "open a request" body.
pub fn request_body(severity: &str) -> Value {
    json!({
        "title": "Mailbox full",
        "description": "Users at the head office can't receive mail since this morning.",
        "severity": severity,
        "topic": "service-issue",
        "contact_name": "Ana Silva",
        "contact_email": "ana.silva@contoso.com",
    })
}

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn open(app: &TestApp, customer: &str, body: Value) -> (u16, Value) {
    answer(
        app.post_json(
            &format!("/api/customers/{customer}/support-requests"),
            &body,
        )
        .await,
    )
    .await
}

async fn move_to(app: &TestApp, id: &str, state: &str) -> (u16, Value) {
    answer(
        app.post_json(
            &format!("/api/support-requests/{id}/state"),
            &json!({ "state": state }),
        )
        .await,
    )
    .await
}

/// A page of the support list: its requests and how many match.
async fn page(app: &TestApp, query: &str) -> (Vec<Value>, u64) {
    let response = app.get(&format!("/api/support-requests?{query}")).await;
    assert_eq!(response.status(), 200, "{query}");
    let page: Value = response.json().await.unwrap();
    (
        page["items"].as_array().unwrap().clone(),
        page["total"].as_u64().unwrap(),
    )
}

/// The support list's first page, which holds every match in these tests.
async fn list(app: &TestApp, query: &str) -> Vec<Value> {
    let (items, total) = page(app, query).await;
    assert_eq!(items.len() as u64, total, "{query}");
    items
}

async fn outbox_subjects(app: &TestApp, to: &str) -> Vec<String> {
    let outbox: Value = app.get("/api/outbox").await.json().await.unwrap();
    outbox["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["recipient"] == to)
        .map(|m| m["subject"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn a_request_is_opened_answered_resolved_and_reopened_only_within_14_days() {
    let app = spawn_app().await;
    // A customer whose language is Chinese: its contact's e-mails are in Chinese.
    let mut form = valid_customer("supportzh");
    form["language"] = json!("zh-CN");
    let response = app.post_json("/api/customers", &form).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let customer = created["customer"]["id"].as_str().unwrap().to_string();

    let (status, body) = open(&app, &customer, json!({"title": "", "description": "", "severity": "urgent", "topic": "", "contact_name": "", "contact_email": "x"})).await;
    assert_eq!(status, 422);
    for field in [
        "title",
        "description",
        "severity",
        "topic",
        "contact_name",
        "contact_email",
    ] {
        assert!(body["fields"][field].is_object(), "{field}: {body}");
    }
    let (status, body) = open(&app, &customer, json!({"title": "x"})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("malformed_request"))
    );

    let (status, opened) = open(&app, &customer, request_body("critical")).await;
    assert_eq!(status, 201, "{opened}");
    let id = opened["id"].as_str().unwrap().to_string();
    assert_eq!(opened["state"], "open");
    assert_eq!(opened["overdue"], false);
    assert!(opened["opened_by"].as_str().unwrap().len() > 1);
    assert_eq!(
        outbox_subjects(&app, "ana.silva@contoso.com").await,
        ["已新建支持请求：Mailbox full"]
    );

    // A day on, a critical request without an answer is overdue; the first note answers it.
    app.move_clock(1).await;
    let overdue = list(&app, "overdue=true").await;
    assert!(overdue.iter().any(|r| r["id"] == id.as_str()));
    let (status, noted) = answer(
        app.post_json(
            &format!("/api/support-requests/{id}/notes"),
            &json!({"text": "Quota raised; checking the rules."}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(noted["overdue"], false);
    assert!(noted["first_response_at"].is_string());
    assert_eq!(
        noted["notes"][0]["text"],
        "Quota raised; checking the rules."
    );
    let (status, body) = answer(
        app.post_json(
            &format!("/api/support-requests/{id}/notes"),
            &json!({"text": "  "}),
        )
        .await,
    )
    .await;
    assert_eq!(
        (status, body["fields"]["notes"]["code"].as_str()),
        (422, Some("required"))
    );
    assert!(list(&app, "overdue=true")
        .await
        .iter()
        .all(|r| r["id"] != id.as_str()));

    // Assignment: a user who works on support, or nobody; anyone else is refused.
    let assignees: Vec<Value> = app
        .get("/api/support-requests/assignees")
        .await
        .json()
        .await
        .unwrap();
    let someone = assignees[0]["id"].as_str().unwrap();
    let put = |body: Value| {
        let app = &app;
        let id = id.clone();
        async move {
            answer(
                app.client
                    .put(app.url(&format!("/api/support-requests/{id}/assignee")))
                    .json(&body)
                    .send()
                    .await
                    .unwrap(),
            )
            .await
        }
    };
    let (status, assigned) = put(json!({"assignee": someone})).await;
    assert_eq!(
        (status, assigned["assignee"].as_str()),
        (200, Some(someone))
    );
    assert_eq!(assigned["assignee_name"], assignees[0]["display_name"]);
    let (status, body) = put(json!({"assignee": uuid::Uuid::new_v4()})).await;
    assert_eq!(
        (status, body["fields"]["assignee"]["code"].as_str()),
        (422, Some("not_in_list"))
    );
    assert_eq!(list(&app, &format!("assignee={someone}")).await.len(), 1);
    assert!(list(&app, "assignee=none")
        .await
        .iter()
        .all(|r| r["id"] != id.as_str()));
    assert_eq!(
        app.get("/api/support-requests?assignee=bob").await.status(),
        400
    );

    // The states: no skipping to closed; resolved tells the contact; reopened within 14 days.
    let (status, body) = move_to(&app, &id, "closed").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("support_move_not_allowed"))
    );
    for state in [
        "in-progress",
        "waiting-for-customer",
        "in-progress",
        "resolved",
    ] {
        let (status, body) = move_to(&app, &id, state).await;
        assert_eq!((status, body["state"].as_str()), (200, Some(state)));
    }
    assert_eq!(
        outbox_subjects(&app, "ana.silva@contoso.com").await,
        [
            "支持请求已解决：Mailbox full",
            "已新建支持请求：Mailbox full"
        ]
    );
    assert_eq!(list(&app, "state=resolved").await.len(), 1);
    let (status, reopened) = move_to(&app, &id, "open").await;
    assert_eq!((status, &reopened["resolved_at"]), (200, &Value::Null));
    move_to(&app, &id, "resolved").await;
    app.move_clock(15).await;
    let (status, body) = move_to(&app, &id, "open").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("reopen_too_late"))
    );
    let (status, closed) = move_to(&app, &id, "closed").await;
    assert_eq!((status, closed["state"].as_str()), (200, Some("closed")));

    // Per customer; every change in the audit log.
    let of_customer: Vec<Value> = app
        .get(&format!("/api/customers/{customer}/support-requests"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(of_customer.len(), 1);
    let log = app.audit_of(&customer).await;
    let actions: Vec<&str> = log.iter().map(|e| e["action"].as_str().unwrap()).collect();
    for action in [
        "support.opened",
        "support.note-added",
        "support.assigned",
        "support.state-changed",
    ] {
        assert!(actions.contains(&action), "{action} in {actions:?}");
    }
}

/// The support list answers 50 a page with the number of matches, newest first, the pages
/// neither overlapping nor skipping; filters count only their matches.
#[tokio::test]
async fn the_support_list_pages_by_fifty_with_the_number_of_matches() {
    let app = spawn_app().await;
    let customer = app.create_customer("supportpages").await["customer"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let mut opened = Vec::new();
    for n in 0..53 {
        let severity = if n % 10 == 0 { "critical" } else { "normal" };
        let mut body = request_body(severity);
        body["title"] = json!(format!("Request {n}"));
        let (status, request) = open(&app, &customer, body).await;
        assert_eq!(status, 201, "{request}");
        opened.push(request["id"].as_str().unwrap().to_string());
    }
    let (first, total) = page(&app, "").await;
    assert_eq!((first.len(), total), (50, 53));
    let (rest, total) = page(&app, "offset=50").await;
    assert_eq!((rest.len(), total), (3, 53));
    let mut listed: Vec<String> = first
        .iter()
        .chain(&rest)
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    let opened_at: Vec<&str> = first
        .iter()
        .chain(&rest)
        .map(|r| r["opened_at"].as_str().unwrap())
        .collect();
    assert!(opened_at.windows(2).all(|w| w[0] >= w[1]), "newest first");
    listed.sort();
    opened.sort();
    assert_eq!(listed, opened);
    let (critical, total) = page(&app, "severity=critical").await;
    assert_eq!((critical.len(), total), (6, 6));
    let (past_the_end, total) = page(&app, "offset=500").await;
    assert_eq!((past_the_end.len(), total), (0, 53));
    assert_eq!(
        app.get("/api/support-requests?offset=-1").await.status(),
        400
    );
}
