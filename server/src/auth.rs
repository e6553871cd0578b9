//! Sign-in: password verification without a timing oracle, per-account and per-address
//! throttling, and the session's record of who signed in when.

use serde::{Deserialize, Serialize};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
use uuid::Uuid;

/// The session key under which the signed-in user is kept.
pub const SESSION_KEY: &str = "auth";

/// What the session stores: only ids and times, never a password or token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionAuth {
    pub user_id: Uuid,
    /// Unix seconds; with the absolute lifetime it ends the session whatever the activity.
    pub signed_in_at: i64,
    /// The user's session epoch at sign-in (`Ctx::session_epoch`); sessions from before the
    /// last password change no longer match.
    #[serde(default)]
    pub epoch: i64,
    /// This session verified a second factor (or enrolled one). Until it does, a user who has
    /// one reaches nothing but the second step (`SignInStep`).
    #[serde(default)]
    pub second_factor_passed: bool,
}

/// How long sessions last.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    /// Ends a session left unused this long.
    pub idle: Duration,
    /// Ends every session this long after sign-in.
    pub absolute: Duration,
    /// Marks the cookie `Secure` (serve behind TLS).
    pub secure_cookies: bool,
    /// Served behind a reverse proxy or load balancer that appends the client's address to
    /// `X-Forwarded-For`: the throttle counts per that address, not per the proxy's.
    pub behind_proxy: bool,
    /// Requests an API token may make per minute (per node), past which it gets 429.
    pub token_requests_per_minute: u32,
}

/// The name of the cookie that tells the app a session probably exists. Not a credential (the
/// session is the HttpOnly `pd_session`); readable by scripts on purpose: the app requests the
/// opened page's data before the session is confirmed only when it is set, so that a signed-out
/// first screen sends nothing that answers 401.
pub const SIGNED_IN_HINT: &str = "pd_signed_in";

impl SessionPolicy {
    /// `Set-Cookie` for the hint: set at sign-in for the session's absolute lifetime, cleared
    /// at sign-out.
    pub fn signed_in_hint(&self, signed_in: bool) -> String {
        let max_age = if signed_in {
            self.absolute.as_secs()
        } else {
            0
        };
        let value = if signed_in { "1" } else { "" };
        let secure = if self.secure_cookies { "; Secure" } else { "" };
        format!("{SIGNED_IN_HINT}={value}; Path=/; Max-Age={max_age}; SameSite=Strict{secure}")
    }
}

/// The client's address for throttling: the TCP peer; or, behind a proxy, the address the
/// proxy appended last to `X-Forwarded-For` (the one it saw — entries before it are whatever the
/// client claimed, and a client can't forge the last one).
pub fn client_address(
    policy: &SessionPolicy,
    peer: IpAddr,
    headers: &axum::http::HeaderMap,
) -> IpAddr {
    if !policy.behind_proxy {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .next_back()
        .and_then(|last| last.trim().parse().ok())
        .unwrap_or(peer)
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
            secure_cookies: false,
            behind_proxy: false,
            token_requests_per_minute: 600,
        }
    }
}

/// The secret of `Authorization: Bearer …`; `Some("")` for an `Authorization` header that
/// isn't a bearer secret (refused, not ignored: a program that sends one means to use it).
pub fn bearer(headers: &axum::http::HeaderMap) -> Option<&str> {
    let value = headers.get(axum::http::header::AUTHORIZATION)?;
    let text = value.to_str().unwrap_or_default().trim();
    let secret = text
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, secret)| secret.trim())
        .unwrap_or_default();
    Some(secret)
}

/// How many requests each API token made in the current minute, on this node, and when this
/// node last wrote its "last used" time. The count is checked and moved under one lock, so
/// concurrent requests can't all slip under the limit.
#[derive(Clone, Default)]
pub struct TokenLimiter {
    uses: Arc<std::sync::Mutex<std::collections::HashMap<Uuid, TokenUse>>>,
}

struct TokenUse {
    window_started: std::time::Instant,
    count: u32,
    recorded: Option<std::time::Instant>,
}

