//! Sign-in, sessions, roles and partner isolation, for every route of the router.

use crate::helpers::{
    client_as, spawn_app, spawn_app_with, status, valid_customer, TestApp, ADMIN, OTHER_ADMIN,
};
use reqwest::{Client, Method, StatusCode};
use serde_json::{json, Value};
use server::auth::SessionPolicy;
use server::routes::{all_routes, Access};
use server::seed::{DEMO_PASSWORD, DEMO_USERS};
use std::time::Duration;
use uuid::Uuid;

/// Objects of the demo partner to put in routes' paths.
#[derive(Clone)]
struct Fixtures {
    customer: String,
    user: String,
    invitation: String,
    subscription: String,
    import: String,
    referral: String,
    link: String,
    admin_relationship: String,
    webhook: String,
    webhook_delivery: String,
    support_request: String,
    admin_template: String,
    access_group: String,
}

fn fill_path(path: &str, f: &Fixtures) -> String {
    let resource = path.split('/').nth(1).unwrap_or_default();
    let id = match resource {
        "customers" => &f.customer,
        "users" => &f.user,
        "invitations" => &f.invitation,
        "imports" => &f.import,
        "referrals" => &f.referral,
        "links" => &f.link,
        "admin-relationships" => &f.admin_relationship,
        "webhooks" => &f.webhook,
        "webhook-deliveries" => &f.webhook_delivery,
        "support-requests" => &f.support_request,
        "admin-templates" => &f.admin_template,
        "access-groups" => &f.access_group,
        // The route tests revoke nothing they don't own: an id no token has.
        "tokens" => &f.admin_relationship,
        // A passkey id: the user's own only, so any value shows the rule.
        "me" => "bm8tc3VjaC1wYXNza2V5",
        _ if !path.contains("{id}") => "",
        other => panic!("no test id for /{other}/{{id}}: add one here"),
    };
    path.replace("{id}", id)
        .replace("{subscription_id}", &f.subscription)
        .replace("{group_id}", &f.access_group)
        .replace("{prefix}", "contoso")
        .replace("{locale}", "zh-CN")
        .replace("{fingerprint}", &shared::i18n::catalog_fingerprint())
}

/// A request a route would accept if the caller may use it.
async fn call(client: &Client, app: &TestApp, method: &Method, path: &str) -> reqwest::Response {
    let mut request = client.request(method.clone(), app.url(&format!("/api{path}")));
    if matches!(*method, Method::POST | Method::PUT) {
        let body = match path {
            p if p.ends_with("/roles") => json!({"roles": ["sales-agent"]}),
            "/users" => {
                json!({"email": format!("new.{}@northwind.example", Uuid::new_v4().simple()), "display_name": "New User", "role": "sales-agent"})
            }
            "/session" => json!({"email": ADMIN, "password": DEMO_PASSWORD}),
            "/me/password" => {
                json!({"current_password": "wrong-password-1", "new_password": "another-password-2"})
            }
            p if p.ends_with("/end") => json!({"reason": "customer-request"}),
            p if p.ends_with("/decline") => json!({"decline_reason": "no-capacity"}),
            "/links" => json!({"reseller": "kenji.sato@proseware.example"}),
            "/referrals" => crate::channel::referral_to(Uuid::new_v4()),
            "/business-profile" => json!({"company_name": "Northwind Cloud Solutions"}),
            "/webhooks" => {
                json!({"url": "http://127.0.0.1:9/hook", "events": ["customer.created"]})
            }
            p if p.ends_with("/admin-relationships") => json!({
                "display_name": "Route test",
                "roles": ["directory-readers"],
                "duration_days": "30"
            }),
            p if p.ends_with("/subscriptions") => json!({
                "offer": "CFQ7TTC0LFLX", "term": "P1Y", "billing_cycle": "monthly", "quantity": 1
            }),
            p if p.ends_with("/quantity") => json!({"quantity": 12}),
            p if p.ends_with("/auto-renew") => json!({"auto_renew": false}),
            p if p.ends_with("/extend") => json!({"from": "2027-01-01"}),
            p if p.starts_with("/access-groups") => json!({
                "name": format!("Route {}", Uuid::new_v4().simple().to_string().get(..8).unwrap()),
                "members": []
            }),
            p if p.contains("/access/") => json!({"roles": ["directory-readers"]}),
            p if p.starts_with("/admin-templates") => json!({
                "name": format!("Route {}", Uuid::new_v4().simple().to_string().get(..8).unwrap()),
                "roles": ["directory-readers"]
            }),
            p if p.ends_with("/markup") => json!({"markup": "10"}),
            p if p.ends_with("/support-requests") => crate::support::request_body("high"),
            p if p.ends_with("/notes") => json!({"text": "Looking into it."}),
            p if p.ends_with("/state") => json!({"state": "in-progress"}),
            p if p.ends_with("/assignee") => json!({"assignee": null}),
            p if p.ends_with("/suspend") || p.ends_with("/resume") || p.ends_with("/cancel") => {
                json!({})
            }
            p if p.starts_with("/customers") => valid_customer(&format!(
                "r{}",
                Uuid::new_v4().simple().to_string().get(..12).unwrap()
            )),
            _ => json!({}),
        };
        request = request.json(&body).header("If-Match", "\"1\"");
    }
    request.send().await.unwrap()
}

