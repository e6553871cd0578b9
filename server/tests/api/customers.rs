use crate::helpers::{client_as, spawn_app, valid_customer, TestApp, OTHER_ADMIN};
use serde_json::{json, Value};
use uuid::Uuid;

#[tokio::test]
async fn create_answers_201_with_the_account_and_a_one_time_password() {
    let app = spawn_app().await;
    let response = app
        .post_json("/api/customers", &valid_customer("Contoso"))
        .await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(response.headers()["cache-control"], "no-store");
    let body: Value = response.json().await.unwrap();
    let customer = &body["customer"];
    assert_eq!(
        location,
        format!("/api/customers/{}", customer["id"].as_str().unwrap())
    );
    assert_eq!(customer["domain_prefix"], "contoso");
    assert_eq!(customer["domain"], "contoso.onmicrosoft.com");
    assert_eq!(customer["admin_sign_in"], "admin@contoso.onmicrosoft.com");
    assert_eq!(customer["relationship"], "active");
    assert_eq!(customer["language"], "en-US");
    assert!(Uuid::parse_str(customer["tenant_id"].as_str().unwrap()).is_ok());
    let password = body["temporary_password"].as_str().unwrap();
    assert_eq!(password.len(), 16);

    // Stored only as a digest (a generated 93-bit secret: see `password::digest_generated`);
    // never returned again.
    let hash: String = sqlx::query_scalar("SELECT admin_password_hash FROM customers")
        .fetch_one(app.db.readers())
        .await
        .unwrap();
    assert_eq!(hash, server::password::digest_generated(password));
    assert!(!hash.contains(password));
    let again: Value = app.get(&location).await.json().await.unwrap();
    assert!(again.get("temporary_password").is_none());
    assert_eq!(again["company_name"], "Contoso");
}

#[tokio::test]
async fn bad_input_answers_422_with_exact_field_codes() {
    let app = spawn_app().await;
    let mut body = valid_customer("contoso");
    body["company_name"] = json!("LLC");
    body["country"] = json!("UK");
    body["domain_prefix"] = json!("con-toso");
    body["contact_first_name"] = json!("test");
    body["contact_email"] = json!("alex@northwind.example");
    let response = app.post_json("/api/customers", &body).await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "validation");
    assert!(error["request_id"]
        .as_str()
        .is_some_and(|id| !id.is_empty()));
    assert_eq!(
        error["fields"],
        json!({
            "company_name": {"code": "legal_form_only"},
            "country": {"code": "invalid_format", "hint": "GB"},
            "domain_prefix": {"code": "invalid_chars"},
            "contact_first_name": {"code": "placeholder"},
            "contact_email": {"code": "partner_domain"}
        })
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(app.db.readers())
        .await
        .unwrap();
    assert_eq!(count, 0, "nothing is written on a 422");
}

#[tokio::test]
async fn unknown_fields_are_refused_not_dropped() {
    let app = spawn_app().await;
    let mut body = valid_customer("contoso");
    body["vat_id"] = json!("DE123");
    let response = app.post_json("/api/customers", &body).await;
    // A body that isn't of the expected shape: 400 (422 is for rule codes per field).
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "malformed_request");
    assert!(error["message"].as_str().unwrap().contains("vat_id"));
}

#[tokio::test]
async fn a_taken_domain_is_422_taken_with_the_other_problems() {
    let app = spawn_app().await;
    app.create_customer("contoso").await;
    let mut body = valid_customer("CONTOSO");
    body["city"] = json!("");
    let error: Value = app
        .post_json("/api/customers", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        error["fields"],
        json!({"domain_prefix": {"code": "taken"}, "city": {"code": "required"}})
    );
}

