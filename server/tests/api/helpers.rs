use serde_json::{json, Value};
use server::auth::SessionPolicy;
use server::ctx::Ctx;
use server::startup::Application;
use sqlx::SqlitePool;
use tempfile::TempDir;

pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub db: SqlitePool,
    /// The demo partner's global admin (the `client`'s user).
    pub ctx: Ctx,
    pub dist: std::path::PathBuf,
    _dir: TempDir,
}

pub const INDEX_HTML: &str = "<!doctype html><title>PartnerDesk test shell</title><script type=\"module\">import init from '/app.js'; await init();</script>";

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
    // Server logs only when asked for: TEST_LOG=1 cargo test -p server
    if std::env::var_os("TEST_LOG").is_some() {
        server::telemetry::init();
    }
    let dir = tempfile::tempdir().unwrap();
    let db = server::db::connect(&dir.path().join("partnerdesk.db"))
        .await
        .unwrap();
    let ctx = server::seed::demo_partner(&db).await.unwrap();
    server::seed::other_partner(&db).await.unwrap();
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), INDEX_HTML).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let app = Application::from_listener(listener, db.clone(), dist.clone(), sessions)
        .await
        .unwrap();
    let addr = app.local_addr().unwrap();
    tokio::spawn(app.run());
    let base = format!("http://{addr}");
    TestApp {
        client: client_as(&base, ADMIN).await,
        base,
        db,
        ctx,
        dist,
        _dir: dir,
    }
}

/// A valid create request for the demo partner (global instance).
pub fn valid_customer(prefix: &str) -> Value {
    json!({
        "company_name": "Contoso",
        "country": "US",
        "domain_prefix": prefix,
        "address_line1": "1 Microsoft Way",
        "city": "Redmond",
        "state": "WA",
        "postal_code": "98052",
        "contact_first_name": "Ana",
        "contact_last_name": "Silva",
        "contact_email": "ana.silva@contoso.com",
        "agreement_first_name": "Ana",
        "agreement_last_name": "Silva",
        "agreement_email": "ana.silva@contoso.com",
        "agreement_date": server::timestamp::today().to_string()
    })
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
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

    pub async fn create_customer(&self, prefix: &str) -> Value {
        let response = self
            .post_json("/api/customers", &valid_customer(prefix))
            .await;
        assert_eq!(response.status(), 201, "{:?}", response.text().await);
        response.json().await.unwrap()
    }
}

/// Sends a request and returns its status (for tests that only look at the status).
pub async fn status(request: reqwest::RequestBuilder) -> reqwest::StatusCode {
    request.send().await.unwrap().status()
}
