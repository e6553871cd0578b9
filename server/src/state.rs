//! What every handler can reach: the database and the shared services of the process.

use crate::auth::SessionPolicy;
use crate::db::Db;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub throttle: crate::auth::Throttle,
    /// Verified against for unknown e-mails, so sign-in takes as long either way.
    pub dummy_hash: Arc<str>,
    pub sessions: SessionPolicy,
    /// Each API token's requests this minute (per node).
    pub token_limiter: crate::auth::TokenLimiter,
    /// Seals the secrets the server must read back (authenticator apps').
    pub sealing_key: crate::sealed::SealingKey,
    /// The WebAuthn relying party (passkeys), at the public URL.
    pub webauthn: Arc<webauthn_rs::Webauthn>,
    pub mailer: crate::mail::Mailer,
    pub ctx_cache: crate::ctx_cache::CtxCache,
    /// Customer creation, written in batches (group commit).
    pub creations: crate::service::creations::Creations,
    /// The date the sweeps go by (movable in tests only).
    pub clock: crate::clock::Clock,
    /// Where webhook endpoints may point.
    pub webhooks: crate::webhooks::WebhookPolicy,
}
