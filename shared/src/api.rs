//! The JSON API's request and response bodies. Values that have rules are typed with the rule's
//! newtype, so a response that breaks a rule fails to deserialize instead of reaching a page.

use crate::access::{Action, Role};
use crate::customer::{AgreementAcceptance, CompanyName, CustomerProfile, DomainPrefix, Email};
use crate::instance::{CloudInstance, ProgramRole};
use crate::regions::CountryCode;
use crate::relationship::Relationship;
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use crate::customer::CustomerForm;

code_enum! {
    /// Machine-readable kind of an API error.
    pub enum ErrorCode {
        /// 422: `fields` says which field and why.
        Validation = "validation",
        /// 400: the body is not the JSON the endpoint takes.
        MalformedRequest = "malformed_request",
        Unauthorized = "unauthorized",
        Forbidden = "forbidden",
        NotFound = "not_found",
        /// 409: the request clashes with the current state (an idempotency key reused for another
        /// request).
        Conflict = "conflict",
        /// 412: the If-Match version is not the current one; reload and re-apply.
        PreconditionFailed = "precondition_failed",
        /// 428: an update without If-Match.
        PreconditionRequired = "precondition_required",
        /// 403 until the user replaces an administrator-set password.
        PasswordChangeRequired = "password_change_required",
        /// 403 until the session passes the second factor (or, when the partner requires one and
        /// the user has none, until one is enrolled).
        SecondFactorRequired = "second_factor_required",
        /// 409: an authenticator app is enrolled already (an administrator resets it first).
        AuthenticatorEnrolled = "authenticator_enrolled",
        PayloadTooLarge = "payload_too_large",
        TooManyRequests = "too_many_requests",
        Internal = "internal",
        /// 503: the database can't be reached for the moment (restarting, say); try again in a
        /// few seconds (`Retry-After`).
        Unavailable = "unavailable",
        /// 410: the invitation link was already used.
        InvitationAccepted = "invitation_accepted",
        /// 410: the invitation is past its 30 days.
        InvitationExpired = "invitation_expired",
        /// 410: the partner withdrew the invitation.
        InvitationRevoked = "invitation_revoked",
        /// 410: the partner sent a newer invitation; this link is an older e-mail's.
        InvitationReplaced = "invitation_replaced",
        /// 410: the password-reset link was used already (or a later one was used).
        ResetLinkUsed = "reset_link_used",
        /// 410: the password-reset link is past its 30 minutes.
        ResetLinkExpired = "reset_link_expired",
        /// 409: the admin relationship is not pending or active any more.
        AdminRelationshipNotOpen = "admin_relationship_not_open",
        /// 409: an extension needs an active relationship without Global Administrator, ending
        /// on the day the extension was asked from (it moved meanwhile: extended already).
        AdminRelationshipNotExtendable = "admin_relationship_not_extendable",
        /// 409: access is assigned in an active admin relationship only.
        AdminRelationshipNotActive = "admin_relationship_not_active",
        /// 409: only an expired relationship is asked for again.
        AdminRelationshipNotExpired = "admin_relationship_not_expired",
        /// 410: the approval link's relationship has ended (or its request expired).
        ApprovalLinkClosed = "approval_link_closed",
        /// 409: the change needs an active relationship (ending an ended one, say).
        RelationshipNotActive = "relationship_not_active",
        /// 409: a relationship can't end while the customer has subscriptions that aren't
        /// cancelled (a suspended one is still billed under new commerce).
        ActiveSubscriptions = "active_subscriptions",
        /// 409: an active or ended customer is ended, not removed (its history stays).
        CustomerNotRemovable = "customer_not_removable",
        /// 409: the invitation can't do this in its state (revoke an accepted one).
        InvitationNotPending = "invitation_not_pending",
        /// 403: the partner's program can't do this (only indirect providers invite resellers).
        ProgramNotAllowed = "program_not_allowed",
        /// 409: the referral was already answered (or expired).
        ReferralNotNew = "referral_not_new",
        /// 409: a customer can be created from an accepted referral only.
        ReferralNotAccepted = "referral_not_accepted",
        /// 409: an open (pending or active) link with this reseller exists already.
        LinkExists = "link_exists",
        /// 409: the link is not pending (accept or decline it once).
        LinkNotPending = "link_not_pending",
        /// 409: the link is not open any more.
        LinkNotActive = "link_not_active",
        /// 409: subscriptions are sold to active customers only (not invited, expired or ended).
        CustomerNotActive = "customer_not_active",
        /// 409: the subscription's state doesn't allow the change (more seats on a suspended
        /// one, cancelling a cancelled one).
        SubscriptionNotChangeable = "subscription_not_changeable",
        /// 409: fewer seats or a cancellation more than 7 days after the purchase or the last
        /// renewal; `reopens_on` says when the next window opens (the renewal), if it renews.
        ChangeWindowClosed = "change_window_closed",
        /// 409: a support request can't move to that state from its own.
        SupportMoveNotAllowed = "support_move_not_allowed",
        /// 409: a resolved request can be reopened within 14 days of its resolution only.
        ReopenTooLate = "reopen_too_late",
    }
}

