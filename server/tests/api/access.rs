//! Access assignments: the partner's groups of its users, each group's roles in an active admin
//! (GDAP) relationship, and "who of us can do what here" in a customer — recomputed here from
//! what the test assigned, not read back from the server's rule.

use crate::helpers::{spawn_app_full, MailSink, TestApp};
use serde_json::{json, Value};
use server::auth::SessionPolicy;
use std::collections::{BTreeMap, BTreeSet};

async fn put(app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    app.client
        .put(app.url(path))
        .json(body)
        .send()
        .await
        .unwrap()
}

async fn delete(app: &TestApp, path: &str) -> reqwest::Response {
    app.client.delete(app.url(path)).send().await.unwrap()
}

fn token_of(message: &Value) -> String {
    let text = message["text"].as_str().unwrap();
    let start = text.find("/admin-approval#").unwrap() + "/admin-approval#".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Each person's roles and groups as the API answers them.
fn access_by_person(list: &Value) -> BTreeMap<String, (BTreeSet<String>, Vec<String>)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|entry| {
            let strings = |v: &Value| -> Vec<String> {
                v.as_array()
                    .unwrap()
                    .iter()
                    .map(|s| s.as_str().unwrap().to_string())
                    .collect()
            };
            (
                entry["person"]["user_id"].as_str().unwrap().to_string(),
                (
                    strings(&entry["roles"]).into_iter().collect(),
                    strings(&entry["through"]),
                ),
            )
        })
        .collect()
}

fn set(roles: &[&str]) -> BTreeSet<String> {
    roles.iter().map(|r| r.to_string()).collect()
}

