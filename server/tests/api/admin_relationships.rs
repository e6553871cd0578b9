//! Admin (GDAP) relationships: asked for by the partner, approved or declined by the customer
//! through an e-mailed link, ended by either side, by the end of the reseller relationship, or
//! by the daily sweep.

use crate::helpers::{spawn_app, spawn_app_full, MailSink, TestApp};
use serde_json::{json, Value};
use server::auth::SessionPolicy;
use shared::date::CalendarDate;

fn helpdesk(name: &str) -> Value {
    json!({
        "display_name": name,
        "roles": ["helpdesk-administrator", "directory-readers"],
        "duration_days": "90",
        "auto_extend": true
    })
}

async fn ask(app: &TestApp, customer: &str, body: &Value) -> reqwest::Response {
    app.post_json(
        &format!("/api/customers/{customer}/admin-relationships"),
        body,
    )
    .await
}

/// A public call of the approval page (no cookies).
async fn approval(app: &TestApp, path: &str, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(app.url(&format!("/api/admin-approval{path}")))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Moves the test server's clock `days` forward and runs the sweep: what it did and the day.
async fn sweep_after(app: &TestApp, days: u16) -> Value {
    app.move_clock(days).await
}

fn approval_token_in(message: &Value) -> String {
    let text = message["text"].as_str().unwrap();
    let start = text.find("/admin-approval#").expect("an approval link") + "/admin-approval#".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn active_customer(app: &TestApp, prefix: &str) -> String {
    app.create_customer(prefix).await["customer"]["id"]
        .as_str()
        .unwrap()
        .to_string()
}

/// The whole way: asked (the rules refuse a bad request field by field, a name twice), the
/// customer's contact gets the link (kept out of the partner's outbox view), the approval page
/// shows the request without a partner session, the customer approves once, the partner sees
/// it active until the day it ends, and ends it; the link then says so. Each step is audited.
#[tokio::test]
async fn admin_access_is_asked_approved_through_the_link_and_ended() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let customer = active_customer(&app, "gdapone").await;

    let response = ask(
        &app,
        &customer,
        &json!({"display_name": "", "roles": [], "duration_days": "0", "auto_extend": true}),
    )
    .await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error["fields"],
        json!({
            "display_name": {"code": "required"},
            "roles": {"code": "required"},
            "duration_days": {"code": "out_of_range", "min": 1, "max": 730}
        })
    );

    let response = ask(&app, &customer, &helpdesk("Northwind helpdesk")).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["state"], "approval-pending");
    assert_eq!(
        created["roles"],
        json!(["directory-readers", "helpdesk-administrator"])
    );
    assert_eq!(created["requested_by"], "Alex Wu");
    let id = created["id"].as_str().unwrap().to_string();
    let response = ask(&app, &customer, &helpdesk("NORTHWIND HELPDESK")).await;
    assert_eq!(
        response.status(),
        422,
        "a name is unique among open relationships"
    );
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["fields"]["display_name"]["code"], "taken");

    let messages = sink.wait_for(1).await;
    let mail = &messages[0];
    assert_eq!(mail["to"], json!(["ana.silva@contoso.com"]));
    assert!(mail["subject"]
        .as_str()
        .unwrap()
        .starts_with("Northwind Cloud Solutions asks for admin access to"));
    assert!(mail["text"]
        .as_str()
        .unwrap()
        .contains("Helpdesk Administrator"));
    let token = approval_token_in(mail);
    let outbox: Value = app.get("/api/outbox").await.json().await.unwrap();
    assert!(
        !outbox.to_string().contains(&token),
        "the partner can't approve its own request"
    );

    let response = approval(&app, "/details", json!({"token": token})).await;
    assert_eq!(response.status(), 200);
    let details: Value = response.json().await.unwrap();
    assert_eq!(details["partner_name"], "Northwind Cloud Solutions");
    assert_eq!(details["display_name"], "Northwind helpdesk");
    assert_eq!(details["duration_days"], 90);
    assert_eq!(details["state"], "approval-pending");
    assert_eq!(
        approval(&app, "/details", json!({"token": "no-such-link"}))
            .await
            .status(),
        404
    );

    let response = approval(
        &app,
        "",
        json!({"token": token, "decision": "approve", "name": ""}),
    )
    .await;
    assert_eq!(response.status(), 422, "who approves is recorded");
    let response = approval(
        &app,
        "",
        json!({"token": token, "decision": "approve", "name": "Ana Silva"}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let approved: Value = response.json().await.unwrap();
    assert_eq!(approved["state"], "active");
    let ends_on = server::timestamp::today_utc().plus_days(90).to_string();
    assert_eq!(approved["ends_on"], ends_on.as_str());
    let response = approval(
        &app,
        "",
        json!({"token": token, "decision": "approve", "name": "Ana Silva"}),
    )
    .await;
    assert_eq!(response.status(), 409);

    let list: Value = app
        .get(&format!("/api/customers/{customer}/admin-relationships"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list[0]["state"], "active");
    assert_eq!(list[0]["approved_by"], "Ana Silva");
    assert_eq!(list[0]["expiring"], false);

    let response = app
        .post_json(
            &format!("/api/admin-relationships/{id}/terminate"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let ended: Value = response.json().await.unwrap();
    assert_eq!(ended["state"], "terminated");
    assert_eq!(ended["end_reason"], "partner");
    let response = app
        .post_json(
            &format!("/api/admin-relationships/{id}/terminate"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 409);
    let response = approval(&app, "/details", json!({"token": token})).await;
    assert_eq!(response.status(), 410);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "approval_link_closed");

    let audit: Value = app
        .get(&format!("/api/audit?customer={customer}"))
        .await
        .json()
        .await
        .unwrap();
    let actions: Vec<(String, String)> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["object_type"] == "admin-relationship")
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["actor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            (
                "admin-relationship.terminated".to_string(),
                "alex.wu@northwind.example".to_string()
            ),
            (
                "admin-relationship.approved".to_string(),
                "customer: Ana Silva".to_string()
            ),
            (
                "admin-relationship.requested".to_string(),
                "alex.wu@northwind.example".to_string()
            ),
        ]
    );
}

/// Of concurrent answers to one request exactly one is taken; a declined request is over.
#[tokio::test]
async fn the_customer_answers_once_even_concurrently() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let customer = active_customer(&app, "gdaptwo").await;
    assert_eq!(ask(&app, &customer, &helpdesk("Race")).await.status(), 201);
    let token = approval_token_in(&sink.wait_for(1).await[0]);
    let answers = (0..8).map(|n| {
        let decision = if n % 2 == 0 { "approve" } else { "decline" };
        approval(
            &app,
            "",
            json!({"token": token, "decision": decision, "name": "Ana Silva"}),
        )
    });
    let statuses: Vec<u16> = futures_util::future::join_all(answers)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    let tally = crate::helpers::tally(&statuses);
    assert_eq!(tally.get(&200), Some(&1), "{tally:?}");
    assert_eq!(tally.values().sum::<usize>(), 8);
    assert!(
        statuses.iter().all(|s| [200, 409, 410].contains(s)),
        "{statuses:?}"
    );
}