#[tokio::test]
async fn concurrent_creates_of_one_domain_give_one_201_and_one_taken() {
    let app = spawn_app().await;
    let body = valid_customer("racecar");
    let (a, b) = tokio::join!(
        app.client
            .post(app.url("/api/customers"))
            .json(&body)
            .send(),
        app.client
            .post(app.url("/api/customers"))
            .json(&body)
            .send(),
    );
    let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, [201, 422]);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(app.db.readers())
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn list_pages_newest_first_with_cursors_both_ways() {
    let app = spawn_app().await;
    for prefix in ["first", "second", "third"] {
        app.create_customer(prefix).await;
    }
    let domains = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["domain"].as_str().unwrap().to_string())
            .collect()
    };
    let page1: Value = app
        .get("/api/customers?per_page=2")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page1["total"], 3);
    assert_eq!(page1["prev"], Value::Null);
    assert_eq!(
        domains(&page1),
        ["third.onmicrosoft.com", "second.onmicrosoft.com"]
    );
    let next = page1["next"].as_str().unwrap();
    let page2: Value = app
        .get(&format!("/api/customers?per_page=2&after={next}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(domains(&page2), ["first.onmicrosoft.com"]);
    assert_eq!(page2["next"], Value::Null);
    // Back from page 2 is page 1 again.
    let prev = page2["prev"].as_str().unwrap();
    let back: Value = app
        .get(&format!("/api/customers?per_page=2&before={prev}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(domains(&back), domains(&page1));
    assert_eq!(back["prev"], Value::Null);
    assert!(back["next"].is_string());

    for bad in [
        "per_page=0",
        "per_page=101",
        "per_page=abc",
        "after=zz.notanid",
        "sort=size",
        "dir=up",
        "country=Atlantis",
        "created_from=2026-13-01",
        "after=61.00000000000000000000000000000000&before=61.00000000000000000000000000000000",
    ] {
        let response = app.get(&format!("/api/customers?{bad}")).await;
        assert_eq!(response.status(), 400, "{bad}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], "malformed_request", "{bad}");
    }
}

/// Every page of a sorted, filtered list, walked with `next` cursors.
async fn walk(app: &TestApp, query: &str) -> Vec<Value> {
    let mut items = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let url = match &cursor {
            Some(c) => format!("/api/customers?{query}&per_page=7&after={c}"),
            None => format!("/api/customers?{query}&per_page=7"),
        };
        let response = app.get(&url).await;
        assert_eq!(response.status(), 200, "{url}");
        let page: Value = response.json().await.unwrap();
        items.extend(page["items"].as_array().unwrap().iter().cloned());
        match page["next"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return items,
        }
    }
}

#[tokio::test]
async fn the_list_sorts_by_any_column_and_filters_by_country_date_and_state() {
    let app = spawn_app().await;
    server::seed::demo(&app.db, &app.base).await.unwrap();
    server::seed::generate_customers(&app.db, 60).await.unwrap();
    let all: Value = app
        .get("/api/customers?per_page=1")
        .await
        .json()
        .await
        .unwrap();
    let total = all["total"].as_u64().unwrap();
    assert_eq!(total, 72);
    for (sort, key) in [
        ("company", "company_name"),
        ("domain", "domain"),
        ("country", "country"),
        ("relationship", "relationship"),
        ("created", "created_at"),
    ] {
        for dir in ["asc", "desc"] {
            let items = walk(&app, &format!("sort={sort}&dir={dir}")).await;
            assert_eq!(items.len() as u64, total, "{sort} {dir}: every row once");
            let mut ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(ids.len() as u64, total, "{sort} {dir}: no row twice");
            let values: Vec<String> = items
                .iter()
                .map(|i| {
                    let v = i[key].as_str().unwrap().to_string();
                    if sort == "company" {
                        v.to_lowercase()
                    } else {
                        v
                    }
                })
                .collect();
            let mut sorted = values.clone();
            sorted.sort();
            if dir == "desc" {
                sorted.reverse();
            }
            assert_eq!(values, sorted, "{sort} {dir}");
        }
    }
    // Filters combine with each other and with the sort.
    let german = walk(&app, "country=DE&sort=company&dir=asc").await;
    assert!(!german.is_empty());
    assert!(german.iter().all(|c| c["country"] == "DE"));
    let today = server::timestamp::today_utc().to_string();
    let recent = walk(&app, &format!("created_from={today}&created_to={today}")).await;
    assert!(recent
        .iter()
        .all(|c| c["created_at"].as_str().unwrap().starts_with(&today)));
    let old = walk(&app, "created_to=2000-01-01").await;
    assert!(old.is_empty());
    let invited = walk(&app, "relationship=invited&sort=domain").await;
    assert!(!invited.is_empty());
    assert!(invited.iter().all(|c| c["relationship"] == "invited"));
    let page: Value = app
        .get("/api/customers?relationship=invited&per_page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"].as_u64().unwrap(), invited.len() as u64);
}

#[tokio::test]
async fn a_broad_search_pages_in_order_like_a_narrow_one() {
    // 1,100 matches of "gen" (every generated domain): past the point where a page walks the
    // sort index instead of sorting the matches. Paged both ways, it must read as the matches
    // sorted: each once, in order.
    let app = spawn_app().await;
    server::seed::generate_customers(&app.db, 1_100)
        .await
        .unwrap();
    let first: Value = app
        .get("/api/customers?q=gen&per_page=1")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (first["total"].as_u64(), first["total_capped"].as_bool()),
        (Some(1000), Some(true))
    );
    for (sort, key) in [("company", "company_name"), ("created", "created_at")] {
        let items = walk(&app, &format!("q=gen&sort={sort}&dir=asc")).await;
        assert_eq!(items.len(), 1_100, "{sort}: every match once");
        let values: Vec<String> = items
            .iter()
            .map(|i| i[key].as_str().unwrap().to_lowercase())
            .collect();
        let mut sorted = values.clone();
        sorted.sort();
        assert_eq!(values, sorted, "{sort}");
        let mut ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 1_100, "{sort}: no row twice");
    }
    // A narrow search of the same rows still finds its one.
    let one: Value = app
        .get("/api/customers?q=gen1007")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["total"], 1, "{one}");
}

