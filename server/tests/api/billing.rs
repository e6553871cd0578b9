//! Billing through the API: markups (the partner's, a customer's own), a month's report per
//! customer and currency, its invoice lines as CSV — and the figures adding up: every total is
//! recomputed here from the ledger rows, with the markup rounding written out apart from the
//! server's.

use crate::helpers::{spawn_app, valid_customer, TestApp};
use crate::subscriptions::{active_customer, charges, minor, order};
use serde_json::{json, Value};
use std::collections::BTreeMap;

async fn put_json(app: &TestApp, path: &str, body: Value) -> (u16, Value) {
    let response = app
        .client
        .put(app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// `amount × (10000 + bp) / 10000`, rounded half away from zero, in floating point (the server
/// works in integers).
fn marked_up(amount: i64, bp: i64) -> i64 {
    let exact = amount as f64 * (10_000 + bp) as f64 / 10_000.0;
    exact.abs().round().copysign(exact) as i64
}

async fn swiss_customer(app: &TestApp, prefix: &str) -> String {
    let mut form = valid_customer(prefix);
    form["country"] = json!("CH");
    form["state"] = json!("");
    form["postal_code"] = json!("8001");
    form["city"] = json!("Zürich");
    form["address_line1"] = json!("Bahnhofstrasse 1");
    let response = app.post_json("/api/customers", &form).await;
    assert_eq!(response.status(), 201, "{:?}", response.text().await);
    let created: Value = response.json().await.unwrap();
    created["customer"]["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn a_months_billing_adds_up_from_the_ledger_with_each_rows_markup() {
    let app = spawn_app().await;
    // Markups: the partner's, then one customer's own; refusals per field.
    for (bad, code) in [
        ("100.5", "out_of_range"),
        ("-1", "invalid_format"),
        ("", "required"),
        ("1.234", "invalid_format"),
    ] {
        let (status, body) = put_json(&app, "/api/billing/markup", json!({"markup": bad})).await;
        assert_eq!(
            (status, body["fields"]["markup"]["code"].as_str()),
            (422, Some(code)),
            "{bad}"
        );
    }
    let (status, report) = put_json(&app, "/api/billing/markup", json!({"markup": "12.5"})).await;
    assert_eq!((status, report["markup"].as_str()), (200, Some("12.5")));

    let plain = active_customer(&app, "billplain").await;
    let own = active_customer(&app, "billown").await;
    let swiss = swiss_customer(&app, "billswiss").await;
    let (status, billing) = put_json(
        &app,
        &format!("/api/customers/{own}/markup"),
        json!({"markup": "20"}),
    )
    .await;
    assert_eq!(
        (
            status,
            billing["markup"].as_str(),
            billing["markup_override"].as_str()
        ),
        (200, Some("20"), Some("20"))
    );

    let e3 =
        json!({"offer": "CFQ7TTC0LFLX", "term": "P1Y", "billing_cycle": "monthly", "quantity": 3});
    let basic =
        json!({"offer": "CFQ7TTC0LH18", "term": "P1M", "billing_cycle": "monthly", "quantity": 7});
    for customer in [&plain, &own, &swiss] {
        assert_eq!(order(&app, customer, e3.clone()).await.0, 201);
        assert_eq!(order(&app, customer, basic.clone()).await.0, 201);
    }
    // More seats on one: a pro-rata row of its own.
    let subs: Vec<Value> = app
        .get(&format!("/api/customers/{plain}/subscriptions"))
        .await
        .json()
        .await
        .unwrap();
    let first = subs[0]["id"].as_str().unwrap();
    let response = app
        .post_json(
            &format!("/api/customers/{plain}/subscriptions/{first}/quantity"),
            &json!({"quantity": 4}),
        )
        .await;
    assert_eq!(response.status(), 200);
    // A later markup changes nothing already charged.
    let (status, _) = put_json(&app, "/api/billing/markup", json!({"markup": "5"})).await;
    assert_eq!(status, 200);

    // The ledger, with the markup each row was charged under.
    let mut expected: BTreeMap<String, (String, i64, i64)> = BTreeMap::new();
    for (customer, bp) in [(&plain, 1250), (&own, 2000), (&swiss, 1250)] {
        for charge in charges(&app, customer).await {
            let amount = minor(&charge["amount"]);
            assert_eq!(minor(&charge["price"]), marked_up(amount, bp), "{charge}");
            let entry = expected.entry(customer.to_string()).or_insert((
                charge["amount"]["currency"].as_str().unwrap().to_string(),
                0,
                0,
            ));
            entry.1 += amount;
            entry.2 += marked_up(amount, bp);
        }
    }
    assert_eq!(expected[&swiss].0, "CHF");
    assert_eq!(expected[&plain].0, "USD");

    let report: Value = app.get("/api/billing").await.json().await.unwrap();
    assert_eq!(report["markup"], "5");
    assert_eq!(report["total_rows"], 3);
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 3);
    // The plan for large months (walking the customers in name order) answers the same page.
    server::store::billing::WALK_CUSTOMERS_FROM.store(0, std::sync::atomic::Ordering::Relaxed);
    let walked: Value = app.get("/api/billing").await.json().await.unwrap();
    server::store::billing::WALK_CUSTOMERS_FROM.store(2_000, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(walked, report);
    let mut per_currency: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for row in rows {
        let id = row["customer_id"].as_str().unwrap();
        let (currency, cost, price) = &expected[id];
        assert_eq!(row["cost"], json!({"minor": cost, "currency": currency}));
        assert_eq!(row["price"], json!({"minor": price, "currency": currency}));
        assert_eq!(minor(&row["margin"]), price - cost);
        let total = per_currency.entry(currency.clone()).or_default();
        total.0 += cost;
        total.1 += price;
    }
    let totals: Vec<(String, i64, i64, i64)> = report["totals"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["cost"]["currency"].as_str().unwrap().to_string(),
                minor(&t["cost"]),
                minor(&t["price"]),
                minor(&t["margin"]),
            )
        })
        .collect();
    let recomputed: Vec<(String, i64, i64, i64)> = per_currency
        .iter()
        .map(|(c, (cost, price))| (c.clone(), *cost, *price, price - cost))
        .collect();
    assert_eq!(totals, recomputed);

    // The invoice lines add up to the same totals; headers in the asked language.
    let response = app
        .get("/api/billing/invoice-lines.csv?lang=zh-CN&encoding=utf-8")
        .await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "公司");
    let column = |name: &str| {
        headers
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {headers:?}"))
    };
    let (currency, cost, price) = (column("币种"), column("成本（标价）"), column("客户价格"));
    let cents = |s: &str| -> i64 { s.replace('.', "").parse().unwrap() };
    let mut from_lines: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    let mut lines = 0;
    for record in reader.records() {
        let record = record.unwrap();
        let total = from_lines.entry(record[currency].to_string()).or_default();
        total.0 += cents(&record[cost]);
        total.1 += cents(&record[price]);
        lines += 1;
    }
    assert_eq!(lines, 7);
    assert_eq!(from_lines, per_currency);

    // Past months are empty; a bad month is a 400.
    let empty: Value = app
        .get("/api/billing?month=2020-01")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            empty["total_rows"].as_u64(),
            empty["rows"].as_array().map(Vec::len)
        ),
        (Some(0), Some(0))
    );
    assert_eq!(app.get("/api/billing?month=2020-13").await.status(), 400);

    // A customer's own markup removed: the partner's again. Audited, both.
    let (status, billing) = put_json(
        &app,
        &format!("/api/customers/{own}/markup"),
        json!({"markup": ""}),
    )
    .await;
    assert_eq!(
        (
            status,
            billing["markup"].as_str(),
            &billing["markup_override"]
        ),
        (200, Some("5"), &Value::Null)
    );
    let log: Value = app
        .get("/api/audit?action=billing.markup-changed")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(log["items"].as_array().map(Vec::len), Some(4), "{log}");
}

