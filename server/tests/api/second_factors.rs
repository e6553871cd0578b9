//! Multi-factor sign-in through the API: enrolment, the second step (authenticator codes with
//! drift and without replay, recovery codes), its throttle under concurrency, the partner's
//! requirement, and an administrator's reset. Codes are computed here with HMAC-SHA-1 as RFC
//! 6238 describes it, not with the server's TOTP crate.

use crate::helpers::{client_as, spawn_app, status, tally, TestApp, ADMIN};
use hmac::{Hmac, Mac};
use serde_json::{json, Value};

const SAM: &str = "sam.taylor@northwind.example";

/// RFC 6238 / RFC 4226: HMAC-SHA-1 of the big-endian step, dynamic truncation, 6 digits.
fn code_at(secret_base32: &str, step: u64) -> String {
    let secret = base32::decode(base32::Alphabet::Rfc4648 { padding: false }, secret_base32)
        .expect("a base32 secret");
    let mut mac = Hmac::<sha1::Sha1>::new_from_slice(&secret).unwrap();
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let binary = u32::from_be_bytes(digest[offset..offset + 4].try_into().unwrap()) & 0x7fff_ffff;
    format!("{:06}", binary % 1_000_000)
}

/// The current 30-second step, once at least 4 seconds of it are left (so the server, asked a
/// moment later, is in the same step).
async fn steady_step() -> u64 {
    loop {
        let now = time::OffsetDateTime::now_utc().unix_timestamp() as u64;
        if 30 - now % 30 >= 4 {
            return now / 30;
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

async fn post(client: &reqwest::Client, url: String, body: Value) -> (u16, Value) {
    let response = client.post(url).json(&body).send().await.unwrap();
    let code = response.status().as_u16();
    (code, response.json().await.unwrap_or(Value::Null))
}

/// A fresh sign-in of `email` with the demo password: the client and the answer's step.
async fn sign_in(app: &TestApp, email: &str) -> (reqwest::Client, String) {
    let client = client_as(&app.base, email).await;
    let me: Value = client
        .get(app.url("/api/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (client, me["sign_in_step"].as_str().unwrap().to_string())
}

/// Enrols an authenticator for `client`'s user with the code of `step_offset` steps from now;
/// answers the secret and the recovery codes.
async fn enrol(app: &TestApp, client: &reqwest::Client, step_offset: i64) -> (String, Vec<String>) {
    let (code, setup) = post(client, app.url("/api/me/authenticator"), json!({})).await;
    assert_eq!(code, 201, "{setup}");
    let secret = setup["secret"].as_str().unwrap().to_string();
    let step = steady_step().await as i64 + step_offset;
    let (code, body) = post(
        client,
        app.url("/api/me/authenticator/confirm"),
        json!({"code": code_at(&secret, step as u64)}),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let codes = body["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect();
    (secret, codes)
}

fn field_code(body: &Value) -> &str {
    body["fields"]["code"]["code"].as_str().unwrap_or("")
}

#[tokio::test]
async fn enrolment_shows_a_qr_code_and_the_key_once_and_asks_for_a_first_code() {
    let app = spawn_app().await;
    let (code, setup) = post(&app.client, app.url("/api/me/authenticator"), json!({})).await;
    assert_eq!(code, 201);
    let secret = setup["secret"].as_str().unwrap();
    assert_eq!(secret.len(), 32, "160 bits in base32");
    let uri = setup["otpauth_uri"].as_str().unwrap();
    assert!(
        uri.starts_with("otpauth://totp/PartnerDesk:alex.wu%40northwind.example?secret=")
            && uri.contains(secret)
            && uri.contains("digits=6")
            && uri.contains("period=30"),
        "{uri}"
    );
    assert!(setup["qr_svg"].as_str().unwrap().starts_with("<?xml"));

    // The secret is stored sealed, not as the key the app was shown.
    let stored: Option<String> =
        sqlx::query_scalar("SELECT authenticator_pending FROM users WHERE email = $1")
            .bind(ADMIN)
            .fetch_one(app.db.readers())
            .await
            .unwrap();
    let stored = stored.unwrap();
    assert!(stored.starts_with("v1:") && !stored.contains(secret));

    // A first code that is wrong, or not six digits.
    let confirm = app.url("/api/me/authenticator/confirm");
    let step = steady_step().await;
    let wrong = format!(
        "{:06}",
        (code_at(secret, step).parse::<u32>().unwrap() + 1) % 1_000_000
    );
    let (code, body) = post(&app.client, confirm.clone(), json!({"code": wrong})).await;
    assert_eq!((code, field_code(&body)), (422, "incorrect"), "{body}");
    let (code, body) = post(&app.client, confirm.clone(), json!({"code": "12345"})).await;
    assert_eq!((code, field_code(&body)), (422, "invalid_format"), "{body}");
    let (code, body) = post(&app.client, confirm.clone(), json!({"code": 123456})).await;
    assert_eq!(code, 400, "not the expected JSON: {body}");

    let (code, body) = post(
        &app.client,
        confirm.clone(),
        json!({"code": code_at(secret, step)}),
    )
    .await;
    assert_eq!(code, 200, "{body}");
    let codes = body["codes"].as_array().unwrap();
    assert_eq!(codes.len(), 10);
    for code in codes {
        let code = code.as_str().unwrap();
        assert_eq!(code.len(), 19, "abcd-efgh-ijkl-mnop: {code}");
    }

    // Enrolled: the status says so without any secret; a second enrolment is refused.
    let status_body: Value = app
        .get("/api/me/second-factors")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        status_body,
        json!({"authenticator": true, "passkeys": [], "recovery_codes_left": 10, "required": false})
    );
    let (code, body) = post(&app.client, app.url("/api/me/authenticator"), json!({})).await;
    assert_eq!(
        (code, body["code"].as_str()),
        (409, Some("authenticator_enrolled"))
    );
    let users: Value = app.get("/api/users").await.json().await.unwrap();
    let me = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == ADMIN)
        .unwrap();
    assert_eq!(me["second_factor"], true);
    assert!(!users.to_string().contains(secret));
    let audit: Value = app.get("/api/audit").await.json().await.unwrap();
    assert!(
        audit.to_string().contains("user.authenticator-enrolled"),
        "{audit}"
    );
}

#[tokio::test]
async fn a_user_with_an_authenticator_passes_the_second_step_before_anything_else() {
    let app = spawn_app().await;
    // Enrolled with the code of the step before this one: one step of drift back is accepted.
    let (secret, _) = enrol(&app, &app.client, -1).await;

    let (client, step) = sign_in(&app, ADMIN).await;
    assert_eq!(step, "second_factor");
    let refused = client.get(app.url("/api/customers")).send().await.unwrap();
    assert_eq!(refused.status(), 403);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(body["code"], "second_factor_required");
    assert_eq!(
        status(
            client
                .post(app.url("/api/me/authenticator"))
                .json(&json!({}))
        )
        .await,
        403,
        "a user who has a second factor can't set up another before passing it"
    );
    assert_eq!(
        status(client.post(app.url("/api/me/password")).json(&json!({
            "current_password": server::seed::DEMO_PASSWORD,
            "new_password": "another long password"
        })))
        .await,
        403
    );

    let now = steady_step().await;
    let verify = app.url("/api/session/second-factor");
    for (far, what) in [(now - 2, "two steps back"), (now + 2, "two steps ahead")] {
        let (code, body) = post(
            &client,
            verify.clone(),
            json!({"code": code_at(&secret, far)}),
        )
        .await;
        assert_eq!((code, field_code(&body)), (422, "incorrect"), "{what}");
    }
    // One step ahead is accepted (a phone's clock a little fast).
    let (code, me) = post(
        &client,
        verify.clone(),
        json!({"code": code_at(&secret, now + 1)}),
    )
    .await;
    assert_eq!(code, 200, "{me}");
    assert_eq!(me["sign_in_step"], "done");
    assert_eq!(status(client.get(app.url("/api/customers"))).await, 200);

    // The same code again, in another session: used already.
    let (other, _) = sign_in(&app, ADMIN).await;
    let (code, body) = post(
        &other,
        verify.clone(),
        json!({"code": code_at(&secret, now + 1)}),
    )
    .await;
    assert_eq!((code, field_code(&body)), (422, "incorrect"), "a replay");
    // And an earlier step's code after a later one was used: refused too.
    let (code, _) = post(
        &other,
        verify.clone(),
        json!({"code": code_at(&secret, now)}),
    )
    .await;
    assert_eq!(code, 422);
    assert_eq!(status(other.get(app.url("/api/customers"))).await, 403);
    // Signing out works from the second step.
    assert_eq!(status(other.delete(app.url("/api/session"))).await, 204);
}

#[tokio::test]
async fn two_sessions_racing_with_one_code_let_one_in() {
    let app = spawn_app().await;
    let (secret, _) = enrol(&app, &app.client, 0).await;
    let mut clients = Vec::new();
    // Five: the account's failure limit (a sixth would be throttled, not checked).
    for _ in 0..5 {
        clients.push(sign_in(&app, ADMIN).await.0);
    }
    let code = code_at(&secret, steady_step().await + 1);
    let verify = app.url("/api/session/second-factor");
    let answers = futures_util::future::join_all(clients.iter().map(|client| {
        let verify = verify.clone();
        let code = code.clone();
        async move {
            status(client.post(verify).json(&json!({"code": code})))
                .await
                .as_u16()
        }
    }))
    .await;
    assert_eq!(tally(&answers), [(200, 1), (422, 4)].into(), "{answers:?}");
}

#[tokio::test]
async fn recovery_codes_sign_in_once_each_and_can_be_made_anew() {
    let app = spawn_app().await;
    let (_, codes) = enrol(&app, &app.client, 0).await;
    let verify = app.url("/api/session/second-factor");

    let (client, _) = sign_in(&app, ADMIN).await;
    // As shown, or typed without hyphens in capitals.
    let typed = codes[3].replace('-', "").to_uppercase();
    let (code, me) = post(&client, verify.clone(), json!({"code": typed})).await;
    assert_eq!(code, 200, "{me}");
    assert_eq!(status(client.get(app.url("/api/customers"))).await, 200);
    let left: Value = client
        .get(app.url("/api/me/second-factors"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(left["recovery_codes_left"], 9);
    let audit: Value = app.get("/api/audit").await.json().await.unwrap();
    assert!(audit.to_string().contains("user.recovery-code-used"));

    let (again, _) = sign_in(&app, ADMIN).await;
    let (code, body) = post(&again, verify.clone(), json!({"code": codes[3]})).await;
    assert_eq!(
        (code, field_code(&body)),
        (422, "incorrect"),
        "used once already"
    );

    // New codes: the old ones stop working, the new ones work.
    let (code, renewed) = post(&client, app.url("/api/me/recovery-codes"), json!({})).await;
    assert_eq!(code, 200);
    let renewed: Vec<&str> = renewed["codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(renewed.len(), 10);
    let (code, _) = post(&again, verify.clone(), json!({"code": codes[4]})).await;
    assert_eq!(code, 422, "an old code after renewal");
    let (code, _) = post(&again, verify.clone(), json!({"code": renewed[0]})).await;
    assert_eq!(code, 200);
}

#[tokio::test]
async fn the_second_step_is_throttled_whatever_the_concurrency() {
    let app = spawn_app().await;
    let (secret, _) = enrol(&app, &app.client, 0).await;
    let (client, _) = sign_in(&app, ADMIN).await;
    let verify = app.url("/api/session/second-factor");
    let answers = futures_util::future::join_all((0..30).map(|i| {
        let verify = verify.clone();
        let client = client.clone();
        async move {
            // Well-formed codes, none of them right (the right one is never among 30 fixed
            // guesses but could be by chance: it is checked apart below).
            status(
                client
                    .post(verify)
                    .json(&json!({"code": format!("{:06}", 100_000 + i)})),
            )
            .await
            .as_u16()
        }
    }))
    .await;
    let counts = tally(&answers);
    assert!(
        counts.get(&429).copied().unwrap_or(0) >= 25 && !counts.contains_key(&200),
        "at most 5 codes checked: {counts:?}"
    );
    // The right code is refused too until the window passes.
    let right = code_at(&secret, steady_step().await + 1);
    let response = client
        .post(verify)
        .json(&json!({"code": right}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn required_multi_factor_takes_everyone_to_enrolment_first() {
    let app = spawn_app().await;
    let policy = app.url("/api/partner/multi-factor");
    let (sam, _) = sign_in(&app, SAM).await;
    assert_eq!(
        status(sam.put(policy.clone()).json(&json!({"required": true}))).await,
        403,
        "global admins only"
    );
    assert_eq!(
        status(
            app.client
                .put(policy.clone())
                .json(&json!({"required": "yes"}))
        )
        .await,
        400
    );
    assert_eq!(
        status(
            app.client
                .put(policy.clone())
                .json(&json!({"required": true}))
        )
        .await,
        204
    );
    // (Read from the table: the admin's own session is at enrolment now.)
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'partner.multi-factor-changed'",
    )
    .fetch_one(app.db.readers())
    .await
    .unwrap();
    assert_eq!(audited, 1);

    // Sessions without a second factor now reach enrolment only — the admin's own too.
    for client in [&app.client, &sam] {
        let response = client.get(app.url("/api/customers")).send().await.unwrap();
        assert_eq!(response.status(), 403);
        let me: Value = client
            .get(app.url("/api/session"))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(me["sign_in_step"], "enrol_second_factor");
        assert_eq!(me["partner"]["multi_factor_required"], true);
    }
    let (fresh, step) = sign_in(&app, SAM).await;
    assert_eq!(step, "enrol_second_factor");
    enrol(&app, &fresh, 0).await;
    assert_eq!(status(fresh.get(app.url("/api/customers"))).await, 200);
    let me: Value = fresh
        .get(app.url("/api/session"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["sign_in_step"], "done");

    // Sam's next sign-in asks for the code.
    assert_eq!(sign_in(&app, SAM).await.1, "second_factor");
}

#[tokio::test]
async fn a_global_admin_resets_a_users_second_factors() {
    let app = spawn_app().await;
    let (sam, _) = sign_in(&app, SAM).await;
    enrol(&app, &sam, 0).await;
    let users: Value = app.get("/api/users").await.json().await.unwrap();
    let sam_id = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["email"] == SAM)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let reset = |id: &str| app.url(&format!("/api/users/{id}/second-factors/reset"));
    assert_eq!(status(sam.post(reset(&sam_id)).json(&json!({}))).await, 403);
    assert_eq!(
        status(
            app.client
                .post(reset(&app.ctx.user_id.to_string()))
                .json(&json!({}))
        )
        .await,
        409,
        "not one's own"
    );
    // Another partner's user is not found from here.
    let theirs: String = sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(crate::helpers::OTHER_ADMIN)
        .fetch_one(app.db.readers())
        .await
        .unwrap();
    assert_eq!(
        status(app.client.post(reset(&theirs)).json(&json!({}))).await,
        404
    );

    assert_eq!(
        status(app.client.post(reset(&sam_id)).json(&json!({}))).await,
        204
    );
    assert_eq!(
        status(sam.get(app.url("/api/customers"))).await,
        401,
        "the user's sessions end"
    );
    let (_, step) = sign_in(&app, SAM).await;
    assert_eq!(step, "done", "no second factor, none required");
    let users: Value = app.get("/api/users").await.json().await.unwrap();
    assert!(users.to_string().contains("\"second_factor\":false"));
    let audit: Value = app.get("/api/audit").await.json().await.unwrap();
    assert!(audit.to_string().contains("user.second-factors-reset"));
}

/// The passkey ceremonies themselves run in Chromium with its virtual authenticator (e2e); here,
/// what the API answers around them.
#[tokio::test]
async fn passkey_challenges_name_the_relying_party_and_answers_without_one_are_refused() {
    let app = spawn_app().await;
    let (code, challenge) = post(
        &app.client,
        app.url("/api/me/passkeys/challenge"),
        json!({}),
    )
    .await;
    assert_eq!(code, 200, "{challenge}");
    let options = &challenge["publicKey"];
    // A loopback server is its own relying party as `localhost` (browsers refuse IP addresses).
    assert_eq!(options["rp"]["id"], "localhost");
    assert_eq!(options["user"]["name"], ADMIN);
    assert!(options["challenge"].as_str().is_some_and(|c| c.len() >= 43));

    // A name is required; an answer that isn't a WebAuthn response is a malformed request.
    let add = app.url("/api/me/passkeys");
    let (code, body) = post(
        &app.client,
        add.clone(),
        json!({"name": " ", "credential": {}}),
    )
    .await;
    assert_eq!(
        (code, body["fields"]["name"]["code"].as_str()),
        (422, Some("required"))
    );
    let (code, _) = post(
        &app.client,
        add.clone(),
        json!({"name": "Laptop", "credential": {"id": 1}}),
    )
    .await;
    assert_eq!(code, 400);
    // A well-formed answer the library refuses (not this challenge's) uses the challenge up.
    let forged = json!({"id": "AAAA", "rawId": "AAAA", "type": "public-key",
        "response": {"attestationObject": "AAAA", "clientDataJSON": "AAAA"}});
    let (code, _) = post(
        &app.client,
        add.clone(),
        json!({"name": "Laptop", "credential": forged}),
    )
    .await;
    assert_eq!(code, 409);
    let (code, body) = post(
        &app.client,
        add.clone(),
        json!({"name": "Laptop", "credential": forged}),
    )
    .await;
    assert_eq!(code, 409, "no challenge any more: {body}");

    // No passkey yet: nothing to sign in with, nothing to remove.
    let (code, _) = post(
        &app.client,
        app.url("/api/session/passkey/challenge"),
        json!({}),
    )
    .await;
    assert_eq!(code, 409);
    assert_eq!(
        status(app.client.delete(app.url("/api/me/passkeys/bm9uZQ"))).await,
        404
    );
    let status_body: Value = app
        .get("/api/me/second-factors")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(status_body["passkeys"], json!([]));
}

#[tokio::test]
async fn a_password_reset_by_link_still_asks_for_the_second_factor() {
    let sink = crate::helpers::MailSink::start();
    let app =
        crate::helpers::spawn_app_full(server::auth::SessionPolicy::default(), sink.settings())
            .await;
    let (sam, _) = sign_in(&app, SAM).await;
    enrol(&app, &sam, 0).await;
    let asked = reqwest::Client::new()
        .post(app.url("/api/password-reset"))
        .json(&json!({"email": SAM}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 202);
    let token = crate::password_reset::reset_token_in(&sink.wait_for(1).await[0]);
    let done = reqwest::Client::new()
        .post(app.url("/api/password-reset/complete"))
        .json(&json!({"token": token, "new_password": "sam's brand new password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 204);
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let me: Value = client
        .post(app.url("/api/session"))
        .json(&json!({"email": SAM, "password": "sam's brand new password"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["sign_in_step"], "second_factor");
    assert_eq!(status(client.get(app.url("/api/customers"))).await, 403);
}
