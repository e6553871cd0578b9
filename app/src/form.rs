//! The add-customer form's state and decisions, as plain Rust (unit-tested natively and in
//! WASM). The rules themselves are `shared`'s: this only decides which errors to show.

use serde::{Deserialize, Serialize};
use shared::customer::{CustomerForm, RuleContext};
use shared::i18n::Locale;
use shared::instance::CloudInstance;
use shared::regions::{all_countries, CountryCode};
use shared::{Field, FieldError, FieldErrors};
use std::collections::{BTreeMap, BTreeSet};

/// Fields in the order the form shows them (focus goes to the first with an error).
pub const FORM_ORDER: &[Field] = &[
    Field::CompanyName,
    Field::Country,
    Field::RegistrationNumber,
    Field::Language,
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
];

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormState {
    pub values: CustomerForm,
    /// Fields the user has typed in or left: their errors show while typing.
    pub touched: BTreeSet<Field>,
    /// After a submit attempt every field shows its error.
    pub submitted: bool,
    /// Problems only the server can know (a domain taken since), each with the value it
    /// judged: editing the field clears it.
    pub server_errors: BTreeMap<Field, (String, FieldError)>,
}

impl FormState {
    pub fn edit(&mut self, field: Field, value: String) {
        self.values.set(field, value);
        self.touched.insert(field);
    }

    pub fn touch(&mut self, field: Field) {
        self.touched.insert(field);
    }

    /// Records the server's verdict on the values as they were sent.
    pub fn set_server_errors(&mut self, errors: FieldErrors) {
        self.server_errors = errors
            .into_iter()
            .map(|(field, error)| (field, (self.values.get(field).to_string(), error)))
            .collect();
    }

    /// The errors to show now: the rules' verdict on touched fields (all after a submit
    /// attempt), plus the server's where the value is still the one it judged.
    pub fn visible_errors(&self, ctx: &RuleContext) -> FieldErrors {
        let mut errors = self.values.check(ctx);
        errors.retain(|field, _| self.submitted || self.touched.contains(field));
        for (field, (value, error)) in &self.server_errors {
            if self.values.get(*field) == value {
                errors.entry(*field).or_insert_with(|| error.clone());
            }
        }
        errors
    }

    pub fn country(&self) -> Option<CountryCode> {
        CountryCode::parse(&self.values.country).ok()
    }
}

/// The first field, in form order, that has an error.
pub fn first_error(errors: &FieldErrors) -> Option<Field> {
    FORM_ORDER.iter().copied().find(|f| errors.contains_key(f))
}

/// Countries the partner's instance allows, sorted by their name in the UI language.
pub fn country_options(
    instance: CloudInstance,
    locale: Locale,
) -> Vec<(&'static str, &'static str)> {
    let mut options: Vec<(&'static str, &'static str)> = all_countries()
        .iter()
        .filter(|(code, _, _)| CountryCode::parse(code).is_ok_and(|c| instance.allows_country(&c)))
        .map(|(code, en, zh)| (*code, if locale == Locale::ZhCn { *zh } else { *en }))
        .collect();
    options.sort_by(|a, b| a.1.cmp(b.1));
    options
}

/// A state/province list for the country, in the UI language.
pub fn state_options(
    country: &CountryCode,
    locale: Locale,
) -> Option<Vec<(&'static str, &'static str)>> {
    country.subdivisions().map(|list| {
        let mut options: Vec<_> = list
            .iter()
            .map(|(code, en, zh)| (*code, if locale == Locale::ZhCn { *zh } else { *en }))
            .collect();
        options.sort_by(|a, b| a.1.cmp(b.1));
        options
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx() -> RuleContext {
        RuleContext {
            instance: CloudInstance::Global,
            partner_email_domain: Some("northwind.example".into()),
        }
    }

    #[test]
    fn errors_show_only_for_touched_fields_until_submit() {
        let mut state = FormState::default();
        assert!(state.visible_errors(&ctx()).is_empty());
        state.edit(Field::CompanyName, "A".into());
        let errors = state.visible_errors(&ctx());
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[&Field::CompanyName], FieldError::TooShort { min: 2 });
        state.submitted = true;
        assert!(state.visible_errors(&ctx()).contains_key(&Field::City));
    }

    #[test]
    fn server_errors_clear_when_the_value_changes() {
        let mut state = FormState::default();
        state.edit(Field::DomainPrefix, "contoso".into());
        state.set_server_errors(FieldErrors::from([(
            Field::DomainPrefix,
            FieldError::Taken,
        )]));
        assert_eq!(
            state.visible_errors(&ctx()).get(&Field::DomainPrefix),
            Some(&FieldError::Taken)
        );
        state.edit(Field::DomainPrefix, "contoso2".into());
        assert_eq!(state.visible_errors(&ctx()).get(&Field::DomainPrefix), None);
    }

    #[test]
    fn first_error_follows_form_order() {
        let errors = FieldErrors::from([
            (Field::ContactEmail, FieldError::Required),
            (Field::DomainPrefix, FieldError::Required),
        ]);
        assert_eq!(first_error(&errors), Some(Field::DomainPrefix));
        assert!(FORM_ORDER.len() == Field::ALL.len());
    }

    #[test]
    fn countries_follow_the_instance() {
        assert_eq!(
            country_options(CloudInstance::UsGovernment, Locale::EnUs),
            vec![("US", "United States")]
        );
        let germany = country_options(CloudInstance::Germany, Locale::EnUs);
        assert!(germany.iter().any(|(c, _)| *c == "CH"));
        assert!(!germany.iter().any(|(c, _)| *c == "US"));
        assert_eq!(
            country_options(CloudInstance::Global, Locale::ZhCn).len(),
            249
        );
    }
}