/// The body of every error response.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ApiError {
    pub code: ErrorCode,
    /// A short English explanation for API users; the app shows catalog texts instead.
    pub message: String,
    #[serde(default, skip_serializing_if = "FieldErrors::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = std::collections::BTreeMap<String, crate::FieldError>))]
    pub fields: FieldErrors,
    /// For `change_window_closed`: the day fewer seats and cancellation are possible again (the
    /// subscription's renewal); absent when it won't renew.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reopens_on: Option<crate::date::CalendarDate>,
    /// Quote this to support: it finds the server's log lines of the failed request.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// Who is signed in and for which partner.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub user: UserInfo,
    pub partner: PartnerInfo,
    /// Where this session stands after the password: only `done` reaches the workspace.
    pub sign_in_step: crate::second_factor::SignInStep,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    pub id: Uuid,
    pub email: Email,
    pub display_name: String,
    pub roles: Vec<Role>,
    /// Set by an administrator's temporary password: nothing else works until it is changed.
    pub must_change_password: bool,
}

impl UserInfo {
    pub fn can(&self, action: Action) -> bool {
        crate::access::allowed(&self.roles, action)
    }
}

/// `POST /api/session`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SignIn {
    pub email: String,
    pub password: String,
    /// The language the app is in: remembered for the user's e-mails.
    pub language: Option<crate::i18n::Locale>,
}

/// `POST /api/me/password`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ChangePassword {
    pub current_password: String,
    pub new_password: String,
}

/// `POST /api/password-reset`: "forgot password". The answer is the same whether or not an
/// account has the address; the link goes to the address, in `language` (the app's).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
    /// A UI culture (`en-US`, `zh-CN`); empty for English.
    pub language: String,
}

impl PasswordResetRequest {
    /// The address to send a link to, and the language of the e-mail.
    pub fn parse(&self) -> Result<(Email, crate::i18n::Locale), FieldErrors> {
        let mut c = Collector::new();
        let email = c.take(Field::Email, Email::parse(&self.email));
        let language = match self.language.trim() {
            "" => Some(crate::i18n::Locale::default()),
            tag => c.take(
                Field::Language,
                crate::i18n::Locale::from_tag(tag).ok_or(FieldError::NotInList),
            ),
        };
        match (email, language) {
            (Some(email), Some(language)) if c.is_empty() => Ok((email, language)),
            _ => Err(c.into_errors()),
        }
    }
}

/// `POST /api/password-reset/complete`: the link's token and the new password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct PasswordResetCompletion {
    pub token: String,
    pub new_password: String,
}

