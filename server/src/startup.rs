//! Builds the HTTP application: the API, the static app with SPA fallback, and the middleware.
//! `Application::from_listener` takes a bound listener so tests can use port 0.

use crate::auth::SessionPolicy;
use crate::db::Db;
use crate::routes;
use crate::state::AppState;
use crate::telemetry::{self, REQUEST_ID_HEADER};
use anyhow::Context;
use axum::extract::Request;
use axum::http::{header, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;
use shared::public_page::{PageBuild, PublicPage};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower::ServiceBuilder;
use tower_http::compression::CompressionLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "pd_session";

/// The builds' pages: the workspace's, and each of the other builds' (the pages reached
/// without a sign-in, `shared::public_page`), which lie in their folders of `dist/`.
fn index_files(dist: &Path) -> Vec<PathBuf> {
    std::iter::once(dist.join("index.html"))
        .chain(
            PageBuild::ALL
                .iter()
                .map(|build| dist.join(build.dir()).join("index.html")),
        )
        .collect()
}

/// The Content-Security-Policy: this origin only, WASM allowed to compile, and the inline
/// loader scripts Trunk writes into both builds' index.html allowed by their hashes.
pub fn content_security_policy(dist: &Path) -> String {
    let hashes: String = index_files(dist)
        .iter()
        .map(|file| std::fs::read_to_string(file).unwrap_or_default())
        .flat_map(|index| {
            inline_scripts(&index)
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .map(|script| {
            use base64::Engine;
            use sha2::Digest;
            let digest = sha2::Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
}

/// The CSP for the index.html files on disk now: recomputed when one changes (a rebuild while
/// the server runs would otherwise block the new loader script).
#[derive(Clone)]
struct CurrentCsp {
    dist: PathBuf,
    cached: Arc<std::sync::Mutex<(Vec<Option<std::time::SystemTime>>, HeaderValue)>>,
}

impl CurrentCsp {
    fn new(dist: PathBuf) -> Self {
        let value = Self::compute(&dist);
        let modified = Self::modified(&dist);
        Self {
            dist,
            cached: Arc::new(std::sync::Mutex::new((modified, value))),
        }
    }

    fn modified(dist: &Path) -> Vec<Option<std::time::SystemTime>> {
        index_files(dist)
            .iter()
            .map(|file| std::fs::metadata(file).and_then(|m| m.modified()).ok())
            .collect()
    }

    fn compute(dist: &Path) -> HeaderValue {
        HeaderValue::from_str(&content_security_policy(dist))
            .expect("the policy is ASCII: keywords and base64 hashes")
    }

    fn get(&self) -> HeaderValue {
        let modified = Self::modified(&self.dist);
        let mut cached = self.cached.lock().expect("csp lock");
        if cached.0 != modified {
            *cached = (modified, Self::compute(&self.dist));
        }
        cached.1.clone()
    }
}

/// The bodies of `<script>` elements without `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (attributes, after) = rest.split_once('>')?;
        let (body, _) = after.split_once("</script>")?;
        (!attributes.contains("src=")).then_some(body)
    })
}

/// The whole HTTP surface.
pub async fn router(state: AppState, dist: &Path) -> anyhow::Result<Router> {
    let store = crate::session_store::Sessions::open(&state.db).await?;
    let idle =
        tower_sessions::cookie::time::Duration::seconds(state.sessions.idle.as_secs() as i64);
    let sessions = SessionManagerLayer::new(store)
        .with_name(SESSION_COOKIE)
        .with_http_only(true)
        .with_same_site(SameSite::Strict)
        .with_secure(state.sessions.secure_cookies)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(idle));

    let api = routes::api_router(state)
        .layer(sessions)
        // API answers are per user and may hold a one-time secret: never cache them — unless
        // a route says otherwise (the catalog, the same for everyone and addressed by version).
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ));
    let csp = CurrentCsp::new(dist.to_path_buf());

    // Client-side routes (`/customers/…`) get index.html; hashed assets are cached for good.
    // The build leaves `.br`/`.gz` copies beside the assets (brotli -q 11): sent as they are,
    // so a fresh load doesn't compress 1.6 MB of WASM (the compression layer does the rest).
    let app_files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(ServeFile::new(dist.join("index.html")));
    let static_app = ServiceBuilder::new()
        .layer(CompressionLayer::new())
        .map_response(cache_static)
        .service(app_files);
    // A path under /api that the nested router didn't take (`/api/`, `/api//`) is an unknown
    // API path, answered in the API's JSON shape — never the app's HTML.
    let static_app = axum::routing::any_service(static_app).layer(axum::middleware::from_fn(
        |request: Request, next: axum::middleware::Next| async move {
            let path = request.uri().path();
            if path == "/api" || path.starts_with("/api/") {
                return axum::response::IntoResponse::into_response(
                    crate::error::AppError::NotFound,
                );
            }
            next.run(request).await
        },
    ));

    // The pages of the other builds (reached without a sign-in; settings and administration)
    // get their build's page, not the workspace's.
    let mut router = Router::new();
    let other_builds = PublicPage::ALL
        .iter()
        .map(|page| (page.path(), page.build()))
        .chain(
            shared::public_page::ADMIN_PAGES
                .iter()
                .map(|path| (*path, PageBuild::Admin)),
        );
    for (path, build) in other_builds {
        let index = dist.join(build.dir()).join("index.html");
        let page_file = ServiceBuilder::new().map_response(cache_static).service(
            ServeFile::new(index)
                .precompressed_br()
                .precompressed_gzip(),
        );
        router = router.route_service(path, page_file);
    }

    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    let router = router.nest("/api", api).fallback_service(static_app).layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http().make_span_with(|request: &Request| {
                    let id = request
                        .headers()
                        .get(REQUEST_ID_HEADER)
                        .and_then(|v| v.to_str().ok())
                        .unwrap_or_default();
                    // The path only: query strings may carry search terms of customer data.
                    tracing::info_span!("request", method = %request.method(),
                        path = %request.uri().path(), request_id = %id)
                }),
            )
            .layer(PropagateRequestIdLayer::new(request_id))
            .layer(axum::middleware::from_fn(telemetry::scope_request_id))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(30),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::REFERRER_POLICY,
                HeaderValue::from_static("same-origin"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::X_FRAME_OPTIONS,
                HeaderValue::from_static("DENY"),
            ))
            .layer(SetResponseHeaderLayer::overriding(
                header::CONTENT_SECURITY_POLICY,
                move |_: &Response<axum::body::Body>| Some(csp.get()),
            )),
    );
    Ok(router)
}

