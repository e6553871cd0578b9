//! Granular delegated admin (GDAP) relationships: what a partner asks of a customer's tenant —
//! a name the customer sees, a set of Microsoft Entra built-in roles, for a limited time — and
//! the state machine from the request to its end (docs/domain.md "Admin relationships").
//!
//! Each role is one row of `entra_roles!`: its code, its role-template id (fixed by Microsoft
//! for every tenant), and its name and a plain-language description in both languages. The texts
//! live here rather than in the message catalog, so a bundle that never shows a role carries
//! none of them.

use crate::date::CalendarDate;
use crate::i18n::{Locale, Msg};
use crate::text::char_len;
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Declares the Entra role catalog once: the code enum (its serde names are the codes), each
/// role's template id, and its name and description (catalog messages: the browser fetches the
/// Chinese ones with the rest of its catalog).
macro_rules! entra_roles {
    ($(
        $variant:ident = $code:literal, $template:literal, $name:path, $text:path;
    )*) => {
        code_enum! {
            /// A Microsoft Entra built-in role a relationship may grant.
            pub enum EntraRole { $($variant = $code),* }
        }

        impl EntraRole {
            /// The role-template id: the same in every tenant, what Graph names the role by.
            pub fn template_id(self) -> &'static str {
                match self { $(EntraRole::$variant => $template),* }
            }

            /// The role's name as the Entra admin center shows it.
            pub fn name(self, locale: Locale) -> &'static str {
                let msg: Msg = match self { $(EntraRole::$variant => $name),* };
                msg.text(locale)
            }

            /// What the role lets the partner do in the customer's tenant, in plain words.
            pub fn description(self, locale: Locale) -> &'static str {
                let msg: Msg = match self { $(EntraRole::$variant => $text),* };
                msg.text(locale)
            }
        }
    };
}

