//! The second step of signing in: where a session stands once the password was right, the code a
//! user types there (from an authenticator app, or a one-time recovery code), and the wire types
//! of enrolment. The server decides with these rules and the app shows what they decide.

use crate::validation::{Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

code_enum! {
    /// What a session may do after the password.
    pub enum SignInStep {
        /// Everything the user's roles allow.
        Done = "done",
        /// The user has a second factor: nothing works until it passes.
        SecondFactor = "second_factor",
        /// The partner requires multi-factor and the user has no second factor yet: enrolment
        /// first, nothing else.
        EnrolSecondFactor = "enrol_second_factor",
    }
}

impl SignInStep {
    /// The step of a session: `has_second_factor` (the user enrolled one), `required` (the
    /// partner's "require multi-factor"), `passed` (this session verified a second factor).
    pub fn after_password(has_second_factor: bool, required: bool, passed: bool) -> SignInStep {
        match (has_second_factor, passed) {
            (true, true) => SignInStep::Done,
            (true, false) => SignInStep::SecondFactor,
            (false, _) if required => SignInStep::EnrolSecondFactor,
            (false, _) => SignInStep::Done,
        }
    }
}

/// Digits of an authenticator code (RFC 6238 with the usual 6).
pub const AUTHENTICATOR_DIGITS: usize = 6;
/// Recovery codes a user gets at once.
pub const RECOVERY_CODE_COUNT: usize = 10;
/// Characters of a recovery code (base32, lowercase): 80 random bits.
pub const RECOVERY_CODE_CHARS: usize = 16;

/// A code as typed at the second step: six digits from the app, or a recovery code. Spaces and
/// hyphens are ignored (apps show `123 456`, the codes are shown as `abcd-efgh-…`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecondFactorCode {
    Authenticator(AuthenticatorCode),
    Recovery(RecoveryCode),
}

impl SecondFactorCode {
    pub fn parse(input: &str) -> Result<SecondFactorCode, FieldError> {
        let compact = compact(input);
        if compact.is_empty() {
            return Err(FieldError::Required);
        }
        if compact.chars().all(|c| c.is_ascii_digit()) {
            return AuthenticatorCode::parse(&compact).map(SecondFactorCode::Authenticator);
        }
        RecoveryCode::parse(&compact).map(SecondFactorCode::Recovery)
    }
}

fn compact(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Six digits from an authenticator app.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthenticatorCode(String);

impl AuthenticatorCode {
    pub fn parse(input: &str) -> Result<AuthenticatorCode, FieldError> {
        let compact = compact(input);
        if compact.is_empty() {
            return Err(FieldError::Required);
        }
        if compact.len() == AUTHENTICATOR_DIGITS && compact.chars().all(|c| c.is_ascii_digit()) {
            Ok(AuthenticatorCode(compact))
        } else {
            Err(FieldError::InvalidFormat { hint: None })
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A one-time recovery code: 16 base32 characters (RFC 4648 alphabet, lowercase), shown in
/// groups of four.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecoveryCode(String);

impl RecoveryCode {
    pub fn parse(input: &str) -> Result<RecoveryCode, FieldError> {
        let compact = compact(input);
        let base32 = |c: char| c.is_ascii_lowercase() || ('2'..='7').contains(&c);
        if compact.chars().count() == RECOVERY_CODE_CHARS && compact.chars().all(base32) {
            Ok(RecoveryCode(compact))
        } else {
            Err(FieldError::InvalidFormat { hint: None })
        }
    }

    /// The code without separators: what is hashed and stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// As shown to the user: `abcd-efgh-ijkl-mnop`.
    pub fn display(&self) -> String {
        let chars: Vec<char> = self.0.chars().collect();
        chars
            .chunks(4)
            .map(|group| group.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join("-")
    }
}

/// `POST /api/session/second-factor` and `POST /api/me/authenticator/confirm`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SecondFactorForm {
    pub code: String,
}

impl SecondFactorForm {
    /// The second step's code: an authenticator code or a recovery code.
    pub fn parse(&self) -> Result<SecondFactorCode, FieldErrors> {
        SecondFactorCode::parse(&self.code).map_err(|e| FieldErrors::from([(Field::Code, e)]))
    }

    /// Enrolment's first code: an authenticator code only.
    pub fn parse_authenticator(&self) -> Result<AuthenticatorCode, FieldErrors> {
        AuthenticatorCode::parse(&self.code).map_err(|e| FieldErrors::from([(Field::Code, e)]))
    }
}

/// The answer to `POST /api/me/authenticator`: what the app shows to set up an authenticator.
/// The secret is sent this once (until enrolment is confirmed, a new start makes a new one).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthenticatorSetup {
    /// Base32, as authenticator apps take it typed in.
    pub secret: String,
    /// `otpauth://totp/…`, what the QR code holds.
    pub otpauth_uri: String,
    /// The QR code of `otpauth_uri`, an SVG document drawn by the server.
    pub qr_svg: String,
}

/// Recovery codes, shown once (after enrolment, or when made anew).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    pub codes: Vec<String>,
}

/// `GET /api/me/second-factors`: the user's own second factors.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SecondFactorStatus {
    /// An authenticator app is enrolled.
    pub authenticator: bool,
    /// The user's passkeys, oldest first.
    pub passkeys: Vec<PasskeyInfo>,
    /// Recovery codes not used yet.
    pub recovery_codes_left: u32,
    /// The partner requires multi-factor sign-in.
    pub required: bool,
}

/// A passkey as its owner sees it (never its key material).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyInfo {
    /// The credential id, base64url.
    pub id: String,
    pub name: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub last_used_at: Option<String>,
}

