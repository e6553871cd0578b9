//! Webhooks: a partner's program (a PSA, a billing tool) hears about changes instead of asking.
//! A global admin registers an endpoint (an HTTPS address) and the events it wants; every
//! audited change of such an event is delivered to it as the Standard Webhooks specification
//! says (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried for more than a day.

use crate::audit::AuditAction;
use crate::i18n::Msg;
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The longest endpoint address.
pub const MAX_URL_CHARS: usize = 2000;
/// What every endpoint secret starts with (the Standard Webhooks convention); the rest is the
/// base64 of the key's 32 random bytes.
pub const SECRET_PREFIX: &str = "whsec_";
/// How long the previous secret keeps signing beside the new one after a rotation, so the
/// receiver can switch over without losing a delivery.
pub const ROTATION_OVERLAP_HOURS: i64 = 24;
/// The most of an endpoint's answer that is kept (for the delivery log).
pub const KEPT_RESPONSE_BYTES: usize = 1024;
/// How long one attempt may take.
pub const ATTEMPT_TIMEOUT_SECS: u64 = 10;

/// The waits before each retry of a delivery that failed, in seconds (the first attempt is at
/// once): 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h — 27 h 35 min in all; then it is failed.
pub const RETRY_WAITS_SECS: [u64; 7] = [5, 300, 1800, 7200, 18_000, 36_000, 36_000];

/// The wait before the next attempt after `attempts` failed ones, or `None` when it has had
/// them all.
pub fn retry_wait_secs(attempts: u32) -> Option<u64> {
    let index = usize::try_from(attempts.checked_sub(1)?).ok()?;
    RETRY_WAITS_SECS.get(index).copied()
}

code_enum! {
    /// What an endpoint can be told about.
    pub enum EventType {
        CustomerCreated = "customer.created",
        CustomerUpdated = "customer.updated",
        CustomerEnded = "customer.ended",
        CustomerRemoved = "customer.removed",
        InvitationAccepted = "invitation.accepted",
        InvitationExpired = "invitation.expired",
        ReferralSent = "referral.sent",
        /// A referral arrived (from a provider or the marketplace): not an audited change of
        /// the recipient's, raised where referrals are stored.
        ReferralReceived = "referral.received",
        ReferralAccepted = "referral.accepted",
        ReferralDeclined = "referral.declined",
        SubscriptionSuspended = "subscription.suspended",
        SubscriptionCancelled = "subscription.cancelled",
        SubscriptionOrdered = "subscription.ordered",
        /// Seats, auto-renew, or resumed after a suspension.
        SubscriptionChanged = "subscription.changed",
        SubscriptionRenewed = "subscription.renewed",
        SubscriptionExpired = "subscription.expired",
        AdminRelationshipRequested = "admin-relationship.requested",
        AdminRelationshipApproved = "admin-relationship.approved",
        AdminRelationshipDeclined = "admin-relationship.declined",
        AdminRelationshipExtended = "admin-relationship.extended",
        AdminRelationshipTerminated = "admin-relationship.terminated",
        AdminRelationshipExpired = "admin-relationship.expired",
        /// Sent only by "send test event".
        Test = "webhook.test",
    }
}