/// A password made by PartnerDesk for a user (an administrator's reset), shown once; the user
/// must replace it at the next sign-in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TemporaryPassword {
    pub temporary_password: String,
}

/// `POST /api/users`: a new partner user with one role.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: String,
}

/// A new user as the rules accept it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidNewUser {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
}

impl NewUser {
    /// The rules for a new user, the same in the browser (before sending) and on the server.
    pub fn parse(&self) -> Result<ValidNewUser, FieldErrors> {
        let mut c = Collector::new();
        let email = c.take(Field::Email, Email::parse(&self.email));
        let display_name = c.take(Field::DisplayName, check_display_name(&self.display_name));
        let role = c.take(Field::Roles, parse_role(&self.role));
        match (email, display_name, role) {
            (Some(email), Some(display_name), Some(role)) => Ok(ValidNewUser {
                email,
                display_name,
                role,
            }),
            _ => Err(c.into_errors()),
        }
    }

    pub fn check(&self) -> FieldErrors {
        self.parse().err().unwrap_or_default()
    }
}

/// One role, by its code: required, and one of the roles.
pub fn parse_role(input: &str) -> Result<Role, FieldError> {
    if input.trim().is_empty() {
        Err(FieldError::Required)
    } else {
        Role::parse(input).ok_or(FieldError::NotInList)
    }
}

/// `PUT /api/users/{id}/roles`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SetRoles {
    pub roles: Vec<String>,
}

/// A partner user as the users page shows it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: Uuid,
    pub email: Email,
    pub display_name: String,
    pub roles: Vec<Role>,
    pub disabled: bool,
    pub must_change_password: bool,
    /// An authenticator app is set up.
    pub second_factor: bool,
    pub created_at: String,
}

/// The answer to `POST /api/users`: the user and, once only, a temporary password.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedUser {
    pub user: User,
    pub temporary_password: String,
}

/// 1–100 characters; no invisible or direction-changing characters, control characters or
/// markup.
pub fn check_display_name(input: &str) -> Result<String, FieldError> {
    let value = input.trim();
    match crate::text::char_len(value) {
        0 => Err(FieldError::Required),
        n if n > 100 => Err(FieldError::TooLong { max: 100 }),
        _ => crate::text::check_name_chars(value).map(|()| value.to_string()),
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerInfo {
    pub id: Uuid,
    pub name: String,
    pub instance: CloudInstance,
    pub program: ProgramRole,
    /// The partner's own e-mail domain (customers' admins may not be at it).
    pub email_domain: String,
    /// "Require multi-factor": every user signs in with a second factor.
    pub multi_factor_required: bool,
}

impl PartnerInfo {
    pub fn rule_context(&self, today: crate::date::CalendarDate) -> crate::customer::RuleContext {
        crate::customer::RuleContext {
            instance: self.instance,
            partner_email_domain: Some(self.email_domain.clone()),
            today,
        }
    }
}

/// One row of the customer list.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerSummary {
    pub id: Uuid,
    pub company_name: CompanyName,
    /// The full initial domain, `contoso.onmicrosoft.com`.
    pub domain: String,
    pub country: CountryCode,
    pub relationship: Relationship,
    /// The provider and reseller of a customer created through the channel.
    pub channel: Option<crate::referral::Channel>,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A customer account with everything the partner may see.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Customer {
    pub id: Uuid,
    pub tenant_id: Uuid,
    pub country: CountryCode,
    pub domain_prefix: DomainPrefix,
    pub domain: String,
    pub admin_sign_in: String,
    /// The editable profile; its fields sit beside the others on the wire.
    #[serde(flatten)]
    pub profile: CustomerProfile,
    /// `None` while an invited customer has not accepted yet.
    pub agreement: Option<AgreementAcceptance>,
    /// The indirect reseller the customer is served through (provider-created customers).
    pub indirect_reseller: Option<Uuid>,
    /// That reseller and the provider, by name.
    pub channel: Option<crate::referral::Channel>,
    pub relationship: Relationship,
    /// Why and when the relationship ended, once it has.
    pub ending: Option<crate::relationship::Ending>,
    pub created_at: String,
    pub updated_at: String,
    /// Incremented on every change; sent as the ETag and expected back in If-Match.
    pub version: i64,
    /// Who saved this version and when, from the audit log (a single customer's answer only):
    /// what an edit refused as a conflict shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_change: Option<LastChange>,
}

/// The latest recorded change of an object.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LastChange {
    /// The user's display name, or the actor as the log has it (`system`, a customer's person).
    pub by: String,
    /// RFC 3339, UTC.
    pub at: String,
}

impl Customer {
    /// The form an edit starts from: every field as stored.
    pub fn to_form(&self) -> CustomerForm {
        let opt = |v: Option<&str>| v.unwrap_or_default().to_string();
        let mut form = CustomerForm {
            country: self.country.to_string(),
            domain_prefix: self.domain_prefix.to_string(),
            agreement_first_name: opt(self.agreement.as_ref().map(|a| a.first_name.as_str())),
            agreement_last_name: opt(self.agreement.as_ref().map(|a| a.last_name.as_str())),
            agreement_email: opt(self.agreement.as_ref().map(|a| a.email.as_str())),
            agreement_date: self
                .agreement
                .as_ref()
                .map(|a| a.accepted_on.to_string())
                .unwrap_or_default(),
            indirect_reseller: self
                .indirect_reseller
                .map(|id| id.to_string())
                .unwrap_or_default(),
            ..CustomerForm::default()
        };
        for &field in CustomerProfile::FIELDS {
            form.set(field, opt(self.profile.stored(field)));
        }
        form
    }
}

/// The answer to a create: the account and, once only, its admin's temporary password —
/// `None` when the create is replayed for a repeated Idempotency-Key (the password went with
/// the first answer; a replay changes nothing).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreatedCustomer {
    pub customer: Customer,
    pub temporary_password: Option<String>,
}

