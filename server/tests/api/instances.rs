//! Cloud instances: the cloud operated by 21Vianet beside the others — its customers, its
//! domains, and the upgrade that admits it without losing a partner.

use crate::helpers::{client_as, connect, fresh_database, spawn_app, valid_customer};
use serde_json::{json, Value};
use server::db::Location;
use shared::instance::CloudInstance;

/// A partner in the cloud operated by 21Vianet serves customers in China only, under
/// `partner.onmschina.cn`, in Chinese by default; a primary domain is unique within an
/// instance, so the same prefix may exist in the global cloud.
#[tokio::test]
async fn a_partner_in_the_21vianet_cloud_serves_customers_in_china_under_its_own_domains() {
    let app = spawn_app().await;
    let global = app.create_customer("yunfan").await;
    assert_eq!(global["customer"]["domain"], "yunfan.onmicrosoft.com");

    server::seed::china_partner(&app.db).await.unwrap();
    let client = client_as(&app.base, server::seed::CHINA_ADMIN.0).await;
    let me: Value = client
        .get(app.url("/api/me"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["partner"]["instance"],
        CloudInstance::China21Vianet.as_str()
    );

    let mut customer = valid_customer("yunfan");
    customer["country"] = json!("CN");
    customer["state"] = json!("BJ");
    customer["postal_code"] = json!("100000");
    customer["city"] = json!("北京");
    customer["company_name"] = json!("云帆科技有限责任公司");
    let post = |body: Value| {
        client
            .post(app.url("/api/customers"))
            .header("Origin", &app.base)
            .json(&body)
            .send()
    };
    let response = post(customer.clone()).await.unwrap();
    assert_eq!(response.status(), 201);
    let created: Value = response.json().await.unwrap();
    assert_eq!(created["customer"]["domain"], "yunfan.partner.onmschina.cn");
    assert_eq!(
        created["customer"]["admin_sign_in"],
        "admin@yunfan.partner.onmschina.cn"
    );
    assert_eq!(created["customer"]["language"], "zh-CN");

    let response = post(customer.clone()).await.unwrap();
    assert_eq!(
        response.status(),
        422,
        "the prefix is taken in this instance now"
    );
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["fields"]["domain_prefix"]["code"], "taken");

    let mut abroad = valid_customer("seattle");
    abroad["country"] = json!("US");
    let response = post(abroad).await.unwrap();
    assert_eq!(response.status(), 422);
    let error: Value = response.json().await.unwrap();
    assert_eq!(
        error["fields"]["country"]["code"],
        "not_allowed_in_instance"
    );
}

/// Admitting the fourth instance rebuilds SQLite's `partners` (a CHECK can't change in place)
/// while every other table references it: a database with partners and users from before the
/// change keeps them all, with their keys intact, and takes a partner in the new cloud.
#[tokio::test]
async fn the_upgrade_that_admits_the_21vianet_cloud_keeps_every_partner() {
    let dir = tempfile::tempdir().unwrap();
    let location = fresh_database(dir.path()).await;
    let migrations = |backend: &str| {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("migrations")
            .join(backend)
    };
    let before_last = |mut migrator: sqlx::migrate::Migrator| {
        let kept = migrator.migrations.len() - 1;
        migrator.migrations.to_mut().truncate(kept);
        migrator
    };
    const ROWS: &str = "INSERT INTO partners (id, name, instance, program, email_domain, created_at)
            VALUES ('p-old', 'Old Partner', 'germany', 'direct-reseller', 'old.example', '2026-01-01');
        INSERT INTO users (id, partner_id, email, display_name, created_at)
            VALUES ('u-old', 'p-old', 'admin@old.example', 'Old Admin', '2026-01-01')";
    match &location {
        Location::SqliteFile(path) => {
            let options = sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .foreign_keys(true);
            let pool = sqlx::SqlitePool::connect_with(options).await.unwrap();
            let migrator = sqlx::migrate::Migrator::new(migrations("sqlite"))
                .await
                .unwrap();
            before_last(migrator).run(&pool).await.unwrap();
            sqlx::raw_sql(ROWS).execute(&pool).await.unwrap();
            pool.close().await;
        }
        Location::Postgres(url) => {
            let pool = sqlx::PgPool::connect(url).await.unwrap();
            let migrator = sqlx::migrate::Migrator::new(migrations("postgres"))
                .await
                .unwrap();
            before_last(migrator).run(&pool).await.unwrap();
            sqlx::raw_sql(ROWS).execute(&pool).await.unwrap();
            pool.close().await;
        }
    }

    let db = connect(&location).await;
    let kept: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.name, u.email FROM users u JOIN partners p ON p.id = u.partner_id",
    )
    .fetch_all(db.readers())
    .await
    .unwrap();
    assert_eq!(
        kept,
        [("Old Partner".to_string(), "admin@old.example".to_string())]
    );
    if matches!(location, Location::SqliteFile(_)) {
        let broken: Vec<(String,)> =
            sqlx::query_as("SELECT \"table\" FROM pragma_foreign_key_check")
                .fetch_all(db.readers())
                .await
                .unwrap();
        assert!(broken.is_empty(), "foreign keys broken: {broken:?}");
    }
    let refused = sqlx::query(
        "INSERT INTO users (id, partner_id, email, display_name, created_at)
         VALUES ('u-none', 'p-none', 'x@none.example', 'Nobody', '2026-01-01')",
    )
    .execute(db.readers())
    .await;
    assert!(refused.is_err(), "users still reference partners");
    server::seed::china_partner(&db).await.unwrap();
}
