//! Passwords: argon2id hashes, computed off the async runtime.

use anyhow::Context;
use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
use argon2::Argon2;
use rand::Rng;

/// A temporary password a person can type: 16 characters from an alphabet without look-alikes
/// (no 0/O, 1/l/I), with at least one letter of each case and a digit.
pub fn generate_temporary() -> String {
    const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
    const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
    const DIGITS: &[u8] = b"23456789";
    let mut rng = rand::thread_rng();
    loop {
        let all: Vec<u8> = [UPPER, LOWER, DIGITS].concat();
        let candidate: String = (0..16)
            .map(|_| all[rng.gen_range(0..all.len())] as char)
            .collect();
        let has = |set: &[u8]| candidate.bytes().any(|b| set.contains(&b));
        if has(UPPER) && has(LOWER) && has(DIGITS) {
            return candidate;
        }
    }
}

/// argon2id with OWASP's 7 MiB variant: memory 7 MiB, 5 passes, 1 lane. The cheat sheet lists
/// it as the same defence as the crate's default (19 MiB, 2 passes) — a pass over less memory
/// costs an attacker proportionally less, so it takes more passes — and it costs about the same
/// CPU time. The server keeps that memory only while it hashes, but it sets the high-water mark
/// of the whole process: the default made up a fifth of the server's peak memory. Hashes keep
/// their parameters, so older ones still verify with theirs.
pub fn argon2id() -> Argon2<'static> {
    let params = argon2::Params::new(7 * 1024, 5, 1, None).expect("valid argon2 parameters");
    Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params)
}

/// Whether a stored hash was made with other parameters than `argon2id()`'s (an older version's):
/// it is replaced at the next sign-in, when the password is at hand.
pub fn needs_rehash(stored: &str) -> bool {
    use argon2::password_hash::PasswordHash;
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let current = argon2id();
    let params = current.params();
    parsed.algorithm != argon2::Algorithm::Argon2id.ident()
        || parsed.version != Some(argon2::Version::V0x13.into())
        || argon2::Params::try_from(&parsed).map_or(true, |p| {
            (p.m_cost(), p.t_cost(), p.p_cost())
                != (params.m_cost(), params.t_cost(), params.p_cost())
        })
}

/// Runs argon2 work (7 MiB and tens of milliseconds each) at most one per core at a time: a
/// burst of sign-ins queues here instead of taking a blocking thread and its memory each.
pub async fn with_argon2<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<T> {
    static PERMITS: std::sync::OnceLock<tokio::sync::Semaphore> = std::sync::OnceLock::new();
    let permits = PERMITS.get_or_init(|| {
        tokio::sync::Semaphore::new(std::thread::available_parallelism().map_or(2, |n| n.get()))
    });
    let _permit = permits.acquire().await.context("argon2 permits")?;
    tokio::task::spawn_blocking(work)
        .await
        .context("password hashing task")
}

/// The stored form of a secret PartnerDesk generated itself (a customer admin's temporary
/// password: 16 characters from 57, about 93 bits). argon2id's cost protects guessable,
/// human-chosen passwords; a secret this random can't be guessed, so SHA-256 keeps it as safe
/// (like invitation tokens) and creating customers doesn't spend 20 ms of CPU and 7 MiB each.
pub fn digest_generated(secret: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(format!("partnerdesk-customer-admin:{secret}").as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

/// Hashes with `argon2id()` in a blocking task.
pub async fn hash(password: String) -> anyhow::Result<String> {
    with_argon2(move || {
        let salt = SaltString::generate(&mut OsRng);
        argon2id()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
    .await?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_passwords_are_strong_and_distinct() {
        let a = generate_temporary();
        let b = generate_temporary();
        assert_eq!(a.len(), 16);
        assert_ne!(a, b);
        assert!(a.chars().any(|c| c.is_ascii_digit()));
    }

    #[test]
    fn generated_secrets_are_digested() {
        let d = digest_generated("Abc23defGhi45jkL");
        assert!(d.starts_with("sha256:"));
        assert_eq!(d.len(), "sha256:".len() + 64);
        assert_ne!(d, digest_generated("Abc23defGhi45jkM"));
    }

    #[tokio::test]
    async fn only_hashes_with_other_parameters_need_renewing() {
        use argon2::password_hash::PasswordHasher;
        let current = hash("correct horse battery".into()).await.unwrap();
        assert!(!needs_rehash(&current));
        let older = Argon2::default()
            .hash_password(b"correct horse battery", &SaltString::generate(&mut OsRng))
            .unwrap()
            .to_string();
        assert!(needs_rehash(&older));
        assert!(!needs_rehash("sha256:not an argon2 hash"));
    }

    #[tokio::test]
    async fn hashes_are_argon2id() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=7168,t=5,p=1$"), "{h}");
    }
}
