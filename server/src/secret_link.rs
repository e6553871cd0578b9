//! The secrets of links sent by e-mail (invitations, password resets): 256 random bits, and
//! the SHA-256 the database keeps instead of the secret.

use base64::Engine;
use rand::RngCore;
use sha2::Digest;

/// A new link secret: 32 random bytes, base64url (43 characters).
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// What the database stores of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    let digest = sha2::Sha256::digest(token.trim().as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}
