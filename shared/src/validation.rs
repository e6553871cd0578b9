//! Field-level validation results: which field, and a machine-readable code with parameters.
//! Both languages render these through the catalog (`i18n::field_error_text`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

code_enum! {
    /// Every form field a rule can complain about. Serialized in snake_case; the names are the keys
    /// of the API's field map and of the JSON request bodies.
    pub enum Field {
        CompanyName = "company_name",
        Country = "country",
        DomainPrefix = "domain_prefix",
        AddressLine1 = "address_line1",
        AddressLine2 = "address_line2",
        AddressLine3 = "address_line3",
        City = "city",
        State = "state",
        PostalCode = "postal_code",
        ContactFirstName = "contact_first_name",
        ContactLastName = "contact_last_name",
        ContactEmail = "contact_email",
        ContactPhone = "contact_phone",
        RegistrationNumber = "registration_number",
        Language = "language",
        AgreementFirstName = "agreement_first_name",
        AgreementLastName = "agreement_last_name",
        AgreementEmail = "agreement_email",
        AgreementDate = "agreement_date",
        IndirectReseller = "indirect_reseller",
        // Partner users and sign-in.
        Email = "email",
        DisplayName = "display_name",
        Roles = "roles",
        Password = "password",
        CurrentPassword = "current_password",
        NewPassword = "new_password",
        // Relationships: invitations, their acceptance, ending, import.
        InvitationMessage = "invitation_message",
        Consent = "consent",
        EndReason = "end_reason",
        EndReasonText = "end_reason_text",
        File = "file",
        /// The import file's "relationship exists" (yes/no) column.
        RelationshipExists = "relationship_exists",
        // Business profile.
        Description = "description",
        Website = "website",
        Industries = "industries",
        Offerings = "offerings",
        Locations = "locations",
        // Referrals and provider/reseller links.
        Reseller = "reseller",
        Seats = "seats",
        Notes = "notes",
        DeclineReason = "decline_reason",
        DeclineText = "decline_text",
        // Admin (GDAP) relationships; their name is `display_name`, as Graph calls it.
        DurationDays = "duration_days",
        AutoExtend = "auto_extend",
        /// The customer's answer to an admin relationship request.
        Decision = "decision",
        /// A code typed at the second step of signing in, or to confirm an authenticator.
        Code = "code",
        /// What a passkey or an API token is called.
        Name = "name",
        /// How long an API token lives.
        ExpiresInDays = "expires_in_days",
        /// A webhook endpoint's address.
        Url = "url",
        /// The event types a webhook endpoint hears of.
        Events = "events",
        // Orders and subscriptions.
        Offer = "offer",
        Term = "term",
        BillingCycle = "billing_cycle",
        Quantity = "quantity",
        AutoRenew = "auto_renew",
        /// A markup on list prices, in percent.
        Markup = "markup",
        // Support requests.
        Title = "title",
        Severity = "severity",
        Topic = "topic",
        /// The customer's person a support request is for.
        ContactName = "contact_name",
        /// Who works on a support request.
        Assignee = "assignee",
        /// The partner's users in an access group.
        Members = "members",
        /// The role template an invitation also asks admin access from.
        AdminTemplate = "admin_template",
    }
}

impl Field {
    /// The wire name (`company_name`), also used as the HTML id of the field's input.
    pub fn key(self) -> &'static str {
        self.as_str()
    }
}

