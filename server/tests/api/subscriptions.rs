//! Selling subscriptions and new commerce's rules through the API, with the server's clock moved
//! (`POST /api/test-clock`) instead of rows edited: the 7-day window, pro-rata charges and
//! refunds, renewal and expiry by the sweep, suspended subscriptions still billed, idempotent
//! orders under concurrency. Amounts are recomputed here with plain arithmetic, not the
//! server's rules.

use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};

async fn answer(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, body)
}

pub async fn active_customer(app: &TestApp, prefix: &str) -> String {
    let created = app.create_customer(prefix).await;
    created["customer"]["id"].as_str().unwrap().to_string()
}

pub async fn order(app: &TestApp, customer: &str, body: Value) -> (u16, Value) {
    answer(
        app.post_json(&format!("/api/customers/{customer}/subscriptions"), &body)
            .await,
    )
    .await
}

async fn act(app: &TestApp, customer: &str, sub: &str, action: &str, body: Value) -> (u16, Value) {
    answer(
        app.post_json(
            &format!("/api/customers/{customer}/subscriptions/{sub}/{action}"),
            &body,
        )
        .await,
    )
    .await
}

/// A customer's ledger, oldest first.
pub async fn charges(app: &TestApp, customer: &str) -> Vec<Value> {
    let response = app.get(&format!("/api/customers/{customer}/billing")).await;
    assert_eq!(response.status(), 200);
    let billing: Value = response.json().await.unwrap();
    let mut rows: Vec<Value> = serde_json::from_value(billing["charges"].clone()).unwrap();
    rows.reverse();
    rows
}

pub fn minor(v: &Value) -> i64 {
    v["minor"].as_i64().unwrap()
}

/// Days between two `YYYY-MM-DD` dates, by the proleptic Gregorian calendar (computed here
/// apart from the server's calendar code).
fn days_between(a: &str, b: &str) -> i64 {
    fn ordinal(s: &str) -> i64 {
        let p: Vec<i64> = s.split('-').map(|x| x.parse().unwrap()).collect();
        let (mut y, m, d) = (p[0], p[1], p[2]);
        let m = if m <= 2 {
            y -= 1;
            m + 12
        } else {
            m
        };
        365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d
    }
    ordinal(b) - ordinal(a)
}

/// `amount × part / whole`, rounded half away from zero.
fn share(amount: i64, part: i64, whole: i64) -> i64 {
    let exact = amount as f64 * part as f64 / whole as f64;
    exact.abs().round().copysign(exact) as i64
}