/// The month's totals are kept as charges are made, not summed when read: orders racing for a
/// customer's first charge of the month count the customer once, and the totals still equal the
/// ledger's sum.
#[tokio::test]
async fn racing_first_orders_count_each_customer_once_in_the_months_totals() {
    let app = spawn_app().await;
    let customers = [
        active_customer(&app, "racebill1").await,
        active_customer(&app, "racebill2").await,
    ];
    let app = &app;
    let orders = customers.iter().flat_map(|customer| {
        (1..=4).map(move |seats| async move {
            let body = json!({"offer": "CFQ7TTC0LH18", "term": "P1M", "billing_cycle": "monthly",
                "quantity": seats});
            order(app, customer, body).await.0
        })
    });
    let statuses = futures_util::future::join_all(orders).await;
    assert_eq!(statuses, vec![201; 8]);

    let mut ledger = 0;
    for customer in &customers {
        ledger += charges(app, customer)
            .await
            .iter()
            .map(|c| minor(&c["amount"]))
            .sum::<i64>();
    }
    let report: Value = app.get("/api/billing").await.json().await.unwrap();
    assert_eq!(report["total_rows"], 2, "{report}");
    assert_eq!(report["rows"].as_array().map(Vec::len), Some(2));
    assert_eq!(minor(&report["totals"][0]["cost"]), ledger, "{report}");
    let rows_cost: i64 = report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| minor(&r["cost"]))
        .sum();
    assert_eq!(rows_cost, ledger);
}