#[tokio::test]
async fn unknown_and_malformed_ids_are_json_404() {
    let app = spawn_app().await;
    for path in [
        format!("/api/customers/{}", Uuid::new_v4()),
        "/api/customers/not-a-uuid".to_string(),
    ] {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 404, "{path}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["code"], "not_found");
    }
}

#[tokio::test]
async fn another_partners_customers_are_invisible() {
    let app = spawn_app().await;
    let other = crate::helpers::client_as(&app.base, crate::helpers::OTHER_ADMIN).await;
    let mut body = valid_customer("othercustomer");
    body["country"] = json!("DE");
    body["state"] = json!("");
    body["postal_code"] = json!("10115");
    let response = other
        .post(app.url("/api/customers"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    let theirs: Value = response.json().await.unwrap();
    app.create_customer("mine").await;

    let list: Value = app.get("/api/customers").await.json().await.unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["domain"], "mine.onmicrosoft.com");
    let response = app
        .get(&format!(
            "/api/customers/{}",
            theirs["customer"]["id"].as_str().unwrap()
        ))
        .await;
    assert_eq!(response.status(), 404);
    // Their domain is in another cloud instance (Germany): the prefix is free in ours.
    let availability: Value = app
        .get("/api/domains/othercustomer/availability")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(availability["available"], true);
}

#[tokio::test]
async fn domain_availability_is_live_and_instance_aware() {
    let app = spawn_app().await;
    let free: Value = app
        .get("/api/domains/Fabrikam/availability")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        free,
        json!({"prefix": "fabrikam", "domain": "fabrikam.onmicrosoft.com", "available": true, "error": null})
    );
    app.create_customer("fabrikam").await;
    let taken: Value = app
        .get("/api/domains/fabrikam/availability")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(taken["available"], false);
    assert_eq!(taken["error"]["code"], "taken");
    let invalid: Value = app
        .get("/api/domains/fab-rikam/availability")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(invalid["available"], false);
    assert_eq!(invalid["error"]["code"], "invalid_chars");

    // The same prefix is free in another cloud instance.
    app.change_behind_the_server(
        sqlx::query("UPDATE partners SET instance = 'germany' WHERE id = $1")
            .bind(app.ctx.partner_id.to_string()),
    )
    .await;
    let germany: Value = app
        .get("/api/domains/fabrikam/availability")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(germany["available"], true);
    assert_eq!(germany["domain"], "fabrikam.onmicrosoft.de");
}

#[tokio::test]
async fn me_names_the_partner_and_its_instance() {
    let app = spawn_app().await;
    let me: Value = app.get("/api/me").await.json().await.unwrap();
    assert_eq!(me["partner"]["name"], server::seed::DEMO_PARTNER_NAME);
    assert_eq!(me["partner"]["instance"], "global");
    assert_eq!(me["partner"]["email_domain"], "northwind.example");
    assert_eq!(me["user"]["display_name"], "Alex Wu");
    assert_eq!(me["user"]["roles"], json!(["global-admin"]));
    assert_eq!(me["user"]["must_change_password"], false);
}

