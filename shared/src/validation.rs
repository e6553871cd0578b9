//! Field-level validation results: which field, and a machine-readable code with parameters.
//! Both languages render these through the catalog (`i18n::field_error_text`).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Every form field a rule can complain about. Serialized in snake_case; the names are the keys
/// of the API's field map and of the JSON request bodies.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    CompanyName,
    Country,
    DomainPrefix,
    AddressLine1,
    AddressLine2,
    AddressLine3,
    City,
    State,
    PostalCode,
    ContactFirstName,
    ContactLastName,
    ContactEmail,
    ContactPhone,
    RegistrationNumber,
    Language,
    AgreementFirstName,
    AgreementLastName,
    AgreementEmail,
    AgreementDate,
    IndirectReseller,
    // Partner users and sign-in.
    Email,
    DisplayName,
    Roles,
    Password,
    CurrentPassword,
    NewPassword,
    // Relationships: invitations, their acceptance, ending, import.
    InvitationMessage,
    Consent,
    EndReason,
    EndReasonText,
    File,
    // Business profile.
    Description,
    Website,
    Industries,
    Offerings,
    Locations,
    // Referrals and provider/reseller links.
    Reseller,
    Seats,
    Notes,
    DeclineReason,
    DeclineText,
}

impl Field {
    pub const ALL: &'static [Field] = &[
        Field::CompanyName,
        Field::Country,
        Field::DomainPrefix,
        Field::AddressLine1,
        Field::AddressLine2,
        Field::AddressLine3,
        Field::City,
        Field::State,
        Field::PostalCode,
        Field::ContactFirstName,
        Field::ContactLastName,
        Field::ContactEmail,
        Field::ContactPhone,
        Field::RegistrationNumber,
        Field::Language,
        Field::AgreementFirstName,
        Field::AgreementLastName,
        Field::AgreementEmail,
        Field::AgreementDate,
        Field::IndirectReseller,
        Field::Email,
        Field::DisplayName,
        Field::Roles,
        Field::Password,
        Field::CurrentPassword,
        Field::NewPassword,
        Field::InvitationMessage,
        Field::Consent,
        Field::EndReason,
        Field::EndReasonText,
        Field::File,
        Field::Description,
        Field::Website,
        Field::Industries,
        Field::Offerings,
        Field::Locations,
        Field::Reseller,
        Field::Seats,
        Field::Notes,
        Field::DeclineReason,
        Field::DeclineText,
    ];

    /// The fields of the customer form: the first 20 of `ALL` (the rest are the user forms').
    pub const CUSTOMER: &'static [Field] = Field::ALL.split_at(20).0;

    /// The wire name (`company_name`), also used as the HTML id of the field's input.
    pub fn key(self) -> &'static str {
        match self {
            Field::CompanyName => "company_name",
            Field::Country => "country",
            Field::DomainPrefix => "domain_prefix",
            Field::AddressLine1 => "address_line1",
            Field::AddressLine2 => "address_line2",
            Field::AddressLine3 => "address_line3",
            Field::City => "city",
            Field::State => "state",
            Field::PostalCode => "postal_code",
            Field::ContactFirstName => "contact_first_name",
            Field::ContactLastName => "contact_last_name",
            Field::ContactEmail => "contact_email",
            Field::ContactPhone => "contact_phone",
            Field::RegistrationNumber => "registration_number",
            Field::Language => "language",
            Field::AgreementFirstName => "agreement_first_name",
            Field::AgreementLastName => "agreement_last_name",
            Field::AgreementEmail => "agreement_email",
            Field::AgreementDate => "agreement_date",
            Field::IndirectReseller => "indirect_reseller",
            Field::Email => "email",
            Field::DisplayName => "display_name",
            Field::Roles => "roles",
            Field::Password => "password",
            Field::CurrentPassword => "current_password",
            Field::NewPassword => "new_password",
            Field::InvitationMessage => "invitation_message",
            Field::Consent => "consent",
            Field::EndReason => "end_reason",
            Field::EndReasonText => "end_reason_text",
            Field::File => "file",
            Field::Description => "description",
            Field::Website => "website",
            Field::Industries => "industries",
            Field::Offerings => "offerings",
            Field::Locations => "locations",
            Field::Reseller => "reseller",
            Field::Seats => "seats",
            Field::Notes => "notes",
            Field::DeclineReason => "decline_reason",
            Field::DeclineText => "decline_text",
        }
    }
}

/// What is wrong with a value. Serialized as `{"code": "too_long", "max": 100}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
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
}

impl FieldError {
    /// The bare code (`too_long`), as in the JSON `code` tag.
    pub fn code(&self) -> &'static str {
        match self {
            FieldError::Required => "required",
            FieldError::TooShort { .. } => "too_short",
            FieldError::TooLong { .. } => "too_long",
            FieldError::InvalidChars => "invalid_chars",
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
            FieldError::InFuture => "in_future",
            FieldError::TooOld { .. } => "too_old",
            FieldError::DigitCount { .. } => "digit_count",
            FieldError::MissingColumn { .. } => "missing_column",
            FieldError::UnknownColumn { .. } => "unknown_column",
            FieldError::RepeatedColumn { .. } => "repeated_column",
            FieldError::OutOfRange { .. } => "out_of_range",
            FieldError::TooMany { .. } => "too_many",
            FieldError::UnknownPartner => "unknown_partner",
        }
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl std::error::Error for FieldError {}

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

    #[test]
    fn customer_fields_are_exactly_the_customer_forms() {
        assert_eq!(Field::CUSTOMER.first(), Some(&Field::CompanyName));
        assert_eq!(Field::CUSTOMER.last(), Some(&Field::IndirectReseller));
        assert!(!Field::CUSTOMER.contains(&Field::Email));
    }
}