entra_roles! {
    GlobalAdministrator = "global-administrator", "62e90394-69f5-4237-9190-012177145e10",
        Msg::EntraNameGlobalAdministrator, Msg::EntraTextGlobalAdministrator;
    GlobalReader = "global-reader", "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
        Msg::EntraNameGlobalReader, Msg::EntraTextGlobalReader;
    DirectoryReaders = "directory-readers", "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
        Msg::EntraNameDirectoryReaders, Msg::EntraTextDirectoryReaders;
    UserAdministrator = "user-administrator", "fe930be7-5e62-47db-91af-98c3a49a38b1",
        Msg::EntraNameUserAdministrator, Msg::EntraTextUserAdministrator;
    LicenseAdministrator = "license-administrator", "4d6ac14f-3453-41d0-bef9-a3e0c569773a",
        Msg::EntraNameLicenseAdministrator, Msg::EntraTextLicenseAdministrator;
    HelpdeskAdministrator = "helpdesk-administrator", "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        Msg::EntraNameHelpdeskAdministrator, Msg::EntraTextHelpdeskAdministrator;
    PasswordAdministrator = "password-administrator", "966707d0-3269-4727-9be2-8c3a10f19b9d",
        Msg::EntraNamePasswordAdministrator, Msg::EntraTextPasswordAdministrator;
    AuthenticationAdministrator = "authentication-administrator", "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        Msg::EntraNameAuthenticationAdministrator, Msg::EntraTextAuthenticationAdministrator;
    PrivilegedAuthenticationAdministrator = "privileged-authentication-administrator", "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        Msg::EntraNamePrivilegedAuthenticationAdministrator, Msg::EntraTextPrivilegedAuthenticationAdministrator;
    PrivilegedRoleAdministrator = "privileged-role-administrator", "e8611ab8-c189-46e8-94e1-60213ab1f814",
        Msg::EntraNamePrivilegedRoleAdministrator, Msg::EntraTextPrivilegedRoleAdministrator;
    GroupsAdministrator = "groups-administrator", "fdd7a751-b60b-444a-984c-02652fe8fa1c",
        Msg::EntraNameGroupsAdministrator, Msg::EntraTextGroupsAdministrator;
    ExchangeAdministrator = "exchange-administrator", "29232cdf-9323-42fd-ade2-1d097af3e4de",
        Msg::EntraNameExchangeAdministrator, Msg::EntraTextExchangeAdministrator;
    ExchangeRecipientAdministrator = "exchange-recipient-administrator", "31392ffb-586c-42d1-9346-e59415a2cc4e",
        Msg::EntraNameExchangeRecipientAdministrator, Msg::EntraTextExchangeRecipientAdministrator;
    SharePointAdministrator = "sharepoint-administrator", "f28a1f50-f6e7-4571-818b-6a12f2af6b6c",
        Msg::EntraNameSharePointAdministrator, Msg::EntraTextSharePointAdministrator;
    TeamsAdministrator = "teams-administrator", "69091246-20e8-4a56-aa4d-066075b2a7a8",
        Msg::EntraNameTeamsAdministrator, Msg::EntraTextTeamsAdministrator;
    TeamsCommunicationsAdministrator = "teams-communications-administrator", "baf37b3a-610e-45da-9e62-d9d1e5e8914b",
        Msg::EntraNameTeamsCommunicationsAdministrator, Msg::EntraTextTeamsCommunicationsAdministrator;
    IntuneAdministrator = "intune-administrator", "3a2c62db-5318-420d-8d74-23affee5d9d5",
        Msg::EntraNameIntuneAdministrator, Msg::EntraTextIntuneAdministrator;
    CloudDeviceAdministrator = "cloud-device-administrator", "7698a772-787b-4ac8-901f-60d6b08affd2",
        Msg::EntraNameCloudDeviceAdministrator, Msg::EntraTextCloudDeviceAdministrator;
    Windows365Administrator = "windows-365-administrator", "11451d60-acb2-45eb-a7d6-43d0f0125c13",
        Msg::EntraNameWindows365Administrator, Msg::EntraTextWindows365Administrator;
    SecurityAdministrator = "security-administrator", "194ae4cb-b126-40b2-bd5b-6091b380977d",
        Msg::EntraNameSecurityAdministrator, Msg::EntraTextSecurityAdministrator;
    SecurityOperator = "security-operator", "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f",
        Msg::EntraNameSecurityOperator, Msg::EntraTextSecurityOperator;
    SecurityReader = "security-reader", "5d6b6bb7-de71-4623-b4af-96380a352509",
        Msg::EntraNameSecurityReader, Msg::EntraTextSecurityReader;
    ConditionalAccessAdministrator = "conditional-access-administrator", "b1be1c3e-b65d-4f19-8427-f6fa0d97feb9",
        Msg::EntraNameConditionalAccessAdministrator, Msg::EntraTextConditionalAccessAdministrator;
    ComplianceAdministrator = "compliance-administrator", "17315797-102d-40b4-93e0-432062caca18",
        Msg::EntraNameComplianceAdministrator, Msg::EntraTextComplianceAdministrator;
    ApplicationAdministrator = "application-administrator", "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        Msg::EntraNameApplicationAdministrator, Msg::EntraTextApplicationAdministrator;
    CloudApplicationAdministrator = "cloud-application-administrator", "158c047a-c907-4556-b7ef-446551a6b5f7",
        Msg::EntraNameCloudApplicationAdministrator, Msg::EntraTextCloudApplicationAdministrator;
    ServiceSupportAdministrator = "service-support-administrator", "f023fd81-a637-4b56-95fd-791ac0226033",
        Msg::EntraNameServiceSupportAdministrator, Msg::EntraTextServiceSupportAdministrator;
    BillingAdministrator = "billing-administrator", "b0f54661-2d74-4c50-afa3-1ec803f12efe",
        Msg::EntraNameBillingAdministrator, Msg::EntraTextBillingAdministrator;
    ReportsReader = "reports-reader", "4a5d8f65-41da-4de4-8968-e035b65339cf",
        Msg::EntraNameReportsReader, Msg::EntraTextReportsReader;
    MessageCenterReader = "message-center-reader", "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b",
        Msg::EntraNameMessageCenterReader, Msg::EntraTextMessageCenterReader;
    PowerPlatformAdministrator = "power-platform-administrator", "11648597-926c-4cf3-9c36-bcebb0ba8dcc",
        Msg::EntraNamePowerPlatformAdministrator, Msg::EntraTextPowerPlatformAdministrator;
    Dynamics365Administrator = "dynamics-365-administrator", "44367163-eba1-44c3-98af-f5787879f96a",
        Msg::EntraNameDynamics365Administrator, Msg::EntraTextDynamics365Administrator;
}

/// Days a relationship may last: 1 to 730 (two years).
pub const MIN_DURATION_DAYS: u32 = 1;
pub const MAX_DURATION_DAYS: u32 = 730;
/// How much an auto-extension adds.
pub const AUTO_EXTEND_DAYS: u32 = 180;
/// A request the customer hasn't approved in this many days expires.
pub const APPROVAL_DAYS: u32 = 90;
/// An active relationship is "expiring" this many days before its end.
pub const EXPIRING_DAYS: u32 = 31;
/// Days before the end of a relationship that will expire (not auto-extending) at which the
/// partner's admins are told, largest first.
pub const EXPIRY_NOTICE_DAYS: [u32; 3] = [EXPIRING_DAYS, 7, 1];