#[tokio::test]
async fn a_retried_create_with_the_same_idempotency_key_creates_one_customer() {
    let app = spawn_app().await;
    let body = valid_customer("retried");
    let send = || {
        app.client
            .post(app.url("/api/customers"))
            .header("Idempotency-Key", "draft-7f3c")
            .json(&body)
            .send()
    };
    let first = send().await.unwrap();
    assert_eq!(first.status(), 201);
    assert!(first.headers().get("idempotent-replayed").is_none());
    let first: Value = first.json().await.unwrap();
    let second = send().await.unwrap();
    assert_eq!(second.status(), 201);
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    let second: Value = second.json().await.unwrap();
    assert_eq!(first["customer"]["id"], second["customer"]["id"]);
    // The password went with the first answer (it isn't stored in clear); a replay changes
    // nothing, so it has none.
    assert!(first["temporary_password"].is_string());
    assert_eq!(second["temporary_password"], Value::Null);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(app.db.readers())
        .await
        .unwrap();
    assert_eq!(count, 1);

    // Concurrent retries of one key also create exactly one, and every retry is answered
    // with it (a retry that looks for the key before the winner commits, and for the domain
    // after, is a replay too — not `taken`). Five rounds of four make that interleaving likely.
    for round in 0..5 {
        let body = valid_customer(&format!("concurrentretry{round}"));
        let key = format!("draft-race-{round}");
        let post = || {
            app.client
                .post(app.url("/api/customers"))
                .header("Idempotency-Key", &key)
                .json(&body)
                .send()
        };
        let answers = futures_util::future::join_all((0..4).map(|_| post())).await;
        let mut ids = std::collections::BTreeSet::new();
        for answer in answers {
            let answer = answer.unwrap();
            let status = answer.status().as_u16();
            let answer: Value = answer.json().await.unwrap();
            assert_eq!(status, 201, "{answer}");
            ids.insert(answer["customer"]["id"].to_string());
        }
        assert_eq!(ids.len(), 1, "{ids:?}");
    }
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(app.db.readers())
        .await
        .unwrap();
    assert_eq!(count, 6);

    // The key can't be reused for a different request.
    let mut other = valid_customer("retried2");
    other["company_name"] = json!("Someone Else");
    let response = app
        .client
        .post(app.url("/api/customers"))
        .header("Idempotency-Key", "draft-7f3c")
        .json(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "conflict");
}

#[tokio::test]
async fn an_indirect_reseller_is_refused_without_a_provider_link() {
    let app = spawn_app().await;
    let mut body = valid_customer("viareseller");
    body["indirect_reseller"] = json!(Uuid::new_v4().to_string());
    let error: Value = app
        .post_json("/api/customers", &body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        error["fields"],
        json!({"indirect_reseller": {"code": "not_in_list"}})
    );
}

async fn read(app: &crate::helpers::TestApp, id: &str) -> (Value, String) {
    let response = app.get(&format!("/api/customers/{id}")).await;
    let tag = response.headers()["etag"].to_str().unwrap().to_string();
    (response.json().await.unwrap(), tag)
}

async fn put(
    app: &crate::helpers::TestApp,
    id: &str,
    if_match: Option<&str>,
    body: &Value,
) -> reqwest::Response {
    let mut request = app
        .client
        .put(app.url(&format!("/api/customers/{id}")))
        .json(body);
    if let Some(tag) = if_match {
        request = request.header("If-Match", tag);
    }
    request.send().await.unwrap()
}

pub fn edit_form(customer: &Value) -> Value {
    let form: shared::api::Customer = serde_json::from_value(customer.clone()).unwrap();
    serde_json::to_value(form.to_form()).unwrap()
}

