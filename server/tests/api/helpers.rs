use serde_json::{json, Value};
use server::auth::SessionPolicy;
use server::ctx::Ctx;
use server::db::Location;
use server::mail::MailSettings;
use server::startup::Application;

use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: server::db::Db,
    /// The demo partner's global admin (the `client`'s user).
    pub ctx: Ctx,
    pub dist: std::path::PathBuf,
    /// What a test that changes users or partners by SQL must tell (`changed_behind_the_server`).
    pub ctx_cache: server::ctx_cache::CtxCache,
    /// Where the database is (a second node opens it again: `spawn_node`).
    pub location: Location,
    /// The sealing key every node of this app is given.
    pub key: server::sealed::SealingKey,
    _dir: TempDir,
}

pub const INDEX_HTML: &str = "<!doctype html><title>PartnerDesk test shell</title><script type=\"module\">import init from '/app.js'; await init();</script>";

/// A build's page besides the workspace's (`dist/<dir>/index.html`), with its own loader.
pub fn page_index_html(build: shared::public_page::PageBuild) -> String {
    format!(
        "<!doctype html><title>PartnerDesk {0}</title><script type=\"module\">{1}</script>",
        build.dir(),
        page_loader(build)
    )
}

/// The inline loader script of a build's page.
pub fn page_loader(build: shared::public_page::PageBuild) -> String {
    format!("import init from '/{0}/{0}.js'; await init();", build.dir())
}

/// The demo partner's global admin, as whom `TestApp::client` is signed in.
pub const ADMIN: &str = "alex.wu@northwind.example";
/// The other demo partner's global admin.
pub const OTHER_ADMIN: &str = "lena.vogel@fabrikam-partner.example";

pub async fn spawn_app() -> TestApp {
    spawn_app_with(SessionPolicy::default()).await
}