/// The name of a relationship: the customer sees it. 1–50 characters, unique within the partner.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RelationshipName(String);

impl RelationshipName {
    pub const MAX: usize = 50;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(FieldError::Required);
        }
        if char_len(value) > Self::MAX {
            return Err(FieldError::TooLong {
                max: Self::MAX as u32,
            });
        }
        crate::text::check_name_chars(value)?;
        Ok(Self(value.to_string()))
    }

    /// The name with " (n)" after it, cut so the whole fits in 50 characters: the next name to
    /// try for a request whose own is taken by an open relationship.
    pub fn numbered(&self, n: u32) -> Self {
        let suffix = format!(" ({n})");
        let base: String = self.0.chars().take(Self::MAX - char_len(&suffix)).collect();
        Self(format!("{}{suffix}", base.trim_end()))
    }
}
string_newtype!(RelationshipName);

/// A request for an admin relationship as typed (`POST /api/customers/{id}/admin-relationships`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AdminRelationshipForm {
    pub display_name: String,
    /// Role codes (`user-administrator`).
    pub roles: Vec<String>,
    /// Whole days, as typed.
    pub duration_days: String,
    pub auto_extend: bool,
}

/// The duration a new request offers first: 180 days, as an automatic extension adds.
pub const DEFAULT_DURATION_DAYS: u32 = AUTO_EXTEND_DAYS;

impl AdminRelationshipForm {
    /// A request made from a template for a customer (asked while adding the customer): the
    /// template's roles, named "{template} · {company}" — names are unique among the partner's
    /// open relationships, so one per customer — cut to the 50 characters a name may have.
    pub fn from_template(template: &AdminTemplate, company: &str) -> Self {
        let name = format!("{} · {}", template.name.as_str(), company.trim());
        Self {
            display_name: name
                .chars()
                .take(RelationshipName::MAX)
                .collect::<String>()
                .trim_end()
                .to_string(),
            roles: template
                .roles
                .iter()
                .map(|r| r.as_str().to_string())
                .collect(),
            duration_days: DEFAULT_DURATION_DAYS.to_string(),
            auto_extend: false,
        }
    }
}

/// A checked request: a name, at least one role (no repeats, in catalog order), a duration, and
/// auto-extension only without Global Administrator.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAdminRelationship {
    pub display_name: RelationshipName,
    pub roles: Vec<EntraRole>,
    pub duration_days: u32,
    pub auto_extend: bool,
}

impl AdminRelationshipForm {
    /// Every problem at once, field by field (the same check in the browser and the server).
    pub fn parse(&self) -> Result<NewAdminRelationship, FieldErrors> {
        let mut c = Collector::new();
        let display_name = c.take(
            Field::DisplayName,
            RelationshipName::parse(&self.display_name),
        );
        let roles = c.take(Field::Roles, parse_roles(&self.roles));
        let duration_days = c.take(Field::DurationDays, parse_duration(&self.duration_days));
        if self.auto_extend
            && roles
                .as_ref()
                .is_some_and(|r| r.contains(&EntraRole::GlobalAdministrator))
        {
            c.take::<()>(Field::AutoExtend, Err(FieldError::NotWithGlobalAdmin));
        }
        match (display_name, roles, duration_days) {
            (Some(display_name), Some(roles), Some(duration_days)) if c.is_empty() => {
                Ok(NewAdminRelationship {
                    display_name,
                    roles,
                    duration_days,
                    auto_extend: self.auto_extend,
                })
            }
            _ => Err(c.into_errors()),
        }
    }

    /// The problems of the form as it stands (empty when it is valid).
    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

/// A role template as typed (`POST`/`PUT /api/admin-templates`): a name the partner's people
/// pick it by (1–50 characters, unique within the partner) and its roles.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AdminTemplateForm {
    pub name: String,
    /// Role codes (`user-administrator`).
    pub roles: Vec<String>,
}

/// A checked template: its name and at least one role, in catalog order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAdminTemplate {
    pub name: RelationshipName,
    pub roles: Vec<EntraRole>,
}

