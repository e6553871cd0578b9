//! Sign-in: password verification without a timing oracle, per-account and per-address
//! throttling, and the session's record of who signed in when.

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

/// The session key under which the signed-in user is kept.
pub const SESSION_KEY: &str = "auth";

/// What the session stores: only ids and times, never a password or token.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct SessionAuth {
    pub user_id: Uuid,
    /// Unix seconds; with the absolute lifetime it ends the session whatever the activity.
    pub signed_in_at: i64,
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
}

impl Default for SessionPolicy {
    fn default() -> Self {
        Self {
            idle: Duration::from_secs(30 * 60),
            absolute: Duration::from_secs(12 * 60 * 60),
            secure_cookies: false,
        }
    }
}

pub const MAX_FAILURES: usize = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Failed sign-ins in the last 15 minutes, per account and per client address. In memory: a
/// restart forgets them, which only ever helps a legitimate user.
#[derive(Clone, Default)]
pub struct Throttle {
    failures: Arc<Mutex<HashMap<String, VecDeque<Instant>>>>,
}

impl Throttle {
    fn keys(email: &str, address: IpAddr) -> [String; 2] {
        [
            format!("account:{}", email.trim().to_lowercase()),
            format!("address:{address}"),
        ]
    }

    /// How long until another attempt is allowed, if it is blocked now.
    pub fn blocked_for(&self, email: &str, address: IpAddr) -> Option<Duration> {
        let now = Instant::now();
        let mut failures = self.failures.lock().expect("throttle lock");
        Self::keys(email, address)
            .iter()
            .filter_map(|key| {
                let list = failures.get_mut(key)?;
                while list
                    .front()
                    .is_some_and(|t| now.duration_since(*t) >= FAILURE_WINDOW)
                {
                    list.pop_front();
                }
                (list.len() >= MAX_FAILURES)
                    .then(|| FAILURE_WINDOW.saturating_sub(now.duration_since(list[0])))
            })
            .max()
    }

    pub fn record_failure(&self, email: &str, address: IpAddr) {
        let now = Instant::now();
        let mut failures = self.failures.lock().expect("throttle lock");
        for key in Self::keys(email, address) {
            failures.entry(key).or_default().push_back(now);
        }
    }

    /// A successful sign-in clears the account's count (not the address's).
    pub fn record_success(&self, email: &str) {
        let key = format!("account:{}", email.trim().to_lowercase());
        self.failures.lock().expect("throttle lock").remove(&key);
    }
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

    #[test]
    fn five_failures_block_the_account_and_the_address() {
        let throttle = Throttle::default();
        let here: IpAddr = "127.0.0.1".parse().unwrap();
        let there: IpAddr = "127.0.0.2".parse().unwrap();
        for _ in 0..4 {
            throttle.record_failure("a@x.example", here);
        }
        assert!(throttle.blocked_for("a@x.example", here).is_none());
        throttle.record_failure("A@X.example", there);
        assert!(
            throttle.blocked_for("a@x.example", there).is_some(),
            "per account"
        );
        assert!(throttle.blocked_for("b@x.example", there).is_none());
        throttle.record_success("a@x.example");
        assert!(throttle.blocked_for("a@x.example", there).is_none());
        for i in 0..5 {
            throttle.record_failure(&format!("user{i}@x.example"), here);
        }
        assert!(
            throttle.blocked_for("new@x.example", here).is_some(),
            "per address"
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
