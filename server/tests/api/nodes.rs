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

/// Competing requests: exactly one answered `won`, every other `lost`.
fn one_wins(answers: Vec<reqwest::Result<reqwest::Response>>, won: u16, lost: u16) {
    let statuses: Vec<u16> = answers
        .into_iter()
        .map(|a| a.unwrap().status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == won).count(),
        1,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| *s == won || *s == lost),
        "{statuses:?}"
    );
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
    one_wins(answers, 201, 422);
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
    one_wins(answers, 200, 412);
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

/// A TCP relay between a node and PostgreSQL that the test can cut (every connection dropped,
/// new ones refused) and restore: the database "going away" as a node sees it.
struct Relay {
    port: u16,
    up: std::sync::Arc<std::sync::atomic::AtomicBool>,
    links: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
}

impl Relay {
    async fn start(target: std::net::SocketAddr) -> Relay {
        use std::sync::atomic::Ordering;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let up = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(true));
        let links = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let (up2, links2) = (up.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut inbound, _)) = listener.accept().await {
                if !up2.load(Ordering::SeqCst) {
                    drop(inbound);
                    continue;
                }
                let link = tokio::spawn(async move {
                    if let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
                links2.lock().unwrap().push(link.abort_handle());
            }
        });
        Relay { port, up, links }
    }

    fn cut(&self) {
        self.up.store(false, std::sync::atomic::Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, std::sync::atomic::Ordering::SeqCst);
    }
}

#[tokio::test]
async fn a_node_answers_503_while_the_database_is_gone_and_recovers_by_itself() {
    let app = spawn_app().await;
    let server::db::Location::Postgres(url) = &app.location else {
        return;
    };
    // Node B reaches the database through the relay.
    let mut through = url::Url::parse(url).unwrap();
    let target = format!(
        "{}:{}",
        through.host_str().unwrap(),
        through.port().unwrap_or(5432)
    )
    .parse()
    .unwrap();
    let relay = Relay::start(target).await;
    through.set_port(Some(relay.port)).unwrap();
    let db = server::db::connect(
        &server::db::Location::Postgres(through.to_string()),
        &server::db::DbSettings {
            acquire_timeout: std::time::Duration::from_secs(1),
            ..server::db::DbSettings::default()
        },
    )
    .await
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let node = server::startup::Application::from_listener(
        listener,
        db,
        app.dist.clone(),
        SessionPolicy::default(),
        server::mail::MailSettings::default(),
        app.key.clone(),
        server::clock::Clock::movable(),
        // The tests' receivers listen on loopback.
        server::webhooks::WebhookPolicy { allow_local: true },
    )
    .await
    .unwrap();
    let b = format!("http://{}", node.local_addr().unwrap());
    tokio::spawn(node.run());
    let list = || app.client.get(format!("{b}/api/customers")).send();
    assert_eq!(list().await.unwrap().status(), 200);

    relay.cut();
    for _ in 0..3 {
        let answer = list().await.unwrap();
        assert_eq!(answer.status(), 503);
        assert!(answer.headers().contains_key("retry-after"));
        let body: Value = answer.json().await.unwrap();
        assert_eq!(body["code"], "unavailable", "{body}");
    }
    // Writes too fail cleanly, and leave nothing behind.
    let refused = app
        .client
        .post(format!("{b}/api/customers"))
        .json(&valid_customer("whiledown"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 503);

    relay.restore();
    let started = std::time::Instant::now();
    loop {
        let status = list().await.unwrap().status();
        if status == 200 {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "still {status} 10 s after the database came back"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    let created = app
        .client
        .post(format!("{b}/api/customers"))
        .json(&valid_customer("whiledown"))
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.status(),
        201,
        "the write refused earlier left nothing"
    );
}

#[tokio::test]
async fn failed_sign_ins_count_across_nodes() {
    let Some((app, b)) = two_nodes().await else {
        return;
    };
    let attempt = |base: &str, password: &str| {
        reqwest::Client::new()
            .post(format!("{base}/api/session"))
            .json(&json!({"email": "mei.chen@northwind.example", "password": password}))
            .send()
    };
    for n in 0..5 {
        let base = if n % 2 == 0 { &app.base } else { &b };
        assert_eq!(attempt(base, "wrong").await.unwrap().status(), 401);
    }
    for base in [&app.base, &b] {
        let answer = attempt(base, server::seed::DEMO_PASSWORD).await.unwrap();
        assert_eq!(answer.status(), 429, "five failures on two nodes are five");
    }
}

/// Issue 17: import previews lived in one node's memory, so a commit or the progress feed
/// through another node answered 404. Previewed on A, committed on B, followed on A.
#[tokio::test]
async fn an_import_previewed_on_one_node_commits_and_reports_on_another() {
    use crate::relationships::import_file;
    let Some((app, node_b)) = two_nodes().await else {
        return;
    };
    let preview = app
        .preview_import(&import_file("acrossnodes", 300, &[]))
        .await;
    let id = preview["id"].as_str().unwrap();
    let on_b = client_as(&node_b, ADMIN).await;
    let started = on_b
        .post(format!("{node_b}/api/imports/{id}/commit"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status(), 202);
    let again = app
        .post_json(&format!("/api/imports/{id}/commit"), &json!({}))
        .await;
    assert_eq!(
        again.status(),
        409,
        "committed once, whichever node is asked"
    );
    let events = app
        .get(&format!("/api/imports/{id}/events"))
        .await
        .text()
        .await
        .unwrap();
    let last = crate::helpers::last_event(&events);
    assert_eq!(
        (last["imported"].as_u64(), last["finished"].as_bool()),
        (Some(300), Some(true))
    );
    let list: Value = app
        .get("/api/customers?q=acrossnodes")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 300);
}