impl AdminTemplateForm {
    /// Every problem at once, field by field (the same check in the browser and the server).
    pub fn parse(&self) -> Result<NewAdminTemplate, FieldErrors> {
        let mut c = Collector::new();
        let name = c.take(Field::DisplayName, RelationshipName::parse(&self.name));
        let roles = c.take(Field::Roles, parse_roles(&self.roles));
        match (name, roles) {
            (Some(name), Some(roles)) => Ok(NewAdminTemplate { name, roles }),
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

/// One of the partner's role templates: requests start from it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminTemplate {
    pub id: Uuid,
    pub name: RelationshipName,
    pub roles: Vec<EntraRole>,
}

/// At least one known role; repeats are one; answered in catalog order.
pub(crate) fn parse_roles(codes: &[String]) -> Result<Vec<EntraRole>, FieldError> {
    crate::validation::parse_code_set(codes, EntraRole::parse)
}

/// Whole days, 1–730.
fn parse_duration(input: &str) -> Result<u32, FieldError> {
    let value = input.trim();
    if value.is_empty() {
        return Err(FieldError::Required);
    }
    let range = FieldError::OutOfRange {
        min: MIN_DURATION_DAYS,
        max: MAX_DURATION_DAYS,
    };
    if !value.chars().all(|c| c.is_ascii_digit()) {
        return Err(FieldError::InvalidFormat { hint: None });
    }
    let days: u32 = value.parse().map_err(|_| range.clone())?;
    if (MIN_DURATION_DAYS..=MAX_DURATION_DAYS).contains(&days) {
        Ok(days)
    } else {
        Err(range)
    }
}

code_enum! {
    /// Where a relationship is (Graph's states; "expiring" is a flag of an active one).
    pub enum AdminRelationshipState {
        /// Asked for; the customer's Global Administrator hasn't answered.
        ApprovalPending = "approval-pending" => crate::i18n::Msg::AdminStatePending,
        Active = "active" => crate::i18n::Msg::AdminStateActive,
        /// Past its end (or never approved within 90 days).
        Expired = "expired" => crate::i18n::Msg::AdminStateExpired,
        /// Ended early: by the partner, by the customer, or with the reseller relationship.
        Terminated = "terminated" => crate::i18n::Msg::AdminStateTerminated,
    }
}

/// What the background sweep does to a relationship on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SweepStep {
    /// Nothing is due.
    Keep,
    /// The end moves by `AUTO_EXTEND_DAYS`.
    Extend {
        new_end: CalendarDate,
    },
    Expire,
}

/// The facts of a relationship the rules decide from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdminRelationshipTerms {
    pub state: AdminRelationshipState,
    pub roles: Vec<EntraRole>,
    pub auto_extend: bool,
    /// The day it was asked for.
    pub requested_on: CalendarDate,
    /// The day it ends (set when approved).
    pub ends_on: Option<CalendarDate>,
}

impl AdminRelationshipTerms {
    fn has_global_admin(&self) -> bool {
        self.roles.contains(&EntraRole::GlobalAdministrator)
    }

    /// Whether it may be extended by hand or automatically: active, without Global Administrator.
    pub fn can_extend(&self) -> bool {
        self.state == AdminRelationshipState::Active && !self.has_global_admin()
    }

    /// The end an extension by hand gives it, from the end the partner saw (`from`): 180 days
    /// later, as an automatic extension would; `None` when it can't be extended (not active,
    /// Global Administrator among its roles) or its end is no longer `from` (extended already —
    /// so a retried extension doesn't extend twice).
    pub fn extension(&self, from: CalendarDate) -> Option<CalendarDate> {
        match self.ends_on {
            Some(end) if end == from && self.can_extend() => {
                Some(end.plus_days(AUTO_EXTEND_DAYS as i64))
            }
            _ => None,
        }
    }

    /// Whether it may be asked for again with the same terms: it expired.
    pub fn can_request_again(&self) -> bool {
        self.state == AdminRelationshipState::Expired
    }

    /// Whether the partner may end it now (a pending request may be withdrawn too).
    pub fn can_terminate(&self) -> bool {
        matches!(
            self.state,
            AdminRelationshipState::ApprovalPending | AdminRelationshipState::Active
        )
    }

    /// Whether the customer may still approve it on `today`.
    pub fn can_approve(&self, today: CalendarDate) -> bool {
        self.state == AdminRelationshipState::ApprovalPending
            && today <= self.requested_on.plus_days(APPROVAL_DAYS as i64)
    }

    /// Active and ending within `EXPIRING_DAYS` of `today`.
    pub fn is_expiring(&self, today: CalendarDate) -> bool {
        self.state == AdminRelationshipState::Active
            && self
                .ends_on
                .is_some_and(|end| end <= today.plus_days(EXPIRING_DAYS as i64))
    }

