//! Webhooks against a real receiver on loopback that verifies every delivery with the Standard
//! Webhooks reference library (`scripts/webhook_receiver.py`, PyPI `standardwebhooks`).

use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};
use std::time::Duration;
use tempfile::TempDir;

/// Adds an endpoint for the customer events; the answer carries its secret.
pub async fn add_endpoint(app: &TestApp, url: &str) -> Value {
    let response = app
        .post_json(
            "/api/webhooks",
            &json!({"url": url, "events": ["customer.created", "customer.updated"]}),
        )
        .await;
    assert_eq!(response.status(), 201);
    response.json().await.unwrap()
}

/// The receiver: a Python process writing each request it got, verified or not.
struct Receiver {
    port: u16,
    dir: TempDir,
    child: std::process::Child,
}

impl Receiver {
    fn start(fail_first: u32) -> Receiver {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/webhook_receiver.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg("--dir")
            .arg(dir.path())
            .arg("--fail-first")
            .arg(fail_first.to_string())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs scripts/webhook_receiver.py (scripts/test installs it)");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("receiver did not start (standardwebhooks?): {line:?}"));
        Receiver { port, dir, child }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/hook", self.port)
    }

    /// The secrets it verifies with (replacing the previous ones).
    fn trust(&self, secrets: &[&str]) {
        std::fs::write(self.dir.path().join("secrets"), secrets.join("\n")).unwrap();
    }

    /// The requests received so far, in order.
    fn requests(&self) -> Vec<Value> {
        let mut numbered: Vec<(u32, Value)> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .filter_map(|e| {
                let path = e.unwrap().path();
                let n = path
                    .file_name()?
                    .to_str()?
                    .strip_suffix(".json")?
                    .parse()
                    .ok()?;
                Some((
                    n,
                    serde_json::from_str(&std::fs::read_to_string(&path).ok()?).ok()?,
                ))
            })
            .collect();
        numbered.sort_by_key(|(n, _)| *n);
        numbered.into_iter().map(|(_, v)| v).collect()
    }