/// The answer to `POST /api/customers/{id}/admin-password`: the customer administrator's new
/// temporary password, given once (the old one stops working).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewAdminPassword {
    pub temporary_password: String,
}

/// `POST /api/customers` query: the accepted referral the new customer comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CreateCustomerQuery {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub referral: Option<Uuid>,
}

code_enum! {
    /// The column the customer list is sorted by.
    #[derive(Default)]
    pub enum CustomerSort {
        #[default]
        Created = "created",
        Company = "company",
        Domain = "domain",
        Country = "country",
        Relationship = "relationship",
    }
}

code_enum! {
    #[derive(Default)]
    pub enum SortDir {
        Asc = "asc",
        #[default]
        Desc = "desc",
    }
}

impl SortDir {
    pub fn flip(self) -> Self {
        match self {
            SortDir::Asc => SortDir::Desc,
            SortDir::Desc => SortDir::Asc,
        }
    }
}

/// `GET /api/customers` (and, with `lang`, its CSV export): filters, search, sort and a keyset
/// cursor. The app's `/customers` URL carries the same parameters, so a list view is shareable.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CustomerListQuery {
    pub per_page: u32,
    /// Only customers in this relationship state.
    pub relationship: Option<Relationship>,
    /// Only customers in this country/region (ISO code).
    pub country: Option<String>,
    /// Created on or after / on or before these days (`YYYY-MM-DD`, UTC).
    pub created_from: Option<String>,
    pub created_to: Option<String>,
    /// Only customers served through this indirect reseller (providers).
    pub reseller: Option<Uuid>,
    /// Only customers whose company name, domain or contact e-mail contains this text
    /// (case-insensitive for Latin letters; Chinese matches as typed).
    pub q: String,
    pub sort: CustomerSort,
    pub dir: SortDir,
    /// The page after / before this cursor (a list answer's `next` / `prev`).
    pub after: Option<String>,
    pub before: Option<String>,
    /// The CSV export's header language.
    pub lang: Option<String>,
    /// The CSV export's encoding (UTF-8 for Excel when absent).
    pub encoding: Option<crate::import::ExportEncoding>,
}

