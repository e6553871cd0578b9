//! The customer account and its rules, as "parse, don't validate" types: each newtype has a
//! private field and can only be built through `parse`, so a value that exists is valid.

use crate::date::CalendarDate;
use crate::i18n::Locale;
use crate::instance::CloudInstance;
use crate::regions::{CountryCode, PostalCode, StateCode};
use crate::text::{char_len, has_letter, is_cjk, is_emoji, letters_and_digits_lower};
use crate::validation::{Collector, Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Checks a trimmed free-text value's length and characters.
fn bounded_text(value: &str, min: usize, max: usize) -> Result<(), FieldError> {
    let len = char_len(value);
    if len == 0 {
        Err(FieldError::Required)
    } else if len < min {
        Err(FieldError::TooShort { min: min as u32 })
    } else if len > max {
        Err(FieldError::TooLong { max: max as u32 })
    } else {
        crate::text::check_name_chars(value)
    }
}

/// Legal forms that are not a company name on their own (compared without case and punctuation).
pub(crate) const BARE_LEGAL_FORMS: &[&str] = &[
    "llc",
    "inc",
    "ltd",
    "gmbh",
    "有限公司",
    "corp",
    "corporation",
    "co",
    "company",
    "limited",
    "plc",
    "ag",
    "sa",
    "sarl",
    "bv",
    "nv",
    "srl",
    "spa",
    "oy",
    "ab",
    "as",
    "kg",
    "pty",
    "pte",
    "lp",
    "llp",
    "kk",
    "股份有限公司",
    "有限责任公司",
    "株式会社",
    "公司",
    "集团",
];

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CompanyName(String);

impl CompanyName {
    pub const MIN: usize = 2;
    pub const MAX: usize = 100;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        bounded_text(value, Self::MIN, Self::MAX)?;
        if !has_letter(value) {
            return Err(FieldError::NotAName);
        }
        if BARE_LEGAL_FORMS.contains(&letters_and_digits_lower(value).as_str()) {
            return Err(FieldError::LegalFormOnly);
        }
        Ok(Self(value.to_string()))
    }
}
string_newtype!(CompanyName);

/// The customer's chosen part of its initial domain (`contoso` in `contoso.onmicrosoft.com`),
/// stored lower case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DomainPrefix(String);

impl DomainPrefix {
    pub const MAX: usize = 27;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(FieldError::Required);
        }
        if !value.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(FieldError::InvalidChars);
        }
        if value.len() > Self::MAX {
            return Err(FieldError::TooLong {
                max: Self::MAX as u32,
            });
        }
        Ok(Self(value.to_ascii_lowercase()))
    }

    /// The full initial domain in an instance: `contoso.onmicrosoft.com`.
    pub fn domain(&self, instance: CloudInstance) -> String {
        format!("{}.{}", self.0, instance.domain_suffix())
    }
}
string_newtype!(DomainPrefix);

/// An address line: 1–100 characters.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AddressLine(String);

impl AddressLine {
    pub const MAX: usize = 100;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        bounded_text(value, 1, Self::MAX)?;
        Ok(Self(value.to_string()))
    }

    /// An optional line (2 and 3): empty means none.
    pub fn parse_optional(input: &str) -> Result<Option<Self>, FieldError> {
        if input.trim().is_empty() {
            Ok(None)
        } else {
            Self::parse(input).map(Some)
        }
    }
}
string_newtype!(AddressLine);

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct City(String);

impl City {
    pub const MAX: usize = 50;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        bounded_text(value, 1, Self::MAX)?;
        if !has_letter(value) {
            return Err(FieldError::NotAName);
        }
        Ok(Self(value.to_string()))
    }
}
string_newtype!(City);

/// Values people type when they don't know the real one.
const PLACEHOLDER_NAMES: &[&str] = &[
    "test",
    "admin",
    "na",
    "none",
    "xxx",
    "placeholder",
    "null",
    "unknown",
    "tbd",
    "asdf",
    "firstname",
    "lastname",
    "name",
    "user",
    "example",
    "sample",
    "dummy",
    "测试",
    "无",
];

/// A contact person's first or last name: 1–40 characters; one character only for a Chinese
/// name (`王`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PersonName(String);