#[tokio::test]
async fn groups_get_roles_in_active_relationships_and_people_see_the_union() {
    let sink = MailSink::start();
    let app = spawn_app_full(SessionPolicy::default(), sink.settings()).await;
    let customer = app.create_customer("gdapaccess").await["customer"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let asked: Value = app
        .post_json(
            &format!("/api/customers/{customer}/admin-relationships"),
            &json!({"display_name": "Support desk", "duration_days": "60",
                "roles": ["helpdesk-administrator", "directory-readers", "user-administrator"]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let relationship = asked["id"].as_str().unwrap().to_string();
    let access = format!("/api/admin-relationships/{relationship}/access");

    // The partner's people: the groups' candidates.
    let groups: Value = app.get("/api/access-groups").await.json().await.unwrap();
    assert_eq!(groups["groups"], json!([]));
    let people: Vec<String> = groups["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["user_id"].as_str().unwrap().to_string())
        .collect();
    assert!(people.len() >= 2, "{groups}");
    let (ana, bo) = (people[0].clone(), people[1].clone());

    // Groups: a name once per partner, members who are the partner's people, each once.
    let response = app
        .post_json(
            "/api/access-groups",
            &json!({"name": " Helpdesk team ", "members": [ana, bo, ana]}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let helpdesk: Value = response.json().await.unwrap();
    assert_eq!(helpdesk["name"], "Helpdesk team");
    assert_eq!(helpdesk["members"].as_array().map(Vec::len), Some(2));
    let helpdesk_id = helpdesk["id"].as_str().unwrap().to_string();
    for (body, field, code) in [
        (
            json!({"name": "Helpdesk team", "members": []}),
            "name",
            "taken",
        ),
        (json!({"name": "", "members": []}), "name", "required"),
        (
            json!({"name": "Ghosts", "members": [uuid::Uuid::new_v4()]}),
            "members",
            "not_in_list",
        ),
    ] {
        let response = app.post_json("/api/access-groups", &body).await;
        assert_eq!(response.status(), 422, "{body}");
        let refused: Value = response.json().await.unwrap();
        assert_eq!(refused["fields"][field]["code"], code, "{refused}");
    }
    let licensing: Value = app
        .post_json(
            "/api/access-groups",
            &json!({"name": "Licensing", "members": [ana]}),
        )
        .await
        .json()
        .await
        .unwrap();
    let licensing_id = licensing["id"].as_str().unwrap().to_string();

    // A pending relationship has granted nothing yet: nothing to assign.
    let response = put(
        &app,
        &format!("{access}/{helpdesk_id}"),
        &json!({"roles": ["helpdesk-administrator"]}),
    )
    .await;
    assert_eq!(response.status(), 409);
    let refused: Value = response.json().await.unwrap();
    assert_eq!(refused["code"], "admin_relationship_not_active");

    let message = &sink.wait_for(1).await[0];
    let response = reqwest::Client::new()
        .post(app.url("/api/admin-approval"))
        .json(&json!({"token": token_of(message), "decision": "approve", "name": "Ana Silva"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);

    // Only the relationship's roles, at least one.
    for (roles, code) in [
        (json!(["global-administrator"]), "not_granted"),
        (json!([]), "required"),
        (json!(["janitor"]), "not_in_list"),
    ] {
        let response = put(
            &app,
            &format!("{access}/{helpdesk_id}"),
            &json!({ "roles": roles }),
        )
        .await;
        assert_eq!(response.status(), 422, "{roles}");
        let refused: Value = response.json().await.unwrap();
        assert_eq!(refused["fields"]["roles"]["code"], code, "{refused}");
    }
    let response = put(
        &app,
        &format!("{access}/{}", uuid::Uuid::new_v4()),
        &json!({"roles": ["directory-readers"]}),
    )
    .await;
    assert_eq!(response.status(), 404, "a group the partner hasn't");

    // Racing saves of one group's roles leave one assignment, with one caller's roles.
    let choices = [
        vec!["helpdesk-administrator"],
        vec!["helpdesk-administrator", "directory-readers"],
        vec!["directory-readers"],
        vec!["user-administrator", "helpdesk-administrator"],
    ];
    let saves = (0..8).map(|i| {
        let app = &app;
        let path = format!("{access}/{helpdesk_id}");
        let roles = choices[i % choices.len()].clone();
        async move { put(app, &path, &json!({ "roles": roles })).await.status() }
    });
    for status in futures_util::future::join_all(saves).await {
        assert_eq!(status, 200);
    }
    let listed: Value = app.get(&access).await.json().await.unwrap();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    let raced: BTreeSet<String> = listed[0]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().to_string())
        .collect();
    assert!(choices.iter().any(|c| set(c) == raced), "{raced:?}");

    // The settled assignments.
    let response = put(
        &app,
        &format!("{access}/{helpdesk_id}"),
        &json!({"roles": ["helpdesk-administrator"]}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let response = put(
        &app,
        &format!("{access}/{licensing_id}"),
        &json!({"roles": ["user-administrator", "directory-readers", "user-administrator"]}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let assigned: Value = response.json().await.unwrap();
    assert_eq!(
        assigned["roles"],
        json!(["directory-readers", "user-administrator"])
    );

    // Who of us can do what here: the union over each person's groups.
    let people_access = format!("/api/customers/{customer}/access");
    let seen = access_by_person(&app.get(&people_access).await.json().await.unwrap());
    assert_eq!(seen.len(), 2, "{seen:?}");
    assert_eq!(
        seen[&ana],
        (
            set(&[
                "helpdesk-administrator",
                "directory-readers",
                "user-administrator"
            ]),
            vec!["Helpdesk team".to_string(), "Licensing".to_string()]
        )
    );
    assert_eq!(
        seen[&bo],
        (
            set(&["helpdesk-administrator"]),
            vec!["Helpdesk team".to_string()]
        )
    );

    // Leaving a group takes its roles away.
    let response = put(
        &app,
        &format!("/api/access-groups/{helpdesk_id}"),
        &json!({"name": "Helpdesk team", "members": [ana]}),
    )
    .await;
    assert_eq!(response.status(), 200);
    let seen = access_by_person(&app.get(&people_access).await.json().await.unwrap());
    assert_eq!(seen.keys().collect::<Vec<_>>(), vec![&ana]);

    // Removing an assignment, then a group.
    assert_eq!(
        delete(&app, &format!("{access}/{licensing_id}"))
            .await
            .status(),
        204
    );
    assert_eq!(
        delete(&app, &format!("{access}/{licensing_id}"))
            .await
            .status(),
        404,
        "removed already"
    );
    let seen = access_by_person(&app.get(&people_access).await.json().await.unwrap());
    assert_eq!(seen[&ana].0, set(&["helpdesk-administrator"]));
    assert_eq!(
        delete(&app, &format!("/api/access-groups/{licensing_id}"))
            .await
            .status(),
        204
    );

    // A terminated relationship grants nothing, and takes no assignment.
    let response = app
        .post_json(
            &format!("/api/admin-relationships/{relationship}/terminate"),
            &json!({}),
        )
        .await;
    assert_eq!(response.status(), 200);
    let seen: Value = app.get(&people_access).await.json().await.unwrap();
    assert_eq!(seen, json!([]));
    let response = put(
        &app,
        &format!("{access}/{helpdesk_id}"),
        &json!({"roles": ["directory-readers"]}),
    )
    .await;
    assert_eq!(response.status(), 409);

    // Every change is in the log: the assignments with the customer.
    let log = app.audit_of(&customer).await;
    let actions: Vec<&str> = log
        .iter()
        .filter_map(|e| e["action"].as_str())
        .filter(|a| a.starts_with("access-"))
        .collect();
    assert!(actions.contains(&"access-assignment.set"), "{actions:?}");
    assert!(
        actions.contains(&"access-assignment.removed"),
        "{actions:?}"
    );
    for action in ["created", "changed", "removed"] {
        let page: Value = app
            .get(&format!("/api/audit?action=access-group.{action}"))
            .await
            .json()
            .await
            .unwrap();
        assert!(
            page["items"].as_array().is_some_and(|i| !i.is_empty()),
            "access-group.{action}: {page}"
        );
    }
}
