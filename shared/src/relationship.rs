//! The reseller relationship's life: invitations and their acceptance, ending a relationship,
//! the subscriptions that block it, imports from other portals, the outbox and the audit log.
//! Wire types and their rules (DOMAIN.md "Relationship", "Invitation", "Audit log").

use crate::customer::{CompanyName, CustomerForm, Email, PersonName};
use crate::i18n::{Locale, Msg};
use crate::text::{is_forbidden_in_text, optional_text};
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// An invitation link works this many days.
pub const INVITATION_DAYS: i64 = 30;

// ---------------------------------------------------------------------------------------------
// Invitations

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum InvitationState {
    Pending,
    Accepted,
    Expired,
    Revoked,
}

impl InvitationState {
    pub const ALL: &'static [InvitationState] = &[
        InvitationState::Pending,
        InvitationState::Accepted,
        InvitationState::Expired,
        InvitationState::Revoked,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            InvitationState::Pending => "pending",
            InvitationState::Accepted => "accepted",
            InvitationState::Expired => "expired",
            InvitationState::Revoked => "revoked",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            InvitationState::Pending => Msg::InvitationPending,
            InvitationState::Accepted => Msg::InvitationAccepted,
            InvitationState::Expired => Msg::RelExpired,
            InvitationState::Revoked => Msg::RelRevoked,
        }
    }

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
#[serde(default, deny_unknown_fields)]
pub struct NewInvitation {
    pub customer: CustomerForm,
    pub message: String,
}

/// An invitation as the partner sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

/// The link's secret, sent in a body (never a URL the server would log).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct InvitationToken {
    pub token: String,
}

/// What the accept page shows to the customer, who is not signed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
}

// ---------------------------------------------------------------------------------------------
// Ending a relationship

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndReason {
    CustomerRequest,
    NonPayment,
    MovedToAnotherPartner,
    Other,
}

impl EndReason {
    pub const ALL: &'static [EndReason] = &[
        EndReason::CustomerRequest,
        EndReason::NonPayment,
        EndReason::MovedToAnotherPartner,
        EndReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EndReason::CustomerRequest => "customer-request",
            EndReason::NonPayment => "non-payment",
            EndReason::MovedToAnotherPartner => "moved-to-another-partner",
            EndReason::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == s.trim())
    }

    pub fn label(self) -> Msg {
        match self {
            EndReason::CustomerRequest => Msg::EndReasonCustomerRequest,
            EndReason::NonPayment => Msg::EndReasonNonPayment,
            EndReason::MovedToAnotherPartner => Msg::EndReasonMoved,
            EndReason::Other => Msg::EndReasonOther,
        }
    }
}

/// The explanation that goes with a reason: up to 500 characters; required for `other`.
pub const REASON_TEXT_MAX: usize = 500;

/// `POST /api/customers/{id}/end`, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
pub struct Ending {
    pub ended_at: String,
    pub reason: EndReason,
    pub reason_text: Option<String>,
}

// ---------------------------------------------------------------------------------------------
// Subscriptions (only what ending a relationship needs)

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubscriptionStatus {
    Active,
    Suspended,
    Cancelled,
}

impl SubscriptionStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriptionStatus::Active => "active",
            SubscriptionStatus::Suspended => "suspended",
            SubscriptionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        [Self::Active, Self::Suspended, Self::Cancelled]
            .into_iter()
            .find(|v| v.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            SubscriptionStatus::Active => Msg::SubActive,
            SubscriptionStatus::Suspended => Msg::SubSuspended,
            SubscriptionStatus::Cancelled => Msg::SubCancelled,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: Uuid,
    pub offer: String,
    pub quantity: u32,
    pub status: SubscriptionStatus,
    pub created_at: String,
    pub updated_at: String,
}

// ---------------------------------------------------------------------------------------------
// Outbox

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MailStatus {
    Queued,
    Sent,
    Failed,
}

impl MailStatus {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "queued" => Some(MailStatus::Queued),
            "sent" => Some(MailStatus::Sent),
            "failed" => Some(MailStatus::Failed),
            _ => None,
        }
    }

    pub fn label(self) -> Msg {
        match self {
            MailStatus::Queued => Msg::MailQueued,
            MailStatus::Sent => Msg::MailSent,
            MailStatus::Failed => Msg::MailFailed,
        }
    }
}

/// A message the app sent or will send.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutboxMessage {
    pub id: Uuid,
    pub recipient: String,
    pub subject: String,
    pub text_body: String,
    pub status: MailStatus,
    pub attempts: u32,
    pub last_error: Option<String>,
    pub created_at: String,
    pub sent_at: Option<String>,
}

