//! Two server nodes on one PostgreSQL database (issue 17): nothing a user relies on lives in
//! one node's memory. On SQLite one process owns the file and there is no second node to
//! start, so these return at once there; `scripts/test` runs them in its PostgreSQL suite.

use crate::helpers::{
    client_as, existing_customer, spawn_app, spawn_app_full, valid_customer, MailSink, TestApp,
    ADMIN,
};
use serde_json::{json, Value};
use server::auth::SessionPolicy;
use server::db::Backend;

/// The app (node A) and a second node B on its database, or `None` on SQLite.
async fn two_nodes() -> Option<(TestApp, String)> {
    let app = spawn_app().await;
    if app.db.backend() != Backend::Postgres {
        return None;
    }
    let node_b = app.spawn_node().await;
    Some((app, node_b))
}

async fn status(request: reqwest::RequestBuilder) -> u16 {
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn sessions_and_user_changes_made_on_one_node_apply_on_the_other_at_once() {
    let Some((app, b)) = two_nodes().await else {
        return;
    };
    let on_b = |path: &str| format!("{b}{path}");
    // The admin signed in on node A; the cookie works on node B.
    assert_eq!(status(app.client.get(on_b("/api/customers"))).await, 200);

    // Sam signs in on node B; node A changes Sam's roles, then disables Sam.
    let sam = client_as(&b, "sam.taylor@northwind.example").await;
    let users: Value = app.get("/api/users").await.json().await.unwrap();
    let sam_id = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "sam.taylor@northwind.example")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        status(
            sam.post(on_b("/api/customers"))
                .json(&valid_customer("samonb"))
        )
        .await,
        201
    );
    let changed = app
        .client
        .put(app.url(&format!("/api/users/{sam_id}/roles")))
        .json(&json!({"roles": ["helpdesk-agent"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(changed.status(), 200);
    assert_eq!(
        status(
            sam.post(on_b("/api/customers"))
                .json(&valid_customer("samonb2"))
        )
        .await,
        403,
        "the role change made on A holds on B at the next request"
    );
    let disabled = app
        .client
        .post(app.url(&format!("/api/users/{sam_id}/disable")))
        .send()
        .await
        .unwrap();
    assert_eq!(disabled.status(), 200);
    assert_eq!(
        status(sam.get(on_b("/api/customers"))).await,
        401,
        "disabled on A, refused on B"
    );

    // Signing out on node A ends the session on node B.
    let admin_b = client_as(&b, ADMIN).await;
    assert_eq!(status(admin_b.get(app.url("/api/customers"))).await, 200);
    assert_eq!(status(admin_b.delete(app.url("/api/session"))).await, 204);
    assert_eq!(status(admin_b.get(on_b("/api/customers"))).await, 401);
}

#[tokio::test]
async fn idempotency_keys_and_primary_domains_hold_across_nodes() {
    let Some((app, b)) = two_nodes().await else {
        return;
    };
    let nodes = [app.base.clone(), b.clone()];
    // The same Idempotency-Key and body sent to both nodes at once, five times over: one
    // customer, and every answer is that customer.
    let body = valid_customer("acrossnodes");
    let answers = futures_util::future::join_all((0..10).map(|n| {
        app.client
            .post(format!("{}/api/customers", nodes[n % 2]))
            .header("Idempotency-Key", "one-key-two-nodes")
            .json(&body)
            .send()
    }))
    .await;
    let mut ids = std::collections::BTreeSet::new();
    for answer in answers {
        let answer = answer.unwrap();
        let status = answer.status().as_u16();
        let json: Value = answer.json().await.unwrap();
        assert!(status == 201 || status == 200, "{status} {json}");
        ids.insert(json["customer"]["id"].as_str().unwrap().to_string());
    }
    assert_eq!(ids.len(), 1, "{ids:?}");

    // One primary domain asked for through both nodes at once, without a key: one wins.
    let answers = futures_util::future::join_all((0..6).map(|n| {
        let mut body = valid_customer("onedomain");
        body["company_name"] = json!(format!("Racer {n}"));
        app.client
            .post(format!("{}/api/customers", nodes[n % 2]))
            .json(&body)
            .send()
    }))
    .await;
    let statuses: Vec<u16> = answers
        .into_iter()
        .map(|a| a.unwrap().status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 422),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn an_edit_through_each_node_with_the_same_version_lets_one_win() {
    let Some((app, b)) = two_nodes().await else {
        return;
    };
    let id = app.create_customer("versioned").await["customer"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let read = app.get(&format!("/api/customers/{id}")).await;
    let tag = read.headers()["etag"].to_str().unwrap().to_string();
    let customer: Value = read.json().await.unwrap();
    let nodes = [app.base.clone(), b.clone()];
    let answers = futures_util::future::join_all((0..6).map(|n| {
        let mut form = crate::customers::edit_form(&customer);
        form["company_name"] = json!(format!("Edited on node {}", n % 2));
        app.client
            .put(format!("{}/api/customers/{id}", nodes[n % 2]))
            .header("If-Match", &tag)
            .json(&form)
            .send()
    }))
    .await;
    let statuses: Vec<u16> = answers
        .into_iter()
        .map(|a| a.unwrap().status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 412),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn each_email_is_sent_once_when_two_nodes_deliver_the_same_outbox() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    if app.db.backend() != Backend::Postgres {
        return;
    }
    let b = app.spawn_node_with(sink.settings()).await;
    let nodes = [app.base.clone(), b];
    // Twenty invitations, alternately through each node: each wakes its own node's worker,
    // and both workers see every queued message.
    let answers = futures_util::future::join_all((0..20).map(|n| {
        app.client
            .post(format!("{}/api/invitations", nodes[n % 2]))
            .json(&json!({"customer": existing_customer(&format!("mailonce{n}")), "message": ""}))
            .send()
    }))
    .await;
    for answer in answers {
        assert_eq!(answer.unwrap().status(), 201);
    }
    sink.wait_for(20).await;
    // Both workers' next rounds (every 5 s, or woken) would have sent any duplicate by now.
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    let messages = sink.messages();
    // Each message carries its own invitation link: twenty different bodies.
    let bodies: std::collections::BTreeSet<String> =
        messages.iter().map(|m| m["text"].to_string()).collect();
    assert_eq!(messages.len(), 20, "duplicates were sent");
    assert_eq!(bodies.len(), 20);
}
