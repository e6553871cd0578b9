//! The audit log: what changed, by whom, before and after (docs/domain.md "Audit log").

use crate::access::Role;
use crate::i18n::{Locale, Msg};
use crate::invitation::InvitationState;
use crate::profile::{Industry, Offering};
use crate::referral::{DeclineReason, LinkState, ReferralSource, ReferralState};
use crate::regions::{country_name, CountryCode};
use crate::relationship::{EndReason, Relationship};
use crate::subscription::{BillingCycle, SubscriptionStatus, Term};
use crate::support::{Severity, SupportState, SupportTopic};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

code_enum! {
    /// What a change was. The code (`customer.created`) is what the log stores.
    pub enum AuditAction {
        CustomerCreated = "customer.created" => Msg::AuditCustomerCreated,
        CustomerUpdated = "customer.updated" => Msg::AuditCustomerUpdated,
        CustomerImported = "customer.imported" => Msg::AuditCustomerImported,
        CustomerEnded = "customer.ended" => Msg::AuditCustomerEnded,
        CustomerRemoved = "customer.removed" => Msg::AuditCustomerRemoved,
        AdminPasswordReset = "customer.admin-password-reset" => Msg::AuditAdminPasswordReset,
        InvitationCreated = "invitation.created" => Msg::AuditInvitationCreated,
        InvitationResent = "invitation.resent" => Msg::AuditInvitationResent,
        InvitationRevoked = "invitation.revoked" => Msg::AuditInvitationRevoked,
        InvitationAccepted = "invitation.accepted" => Msg::AuditInvitationAccepted,
        InvitationExpired = "invitation.expired" => Msg::AuditInvitationExpired,
        SubscriptionSuspended = "subscription.suspended" => Msg::AuditSubscriptionSuspended,
        SubscriptionCancelled = "subscription.cancelled" => Msg::AuditSubscriptionCancelled,
        SubscriptionOrdered = "subscription.ordered" => Msg::AuditSubscriptionOrdered,
        SubscriptionQuantityChanged = "subscription.quantity-changed" => Msg::AuditSubscriptionQuantityChanged,
        SubscriptionAutoRenewChanged = "subscription.auto-renew-changed" => Msg::AuditSubscriptionAutoRenewChanged,
        SubscriptionResumed = "subscription.resumed" => Msg::AuditSubscriptionResumed,
        /// The sweep renewed it at the end of its term (auto-renew on).
        SubscriptionRenewed = "subscription.renewed" => Msg::AuditSubscriptionRenewed,
        /// Its term ended with auto-renew off.
        SubscriptionExpired = "subscription.expired" => Msg::AuditSubscriptionExpired,
        SupportRequestOpened = "support.opened" => Msg::AuditSupportOpened,
        SupportRequestMoved = "support.state-changed" => Msg::AuditSupportMoved,
        SupportRequestAssigned = "support.assigned" => Msg::AuditSupportAssigned,
        SupportNoteAdded = "support.note-added" => Msg::AuditSupportNoteAdded,
        /// The partner's markup, or a customer's own, changed.
        BillingMarkupChanged = "billing.markup-changed" => Msg::AuditBillingMarkupChanged,
        UserCreated = "user.created" => Msg::AuditUserCreated,
        UserRolesChanged = "user.roles-changed" => Msg::AuditUserRolesChanged,
        UserDisabled = "user.disabled" => Msg::AuditUserDisabled,
        UserEnabled = "user.enabled" => Msg::AuditUserEnabled,
        /// An administrator gave the user a temporary password.
        UserPasswordReset = "user.password-reset" => Msg::AuditUserPasswordReset,
        PasswordChanged = "user.password-changed" => Msg::AuditPasswordChanged,
        /// "Forgot password": a link was sent to the user's address.
        PasswordResetSent = "user.password-reset-sent" => Msg::AuditPasswordResetSent,
        /// The user chose a new password through a reset link.
        PasswordResetByLink = "user.password-reset-by-link" => Msg::AuditPasswordResetByLink,
        /// The user set up an authenticator app (and got recovery codes).
        AuthenticatorEnrolled = "user.authenticator-enrolled" => Msg::AuditAuthenticatorEnrolled,
        /// The user signed in with a recovery code instead of the authenticator.
        RecoveryCodeUsed = "user.recovery-code-used" => Msg::AuditRecoveryCodeUsed,
        RecoveryCodesRenewed = "user.recovery-codes-renewed" => Msg::AuditRecoveryCodesRenewed,
        PasskeyAdded = "user.passkey-added" => Msg::AuditPasskeyAdded,
        PasskeyRemoved = "user.passkey-removed" => Msg::AuditPasskeyRemoved,
        /// An administrator removed the user's second factors (the user sets one up again).
        SecondFactorsReset = "user.second-factors-reset" => Msg::AuditSecondFactorsReset,
        /// The partner's "require multi-factor" setting changed.
        MultiFactorPolicyChanged = "partner.multi-factor-changed" => Msg::AuditMultiFactorPolicyChanged,
        ApiTokenCreated = "api-token.created" => Msg::AuditApiTokenCreated,
        ApiTokenRevoked = "api-token.revoked" => Msg::AuditApiTokenRevoked,
        WebhookEndpointCreated = "webhook.endpoint-created" => Msg::AuditWebhookEndpointCreated,
        WebhookEndpointRemoved = "webhook.endpoint-removed" => Msg::AuditWebhookEndpointRemoved,
        WebhookSecretRotated = "webhook.secret-rotated" => Msg::AuditWebhookSecretRotated,
        WebhookDeliveryReplayed = "webhook.delivery-replayed" => Msg::AuditWebhookDeliveryReplayed,
        ProfileUpdated = "business-profile.updated" => Msg::AuditProfileUpdated,
        LinkRequested = "link.requested" => Msg::AuditLinkRequested,
        LinkAccepted = "link.accepted" => Msg::AuditLinkAccepted,
        LinkDeclined = "link.declined" => Msg::AuditLinkDeclined,
        LinkEnded = "link.ended" => Msg::AuditLinkEnded,
        ReferralSent = "referral.sent" => Msg::AuditReferralSent,
        ReferralAccepted = "referral.accepted" => Msg::AuditReferralAccepted,
        ReferralDeclined = "referral.declined" => Msg::AuditReferralDeclined,
        ReferralWon = "referral.won" => Msg::AuditReferralWon,
        ReferralExpired = "referral.expired" => Msg::AuditReferralExpired,
        AdminRelationshipRequested = "admin-relationship.requested" => Msg::AuditAdminRelationshipRequested,
        AdminRelationshipApproved = "admin-relationship.approved" => Msg::AuditAdminRelationshipApproved,
        AdminRelationshipDeclined = "admin-relationship.declined" => Msg::AuditAdminRelationshipDeclined,
        AdminRelationshipTerminated = "admin-relationship.terminated" => Msg::AuditAdminRelationshipTerminated,
        AdminRelationshipExtended = "admin-relationship.extended" => Msg::AuditAdminRelationshipExtended,
        AdminRelationshipExpired = "admin-relationship.expired" => Msg::AuditAdminRelationshipExpired,
        AdminTemplateCreated = "admin-template.created" => Msg::AuditAdminTemplateCreated,
        AdminTemplateChanged = "admin-template.changed" => Msg::AuditAdminTemplateChanged,
        AdminTemplateRemoved = "admin-template.removed" => Msg::AuditAdminTemplateRemoved,
        AccessGroupCreated = "access-group.created" => Msg::AuditAccessGroupCreated,
        AccessGroupChanged = "access-group.changed" => Msg::AuditAccessGroupChanged,
        AccessGroupRemoved = "access-group.removed" => Msg::AuditAccessGroupRemoved,
        /// A group given roles in an admin relationship, or its roles there changed.
        AccessAssigned = "access-assignment.set" => Msg::AuditAccessAssigned,
        AccessUnassigned = "access-assignment.removed" => Msg::AuditAccessUnassigned,
    }
}