/// How long a window of the token limit lasts, and how often a node notes a token's use.
const TOKEN_WINDOW: Duration = Duration::from_secs(60);

/// A request the token limiter let through.
pub struct TokenAdmitted {
    /// The token's "last used" time is due to be written.
    pub record_use: bool,
}

impl TokenLimiter {
    /// Counts a request of token `id`: through (and whether to note its use), or the seconds
    /// until its next window.
    pub fn admit(&self, id: Uuid, per_minute: u32) -> Result<TokenAdmitted, u64> {
        let now = std::time::Instant::now();
        let mut uses = self.uses.lock().unwrap_or_else(|e| e.into_inner());
        if uses.len() > 100_000 {
            // A bound, not an LRU: forgetting counts only lets a minute start over.
            uses.clear();
        }
        let entry = uses.entry(id).or_insert(TokenUse {
            window_started: now,
            count: 0,
            recorded: None,
        });
        if now.duration_since(entry.window_started) >= TOKEN_WINDOW {
            entry.window_started = now;
            entry.count = 0;
        }
        if entry.count >= per_minute {
            let left = TOKEN_WINDOW.saturating_sub(now.duration_since(entry.window_started));
            return Err(left.as_secs().max(1));
        }
        entry.count += 1;
        let record_use = entry
            .recorded
            .is_none_or(|at| now.duration_since(at) >= TOKEN_WINDOW);
        if record_use {
            entry.recorded = Some(now);
        }
        Ok(TokenAdmitted { record_use })
    }
}

/// Sign-in attempts allowed per account in a window, and per client address: far more per
/// address, so one person's typos behind an office NAT or a proxy don't lock out their
/// colleagues, while spraying many accounts from one address is still slowed.
pub const MAX_FAILURES: usize = 5;
pub const MAX_ADDRESS_FAILURES: usize = 50;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// The sign-in throttle: failed sign-ins in the last 15 minutes, per account and per client
/// address, counted in the database (`store::sign_in_attempts`) so every node sees the same
/// count. Each attempt is reserved *before* its password is verified and stands as a failure
/// unless it succeeds: 40 attempts sent at once verify at most 5 passwords.
#[derive(Clone, Default)]
pub struct Throttle;

/// An attempt the throttle let through; [`Throttle::succeeded`] when its password was right.
pub struct Attempt {
    id: String,
    account_key: String,
}

impl Throttle {
    fn account_key(email: &str) -> String {
        format!("account:{}", email.trim().to_lowercase())
    }

    /// Lets a password attempt through, or 429 with how long until one is allowed again.
    pub async fn reserve(
        &self,
        db: &crate::db::Db,
        email: &str,
        address: IpAddr,
    ) -> Result<Attempt, crate::error::AppError> {
        self.reserve_for(db, Self::account_key(email), address)
            .await
    }

    /// Lets a second-factor attempt of the user through (a code at sign-in, or enrolment's
    /// first code), or 429: the same limits as passwords, counted apart from them, so a
    /// password known to an attacker doesn't buy more guesses at the code.
    pub async fn reserve_second_factor(
        &self,
        db: &crate::db::Db,
        user_id: uuid::Uuid,
        address: IpAddr,
    ) -> Result<Attempt, crate::error::AppError> {
        self.reserve_for(db, format!("second-factor:{user_id}"), address)
            .await
    }

    async fn reserve_for(
        &self,
        db: &crate::db::Db,
        account_key: String,
        address: IpAddr,
    ) -> Result<Attempt, crate::error::AppError> {
        use crate::store::sign_in_attempts::{reserve, Limit};
        let address_key = format!("address:{address}");
        let id = uuid::Uuid::new_v4().to_string();
        let limits = [
            Limit {
                key: &account_key,
                max: MAX_FAILURES as i64,
            },
            Limit {
                key: &address_key,
                max: MAX_ADDRESS_FAILURES as i64,
            },
        ];
        let now_ms = (time::OffsetDateTime::now_utc().unix_timestamp_nanos() / 1_000_000) as i64;
        let window_ms = FAILURE_WINDOW.as_millis() as i64;
        match reserve(db, &id, &limits, now_ms, window_ms).await? {
            Ok(()) => Ok(Attempt { id, account_key }),
            Err(wait_ms) => Err(crate::error::AppError::TooManyRequests {
                retry_after_secs: (wait_ms as u64).div_ceil(1000),
            }),
        }
    }

