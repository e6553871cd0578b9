//! Sending webhooks as the Standard Webhooks specification says: each delivery signed with the
//! endpoint's secret (HMAC-SHA256 over `{webhook-id}.{webhook-timestamp}.{body}`), retried on
//! `shared::webhook::RETRY_WAITS_SECS`, and only ever to public addresses — the server would
//! otherwise be a way into its own network (server-side request forgery): every name is
//! resolved and every address checked before each attempt, the connection goes to the address
//! checked, redirects aren't followed, an attempt ends after 10 s and at most 1 KB of the answer
//! is read.

use crate::db::Db;
use crate::sealed::SealingKey;
use crate::store::webhooks::{self as store, Attempt, Due};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use shared::webhook::{
    retry_wait_secs, DeliveryFailure, DeliveryStatus, ATTEMPT_TIMEOUT_SECS, KEPT_RESPONSE_BYTES,
    SECRET_PREFIX,
};
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

/// Where webhooks may go.
#[derive(Clone, Copy, Debug, Default)]
pub struct WebhookPolicy {
    /// Plain `http://` to this machine's loopback addresses (tests' receivers); off in
    /// production (`serve --allow-local-webhooks`).
    pub allow_local: bool,
}

/// A new endpoint secret: `whsec_` and the base64 of 32 random bytes.
pub fn new_secret() -> String {
    let mut key = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut key);
    format!(
        "{SECRET_PREFIX}{}",
        base64::engine::general_purpose::STANDARD.encode(key)
    )
}

/// The signing key inside a `whsec_…` secret.
fn key_of(secret: &str) -> anyhow::Result<Vec<u8>> {
    let encoded = secret.strip_prefix(SECRET_PREFIX).unwrap_or(secret);
    Ok(base64::engine::general_purpose::STANDARD.decode(encoded)?)
}

/// One `v1,…` signature of a message with a key.
pub fn sign(secret: &str, message_id: &str, timestamp: i64, body: &str) -> anyhow::Result<String> {
    let mut mac = Hmac::<Sha256>::new_from_slice(&key_of(secret)?)?;
    mac.update(format!("{message_id}.{timestamp}.{body}").as_bytes());
    Ok(format!(
        "v1,{}",
        base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
    ))
}

/// Why an address may not receive webhooks.
#[derive(Debug, PartialEq, Eq)]
pub enum TargetRefused {
    /// Not an absolute http(s) address with a host, or plain http where it isn't allowed.
    Invalid,
    /// It leads to a private, loopback, link-local or otherwise non-public address.
    NotPublic,
    /// Its name didn't resolve (now).
    Unresolved,
}

/// Whether an address is on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || v4.is_documentation()
                // Shared address space (carrier-grade NAT), "this network", benchmarking,
                // reserved.
                || (a == 100 && (64..128).contains(&b))
                || a == 0
                || (a == 198 && (18..20).contains(&b))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // Unique local fc00::/7, link-local fe80::/10, documentation 2001:db8::/32.
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || (first == 0x2001 && v6.segments()[1] == 0x0db8))
        }
    }
}

/// The addresses an endpoint's URL leads to, each allowed, or why not. A name that doesn't
/// resolve is `Unresolved` (the caller decides: registration accepts it, a delivery retries).
pub async fn resolve_target(
    url: &str,
    policy: WebhookPolicy,
) -> Result<(url::Url, Vec<SocketAddr>), TargetRefused> {
    let parsed = url::Url::parse(url).map_err(|_| TargetRefused::Invalid)?;
    let host = parsed.host().ok_or(TargetRefused::Invalid)?.to_owned();
    let port = parsed
        .port_or_known_default()
        .ok_or(TargetRefused::Invalid)?;
    let addrs: Vec<SocketAddr> = match &host {
        url::Host::Ipv4(ip) => vec![SocketAddr::new(IpAddr::V4(*ip), port)],
        url::Host::Ipv6(ip) => vec![SocketAddr::new(IpAddr::V6(*ip), port)],
        url::Host::Domain(name) => tokio::net::lookup_host((name.as_str(), port))
            .await
            .map_err(|_| TargetRefused::Unresolved)?
            .collect(),
    };
    if addrs.is_empty() {
        return Err(TargetRefused::Unresolved);
    }
    let local_allowed = |ip: IpAddr| policy.allow_local && ip.is_loopback();
    match parsed.scheme() {
        "https" => {}
        // Plain http only to a test receiver on this machine.
        "http" if addrs.iter().all(|a| local_allowed(a.ip())) => {}
        "http" if addrs.iter().any(|a| !is_public(a.ip())) => return Err(TargetRefused::NotPublic),
        _ => return Err(TargetRefused::Invalid),
    }
    if addrs
        .iter()
        .any(|a| !is_public(a.ip()) && !local_allowed(a.ip()))
    {
        return Err(TargetRefused::NotPublic);
    }
    Ok((parsed, addrs))
}

