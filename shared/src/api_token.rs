//! API tokens: how an integrator's program (a PSA, a billing tool) calls the API without a
//! browser. A global admin makes one with a name, some of the partner's roles and an expiry of at
//! most a year; its secret is shown once.

use crate::access::Role;
use crate::i18n::Msg;
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The longest a token lives.
pub const MAX_TOKEN_DAYS: u32 = 365;
/// What every token's secret starts with (so a leaked one is recognisable, in logs or by secret
/// scanners).
pub const TOKEN_PREFIX: &str = "pd_";
/// The expiries the app offers, in days.
pub const OFFERED_TOKEN_DAYS: [u32; 4] = [30, 90, 180, 365];

code_enum! {
    /// Where a token stands.
    pub enum TokenState {
        Active = "active" => Msg::TokenStateActive,
        Expired = "expired" => Msg::TokenStateExpired,
        Revoked = "revoked" => Msg::TokenStateRevoked,
    }
}

/// A token as the tokens page shows it — never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiToken {
    pub id: Uuid,
    pub name: String,
    pub roles: Vec<Role>,
    /// The secret's first characters (`pd_AbC4`), to tell tokens apart.
    pub prefix: String,
    /// Who made it (display name).
    pub created_by: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub expires_at: String,
    pub revoked_at: Option<String>,
    pub last_used_at: Option<String>,
    pub state: TokenState,
}

/// `POST /api/tokens`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct NewApiToken {
    pub name: String,
    pub roles: Vec<String>,
    pub expires_in_days: u32,
}

/// A valid token request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokenRequest {
    pub name: String,
    pub roles: Vec<Role>,
    pub days: u32,
}

impl NewApiToken {
    /// The rule of a new token: a name (1–50 characters, the rules of names), one or more known
    /// roles (each once), 1–365 days.
    pub fn parse(&self) -> Result<ApiTokenRequest, FieldErrors> {
        let mut c = Collector::new();
        let name = c.take(Field::Name, check_token_name(&self.name));
        let roles = c.take(Field::Roles, parse_token_roles(&self.roles));
        let days = c.take(Field::ExpiresInDays, check_days(self.expires_in_days));
        match (name, roles, days) {
            (Some(name), Some(roles), Some(days)) if c.is_empty() => {
                Ok(ApiTokenRequest { name, roles, days })
            }
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

fn check_token_name(input: &str) -> Result<String, FieldError> {
    let value = input.trim();
    match crate::text::char_len(value) {
        0 => Err(FieldError::Required),
        n if n > 50 => Err(FieldError::TooLong { max: 50 }),
        _ => crate::text::check_name_chars(value).map(|()| value.to_string()),
    }
}

fn parse_token_roles(codes: &[String]) -> Result<Vec<Role>, FieldError> {
    crate::validation::parse_code_set(codes, Role::parse)
}

fn check_days(days: u32) -> Result<u32, FieldError> {
    if (1..=MAX_TOKEN_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(FieldError::OutOfRange {
            min: 1,
            max: MAX_TOKEN_DAYS,
        })
    }
}

/// The answer to `POST /api/tokens`: the token and its secret, this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedApiToken {
    pub token: ApiToken,
    pub secret: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(name: &str, roles: &[&str], days: u32) -> NewApiToken {
        NewApiToken {
            name: name.into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            expires_in_days: days,
        }
    }

    #[test]
    fn a_token_needs_a_name_known_roles_and_at_most_a_year() {
        let ok = request(
            " PSA sync ",
            &["sales-agent", "admin-agent", "sales-agent"],
            90,
        )
        .parse()
        .unwrap();
        assert_eq!(ok.name, "PSA sync");
        assert_eq!(ok.roles, vec![Role::AdminAgent, Role::SalesAgent]);
        let errors = request("", &[], 0).parse().unwrap_err();
        assert_eq!(errors[&Field::Name], FieldError::Required);
        assert_eq!(errors[&Field::Roles], FieldError::Required);
        assert_eq!(
            errors[&Field::ExpiresInDays],
            FieldError::OutOfRange { min: 1, max: 365 }
        );
        let errors = request("x", &["owner"], 366).parse().unwrap_err();
        assert_eq!(errors[&Field::Roles], FieldError::NotInList);
        assert!(errors.contains_key(&Field::ExpiresInDays));
        assert!(request("x", &["global-admin"], 365).parse().is_ok());
    }
}