#[tokio::test]
async fn a_customer_names_who_saved_it_last_and_when() {
    let app = spawn_app().await;
    let created = app.create_customer("lastsaver").await;
    let id = created["customer"]["id"].as_str().unwrap().to_string();
    let (first, tag) = read(&app, &id).await;
    assert_eq!(first["last_change"]["by"], "Alex Wu");
    let created_at = first["last_change"]["at"].as_str().unwrap().to_string();

    // A sales agent saves next: the answer names them, by display name, with a later time.
    let sam = client_as(&app.base, "sam.taylor@northwind.example").await;
    let mut form = edit_form(&first);
    form["city"] = json!("Bellevue");
    let response = sam
        .put(app.url(&format!("/api/customers/{id}")))
        .header("If-Match", tag)
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let (now, _) = read(&app, &id).await;
    assert_eq!(now["last_change"]["by"], "Sam Taylor");
    assert!(now["last_change"]["at"].as_str().unwrap() > created_at.as_str());

    // Another partner can't read the customer, so it learns nothing of who saved it.
    let other = client_as(&app.base, OTHER_ADMIN).await;
    let response = other
        .get(app.url(&format!("/api/customers/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn edits_need_the_current_version_and_two_editors_lose_nothing() {
    let app = spawn_app().await;
    let created = app.create_customer("editme").await;
    let id = created["customer"]["id"].as_str().unwrap().to_string();

    // Both editors open version 1.
    let (alice_view, alice_tag) = read(&app, &id).await;
    let (bob_view, bob_tag) = read(&app, &id).await;
    assert_eq!(alice_tag, "\"1\"");
    assert_eq!(bob_tag, alice_tag);

    let mut alice = edit_form(&alice_view);
    alice["company_name"] = json!("Contoso Holdings");
    let response = put(&app, &id, Some(&alice_tag), &alice).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["etag"], "\"2\"");

    // Bob's edit was made on version 1: refused, nothing written.
    let mut bob = edit_form(&bob_view);
    bob["city"] = json!("Bellevue");
    let response = put(&app, &id, Some(&bob_tag), &bob).await;
    assert_eq!(response.status(), 412);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "precondition_failed");
    let (now, _) = read(&app, &id).await;
    assert_eq!(now["company_name"], "Contoso Holdings");
    assert_eq!(now["city"], "Redmond");

    // Bob reloads, re-applies his change on version 2, and both edits survive.
    let (fresh, fresh_tag) = read(&app, &id).await;
    let mut bob = edit_form(&fresh);
    bob["city"] = json!("Bellevue");
    let response = put(&app, &id, Some(&fresh_tag), &bob).await;
    assert_eq!(response.status(), 200);
    let saved: Value = response.json().await.unwrap();
    assert_eq!(saved["company_name"], "Contoso Holdings");
    assert_eq!(saved["city"], "Bellevue");
    assert_eq!(saved["version"], 3);
}

#[tokio::test]
async fn edits_check_the_rules_and_refuse_read_only_changes() {
    let app = spawn_app().await;
    let created = app.create_customer("strict").await;
    let id = created["customer"]["id"].as_str().unwrap().to_string();
    let (view, tag) = read(&app, &id).await;
    let form = edit_form(&view);

    let response = put(&app, &id, None, &form).await;
    assert_eq!(response.status(), 428, "If-Match is required");

    let mut bad = form.clone();
    bad["postal_code"] = json!("ABC");
    bad["country"] = json!("CA");
    bad["domain_prefix"] = json!("renamed");
    let response = put(&app, &id, Some(&tag), &bad).await;
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error["fields"],
        json!({
            "country": {"code": "read_only"},
            "domain_prefix": {"code": "read_only"},
            "postal_code": {"code": "invalid_format", "hint": "98052"}
        })
    );

    // Sending the read-only fields empty is fine: only the profile is edited.
    let mut minimal = form.clone();
    for key in [
        "country",
        "domain_prefix",
        "agreement_first_name",
        "agreement_last_name",
        "agreement_email",
        "agreement_date",
    ] {
        minimal[key] = json!("");
    }
    minimal["contact_phone"] = json!("+1 425 555 0100");
    let response = put(&app, &id, Some(&tag), &minimal).await;
    assert_eq!(response.status(), 200);
    let saved: Value = response.json().await.unwrap();
    assert_eq!(saved["contact_phone"], "+1 425 555 0100");
    assert_eq!(saved["domain"], "strict.onmicrosoft.com");

    let response = put(&app, &Uuid::new_v4().to_string(), Some("\"1\""), &form).await;
    assert_eq!(response.status(), 404);
}