/// `GET /api/outbox`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Outbox {
    /// Whether a mail server is configured; without one messages wait here.
    pub smtp_configured: bool,
    pub messages: Vec<OutboxMessage>,
}

// ---------------------------------------------------------------------------------------------
// Import

/// The import file's columns, in the template's order: the add-customer form's fields by their
/// codes (not the indirect reseller: only providers name one, in the form), then
/// `relationship_exists`: `yes` when the relationship already exists in the other portal (the
/// customer becomes `active`), else `no` (the customer is `invited` and gets an invitation).
pub fn import_columns() -> Vec<&'static str> {
    Field::CUSTOMER
        .iter()
        .filter(|f| **f != Field::IndirectReseller)
        .map(|f| f.key())
        .chain([RELATIONSHIP_EXISTS])
        .collect()
}

pub const RELATIONSHIP_EXISTS: &str = "relationship_exists";

/// A column's heading in the template, in the user's language. The contact's columns say
/// "contact" (the form's labels rely on the section heading for that).
pub fn import_column_label(column: &str) -> Option<Msg> {
    if column == RELATIONSHIP_EXISTS {
        return Some(Msg::ColRelationshipExists);
    }
    let field = Field::CUSTOMER
        .iter()
        .copied()
        .find(|f| f.key() == column)?;
    Some(match field {
        Field::CompanyName => Msg::LabelCompanyName,
        Field::Country => Msg::LabelCountry,
        Field::DomainPrefix => Msg::LabelDomainPrefix,
        Field::AddressLine1 => Msg::LabelAddressLine1,
        Field::AddressLine2 => Msg::LabelAddressLine2,
        Field::AddressLine3 => Msg::LabelAddressLine3,
        Field::City => Msg::LabelCity,
        Field::State => Msg::LabelState,
        Field::PostalCode => Msg::LabelPostalCode,
        Field::ContactFirstName => Msg::ColContactFirstName,
        Field::ContactLastName => Msg::ColContactLastName,
        Field::ContactEmail => Msg::ColContactEmail,
        Field::ContactPhone => Msg::ColContactPhone,
        Field::RegistrationNumber => Msg::LabelRegistrationNumber,
        Field::Language => Msg::LabelLanguage,
        Field::AgreementFirstName => Msg::LabelAgreementFirstName,
        Field::AgreementLastName => Msg::LabelAgreementLastName,
        Field::AgreementEmail => Msg::LabelAgreementEmail,
        Field::AgreementDate => Msg::LabelAgreementDate,
        _ => return None,
    })
}

/// The column a file's header cell names: a code (`company_name`) or a heading in either
/// language ("Company name", "公司名称"), ignoring case and surrounding spaces — so a template
/// downloaded in Chinese imports as well as one in English, and so do files headed by codes.
pub fn import_column_named(header: &str) -> Option<&'static str> {
    let header = header.trim().to_lowercase();
    import_columns().into_iter().find(|column| {
        *column == header
            || import_column_label(column).is_some_and(|label| {
                Locale::ALL
                    .iter()
                    .any(|locale| locale.text(label).to_lowercase() == header)
            })
    })
}

/// Columns a file must have; the rest may be left out.
pub const IMPORT_REQUIRED_COLUMNS: &[&str] = &[
    "company_name",
    "country",
    "domain_prefix",
    "address_line1",
    "city",
    "contact_first_name",
    "contact_last_name",
    "contact_email",
    "relationship_exists",
];

/// At most this many rows per file.
pub const IMPORT_MAX_ROWS: usize = 20_000;