    /// Days from `today` to its end (negative once past); `None` before it is approved.
    pub fn days_left(&self, today: CalendarDate) -> Option<i64> {
        self.ends_on
            .map(|end| end.days_since_epoch() - today.days_since_epoch())
    }

    /// Whether it will expire at its end rather than be extended: active, and not auto-extending
    /// (or not allowed to: Global Administrator).
    pub fn will_expire(&self) -> bool {
        self.state == AdminRelationshipState::Active && !(self.auto_extend && self.can_extend())
    }

    /// The expiry notice due on `today` (days before the end, one of `EXPIRY_NOTICE_DAYS`) for a
    /// relationship that will expire, given the smallest notice already sent for its current end.
    /// When the sweep skipped days, only the latest notice goes — never a stale "31 days" after
    /// the "7 days" one.
    pub fn expiry_notice_due(&self, today: CalendarDate, sent: Option<u32>) -> Option<u32> {
        if !self.will_expire() {
            return None;
        }
        let days_left = self.days_left(today)?;
        if days_left < 1 {
            return None;
        }
        let due = EXPIRY_NOTICE_DAYS
            .iter()
            .copied()
            .filter(|&days| days_left <= i64::from(days))
            .min()?;
        match sent {
            Some(sent) if sent <= due => None,
            _ => Some(due),
        }
    }

    /// What the daily sweep does on `today`: a pending request past 90 days expires; an
    /// active relationship on or past its end is extended when it auto-extends (never with
    /// Global Administrator), else it expires.
    pub fn sweep(&self, today: CalendarDate) -> SweepStep {
        match self.state {
            AdminRelationshipState::ApprovalPending if !self.can_approve(today) => {
                SweepStep::Expire
            }
            AdminRelationshipState::Active => match self.ends_on {
                Some(end) if end <= today => {
                    if self.auto_extend && self.can_extend() {
                        SweepStep::Extend {
                            new_end: end.plus_days(AUTO_EXTEND_DAYS as i64),
                        }
                    } else {
                        SweepStep::Expire
                    }
                }
                _ => SweepStep::Keep,
            },
            _ => SweepStep::Keep,
        }
    }
}

code_enum! {
    /// Why a relationship ended.
    pub enum AdminEndReason {
        /// The partner terminated it (or withdrew the request).
        Partner = "partner",
        /// The customer's administrator terminated it from the approval link's page.
        Customer = "customer",
        /// The customer's administrator declined the request.
        Declined = "declined",
        /// The reseller relationship with the customer ended, and every admin relationship
        /// with it.
        RelationshipEnded = "relationship-ended",
        /// Its end came without auto-extension.
        Expired = "expired",
        /// Nobody approved it within 90 days.
        NotApproved = "not-approved",
    }
}

code_enum! {
    /// What the customer's administrator answers on the approval page.
    pub enum AdminDecision {
        Approve = "approve",
        Decline = "decline",
        /// End an active relationship early.
        Terminate = "terminate",
    }
}

/// An admin relationship as the partner sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminRelationship {
    pub id: Uuid,
    pub customer_id: Uuid,
    /// The customer's company name, for lists across customers.
    pub company_name: String,
    pub display_name: RelationshipName,
    pub roles: Vec<EntraRole>,
    pub duration_days: u32,
    pub auto_extend: bool,
    pub state: AdminRelationshipState,
    /// Active and ending within 31 days.
    pub expiring: bool,
    /// RFC 3339, UTC.
    pub requested_at: String,
    /// The partner user who asked, by display name.
    pub requested_by: String,
    pub approved_at: Option<String>,
    /// The customer's administrator who approved, as they gave their name.
    pub approved_by: Option<String>,
    pub ends_on: Option<CalendarDate>,
    pub ended_at: Option<String>,
    pub end_reason: Option<AdminEndReason>,
}

impl AdminRelationship {
    /// What the rules judge it by.
    pub fn terms(&self) -> AdminRelationshipTerms {
        AdminRelationshipTerms {
            state: self.state,
            roles: self.roles.clone(),
            auto_extend: self.auto_extend,
            requested_on: self
                .requested_at
                .get(..10)
                .and_then(|d| CalendarDate::parse(d).ok())
                .unwrap_or(CalendarDate::MIN),
            ends_on: self.ends_on,
        }
    }

    /// The end an extension by hand would give it now, if it can be extended.
    pub fn extension(&self) -> Option<CalendarDate> {
        self.terms().extension(self.ends_on?)
    }
}