/// Starts the delivery worker.
pub fn start(db: Db, key: SealingKey, policy: WebhookPolicy) {
    tokio::spawn(deliver_forever(db, key, policy));
}

async fn deliver_forever(db: Db, key: SealingKey, policy: WebhookPolicy) {
    loop {
        // One node at a time (several share the deliveries on PostgreSQL): an attempt is
        // recorded before the turn ends, so the next node's round doesn't see it as due.
        match db.try_job_turn(crate::db::Job::WebhookDelivery).await {
            Ok(Some(turn)) => {
                if let Err(error) = deliver_due(&db, &key, policy).await {
                    tracing::warn!(error = ?error, "webhook delivery round failed");
                }
                turn.release().await;
            }
            Ok(None) => {}
            Err(error) => tracing::warn!(error = %error, "webhook delivery: no database"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}

async fn deliver_due(db: &Db, key: &SealingKey, policy: WebhookPolicy) -> anyhow::Result<()> {
    let due = store::due(db, &crate::timestamp::now(), 20).await?;
    // Endpoints answer at their own pace: a slow one doesn't hold the others' deliveries.
    let attempts = due.iter().map(|delivery| attempt(delivery, key, policy));
    let outcomes = futures_util::future::join_all(attempts).await;
    for (delivery, outcome) in due.iter().zip(outcomes) {
        let attempts = u32::try_from(delivery.attempts + 1).unwrap_or(u32::MAX);
        let (status, retry_at) = match outcome.response_code {
            Some(code) if (200..300).contains(&code) => (DeliveryStatus::Delivered, None),
            _ => match retry_wait_secs(attempts) {
                Some(wait) => (
                    DeliveryStatus::Pending,
                    Some(crate::timestamp::format(
                        time::OffsetDateTime::now_utc() + time::Duration::seconds(wait as i64),
                    )),
                ),
                None => (DeliveryStatus::Failed, None),
            },
        };
        tracing::info!(delivery_id = %delivery.id, attempts, status = status.as_str(),
            code = ?outcome.response_code, "webhook attempt");
        store::record_attempt(db, &delivery.id, status, retry_at.as_deref(), &outcome).await?;
    }
    Ok(())
}

fn refused(failure: DeliveryFailure) -> Attempt {
    Attempt {
        response_code: None,
        answer: None,
        failure: Some(failure),
    }
}

async fn attempt(delivery: &Due, key: &SealingKey, policy: WebhookPolicy) -> Attempt {
    let (url, addrs) = match resolve_target(&delivery.url, policy).await {
        Ok(target) => target,
        Err(TargetRefused::Unresolved) => return refused(DeliveryFailure::Unresolved),
        Err(TargetRefused::NotPublic) => return refused(DeliveryFailure::NotPublic),
        // Checked when the endpoint was added: only a changed rule could get here.
        Err(TargetRefused::Invalid) => return refused(DeliveryFailure::Unreachable),
    };
    let signatures = match signatures(delivery, key) {
        Ok(signatures) => signatures,
        Err(error) => {
            tracing::error!(error = %error, endpoint_id = %delivery.endpoint_id, "webhook secret");
            return refused(DeliveryFailure::Unsigned);
        }
    };
    // The connection goes to the address just checked, whatever the name resolves to next.
    let mut client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(ATTEMPT_TIMEOUT_SECS))
        .user_agent("PartnerDesk-Webhooks/1");
    if let Some(url::Host::Domain(name)) = url.host() {
        client = client.resolve(name, addrs[0]);
    }
    let client = match client.build() {
        Ok(client) => client,
        Err(error) => {
            tracing::error!(error = %error, "webhook client");
            return refused(DeliveryFailure::Unreachable);
        }
    };
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.message_id)
        .header("webhook-timestamp", signatures.0.to_string())
        .header("webhook-signature", signatures.1)
        .body(delivery.payload.clone())
        .send()
        .await;
    match sent {
        Ok(mut response) => {
            let code = response.status().as_u16();
            let mut kept = Vec::new();
            while kept.len() < KEPT_RESPONSE_BYTES {
                match response.chunk().await {
                    Ok(Some(chunk)) => kept.extend_from_slice(&chunk),
                    _ => break,
                }
            }
            kept.truncate(KEPT_RESPONSE_BYTES);
            Attempt {
                response_code: Some(code),
                answer: Some(String::from_utf8_lossy(&kept).into_owned()),
                failure: None,
            }
        }
        Err(error) if error.is_timeout() => refused(DeliveryFailure::Timeout),
        Err(error) => {
            tracing::info!(endpoint_id = %delivery.endpoint_id, error = %without_url(&error),
                "webhook not delivered");
            refused(DeliveryFailure::Unreachable)
        }
    }
}

/// An error's text without the URL (it may carry a token the partner put in the query).
fn without_url(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(url.as_str(), "the endpoint");
    }
    text
}

