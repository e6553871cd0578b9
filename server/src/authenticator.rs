//! Authenticator apps: TOTP (RFC 6238) as every app implements it — HMAC-SHA-1, 6 digits,
//! 30-second steps — accepting one step of drift either way. The codes come from `totp-rs`; this
//! module picks the parameters, says which step a code matched (so it can't be used twice), and
//! writes what enrolment shows: the `otpauth://` URI and its QR code.

use rand::RngCore;
use shared::second_factor::{AuthenticatorCode, AUTHENTICATOR_DIGITS};
use totp_rs::{Algorithm, TOTP};

pub const STEP_SECONDS: u64 = 30;
/// Steps accepted either side of the current one (a phone's clock a little off).
pub const DRIFT_STEPS: u64 = 1;
/// 160 bits, the size RFC 4226 recommends for HMAC-SHA-1.
pub const SECRET_BYTES: usize = 20;
/// The name apps list the account under.
pub const ISSUER: &str = "PartnerDesk";

pub fn new_secret() -> Vec<u8> {
    let mut secret = vec![0u8; SECRET_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    secret
}

/// The secret as apps take it typed in: base32 without padding.
pub fn secret_base32(secret: &[u8]) -> String {
    base32::encode(base32::Alphabet::Rfc4648 { padding: false }, secret)
}

/// The step a Unix time falls in.
pub fn step_of(unix_seconds: u64) -> u64 {
    unix_seconds / STEP_SECONDS
}

/// The code of `step`, with `digits` digits (6 in use; 8 for the RFC's vectors).
pub fn code_at_step(secret: &[u8], step: u64, digits: usize) -> String {
    TOTP::new_unchecked(Algorithm::SHA1, digits, 0, STEP_SECONDS, secret.to_vec())
        .generate(step * STEP_SECONDS)
}

/// The step whose code `code` is, among the current one and `DRIFT_STEPS` either side; `None`
/// when it matches none. Every candidate is compared (in constant time), whichever matched.
pub fn matching_step(secret: &[u8], code: &AuthenticatorCode, unix_seconds: u64) -> Option<u64> {
    let now = step_of(unix_seconds);
    let mut matched = None;
    for step in now.saturating_sub(DRIFT_STEPS)..=now + DRIFT_STEPS {
        let expected = code_at_step(secret, step, AUTHENTICATOR_DIGITS);
        if constant_time_eq(expected.as_bytes(), code.as_str().as_bytes()) {
            matched = Some(step);
        }
    }
    matched
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// `otpauth://totp/PartnerDesk:alex%40example.com?secret=…&issuer=PartnerDesk&…`, the Key URI
/// Format authenticator apps read from a QR code.
pub fn otpauth_uri(secret: &[u8], account: &str) -> String {
    let mut uri = url::Url::parse("otpauth://totp/").expect("a valid base URI");
    uri.set_path(&format!(
        "{}:{}",
        url::form_urlencoded::byte_serialize(ISSUER.as_bytes()).collect::<String>(),
        url::form_urlencoded::byte_serialize(account.as_bytes()).collect::<String>()
    ));
    uri.query_pairs_mut()
        .append_pair("secret", &secret_base32(secret))
        .append_pair("issuer", ISSUER)
        .append_pair("algorithm", "SHA1")
        .append_pair("digits", &AUTHENTICATOR_DIGITS.to_string())
        .append_pair("period", &STEP_SECONDS.to_string());
    uri.to_string()
}

/// The QR code of `text` as an SVG document (drawn here: no outside service sees the secret).
pub fn qr_svg(text: &str) -> anyhow::Result<String> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M)?;
    Ok(code
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 6238, appendix B: the SHA-1 rows (8 digits, the 20-byte ASCII seed).
    #[test]
    fn the_rfc_6238_vectors() {
        let seed = b"12345678901234567890";
        for (time, code) in [
            (59u64, "94287082"),
            (1_111_111_109, "07081804"),
            (1_111_111_111, "14050471"),
            (1_234_567_890, "89005924"),
            (2_000_000_000, "69279037"),
            (20_000_000_000, "65353130"),
        ] {
            assert_eq!(code_at_step(seed, step_of(time), 8), code, "T = {time}");
        }
    }

    #[test]
    fn one_step_of_drift_either_way_and_no_more() {
        let secret = new_secret();
        let now = 1_700_000_015;
        let step = step_of(now);
        let code_of = |s: u64| {
            AuthenticatorCode::parse(&code_at_step(&secret, s, AUTHENTICATOR_DIGITS)).unwrap()
        };
        assert_eq!(matching_step(&secret, &code_of(step), now), Some(step));
        assert_eq!(
            matching_step(&secret, &code_of(step - 1), now),
            Some(step - 1)
        );
        assert_eq!(
            matching_step(&secret, &code_of(step + 1), now),
            Some(step + 1)
        );
        for far in [step - 2, step + 2] {
            let code = code_of(far);
            // A far step's code may collide with a near one's by chance (1 in 10^6 per pair).
            let near: Vec<String> = (step - 1..=step + 1)
                .map(|s| code_at_step(&secret, s, AUTHENTICATOR_DIGITS))
                .collect();
            if !near.contains(&code.as_str().to_string()) {
                assert_eq!(matching_step(&secret, &code, now), None);
            }
        }
    }

    #[test]
    fn the_uri_and_its_qr_code() {
        let secret = b"12345678901234567890";
        let uri = otpauth_uri(secret, "alex.wu@northwind.example");
        assert_eq!(
            uri,
            "otpauth://totp/PartnerDesk:alex.wu%40northwind.example?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=PartnerDesk&algorithm=SHA1&digits=6&period=30"
        );
        let svg = qr_svg(&uri).unwrap();
        assert!(svg.contains("<svg") && svg.contains("</svg>"));
    }
}