/// Parses the `relationship_exists` cell.
pub fn parse_yes_no(input: &str) -> Result<bool, FieldError> {
    match input.trim().to_ascii_lowercase().as_str() {
        "yes" | "y" | "true" | "1" | "是" => Ok(true),
        "no" | "n" | "false" | "0" | "否" => Ok(false),
        "" => Err(FieldError::Required),
        _ => Err(FieldError::NotInList),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum RowProblem {
    /// Values that break the rules, by column.
    Invalid { errors: FieldErrors },
    /// The relationship_exists cell.
    BadRelationshipExists { error: FieldError },
    /// The partner already has this customer (same primary domain): skipped, not doubled.
    Duplicate,
    /// The same primary domain appears on an earlier line of the file.
    RepeatedInFile { first_line: u32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RowReport {
    /// The line in the file (the header is line 1).
    pub line: u32,
    pub company_name: String,
    pub problem: RowProblem,
}

/// `POST /api/imports`: what committing would do, before anything is written.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImportPreview {
    pub id: Uuid,
    pub total: u32,
    /// Rows that will be imported.
    pub ready: u32,
    /// Of those, how many become `active` (the rest `invited`).
    pub active: u32,
    pub duplicates: u32,
    pub invalid: u32,
    /// Rows with a problem, in file order (at most `REPORTED_ROWS`).
    pub problems: Vec<RowReport>,
}

pub const REPORTED_ROWS: usize = 500;

/// Streamed while an import commits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ImportProgress {
    pub total: u32,
    pub done: u32,
    pub imported: u32,
    /// Rows skipped because the customer already exists (by now).
    pub skipped: u32,
    /// Rows refused at commit time (a domain another partner took meanwhile).
    pub failed: u32,
    pub finished: bool,
}

// ---------------------------------------------------------------------------------------------
// Audit log

/// What a change was. The code (`customer.created`) is what the log stores.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum AuditAction {
    #[serde(rename = "customer.created")]
    CustomerCreated,
    #[serde(rename = "customer.updated")]
    CustomerUpdated,
    #[serde(rename = "customer.imported")]
    CustomerImported,
    #[serde(rename = "customer.ended")]
    CustomerEnded,
    #[serde(rename = "customer.removed")]
    CustomerRemoved,
    #[serde(rename = "invitation.created")]
    InvitationCreated,
    #[serde(rename = "invitation.resent")]
    InvitationResent,
    #[serde(rename = "invitation.revoked")]
    InvitationRevoked,
    #[serde(rename = "invitation.accepted")]
    InvitationAccepted,
    #[serde(rename = "invitation.expired")]
    InvitationExpired,
    #[serde(rename = "subscription.suspended")]
    SubscriptionSuspended,
    #[serde(rename = "subscription.cancelled")]
    SubscriptionCancelled,
    #[serde(rename = "user.created")]
    UserCreated,
    #[serde(rename = "user.roles-changed")]
    UserRolesChanged,
    #[serde(rename = "user.disabled")]
    UserDisabled,
    #[serde(rename = "user.password-changed")]
    PasswordChanged,
    #[serde(rename = "business-profile.updated")]
    ProfileUpdated,
    #[serde(rename = "link.requested")]
    LinkRequested,
    #[serde(rename = "link.accepted")]
    LinkAccepted,
    #[serde(rename = "link.declined")]
    LinkDeclined,
    #[serde(rename = "link.ended")]
    LinkEnded,
    #[serde(rename = "referral.sent")]
    ReferralSent,
    #[serde(rename = "referral.accepted")]
    ReferralAccepted,
    #[serde(rename = "referral.declined")]
    ReferralDeclined,
    #[serde(rename = "referral.won")]
    ReferralWon,
    #[serde(rename = "referral.expired")]
    ReferralExpired,
}

impl AuditAction {
    pub const ALL: &'static [AuditAction] = &[
        AuditAction::CustomerCreated,
        AuditAction::CustomerUpdated,
        AuditAction::CustomerImported,
        AuditAction::CustomerEnded,
        AuditAction::CustomerRemoved,
        AuditAction::InvitationCreated,
        AuditAction::InvitationResent,
        AuditAction::InvitationRevoked,
        AuditAction::InvitationAccepted,
        AuditAction::InvitationExpired,
        AuditAction::SubscriptionSuspended,
        AuditAction::SubscriptionCancelled,
        AuditAction::UserCreated,
        AuditAction::UserRolesChanged,
        AuditAction::UserDisabled,
        AuditAction::PasswordChanged,
        AuditAction::ProfileUpdated,
        AuditAction::LinkRequested,
        AuditAction::LinkAccepted,
        AuditAction::LinkDeclined,
        AuditAction::LinkEnded,
        AuditAction::ReferralSent,
        AuditAction::ReferralAccepted,
        AuditAction::ReferralDeclined,
        AuditAction::ReferralWon,
        AuditAction::ReferralExpired,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::CustomerCreated => "customer.created",
            AuditAction::CustomerUpdated => "customer.updated",
            AuditAction::CustomerImported => "customer.imported",
            AuditAction::CustomerEnded => "customer.ended",
            AuditAction::CustomerRemoved => "customer.removed",
            AuditAction::InvitationCreated => "invitation.created",
            AuditAction::InvitationResent => "invitation.resent",
            AuditAction::InvitationRevoked => "invitation.revoked",
            AuditAction::InvitationAccepted => "invitation.accepted",
            AuditAction::InvitationExpired => "invitation.expired",
            AuditAction::SubscriptionSuspended => "subscription.suspended",
            AuditAction::SubscriptionCancelled => "subscription.cancelled",
            AuditAction::UserCreated => "user.created",
            AuditAction::UserRolesChanged => "user.roles-changed",
            AuditAction::UserDisabled => "user.disabled",
            AuditAction::PasswordChanged => "user.password-changed",
            AuditAction::ProfileUpdated => "business-profile.updated",
            AuditAction::LinkRequested => "link.requested",
            AuditAction::LinkAccepted => "link.accepted",
            AuditAction::LinkDeclined => "link.declined",
            AuditAction::LinkEnded => "link.ended",
            AuditAction::ReferralSent => "referral.sent",
            AuditAction::ReferralAccepted => "referral.accepted",
            AuditAction::ReferralDeclined => "referral.declined",
            AuditAction::ReferralWon => "referral.won",
            AuditAction::ReferralExpired => "referral.expired",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.as_str() == s)
    }

    pub fn label(self) -> Msg {
        match self {
            AuditAction::CustomerCreated => Msg::AuditCustomerCreated,
            AuditAction::CustomerUpdated => Msg::AuditCustomerUpdated,
            AuditAction::CustomerImported => Msg::AuditCustomerImported,
            AuditAction::CustomerEnded => Msg::AuditCustomerEnded,
            AuditAction::CustomerRemoved => Msg::AuditCustomerRemoved,
            AuditAction::InvitationCreated => Msg::AuditInvitationCreated,
            AuditAction::InvitationResent => Msg::AuditInvitationResent,
            AuditAction::InvitationRevoked => Msg::AuditInvitationRevoked,
            AuditAction::InvitationAccepted => Msg::AuditInvitationAccepted,
            AuditAction::InvitationExpired => Msg::AuditInvitationExpired,
            AuditAction::SubscriptionSuspended => Msg::AuditSubscriptionSuspended,
            AuditAction::SubscriptionCancelled => Msg::AuditSubscriptionCancelled,
            AuditAction::UserCreated => Msg::AuditUserCreated,
            AuditAction::UserRolesChanged => Msg::AuditUserRolesChanged,
            AuditAction::UserDisabled => Msg::AuditUserDisabled,
            AuditAction::PasswordChanged => Msg::AuditPasswordChanged,
            AuditAction::ProfileUpdated => Msg::AuditProfileUpdated,
            AuditAction::LinkRequested => Msg::AuditLinkRequested,
            AuditAction::LinkAccepted => Msg::AuditLinkAccepted,
            AuditAction::LinkDeclined => Msg::AuditLinkDeclined,
            AuditAction::LinkEnded => Msg::AuditLinkEnded,
            AuditAction::ReferralSent => Msg::AuditReferralSent,
            AuditAction::ReferralAccepted => Msg::AuditReferralAccepted,
            AuditAction::ReferralDeclined => Msg::AuditReferralDeclined,
            AuditAction::ReferralWon => Msg::AuditReferralWon,
            AuditAction::ReferralExpired => Msg::AuditReferralExpired,
        }
    }
}