/// One audit log entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditEntry {
    pub id: Uuid,
    /// RFC 3339, UTC.
    pub at: String,
    /// The user's e-mail, `system`, or the customer person who acted through a link.
    pub actor: String,
    pub user_id: Option<Uuid>,
    pub action: AuditAction,
    pub object_type: String,
    pub object_id: String,
    pub customer_id: Option<Uuid>,
    /// The object before and after, as JSON text (absent for creations and removals).
    pub before: Option<String>,
    pub after: Option<String>,
    /// What the object is called (company, user, offer), from its snapshots.
    pub label: Option<String>,
    /// The fields that differ between before and after, as text, bookkeeping left out.
    pub changes: Vec<FieldChange>,
}

/// One field of an audited change.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldChange {
    pub field: String,
    /// `None` when the field had no value (or the object didn't exist).
    pub before: Option<String>,
    pub after: Option<String>,
}

/// What a changed value is called in the log, from the catalog: a customer's fields by their
/// form labels (contact ones as "Contact first name"), the rest by the names the pages use.
/// `None` for a key without one, which is then shown as it is stored.
pub fn change_label(object_type: &str, key: &str) -> Option<Msg> {
    Some(match (object_type, key) {
        // An invitation's, referral's or link's `state` is its status, not a province.
        ("invitation" | "referral" | "link", "state") => Msg::ColStatus,
        ("business-profile", "company_name") => Msg::LabelProfileName,
        ("business-profile", "contact_email") => Msg::LabelEmail,
        (_, "relationship") => Msg::ColRelationship,
        (_, "created_at") => Msg::ColCreated,
        (_, "tenant_id") => Msg::TenantId,
        (_, "customer_id") => Msg::CustomerId,
        (_, "admin_sign_in") => Msg::AdminSignIn,
        (_, "domain") => Msg::ColPrimaryDomain,
        (_, "email") => Msg::LabelEmail,
        (_, "display_name") => Msg::LabelDisplayName,
        (_, "roles") => Msg::ColRole,
        (_, "message") => Msg::LabelInvitationMessage,
        (_, "description") => Msg::LabelDescription,
        (_, "website") => Msg::LabelWebsite,
        (_, "industries") => Msg::LabelIndustries,
        (_, "offerings") => Msg::LabelOfferings,
        (_, "locations") => Msg::LabelLocations,
        (_, "seats") => Msg::LabelSeats,
        (_, "notes") => Msg::LabelNotes,
        (_, "indirect_reseller" | "channel" | "reseller") => Msg::LabelReseller,
        // The parts of a customer's agreement acceptance and of the end of its relationship.
        (_, "agreement.first_name") => Msg::LabelAgreementFirstName,
        (_, "agreement.last_name") => Msg::LabelAgreementLastName,
        (_, "agreement.email") => Msg::LabelAgreementEmail,
        (_, "agreement.accepted_on") => Msg::LabelAgreementDate,
        (_, "ending.ended_at") => Msg::AuditKeyEndedAt,
        (_, "ending.reason") => Msg::AuditKeyEndReason,
        (_, "ending.reason_text") => Msg::AuditKeyEndReasonText,
        (_, "expires_at") => Msg::AuditKeyExpiresAt,
        (_, "last_sent_at") => Msg::AuditKeyLastSentAt,
        (_, "sent_count") => Msg::AuditKeySentCount,
        (_, "accepted_at") => Msg::AuditKeyAcceptedAt,
        (_, "accepted_by") => Msg::AuditKeyAcceptedBy,
        (_, "disabled") => Msg::AuditKeyDisabled,
        (_, "must_change_password") => Msg::AuditKeyMustChangePassword,
        (_, "second_factor") => Msg::ColSecondFactor,
        // The partner's "require multi-factor"; a passkey's and an API token's names.
        ("partner", "required") => Msg::MultiFactorRequire,
        ("user", "name") => Msg::LabelPasskeyName,
        ("api-token" | "admin-template" | "access-group", "name") => Msg::ColThingName,
        ("access-group", "members") => Msg::ColMembers,
        ("invitation", "admin_access") => Msg::ColAdminRelationship,
        ("access-assignment", "group") => Msg::ColGroup,
        ("access-assignment", "admin_relationship") => Msg::ColAdminRelationship,
        (_, "id") => Msg::AuditKeyId,
        // A referral's and a link's parts: who sent it to whom, how it was answered.
        ("referral", "source") => Msg::AuditKeySource,
        ("link", "ended_at") => Msg::AuditKeyLinkEndedAt,
        ("link", "customers") => Msg::NavCustomers,
        ("link", "referrals") => Msg::ColReferrals,
        (_, "from.name") => Msg::ColFrom,
        (_, "from.id") => Msg::AuditKeyFromId,
        (_, "to.name") => Msg::ColTo,
        (_, "to.id") => Msg::AuditKeyToId,
        (_, "provider.name") => Msg::AuditKeyProvider,
        (_, "provider.id") => Msg::AuditKeyProviderId,
        (_, "reseller.name") => Msg::LabelReseller,
        (_, "reseller.id") => Msg::AuditKeyResellerId,
        (_, "received_at") => Msg::ColReceived,
        (_, "overdue") => Msg::Overdue,
        (_, "responded_at") => Msg::AuditKeyRespondedAt,
        (_, "responded_by") => Msg::AuditKeyRespondedBy,
        (_, "decline_reason") => Msg::LabelDeclineReason,
        (_, "decline_text") => Msg::LabelDeclineText,
        // A subscription's terms and dates.
        ("subscription", "offer") => Msg::LabelOffer,
        ("subscription", "offer_id") => Msg::AuditKeyOfferId,
        ("subscription", "quantity") => Msg::LabelQuantity,
        ("subscription", "status") => Msg::ColStatus,
        ("subscription", "term") => Msg::LabelTerm,
        ("subscription", "billing_cycle") => Msg::LabelBillingCycle,
        ("subscription", "auto_renew") => Msg::LabelAutoRenew,
        ("subscription", "currency") => Msg::AuditKeyCurrency,
        ("subscription", "seat_price_minor") => Msg::AuditKeySeatPrice,
        ("subscription", "term_started_at") => Msg::AuditKeyTermStartedAt,
        ("subscription", "term_starts_on") => Msg::AuditKeyTermStartsOn,
        ("subscription", "renews_on") => Msg::ReviewRenews,
        ("subscription", "next_charge_on") => Msg::AuditKeyNextChargeOn,
        ("billing", "markup") => Msg::LabelMarkup,
        ("support-request", "title") => Msg::LabelTitle,
        ("support-request", "severity") => Msg::LabelSeverity,
        ("support-request", "topic") => Msg::LabelTopic,
        ("support-request", "state") => Msg::ColStatus,
        ("support-request", "contact_name") => Msg::LabelContactName,
        ("support-request", "contact_email") => Msg::LabelEmail,
        ("support-request", "assignee") => Msg::ColAssignee,
        ("support-request", "resolved_at") => Msg::AuditKeyResolvedAt,
        ("support-request", "first_response_at") => Msg::AuditKeyFirstResponseAt,
        ("support-request", "note") => Msg::SupportNote,
        ("support-request", "opened_at") => Msg::ColOpened,
        ("support-request", "opened_by") => Msg::AuditKeyOpenedBy,
        ("support-request", "first_response_due") => Msg::ColFirstResponseDue,
        (_, key) => return crate::i18n::import_column_label(key),
    })
}

