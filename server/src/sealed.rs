//! Secrets the server must read back — an authenticator app's key, which a hash can't stand in
//! for — sealed with the server's key before they reach the database: XChaCha20-Poly1305 with a
//! random 192-bit nonce, and what the secret belongs to (the user's id) as associated data, so a
//! sealed value copied onto another row doesn't open. A database copy without the key holds no
//! usable secret.

use anyhow::{anyhow, Context};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use std::path::Path;
use std::sync::Arc;

/// The sealed format's version, first in every stored value (a later key or cipher gets `v2:`).
const PREFIX: &str = "v1:";

/// The server's sealing key: 32 bytes, from `--secret-key` (base64), or from a key file kept
/// beside an SQLite database.
#[derive(Clone)]
pub struct SealingKey(Arc<Key>);

impl std::fmt::Debug for SealingKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SealingKey(…)")
    }
}

impl SealingKey {
    /// A new random key.
    pub fn generate() -> SealingKey {
        SealingKey(Arc::new(XChaCha20Poly1305::generate_key(&mut OsRng)))
    }

    /// A key written as base64 (standard alphabet): 32 bytes.
    pub fn from_base64(text: &str) -> anyhow::Result<SealingKey> {
        let bytes = STANDARD
            .decode(text.trim())
            .context("the secret key is not base64")?;
        if bytes.len() != 32 {
            return Err(anyhow!(
                "the secret key must be 32 bytes (44 characters of base64), not {}",
                bytes.len()
            ));
        }
        Ok(SealingKey(Arc::new(*Key::from_slice(&bytes))))
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_slice())
    }

    /// The key in `path`, or a new one written there (readable by its owner only) when the
    /// file doesn't exist.
    pub fn load_or_create(path: &Path) -> anyhow::Result<SealingKey> {
        match std::fs::read_to_string(path) {
            Ok(text) => SealingKey::from_base64(&text)
                .with_context(|| format!("reading the key file {}", path.display())),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                let key = SealingKey::generate();
                write_private(path, &key.to_base64())
                    .with_context(|| format!("writing the key file {}", path.display()))?;
                Ok(key)
            }
            Err(error) => {
                Err(error).with_context(|| format!("reading the key file {}", path.display()))
            }
        }
    }

    /// `secret` sealed for `owner`: `v1:` and base64 of nonce and ciphertext.
    pub fn seal(&self, secret: &[u8], owner: &str) -> String {
        let cipher = XChaCha20Poly1305::new(&self.0);
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: secret,
                    aad: owner.as_bytes(),
                },
            )
            .expect("XChaCha20-Poly1305 seals any message of this size");
        let mut bytes = nonce.to_vec();
        bytes.extend_from_slice(&sealed);
        format!("{PREFIX}{}", STANDARD.encode(bytes))
    }

    /// The secret sealed for `owner`; an error when it was sealed with another key, for another
    /// owner, or altered.
    pub fn open(&self, sealed: &str, owner: &str) -> anyhow::Result<Vec<u8>> {
        let encoded = sealed
            .strip_prefix(PREFIX)
            .ok_or_else(|| anyhow!("unknown sealed format"))?;
        let bytes = STANDARD.decode(encoded).context("sealed value")?;
        if bytes.len() < 24 {
            return Err(anyhow!("sealed value too short"));
        }
        let (nonce, sealed) = bytes.split_at(24);
        XChaCha20Poly1305::new(&self.0)
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: owner.as_bytes(),
                },
            )
            .map_err(|_| anyhow!("the sealed value doesn't open with this key for this owner"))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_for_its_owner() {
        let key = SealingKey::generate();
        let sealed = key.seal(b"twenty bytes secret!", "user-1");
        assert!(sealed.starts_with("v1:"));
        assert!(!sealed.contains("twenty"));
        assert_eq!(
            key.open(&sealed, "user-1").unwrap(),
            b"twenty bytes secret!"
        );
        assert!(key.open(&sealed, "user-2").is_err(), "another owner");
        assert!(
            SealingKey::generate().open(&sealed, "user-1").is_err(),
            "another key"
        );
        let mut altered = sealed.clone();
        altered.pop();
        altered.push(if sealed.ends_with('A') { 'B' } else { 'A' });
        assert!(key.open(&altered, "user-1").is_err(), "altered");
        assert_ne!(
            sealed,
            key.seal(b"twenty bytes secret!", "user-1"),
            "a new nonce each time"
        );
    }

    #[test]
    fn the_key_file_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys/partnerdesk.key");
        let made = SealingKey::load_or_create(&path).unwrap();
        let read = SealingKey::load_or_create(&path).unwrap();
        assert_eq!(made.to_base64(), read.to_base64());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        assert!(SealingKey::from_base64("c2hvcnQ=").is_err());
    }
}
