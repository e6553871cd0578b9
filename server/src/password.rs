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

/// Hashes with argon2id (the crate's default parameters) in a blocking task.
pub async fn hash(password: String) -> anyhow::Result<String> {
    tokio::task::spawn_blocking(move || {
        let salt = SaltString::generate(&mut OsRng);
        Argon2::default()
            .hash_password(password.as_bytes(), &salt)
            .map(|h| h.to_string())
            .map_err(|e| anyhow::anyhow!("argon2: {e}"))
    })
    .await
    .context("password hashing task")?
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

    #[tokio::test]
    async fn hashes_are_argon2id() {
        let h = hash("correct horse battery".into()).await.unwrap();
        assert!(h.starts_with("$argon2id$"));
    }
}