#[tokio::test]
async fn an_order_is_priced_in_the_customers_currency_and_charges_its_first_period() {
    let app = spawn_app().await;
    let customer = active_customer(&app, "ordering").await;
    let body =
        json!({"offer": "CFQ7TTC0LDPB", "term": "P1Y", "billing_cycle": "monthly", "quantity": 20});
    let response = app
        .post_json(&format!("/api/customers/{customer}/subscriptions"), &body)
        .await;
    assert_eq!(response.status(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_string();
    let sub: Value = response.json().await.unwrap();
    assert_eq!(
        location,
        format!(
            "/api/customers/{customer}/subscriptions/{}",
            sub["id"].as_str().unwrap()
        )
    );
    assert_eq!(sub["offer"], "Microsoft 365 Business Standard");
    assert_eq!(sub["status"], "active");
    assert_eq!(sub["auto_renew"], true);
    assert_eq!(sub["seat_price"], json!({"minor": 1250, "currency": "USD"}));
    assert_eq!(
        sub["period_total"],
        json!({"minor": 25000, "currency": "USD"})
    );
    assert_eq!(sub["change_window"]["state"], "open");
    let starts = sub["term_starts_on"].as_str().unwrap();
    let renews = sub["renews_on"].as_str().unwrap();
    assert!(
        (365..=366).contains(&days_between(starts, renews)),
        "{starts} → {renews}"
    );

    let ledger = charges(&app, &customer).await;
    assert_eq!(ledger.len(), 1);
    assert_eq!(ledger[0]["kind"], "purchase");
    assert_eq!(minor(&ledger[0]["amount"]), 25_000);
    assert_eq!(ledger[0]["charged_on"], starts);

    // The shared rules' refusals, per field.
    let (status, body) = order(
        &app,
        &customer,
        json!({"offer": "CFQ7TTC0LDPB", "term": "P3Y", "billing_cycle": "triennial", "quantity": 301}),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["fields"]["term"]["code"], "not_in_list");
    assert_eq!(
        body["fields"]["quantity"],
        json!({"code": "out_of_range", "min": 1, "max": 300})
    );
    let (status, body) = order(
        &app,
        &customer,
        json!({"offer": "21V-O365-E1", "term": "P1Y", "billing_cycle": "monthly", "quantity": 1}),
    )
    .await;
    assert_eq!(
        (status, &body["fields"]["offer"]["code"]),
        (422, &json!("not_allowed_in_instance"))
    );
    let (status, body) = order(
        &app,
        &customer,
        json!({"offer": "CFQ7TTC0LFLX", "term": "P1M", "billing_cycle": "annual", "quantity": 1}),
    )
    .await;
    assert_eq!(
        (status, &body["fields"]["billing_cycle"]["code"]),
        (422, &json!("not_in_list"))
    );
    // Not the expected JSON: 400.
    let (status, _) = order(
        &app,
        &customer,
        json!({"offer": "CFQ7TTC0LFLX", "term": "P2Y", "billing_cycle": "monthly", "quantity": 1}),
    )
    .await;
    assert_eq!(status, 400);
    let (status, _) = order(
        &app,
        &customer,
        json!({"offer": "CFQ7TTC0LFLX", "term": "P1Y", "billing_cycle": "monthly", "quantity": -1}),
    )
    .await;
    assert_eq!(status, 400);

    // An invited customer can't be sold to.
    let invitation = app.invite("orderinvited").await;
    let invited = invitation["customer_id"].as_str().unwrap();
    let (status, body) = order(
        &app,
        invited,
        json!({"offer": "CFQ7TTC0LFLX", "term": "P1Y", "billing_cycle": "monthly", "quantity": 1}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("customer_not_active"))
    );

    // The offers the partner's cloud sells, with prices per currency.
    let offers: Vec<Value> = app.get("/api/offers").await.json().await.unwrap();
    assert!(offers.len() >= 25);
    assert!(offers
        .iter()
        .all(|o| !o["id"].as_str().unwrap().starts_with("21V-")));
}

#[tokio::test]
async fn a_retried_order_with_its_key_orders_once_even_when_the_retries_race() {
    let app = spawn_app().await;
    let customer = active_customer(&app, "idemorder").await;
    let body =
        json!({"offer": "CFQ7TTC0LFLX", "term": "P1Y", "billing_cycle": "annual", "quantity": 7});
    let url = app.url(&format!("/api/customers/{customer}/subscriptions"));
    let attempts = (0..6).map(|_| {
        app.client
            .post(&url)
            .header("Idempotency-Key", "order-7-e3")
            .json(&body)
            .send()
    });
    let responses = futures_util::future::join_all(attempts).await;
    let mut ids = Vec::new();
    let mut replayed = 0;
    for response in responses {
        let response = response.unwrap();
        assert_eq!(response.status(), 201);
        if response.headers().contains_key("idempotent-replayed") {
            replayed += 1;
        }
        let sub: Value = response.json().await.unwrap();
        ids.push(sub["id"].as_str().unwrap().to_string());
    }
    ids.dedup();
    assert_eq!(ids.len(), 1, "one subscription for one key: {ids:?}");
    assert_eq!(replayed, 5);
    let subs: Vec<Value> = app
        .get(&format!("/api/customers/{customer}/subscriptions"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(subs.len(), 1);
    assert_eq!(charges(&app, &customer).await.len(), 1);

    // The same key for another order is refused.
    let other =
        json!({"offer": "CFQ7TTC0LFLX", "term": "P1Y", "billing_cycle": "annual", "quantity": 8});
    let response = app
        .client
        .post(&url)
        .header("Idempotency-Key", "order-7-e3")
        .json(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 409);
}

#[tokio::test]
async fn seats_go_up_any_time_and_down_only_within_seven_days_then_the_term_renews() {
    let app = spawn_app().await;
    let customer = active_customer(&app, "ncewindow").await;
    let (status, sub) = order(
        &app,
        &customer,
        json!({"offer": "CFQ7TTC0LFLX", "term": "P1Y", "billing_cycle": "monthly", "quantity": 10}),
    )
    .await;
    assert_eq!(status, 201);
    let id = sub["id"].as_str().unwrap().to_string();
    let starts = sub["term_starts_on"].as_str().unwrap().to_string();
    let renews = sub["renews_on"].as_str().unwrap().to_string();

    // Same day: +5 seats cost a whole period each; -3 within the window are refunded whole.
    let (status, sub) = act(&app, &customer, &id, "quantity", json!({"quantity": 15})).await;
    assert_eq!((status, sub["quantity"].as_u64()), (200, Some(15)));
    let (status, sub) = act(&app, &customer, &id, "quantity", json!({"quantity": 12})).await;
    assert_eq!((status, sub["quantity"].as_u64()), (200, Some(12)));
    let (status, body) = act(&app, &customer, &id, "quantity", json!({"quantity": 0})).await;
    assert_eq!(
        (status, &body["fields"]["quantity"]["code"]),
        (422, &json!("out_of_range"))
    );

    // Eight days on: the window has closed; fewer seats and cancelling are refused with the
    // day it opens again (the renewal).
    let moved = app.move_clock(8).await;
    let today = moved["today"].as_str().unwrap().to_string();
    let (status, body) = act(&app, &customer, &id, "quantity", json!({"quantity": 11})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("change_window_closed"))
    );
    assert_eq!(body["reopens_on"], renews.as_str());
    let (status, body) = act(&app, &customer, &id, "cancel", json!({})).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("change_window_closed"))
    );
    let subs: Vec<Value> = app
        .get(&format!("/api/customers/{customer}/subscriptions"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        subs[0]["change_window"],
        json!({"state": "closed", "reopens_on": renews})
    );
    // More seats are still fine: charged for the rest of the month only.
    let (status, _) = act(&app, &customer, &id, "quantity", json!({"quantity": 14})).await;
    assert_eq!(status, 200);
    // Auto-renew off: no window will open again.
    let (status, sub) = act(
        &app,
        &customer,
        &id,
        "auto-renew",
        json!({"auto_renew": false}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        sub["change_window"],
        json!({"state": "closed", "reopens_on": null})
    );
    let (status, _) = act(
        &app,
        &customer,
        &id,
        "auto-renew",
        json!({"auto_renew": true}),
    )
    .await;
    assert_eq!(status, 200);

    // To the renewal day: the sweep charged each month of the term and renewed it; the window
    // is open again and a cancellation refunds the new term's first month whole.
    let to_renewal = days_between(&today, &renews);
    let moved = app.move_clock(u16::try_from(to_renewal).unwrap()).await;
    assert_eq!(moved["today"], renews.as_str());
    assert_eq!(moved["subscriptions"]["renewed"], 1);
    assert_eq!(moved["subscriptions"]["periods_charged"], 11);
    let subs: Vec<Value> = app
        .get(&format!("/api/customers/{customer}/subscriptions"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(subs[0]["term_starts_on"], renews.as_str());
    assert_eq!(subs[0]["change_window"]["state"], "open");
    let (status, sub) = act(&app, &customer, &id, "cancel", json!({})).await;
    assert_eq!((status, sub["status"].as_str()), (200, Some("cancelled")));

    // The ledger, recomputed: E3 is 36.00 a seat and month on an annual term.
    let seat = 3600;
    let ledger = charges(&app, &customer).await;
    let kinds: Vec<&str> = ledger.iter().map(|c| c["kind"].as_str().unwrap()).collect();
    let mut expected = vec!["purchase", "increase", "refund", "increase"];
    expected.extend(std::iter::repeat_n("period", 11));
    expected.extend(["renewal", "refund"]);
    assert_eq!(kinds, expected);
    // The first month: from `starts` to one month later.
    let first_month_end = ledger[0]["period_end"].as_str().unwrap();
    let month_days = days_between(&starts, first_month_end);
    let day8_left = days_between(&today, first_month_end);
    let amounts: Vec<i64> = ledger.iter().map(|c| minor(&c["amount"])).collect();
    assert_eq!(amounts[0], 10 * seat);
    assert_eq!(amounts[1], 5 * seat);
    assert_eq!(amounts[2], -3 * seat);
    assert_eq!(amounts[3], share(2 * seat, day8_left, month_days));
    assert!(
        amounts[4..15].iter().all(|a| *a == 14 * seat),
        "{amounts:?}"
    );
    assert_eq!(amounts[15], 14 * seat);
    assert_eq!(amounts[16], -14 * seat);
    assert!(ledger.iter().all(|c| c["amount"]["currency"] == "USD"));

    // The renewal is the system's doing in the audit log.
    let audit: Value = app
        .get(&format!("/api/audit?customer={customer}"))
        .await
        .json()
        .await
        .unwrap();
    let text = audit.to_string();
    assert!(text.contains("subscription.renewed"), "{text}");
    assert!(text.contains("subscription.ordered"), "{text}");

    // Everything cancelled: the relationship may end.
    let (status, _) = answer(
        app.post_json(
            &format!("/api/customers/{customer}/end"),
            &json!({"reason": "customer-request"}),
        )
        .await,
    )
    .await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn a_term_without_auto_renew_expires_and_a_suspended_one_is_still_billed() {
    let app = spawn_app().await;
    let customer = active_customer(&app, "expiring").await;
    let (_, monthly) = order(
        &app,
        &customer,
        json!({"offer": "CFQ7TTC0LH18", "term": "P1M", "billing_cycle": "monthly", "quantity": 3, "auto_renew": false}),
    )
    .await;
    // A monthly term costs a fifth more: 6.00 × 1.2 = 7.20 a seat.
    assert_eq!(monthly["seat_price"]["minor"], 720);
    let (_, annual) = order(
        &app,
        &customer,
        json!({"offer": "CFQ7TTC0LFLX", "term": "P1Y", "billing_cycle": "monthly", "quantity": 2}),
    )
    .await;
    let annual_id = annual["id"].as_str().unwrap();
    let (status, sub) = act(&app, &customer, annual_id, "suspend", json!({})).await;
    assert_eq!((status, sub["status"].as_str()), (200, Some("suspended")));
    let (status, body) = act(
        &app,
        &customer,
        annual_id,
        "quantity",
        json!({"quantity": 3}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("subscription_not_changeable"))
    );

    let moved = app.move_clock(32).await;
    assert_eq!(moved["subscriptions"]["expired"], 1);
    let subs: Vec<Value> = app
        .get(&format!("/api/customers/{customer}/subscriptions"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(subs[0]["status"], "expired");
    assert_eq!(subs[1]["status"], "suspended");
    let ledger = charges(&app, &customer).await;
    let of = |id: &str| -> Vec<String> {
        ledger
            .iter()
            .filter(|c| c["subscription_id"] == id)
            .map(|c| c["kind"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(of(monthly["id"].as_str().unwrap()), ["purchase"]);
    assert_eq!(
        of(annual_id),
        ["purchase", "period"],
        "suspended, still billed"
    );
    let (status, body) = act(
        &app,
        &customer,
        monthly["id"].as_str().unwrap(),
        "cancel",
        json!({}),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("subscription_not_changeable"))
    );
    let (status, sub) = act(&app, &customer, annual_id, "resume", json!({})).await;
    assert_eq!((status, sub["status"].as_str()), (200, Some("active")));
    // A subscription of another customer (or none) is not found.
    let other = active_customer(&app, "elsewhere").await;
    let (status, _) = act(&app, &other, annual_id, "suspend", json!({})).await;
    assert_eq!(status, 404);
}