/// The timestamp and the `webhook-signature` header: the current secret's signature, and the
/// previous one's while a rotation overlaps.
fn signatures(delivery: &Due, key: &SealingKey) -> anyhow::Result<(i64, String)> {
    let timestamp = time::OffsetDateTime::now_utc().unix_timestamp();
    let owner = &delivery.endpoint_id;
    let current = String::from_utf8(key.open(&delivery.secret_sealed, owner)?)?;
    let mut header = sign(&current, &delivery.message_id, timestamp, &delivery.payload)?;
    let overlapping = delivery
        .previous_until
        .as_deref()
        .is_some_and(|until| until > crate::timestamp::now().as_str());
    if let (Some(previous), true) = (&delivery.previous_sealed, overlapping) {
        let previous = String::from_utf8(key.open(previous, owner)?)?;
        header.push(' ');
        header.push_str(&sign(
            &previous,
            &delivery.message_id,
            timestamp,
            &delivery.payload,
        )?);
    }
    Ok((timestamp, header))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signs_the_specifications_example() {
        // The example of the Standard Webhooks libraries' tests.
        let signature = sign(
            "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
            "msg_p5jXN8AQM9LWM0D4loKWxJek",
            1614265330,
            r#"{"test": 2432232314}"#,
        )
        .unwrap();
        assert_eq!(signature, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    #[test]
    fn new_secrets_carry_32_random_bytes() {
        let (a, b) = (new_secret(), new_secret());
        assert_ne!(a, b);
        assert!(a.starts_with("whsec_"));
        assert_eq!(key_of(&a).unwrap().len(), 32);
    }

    #[test]
    fn only_public_addresses_are_public() {
        for private in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1",
            "2001:db8::1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["93.184.216.34", "1.1.1.1", "2606:4700::1111"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }

    #[tokio::test]
    async fn targets_are_checked_before_anything_is_sent() {
        let strict = WebhookPolicy { allow_local: false };
        let local = WebhookPolicy { allow_local: true };
        for (url, policy, expected) in [
            ("http://127.0.0.1:9/hook", strict, TargetRefused::NotPublic),
            ("https://127.0.0.1/hook", strict, TargetRefused::NotPublic),
            ("https://[::1]/hook", strict, TargetRefused::NotPublic),
            ("https://localhost/hook", strict, TargetRefused::NotPublic),
            (
                "https://169.254.169.254/latest",
                local,
                TargetRefused::NotPublic,
            ),
            ("http://10.0.0.8/hook", local, TargetRefused::NotPublic),
            ("http://93.184.216.34/hook", strict, TargetRefused::Invalid),
            ("ftp://93.184.216.34/", strict, TargetRefused::Invalid),
        ] {
            assert_eq!(
                resolve_target(url, policy).await.err(),
                Some(expected),
                "{url}"
            );
        }
        assert!(resolve_target("http://127.0.0.1:9/hook", local)
            .await
            .is_ok());
        assert!(resolve_target("https://93.184.216.34/hook", strict)
            .await
            .is_ok());
    }
}