impl EventType {
    /// The event an audited change is, if endpoints can hear of it.
    pub fn of(action: AuditAction) -> Option<EventType> {
        use AuditAction as A;
        Some(match action {
            A::CustomerCreated | A::CustomerImported => EventType::CustomerCreated,
            A::CustomerUpdated => EventType::CustomerUpdated,
            A::CustomerEnded => EventType::CustomerEnded,
            A::CustomerRemoved => EventType::CustomerRemoved,
            A::InvitationAccepted => EventType::InvitationAccepted,
            A::InvitationExpired => EventType::InvitationExpired,
            A::ReferralSent => EventType::ReferralSent,
            A::ReferralAccepted => EventType::ReferralAccepted,
            A::ReferralDeclined => EventType::ReferralDeclined,
            A::SubscriptionSuspended => EventType::SubscriptionSuspended,
            A::SubscriptionCancelled => EventType::SubscriptionCancelled,
            A::SubscriptionOrdered => EventType::SubscriptionOrdered,
            A::SubscriptionQuantityChanged
            | A::SubscriptionAutoRenewChanged
            | A::SubscriptionResumed => EventType::SubscriptionChanged,
            A::SubscriptionRenewed => EventType::SubscriptionRenewed,
            A::SubscriptionExpired => EventType::SubscriptionExpired,
            A::AdminRelationshipRequested => EventType::AdminRelationshipRequested,
            A::AdminRelationshipApproved => EventType::AdminRelationshipApproved,
            A::AdminRelationshipDeclined => EventType::AdminRelationshipDeclined,
            A::AdminRelationshipExtended => EventType::AdminRelationshipExtended,
            A::AdminRelationshipTerminated => EventType::AdminRelationshipTerminated,
            A::AdminRelationshipExpired => EventType::AdminRelationshipExpired,
            _ => return None,
        })
    }

    /// The events an endpoint may choose (all but the test event, which any endpoint gets).
    pub fn subscribable() -> impl Iterator<Item = EventType> {
        Self::ALL.iter().copied().filter(|e| *e != EventType::Test)
    }
}

code_enum! {
    /// Where a delivery stands.
    pub enum DeliveryStatus {
        /// Not delivered yet: the first attempt or a retry is due.
        Pending = "pending" => Msg::DeliveryPending,
        Delivered = "delivered" => Msg::DeliveryDelivered,
        /// Every attempt failed; a replay sends it again.
        Failed = "failed" => Msg::DeliveryFailed,
    }
}

code_enum! {
    /// Why an attempt got no answer from the endpoint.
    pub enum DeliveryFailure {
        /// Its name didn't resolve.
        Unresolved = "unresolved" => Msg::DeliveryUnresolved,
        /// It leads to a private, loopback or link-local address (not sent).
        NotPublic = "not_public" => Msg::DeliveryNotPublic,
        /// No connection could be made.
        Unreachable = "unreachable" => Msg::DeliveryUnreachable,
        /// No answer within 10 seconds.
        Timeout = "timeout" => Msg::DeliveryTimeout,
        /// The server couldn't sign it (its sealing key changed): not sent.
        Unsigned = "unsigned" => Msg::DeliveryUnsigned,
    }
}

/// `POST /api/webhooks`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct NewWebhookEndpoint {
    /// `https://…` (plain `http://` only to this machine, on a server started to allow it).
    pub url: String,
    /// Event type codes; at least one.
    pub events: Vec<String>,
}

/// A valid endpoint request; the server still checks where the address leads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EndpointRequest {
    pub url: String,
    pub events: Vec<EventType>,
}

impl NewWebhookEndpoint {
    /// The rule of an endpoint: an absolute `https://` or `http://` address with a host, at
    /// most 2,000 characters, no spaces; one or more known event types (each once).
    pub fn parse(&self) -> Result<EndpointRequest, FieldErrors> {
        let mut c = Collector::new();
        let url = c.take(Field::Url, check_url(&self.url));
        let events = c.take(Field::Events, parse_events(&self.events));
        match (url, events) {
            (Some(url), Some(events)) if c.is_empty() => Ok(EndpointRequest { url, events }),
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

fn check_url(input: &str) -> Result<String, FieldError> {
    let value = input.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    if value.chars().count() > MAX_URL_CHARS {
        return Err(FieldError::TooLong {
            max: MAX_URL_CHARS as u32,
        });
    }
    let invalid = FieldError::InvalidFormat {
        hint: Some("https://example.com/webhooks".into()),
    };
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| invalid.clone())?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    // No user name or password in the address: a secret would be shown on every page.
    if host.is_empty() || host.contains('@') || value.chars().any(char::is_whitespace) {
        return Err(invalid);
    }
    Ok(value.to_string())
}

fn parse_events(codes: &[String]) -> Result<Vec<EventType>, FieldError> {
    let mut events = Vec::new();
    for code in codes {
        let event = EventType::parse(code)
            .filter(|e| *e != EventType::Test)
            .ok_or(FieldError::NotInList)?;
        if !events.contains(&event) {
            events.push(event);
        }
    }
    if events.is_empty() {
        return Err(FieldError::Required);
    }
    events.sort();
    Ok(events)
}

/// An endpoint as the partner sees it — never its secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookEndpoint {
    pub id: Uuid,
    pub url: String,
    pub events: Vec<EventType>,
    /// RFC 3339, UTC.
    pub created_at: String,
    /// Until when the previous secret still signs beside the current one (after a rotation).
    pub previous_secret_until: Option<String>,
}

/// The answer to creating an endpoint or rotating its secret: the secret, shown this once.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSecret {
    pub endpoint: WebhookEndpoint,
    /// `whsec_…`: verify deliveries with it (any Standard Webhooks library).
    pub secret: String,
}