#[tokio::test]
async fn the_list_filters_by_relationship_and_the_dashboard_counts() {
    let app = spawn_app().await;
    server::seed::demo(&app.db, &app.base).await.unwrap();
    app.create_customer("fresh").await;
    let invited: Value = app
        .get("/api/customers?relationship=invited")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(invited["total"], 2);
    assert!(invited["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["relationship"] == "invited"));
    let bad = app.get("/api/customers?relationship=happy").await;
    assert_eq!(bad.status(), 400);

    let response = app.get("/api/dashboard").await;
    assert_eq!(response.status(), 200);
    let dashboard: Value = response.json().await.unwrap();
    assert_eq!(dashboard["total"], 13);
    assert_eq!(
        dashboard["by_relationship"],
        json!([
            ["invited", 2],
            ["active", 10],
            ["ended", 1],
            ["expired", 0],
            ["revoked", 0]
        ])
    );
    let months = dashboard["per_month"].as_array().unwrap();
    assert_eq!(months.len(), 12);
    let this_month = &months[11];
    assert_eq!(this_month["month"], server::timestamp::now()[..7]);
    // The demo customers are spread over 7 months; all 13 are within the last 12.
    let sum: u64 = months.iter().map(|m| m["count"].as_u64().unwrap()).sum();
    assert_eq!(sum, 13);
}

/// The company names a search of the list answers (up to 100), sorted.
async fn company_names(app: &TestApp, q: &str) -> Vec<String> {
    let page: Value = app
        .client
        .get(app.url("/api/customers"))
        .query(&[("q", q), ("per_page", "100")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut names: Vec<String> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["company_name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn the_list_searches_company_domain_and_email_chinese_included() {
    let app = spawn_app().await;
    server::seed::demo(&app.db, &app.base).await.unwrap();
    let search = |q: &'static str| company_names(&app, q);
    assert_eq!(
        search("contoso").await,
        ["Contoso Ltd"],
        "company name, any case"
    );
    assert_eq!(search("CONTOSO").await, ["Contoso Ltd"]);
    assert_eq!(search("有限公司").await.len(), 3, "Chinese substring");
    assert_eq!(search("云帆").await, ["北京云帆科技有限公司"]);
    assert_eq!(
        search("wideworld").await,
        ["Wide World Importers"],
        "domain prefix"
    );
    assert_eq!(
        search("olivia@tailspin").await,
        ["Tailspin Toys"],
        "contact e-mail"
    );
    assert!(search("%").await.is_empty(), "LIKE wildcards are literal");
    assert!(search("_").await.is_empty());
    assert!(
        search("\"con").await.is_empty(),
        "search syntax is literal text"
    );
    assert!(search("toso OR x").await.is_empty());
    assert_eq!(search("Ltd").await.len(), 1, "three letters use the index");
    assert_eq!(
        search("toso l").await,
        ["Contoso Ltd"],
        "a phrase with a space"
    );
    assert!(
        search("Münchner").await.is_empty(),
        "another partner's customer"
    );
    assert_eq!(search("  ").await.len(), 12, "blank means all");
    let invited: Value = app
        .get("/api/customers?q=%E6%9C%89%E9%99%90&relationship=invited")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(invited["total"], 1, "search and filter combine");
    let too_long = app
        .get(&format!("/api/customers?q={}", "a".repeat(101)))
        .await;
    assert_eq!(too_long.status(), 400);
}

#[tokio::test]
async fn two_character_searches_have_their_own_index_and_follow_changes() {
    let app = spawn_app().await;
    server::seed::demo(&app.db, &app.base).await.unwrap();
    let names = |q: &'static str| company_names(&app, q);
    // The same answers as a case-insensitive substring scan (SQLite's LIKE, PostgreSQL's ILIKE).
    let scan = |q: &'static str| {
        let db = app.db.clone();
        let partner = app.ctx.partner_id.to_string();
        let like = match db.backend() {
            server::db::Backend::Sqlite => "LIKE",
            server::db::Backend::Postgres => "ILIKE",
        };
        async move {
            let pattern = format!("%{q}%");
            let mut names: Vec<String> = sqlx::query_scalar(&format!(
                "SELECT company_name FROM customers WHERE partner_id = $1
                 AND (company_name {like} $2 OR domain_prefix {like} $2 OR contact_email {like} $2)"
            ))
            .bind(partner)
            .bind(pattern)
            .fetch_all(db.readers())
            .await
            .unwrap();
            names.sort();
            names
        }
    };
    for q in ["云帆", "有限", "to", "TO", "@t", "s.", "td", "科技"] {
        let found = names(q).await;
        assert!(!found.is_empty(), "{q}");
        assert_eq!(found, scan(q).await, "{q}");
    }
    assert!(names("zq").await.is_empty());

    // An edit re-indexes the row: the old name's pairs no longer find it, the new one's do.
    let id = app.create_customer("pairsedit").await["customer"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    let (customer, tag) = read(&app, &id).await;
    let mut form = edit_form(&customer);
    form["company_name"] = json!("乐凯 Studio");
    form["contact_email"] = json!("li.wei@lekai.example");
    assert_eq!(put(&app, &id, Some(&tag), &form).await.status(), 200);
    assert_eq!(names("乐凯").await, ["乐凯 Studio"]);
    for q in ["nt", "ik", "@l"] {
        assert_eq!(names(q).await, scan(q).await, "{q} after the edit");
    }
    assert!(!names("nt").await.contains(&"乐凯 Studio".to_string()));

    // SQLite: rows stored before the index existed are indexed at the next start, once.
    // (PostgreSQL searches through trigram indexes it keeps itself: there is no pair index.)
    if app.db.backend() != server::db::Backend::Sqlite {
        return;
    }
    sqlx::query("INSERT INTO customers_pairs (customers_pairs) VALUES ('delete-all')")
        .execute(app.db.readers())
        .await
        .unwrap();
    assert!(names("云帆").await.is_empty(), "the search reads the index");
    sqlx::query("UPDATE customers_pairs_state SET built = 0")
        .execute(app.db.readers())
        .await
        .unwrap();
    server::store::customers::build_pair_index(&app.db)
        .await
        .unwrap();
    assert_eq!(names("云帆").await, ["北京云帆科技有限公司"]);
    assert_eq!(names("乐凯").await, ["乐凯 Studio"]);
}

#[tokio::test]
async fn the_customer_list_exports_its_filter_as_streamed_csv() {
    let app = spawn_app().await;
    server::seed::demo(&app.db, &app.base).await.unwrap();
    // Realistic generated customers: every one passes the shared rules (or this fails).
    assert_eq!(
        server::seed::generate_customers(&app.db, 250)
            .await
            .unwrap(),
        250
    );
    assert_eq!(
        server::seed::generate_customers(&app.db, 250)
            .await
            .unwrap(),
        0,
        "generation is idempotent"
    );
    let all: Value = app
        .get("/api/customers?per_page=1")
        .await
        .json()
        .await
        .unwrap();
    let total = all["total"].as_u64().unwrap();

    let response = app.get("/api/customers/export.csv").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"partnerdesk-customers.csv\""
    );
    let text = response.text().await.unwrap();
    assert!(text.starts_with("\u{feff}Company,Primary domain,Country/region,Relationship"));
    assert_eq!(
        text.lines().count() as u64,
        total + 1,
        "every customer, one line each"
    );

    // The list's filter, Chinese headers and values.
    let text = app
        .get("/api/customers/export.csv?relationship=invited&q=gen&lang=zh-CN")
        .await
        .text()
        .await
        .unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next().unwrap(),
        "\u{feff}公司,主域名,国家/地区,关系,联系人,电子邮件,创建时间"
    );
    let rows: Vec<&str> = lines.collect();
    assert_eq!(rows.len(), 25, "every tenth generated customer is invited");
    assert!(rows
        .iter()
        .all(|r| r.contains(",已邀请,") && r.contains("gen")));
    // Another partner's export holds none of ours.
    let other = crate::helpers::client_as(&app.base, crate::helpers::OTHER_ADMIN).await;
    let theirs = other
        .get(app.url("/api/customers/export.csv?q=gen"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(theirs.lines().count(), 1, "header only");
}

/// `GET /api/customers/similar` as `client`.
async fn similar_as(app: &TestApp, client: &reqwest::Client, name: &str, email: &str) -> Value {
    let url = format!(
        "/api/customers/similar?company_name={}&contact_email={}",
        shared::text::encode_query_value(name),
        shared::text::encode_query_value(email)
    );
    let response = client.get(app.url(&url)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

#[tokio::test]
async fn customers_that_may_be_the_same_company_are_named_but_never_refused() {
    let app = spawn_app().await;
    let mut body = valid_customer("yunfan");
    body["company_name"] = json!("北京云帆科技有限公司");
    body["contact_email"] = json!("li@yunfan.example");
    let response = app.post_json("/api/customers", &body).await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    let id = created["customer"]["id"].as_str().unwrap().to_string();
    let me = app.client.clone();

    // The same name without its legal form, in full-width letters or with other punctuation.
    let found = similar_as(&app, &me, "北京云帆科技", "wang@gmail.com").await;
    assert_eq!(
        found["items"],
        json!([{"id": id, "company_name": "北京云帆科技有限公司", "reason": "same_name"}])
    );
    // A contact at the same company domain (not a public mail provider).
    let found = similar_as(&app, &me, "Cloud Sail Ltd", "Wang@YUNFAN.example").await;
    assert_eq!(found["items"][0]["reason"], "same_email_domain");
    for (name, email) in [
        ("上海云帆科技", "a@gmail.com"),
        ("", ""),
        ("Other", "x@qq.com"),
    ] {
        let found = similar_as(&app, &me, name, email).await;
        assert_eq!(found["items"], json!([]), "{name} {email}");
    }
    // Another partner's customers are not theirs to see.
    let other = client_as(&app.base, OTHER_ADMIN).await;
    let found = similar_as(&app, &other, "北京云帆科技", "").await;
    assert_eq!(found["items"], json!([]));

    // A warning, not a refusal: the similar company is added.
    let mut second = valid_customer("yunfanbj");
    second["company_name"] = json!("北京云帆科技股份有限公司");
    assert_eq!(app.post_json("/api/customers", &second).await.status(), 201);
    let found = similar_as(&app, &me, "北京云帆科技", "").await;
    assert_eq!(found["items"].as_array().unwrap().len(), 2);

    // An edit moves the keys with the name.
    let (customer, tag) = read(&app, &id).await;
    let mut form = edit_form(&customer);
    form["company_name"] = json!("Fabrikam Residences");
    assert_eq!(put(&app, &id, Some(&tag), &form).await.status(), 200);
    let found = similar_as(&app, &me, "北京云帆科技", "").await;
    assert_eq!(found["items"].as_array().unwrap().len(), 1);
    let found = similar_as(&app, &me, "FABRIKAM RESIDENCES, INC.", "").await;
    assert_eq!(found["items"][0]["id"], json!(id));

    // Rows written before the keys existed get them at start-up.
    let mut tx = app.db.write().await.unwrap();
    sqlx::query("UPDATE customers SET name_key = NULL, email_domain = NULL")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        similar_as(&app, &me, "Fabrikam Residences", "").await["items"],
        json!([])
    );
    server::store::customers::fill_similarity_keys(&app.db)
        .await
        .unwrap();
    assert_eq!(
        similar_as(&app, &me, "Fabrikam Residences", "").await["items"][0]["id"],
        json!(id)
    );

    // The import preview names rows like an existing customer or an earlier row.
    let file = crate::relationships::import_file(
        "sim",
        0,
        &[
            "北京云帆科技（有限公司）,US,simone,1 Main St,,,Redmond,WA,98052,Ana,Lopez,ana@one.example,,,,,,,,yes",
            "New Row Co,US,simtwo,1 Main St,,,Redmond,WA,98052,Ana,Lopez,ana@two.example,,,,,,,,yes",
            "NEW ROW,US,simthree,1 Main St,,,Redmond,WA,98052,Ana,Lopez,ana@three.example,,,,,,,,yes",
        ],
    );
    let preview = app.preview_import(&file).await;
    assert_eq!(preview["ready"], 3, "similar rows still import");
    assert_eq!(
        preview["similar"],
        json!([
            {"line": 2, "company_name": "北京云帆科技（有限公司）", "similar_to": {"kind": "customer",
                "customer": {"id": found_id(&app, "yunfanbj").await, "company_name": "北京云帆科技股份有限公司", "reason": "same_name"}}},
            {"line": 4, "company_name": "NEW ROW", "similar_to": {"kind": "earlier-line", "line": 3}},
        ])
    );
}

/// The id of the partner's customer with this domain prefix.
async fn found_id(app: &TestApp, prefix: &str) -> String {
    let list: Value = app
        .get(&format!("/api/customers?q={prefix}"))
        .await
        .json()
        .await
        .unwrap();
    list["items"][0]["id"].as_str().unwrap().to_string()
}