/// Ending the reseller relationship ends every open admin relationship with the customer in
/// the same transaction; an ended (or invited) customer can't be asked; the sweep expires
/// requests unapproved for 90 days, extends an auto-extending relationship at its end by 180
/// days, and lets one with Global Administrator expire.
#[tokio::test]
async fn the_reseller_relationship_and_the_sweep_end_admin_access() {
    let app = spawn_app().await;
    let customer = active_customer(&app, "gdapthree").await;
    let global = json!({
        "display_name": "Full access",
        "roles": ["global-administrator"],
        "duration_days": "30",
        "auto_extend": false
    });
    let ids: Vec<String> = [helpdesk("Helpdesk"), global, helpdesk("Pending")]
        .iter()
        .map(|body| async {
            ask(&app, &customer, body)
                .await
                .json::<Value>()
                .await
                .unwrap()["id"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect::<futures_util::future::JoinAll<_>>()
        .await;
    let yesterday = server::timestamp::today_utc().plus_days(-1).to_string();
    for id in &ids[..2] {
        app.change_behind_the_server(
            sqlx::query(
                "UPDATE admin_relationships SET state = 'active', ends_on = $1 WHERE id = $2",
            )
            .bind(&yesterday)
            .bind(id),
        )
        .await;
    }
    app.change_behind_the_server(
        sqlx::query("UPDATE admin_relationships SET requested_at = '2020-01-01T00:00:00.000000Z' WHERE id = $1")
            .bind(&ids[2]),
    )
    .await;
    assert_eq!(sweep_after(&app, 0).await["changed"], 3);
    assert_eq!(sweep_after(&app, 0).await["changed"], 0);
    let list: Vec<Value> = app
        .get(&format!("/api/customers/{customer}/admin-relationships"))
        .await
        .json()
        .await
        .unwrap();
    let by_name = |name: &str| {
        list.iter()
            .find(|r| r["display_name"] == name)
            .unwrap()
            .clone()
    };
    let extended = CalendarDate::parse(&yesterday)
        .unwrap()
        .plus_days(180)
        .to_string();
    assert_eq!(by_name("Helpdesk")["state"], "active");
    assert_eq!(by_name("Helpdesk")["ends_on"], extended.as_str());
    assert_eq!(by_name("Full access")["state"], "expired");
    assert_eq!(by_name("Full access")["end_reason"], "expired");
    assert_eq!(by_name("Pending")["state"], "expired");
    assert_eq!(by_name("Pending")["end_reason"], "not-approved");

    assert_eq!(
        ask(&app, &customer, &helpdesk("Second")).await.status(),
        201
    );
    let response = app
        .post_json(
            &format!("/api/customers/{customer}/end"),
            &json!({"reason": "customer-request", "reason_text": ""}),
        )
        .await;
    assert_eq!(response.status(), 200, "{:?}", response.text().await);
    let list: Vec<Value> = app
        .get(&format!("/api/customers/{customer}/admin-relationships"))
        .await
        .json()
        .await
        .unwrap();
    for name in ["Helpdesk", "Second"] {
        assert_eq!(by_name_in(&list, name)["state"], "terminated", "{name}");
        assert_eq!(
            by_name_in(&list, name)["end_reason"],
            "relationship-ended",
            "{name}"
        );
    }
    let response = ask(&app, &customer, &helpdesk("After the end")).await;
    assert_eq!(response.status(), 409);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "relationship_not_active");

    let invited = app.invite("gdapinvited").await["customer_id"]
        .as_str()
        .unwrap()
        .to_string();
    let response = ask(&app, &invited, &helpdesk("Too early")).await;
    assert_eq!(
        response.status(),
        409,
        "an invited customer has no tenant to grant access to yet"
    );
}

fn by_name_in(list: &[Value], name: &str) -> Value {
    list.iter()
        .find(|r| r["display_name"] == name)
        .unwrap()
        .clone()
}

/// The admin-relationship rule vectors through the API: the server refuses exactly what the
/// browser does.
#[tokio::test]
async fn the_api_agrees_with_every_admin_relationship_vector() {
    let app = spawn_app().await;
    let customer = active_customer(&app, "gdapvectors").await;
    let mut disagreements = Vec::new();
    for case in shared::test_vectors::admin_cases() {
        let response = ask(&app, &customer, &serde_json::to_value(&case.form).unwrap()).await;
        let status = response.status().as_u16();
        let body: Value = response.json().await.unwrap();
        let actual: std::collections::BTreeMap<String, String> = match status {
            201 => {
                // Free the name for the next valid case.
                let id = body["id"].as_str().unwrap();
                let ended = app
                    .post_json(
                        &format!("/api/admin-relationships/{id}/terminate"),
                        &json!({}),
                    )
                    .await;
                assert_eq!(ended.status(), 200);
                Default::default()
            }
            422 => body["fields"]
                .as_object()
                .unwrap()
                .iter()
                .map(|(k, v)| (k.clone(), v["code"].as_str().unwrap().to_string()))
                .collect(),
            other => panic!("{}: answered {other}: {body}", case.name),
        };
        let expected: std::collections::BTreeMap<String, String> = case
            .expect
            .iter()
            .map(|(f, c)| (f.key().to_string(), c.clone()))
            .collect();
        if actual != expected {
            disagreements.push(format!(
                "{}: expected {expected:?}, got {actual:?}",
                case.name
            ));
        }
    }
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

/// The partner-wide list filters by state and by "expiring within" (the overview's figures
/// open it), and another partner sees none of them.
#[tokio::test]
async fn the_partner_wide_list_and_the_overview_count_admin_relationships() {
    let app = spawn_app().await;
    let customer = active_customer(&app, "gdapfour").await;
    let mut ids = Vec::new();
    for name in ["Soon", "Later", "Waiting"] {
        let created: Value = ask(&app, &customer, &helpdesk(name))
            .await
            .json()
            .await
            .unwrap();
        ids.push(created["id"].as_str().unwrap().to_string());
    }
    let today = server::timestamp::today_utc();
    for (id, days) in [(&ids[0], 5), (&ids[1], 100)] {
        app.change_behind_the_server(
            sqlx::query(
                "UPDATE admin_relationships SET state = 'active', ends_on = $1 WHERE id = $2",
            )
            .bind(today.plus_days(days).to_string())
            .bind(id),
        )
        .await;
    }
    let names = |list: Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|r| r["display_name"].as_str().unwrap().to_string())
            .collect()
    };
    let all: Value = app
        .get("/api/admin-relationships")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(all.clone()), ["Waiting", "Later", "Soon"]);
    assert_eq!(all[0]["company_name"], "Contoso");
    let active: Value = app
        .get("/api/admin-relationships?state=active")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(active), ["Later", "Soon"]);
    let expiring: Value = app
        .get("/api/admin-relationships?expiring_within=31")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(expiring.clone()), ["Soon"]);
    assert_eq!(expiring[0]["expiring"], true);
    let week: Value = app
        .get("/api/admin-relationships?expiring_within=7&state=active")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(names(week), ["Soon"]);
    assert_eq!(
        app.get("/api/admin-relationships?state=nonsense")
            .await
            .status(),
        400
    );

    let dashboard: Value = app.get("/api/dashboard").await.json().await.unwrap();
    assert_eq!(
        dashboard["admin_relationships"],
        json!({"pending": 1, "active": 2, "expiring": 1})
    );
    let other = crate::helpers::client_as(&app.base, crate::helpers::OTHER_ADMIN).await;
    let theirs: Value = other
        .get(app.url("/api/admin-relationships"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(theirs, json!([]));
}

/// A relationship that will expire is announced to the partner's admins (global admins and
/// admin agents, not the other roles) 31, 7 and 1 days before its end — each notice once, even
/// with sweeps racing; a sweep that missed days sends only the latest; each admin reads it in
/// the language they last signed in with; an auto-extending one is never announced. Time moves
/// on the server's test clock.
#[tokio::test]
async fn expiry_notices_go_to_the_admins_31_7_and_1_days_before_once_each() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    // Mei Chen (admin agent) signs in with the app in Chinese once.
    let mei = reqwest::Client::new()
        .post(app.url("/api/session"))
        .json(&json!({"email": "mei.chen@northwind.example", "password": server::seed::DEMO_PASSWORD, "language": "zh-CN"}))
        .send()
        .await
        .unwrap();
    assert_eq!(mei.status(), 200);
    let customer = active_customer(&app, "gdapnotice").await;
    for (name, auto_extend) in [("Ends", false), ("Goes on", true)] {
        let body = json!({
            "display_name": name,
            "roles": ["helpdesk-administrator"],
            "duration_days": "40",
            "auto_extend": auto_extend
        });
        assert_eq!(ask(&app, &customer, &body).await.status(), 201);
    }
    for message in sink.wait_for(2).await {
        let response = approval(
            &app,
            "",
            json!({"token": approval_token_in(&message), "decision": "approve", "name": "Ana Silva"}),
        )
        .await;
        assert_eq!(response.status(), 200);
    }
    let users: Vec<Value> = app.get("/api/users").await.json().await.unwrap();
    let mut admins: Vec<String> = users
        .iter()
        .filter(|u| {
            u["disabled"] == false
                && u["roles"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|r| r == "global-admin" || r == "admin-agent")
        })
        .map(|u| u["email"].as_str().unwrap().to_string())
        .collect();
    admins.sort();
    assert!(admins.len() >= 2, "{admins:?}");
    let notices_since = |before: usize| {
        let all = sink.messages();
        all[before..]
            .iter()
            .filter(|m| !m["text"].as_str().unwrap().contains("/admin-approval#"))
            .cloned()
            .collect::<Vec<Value>>()
    };
    let recipients = |messages: &[Value]| {
        let mut to: Vec<String> = messages
            .iter()
            .map(|m| m["to"][0].as_str().unwrap().to_string())
            .collect();
        to.sort();
        to
    };

    // 40 days left: nothing. 31: the first notice, once, though five sweeps race.
    let seen = sink.messages().len();
    assert_eq!(sweep_after(&app, 8).await["notices"], 0);
    assert_eq!(sweep_after(&app, 1).await["notices"], 1);
    let raced: Vec<Value> = (0..5)
        .map(|_| sweep_after(&app, 0))
        .collect::<futures_util::future::JoinAll<_>>()
        .await;
    assert!(raced.iter().all(|r| r["notices"] == 0), "{raced:?}");
    let first = sink.wait_for(seen + admins.len()).await[seen..].to_vec();
    assert_eq!(recipients(&first), admins);
    let english = first
        .iter()
        .find(|m| m["to"][0] == "alex.wu@northwind.example")
        .unwrap();
    assert!(
        english["subject"]
            .as_str()
            .unwrap()
            .starts_with("Admin access to"),
        "{english}"
    );
    assert!(english["subject"]
        .as_str()
        .unwrap()
        .ends_with("ends in 31 days"));
    let text = english["text"].as_str().unwrap();
    assert!(
        text.contains("“Ends”") && text.contains(&format!("/customers/{customer}")),
        "{text}"
    );
    let chinese = first
        .iter()
        .find(|m| m["to"][0] == "mei.chen@northwind.example")
        .unwrap();
    assert!(
        chinese["subject"].as_str().unwrap().contains("31 天后结束"),
        "{chinese}"
    );

    // A sweep that missed the 7-day mark by two days sends the 7-day notice only.
    let seen = sink.messages().len();
    assert_eq!(sweep_after(&app, 26).await["notices"], 1, "5 days left");
    let second = sink.wait_for(seen + admins.len()).await[seen..].to_vec();
    assert!(second
        .iter()
        .all(|m| m["subject"].as_str().unwrap().contains("5 ")
            || m["subject"].as_str().unwrap().contains("5 天")));
    assert_eq!(sweep_after(&app, 1).await["notices"], 0, "4 days left");
    // 1 day left: the last notice; then the end: it expires, the other is extended.
    let seen = sink.messages().len();
    assert_eq!(sweep_after(&app, 3).await["notices"], 1);
    let last = sink.wait_for(seen + admins.len()).await[seen..].to_vec();
    assert_eq!(recipients(&last), admins);
    let ended = sweep_after(&app, 1).await;
    assert_eq!(
        (ended["changed"].as_u64(), ended["notices"].as_u64()),
        (Some(2), Some(0))
    );
    let list: Vec<Value> = app
        .get(&format!("/api/customers/{customer}/admin-relationships"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_name_in(&list, "Ends")["state"], "expired");
    assert_eq!(by_name_in(&list, "Goes on")["state"], "active");
    // No notice was ever about the auto-extending one.
    let all_notices = notices_since(0);
    assert_eq!(all_notices.len(), 3 * admins.len());
    assert!(all_notices
        .iter()
        .all(|m| !m["text"].as_str().unwrap().contains("Goes on")));
}

/// Extending by hand (180 days from the end the partner saw, once even when retried or raced,
/// never with Global Administrator), asking again for an expired relationship, and the list's
/// filters by customer and role.
#[tokio::test]
async fn relationships_are_extended_once_asked_again_when_expired_and_filtered() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let customer = active_customer(&app, "gdapextend").await;
    let other = active_customer(&app, "gdapother").await;
    for (name, role) in [
        ("Helpdesk", "helpdesk-administrator"),
        ("Everything", "global-administrator"),
    ] {
        let body = json!({"display_name": name, "roles": [role], "duration_days": "40",
            "auto_extend": false});
        assert_eq!(ask(&app, &customer, &body).await.status(), 201);
    }
    for message in sink.wait_for(2).await {
        let response = approval(
            &app,
            "",
            json!({"token": approval_token_in(&message), "decision": "approve", "name": "Ana Silva"}),
        )
        .await;
        assert_eq!(response.status(), 200);
    }
    let list: Vec<Value> = app
        .get(&format!("/api/customers/{customer}/admin-relationships"))
        .await
        .json()
        .await
        .unwrap();
    let (helpdesk, everything) = (
        by_name_in(&list, "Helpdesk"),
        by_name_in(&list, "Everything"),
    );
    let end = helpdesk["ends_on"].as_str().unwrap().to_string();
    let extend = |id: String, from: String| {
        let app = &app;
        async move {
            let response = app
                .post_json(
                    &format!("/api/admin-relationships/{id}/extend"),
                    &json!({ "from": from }),
                )
                .await;
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let id = helpdesk["id"].as_str().unwrap().to_string();
    let (status, extended) = extend(id.clone(), end.clone()).await;
    let new_end = CalendarDate::parse(&end)
        .unwrap()
        .plus_days(180)
        .to_string();
    assert_eq!(
        (status, extended["ends_on"].as_str()),
        (200, Some(new_end.as_str()))
    );
    // A retry from the old end extends nothing.
    let (status, refused) = extend(id.clone(), end.clone()).await;
    assert_eq!(
        (status, refused["code"].as_str()),
        (409, Some("admin_relationship_not_extendable"))
    );
    // Six at once from the current end: one extension.
    let raced =
        futures_util::future::join_all((0..6).map(|_| extend(id.clone(), new_end.clone()))).await;
    assert_eq!(
        raced.iter().filter(|(s, _)| *s == 200).count(),
        1,
        "{raced:?}"
    );
    assert!(
        raced.iter().all(|(s, _)| [200, 409].contains(s)),
        "{raced:?}"
    );
    let (status, _) = extend(
        everything["id"].as_str().unwrap().to_string(),
        everything["ends_on"].as_str().unwrap().to_string(),
    )
    .await;
    assert_eq!(status, 409, "never with Global Administrator");
    let response = app
        .post_json(
            &format!("/api/admin-relationships/{id}/extend"),
            &json!({"from": "soon"}),
        )
        .await;
    assert_eq!(response.status(), 400);
    let log = app.audit_of(&customer).await;
    assert_eq!(
        log.iter()
            .filter(|e| e["action"] == "admin-relationship.extended")
            .count(),
        2
    );

    // Asked again: only once expired, with the same terms, and the link e-mailed again.
    let everything_id = everything["id"].as_str().unwrap();
    let again = |id: String| {
        let app = &app;
        async move {
            let response = app
                .post_json(
                    &format!("/api/admin-relationships/{id}/request-again"),
                    &json!({}),
                )
                .await;
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let (status, body) = again(everything_id.to_string()).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("admin_relationship_not_expired"))
    );
    sweep_after(&app, 41).await;
    let (status, asked) = again(everything_id.to_string()).await;
    assert_eq!(status, 201, "{asked}");
    assert_eq!(
        (
            asked["state"].as_str(),
            asked["display_name"].as_str(),
            &asked["roles"]
        ),
        (
            Some("approval-pending"),
            Some("Everything"),
            &json!(["global-administrator"])
        )
    );
    assert_ne!(asked["id"].as_str(), Some(everything_id));
    assert_eq!(sink.wait_for(3).await.len(), 3);
    let (status, body) = again(everything_id.to_string()).await;
    assert_eq!(
        (status, body["fields"]["display_name"]["code"].as_str()),
        (422, Some("taken")),
        "a retry finds the new request"
    );

    // The partner-wide list by role and by customer.
    let names = |path: String| {
        let app = &app;
        async move {
            let list: Vec<Value> = app.get(&path).await.json().await.unwrap();
            let mut names: Vec<String> = list
                .iter()
                .map(|r| {
                    format!(
                        "{} {}",
                        r["display_name"].as_str().unwrap(),
                        r["state"].as_str().unwrap()
                    )
                })
                .collect();
            names.sort();
            names
        }
    };
    assert_eq!(
        names("/api/admin-relationships?role=global-administrator".into()).await,
        ["Everything approval-pending", "Everything expired"]
    );
    assert_eq!(
        names(format!(
            "/api/admin-relationships?customer={customer}&role=helpdesk-administrator"
        ))
        .await,
        ["Helpdesk active"]
    );
    assert!(names(format!("/api/admin-relationships?customer={other}"))
        .await
        .is_empty());
    assert_eq!(
        app.get("/api/admin-relationships?role=janitor")
            .await
            .status(),
        400
    );
}

/// The partner's role templates: the three it starts with, created, renamed, refused field by
/// field (a name it has, no role, an unknown role), removed; another partner sees none of them.
#[tokio::test]
async fn role_templates_are_the_partners_own() {
    let app = spawn_app().await;
    let names = |list: &Value| -> Vec<String> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap().to_string())
            .collect()
    };
    let start: Value = app.get("/api/admin-templates").await.json().await.unwrap();
    assert_eq!(
        names(&start),
        ["Helpdesk", "Licensing", "Security operations"]
    );
    assert_eq!(
        start[0]["roles"],
        json!([
            "directory-readers",
            "helpdesk-administrator",
            "service-support-administrator"
        ])
    );

    let response = app
        .post_json(
            "/api/admin-templates",
            &json!({"name": " Tier 1 ", "roles": ["password-administrator", "directory-readers"]}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["name"], "Tier 1");
    assert_eq!(
        created["roles"],
        json!(["directory-readers", "password-administrator"])
    );
    let id = created["id"].as_str().unwrap();

    for (body, field, code) in [
        (
            json!({"name": "Helpdesk", "roles": ["directory-readers"]}),
            "display_name",
            "taken",
        ),
        (json!({"name": "Empty", "roles": []}), "roles", "required"),
        (
            json!({"name": "", "roles": ["janitor"]}),
            "display_name",
            "required",
        ),
    ] {
        let response = app.post_json("/api/admin-templates", &body).await;
        assert_eq!(response.status(), 422, "{body}");
        let refused: Value = response.json().await.unwrap();
        assert_eq!(refused["fields"][field]["code"], code, "{refused}");
    }
    let response = app
        .client
        .put(app.url(&format!("/api/admin-templates/{id}")))
        .json(&json!({"name": "Licensing", "roles": ["directory-readers"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422, "renamed to a name it has");
    let response = app
        .client
        .put(app.url(&format!("/api/admin-templates/{id}")))
        .json(&json!({"name": "Tier 2", "roles": ["authentication-administrator"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let list: Value = app.get("/api/admin-templates").await.json().await.unwrap();
    assert_eq!(
        names(&list),
        ["Helpdesk", "Licensing", "Security operations", "Tier 2"]
    );

    let response = app
        .client
        .delete(app.url(&format!("/api/admin-templates/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 204);
    let list: Value = app.get("/api/admin-templates").await.json().await.unwrap();
    assert_eq!(list.as_array().map(Vec::len), Some(3));
    let log: Value = app
        .get("/api/audit?action=admin-template.changed")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["items"][0]["label"], "Tier 2", "{log}");
}

/// "Also request admin access" while inviting: the request travels with the invitation and
/// goes out, asked by the inviting user, when the customer accepts — named after the template
/// and the company, numbered when an open relationship has that name already.
#[tokio::test]
async fn an_invitation_asks_for_admin_access_when_it_is_accepted() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let templates: Value = app.get("/api/admin-templates").await.json().await.unwrap();
    let helpdesk = templates
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["name"] == "Helpdesk")
        .unwrap()
        .clone();
    let invite = |prefix: &'static str, template: Value| {
        let app = &app;
        async move {
            app.post_json(
                "/api/invitations",
                &json!({"customer": crate::helpers::existing_customer(prefix),
                    "message": "", "admin_template": template}),
            )
            .await
        }
    };
    let response = invite("gdapinviteghost", json!(uuid::Uuid::new_v4())).await;
    assert_eq!(response.status(), 422);
    let refused: Value = response.json().await.unwrap();
    assert_eq!(
        refused["fields"]["admin_template"]["code"], "not_in_list",
        "{refused}"
    );

    let mut invited = Vec::new();
    for prefix in ["gdapinvitea", "gdapinviteb"] {
        let response = invite(prefix, helpdesk["id"].clone()).await;
        assert_eq!(response.status(), 201);
        let invitation: Value = response.json().await.unwrap();
        let company = invitation["company_name"].as_str().unwrap().to_string();
        assert_eq!(
            invitation["admin_access"],
            json!(format!("Helpdesk · {company}")),
            "{invitation}"
        );
        invited.push(invitation);
    }
    let company = invited[0]["company_name"].as_str().unwrap().to_string();
    // Nothing is asked before the customer accepts.
    for invitation in &invited {
        let customer = invitation["customer_id"].as_str().unwrap();
        let listed: Value = app
            .get(&format!("/api/customers/{customer}/admin-relationships"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(listed, json!([]));
    }
    let invitations = sink.wait_for(2).await;
    for message in &invitations {
        let response = reqwest::Client::new()
            .post(app.url("/api/invitation-acceptance"))
            .json(&json!({"token": crate::helpers::token_in(message),
                "first_name": "Ana", "last_name": "Silva", "consent": true}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
    }
    let messages = sink.wait_for(4).await;
    let approvals: Vec<&Value> = messages
        .iter()
        .filter(|m| m["text"].as_str().unwrap().contains("/admin-approval#"))
        .collect();
    assert_eq!(approvals.len(), 2, "an approval link for each acceptance");

    let mut names = Vec::new();
    for invitation in &invited {
        let customer = invitation["customer_id"].as_str().unwrap();
        let listed: Vec<Value> = app
            .get(&format!("/api/customers/{customer}/admin-relationships"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(listed.len(), 1, "{listed:?}");
        let asked = &listed[0];
        assert_eq!(asked["state"], "approval-pending");
        assert_eq!(asked["roles"], helpdesk["roles"]);
        assert_eq!(asked["duration_days"], 180);
        assert_eq!(asked["auto_extend"], false);
        names.push(asked["display_name"].as_str().unwrap().to_string());
        let log = app.audit_of(customer).await;
        let requested = log
            .iter()
            .find(|e| e["action"] == "admin-relationship.requested")
            .expect("the request is audited");
        assert_ne!(requested["actor"], "system", "asked by the inviting user");
    }
    names.sort();
    assert_eq!(
        names,
        vec![
            format!("Helpdesk · {company}"),
            format!("Helpdesk · {company} (2)")
        ]
    );
}

/// A request retried with its Idempotency-Key — even racing itself — asks once: every answer
/// is the one relationship, all but one marked replayed; the key with another request is 409.
#[tokio::test]
async fn a_request_retried_with_its_key_asks_once() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let customer = active_customer(&app, "gdapkey").await;
    let path = format!("/api/customers/{customer}/admin-relationships");
    let body = helpdesk("Keyed");
    let send = |key: &'static str, body: Value| {
        let app = &app;
        let path = path.clone();
        async move {
            let response = app
                .client
                .post(app.url(&path))
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await
                .unwrap();
            let replayed = response.headers().get("idempotent-replayed").is_some();
            let status = response.status().as_u16();
            (status, replayed, response.json::<Value>().await.unwrap())
        }
    };
    let answers =
        futures_util::future::join_all((0..6).map(|_| send("gdap-key-1", body.clone()))).await;
    let ids: std::collections::BTreeSet<&str> = answers
        .iter()
        .map(|(status, _, made)| {
            assert_eq!(*status, 201, "{made}");
            made["id"].as_str().unwrap()
        })
        .collect();
    assert_eq!(ids.len(), 1, "{answers:?}");
    assert_eq!(
        answers.iter().filter(|(_, replayed, _)| !replayed).count(),
        1
    );
    let listed: Vec<Value> = app.get(&path).await.json().await.unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(sink.wait_for(1).await.len(), 1);

    let (status, _, refused) = send("gdap-key-1", helpdesk("Other name")).await;
    assert_eq!(status, 409, "{refused}");
    // Without a key, the name already taken keeps a retry from asking twice.
    let response = app.post_json(&path, &body).await;
    assert_eq!(response.status(), 422);
}