impl CustomerListQuery {
    /// Filtered and searched lists count their matches up to this many: "more than 1,000" is
    /// as useful as the exact figure and costs a bounded read.
    pub const COUNT_CAP: u64 = 1000;
    pub const MAX_SEARCH_CHARS: usize = 100;
    pub const MAX_PER_PAGE: u32 = 100;
    pub const DEFAULT_PER_PAGE: u32 = 50;

    /// The same query without a position: the first page of the same view.
    pub fn first_page(&self) -> Self {
        Self {
            after: None,
            before: None,
            ..self.clone()
        }
    }

    /// Whether a search text is given (blank is none).
    pub fn has_search(&self) -> bool {
        !self.q.trim().is_empty()
    }

    /// Whether anything but the relationship state narrows the list (its total is then counted,
    /// capped, rather than read from the kept counts).
    pub fn narrows_beyond_state(&self) -> bool {
        self.country.is_some()
            || self.created_from.is_some()
            || self.created_to.is_some()
            || self.reseller.is_some()
            || self.has_search()
    }

    /// Whether anything narrows the list (an empty result then means "no matches").
    pub fn is_filtered(&self) -> bool {
        self.relationship.is_some()
            || self.country.is_some()
            || self.created_from.is_some()
            || self.created_to.is_some()
            || self.reseller.is_some()
            || self.has_search()
    }