/// How a stored value of a change reads in the log, in the reader's language: codes by their
/// catalog names (a relationship, a status, roles, industries), a country or a province by its
/// name (`country` is the object's own, for a province code), flags as yes/no, times without
/// their fraction. Free text and anything unknown is shown as it is stored.
pub fn change_value(
    object_type: &str,
    key: &str,
    value: &str,
    country: Option<&CountryCode>,
    locale: Locale,
) -> String {
    let label = |msg: Option<Msg>| msg.map(|m| locale.text(m).to_string());
    let named = match (object_type, key) {
        (_, "relationship") => label(Relationship::from_code(value).map(Relationship::label)),
        ("invitation", "state") => label(InvitationState::from_code(value).map(|s| s.label())),
        ("referral", "state") => label(ReferralState::from_code(value).map(|s| s.label())),
        ("link", "state") => label(LinkState::from_code(value).map(|s| s.label())),
        (_, "status") => label(SubscriptionStatus::from_code(value).map(|s| s.label())),
        ("subscription", "term") => label(Term::from_code(value).map(|t| t.label())),
        ("support-request", "state") => label(SupportState::from_code(value).map(|s| s.label())),
        ("support-request", "severity") => label(Severity::from_code(value).map(|s| s.label())),
        ("support-request", "topic") => label(SupportTopic::from_code(value).map(|s| s.label())),
        ("subscription", "billing_cycle") => {
            label(BillingCycle::from_code(value).map(|c| c.label()))
        }
        (_, "ending.reason") => label(EndReason::from_code(value).map(EndReason::label)),
        (_, "decline_reason") => label(DeclineReason::from_code(value).map(DeclineReason::label)),
        ("referral", "source") => {
            label(ReferralSource::from_code(value).map(ReferralSource::label))
        }
        (_, "state") => country.map(|c| c.state_display(value, locale)),
        (_, "country") => country_name(value, locale).map(str::to_string),
        (_, "language") => Locale::from_tag(value).map(|l| l.native_name().to_string()),
        // A GDAP relationship's, a role template's and an assignment's roles are Entra roles.
        ("admin-relationship" | "admin-template" | "access-assignment", "roles") => {
            list(value, locale, |code| {
                crate::admin_relationship::EntraRole::from_code(code)
                    .map(|role| role.name(locale).to_string())
            })
        }
        (_, "roles") => list(value, locale, |code| {
            label(Role::from_code(code).map(Role::label))
        }),
        ("access-group", "members") => list(value, locale, |name| Some(name.to_string())),
        (_, "industries") => list(value, locale, |code| {
            label(Industry::from_code(code).map(Industry::label))
        }),
        (_, "offerings") => list(value, locale, |code| {
            label(Offering::from_code(code).map(Offering::label))
        }),
        ("business-profile", "locations") => locations(value, locale),
        _ => match value {
            "true" => label(Some(Msg::AuditValueYes)),
            "false" => label(Some(Msg::AuditValueNo)),
            _ => timestamp(value),
        },
    };
    named.unwrap_or_else(|| value.to_string())
}