/// index.html must be revalidated (it names the current bundle); everything else Trunk emits
/// has a content hash in its name.
fn cache_static<B>(mut response: Response<B>) -> Response<B> {
    let is_html = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let value = if is_html {
        "no-cache"
    } else {
        "public, max-age=31536000, immutable"
    };
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    // Every file may come in another encoding (precompressed or compressed on the fly): caches
    // must keep one copy per `Accept-Encoding`. (The compression layer says so when it
    // compresses; a precompressed file would go without.)
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    response
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    ctx_cache: crate::ctx_cache::CtxCache,
}

impl Application {
    // Each argument is configured on its own (by the command line, or by each test); a struct
    // around them would only rename the list.
    #[allow(clippy::too_many_arguments)]
    pub async fn from_listener(
        listener: TcpListener,
        db: Db,
        dist: PathBuf,
        sessions: SessionPolicy,
        mut mail: crate::mail::MailSettings,
        sealing_key: crate::sealed::SealingKey,
        clock: crate::clock::Clock,
        webhooks: crate::webhooks::WebhookPolicy,
    ) -> anyhow::Result<Self> {
        // Rows stored before the two-character index existed are indexed once, here at start-up
        // (not whenever a pool is opened).
        crate::store::customers::build_pair_index(&db)
            .await
            .context("building the two-character search index")?;
        crate::store::customers::fill_similarity_keys(&db)
            .await
            .context("filling the similar-customer keys")?;
        let dummy_hash = crate::password::hash(crate::password::generate_temporary()).await?;
        if mail.public_url.is_empty() {
            mail.public_url = format!("http://{}", listener.local_addr()?);
        }
        let webauthn = Arc::new(crate::passkeys::relying_party(&mail.public_url)?);
        let mailer = crate::mail::start(db.clone(), &mail)?;
        tokio::spawn(expire_overdue(db.clone(), mailer.clone(), clock.clone()));
        crate::webhooks::start(db.clone(), sealing_key.clone(), webhooks);
        let state = AppState {
            db: db.clone(),
            throttle: crate::auth::Throttle,
            dummy_hash: dummy_hash.into(),
            sessions,
            token_limiter: crate::auth::TokenLimiter::default(),
            sealing_key,
            webauthn,
            mailer,
            ctx_cache: crate::ctx_cache::CtxCache::default(),
            creations: crate::service::creations::Creations::start(db.clone()),
            clock,
            webhooks,
        };
        let ctx_cache = state.ctx_cache.clone();
        let router = router(state, &dist).await?;
        Ok(Self {
            listener,
            router,
            ctx_cache,
        })
    }

    /// The signed-in users' cache, for tests that change users or partners behind the server.
    pub fn ctx_cache(&self) -> crate::ctx_cache::CtxCache {
        self.ctx_cache.clone()
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service)
            .with_graceful_shutdown(shutdown_signal())
            .await
    }

    /// Serves until the process ends (tests).
    pub async fn run(self) -> std::io::Result<()> {
        let service = self
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(self.listener, service).await
    }
}

/// Records invitations that passed their 30 days, referrals unanswered for 14, admin
/// relationships that end, auto-extend or are about to expire, and subscriptions' billing
/// periods, renewals and expiries (by the server's clock), at start and then every minute.
async fn expire_overdue(db: Db, mailer: crate::mail::Mailer, clock: crate::clock::Clock) {
    let mut tick = tokio::time::interval(Duration::from_secs(60));
    loop {
        tick.tick().await;
        match crate::store::invitations::expire_due(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "invitations expired"),
            Err(error) => tracing::warn!(error = ?error, "expiring invitations failed"),
        }
        match crate::store::referrals::expire_due(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(expired = n, "referrals expired"),
            Err(error) => tracing::warn!(error = ?error, "expiring referrals failed"),
        }
        match crate::service::admin_relationships::sweep(&db, &mailer, clock.today()).await {
            Ok(counts) if counts == Default::default() => {}
            Ok(counts) => tracing::info!(
                changed = counts.changed,
                notices = counts.notices,
                "admin relationships extended, expired or announced"
            ),
            Err(error) => tracing::warn!(error = ?error, "the admin relationship sweep failed"),
        }
        match crate::service::subscriptions::sweep(&db, &clock).await {
            Ok(counts) if counts == Default::default() => {}
            Ok(counts) => tracing::info!(
                periods_charged = counts.periods_charged,
                renewed = counts.renewed,
                expired = counts.expired,
                "subscriptions charged, renewed or expired"
            ),
            Err(error) => tracing::warn!(error = ?error, "the subscription sweep failed"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