impl PersonName {
    pub const MAX: usize = 40;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        bounded_text(value, 1, Self::MAX)?;
        if value.chars().any(is_emoji) {
            return Err(FieldError::InvalidChars);
        }
        if !has_letter(value) {
            return Err(FieldError::NotAName);
        }
        if char_len(value) == 1 && !value.chars().all(is_cjk) {
            return Err(FieldError::TooShort { min: 2 });
        }
        let folded = letters_and_digits_lower(value);
        let lower = value.to_lowercase();
        if PLACEHOLDER_NAMES.contains(&folded.as_str()) || lower == "n/a" {
            return Err(FieldError::Placeholder);
        }
        // "xxxx", "aaaa": one letter repeated is not a name.
        let mut chars = folded.chars();
        if let Some(first) = chars.next() {
            if folded.chars().count() >= 3 && chars.all(|c| c == first) && !is_cjk(first) {
                return Err(FieldError::Placeholder);
            }
        }
        Ok(Self(value.to_string()))
    }
}
string_newtype!(PersonName);

/// Domains whose addresses can't be a customer's administrator.
const RESERVED_EMAIL_DOMAINS: &[&str] = &["microsoft.com"];

/// A syntactically valid e-mail address; the domain is stored lower case.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub const MAX: usize = 254;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(FieldError::Required);
        }
        if value.len() > Self::MAX {
            return Err(FieldError::TooLong {
                max: Self::MAX as u32,
            });
        }
        let invalid = FieldError::InvalidFormat { hint: None };
        let (local, domain) = value.split_once('@').ok_or(invalid.clone())?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
        if !local_ok || !domain_ok {
            return Err(invalid);
        }
        Ok(Self(format!("{local}@{}", domain.to_ascii_lowercase())))
    }

    /// The part after `@`, lower case.
    pub fn domain(&self) -> &str {
        self.0.split_once('@').map(|(_, d)| d).unwrap_or_default()
    }

    /// Whether the address is at `domain` or one of its subdomains.
    pub fn is_at(&self, domain: &str) -> bool {
        let own = self.domain();
        let domain = domain.to_ascii_lowercase();
        own == domain || own.ends_with(&format!(".{domain}"))
    }
}
string_newtype!(Email);

/// A phone number: digits, spaces and `+ - ( )`, 7–20 digits.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

impl Phone {
    pub const MIN_DIGITS: usize = 7;
    pub const MAX_DIGITS: usize = 20;

    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(FieldError::Required);
        }
        if !value
            .chars()
            .all(|c| c.is_ascii_digit() || " +-()".contains(c))
        {
            return Err(FieldError::InvalidChars);
        }
        let digits = value.chars().filter(char::is_ascii_digit).count();
        if !(Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&digits) {
            return Err(FieldError::DigitCount {
                min: Self::MIN_DIGITS as u32,
                max: Self::MAX_DIGITS as u32,
            });
        }
        Ok(Self(value.to_string()))
    }
}
string_newtype!(Phone);

/// A company registration number: 1–50 letters, digits, spaces, `-`, `/` or `.`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RegistrationNumber(String);

impl RegistrationNumber {
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
        if !value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " -/.".contains(c))
        {
            return Err(FieldError::InvalidChars);
        }
        Ok(Self(value.to_string()))
    }
}
string_newtype!(RegistrationNumber);

/// What the rules need to know about who is creating the customer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleContext {
    pub instance: CloudInstance,
    /// The partner's own e-mail domain: a customer's admin can't be at it.
    pub partner_email_domain: Option<String>,
    /// Today, for date rules (the agreement can't be accepted in the future).
    pub today: CalendarDate,
}

impl RuleContext {
    /// An e-mail address of the customer's people: valid, and neither at a reserved domain nor
    /// at the partner's own.
    pub fn customer_email(&self, input: &str) -> Result<Email, FieldError> {
        let email = Email::parse(input)?;
        if RESERVED_EMAIL_DOMAINS.iter().any(|d| email.is_at(d)) {
            Err(FieldError::ReservedDomain)
        } else if self
            .partner_email_domain
            .as_deref()
            .is_some_and(|d| email.is_at(d))
        {
            Err(FieldError::PartnerDomain)
        } else {
            Ok(email)
        }
    }