async fn fixtures(app: &TestApp) -> Fixtures {
    let created = app.create_customer("fixture").await;
    let customer = created["customer"]["id"].as_str().unwrap().to_string();
    let invitation = app.invite("fixtureinvited").await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let subscription = app.add_subscription(&customer).await;
    let import = app
        .preview_import(&server::service::imports::template(
            shared::i18n::Locale::ZhCn,
        ))
        .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let referral = crate::channel::marketplace_referral(app, app.ctx.partner_id, 1).await;
    let users: Value = app.get("/api/users").await.json().await.unwrap();
    let user = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == "sam.taylor@northwind.example")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let endpoint = crate::webhooks::add_endpoint(app, "http://127.0.0.1:9/hook").await;
    let webhook = endpoint["endpoint"]["id"].as_str().unwrap().to_string();
    let sent: Value = app
        .post_json(&format!("/api/webhooks/{webhook}/test"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let opened: Value = app
        .post_json(
            &format!("/api/customers/{customer}/support-requests"),
            &crate::support::request_body("normal"),
        )
        .await
        .json()
        .await
        .unwrap();
    let templates: Value = app.get("/api/admin-templates").await.json().await.unwrap();
    let group: Value = app
        .post_json(
            "/api/access-groups",
            &json!({"name": "Route fixture", "members": []}),
        )
        .await
        .json()
        .await
        .unwrap();
    Fixtures {
        access_group: group["id"].as_str().unwrap().to_string(),
        admin_template: templates[0]["id"].as_str().unwrap().to_string(),
        support_request: opened["id"].as_str().unwrap().to_string(),
        webhook,
        webhook_delivery: sent["id"].as_str().unwrap().to_string(),
        customer,
        user,
        invitation,
        subscription: subscription.to_string(),
        import,
        referral: referral.to_string(),
        // A direct reseller has no links: any id is someone else's.
        link: Uuid::new_v4().to_string(),
        // The route tests end nothing they don't own: an id no relationship has.
        admin_relationship: Uuid::new_v4().to_string(),
    }
}

#[tokio::test]
async fn every_route_but_the_public_ones_refuses_anonymous_callers() {
    let app = spawn_app().await;
    let fixtures = fixtures(&app).await;
    let anonymous = Client::new();
    let routes = all_routes();
    assert!(
        routes.len() >= 14,
        "the route table is enumerated ({} routes)",
        routes.len()
    );
    for route in routes.iter().filter(|r| r.access != Access::Public) {
        let path = fill_path(route.path, &fixtures);
        let response = call(&anonymous, &app, &route.method, &path).await;
        assert_eq!(response.status(), 401, "{} {}", route.method, route.path);
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["code"], "unauthorized",
            "{} {}",
            route.method, route.path
        );
    }
    let public: Vec<String> = routes
        .iter()
        .filter(|r| r.access == Access::Public)
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        public,
        [
            "GET /health",
            "GET /openapi.json",
            "GET /catalog/{locale}/{fingerprint}",
            "GET /session",
            "POST /session",
            "POST /password-reset",
            "POST /password-reset/complete",
            "POST /admin-approval/details",
            "POST /admin-approval",
            "POST /invitation-acceptance/details",
            "POST /invitation-acceptance",
            // 404 unless the server runs with `--test-clock` (tests' servers do).
            "POST /test-clock"
        ]
    );
}