    /// Waits (up to `secs`) for a request whose body has this event type.
    async fn wait_for(&self, event: &str, secs: u64) -> Vec<Value> {
        for _ in 0..secs * 10 {
            let found: Vec<Value> = self
                .requests()
                .into_iter()
                .filter(|r| {
                    serde_json::from_str::<Value>(r["body"].as_str().unwrap_or_default())
                        .is_ok_and(|body| body["type"] == event)
                })
                .collect();
            if !found.is_empty() {
                return found;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no {event} within {secs} s: {:?}", self.requests());
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn body(request: &Value) -> Value {
    serde_json::from_str(request["body"].as_str().unwrap()).unwrap()
}

async fn deliveries(app: &TestApp, endpoint: &str) -> Vec<Value> {
    let response = app
        .get(&format!("/api/webhooks/{endpoint}/deliveries"))
        .await;
    assert_eq!(response.status(), 200);
    response.json().await.unwrap()
}

/// Waits until the endpoint's latest delivery of `event` is `status`.
async fn delivery_becomes(app: &TestApp, endpoint: &str, event: &str, status: &str) -> Value {
    for _ in 0..150 {
        let found = deliveries(app, endpoint)
            .await
            .into_iter()
            .find(|d| d["event_type"] == event);
        if let Some(delivery) = found.filter(|d| d["status"] == status) {
            return delivery;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "{event} never became {status}: {:?}",
        deliveries(app, endpoint).await
    );
}

#[tokio::test]
async fn a_change_reaches_the_endpoint_signed_as_standard_webhooks_say() {
    let app = spawn_app().await;
    let receiver = Receiver::start(0);
    let created = add_endpoint(&app, &receiver.url()).await;
    let secret = created["secret"].as_str().unwrap();
    assert!(secret.starts_with("whsec_"), "{secret}");
    let endpoint = created["endpoint"]["id"].as_str().unwrap();
    // The list never shows the secret again.
    let listed = app.get("/api/webhooks").await.text().await.unwrap();
    assert!(listed.contains(endpoint) && !listed.contains(secret));
    receiver.trust(&[secret]);

    let customer = app.create_customer("hooked").await;
    let customer_id = customer["customer"]["id"].as_str().unwrap();
    let got = receiver.wait_for("customer.created", 10).await;
    assert_eq!(got.len(), 1);
    assert_eq!(got[0]["verified"], true, "{:?}", got[0]);
    let event = body(&got[0]);
    assert_eq!(event["data"]["object_id"], customer_id);
    assert_eq!(
        event["data"]["object"]["company_name"],
        customer["customer"]["company_name"]
    );
    assert!(got[0]["headers"]["webhook-id"]
        .as_str()
        .unwrap()
        .starts_with("msg_"));

    let delivered = delivery_becomes(&app, endpoint, "customer.created", "delivered").await;
    assert_eq!(delivered["attempts"], 1);
    assert_eq!(delivered["response_code"], 204);
    assert_eq!(
        delivered["message_id"], got[0]["headers"]["webhook-id"],
        "the log names the message the receiver got"
    );

    // Events it didn't choose don't come; the test event comes to it alone.
    let sent = app
        .post_json(&format!("/api/webhooks/{endpoint}/test"), &json!({}))
        .await;
    assert_eq!(sent.status(), 202);
    let test = receiver.wait_for("webhook.test", 10).await;
    assert_eq!(test[0]["verified"], true);
    assert!(
        receiver
            .requests()
            .iter()
            .all(|r| ["customer.created", "webhook.test"]
                .contains(&body(r)["type"].as_str().unwrap()))
    );

    // A replay sends the same message again (the receiver can tell a repeat).
    let id = delivered["id"].as_str().unwrap();
    let replayed = app
        .post_json(&format!("/api/webhook-deliveries/{id}/replay"), &json!({}))
        .await;
    assert_eq!(replayed.status(), 202);
    for _ in 0..100 {
        if receiver.wait_for("customer.created", 10).await.len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let both = receiver.wait_for("customer.created", 1).await;
    assert_eq!(both.len(), 2);
    assert_eq!(
        both[0]["headers"]["webhook-id"],
        both[1]["headers"]["webhook-id"]
    );
    assert_eq!(both[1]["verified"], true);
}

#[tokio::test]
async fn a_renewed_secret_overlaps_the_old_one_for_a_day() {
    let app = spawn_app().await;
    let receiver = Receiver::start(0);
    let created = add_endpoint(&app, &receiver.url()).await;
    let old = created["secret"].as_str().unwrap().to_string();
    let endpoint = created["endpoint"]["id"].as_str().unwrap().to_string();
    let renewed: Value = app
        .post_json(&format!("/api/webhooks/{endpoint}/secret"), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let new = renewed["secret"].as_str().unwrap();
    assert_ne!(new, old);
    assert!(renewed["endpoint"]["previous_secret_until"].is_string());
    // A receiver still on the old secret verifies the next delivery, as does one already on
    // the new: both sign it.
    receiver.trust(&[&old]);
    app.create_customer("rotated").await;
    let first = receiver.wait_for("customer.created", 10).await;
    assert_eq!(first[0]["verified"], true);
    assert_eq!(
        first[0]["headers"]["webhook-signature"]
            .as_str()
            .unwrap()
            .split(' ')
            .count(),
        2
    );
    receiver.trust(&[new]);
    app.create_customer("rotatedtoo").await;
    for _ in 0..100 {
        if receiver.requests().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(receiver.requests()[1]["verified"], true);
}

#[tokio::test]
async fn a_failed_attempt_is_retried_and_the_log_shows_it() {
    let app = spawn_app().await;
    // The first request is answered 503.
    let receiver = Receiver::start(1);
    let created = add_endpoint(&app, &receiver.url()).await;
    receiver.trust(&[created["secret"].as_str().unwrap()]);
    let endpoint = created["endpoint"]["id"].as_str().unwrap();
    app.create_customer("retried").await;
    let failed = delivery_becomes(&app, endpoint, "customer.created", "pending").await;
    for _ in 0..50 {
        let now = deliveries(&app, endpoint).await;
        if now[0]["attempts"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let after_first = deliveries(&app, endpoint).await;
    assert_eq!(after_first[0]["attempts"], 1, "{failed:?}");
    assert_eq!(after_first[0]["response_code"], 503);
    assert!(after_first[0]["next_attempt_at"].is_string());
    // The first retry comes 5 s later.
    let delivered = delivery_becomes(&app, endpoint, "customer.created", "delivered").await;
    assert_eq!(delivered["attempts"], 2);
    assert_eq!(receiver.requests().len(), 2);
}

#[tokio::test]
async fn endpoints_must_be_public_https_addresses() {
    let app = spawn_app().await;
    let refused = |url: &'static str, events: Value| {
        let app = &app;
        async move {
            let response = app
                .post_json("/api/webhooks", &json!({"url": url, "events": events}))
                .await;
            assert_eq!(response.status(), 422, "{url}");
            response.json::<Value>().await.unwrap()["fields"].clone()
        }
    };
    let events = json!(["customer.created"]);
    for url in [
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.8/hook",
        "https://[fd00::1]/hook",
        "http://192.168.1.10/hook",
    ] {
        assert_eq!(
            refused(url, events.clone()).await["url"]["code"],
            "private_address",
            "{url}"
        );
    }
    for url in [
        "ftp://files.example/x",
        "https://user:pw@psa.example/x",
        "psa.example/x",
    ] {
        assert_eq!(
            refused(url, events.clone()).await["url"]["code"],
            "invalid_format",
            "{url}"
        );
    }
    let fields = refused("https://psa.example/x", json!(["customer.exploded"])).await;
    assert_eq!(fields["events"]["code"], "not_in_list");
    let fields = refused("", json!([])).await;
    assert_eq!(fields["url"]["code"], "required");
    assert_eq!(fields["events"]["code"], "required");
    // A public name that doesn't resolve here is accepted: each delivery checks it again.
    let response = app
        .post_json(
            "/api/webhooks",
            &json!({"url": "https://psa.example/hooks", "events": events}),
        )
        .await;
    assert_eq!(response.status(), 201);
}

#[tokio::test]
async fn removing_an_endpoint_stops_its_deliveries_and_is_audited() {
    let app = spawn_app().await;
    let receiver = Receiver::start(0);
    let created = add_endpoint(&app, &receiver.url()).await;
    let endpoint = created["endpoint"]["id"].as_str().unwrap();
    let removed = app
        .client
        .delete(app.url(&format!("/api/webhooks/{endpoint}")))
        .send()
        .await
        .unwrap();
    assert_eq!(removed.status(), 204);
    app.create_customer("unheard").await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(receiver.requests().is_empty());
    assert_eq!(
        app.get(&format!("/api/webhooks/{endpoint}/deliveries"))
            .await
            .status(),
        404
    );
    let audit = app.get("/api/audit").await.text().await.unwrap();
    assert!(
        audit.contains("webhook.endpoint-created") && audit.contains("webhook.endpoint-removed")
    );
}

#[tokio::test]
async fn an_arriving_referral_is_told_to_the_recipients_endpoints() {
    let app = spawn_app().await;
    let receiver = Receiver::start(0);
    let response = app
        .post_json(
            "/api/webhooks",
            &json!({"url": receiver.url(), "events": ["referral.received"]}),
        )
        .await;
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    receiver.trust(&[created["secret"].as_str().unwrap()]);
    let referral = crate::channel::marketplace_referral(&app, app.ctx.partner_id, 0).await;
    let got = receiver.wait_for("referral.received", 10).await;
    assert_eq!(got[0]["verified"], true);
    let event = body(&got[0]);
    assert_eq!(event["data"]["object_id"], referral.to_string());
    assert_eq!(event["data"]["actor"], "marketplace");
    assert_eq!(
        event["data"]["object"]["company_name"],
        "Marketplace Lead 0"
    );
}