    /// When the customer agreement was accepted: not after today, not more than a year ago.
    pub fn acceptance_date(&self, input: &str) -> Result<CalendarDate, FieldError> {
        let date = CalendarDate::parse(input)?;
        let earliest = self.today.one_year_earlier();
        if date > self.today {
            Err(FieldError::InFuture)
        } else if date < earliest {
            Err(FieldError::TooOld {
                min: earliest.to_string(),
            })
        } else {
            Ok(date)
        }
    }
}

/// Who accepted the customer agreement, and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgreementAcceptance {
    pub first_name: PersonName,
    pub last_name: PersonName,
    pub email: Email,
    pub accepted_on: CalendarDate,
}

impl AgreementAcceptance {
    fn collect(c: &mut Collector, form: &CustomerForm, ctx: &RuleContext) -> Option<Self> {
        let first_name = c.take(
            Field::AgreementFirstName,
            PersonName::parse(&form.agreement_first_name),
        );
        let last_name = c.take(
            Field::AgreementLastName,
            PersonName::parse(&form.agreement_last_name),
        );
        let email = c.take(
            Field::AgreementEmail,
            ctx.customer_email(&form.agreement_email),
        );
        let accepted_on = c.take(
            Field::AgreementDate,
            ctx.acceptance_date(&form.agreement_date),
        );
        Some(Self {
            first_name: first_name?,
            last_name: last_name?,
            email: email?,
            accepted_on: accepted_on?,
        })
    }
}

/// Declares a form of raw strings once: the struct (its serde names are the fields' codes),
/// `FIELDS` (its fields in order), and `get`/`set` by `Field`.
macro_rules! text_form {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* $field:ident: $variant:ident,)*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$fmeta])* pub $field: String,)*
        }

        impl $name {
            /// The form's fields, in order.
            pub const FIELDS: &'static [Field] = &[$(Field::$variant),*];

            pub fn get(&self, field: Field) -> &str {
                match field {
                    $(Field::$variant => &self.$field,)*
                    // Not fields of this form.
                    _ => "",
                }
            }

            pub fn set(&mut self, field: Field, value: String) {
                match field {
                    $(Field::$variant => self.$field = value,)*
                    // Not fields of this form.
                    _ => {}
                }
            }
        }
    };
}

text_form! {
    /// The add-customer form as typed: raw strings, exactly what the user entered. This is the
    /// request body of `POST /api/customers`; `NewCustomer::parse` turns it into checked values.
    #[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    #[serde(default, deny_unknown_fields)]
    pub struct CustomerForm {
        company_name: CompanyName,
        country: Country,
        domain_prefix: DomainPrefix,
        address_line1: AddressLine1,
        address_line2: AddressLine2,
        address_line3: AddressLine3,
        city: City,
        state: State,
        postal_code: PostalCode,
        contact_first_name: ContactFirstName,
        contact_last_name: ContactLastName,
        contact_email: ContactEmail,
        contact_phone: ContactPhone,
        registration_number: RegistrationNumber,
        /// Empty means "from the country".
        language: Language,
        /// The customer's person who accepted the customer agreement.
        agreement_first_name: AgreementFirstName,
        agreement_last_name: AgreementLastName,
        agreement_email: AgreementEmail,
        /// `YYYY-MM-DD`.
        agreement_date: AgreementDate,
        /// Only when an indirect provider creates the customer: the id of one of its active
        /// linked resellers. Empty otherwise.
        indirect_reseller: IndirectReseller,
    }
}

impl CustomerForm {
    /// All problems of the form as it stands (the same check the server runs on submit).
    pub fn check(&self, ctx: &RuleContext) -> FieldErrors {
        NewCustomer::parse(self, ctx).err().unwrap_or_default()
    }

    /// The same for a customer the partner already has and invites (no agreement yet: the
    /// customer accepts it with the invitation).
    pub fn check_existing(&self, ctx: &RuleContext) -> FieldErrors {
        NewCustomer::parse_existing(self, ctx)
            .err()
            .unwrap_or_default()
    }
}