    /// The attempt signed in: it doesn't count, and the account's count starts over (not the
    /// address's).
    pub async fn succeeded(
        &self,
        db: &crate::db::Db,
        attempt: Attempt,
    ) -> Result<(), crate::error::AppError> {
        crate::store::sign_in_attempts::succeeded(db, &attempt.id, &attempt.account_key).await
    }
}

/// The first enabled account (of those with the e-mail, oldest first) whose password this is.
/// With no account the password is still verified once, against `dummy_hash`: an unknown
/// address answers in the time of a known one.
pub async fn first_match(
    password: &str,
    candidates: Vec<crate::store::users::Credentials>,
    dummy_hash: &Arc<str>,
) -> Option<crate::store::users::Credentials> {
    if candidates.is_empty() {
        verify_password(password.to_owned(), None, dummy_hash.clone()).await;
        return None;
    }
    for candidate in candidates {
        let hash = Some(candidate.password_hash.clone());
        if verify_password(password.to_owned(), hash, dummy_hash.clone()).await
            && !candidate.disabled
        {
            return Some(candidate);
        }
    }
    None
}

/// Verifies a password against a stored argon2id hash in a blocking task. Unknown users are
/// verified against `dummy_hash` so the answer takes as long either way.
pub async fn verify_password(
    password: String,
    stored_hash: Option<String>,
    dummy_hash: Arc<str>,
) -> bool {
    let known = stored_hash.is_some();
    let hash = stored_hash.unwrap_or_else(|| dummy_hash.to_string());
    let matches = crate::password::with_argon2(move || {
        use argon2::password_hash::{PasswordHash, PasswordVerifier};
        PasswordHash::new(&hash)
            .map(|parsed| {
                // With the parameters stored in the hash.
                crate::password::argon2id()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false);
    known && matches
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_account_count_ignores_case_and_a_success_starts_it_over() {
        let dir = tempfile::tempdir().unwrap();
        let location = crate::db::Location::SqliteFile(dir.path().join("throttle.db"));
        let db = crate::db::connect(&location, &crate::db::DbSettings::default())
            .await
            .unwrap();
        let throttle = Throttle;
        let here: IpAddr = "127.0.0.1".parse().unwrap();
        let there: IpAddr = "127.0.0.2".parse().unwrap();
        for _ in 0..4 {
            throttle.reserve(&db, "a@x.example", here).await.unwrap();
        }
        let fifth = throttle.reserve(&db, "A@X.example", there).await.unwrap();
        assert!(
            matches!(
                throttle.reserve(&db, " a@x.EXAMPLE", there).await,
                Err(crate::error::AppError::TooManyRequests { retry_after_secs }) if retry_after_secs > 0
            ),
            "per account, whatever the case or the address"
        );
        assert!(throttle.reserve(&db, "b@x.example", there).await.is_ok());
        throttle.succeeded(&db, fifth).await.unwrap();
        assert!(
            throttle.reserve(&db, "a@x.example", here).await.is_ok(),
            "a success starts the account's count over"
        );
    }

    #[tokio::test]
    async fn hashes_made_with_other_parameters_still_verify_with_theirs() {
        use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
        let salt = SaltString::generate(&mut OsRng);
        // The argon2 crate's default (19 MiB, 2 passes): what earlier versions stored.
        let older = argon2::Argon2::default()
            .hash_password(b"an older password", &salt)
            .unwrap()
            .to_string();
        assert!(older.contains("m=19456,t=2,p=1"), "{older}");
        let dummy: Arc<str> = crate::password::hash("dummy".into()).await.unwrap().into();
        assert!(
            verify_password(
                "an older password".into(),
                Some(older.clone()),
                dummy.clone()
            )
            .await
        );
        assert!(!verify_password("another password".into(), Some(older), dummy).await);
    }
}