/// A JSON list of codes (`["a","b"]`), each named, joined by the locale's list separator; `None`
/// unless every item has a name.
fn list(value: &str, locale: Locale, name: impl Fn(&str) -> Option<String>) -> Option<String> {
    let codes: Vec<String> = serde_json::from_str(value).ok()?;
    let names = codes
        .iter()
        .map(|code| name(code))
        .collect::<Option<Vec<_>>>()?;
    Some(names.join(locale.list_separator()))
}

/// A profile's locations (`[{"city":"Seattle","country":"US"}]`) as "Seattle (United States)",
/// joined like any list; `None` for anything else.
fn locations(value: &str, locale: Locale) -> Option<String> {
    let items: Vec<crate::profile::LocationForm> = serde_json::from_str(value).ok()?;
    let names = items
        .iter()
        .map(|item| {
            let country = country_name(&item.country, locale).unwrap_or(&item.country);
            match locale {
                Locale::EnUs => format!("{} ({country})", item.city),
                Locale::ZhCn => format!("{}（{country}）", item.city),
            }
        })
        .collect::<Vec<_>>();
    Some(names.join(locale.list_separator()))
}

/// A log time as the log shows it, to the second: `2026-12-02 08:10:59` (anything else as is).
pub fn log_time(value: &str) -> String {
    timestamp(value).unwrap_or_else(|| value.to_string())
}