/// One event for one endpoint, with its attempts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    pub id: Uuid,
    pub endpoint_id: Uuid,
    /// The `webhook-id` header: the same for every attempt and replay of this event, so a
    /// receiver can tell a repeat.
    pub message_id: String,
    pub event_type: EventType,
    pub status: DeliveryStatus,
    pub attempts: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub next_attempt_at: Option<String>,
    /// The HTTP status of the last attempt, if the endpoint answered.
    pub response_code: Option<u16>,
    /// The start of the last answer (at most 1 KB).
    pub last_result: Option<String>,
    /// Why the last attempt got no answer.
    pub failure: Option<DeliveryFailure>,
    /// The JSON body that is sent.
    pub payload: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_go_on_for_more_than_a_day_then_stop() {
        assert_eq!(retry_wait_secs(0), None);
        assert_eq!(retry_wait_secs(1), Some(5));
        let total: u64 = (1..).map_while(retry_wait_secs).sum();
        assert!(total >= 24 * 3600, "{total} s");
        assert_eq!(retry_wait_secs(RETRY_WAITS_SECS.len() as u32 + 1), None);
    }

    #[test]
    fn an_endpoint_needs_an_address_and_events() {
        let ok = NewWebhookEndpoint {
            url: " https://psa.example/hooks?x=1 ".into(),
            events: vec!["customer.created".into(), "customer.created".into()],
        }
        .parse()
        .unwrap();
        assert_eq!(ok.url, "https://psa.example/hooks?x=1");
        assert_eq!(ok.events, [EventType::CustomerCreated]);
        let errors = NewWebhookEndpoint::default().check();
        assert_eq!(errors[&Field::Url], FieldError::Required);
        assert_eq!(errors[&Field::Events], FieldError::Required);
        for bad in [
            "ftp://x.example",
            "https://",
            "https:///path",
            "https://user:pw@x.example/",
            "https://x.example/a b",
            "psa.example/hooks",
        ] {
            let errors = NewWebhookEndpoint {
                url: bad.into(),
                events: vec!["customer.created".into()],
            }
            .check();
            assert!(
                matches!(errors[&Field::Url], FieldError::InvalidFormat { .. }),
                "{bad}"
            );
        }
        for bad in ["webhook.test", "customer.exploded"] {
            let errors = NewWebhookEndpoint {
                url: "https://x.example".into(),
                events: vec![bad.into()],
            }
            .check();
            assert_eq!(errors[&Field::Events], FieldError::NotInList, "{bad}");
        }
    }

    #[test]
    fn audited_changes_map_to_their_events() {
        assert_eq!(
            EventType::of(AuditAction::CustomerImported),
            Some(EventType::CustomerCreated)
        );
        assert_eq!(EventType::of(AuditAction::UserCreated), None);
        assert!(!EventType::subscribable().any(|e| e == EventType::Test));
        // Every subscribable event but an arriving referral has an audited change that raises it.
        for event in EventType::subscribable().filter(|e| *e != EventType::ReferralReceived) {
            assert!(
                AuditAction::ALL
                    .iter()
                    .any(|&a| EventType::of(a) == Some(event)),
                "{event:?}"
            );
        }
    }
}