/// `POST /api/admin-relationships/{id}/extend`: the end the caller saw, so a retry doesn't
/// extend twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ExtendRequest {
    pub from: CalendarDate,
}

/// `GET /api/admin-relationships`: the partner's relationships across customers, filtered.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AdminRelationshipQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub state: Option<AdminRelationshipState>,
    /// Active ones ending within this many days (the overview's 31; 7 and 1 as Partner Center
    /// warns).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expiring_within: Option<u32>,
    /// One customer's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer: Option<Uuid>,
    /// Those granting this role.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub role: Option<EntraRole>,
}

impl AdminRelationshipQuery {
    /// The filters the page offers for "expiring within": days.
    pub const EXPIRING_CHOICES: [u32; 3] = [1, 7, EXPIRING_DAYS];

    /// The query as URL parameters, for the address bar and the API call alike.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if let Some(state) = self.state {
            parts.push(format!("state={}", state.as_str()));
        }
        if let Some(days) = self.expiring_within {
            parts.push(format!("expiring_within={days}"));
        }
        if let Some(customer) = self.customer {
            parts.push(format!("customer={customer}"));
        }
        if let Some(role) = self.role {
            parts.push(format!("role={}", role.as_str()));
        }
        parts.join("&")
    }

    /// The query in a URL's parameters (`get` reads one); unknown values are no filter.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            state: get("state").and_then(|s| AdminRelationshipState::parse(&s)),
            expiring_within: get("expiring_within")
                .and_then(|d| d.trim().parse().ok())
                .filter(|d| (1..=MAX_DURATION_DAYS).contains(d)),
            customer: get("customer").and_then(|c| Uuid::parse_str(c.trim()).ok()),
            role: get("role").and_then(|r| EntraRole::from_code(&r)),
        }
    }
}

/// The overview's figures: requests awaiting approval, active relationships, and active ones
/// ending within 31 days.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminRelationshipCounts {
    pub pending: u64,
    pub active: u64,
    pub expiring: u64,
}

/// What the approval page shows the customer's administrator (no partner sign-in).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminApprovalDetails {
    pub partner_name: String,
    pub company_name: String,
    pub display_name: RelationshipName,
    pub roles: Vec<EntraRole>,
    pub duration_days: u32,
    pub auto_extend: bool,
    pub state: AdminRelationshipState,
    pub ends_on: Option<CalendarDate>,
}

/// The approval page's answer (`POST /api/admin-approval`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AdminApprovalForm {
    pub token: String,
    /// `approve`, `decline` or `terminate`.
    pub decision: String,
    /// Who answers (the customer's Global Administrator), for the partner's records.
    pub name: String,
}

impl AdminApprovalForm {
    /// The decision and who made it.
    pub fn parse(&self) -> Result<(AdminDecision, String), FieldErrors> {
        let mut c = Collector::new();
        let decision = c.take(
            Field::Decision,
            AdminDecision::parse(&self.decision).ok_or(FieldError::NotInList),
        );
        let name = c.take(Field::DisplayName, RelationshipName::parse(&self.name));
        match (decision, name) {
            (Some(decision), Some(name)) if c.is_empty() => Ok((decision, name.0)),
            _ => Err(c.into_errors()),
        }
    }
}