    /// The query as URL parameters (defaults left out), for the app's address bar and its API
    /// calls alike.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<(&str, String)> = Vec::new();
        if self.has_search() {
            parts.push(("q", self.q.trim().to_string()));
        }
        if let Some(r) = self.relationship {
            parts.push(("relationship", r.as_str().into()));
        }
        if let Some(c) = &self.country {
            parts.push(("country", c.clone()));
        }
        if let Some(d) = &self.created_from {
            parts.push(("created_from", d.clone()));
        }
        if let Some(d) = &self.created_to {
            parts.push(("created_to", d.clone()));
        }
        if let Some(r) = self.reseller {
            parts.push(("reseller", r.to_string()));
        }
        if self.sort != CustomerSort::default() {
            parts.push(("sort", self.sort.as_str().into()));
        }
        if self.dir != SortDir::default() {
            parts.push(("dir", self.dir.as_str().into()));
        }
        if self.per_page != Self::DEFAULT_PER_PAGE {
            parts.push(("per_page", self.per_page.to_string()));
        }
        if let Some(a) = &self.after {
            parts.push(("after", a.clone()));
        }
        if let Some(b) = &self.before {
            parts.push(("before", b.clone()));
        }
        if let Some(l) = &self.lang {
            parts.push(("lang", l.clone()));
        }
        if let Some(e) = self.encoding {
            parts.push(("encoding", e.as_str().into()));
        }
        parts
            .into_iter()
            .map(|(k, v)| format!("{k}={}", crate::text::encode_query_value(&v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Reads the query from URL parameters (`get` returns a decoded value). Unusable values are
    /// dropped here: an address typed by hand still shows a list.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let some = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        let date = |k: &str| some(k).filter(|d| crate::date::CalendarDate::parse(d).is_ok());
        Self {
            per_page: some("per_page")
                .and_then(|p| p.parse().ok())
                .filter(|p| (1..=Self::MAX_PER_PAGE).contains(p))
                .unwrap_or(Self::DEFAULT_PER_PAGE),
            relationship: some("relationship").and_then(|r| Relationship::parse(&r)),
            country: some("country").filter(|c| crate::regions::CountryCode::parse(c).is_ok()),
            created_from: date("created_from"),
            created_to: date("created_to"),
            reseller: some("reseller").and_then(|r| Uuid::parse_str(&r).ok()),
            q: get("q").unwrap_or_default(),
            sort: some("sort")
                .and_then(|s| CustomerSort::parse(&s))
                .unwrap_or_default(),
            dir: some("dir")
                .and_then(|d| SortDir::parse(&d))
                .unwrap_or_default(),
            after: some("after"),
            before: some("before"),
            lang: some("lang"),
            encoding: some("encoding").and_then(|e| crate::import::ExportEncoding::parse(&e)),
        }
    }
}

impl Default for CustomerListQuery {
    fn default() -> Self {
        Self {
            per_page: Self::DEFAULT_PER_PAGE,
            relationship: None,
            country: None,
            created_from: None,
            created_to: None,
            reseller: None,
            q: String::new(),
            sort: CustomerSort::default(),
            dir: SortDir::default(),
            after: None,
            before: None,
            lang: None,
            encoding: None,
        }
    }
}

/// `GET /api/customers`: one page of the list, the number of matches, and cursors to the
/// neighbouring pages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerList {
    pub items: Vec<CustomerSummary>,
    /// How many customers match: exact for the whole list or one relationship state; for other
    /// filters and searches counted up to `COUNT_CAP` (then `total_capped`).
    pub total: u64,
    #[serde(default)]
    pub total_capped: bool,
    pub per_page: u32,
    /// `after` for the next page; `None` on the last.
    pub next: Option<String>,
    /// `before` for the previous page; `None` on the first.
    pub prev: Option<String>,
}

/// `GET /api/dashboard`: the partner's customers at a glance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Dashboard {
    pub total: u64,
    /// Every relationship state with its count (zero included), in `Relationship::ALL` order.
    pub by_relationship: Vec<(Relationship, u64)>,
    /// New customers in each of the last 12 months, oldest first (`YYYY-MM`).
    pub per_month: Vec<MonthCount>,
    /// `new` and overdue referrals in the inbox; `None` for roles without referrals.
    pub referrals: Option<ReferralCounts>,
    /// Admin (GDAP) relationships awaiting approval, active, and expiring within 31 days.
    #[serde(default)]
    pub admin_relationships: crate::admin_relationship::AdminRelationshipCounts,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralCounts {
    pub new: u32,
    pub overdue: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MonthCount {
    pub month: String,
    pub count: u64,
}

/// `GET /api/domains/{prefix}/availability`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DomainAvailability {
    pub prefix: String,
    /// The full domain, when the prefix is valid.
    pub domain: Option<String>,
    pub available: bool,
    /// Why it is not available: `taken`, or the prefix's own rule error.
    pub error: Option<FieldError>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The profile is flattened: a customer's JSON has its fields beside the others, and reads
    /// back to the same value.
    #[test]
    fn a_customer_carries_its_profile_fields_flat() {
        let json = serde_json::json!({
            "id": "6f1c2f8e-4f7e-4c53-9a3f-0d9a1a2b3c4d",
            "tenant_id": "0b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "country": "US",
            "domain_prefix": "contoso",
            "domain": "contoso.onmicrosoft.com",
            "admin_sign_in": "admin@contoso.onmicrosoft.com",
            "company_name": "Contoso",
            "address_line1": "1 Microsoft Way",
            "address_line2": null,
            "address_line3": null,
            "city": "Redmond",
            "state": "WA",
            "postal_code": "98052",
            "contact_first_name": "Ana",
            "contact_last_name": "Silva",
            "contact_email": "ana@contoso.com",
            "contact_phone": null,
            "registration_number": null,
            "language": "en-US",
            "agreement": null,
            "indirect_reseller": null,
            "channel": null,
            "relationship": "active",
            "ending": null,
            "created_at": "2026-06-01T00:00:00Z",
            "updated_at": "2026-06-01T00:00:00Z",
            "version": 1
        });
        let customer: Customer = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(customer.profile.city.as_str(), "Redmond");
        assert_eq!(serde_json::to_value(&customer).unwrap(), json);
        assert_eq!(customer.to_form().state, "WA");
    }

    #[test]
    fn a_new_user_needs_an_address_a_name_and_one_known_role() {
        let user = |email: &str, name: &str, role: &str| NewUser {
            email: email.into(),
            display_name: name.into(),
            role: role.into(),
        };
        let valid = user(" Pat@Northwind.example ", " Pat Lee ", "sales-agent")
            .parse()
            .unwrap();
        assert_eq!(valid.display_name, "Pat Lee");
        assert_eq!(valid.role, Role::SalesAgent);
        let errors = user("pat@", "", "owner").check();
        assert_eq!(errors.len(), 3);
        assert_eq!(errors[&Field::DisplayName], FieldError::Required);
        assert_eq!(errors[&Field::Roles], FieldError::NotInList);
        assert!(errors.contains_key(&Field::Email));
        assert_eq!(
            user("pat@northwind.example", "Pat", " ").check()[&Field::Roles],
            FieldError::Required
        );
    }

    #[test]
    fn invalid_values_cannot_be_deserialized() {
        let bad = r#"{"id":"5f1e2f7c-0000-4000-8000-000000000000","company_name":"LLC","domain":"x.onmicrosoft.com","country":"US","relationship":"active","created_at":"2026-01-01T00:00:00Z"}"#;
        assert!(serde_json::from_str::<CustomerSummary>(bad).is_err());
        let good = bad.replace("\"LLC\"", "\"Contoso\"");
        let row: CustomerSummary = serde_json::from_str(&good).unwrap();
        assert_eq!(row.company_name.as_str(), "Contoso");
    }

    #[test]
    fn error_body_shape() {
        let mut fields = FieldErrors::new();
        fields.insert(crate::Field::CompanyName, FieldError::TooLong { max: 100 });
        let body = ApiError {
            code: ErrorCode::Validation,
            message: "invalid".into(),
            fields,
            reopens_on: None,
            request_id: None,
        };
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json["fields"]["company_name"],
            serde_json::json!({"code": "too_long", "max": 100})
        );
    }

