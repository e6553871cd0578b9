//! The JSON API under `/api`. Each resource module lists its routes with who may call them;
//! `api_router` builds the router from those lists and puts the authorization check on every
//! route, so a route can't exist without a declared access rule, and tests enumerate them all.

pub mod access;
pub mod admin_relationships;
pub mod admin_templates;
pub mod api_tokens;
pub mod audit;
pub mod billing;
pub mod catalog;
pub mod customers;
pub mod dashboard;
pub mod domains;
pub mod health;
pub mod imports;
pub mod invitations;
pub mod links;
pub mod me;
pub mod openapi;
pub mod outbox;
pub mod password_reset;
pub mod profile;
pub mod referrals;
pub mod second_factors;
pub mod session;
pub mod subscriptions;
pub mod support;
pub mod test_clock;
pub mod users;
pub mod webhooks;

use crate::auth::{SessionAuth, SESSION_KEY};
use crate::ctx::Ctx;
use crate::error::AppError;
pub use crate::openapi::{Payload, RouteDoc};
use crate::state::AppState;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::handler::Handler;
use axum::http::{header, Method, StatusCode};
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use axum::Router;
use shared::access::Action;
use shared::second_factor::SignInStep;
use tower_sessions::Session;

/// The largest JSON body any endpoint takes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Who may call a route.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone (health, sign-in).
    Public,
    /// A session whose password was right, whatever its second step: the second step itself,
    /// signing out.
    PasswordStep,
    /// A session past the password that may add a second factor: one whose user has none yet
    /// (enrolment, required or not) or one that passed it — never one that has a factor it
    /// hasn't passed, or a password alone would buy a new factor.
    AddSecondFactor,
    /// Any signed-in user, even one who must still change a temporary password.
    SignedIn,
    /// Signed-in users whose roles allow the action.
    Allowed(Action),
}

pub struct ApiRoute {
    pub method: Method,
    /// Under `/api`, in axum's syntax (`/customers/{id}`).
    pub path: &'static str,
    pub access: Access,
    /// What it takes and answers, for the OpenAPI document.
    pub doc: RouteDoc,
    handler: MethodRouter<AppState>,
}

macro_rules! route_constructor {
    ($name:ident, $method:ident, $routing:ident) => {
        pub fn $name<H, T>(path: &'static str, access: Access, handler: H) -> Self
        where
            H: Handler<T, AppState>,
            T: 'static,
        {
            Self {
                method: Method::$method,
                path,
                access,
                doc: RouteDoc::default(),
                handler: axum::routing::$routing(handler),
            }
        }
    };
}

impl ApiRoute {
    route_constructor!(get, GET, get);
    route_constructor!(post, POST, post);
    route_constructor!(put, PUT, put);
    route_constructor!(delete, DELETE, delete);

    /// Its documentation (`crate::openapi`).
    pub fn doc(mut self, doc: RouteDoc) -> Self {
        self.doc = doc;
        self
    }

    /// A larger body limit than the API's default, for this route only (file uploads).
    pub fn with_body_limit(mut self, bytes: usize) -> Self {
        self.handler = self.handler.layer(DefaultBodyLimit::max(bytes));
        self
    }
}

/// Every API route.
pub fn all_routes() -> Vec<ApiRoute> {
    [
        health::routes(),
        openapi::routes(),
        catalog::routes(),
        session::routes(),
        second_factors::routes(),
        password_reset::routes(),
        admin_relationships::routes(),
        admin_templates::routes(),
        access::routes(),
        me::routes(),
        customers::routes(),
        subscriptions::routes(),
        billing::routes(),
        support::routes(),
        dashboard::routes(),
        domains::routes(),
        users::routes(),
        api_tokens::routes(),
        invitations::routes(),
        outbox::routes(),
        audit::routes(),
        imports::routes(),
        profile::routes(),
        links::routes(),
        referrals::routes(),
        webhooks::routes(),
        test_clock::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn api_router(state: AppState) -> Router {
    let mut router = Router::new();
    for route in all_routes() {
        let guarded = route
            .handler
            .route_layer(from_fn_with_state((state.clone(), route.access), authorize));
        router = router.route(route.path, guarded);
    }
    router
        // Unknown API paths get a JSON 404, never the app's index.html.
        .fallback(|| async { AppError::NotFound })
        .method_not_allowed_fallback(|| async {
            AppError::MalformedRequest {
                status: StatusCode::METHOD_NOT_ALLOWED,
                message: "Method not allowed on this resource.".into(),
            }
        })
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn(same_origin_only))
        .with_state(state)
}

/// Resolves who is asking from the session and checks the route's access rule; the `Ctx` then
/// rides along in the request for the handler.
async fn authorize(
    State((state, access)): State<(AppState, Access)>,
    mut request: Request,
    next: Next,
) -> Response {
    if access == Access::Public {
        return next.run(request).await;
    }
    // A program's request: its API token says who it is; the browser session's cookie, if any
    // came along, is not looked at.
    if let Some(secret) = crate::auth::bearer(request.headers()) {
        let secret = secret.to_string();
        return match bearer_ctx(&state, &secret, access).await {
            Ok(ctx) => {
                request.extensions_mut().insert(ctx);
                next.run(request).await
            }
            Err(error) => error.into_response(),
        };
    }
    let Some(session) = request.extensions().get::<Session>().cloned() else {
        return AppError::Internal(anyhow::anyhow!("no session layer")).into_response();
    };
    let (ctx, step) = match signed_in(&state, &session).await {
        Ok(signed_in) => signed_in,
        Err(error) => return error.into_response(),
    };
    if access == Access::PasswordStep
        || (access == Access::AddSecondFactor && step != SignInStep::SecondFactor)
    {
        request.extensions_mut().insert(ctx);
        return next.run(request).await;
    }
    // The second factor comes before everything else, the forced password change included.
    if step != SignInStep::Done {
        return AppError::SecondFactorRequired.into_response();
    }
    if ctx.must_change_password && access != Access::SignedIn {
        return AppError::PasswordChangeRequired.into_response();
    }
    if let Access::Allowed(action) = access {
        if let Err(error) = ctx.require(action) {
            return error.into_response();
        }
    }
    request.extensions_mut().insert(ctx);
    next.run(request).await
}

/// The `Ctx` of a request with an API token: 401 for an unknown, revoked or expired one (checked
/// in the database at every request, so a revocation holds at once on every node), 403 for a
/// route of browser sessions or one its roles don't allow, 429 past its requests per minute.
async fn bearer_ctx(state: &AppState, secret: &str, access: Access) -> Result<Ctx, AppError> {
    if !secret.starts_with(shared::api_token::TOKEN_PREFIX) {
        return Err(AppError::Unauthorized);
    }
    let hash = crate::secret_link::token_hash(secret);
    let ctx = crate::store::api_tokens::ctx_for_secret(&state.db, &hash)
        .await?
        .ok_or(AppError::Unauthorized)?;
    let Access::Allowed(action) = access else {
        // Sign-in, second factors, one's own password: a person's, not a program's.
        return Err(AppError::Forbidden);
    };
    let token_id = ctx.token.as_ref().map(|t| t.id).unwrap_or_default();
    let admitted = state
        .token_limiter
        .admit(token_id, state.sessions.token_requests_per_minute)
        .map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })?;
    ctx.require(action)?;
    if admitted.record_use {
        let mut tx = state.db.write().await?;
        crate::store::api_tokens::mark_used(&mut tx, token_id).await?;
        tx.commit().await?;
    }
    Ok(ctx)
}