/// The role templates a partner starts with (its own to change or remove).
pub const SUGGESTED_TEMPLATES: &[(&str, &[EntraRole])] = &[
    (
        "Helpdesk",
        &[
            EntraRole::DirectoryReaders,
            EntraRole::HelpdeskAdministrator,
            EntraRole::ServiceSupportAdministrator,
        ],
    ),
    (
        "Licensing",
        &[
            EntraRole::DirectoryReaders,
            EntraRole::LicenseAdministrator,
            EntraRole::UserAdministrator,
        ],
    ),
    (
        "Security operations",
        &[
            EntraRole::SecurityReader,
            EntraRole::SecurityOperator,
            EntraRole::GlobalReader,
        ],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_role_catalog_has_real_template_ids_and_both_languages() {
        assert!(EntraRole::ALL.len() >= 25);
        let mut ids = std::collections::BTreeSet::new();
        for role in EntraRole::ALL {
            let id = role.template_id();
            assert!(uuid::Uuid::parse_str(id).is_ok(), "{role:?}: {id}");
            assert!(ids.insert(id), "{role:?}: the id {id} twice");
            for locale in Locale::ALL {
                assert!(!role.name(*locale).is_empty());
                assert!(role.description(*locale).len() > 10);
            }
            assert!(
                role.description(Locale::ZhCn)
                    .chars()
                    .any(crate::text::is_cjk),
                "{role:?}: the Chinese description is Chinese"
            );
        }
        assert_eq!(
            EntraRole::GlobalAdministrator.template_id(),
            "62e90394-69f5-4237-9190-012177145e10"
        );
        assert_eq!(
            EntraRole::DirectoryReaders.template_id(),
            "88d8e3e3-8f55-4a1e-953a-9b9898b8876b"
        );
    }

    fn day(s: &str) -> CalendarDate {
        CalendarDate::parse(s).unwrap()
    }

    fn terms(
        state: AdminRelationshipState,
        roles: &[EntraRole],
        auto: bool,
    ) -> AdminRelationshipTerms {
        AdminRelationshipTerms {
            state,
            roles: roles.to_vec(),
            auto_extend: auto,
            requested_on: day("2026-01-01"),
            ends_on: Some(day("2026-07-01")),
        }
    }

    #[test]
    fn a_list_query_round_trips_through_the_url() {
        let query = AdminRelationshipQuery {
            state: Some(AdminRelationshipState::Active),
            expiring_within: Some(7),
            customer: Some(Uuid::nil()),
            role: Some(EntraRole::UserAdministrator),
        };
        let text = query.to_query_string();
        assert_eq!(
            text,
            "state=active&expiring_within=7&customer=00000000-0000-0000-0000-000000000000&role=user-administrator"
        );
        let pairs: Vec<(&str, &str)> = text.split('&').filter_map(|p| p.split_once('=')).collect();
        let read = AdminRelationshipQuery::from_params(|k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        });
        assert_eq!(read, query);
        let odd = AdminRelationshipQuery::from_params(|k| match k {
            "state" => Some("nonsense".into()),
            "expiring_within" => Some("0".into()),
            "customer" => Some("42".into()),
            "role" => Some("janitor".into()),
            _ => None,
        });
        assert_eq!(odd, AdminRelationshipQuery::default());
    }

    #[test]
    fn a_request_from_a_template_is_named_for_the_customer_and_valid() {
        let template = AdminTemplate {
            id: Uuid::nil(),
            name: RelationshipName::parse("Security operations").unwrap(),
            roles: vec![EntraRole::GlobalReader, EntraRole::SecurityReader],
        };
        let form = AdminRelationshipForm::from_template(&template, " Contoso ");
        assert_eq!(form.display_name, "Security operations · Contoso");
        let request = form.parse().unwrap();
        assert_eq!(request.roles, template.roles);
        assert_eq!(request.duration_days, 180);
        assert!(!request.auto_extend);
        // A long company name is cut to the 50 characters a name may have.
        let long = AdminRelationshipForm::from_template(&template, &"Fabrikam ".repeat(10));
        assert_eq!(long.display_name.chars().count(), 50);
        assert!(long.display_name.ends_with("Fabrikam F"));
        assert!(long.parse().is_ok());
    }

    #[test]
    fn a_numbered_name_fits_in_fifty_characters() {
        let short = RelationshipName::parse("Helpdesk · Contoso").unwrap();
        assert_eq!(short.numbered(2).as_str(), "Helpdesk · Contoso (2)");
        let long = RelationshipName::parse(&"云".repeat(50)).unwrap();
        let numbered = long.numbered(12);
        assert_eq!(numbered.as_str(), format!("{} (12)", "云".repeat(45)));
        // A cut that ends in a space leaves it out.
        let spaced = RelationshipName::parse(&format!("{} tail", "x".repeat(45))).unwrap();
        assert_eq!(
            spaced.numbered(3).as_str(),
            format!("{} (3)", "x".repeat(45))
        );
        assert_eq!(RelationshipName::parse(numbered.as_str()), Ok(numbered));
    }

    #[test]
    fn a_template_needs_a_name_and_a_known_role() {
        let form = AdminTemplateForm {
            name: "  Tier 1 helpdesk ".into(),
            roles: vec![
                "password-administrator".into(),
                "directory-readers".into(),
                "directory-readers".into(),
            ],
        };
        let template = form.parse().unwrap();
        assert_eq!(template.name.as_str(), "Tier 1 helpdesk");
        assert_eq!(
            template.roles,
            [
                EntraRole::DirectoryReaders,
                EntraRole::PasswordAdministrator
            ]
        );
        let errors = AdminTemplateForm {
            name: "x".repeat(51),
            roles: vec!["janitor".into()],
        }
        .check();
        assert!(errors.contains_key(&Field::DisplayName));
        assert!(errors.contains_key(&Field::Roles));
        assert!(AdminTemplateForm::default()
            .check()
            .contains_key(&Field::Roles));
    }

    #[test]
    fn an_extension_adds_180_days_once_and_never_with_global_administrator() {
        use AdminRelationshipState::*;
        let helpdesk = terms(Active, &[EntraRole::HelpdeskAdministrator], false);
        let end = day("2026-07-01");
        assert_eq!(helpdesk.extension(end), Some(day("2026-12-28")));
        // Asked from an end that has moved (a retry after it was extended): nothing.
        assert_eq!(helpdesk.extension(day("2026-06-30")), None);
        let global = terms(Active, &[EntraRole::GlobalAdministrator], false);
        assert_eq!(global.extension(end), None);
        for state in [ApprovalPending, Expired, Terminated] {
            assert_eq!(
                terms(state, &[EntraRole::HelpdeskAdministrator], false).extension(end),
                None
            );
        }
        assert!(terms(Expired, &[EntraRole::HelpdeskAdministrator], false).can_request_again());
        assert!(!helpdesk.can_request_again());
    }

    #[test]
    fn expiry_notices_go_at_31_7_and_1_days_once_each_and_only_the_latest_after_a_gap() {
        use AdminRelationshipState::*;
        let helpdesk = [EntraRole::HelpdeskAdministrator];
        let expiring = terms(Active, &helpdesk, false);
        // Ends 2026-07-01.
        let on = |d: &str, sent| expiring.expiry_notice_due(day(d), sent);
        assert_eq!(on("2026-05-30", None), None, "32 days left");
        assert_eq!(on("2026-05-31", None), Some(31));
        assert_eq!(on("2026-05-31", Some(31)), None, "once");
        assert_eq!(on("2026-06-23", Some(31)), None, "8 days left");
        assert_eq!(on("2026-06-24", Some(31)), Some(7));
        assert_eq!(on("2026-06-30", Some(7)), Some(1));
        assert_eq!(on("2026-06-30", Some(1)), None);
        assert_eq!(
            on("2026-07-01", None),
            None,
            "the end day: the sweep expires it"
        );
        // The sweep didn't run for weeks: the 7-day notice only, and no 31 after it.
        assert_eq!(on("2026-06-26", None), Some(7));
        assert_eq!(on("2026-06-27", Some(7)), None);
        // Auto-extending ones aren't told (they go on), unless Global Administrator stops that.
        let extends = terms(Active, &helpdesk, true);
        assert_eq!(extends.expiry_notice_due(day("2026-06-30"), None), None);
        let global = terms(Active, &[EntraRole::GlobalAdministrator], true);
        assert_eq!(global.expiry_notice_due(day("2026-06-30"), None), Some(1));
        let pending = terms(ApprovalPending, &helpdesk, false);
        assert_eq!(pending.expiry_notice_due(day("2026-06-30"), None), None);
    }

    #[test]
    fn the_sweep_extends_expires_and_never_extends_global_admin() {
        use AdminRelationshipState::*;
        let helpdesk = [EntraRole::HelpdeskAdministrator];
        let global = [EntraRole::GlobalAdministrator];
        assert_eq!(
            terms(Active, &helpdesk, true).sweep(day("2026-06-30")),
            SweepStep::Keep
        );
        assert_eq!(
            terms(Active, &helpdesk, true).sweep(day("2026-07-01")),
            SweepStep::Extend {
                new_end: day("2026-12-28")
            }
        );
        assert_eq!(
            terms(Active, &helpdesk, false).sweep(day("2026-07-01")),
            SweepStep::Expire
        );
        assert_eq!(
            terms(Active, &global, true).sweep(day("2026-07-02")),
            SweepStep::Expire
        );
        assert!(!terms(Active, &global, false).can_extend());
        assert!(terms(Active, &helpdesk, false).is_expiring(day("2026-05-31")));
        assert!(!terms(Active, &helpdesk, false).is_expiring(day("2026-05-30")));

        let pending = terms(ApprovalPending, &helpdesk, false);
        assert!(pending.can_approve(day("2026-04-01")));
        assert_eq!(pending.sweep(day("2026-04-01")), SweepStep::Keep);
        assert!(!pending.can_approve(day("2026-04-02")));
        assert_eq!(pending.sweep(day("2026-04-02")), SweepStep::Expire);
        assert!(pending.can_terminate() && !terms(Expired, &helpdesk, false).can_terminate());
        assert_eq!(
            terms(Terminated, &helpdesk, true).sweep(day("2027-01-01")),
            SweepStep::Keep
        );
    }
}
