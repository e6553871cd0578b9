//! The reseller relationship between the partner and a customer: its states, the one state
//! machine (what may be ended, removed or edited in which state) and ending it
//! (docs/domain.md "Reseller relationship").

use crate::i18n::Msg;
use crate::text::{is_forbidden_in_text, optional_text};
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};

code_enum! {
    /// The state of the reseller relationship between a partner and a customer.
    pub enum Relationship {
        Invited = "invited" => Msg::RelInvited,
        Active = "active" => Msg::RelActive,
        Ended = "ended" => Msg::RelEnded,
        Expired = "expired" => Msg::RelExpired,
        Revoked = "revoked" => Msg::RelRevoked,
    }
}

impl Relationship {
    /// Whether the relationship is in a state that may end (its subscriptions aside: see
    /// [`end_refusal`]).
    pub fn can_end(self) -> bool {
        self == Relationship::Active
    }

    /// Whether admin (GDAP) access may be asked of the customer: only with an active
    /// relationship (an invited customer has no tenant of ours yet; an ended one is read-only).
    pub fn can_grant_admin_access(self) -> bool {
        self == Relationship::Active
    }

    /// Whether the customer may be removed: only one that never became active. Active and
    /// ended customers are ended instead, so that their history stays.
    pub fn can_remove(self) -> bool {
        matches!(
            self,
            Relationship::Invited | Relationship::Expired | Relationship::Revoked
        )
    }

    /// Whether the account is read-only for the partner that owns it (an ended one is).
    pub fn is_read_only(self) -> bool {
        self == Relationship::Ended
    }
}

/// Why a relationship can't end now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndRefusal {
    /// Only an active relationship ends; this one is in another state.
    NotActive(Relationship),
    /// This many subscriptions still block it (`SubscriptionStatus::blocks_ending`).
    BlockingSubscriptions(u32),
}

/// The rule for ending a relationship, given its state and how many of the customer's
/// subscriptions block it; `None` when it may end (docs/domain.md "Reseller relationship").
pub fn end_refusal(relationship: Relationship, blocking_subscriptions: u32) -> Option<EndRefusal> {
    if !relationship.can_end() {
        Some(EndRefusal::NotActive(relationship))
    } else if blocking_subscriptions > 0 {
        Some(EndRefusal::BlockingSubscriptions(blocking_subscriptions))
    } else {
        None
    }
}

code_enum! {
    pub enum EndReason {
        CustomerRequest = "customer-request" => Msg::EndReasonCustomerRequest,
        NonPayment = "non-payment" => Msg::EndReasonNonPayment,
        MovedToAnotherPartner = "moved-to-another-partner" => Msg::EndReasonMoved,
        Other = "other" => Msg::EndReasonOther,
    }
}

/// The explanation that goes with a reason: up to 500 characters; required for `other`.
pub const REASON_TEXT_MAX: usize = 500;

/// `POST /api/customers/{id}/end`, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct EndRelationshipForm {
    pub reason: String,
    pub reason_text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndRelationship {
    pub reason: EndReason,
    pub reason_text: Option<String>,
}

/// A reason picked from a list and its explanation (required for `other`, at most `max`
/// characters, plain text): the shape of ending a relationship and of declining a referral.
/// Errors go to `fields` (reason, text) in `c`.
pub fn parse_reason<R: Copy + PartialEq>(
    c: &mut Collector,
    fields: (Field, Field),
    input: (&str, &str),
    parse: impl Fn(&str) -> Option<R>,
    other: R,
    max: usize,
) -> (Option<R>, Option<Option<String>>) {
    let reason = c.take(
        fields.0,
        if input.0.trim().is_empty() {
            Err(FieldError::Required)
        } else {
            parse(input.0).ok_or(FieldError::NotInList)
        },
    );
    let text = c.take(
        fields.1,
        optional_text(input.1, max).and_then(|text| {
            if text
                .as_deref()
                .is_some_and(|t| t.chars().any(is_forbidden_in_text))
            {
                Err(FieldError::InvalidChars)
            } else if text.is_none() && reason == Some(other) {
                Err(FieldError::Required)
            } else {
                Ok(text)
            }
        }),
    );
    (reason, text)
}

impl EndRelationshipForm {
    pub fn parse(&self) -> Result<EndRelationship, FieldErrors> {
        let mut c = Collector::new();
        let (reason, text) = parse_reason(
            &mut c,
            (Field::EndReason, Field::EndReasonText),
            (&self.reason, &self.reason_text),
            EndReason::parse,
            EndReason::Other,
            REASON_TEXT_MAX,
        );
        match (reason, text) {
            (Some(reason), Some(reason_text)) if c.is_empty() => Ok(EndRelationship {
                reason,
                reason_text,
            }),
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

/// How a relationship ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ending {
    pub ended_at: String,
    pub reason: EndReason,
    pub reason_text: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn end_reason_rules() {
        let form = |reason: &str, text: &str| EndRelationshipForm {
            reason: reason.into(),
            reason_text: text.into(),
        };
        assert_eq!(
            form("", "").check().get(&Field::EndReason),
            Some(&FieldError::Required)
        );
        assert_eq!(
            form("bored", "").check().get(&Field::EndReason),
            Some(&FieldError::NotInList)
        );
        assert_eq!(
            form("other", "  ").check().get(&Field::EndReasonText),
            Some(&FieldError::Required)
        );
        assert!(form("non-payment", "").parse().is_ok());
        let long = "x".repeat(REASON_TEXT_MAX + 1);
        assert_eq!(
            form("other", &long).check().get(&Field::EndReasonText),
            Some(&FieldError::TooLong { max: 500 })
        );
        assert_eq!(
            form("other", "<b>").check().get(&Field::EndReasonText),
            Some(&FieldError::InvalidChars)
        );
        let ok = form("other", " 客户已破产 ").parse().unwrap();
        assert_eq!(ok.reason_text.as_deref(), Some("客户已破产"));
    }

    #[test]
    fn the_state_machine_decides_end_remove_and_read_only() {
        use Relationship::*;
        for state in Relationship::ALL.iter().copied() {
            // A customer is either ended or removed, never both, except an ended one: neither.
            assert!(!(state.can_end() && state.can_remove()), "{state:?}");
        }
        assert!(Active.can_end() && !Active.can_remove() && !Active.is_read_only());
        assert!(!Ended.can_end() && !Ended.can_remove() && Ended.is_read_only());
        for state in [Invited, Expired, Revoked] {
            assert!(state.can_remove() && !state.can_end() && !state.is_read_only());
        }
        assert_eq!(end_refusal(Active, 0), None);
        assert_eq!(
            end_refusal(Active, 2),
            Some(EndRefusal::BlockingSubscriptions(2))
        );
        assert_eq!(
            end_refusal(Invited, 0),
            Some(EndRefusal::NotActive(Invited))
        );
        assert_eq!(end_refusal(Ended, 3), Some(EndRefusal::NotActive(Ended)));
    }
}
