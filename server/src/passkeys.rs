//! The WebAuthn relying party: PartnerDesk at its public URL, as browsers check passkeys against
//! it (the `webauthn-rs` library does the ceremonies; this module only says who we are).

use anyhow::Context;
use std::net::IpAddr;
use webauthn_rs::prelude::{Url, Webauthn, WebauthnBuilder};

/// The relying party at `public_url` (where users reach the app). Browsers refuse an IP address
/// as a relying party's id, so a loopback address (a server tried on one machine) is served as
/// `localhost` on the same port: passkeys work there when the app is opened at
/// `http://localhost:PORT`.
pub fn relying_party(public_url: &str) -> anyhow::Result<Webauthn> {
    let mut origin = Url::parse(public_url).context("the public URL")?;
    let loopback = origin
        .host_str()
        .and_then(|h| h.trim_matches(['[', ']']).parse::<IpAddr>().ok())
        .is_some_and(|ip| ip.is_loopback());
    if loopback {
        origin
            .set_host(Some("localhost"))
            .map_err(|e| anyhow::anyhow!("the public URL's host: {e}"))?;
    }
    let id = origin
        .host_str()
        .context("the public URL has no host")?
        .to_string();
    WebauthnBuilder::new(&id, &origin)
        .and_then(|builder| builder.rp_name("PartnerDesk").build())
        .map_err(|e| anyhow::anyhow!("the WebAuthn relying party for {origin}: {e}"))
}

/// A credential id as stored, shown and put in URLs: base64url without padding, as WebAuthn's
/// JSON writes it.
pub fn credential_id(id: &webauthn_rs::prelude::CredentialID) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relying_party_is_the_public_host_and_loopback_is_localhost() {
        assert!(relying_party("https://desk.contoso.example").is_ok());
        assert!(relying_party("http://127.0.0.1:3000").is_ok());
        assert!(relying_party("not a url").is_err());
    }

    #[test]
    fn a_credential_id_is_base64url() {
        assert_eq!(credential_id(&vec![0xfb, 0xff, 0x01]), "-_8B");
    }
}