    #[test]
    fn forms_reject_unknown_fields() {
        assert!(serde_json::from_str::<CustomerForm>(r#"{"company":"x"}"#).is_err());
        let form: CustomerForm = serde_json::from_str(r#"{"company_name":"x"}"#).unwrap();
        assert_eq!(form.country, "");
    }

    #[test]
    fn list_queries_round_trip_through_the_url() {
        let query = CustomerListQuery {
            q: "云帆 & co".into(),
            relationship: Some(Relationship::Active),
            country: Some("CN".into()),
            created_from: Some("2026-01-01".into()),
            created_to: Some("2026-06-30".into()),
            reseller: Some(Uuid::nil()),
            sort: CustomerSort::Country,
            dir: SortDir::Asc,
            per_page: 20,
            after: Some("434e.00000000000000000000000000000000".into()),
            ..Default::default()
        };
        let qs = query.to_query_string();
        // What a URL parser hands back: the pairs, percent-decoded.
        let decode = |v: &str| {
            let bytes = v.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' {
                    out.push(u8::from_str_radix(&v[i + 1..i + 3], 16).unwrap());
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).unwrap()
        };
        let pairs: Vec<(String, String)> = qs
            .split('&')
            .map(|p| p.split_once('=').unwrap())
            .map(|(k, v)| (k.to_string(), decode(v)))
            .collect();
        let back = CustomerListQuery::from_params(|k| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.clone())
        });
        assert_eq!(back, query);
        assert!(back.narrows_beyond_state());
        assert_eq!(CustomerListQuery::default().to_query_string(), "");
        assert!(!CustomerListQuery {
            relationship: Some(Relationship::Invited),
            ..Default::default()
        }
        .narrows_beyond_state());
    }
}
