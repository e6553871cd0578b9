//! Error format, SPA fallback, headers and the demo seed.

use crate::helpers::{page_index_html, page_loader, spawn_app, INDEX_HTML};
use serde_json::Value;

#[tokio::test]
async fn malformed_json_is_answered_in_the_app_error_format() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/api/customers"))
        .header("content-type", "application/json")
        .body("{\"company_name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "malformed_request");
    assert!(error["request_id"].is_string());

    let response = app
        .client
        .post(app.url("/api/customers"))
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        415,
        "a body that isn't declared JSON is refused"
    );
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "malformed_request");
}

#[tokio::test]
async fn oversized_bodies_are_refused_in_the_app_error_format() {
    let app = spawn_app().await;
    let huge = format!("{{\"company_name\": \"{}\"}}", "a".repeat(300 * 1024));
    let response = app
        .client
        .post(app.url("/api/customers"))
        .header("content-type", "application/json")
        .body(huge)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "payload_too_large");
}

#[tokio::test]
async fn unknown_api_paths_are_json_404_and_app_paths_get_the_spa() {
    let app = spawn_app().await;
    let response = app.get("/api/no-such-thing").await;
    assert_eq!(response.status(), 404);
    assert_eq!(response.headers()["content-type"], "application/json");
    let response = app
        .client
        .delete(app.url("/api/customers"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 405);
    let error: Value = response.json().await.unwrap();
    assert_eq!(error["code"], "malformed_request");

    for path in [
        "/",
        "/customers",
        "/customers/new",
        "/customers/1b4e28ba-2fa1-11d2-883f-0016d3cca427",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(response.text().await.unwrap(), INDEX_HTML, "{path}");
    }
}

#[tokio::test]
async fn the_pages_reached_without_a_sign_in_get_their_own_builds() {
    use shared::public_page::{PageBuild, PublicPage};
    let app = spawn_app().await;
    for page in PublicPage::ALL {
        let response = app.get(page.path()).await;
        assert_eq!(response.status(), 200, "{}", page.path());
        assert_eq!(response.headers()["cache-control"], "no-cache");
        // Every build's loader script is allowed by the CSP, the workspace's too.
        let csp = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_string();
        assert_eq!(
            response.text().await.unwrap(),
            page_index_html(page.build())
        );
        use base64::Engine;
        use sha2::Digest;
        let scripts = PageBuild::ALL
            .iter()
            .map(|&build| page_loader(build))
            .chain(["import init from '/app.js'; await init();".to_string()]);
        for script in scripts {
            let hash = base64::engine::general_purpose::STANDARD
                .encode(sha2::Sha256::digest(script.as_bytes()));
            assert!(csp.contains(&hash), "{script}: {csp}");
        }
    }
    assert_eq!(
        app.get("/developers").await.text().await.unwrap(),
        page_index_html(PageBuild::Reference)
    );
    // Only those addresses: a page below one, or the workspace's own pages, get the workspace.
    for path in [
        "/invitations",
        "/invitation/x",
        "/reset-password/",
        "/customers",
    ] {
        assert_eq!(
            app.get(path).await.text().await.unwrap(),
            INDEX_HTML,
            "{path}"
        );
    }
    // The settings and administration pages get the admin build (a query string changes
    // nothing); the workspace's pages below them don't.
    for path in shared::public_page::ADMIN_PAGES {
        let response = app.get(&format!("{path}?customer=x")).await;
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(
            response.text().await.unwrap(),
            page_index_html(PageBuild::Admin),
            "{path}"
        );
    }
    assert_eq!(app.get("/support").await.text().await.unwrap(), INDEX_HTML);
    // The public build's assets lie under /public/, cached for good like the workspace's.
    std::fs::write(
        app.dist.join("public/public-0123abcd.js"),
        "export default 2;",
    )
    .unwrap();
    let asset = app.get("/public/public-0123abcd.js").await;
    assert_eq!(asset.status(), 200);
    assert_eq!(
        asset.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
}

#[tokio::test]
async fn hashed_assets_are_cached_and_every_response_has_security_headers() {
    let app = spawn_app().await;
    std::fs::write(app.dist.join("app-0123abcd.js"), "export default 1;").unwrap();
    let response = app.get("/app-0123abcd.js").await;
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers()["x-frame-options"], "DENY");
    let api = app.get("/api/health").await;
    assert_eq!(api.headers()["x-content-type-options"], "nosniff");
    assert!(api.headers().contains_key("x-request-id"));
}

#[tokio::test]
async fn precompressed_assets_are_sent_as_they_are() {
    // The build writes `.br`/`.gz` beside each asset (scripts/lib.sh `build_app`); the server
    // sends those instead of compressing the bundle on every fresh load.
    let app = spawn_app().await;
    std::fs::write(app.dist.join("app-0123abcd_bg.wasm"), b"\0asm raw").unwrap();
    std::fs::write(app.dist.join("app-0123abcd_bg.wasm.br"), b"brotli bytes").unwrap();
    std::fs::write(app.dist.join("app-0123abcd_bg.wasm.gz"), b"gzip bytes").unwrap();
    let fetch = |encoding: &'static str| {
        app.client
            .get(app.url("/app-0123abcd_bg.wasm"))
            .header("accept-encoding", encoding)
            .send()
    };
    let br = fetch("gzip, br").await.unwrap();
    assert_eq!(br.headers()["content-encoding"], "br");
    assert_eq!(br.headers()["content-type"], "application/wasm");
    // Caches keep one copy per encoding.
    assert!(br.headers()["vary"]
        .to_str()
        .unwrap()
        .to_ascii_lowercase()
        .contains("accept-encoding"));
    assert_eq!(br.bytes().await.unwrap().as_ref(), b"brotli bytes");
    let gz = fetch("gzip").await.unwrap();
    assert_eq!(gz.headers()["content-encoding"], "gzip");
    assert_eq!(gz.bytes().await.unwrap().as_ref(), b"gzip bytes");
    let plain = fetch("identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    assert_eq!(plain.bytes().await.unwrap().as_ref(), b"\0asm raw");
}

#[tokio::test]
async fn the_demo_seed_is_valid_and_idempotent() {
    let app = spawn_app().await;
    assert_eq!(
        server::seed::demo(&app.db, &app.base).await.unwrap(),
        19,
        "12 of ours, 2 of the other partner, 2 in the 21Vianet cloud, 3 of the provider (2 for its reseller)"
    );
    assert_eq!(server::seed::demo(&app.db, &app.base).await.unwrap(), 0);
    let list: Value = app
        .get("/api/customers?per_page=100")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 12);
    // Every seeded row reads back through the rules.
    for item in list["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        assert_eq!(app.get(&format!("/api/customers/{id}")).await.status(), 200);
    }
    // The channel: the linked reseller sees the provider's customers for it, and its
    // referrals; the unlinked one sees nothing; the direct reseller has marketplace referrals.
    let reseller = crate::helpers::client_as(&app.base, "kenji.sato@proseware.example").await;
    let theirs: Value = reseller
        .get(app.url("/api/customers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(theirs["total"], 2);
    let inbox: Value = reseller
        .get(app.url("/api/referrals"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(inbox["items"].as_array().unwrap().len(), 3);
    assert_eq!(inbox["overdue"], 1);
    let unlinked = crate::helpers::client_as(&app.base, "maria.garcia@wingtip.example").await;
    let none: Value = unlinked
        .get(app.url("/api/customers"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(none["total"], 0);
    let ours: Value = app.get("/api/referrals").await.json().await.unwrap();
    assert_eq!(ours["new"], 3);
    let profile: Value = app.get("/api/business-profile").await.json().await.unwrap();
    assert!(profile["updated_at"].is_string());
}

/// The browser's app leaves the Chinese catalog out and fetches it: this build's texts, cached
/// for good; another build's fingerprint or another language is not found.
#[tokio::test]
async fn the_chinese_catalog_is_served_for_this_build_only() {
    let app = crate::helpers::spawn_app().await;
    let anonymous = reqwest::Client::new();
    let fingerprint = shared::i18n::catalog_fingerprint();
    let response = anonymous
        .get(app.url(&format!("/api/catalog/zh-CN/{fingerprint}")))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let catalog: shared::i18n::CatalogTexts = response.json().await.unwrap();
    assert_eq!(catalog.texts.len(), shared::i18n::Msg::ALL.len());
    let sign_in = shared::i18n::Msg::ALL
        .iter()
        .position(|m| *m == shared::i18n::Msg::SignIn)
        .unwrap();
    assert_eq!(catalog.texts[sign_in], "登录");
    for other in [
        "/api/catalog/zh-CN/0000000000000000".to_string(),
        format!("/api/catalog/en-US/{fingerprint}"),
        format!("/api/catalog/fr-FR/{fingerprint}"),
    ] {
        assert_eq!(
            anonymous
                .get(app.url(&other))
                .send()
                .await
                .unwrap()
                .status(),
            404,
            "{other}"
        );
    }
}