/// Signs in a fresh client (its own cookie jar) as `email`.
pub async fn client_as(base: &str, email: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let response = client
        .post(format!("{base}/api/session"))
        .json(&serde_json::json!({"email": email, "password": server::seed::DEMO_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "sign-in of {email}");
    client
}

pub async fn spawn_app_with(sessions: SessionPolicy) -> TestApp {
    spawn_app_full(sessions, MailSettings::default()).await
}

/// An app whose mail goes to `mail` (the others keep it in the outbox).
pub async fn spawn_app_full(sessions: SessionPolicy, mail: MailSettings) -> TestApp {
    // Server logs only when asked for: TEST_LOG=1 cargo test -p server
    if std::env::var_os("TEST_LOG").is_some() {
        server::telemetry::init();
    }
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_database(dir.path()).await;
    let db = connect(&location).await;
    let ctx = server::seed::demo_partner(&db).await.unwrap();
    server::seed::other_partner(&db).await.unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    for build in shared::public_page::PageBuild::ALL {
        std::fs::create_dir_all(dist.join(build.dir())).unwrap();
        std::fs::write(
            dist.join(build.dir()).join("index.html"),
            page_index_html(build),
        )
        .unwrap();
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let key = server::sealed::SealingKey::generate();
    let app = Application::from_listener(
        listener,
        db.clone(),
        dist.clone(),
        sessions,
        mail,
        key.clone(),
        server::clock::Clock::movable(),
        // The tests' receivers listen on loopback.
        server::webhooks::WebhookPolicy { allow_local: true },
    )
    .await
    .unwrap();
    let addr = app.local_addr().unwrap();
    let ctx_cache = app.ctx_cache();
    tokio::spawn(app.run());
    let base = format!("http://{addr}");
    TestApp {
        client: client_as(&base, ADMIN).await,
        base,
        db,
        ctx,
        dist,
        ctx_cache,
        location,
        key,
        _dir: dir,
    }
}

/// The database a test runs on: a fresh SQLite file in `dir`; or, when
/// `PARTNERDESK_TEST_POSTGRES` names a PostgreSQL server (`scripts/test` starts one and sets it
/// for the suite's second run), a fresh database there.
pub async fn fresh_database(dir: &std::path::Path) -> Location {
    match std::env::var("PARTNERDESK_TEST_POSTGRES") {
        Ok(server_url) if !server_url.is_empty() => {
            use sqlx::{Connection, Executor};
            let name = format!("pd_test_{}", uuid::Uuid::new_v4().simple());
            let mut admin = sqlx::PgConnection::connect(&server_url)
                .await
                .expect("connecting to PARTNERDESK_TEST_POSTGRES");
            admin
                .execute(&*format!("CREATE DATABASE {name}"))
                .await
                .expect("creating a test database");
            let _ = admin.close().await;
            let mut url = url::Url::parse(&server_url).unwrap();
            url.set_path(&name);
            Location::Postgres(url.to_string())
        }
        _ => Location::SqliteFile(dir.join("partnerdesk.db")),
    }
}

/// Opens (and migrates) the test database with the default settings.
pub async fn connect(location: &Location) -> server::db::Db {
    server::db::connect(location, &server::db::DbSettings::default())
        .await
        .unwrap()
}

impl TestApp {
    /// Starts another server node on the same database (its own pools, caches and session
    /// store, as a second process would have) and answers its base URL.
    pub async fn spawn_node(&self) -> String {
        self.spawn_node_with(MailSettings::default()).await
    }

    /// A second node whose mail worker delivers through `mail`.
    pub async fn spawn_node_with(&self, mail: MailSettings) -> String {
        let db = connect(&self.location).await;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let app = Application::from_listener(
            listener,
            db,
            self.dist.clone(),
            SessionPolicy::default(),
            mail,
            self.key.clone(),
            server::clock::Clock::movable(),
            server::webhooks::WebhookPolicy { allow_local: true },
        )
        .await
        .unwrap();
        let base = format!("http://{}", app.local_addr().unwrap());
        tokio::spawn(app.run());
        base
    }

    /// Runs SQL that changes users or partners the way the app never does (a partner moving to
    /// another cloud instance, say), and makes the server forget what it knew of them.
    pub async fn change_behind_the_server<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) {
        query.execute(self.db.readers()).await.unwrap();
        self.ctx_cache.forget_all();
    }
}

/// A valid create request for the demo partner (global instance).
pub fn valid_customer(prefix: &str) -> Value {
    serde_json::to_value(shared::test_vectors::valid_form(
        prefix,
        server::timestamp::today(),
    ))
    .unwrap()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// A sign-in from a new client without cookies: the answer as it comes.
    pub async fn sign_in(&self, email: &str, password: &str) -> reqwest::Response {
        reqwest::Client::new()
            .post(self.url("/api/session"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .unwrap()
    }

    /// Moves the test server's clock `days` forward and runs the sweeps: the new day and what
    /// they did.
    pub async fn move_clock(&self, days: u16) -> Value {
        let response = reqwest::Client::new()
            .post(self.url("/api/test-clock"))
            .json(&json!({ "days": days }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        response.json().await.unwrap()
    }

    pub async fn create_customer(&self, prefix: &str) -> Value {
        let response = self
            .post_json("/api/customers", &valid_customer(prefix))
            .await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        response.json().await.unwrap()
    }

    /// Invites an existing customer (the valid customer without an agreement); returns the
    /// invitation.
    pub async fn invite(&self, prefix: &str) -> Value {
        let response = self
            .post_json(
                "/api/invitations",
                &json!({"customer": existing_customer(prefix), "message": "Welcome aboard"}),
            )
            .await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        response.json().await.unwrap()
    }

    /// Orders 10 seats of Microsoft 365 E3 (annual term, billed monthly) for an active
    /// customer, as the signed-in user; returns the subscription's id.
    pub async fn add_subscription(&self, customer: &str) -> uuid::Uuid {
        let response = self
            .post_json(
                &format!("/api/customers/{customer}/subscriptions"),
                &json!({"offer": "CFQ7TTC0LFLX", "term": "P1Y", "billing_cycle": "monthly", "quantity": 10}),
            )
            .await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        let body: Value = response.json().await.unwrap();
        body["id"].as_str().unwrap().parse().unwrap()
    }

    /// Uploads a CSV file for preview.
    pub async fn preview_import(&self, csv: &str) -> Value {
        let response = self
            .client
            .post(self.url("/api/imports"))
            .header("content-type", "text/csv")
            .body(csv.to_string())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{:?}", response.text().await);
        response.json().await.unwrap()
    }

    /// The audit log's newest entries for a customer.
    pub async fn audit_of(&self, customer: &str) -> Vec<Value> {
        let page: Value = self
            .get(&format!("/api/audit?customer={customer}"))
            .await
            .json()
            .await
            .unwrap();
        page["items"].as_array().unwrap().clone()
    }
}

/// A customer the partner already has: the valid customer without an agreement.
pub fn existing_customer(prefix: &str) -> Value {
    let mut customer = valid_customer(prefix);
    let fields = customer.as_object_mut().unwrap();
    fields.retain(|k, _| !k.starts_with("agreement_"));
    customer
}

/// A real SMTP server on loopback (Python's aiosmtpd, `scripts/mail_sink.py`) that writes
/// every message it receives, decoded, as a JSON file. Stopped when dropped.
pub struct MailSink {
    pub port: u16,
    dir: TempDir,
    child: std::process::Child,
}

impl MailSink {
    pub fn start() -> MailSink {
        use std::io::BufRead;
        let dir = tempfile::tempdir().unwrap();
        let script =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/mail_sink.py");
        let mut child = std::process::Command::new("python3")
            .arg(script)
            .arg("--dir")
            .arg(dir.path())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("python3 runs scripts/mail_sink.py (scripts/test installs aiosmtpd)");
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
        let port = line
            .trim()
            .strip_prefix("listening on ")
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| {
                panic!("mail sink did not start (is aiosmtpd installed?): {line:?}")
            });
        MailSink { port, dir, child }
    }

    pub fn settings(&self) -> MailSettings {
        MailSettings {
            smtp_url: Some(format!("smtp://127.0.0.1:{}", self.port)),
            from: "PartnerDesk <no-reply@partnerdesk.test>".into(),
            public_url: String::new(),
        }
    }

    /// The messages received so far, oldest first.
    pub fn messages(&self) -> Vec<Value> {
        let mut files: Vec<_> = std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap())
            .collect()
    }

    /// Waits (up to 10 s) until `count` messages arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Value> {
        for _ in 0..100 {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!("expected {count} messages, got {}", self.messages().len());
    }
}

impl Drop for MailSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The invitation link's token in a received message's text.
pub fn token_in(message: &Value) -> String {
    let text = message["text"].as_str().unwrap();
    let start = text.find("/invitation#").expect("a link in the message") + "/invitation#".len();
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

/// Sends a request and returns its status (for tests that only look at the status).
pub async fn status(request: reqwest::RequestBuilder) -> reqwest::StatusCode {
    request.send().await.unwrap().status()
}

/// How many of `statuses` are each status code.
pub fn tally(statuses: &[u16]) -> std::collections::BTreeMap<u16, usize> {
    let mut counts = std::collections::BTreeMap::new();
    for status in statuses {
        *counts.entry(*status).or_insert(0) += 1;
    }
    counts
}

/// The last event's `data:` of a server-sent event stream, as JSON.
pub fn last_event(stream: &str) -> Value {
    let last = stream
        .lines()
        .filter_map(|l| l.strip_prefix("data:"))
        .next_back()
        .expect("at least one event");
    serde_json::from_str(last.trim()).unwrap()
}