/// Which fields the form shows and requires for a country in an instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CountryFieldRules {
    pub state_list: bool,
    pub postal: crate::regions::PostalRule,
    pub phone_required: bool,
    pub registration_required: bool,
}

impl CountryFieldRules {
    pub fn for_country(country: Option<&CountryCode>, instance: CloudInstance) -> Self {
        use crate::regions::PostalRule;
        match country {
            Some(c) => Self {
                state_list: c.subdivisions().is_some(),
                postal: c.postal_rule(),
                phone_required: instance.requires_phone() || c.requires_registration_number(),
                registration_required: c.requires_registration_number(),
            },
            None => Self {
                state_list: false,
                postal: PostalRule::Generic,
                phone_required: instance.requires_phone(),
                registration_required: false,
            },
        }
    }
}

/// A profile value as its column stores it: written as text (`None` is SQL NULL) and read
/// back through the same rule that admitted it, so a stored value that breaks a rule is found.
pub trait StoredValue: Sized {
    /// The value from its column's text in a customer of `country`.
    fn from_stored(text: Option<&str>, country: &CountryCode) -> Result<Self, FieldError>;
    /// The value as its column's text; `None` when there is none.
    fn stored(&self) -> Option<&str>;
}

/// `StoredValue` for string newtypes, required (`T`) or optional (`Option<T>`).
macro_rules! stored_text {
    (required $($ty:ty),*) => {$(
        impl StoredValue for $ty {
            fn from_stored(text: Option<&str>, _: &CountryCode) -> Result<Self, FieldError> {
                Self::parse(text.unwrap_or_default())
            }
            fn stored(&self) -> Option<&str> {
                Some(self.as_str())
            }
        }
    )*};
    (optional $($ty:ty),*) => {$(
        impl StoredValue for Option<$ty> {
            fn from_stored(text: Option<&str>, _: &CountryCode) -> Result<Self, FieldError> {
                text.map(<$ty>::parse).transpose()
            }
            fn stored(&self) -> Option<&str> {
                self.as_ref().map(<$ty>::as_str)
            }
        }
    )*};
    (by_country $($ty:ty),*) => {$(
        impl StoredValue for Option<$ty> {
            fn from_stored(text: Option<&str>, country: &CountryCode) -> Result<Self, FieldError> {
                <$ty>::parse(text.unwrap_or_default(), country)
            }
            fn stored(&self) -> Option<&str> {
                self.as_ref().map(<$ty>::as_str)
            }
        }
    )*};
}
stored_text!(required CompanyName, AddressLine, City, PersonName, Email);
stored_text!(optional AddressLine, Phone, RegistrationNumber);
stored_text!(by_country StateCode, PostalCode);

impl StoredValue for Locale {
    fn from_stored(text: Option<&str>, _: &CountryCode) -> Result<Self, FieldError> {
        Locale::from_tag(text.unwrap_or_default()).ok_or(FieldError::NotInList)
    }
    fn stored(&self) -> Option<&str> {
        Some(self.tag())
    }
}

/// Declares the editable profile once: the struct (its serde names are the fields' codes, and
/// the wire's customer flattens it), `FIELDS` (the fields an edit may change, in order),
/// `COLUMNS` (the columns storing them, named as the fields), and the stored text of each.
macro_rules! customer_profile {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $($(#[$fmeta:meta])* $field:ident: $ty:ty => $variant:ident,)*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $($(#[$fmeta])* pub $field: $ty,)*
        }

        impl $name {
            /// The fields a profile edit may change, in the form's order.
            pub const FIELDS: &'static [Field] = &[$(Field::$variant),*];

            /// The columns that store the profile, in `FIELDS` order.
            pub const COLUMNS: &'static [&'static str] = &[$(stringify!($field)),*];

            /// A field's value as its column stores it (`None` for no value, or a field that
            /// isn't the profile's).
            pub fn stored(&self, field: Field) -> Option<&str> {
                match field {
                    $(Field::$variant => StoredValue::stored(&self.$field),)*
                    _ => None,
                }
            }

            /// A stored profile read back through the rules, each field from `column`'s text;
            /// the first field that breaks its rule, with why.
            pub fn from_stored<'a>(
                country: &CountryCode,
                mut column: impl FnMut(Field) -> Option<&'a str>,
            ) -> Result<Self, (Field, FieldError)> {
                Ok(Self {
                    $($field: StoredValue::from_stored(column(Field::$variant), country)
                        .map_err(|e| (Field::$variant, e))?,)*
                })
            }
        }
    };
}