/// What a passkey is called: 1–50 characters, the rules of names.
pub const PASSKEY_NAME_MAX: usize = 50;

/// `POST /api/me/passkeys`: the name given and the browser's answer to the registration
/// challenge (`PublicKeyCredential.toJSON()`), passed through to the WebAuthn library.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewPasskey {
    #[serde(default)]
    pub name: String,
    pub credential: serde_json::Value,
}

impl NewPasskey {
    /// The name, trimmed; `name` is the field.
    pub fn parse_name(name: &str) -> Result<String, FieldErrors> {
        let value = name.trim();
        let error = match crate::text::char_len(value) {
            0 => Some(FieldError::Required),
            n if n > PASSKEY_NAME_MAX => Some(FieldError::TooLong {
                max: PASSKEY_NAME_MAX as u32,
            }),
            _ => crate::text::check_name_chars(value).err(),
        };
        match error {
            Some(e) => Err(FieldErrors::from([(Field::Name, e)])),
            None => Ok(value.to_string()),
        }
    }
}

/// `POST /api/session/passkey`: the browser's signed answer to the sign-in challenge.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PasskeyAssertion {
    pub credential: serde_json::Value,
}

/// The answer to `POST /api/me/passkeys`: the passkey, and — when it is the user's first second
/// factor — the recovery codes, shown once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasskeyAdded {
    pub passkey: PasskeyInfo,
    pub recovery_codes: Option<Vec<String>>,
}

/// `PUT /api/partner/multi-factor`: the partner's "require multi-factor" setting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MultiFactorPolicy {
    pub required: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_step_after_the_password() {
        use SignInStep::*;
        assert_eq!(SignInStep::after_password(true, true, false), SecondFactor);
        assert_eq!(SignInStep::after_password(true, false, false), SecondFactor);
        assert_eq!(SignInStep::after_password(true, false, true), Done);
        assert_eq!(
            SignInStep::after_password(false, true, false),
            EnrolSecondFactor
        );
        assert_eq!(
            SignInStep::after_password(false, true, true),
            EnrolSecondFactor,
            "a factor removed after the session passed one: enrol again"
        );
        assert_eq!(SignInStep::after_password(false, false, false), Done);
    }

    #[test]
    fn a_passkey_has_a_plain_name() {
        assert_eq!(
            NewPasskey::parse_name("  Work laptop "),
            Ok("Work laptop".into())
        );
        assert!(NewPasskey::parse_name(" ")
            .unwrap_err()
            .contains_key(&Field::Name));
        assert!(NewPasskey::parse_name(&"x".repeat(51)).is_err());
        assert!(NewPasskey::parse_name("Lap\u{202E}pot").is_err());
        assert_eq!(NewPasskey::parse_name("我的手机"), Ok("我的手机".into()));
    }

    #[test]
    fn codes_are_read_as_typed() {
        assert_eq!(
            SecondFactorCode::parse(" 123 456 "),
            Ok(SecondFactorCode::Authenticator(AuthenticatorCode(
                "123456".into()
            )))
        );
        let recovery = SecondFactorCode::parse("ABCD-efgh-2345-7mno").unwrap();
        let SecondFactorCode::Recovery(code) = recovery else {
            panic!("a recovery code")
        };
        assert_eq!(code.as_str(), "abcdefgh23457mno");
        assert_eq!(code.display(), "abcd-efgh-2345-7mno");
        assert_eq!(SecondFactorCode::parse(""), Err(FieldError::Required));
        for wrong in [
            "12345",
            "1234567",
            "abcd-efgh",
            "abcd-efgh-2345-7mn1",
            "12345a",
        ] {
            assert_eq!(
                SecondFactorCode::parse(wrong),
                Err(FieldError::InvalidFormat { hint: None }),
                "{wrong}"
            );
        }
        assert!(AuthenticatorCode::parse("abcdefgh23457mno").is_err());
    }
}