/// What is wrong with a value. Serialized as `{"code": "too_long", "max": 100}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum FieldError {
    Required,
    TooShort {
        min: u32,
    },
    TooLong {
        max: u32,
    },
    InvalidChars,
    /// A direction control or invisible character (zero-width space, U+202E…), which would
    /// make the name look like another.
    InvisibleChars,
    InvalidFormat {
        /// A corrected value to suggest (`UK` → `GB`), when there is an obvious one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        hint: Option<String>,
    },
    /// Only digits, spaces and punctuation: `999`, `---`.
    NotAName,
    /// A legal form on its own: `LLC`, `GmbH`, `有限公司`.
    LegalFormOnly,
    /// A stand-in rather than a real value: `test`, `n/a`.
    Placeholder,
    /// Not one of the values offered (a state/province not in the country's list).
    NotInList,
    /// The partner's cloud instance does not allow this value (a country outside it).
    NotAllowedInInstance,
    /// Already in use (a primary domain in the same cloud instance).
    Taken,
    /// An address on a private, loopback or link-local network (a webhook endpoint's).
    PrivateAddress,
    /// An e-mail at a domain reserved for the platform itself.
    ReservedDomain,
    /// An e-mail at the partner's own domain: the customer's admin is not the partner.
    PartnerDomain,
    /// The field can't be changed once the account exists (country, primary domain).
    ReadOnly,
    /// A date after today.
    InFuture,
    /// A date further back than allowed.
    TooOld {
        /// The earliest date accepted.
        min: String,
    },
    /// Digit count outside the allowed range (phone numbers).
    DigitCount {
        min: u32,
        max: u32,
    },
    /// A CSV file without a column it needs.
    MissingColumn {
        column: String,
    },
    /// A CSV column nobody reads: a typo would otherwise drop its values silently.
    UnknownColumn {
        column: String,
    },
    /// A CSV column named twice (by its code and its heading, say): one would be dropped.
    RepeatedColumn {
        column: String,
    },
    /// A number outside the allowed range (estimated seats).
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// More entries than a list takes (locations of a business profile).
    TooMany {
        max: u32,
    },
    /// No partner of the kind asked for, in this cloud instance, has this id or e-mail.
    UnknownPartner,
    /// Not allowed while Global Administrator is among the roles (auto-extending an admin
    /// relationship).
    NotWithGlobalAdmin,
    /// A role the admin relationship doesn't grant (an access assignment's).
    NotGranted,
    /// A well-formed secret that doesn't match (a second-factor code: wrong, too old, or used
    /// already).
    Incorrect,
}

impl FieldError {
    /// The bare code (`too_long`), as in the JSON `code` tag.
    pub fn code(&self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::TooShort { .. } => "too_short",
            FieldError::TooLong { .. } => "too_long",
            FieldError::InvalidChars => "invalid_chars",
            FieldError::InvisibleChars => "invisible_chars",
            FieldError::InvalidFormat { .. } => "invalid_format",
            FieldError::NotAName => "not_a_name",
            FieldError::LegalFormOnly => "legal_form_only",
            FieldError::Placeholder => "placeholder",
            FieldError::NotInList => "not_in_list",
            FieldError::NotAllowedInInstance => "not_allowed_in_instance",
            FieldError::Taken => "taken",
            FieldError::ReservedDomain => "reserved_domain",
            FieldError::PartnerDomain => "partner_domain",
            FieldError::ReadOnly => "read_only",
            FieldError::PrivateAddress => "private_address",
            FieldError::InFuture => "in_future",
            FieldError::TooOld { .. } => "too_old",
            FieldError::DigitCount { .. } => "digit_count",
            FieldError::MissingColumn { .. } => "missing_column",
            FieldError::UnknownColumn { .. } => "unknown_column",
            FieldError::RepeatedColumn { .. } => "repeated_column",
            FieldError::OutOfRange { .. } => "out_of_range",
            FieldError::TooMany { .. } => "too_many",
            FieldError::UnknownPartner => "unknown_partner",
            FieldError::NotWithGlobalAdmin => "not_with_global_admin",
            FieldError::NotGranted => "not_granted",
            FieldError::Incorrect => "incorrect",
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for FieldError {}

/// A set of codes as typed (roles): at least one, each known to `parse` (`not_in_list`), repeats
/// taken once, answered in `T`'s order (a code enum's: its catalog order).
pub fn parse_code_set<T: Ord>(
    codes: &[String],
    parse: impl Fn(&str) -> Option<T>,
) -> Result<Vec<T>, FieldError> {
    let mut set = Vec::new();
    for code in codes {
        let value = parse(code).ok_or(FieldError::NotInList)?;
        if !set.contains(&value) {
            set.push(value);
        }
    }
    if set.is_empty() {
        return Err(FieldError::Required);
    }
    set.sort();
    Ok(set)
}

/// All problems of one form, at most one per field (the first rule the value breaks).
pub type FieldErrors = BTreeMap<Field, FieldError>;

/// Collects per-field parse results into either all the parsed values or all the errors.
#[derive(Default, Debug)]
pub struct Collector {
    errors: FieldErrors,
}

impl Collector {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records the error of a failed parse under `field` and passes the value through.
    pub fn take<T>(&mut self, field: Field, result: Result<T, FieldError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.errors.entry(field).or_insert(error);
                None
            }
        }
    }

    pub fn into_errors(self) -> FieldErrors {
        self.errors
    }

    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::customer::CustomerForm;

    #[test]
    fn customer_fields_are_exactly_the_customer_forms() {
        assert_eq!(CustomerForm::FIELDS.first(), Some(&Field::CompanyName));
        assert_eq!(CustomerForm::FIELDS.last(), Some(&Field::IndirectReseller));
        assert!(!CustomerForm::FIELDS.contains(&Field::Email));
    }
}