/// The signed-in user's `Ctx` and where the session stands after the password, or 401 (ending
/// the session) when there is none, it is past its absolute lifetime, the user was disabled or
/// removed, or changed their password in another session.
pub(crate) async fn signed_in(
    state: &AppState,
    session: &Session,
) -> Result<(Ctx, SignInStep), AppError> {
    let auth: Option<SessionAuth> = session
        .get(SESSION_KEY)
        .await
        .map_err(AppError::session_store)?;
    let Some(auth) = auth else {
        return Err(AppError::Unauthorized);
    };
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let age = now - auth.signed_in_at;
    let ctx = if age >= 0 && (age as u64) < state.sessions.absolute.as_secs() {
        let generation: Option<i64> = session
            .get(crate::session_store::SIGNED_IN_GENERATION_KEY)
            .await
            .map_err(AppError::session_store)?;
        state
            .ctx_cache
            .get(&state.db, auth.user_id, generation)
            .await?
            .filter(|ctx| ctx.session_epoch == auth.epoch)
    } else {
        None
    };
    match ctx {
        Some(ctx) => {
            keep_alive(state, session, now).await?;
            let step = ctx.sign_in_step(auth.second_factor_passed);
            Ok((ctx, step))
        }
        None => {
            session.flush().await.map_err(AppError::session_store)?;
            Err(AppError::Unauthorized)
        }
    }
}

/// Where the session notes when its idle timer was last pushed back (Unix seconds).
const SEEN_AT_KEY: &str = "seen_at";

/// Pushes the idle expiry back while the user is active. The store only writes a session that
/// changed, so this writes `seen_at` — but at most once per `idle / 8` (≤ 1 minute), not on
/// every request: the session ends between 7/8 and all of `idle` after the last request.
async fn keep_alive(state: &AppState, session: &Session, now: i64) -> Result<(), AppError> {
    let every = (state.sessions.idle.as_secs() / 8).clamp(1, 60) as i64;
    let seen_at: Option<i64> = session
        .get(SEEN_AT_KEY)
        .await
        .map_err(AppError::session_store)?;
    if seen_at.is_none_or(|seen| now - seen >= every) {
        session
            .insert(SEEN_AT_KEY, now)
            .await
            .map_err(AppError::session_store)?;
    }
    Ok(())
}

/// CSRF defence: a state-changing request from a browser must come from this origin. Browsers
/// send `Sec-Fetch-Site` (or at least `Origin`) on such requests; clients that send neither are
/// not browsers and carry no ambient cookie risk. Bodies must also be JSON (the extractor's
/// content-type check), which a cross-site form can't send without a CORS preflight.
async fn same_origin_only(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    // A bearer token is no ambient credential: a cross-site page can't make the browser send
    // one (and the `Authorization` header needs a CORS preflight this API never grants).
    if !safe && !from_this_origin(&request) && crate::auth::bearer(request.headers()).is_none() {
        tracing::warn!("cross-site state-changing request refused");
        return AppError::Forbidden.into_response();
    }
    next.run(request).await
}

fn from_this_origin(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.as_bytes(), b"same-origin" | b"none");
    }
    match (headers.get(header::ORIGIN), headers.get(header::HOST)) {
        (Some(origin), Some(host)) => {
            let origin = origin.to_str().unwrap_or_default();
            let host = host.to_str().unwrap_or_default();
            origin
                .split_once("://")
                .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host))
        }
        (Some(_), None) => false,
        (None, _) => true,
    }
}