customer_profile! {
    /// The editable part of a customer account: company and billing profile. Country, primary
    /// domain and agreement acceptance are fixed once the account exists.
    #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
    #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
    pub struct CustomerProfile {
        company_name: CompanyName => CompanyName,
        address_line1: AddressLine => AddressLine1,
        address_line2: Option<AddressLine> => AddressLine2,
        address_line3: Option<AddressLine> => AddressLine3,
        city: City => City,
        state: Option<StateCode> => State,
        postal_code: Option<PostalCode> => PostalCode,
        contact_first_name: PersonName => ContactFirstName,
        contact_last_name: PersonName => ContactLastName,
        contact_email: Email => ContactEmail,
        contact_phone: Option<Phone> => ContactPhone,
        registration_number: Option<RegistrationNumber> => RegistrationNumber,
        language: Locale => Language,
    }
}

impl CustomerProfile {
    /// An edit of a stored account (`stored`, its form as stored): the profile checked, and
    /// every value that isn't the profile's (country, primary domain, agreement, reseller) sent
    /// empty or unchanged — a different one is `read_only`, refused rather than silently dropped.
    pub fn parse_edit(
        form: &CustomerForm,
        stored: &CustomerForm,
        country: &CountryCode,
        ctx: &RuleContext,
    ) -> Result<Self, FieldErrors> {
        let mut c = Collector::new();
        for &field in CustomerForm::FIELDS {
            let sent = form.get(field).trim();
            let fixed = !Self::FIELDS.contains(&field);
            if fixed && !sent.is_empty() && !sent.eq_ignore_ascii_case(stored.get(field).trim()) {
                c.take(field, Err::<(), _>(FieldError::ReadOnly));
            }
        }
        let profile = Self::collect(&mut c, form, Some(country), ctx);
        match profile {
            Some(profile) if c.is_empty() => Ok(profile),
            _ => Err(c.into_errors()),
        }
    }

    /// Checks every profile field into `c`. Without a valid country the country-dependent
    /// fields are left unchecked (the country's own error says what to fix first).
    fn collect(
        c: &mut Collector,
        form: &CustomerForm,
        country: Option<&CountryCode>,
        ctx: &RuleContext,
    ) -> Option<Self> {
        let company_name = c.take(Field::CompanyName, CompanyName::parse(&form.company_name));
        let address_line1 = c.take(Field::AddressLine1, AddressLine::parse(&form.address_line1));
        let address_line2 = c.take(
            Field::AddressLine2,
            AddressLine::parse_optional(&form.address_line2),
        );
        let address_line3 = c.take(
            Field::AddressLine3,
            AddressLine::parse_optional(&form.address_line3),
        );
        let city = c.take(Field::City, City::parse(&form.city));
        let contact_first_name = c.take(
            Field::ContactFirstName,
            PersonName::parse(&form.contact_first_name),
        );
        let contact_last_name = c.take(
            Field::ContactLastName,
            PersonName::parse(&form.contact_last_name),
        );
        let contact_email = c.take(Field::ContactEmail, ctx.customer_email(&form.contact_email));
        let rules = CountryFieldRules::for_country(country, ctx.instance);
        let (state, postal_code) = match country {
            Some(code) => (
                c.take(Field::State, StateCode::parse(&form.state, code)),
                c.take(
                    Field::PostalCode,
                    PostalCode::parse(&form.postal_code, code),
                ),
            ),
            None => (None, None),
        };
        let contact_phone = if form.contact_phone.trim().is_empty() && !rules.phone_required {
            Some(None)
        } else {
            c.take(
                Field::ContactPhone,
                Phone::parse(&form.contact_phone).map(Some),
            )
        };
        let registration_number =
            if form.registration_number.trim().is_empty() && !rules.registration_required {
                Some(None)
            } else {
                c.take(
                    Field::RegistrationNumber,
                    RegistrationNumber::parse(&form.registration_number).map(Some),
                )
            };
        let language = if form.language.trim().is_empty() {
            Some(
                country
                    .map(CountryCode::default_language)
                    .unwrap_or_default(),
            )
        } else {
            c.take(
                Field::Language,
                Locale::ALL
                    .iter()
                    .copied()
                    .find(|l| l.tag() == form.language.trim())
                    .ok_or(FieldError::NotInList),
            )
        };
        Some(CustomerProfile {
            company_name: company_name?,
            address_line1: address_line1?,
            address_line2: address_line2?,
            address_line3: address_line3?,
            city: city?,
            state: state.flatten(),
            postal_code: postal_code.flatten(),
            contact_first_name: contact_first_name?,
            contact_last_name: contact_last_name?,
            contact_email: contact_email?,
            contact_phone: contact_phone?,
            registration_number: registration_number?,
            language: language?,
        })
        .filter(|_| country.is_some())
    }
}