#[tokio::test]
async fn another_partner_gets_404_for_every_route_that_names_our_objects() {
    let app = spawn_app().await;
    let fixtures = fixtures(&app).await;
    let other = client_as(&app.base, OTHER_ADMIN).await;
    for route in all_routes().iter().filter(|r| r.path.contains("{id}")) {
        let path = fill_path(route.path, &fixtures);
        let response = call(&other, &app, &route.method, &path).await;
        assert_eq!(response.status(), 404, "{} {}", route.method, route.path);
    }
    // Lists show none of ours.
    let theirs: Value = other
        .get(app.url("/api/customers?per_page=100"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(theirs["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["domain"] != "fixture.onmicrosoft.com"));
    let their_users: Value = other
        .get(app.url("/api/users"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(their_users.as_array().unwrap().len(), 1);
    // Nothing was changed by their attempts.
    let sam: Value = app.get("/api/users").await.json().await.unwrap();
    assert!(sam
        .as_array()
        .unwrap()
        .iter()
        .all(|u| u["disabled"] == false));
}

#[tokio::test]
async fn every_cell_of_the_role_matrix_is_allowed_or_403() {
    let app = spawn_app().await;
    let fixtures = fixtures(&app).await;
    let mut cells = 0;
    for &(email, _, role) in DEMO_USERS {
        let client = client_as(&app.base, email).await;
        for route in all_routes() {
            let Access::Allowed(action) = route.access else {
                continue;
            };
            // Disabling Sam, or giving him a new password, would end the matrix's own
            // sales-agent session: use a stranger.
            let stranger = Fixtures {
                user: Uuid::new_v4().to_string(),
                ..fixtures.clone()
            };
            let path = fill_path(
                route.path,
                if route.path.ends_with("/disable") || route.path.ends_with("/password") {
                    &stranger
                } else {
                    &fixtures
                },
            );
            let response = call(&client, &app, &route.method, &path).await;
            let status = response.status();
            // Past the role check, the partner's program may still refuse (a direct reseller
            // can't link resellers): that is not the role matrix's 403.
            let status = if status == StatusCode::FORBIDDEN {
                let body: Value = response.json().await.unwrap();
                if body["code"] == "program_not_allowed" {
                    StatusCode::CONFLICT
                } else {
                    status
                }
            } else {
                status
            };
            if role.allows(action) {
                assert!(
                    status != StatusCode::FORBIDDEN && status != StatusCode::UNAUTHORIZED,
                    "{} may {:?}: {} {} answered {status}",
                    role.as_str(),
                    action,
                    route.method,
                    route.path
                );
            } else {
                assert_eq!(
                    status,
                    StatusCode::FORBIDDEN,
                    "{} may not {:?}: {} {}",
                    role.as_str(),
                    action,
                    route.method,
                    route.path
                );
            }
            cells += 1;
        }
    }
    let guarded = all_routes()
        .iter()
        .filter(|r| matches!(r.access, Access::Allowed(_)))
        .count();
    assert_eq!(cells, DEMO_USERS.len() * guarded);
    assert_eq!(
        DEMO_USERS.len(),
        shared::access::Role::ALL.len(),
        "one demo user per role"
    );
}

#[tokio::test]
async fn a_billing_admin_edits_the_billing_profile_only() {
    let app = spawn_app().await;
    let created = app.create_customer("billingonly").await;
    let id = created["customer"]["id"].as_str().unwrap();
    let billing = client_as(&app.base, "ben.okafor@northwind.example").await;
    let customer: shared::api::Customer =
        serde_json::from_value(created["customer"].clone()).unwrap();
    let mut form = serde_json::to_value(customer.to_form()).unwrap();
    form["city"] = json!("Bellevue");
    let response = billing
        .put(app.url(&format!("/api/customers/{id}")))
        .header("If-Match", "\"1\"")
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    form["company_name"] = json!("Renamed by billing");
    let response = billing
        .put(app.url(&format!("/api/customers/{id}")))
        .header("If-Match", "\"2\"")
        .json(&form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn five_failed_sign_ins_block_the_account_for_a_while() {
    let app = spawn_app().await;
    let client = Client::new();
    let attempt = |password: &'static str| {
        client
            .post(app.url("/api/session"))
            .json(&json!({"email": "mei.chen@northwind.example", "password": password}))
            .send()
    };
    for _ in 0..5 {
        assert_eq!(attempt("wrong password!").await.unwrap().status(), 401);
    }
    let blocked = attempt(DEMO_PASSWORD).await.unwrap();
    assert_eq!(blocked.status(), 429, "even the right password waits");
    let retry_after: u64 = blocked.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=900).contains(&retry_after));
    let body: Value = blocked.json().await.unwrap();
    assert_eq!(body["code"], "too_many_requests");
}

#[tokio::test]
async fn unknown_users_and_wrong_passwords_get_the_same_answer() {
    let app = spawn_app().await;
    for email in ["nobody@northwind.example", "sam.taylor@northwind.example"] {
        let response = app.sign_in(email, "not the password").await;
        assert_eq!(response.status(), 401);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "unauthorized");
    }
}

/// The `Set-Cookie` header of the cookie called `name` (a sign-in sets the session and the
/// app's hint).
fn set_cookie(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with(&format!("{name}=")))
        .unwrap_or_else(|| panic!("no {name} cookie in {:?}", response.headers()))
}

#[tokio::test]
async fn the_session_cookie_is_http_only_strict_and_rotates() {
    let app = spawn_app().await;
    let sign_in = |client: &Client| {
        client
            .post(app.url("/api/session"))
            .json(&json!({"email": ADMIN, "password": DEMO_PASSWORD}))
            .send()
    };
    let plain = Client::new();
    let first = sign_in(&plain).await.unwrap();
    let cookie = set_cookie(&first, "pd_session");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Strict"), "{cookie}");
    assert!(cookie.contains("Path=/"), "{cookie}");
    assert!(!cookie.contains("Secure"), "{cookie}");
    let second = sign_in(&plain).await.unwrap();
    let cookie2 = set_cookie(&second, "pd_session");
    assert_ne!(
        cookie.split(';').next(),
        cookie2.split(';').next(),
        "a new session id per sign-in"
    );

    let secure = spawn_app_with(SessionPolicy {
        secure_cookies: true,
        ..SessionPolicy::default()
    })
    .await;
    let response = secure.sign_in(ADMIN, DEMO_PASSWORD).await;
    assert!(set_cookie(&response, "pd_session").contains("Secure"));
    assert!(set_cookie(&response, "pd_signed_in").contains("Secure"));
}

#[tokio::test]
async fn the_apps_signed_in_hint_is_no_credential_and_follows_sign_in_and_out() {
    let app = spawn_app().await;
    let response = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    let hint = set_cookie(&response, "pd_signed_in");
    assert!(hint.starts_with("pd_signed_in=1;"), "{hint}");
    assert!(!hint.contains("HttpOnly"), "scripts read it: {hint}");
    assert!(hint.contains("SameSite=Strict"), "{hint}");
    // Alone it signs nobody in.
    let only_hint = Client::new()
        .get(app.url("/api/me"))
        .header("cookie", "pd_signed_in=1")
        .send()
        .await
        .unwrap();
    assert_eq!(only_hint.status(), 401);

    let session = set_cookie(&response, "pd_session");
    let session = session.split(';').next().unwrap();
    let signed_out = Client::new()
        .delete(app.url("/api/session"))
        .header("cookie", session)
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), 204);
    let cleared = set_cookie(&signed_out, "pd_signed_in");
    assert!(cleared.contains("Max-Age=0"), "{cleared}");
}

#[tokio::test]
async fn sign_out_ends_the_session_for_good() {
    let app = spawn_app().await;
    let response = app.sign_in(ADMIN, DEMO_PASSWORD).await;
    let cookie = set_cookie(&response, "pd_session")
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let with_cookie = |method: Method, path: &str| {
        Client::new()
            .request(method, app.url(path))
            .header("cookie", cookie.clone())
            .send()
    };
    assert_eq!(
        with_cookie(Method::GET, "/api/me").await.unwrap().status(),
        200
    );
    assert_eq!(
        with_cookie(Method::DELETE, "/api/session")
            .await
            .unwrap()
            .status(),
        204
    );
    // The old cookie value is dead even if a client keeps sending it.
    assert_eq!(
        with_cookie(Method::GET, "/api/me").await.unwrap().status(),
        401
    );
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(app.db.readers())
        .await
        .unwrap();
    assert_eq!(
        rows, 1,
        "only the test client's own session is left in the store"
    );
}

#[tokio::test]
async fn idle_and_absolute_expiry_end_sessions() {
    let idle = spawn_app_with(SessionPolicy {
        idle: Duration::from_secs(1),
        ..SessionPolicy::default()
    })
    .await;
    assert_eq!(idle.get("/api/me").await.status(), 200);
    tokio::time::sleep(Duration::from_millis(2200)).await;
    assert_eq!(idle.get("/api/me").await.status(), 401, "idle too long");

    // Activity keeps a session alive well past the idle time since sign-in (read-only
    // requests too: nothing else writes the session).
    let active = spawn_app_with(SessionPolicy {
        idle: Duration::from_secs(2),
        ..SessionPolicy::default()
    })
    .await;
    for _ in 0..8 {
        assert_eq!(
            active.get("/api/me").await.status(),
            200,
            "active, yet signed out"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_millis(2600)).await;
    assert_eq!(
        active.get("/api/me").await.status(),
        401,
        "idle after the activity"
    );

    // Sign-in times are whole seconds: 3 s leaves a second's slack for the rounding.
    let absolute = spawn_app_with(SessionPolicy {
        absolute: Duration::from_secs(3),
        ..SessionPolicy::default()
    })
    .await;
    for _ in 0..3 {
        assert_eq!(absolute.get("/api/me").await.status(), 200);
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert_eq!(
        absolute.get("/api/me").await.status(),
        401,
        "past the absolute lifetime, however active"
    );
}

#[tokio::test]
async fn a_disabled_user_is_signed_out_at_once() {
    let app = spawn_app().await;
    let sam_id = fixtures(&app).await.user;
    let sam = client_as(&app.base, "sam.taylor@northwind.example").await;
    assert_eq!(status(sam.get(app.url("/api/customers"))).await, 200);
    let response = app
        .client
        .post(app.url(&format!("/api/users/{sam_id}/disable")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(status(sam.get(app.url("/api/customers"))).await, 401);
    let again = app
        .sign_in("sam.taylor@northwind.example", DEMO_PASSWORD)
        .await;
    assert_eq!(again.status(), 401);
    // Admins can't lock themselves out.
    let me = app.ctx.user_id;
    let response = app
        .client
        .post(app.url(&format!("/api/users/{me}/disable")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 422);
}

#[tokio::test]
async fn cross_site_state_changes_are_refused() {
    let app = spawn_app().await;
    let body = valid_customer("csrf");
    let evil = app
        .client
        .post(app.url("/api/customers"))
        .header("Origin", "http://evil.example")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), 403);
    let fetch_meta = app
        .client
        .post(app.url("/api/customers"))
        .header("Sec-Fetch-Site", "cross-site")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_meta.status(), 403);
    let host = app.base.trim_start_matches("http://").to_string();
    let same = app
        .client
        .post(app.url("/api/customers"))
        .header("Origin", format!("http://{host}"))
        .header("Sec-Fetch-Site", "same-origin")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(same.status(), 201);
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(app.db.readers())
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[tokio::test]
async fn a_new_user_must_replace_the_temporary_password_first() {
    let app = spawn_app().await;
    let created: Value = app
        .post_json("/api/users", &json!({"email": "nina.park@northwind.example", "display_name": "Nina Park", "role": "sales-agent"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["user"]["must_change_password"], true);
    let temporary = created["temporary_password"].as_str().unwrap().to_string();
    let nina = Client::builder().cookie_store(true).build().unwrap();
    let response = nina
        .post(app.url("/api/session"))
        .json(&json!({"email": "nina.park@northwind.example", "password": temporary}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let blocked = nina.get(app.url("/api/customers")).send().await.unwrap();
    assert_eq!(blocked.status(), 403);
    assert_eq!(
        blocked.json::<Value>().await.unwrap()["code"],
        "password_change_required"
    );
    assert_eq!(status(nina.get(app.url("/api/me"))).await, 200);

    let change = |current: &str, new: &str| {
        nina.post(app.url("/api/me/password"))
            .json(&json!({"current_password": current, "new_password": new}))
            .send()
    };
    let short = change(&temporary, "short").await.unwrap();
    assert_eq!(short.status(), 422);
    assert_eq!(
        short.json::<Value>().await.unwrap()["fields"]["new_password"]["code"],
        "too_short"
    );
    let wrong = change("not-the-temporary", "a long enough password")
        .await
        .unwrap();
    assert_eq!(wrong.status(), 422);
    assert_eq!(
        change(&temporary, "a long enough password")
            .await
            .unwrap()
            .status(),
        204
    );
    assert_eq!(status(nina.get(app.url("/api/customers"))).await, 200);
    assert_eq!(
        status(nina.get(app.url("/api/users"))).await,
        403,
        "a sales agent"
    );

    // Duplicate e-mail, unknown role.
    let dup = app.post_json("/api/users", &json!({"email": "NINA.PARK@northwind.example", "display_name": "N", "role": "sales-agent"})).await;
    assert_eq!(
        dup.json::<Value>().await.unwrap()["fields"]["email"]["code"],
        "taken"
    );
    let bad = app
        .post_json(
            "/api/users",
            &json!({"email": "x@northwind.example", "display_name": "X", "role": "owner"}),
        )
        .await;
    assert_eq!(
        bad.json::<Value>().await.unwrap()["fields"]["roles"]["code"],
        "not_in_list"
    );
}

#[tokio::test]
async fn role_changes_apply_to_the_next_request() {
    let app = spawn_app().await;
    let sam_id = fixtures(&app).await.user;
    let sam = client_as(&app.base, "sam.taylor@northwind.example").await;
    assert_eq!(
        status(
            sam.post(app.url("/api/customers"))
                .json(&valid_customer("bysam"))
        )
        .await,
        201
    );
    let response = app
        .client
        .put(app.url(&format!("/api/users/{sam_id}/roles")))
        .json(&json!({"roles": ["helpdesk-agent"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        status(
            sam.post(app.url("/api/customers"))
                .json(&valid_customer("bysam2"))
        )
        .await,
        403
    );
    assert_eq!(status(sam.get(app.url("/api/customers"))).await, 200);
}

#[tokio::test]
async fn the_cli_bootstraps_a_partner_and_its_admin() {
    let dir = tempfile::tempdir().unwrap();
    let location = crate::helpers::fresh_database(dir.path()).await;
    let db_arg = match &location {
        server::db::Location::SqliteFile(path) => path.display().to_string(),
        server::db::Location::Postgres(url) => url.clone(),
    };
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(["create-partner", "--database", &db_arg])
        .args([
            "--name",
            "Contoso Reseller",
            "--instance",
            "us-government",
            "--program",
            "indirect-reseller",
            "--email-domain",
            "contoso-reseller.example",
            "--admin-email",
            "root@contoso-reseller.example",
            "--admin-name",
            "Root Admin",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let password = stdout
        .lines()
        .find_map(|l| {
            l.rsplit_once(": ")
                .filter(|(k, _)| k.contains("Temporary password"))
                .map(|(_, p)| p.trim().to_string())
        })
        .unwrap();
    let db = crate::helpers::connect(&location).await;
    let ctx_row: (String, String, i64) = sqlx::query_as(
        "SELECT p.instance, u.roles, u.must_change_password FROM users u JOIN partners p ON p.id = u.partner_id WHERE u.email = 'root@contoso-reseller.example'",
    )
    .fetch_one(db.readers())
    .await
    .unwrap();
    assert_eq!(
        ctx_row,
        ("us-government".to_string(), "global-admin".to_string(), 1)
    );
    let hash: String = sqlx::query_scalar("SELECT password_hash FROM users")
        .fetch_one(db.readers())
        .await
        .unwrap();
    assert!(server::auth::verify_password(password, Some(hash), "x".into()).await);

    let again = std::process::Command::new(env!("CARGO_BIN_EXE_partnerdesk"))
        .args(["create-partner", "--database", &db_arg])
        .args([
            "--name",
            "Dup",
            "--instance",
            "global",
            "--program",
            "direct-reseller",
            "--email-domain",
            "d.example",
            "--admin-email",
            "root@contoso-reseller.example",
            "--admin-name",
            "Dup",
        ])
        .output()
        .unwrap();
    assert!(
        !again.status.success(),
        "an existing admin e-mail is refused"
    );
}

#[tokio::test]
async fn responses_carry_a_csp_that_allows_only_this_app() {
    let app = spawn_app().await;
    let response = app.get("/customers").await;
    let csp = response.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    // The hash is the inline loader's in index.html.
    use base64::Engine;
    use sha2::Digest;
    let script = "import init from '/app.js'; await init();";
    let expected =
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script.as_bytes()));
    assert!(csp.contains(&expected), "{csp}");
}

#[tokio::test]
async fn the_csp_follows_a_rebuilt_index_html() {
    let app = spawn_app().await;
    let before = app.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    // Make sure the file's modification time moves on coarse-grained file systems.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    std::fs::write(app.dist.join("index.html"), "<!doctype html><script type=\"module\">import init from '/app-2.js'; await init();</script>").unwrap();
    let after = app.get("/").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert_ne!(before, after);
    use base64::Engine;
    use sha2::Digest;
    let expected = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(
        b"import init from '/app-2.js'; await init();",
    ));
    assert!(after.contains(&expected), "{after}");
}

#[tokio::test]
async fn a_hash_made_with_older_parameters_is_renewed_at_sign_in() {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let app = spawn_app().await;
    let email = "mei.chen@northwind.example";
    let stored = || async {
        sqlx::query_scalar::<_, String>("SELECT password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(app.db.readers())
            .await
            .unwrap()
    };
    // What an earlier version stored: the argon2 crate's default parameters (19 MiB, 2 passes).
    let older = argon2::Argon2::default()
        .hash_password(DEMO_PASSWORD.as_bytes(), &SaltString::generate(&mut OsRng))
        .unwrap()
        .to_string();
    sqlx::query("UPDATE users SET password_hash = $1 WHERE email = $2")
        .bind(&older)
        .bind(email)
        .execute(app.db.readers())
        .await
        .unwrap();

    let wrong = app.sign_in(email, "not the password").await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(stored().await, older, "a failed sign-in changes nothing");

    client_as(&app.base, email).await;
    let renewed = stored().await;
    assert!(
        renewed.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"),
        "{renewed}"
    );
    client_as(&app.base, email).await;
    assert_eq!(stored().await, renewed, "renewed once");
}

#[tokio::test]
async fn the_session_question_answers_200_signed_in_or_not() {
    let app = spawn_app().await;
    let browser = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let session = |client: &reqwest::Client| client.get(app.url("/api/session")).send();

    let signed_out = session(&browser).await.unwrap();
    assert_eq!(
        signed_out.status(),
        200,
        "no failed request on a signed-out first screen"
    );
    assert_eq!(signed_out.json::<Value>().await.unwrap(), Value::Null);

    let signed_in = browser
        .post(app.url("/api/session"))
        .json(&json!({"email": ADMIN, "password": DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
    let me: Value = session(&browser).await.unwrap().json().await.unwrap();
    assert_eq!(me["user"]["email"], ADMIN);
    assert_eq!(
        me,
        browser
            .get(app.url("/api/me"))
            .send()
            .await
            .unwrap()
            .json::<Value>()
            .await
            .unwrap(),
        "the same answer as /api/me"
    );

    assert_eq!(status(browser.delete(app.url("/api/session"))).await, 204);
    let ended = session(&browser).await.unwrap();
    assert_eq!(ended.status(), 200);
    assert_eq!(ended.json::<Value>().await.unwrap(), Value::Null);
}
