//! Invitations to a reseller relationship: their states, the partner's request and the
//! customer's acceptance through the link (docs/domain.md "Invitations").

use crate::customer::{CompanyName, CustomerForm, Email, PersonName};
use crate::i18n::{Locale, Msg};
use crate::text::optional_text;
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An invitation link works this many days.
pub const INVITATION_DAYS: i64 = 30;

code_enum! {
    pub enum InvitationState {
        Pending = "pending" => Msg::InvitationPending,
        Accepted = "accepted" => Msg::InvitationAccepted,
        Expired = "expired" => Msg::RelExpired,
        Revoked = "revoked" => Msg::RelRevoked,
    }
}

impl InvitationState {
    /// Whether the partner may send the link again (a new token, 30 more days).
    pub fn can_resend(self) -> bool {
        matches!(
            self,
            InvitationState::Pending | InvitationState::Expired | InvitationState::Revoked
        )
    }
}

/// The personal note a partner adds to an invitation: up to 1,000 characters.
pub const MESSAGE_MAX: usize = 1000;

pub fn parse_invitation_message(input: &str) -> Result<Option<String>, FieldError> {
    optional_text(input, MESSAGE_MAX)
}

/// `POST /api/invitations`: a customer the partner already has (its details as in the
/// add-customer form, without the agreement: the customer accepts it with the invitation) and
/// a message. The link goes to the customer's contact (its admin).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct NewInvitation {
    pub customer: CustomerForm,
    pub message: String,
    /// "Also request admin access": one of the partner's role templates. The request
    /// (`AdminRelationshipForm::from_template`) travels with the invitation and goes out when the
    /// customer accepts it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin_template: Option<Uuid>,
}

/// An invitation as the partner sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Invitation {
    pub id: Uuid,
    pub customer_id: Uuid,
    pub company_name: CompanyName,
    pub email: Email,
    pub language: Locale,
    pub message: String,
    pub state: InvitationState,
    /// RFC 3339, UTC, like every timestamp below.
    pub created_at: String,
    pub expires_at: String,
    pub last_sent_at: String,
    pub sent_count: u32,
    pub accepted_at: Option<String>,
    /// Who accepted, as they gave their name.
    pub accepted_by: Option<String>,
    /// The admin relationship asked for when the customer accepts, by name (none unless the
    /// invitation was sent with "also request admin access").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin_access: Option<String>,
}

/// The link's secret, sent in a body (never a URL the server would log).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct InvitationToken {
    pub token: String,
}

/// What the accept page shows to the customer, who is not signed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct InvitationDetails {
    pub partner_name: String,
    pub company_name: CompanyName,
    pub email: Email,
    pub language: Locale,
    pub message: String,
    pub expires_at: String,
}

/// `POST /api/invitation-acceptance`: the customer's admin accepts, and with it the customer
/// agreement.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AcceptInvitation {
    pub token: String,
    pub first_name: String,
    pub last_name: String,
    /// "I accept the customer agreement and authorize the partner."
    pub consent: bool,
}

/// A checked acceptance: the accepting person's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    pub first_name: PersonName,
    pub last_name: PersonName,
}

impl AcceptInvitation {
    pub fn parse(&self) -> Result<Acceptance, FieldErrors> {
        let mut c = Collector::new();
        let first_name = c.take(
            Field::AgreementFirstName,
            PersonName::parse(&self.first_name),
        );
        let last_name = c.take(Field::AgreementLastName, PersonName::parse(&self.last_name));
        c.take(
            Field::Consent,
            if self.consent {
                Ok(())
            } else {
                Err(FieldError::Required)
            },
        );
        match (first_name, last_name) {
            (Some(first_name), Some(last_name)) if c.is_empty() => Ok(Acceptance {
                first_name,
                last_name,
            }),
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn acceptance_needs_names_and_consent() {
        let errors = AcceptInvitation::default().parse().unwrap_err();
        assert_eq!(errors.get(&Field::Consent), Some(&FieldError::Required));
        assert_eq!(
            errors.get(&Field::AgreementFirstName),
            Some(&FieldError::Required)
        );
        let ok = AcceptInvitation {
            token: "t".into(),
            first_name: "王".into(),
            last_name: "芳".into(),
            consent: true,
        };
        assert!(ok.parse().is_ok());
    }

    #[test]
    fn messages_keep_paragraphs_but_not_control_characters() {
        assert_eq!(parse_invitation_message("  "), Ok(None));
        assert_eq!(
            parse_invitation_message("Hi,\n\nplease accept."),
            Ok(Some("Hi,\n\nplease accept.".into()))
        );
        assert_eq!(
            parse_invitation_message("bell\u{7}"),
            Err(FieldError::InvalidChars)
        );
        assert_eq!(
            parse_invitation_message(&"长".repeat(MESSAGE_MAX + 1)),
            Err(FieldError::TooLong { max: 1000 })
        );
    }
}