/// A customer account ready to be created: every value checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCustomer {
    pub profile: CustomerProfile,
    pub country: CountryCode,
    pub domain_prefix: DomainPrefix,
    /// `None` for an existing customer invited to a relationship: it accepts the agreement
    /// when it accepts the invitation.
    pub agreement: Option<AgreementAcceptance>,
    pub indirect_reseller: Option<Uuid>,
}

impl NewCustomer {
    /// Checks every field and the rules between fields; returns every problem at once.
    pub fn parse(form: &CustomerForm, ctx: &RuleContext) -> Result<Self, FieldErrors> {
        Self::parse_with(form, ctx, true)
    }

    /// An existing customer (invited or imported): the agreement is checked only when given.
    pub fn parse_existing(form: &CustomerForm, ctx: &RuleContext) -> Result<Self, FieldErrors> {
        let given = [
            &form.agreement_first_name,
            &form.agreement_last_name,
            &form.agreement_email,
            &form.agreement_date,
        ]
        .iter()
        .any(|v| !v.trim().is_empty());
        Self::parse_with(form, ctx, given)
    }

    fn parse_with(
        form: &CustomerForm,
        ctx: &RuleContext,
        with_agreement: bool,
    ) -> Result<Self, FieldErrors> {
        let mut c = Collector::new();
        let country = c.take(
            Field::Country,
            CountryCode::parse(&form.country).and_then(|code| {
                if ctx.instance.allows_country(&code) {
                    Ok(code)
                } else {
                    Err(FieldError::NotAllowedInInstance)
                }
            }),
        );
        let profile = CustomerProfile::collect(&mut c, form, country.as_ref(), ctx);
        let domain_prefix = c.take(
            Field::DomainPrefix,
            DomainPrefix::parse(&form.domain_prefix),
        );
        let agreement = if with_agreement {
            AgreementAcceptance::collect(&mut c, form, ctx).map(Some)
        } else {
            Some(None)
        };
        let indirect_reseller = c.take(
            Field::IndirectReseller,
            match form.indirect_reseller.trim() {
                "" => Ok(None),
                id => Uuid::parse_str(id)
                    .map(Some)
                    .map_err(|_| FieldError::InvalidFormat { hint: None }),
            },
        );
        match (
            profile,
            country,
            domain_prefix,
            agreement,
            indirect_reseller,
        ) {
            (
                Some(profile),
                Some(country),
                Some(domain_prefix),
                Some(agreement),
                Some(indirect_reseller),
            ) if c.is_empty() => Ok(NewCustomer {
                profile,
                country,
                domain_prefix,
                agreement,
                indirect_reseller,
            }),
            _ => Err(c.into_errors()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn company_names() {
        assert!(CompanyName::parse("Contoso Ltd").is_ok());
        assert!(CompanyName::parse("华为技术有限公司").is_ok());
        assert_eq!(CompanyName::parse("  "), Err(FieldError::Required));
        assert_eq!(
            CompanyName::parse("A"),
            Err(FieldError::TooShort { min: 2 })
        );
        assert_eq!(CompanyName::parse("999"), Err(FieldError::NotAName));
        assert_eq!(CompanyName::parse("1 2 3"), Err(FieldError::NotAName));
        assert_eq!(CompanyName::parse("---"), Err(FieldError::NotAName));
        assert_eq!(CompanyName::parse("LLC"), Err(FieldError::LegalFormOnly));
        assert_eq!(
            CompanyName::parse("G.m.b.H."),
            Err(FieldError::LegalFormOnly)
        );
        assert_eq!(
            CompanyName::parse("有限公司"),
            Err(FieldError::LegalFormOnly)
        );
        assert_eq!(
            CompanyName::parse("<b>Acme</b>"),
            Err(FieldError::InvalidChars)
        );
        assert_eq!(
            CompanyName::parse(&"a".repeat(101)),
            Err(FieldError::TooLong { max: 100 })
        );
        assert!(CompanyName::parse(&"中".repeat(100)).is_ok());
        assert_eq!(
            CompanyName::parse("  Fabrikam  ").unwrap().as_str(),
            "Fabrikam"
        );
    }

    #[test]
    fn domain_prefixes() {
        assert_eq!(DomainPrefix::parse("Contoso").unwrap().as_str(), "contoso");
        assert_eq!(
            DomainPrefix::parse("contoso")
                .unwrap()
                .domain(CloudInstance::Germany),
            "contoso.onmicrosoft.de"
        );
        assert_eq!(
            DomainPrefix::parse("con-toso"),
            Err(FieldError::InvalidChars)
        );
        assert_eq!(
            DomainPrefix::parse("contosö"),
            Err(FieldError::InvalidChars)
        );
        assert!(DomainPrefix::parse(&"a".repeat(27)).is_ok());
        assert_eq!(
            DomainPrefix::parse(&"a".repeat(28)),
            Err(FieldError::TooLong { max: 27 })
        );
    }

    #[test]
    fn person_names() {
        assert!(PersonName::parse("王").is_ok());
        assert_eq!(PersonName::parse("J"), Err(FieldError::TooShort { min: 2 }));
        assert_eq!(PersonName::parse("Test"), Err(FieldError::Placeholder));
        assert_eq!(PersonName::parse("N/A"), Err(FieldError::Placeholder));
        assert_eq!(PersonName::parse("xxxx"), Err(FieldError::Placeholder));
        assert_eq!(PersonName::parse("123"), Err(FieldError::NotAName));
        assert_eq!(PersonName::parse("Anna😀"), Err(FieldError::InvalidChars));
        assert!(PersonName::parse("O'Brien-Smith").is_ok());
    }

    #[test]
    fn emails() {
        assert_eq!(
            Email::parse("Ana@Contoso.COM").unwrap().as_str(),
            "Ana@contoso.com"
        );
        for bad in [
            "ana",
            "ana@contoso",
            "a@b@c.com",
            "ana @contoso.com",
            "ana@.com",
            "@contoso.com",
        ] {
            assert_eq!(
                Email::parse(bad),
                Err(FieldError::InvalidFormat { hint: None }),
                "{bad}"
            );
        }
        assert!(Email::parse("ana@mail.contoso.com")
            .unwrap()
            .is_at("contoso.com"));
    }

    #[test]
    fn phones() {
        assert!(Phone::parse("+1 (425) 555-0100").is_ok());
        assert_eq!(
            Phone::parse("12345"),
            Err(FieldError::DigitCount { min: 7, max: 20 })
        );
        assert_eq!(Phone::parse("555-CALL-NOW"), Err(FieldError::InvalidChars));
    }

    fn valid_form() -> CustomerForm {
        CustomerForm {
            company_name: "Contoso".into(),
            country: "US".into(),
            domain_prefix: "contoso".into(),
            address_line1: "1 Microsoft Way".into(),
            city: "Redmond".into(),
            state: "WA".into(),
            postal_code: "98052".into(),
            contact_first_name: "Ana".into(),
            contact_last_name: "Silva".into(),
            contact_email: "ana@contoso.com".into(),
            agreement_first_name: "Ana".into(),
            agreement_last_name: "Silva".into(),
            agreement_email: "ana@contoso.com".into(),
            agreement_date: "2026-06-01".into(),
            ..Default::default()
        }
    }

    fn ctx(instance: CloudInstance) -> RuleContext {
        RuleContext {
            instance,
            partner_email_domain: Some("partner.example".into()),
            today: CalendarDate::new(2026, 6, 15).unwrap(),
        }
    }

    #[test]
    fn whole_form() {
        let customer = NewCustomer::parse(&valid_form(), &ctx(CloudInstance::Global)).unwrap();
        assert_eq!(customer.profile.language, Locale::EnUs);
        let errors =
            NewCustomer::parse(&CustomerForm::default(), &ctx(CloudInstance::Global)).unwrap_err();
        assert_eq!(errors.get(&Field::CompanyName), Some(&FieldError::Required));
        assert_eq!(errors.get(&Field::Country), Some(&FieldError::Required));
        assert!(!errors.contains_key(&Field::ContactPhone));

        let errors = NewCustomer::parse(&valid_form(), &ctx(CloudInstance::Germany)).unwrap_err();
        assert_eq!(
            errors.get(&Field::Country),
            Some(&FieldError::NotAllowedInInstance)
        );
        let errors =
            NewCustomer::parse(&valid_form(), &ctx(CloudInstance::UsGovernment)).unwrap_err();
        assert_eq!(
            errors.get(&Field::ContactPhone),
            Some(&FieldError::Required)
        );

        let mut form = valid_form();
        form.contact_email = "it@partner.example".into();
        let errors = NewCustomer::parse(&form, &ctx(CloudInstance::Global)).unwrap_err();
        assert_eq!(
            errors.get(&Field::ContactEmail),
            Some(&FieldError::PartnerDomain)
        );
        form.contact_email = "x@microsoft.com".into();
        let errors = NewCustomer::parse(&form, &ctx(CloudInstance::Global)).unwrap_err();
        assert_eq!(
            errors.get(&Field::ContactEmail),
            Some(&FieldError::ReservedDomain)
        );
    }

    /// The profile is declared once: its columns are its fields' codes, in order, every one a
    /// field of the customer form, and a profile written as stored text reads back the same.
    #[test]
    fn the_profile_is_declared_once_and_reads_back_as_stored() {
        let columns: Vec<&str> = CustomerProfile::FIELDS.iter().map(|f| f.key()).collect();
        assert_eq!(columns, CustomerProfile::COLUMNS);
        assert!(CustomerProfile::FIELDS
            .iter()
            .all(|f| CustomerForm::FIELDS.contains(f)));

        let mut form = valid_form();
        form.address_line2 = "Building 92".into();
        form.contact_phone = "+1 425 555 0100".into();
        let country = CountryCode::parse("US").unwrap();
        let profile = NewCustomer::parse(&form, &ctx(CloudInstance::Global))
            .unwrap()
            .profile;
        let read = CustomerProfile::from_stored(&country, |f| profile.stored(f)).unwrap();
        assert_eq!(read, profile);
        assert_eq!(profile.stored(Field::AddressLine3), None);
        assert_eq!(profile.stored(Field::Language), Some("en-US"));
        assert_eq!(profile.stored(Field::Country), None, "not a profile field");

        let broken = CustomerProfile::from_stored(&country, |f| match f {
            Field::PostalCode => Some("ABC"),
            other => profile.stored(other),
        });
        assert!(matches!(broken, Err((Field::PostalCode, _))));
    }

    /// An edit may send the account's fixed values empty or unchanged, never different.
    #[test]
    fn an_edit_changes_the_profile_and_refuses_other_values() {
        let stored = valid_form();
        let country = CountryCode::parse("US").unwrap();
        let rules = ctx(CloudInstance::Global);
        let mut edit = stored.clone();
        edit.city = "Bellevue".into();
        edit.country = "us".into();
        edit.agreement_email = String::new();
        let profile = CustomerProfile::parse_edit(&edit, &stored, &country, &rules).unwrap();
        assert_eq!(profile.city.as_str(), "Bellevue");

        edit.country = "CA".into();
        edit.domain_prefix = "renamed".into();
        edit.postal_code = "ABC".into();
        let errors = CustomerProfile::parse_edit(&edit, &stored, &country, &rules).unwrap_err();
        assert_eq!(
            errors.keys().copied().collect::<Vec<_>>(),
            [Field::Country, Field::DomainPrefix, Field::PostalCode]
        );
        assert_eq!(errors[&Field::Country], FieldError::ReadOnly);
    }
}