/// One audit log entry.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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
pub struct FieldChange {
    pub field: String,
    /// `None` when the field had no value (or the object didn't exist).
    pub before: Option<String>,
    pub after: Option<String>,
}

/// `GET /api/audit` filters. Dates are `YYYY-MM-DD`, inclusive, UTC.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
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
}

/// One page of the audit log, newest first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
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

    #[test]
    fn audit_action_codes_round_trip() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(*action));
            let json = format!("\"{}\"", action.as_str());
            assert_eq!(serde_json::from_str::<AuditAction>(&json).unwrap(), *action);
        }
    }

    #[test]
    fn import_columns_are_the_form_fields() {
        let columns = import_columns();
        for required in IMPORT_REQUIRED_COLUMNS {
            assert!(columns.contains(required), "{required}");
        }
        assert_eq!(columns.len(), Field::CUSTOMER.len());
        assert_eq!(columns.last(), Some(&"relationship_exists"));
        for locale in Locale::ALL {
            let headings: Vec<String> = columns
                .iter()
                .map(|c| locale.text(import_column_label(c).unwrap()).to_lowercase())
                .collect();
            for (column, heading) in columns.iter().zip(&headings) {
                assert_eq!(
                    headings.iter().filter(|h| *h == heading).count(),
                    1,
                    "{heading}"
                );
                assert_eq!(
                    import_column_named(&format!(" {} ", heading.to_uppercase())),
                    Some(*column)
                );
                assert_eq!(import_column_named(column), Some(*column));
            }
        }
        assert_eq!(import_column_named("联系人电子邮件"), Some("contact_email"));
        assert_eq!(import_column_named("town"), None);
        assert_eq!(parse_yes_no(" Yes "), Ok(true));
        assert_eq!(parse_yes_no("否"), Ok(false));
        assert_eq!(parse_yes_no("maybe"), Err(FieldError::NotInList));
    }
}