/// `2026-12-02T08:10:59.691239Z` → `2026-12-02 08:10:59`; `None` for anything else.
fn timestamp(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let shaped = value.len() >= 20
        && value.is_char_boundary(19)
        && bytes[4] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && value.ends_with('Z');
    shaped.then(|| value[..19].replacen('T', " ", 1))
}

/// `GET /api/audit` filters. Dates are `YYYY-MM-DD`, inclusive, UTC.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AuditQuery {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub from: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub to: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub action: Option<AuditAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<Uuid>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Uuid>,
    /// Entries older than this cursor (the previous page's `next`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<i64>,
    /// The CSV export's header language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The CSV export's encoding (UTF-8 for Excel when absent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encoding: Option<crate::import::ExportEncoding>,
}

/// One page of the audit log, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditPage {
    pub items: Vec<AuditEntry>,
    /// Pass as `before` for the next page; `None` on the last.
    pub next: Option<i64>,
}

pub const AUDIT_PAGE_SIZE: u32 = 50;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_values_read_as_names_in_the_readers_language() {
        let cn = CountryCode::parse("CN").unwrap();
        let zh = Locale::ZhCn;
        assert_eq!(
            change_value("customer", "state", "BJ", Some(&cn), zh),
            "北京市"
        );
        assert_eq!(change_value("customer", "country", "CN", None, zh), "中国");
        assert_eq!(
            change_value("customer", "relationship", "ended", None, zh),
            "已结束"
        );
        assert_eq!(
            change_value("customer", "language", "zh-CN", None, Locale::EnUs),
            "简体中文"
        );
        assert_eq!(
            change_value(
                "user",
                "roles",
                r#"["global-admin","admin-agent"]"#,
                None,
                Locale::EnUs
            ),
            "Global admin, Admin agent"
        );
        assert_eq!(change_value("user", "disabled", "true", None, zh), "是");
        assert_eq!(
            change_value(
                "invitation",
                "expires_at",
                "2027-01-01T08:10:59.740917Z",
                None,
                zh
            ),
            "2027-01-01 08:10:59"
        );
        assert_eq!(
            change_value(
                "business-profile",
                "locations",
                r#"[{"city":"Seattle","country":"US"},{"city":"深圳","country":"CN"}]"#,
                None,
                zh
            ),
            "Seattle（美国）、深圳（中国）"
        );
        // The parts of an ending, as the server flattens them.
        assert_eq!(
            change_value(
                "customer",
                "ending.reason",
                "moved-to-another-partner",
                None,
                zh
            ),
            "客户已转至其他合作伙伴"
        );
        assert_eq!(
            change_label("customer", "agreement.accepted_on"),
            Some(Msg::LabelAgreementDate)
        );
        assert_eq!(
            change_label("customer", "ending.reason"),
            Some(Msg::AuditKeyEndReason)
        );
        // How a referral was answered and where it came from.
        assert_eq!(
            change_value("referral", "decline_reason", "no-capacity", None, zh),
            "目前没有余力"
        );
        assert_eq!(
            change_value("referral", "source", "marketplace", None, Locale::EnUs),
            "Marketplace"
        );
        assert_eq!(
            change_label("referral", "responded_by"),
            Some(Msg::AuditKeyRespondedBy)
        );
        // A province without the country, free text and unknown codes stay as stored.
        assert_eq!(change_value("customer", "state", "BJ", None, zh), "BJ");
        assert_eq!(
            change_value("customer", "city", "München", None, zh),
            "München"
        );
        assert_eq!(
            change_value("user", "roles", r#"["nobody"]"#, None, zh),
            r#"["nobody"]"#
        );
    }

    #[test]
    fn audit_action_codes_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(*action));
            let json = format!("\"{}\"", action.as_str());
            assert_eq!(serde_json::from_str::<AuditAction>(&json).unwrap(), *action);
        }
    }
}
