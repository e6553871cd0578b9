//! The add-customer form's state and decisions, as plain Rust (unit-tested natively and in
//! WASM). The rules themselves are `shared`'s: this only decides which errors to show.

use serde::{Deserialize, Serialize};
use shared::api::{ChangePassword, NewUser, PasswordResetCompletion, PasswordResetRequest};
use shared::customer::CustomerForm;
use shared::i18n::Locale;
use shared::instance::CloudInstance;
use shared::invitation::AcceptInvitation;
use shared::profile::BusinessProfileForm;
use shared::referral::{DeclineReferralForm, LinkRequestForm, ReferralForm};
use shared::regions::{all_countries, CountryCode};
use shared::relationship::EndRelationshipForm;
use shared::{Field, FieldError, FieldErrors};
use std::collections::{BTreeMap, BTreeSet};

/// The steps of "add customer", as in Partner Center: account info → primary domain → contact
/// and agreement → review.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    #[default]
    Account,
    Domain,
    Contact,
    Review,
}

impl Step {
    pub const ALL: &'static [Step] = &[Step::Account, Step::Domain, Step::Contact, Step::Review];

    /// The fields this step shows, in display order.
    pub fn fields(self) -> &'static [Field] {
        match self {
            Step::Account => &[
                Field::CompanyName,
                Field::Country,
                Field::RegistrationNumber,
                Field::Language,
                Field::AddressLine1,
                Field::AddressLine2,
                Field::AddressLine3,
                Field::City,
                Field::State,
                Field::PostalCode,
            ],
            Step::Domain => &[Field::DomainPrefix],
            Step::Contact => &[
                Field::ContactFirstName,
                Field::ContactLastName,
                Field::ContactEmail,
                Field::ContactPhone,
                Field::AgreementFirstName,
                Field::AgreementLastName,
                Field::AgreementEmail,
                Field::AgreementDate,
            ],
            Step::Review => &[Field::IndirectReseller],
        }
    }

    /// The step that shows `field`.
    pub fn of(field: Field) -> Step {
        Step::ALL
            .iter()
            .copied()
            .find(|s| s.fields().contains(&field))
            .unwrap_or(Step::Review)
    }

    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Step {
        Step::ALL.get(self.index() + 1).copied().unwrap_or(self)
    }

    pub fn previous(self) -> Step {
        self.index()
            .checked_sub(1)
            .map(|i| Step::ALL[i])
            .unwrap_or(self)
    }
}

/// Fields in the order the form shows them, step by step (focus goes to the first with an
/// error).
pub fn form_order() -> &'static [Field] {
    static ORDER: std::sync::OnceLock<Vec<Field>> = std::sync::OnceLock::new();
    ORDER.get_or_init(|| {
        Step::ALL
            .iter()
            .flat_map(|s| s.fields().iter().copied())
            .collect()
    })
}

/// A form's values read field by field, as text: what a server's verdict on a field is kept
/// with, so that the verdict shows until the value it judged is changed.
pub trait FieldValues {
    fn field_value(&self, field: Field) -> String;
}

impl FieldValues for CustomerForm {
    fn field_value(&self, field: Field) -> String {
        self.get(field).to_string()
    }
}

impl FieldValues for BusinessProfileForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::CompanyName => self.company_name.clone(),
            Field::Description => self.description.clone(),
            Field::Website => self.website.clone(),
            Field::Industries => self.industries.join(","),
            Field::Offerings => self.offerings.join(","),
            Field::Locations => self
                .locations
                .iter()
                .map(|l| format!("{}\u{1f}{}", l.city, l.country))
                .collect::<Vec<_>>()
                .join("\u{1e}"),
            Field::ContactEmail => self.contact_email.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for ReferralForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Reseller => self.reseller.clone(),
            Field::CompanyName => self.company_name.clone(),
            Field::ContactFirstName => self.contact_first_name.clone(),
            Field::ContactLastName => self.contact_last_name.clone(),
            Field::ContactEmail => self.contact_email.clone(),
            Field::Country => self.country.clone(),
            Field::Offerings => self.offerings.join(","),
            Field::Seats => self.seats.clone(),
            Field::Notes => self.notes.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for LinkRequestForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Reseller => self.reseller.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for DeclineReferralForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::DeclineReason => self.decline_reason.clone(),
            Field::DeclineText => self.decline_text.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for EndRelationshipForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::EndReason => self.reason.clone(),
            Field::EndReasonText => self.reason_text.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for NewUser {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Email => self.email.clone(),
            Field::DisplayName => self.display_name.clone(),
            Field::Roles => self.role.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for shared::second_factor::SecondFactorForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Code => self.code.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for ChangePassword {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::CurrentPassword => self.current_password.clone(),
            Field::NewPassword => self.new_password.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for shared::admin_relationship::AdminRelationshipForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::DisplayName => self.display_name.clone(),
            Field::Roles => self.roles.join(","),
            Field::DurationDays => self.duration_days.clone(),
            Field::AutoExtend => self.auto_extend.to_string(),
            _ => String::new(),
        }
    }
}

impl FieldValues for shared::admin_relationship::AdminTemplateForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::DisplayName => self.name.clone(),
            Field::Roles => self.roles.join(","),
            _ => String::new(),
        }
    }
}

impl FieldValues for shared::admin_access::AccessGroupForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Name => self.name.clone(),
            Field::Members => self
                .members
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
            _ => String::new(),
        }
    }
}

impl FieldValues for shared::admin_access::AssignmentForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Roles => self.roles.join(","),
            _ => String::new(),
        }
    }
}

impl FieldValues for PasswordResetRequest {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Email => self.email.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for PasswordResetCompletion {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::NewPassword => self.new_password.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for shared::api_token::NewApiToken {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Name => self.name.clone(),
            Field::Roles => self.roles.join(","),
            Field::ExpiresInDays => self.expires_in_days.to_string(),
            _ => String::new(),
        }
    }
}

impl FieldValues for shared::webhook::NewWebhookEndpoint {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Url => self.url.clone(),
            Field::Events => self.events.join(","),
            _ => String::new(),
        }
    }
}

impl FieldValues for shared::subscription::OrderForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Offer => self.offer.clone(),
            Field::Term => self.term.clone(),
            Field::BillingCycle => self.billing_cycle.clone(),
            Field::Quantity => self.quantity.clone(),
            Field::AutoRenew => self.auto_renew.to_string(),
            _ => String::new(),
        }
    }
}

impl FieldValues for shared::support::SupportRequestForm {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::Title => self.title.clone(),
            Field::Description => self.description.clone(),
            Field::Severity => self.severity.clone(),
            Field::Topic => self.topic.clone(),
            Field::ContactName => self.contact_name.clone(),
            Field::ContactEmail => self.contact_email.clone(),
            _ => String::new(),
        }
    }
}

impl FieldValues for AcceptInvitation {
    fn field_value(&self, field: Field) -> String {
        match field {
            Field::AgreementFirstName => self.first_name.clone(),
            Field::AgreementLastName => self.last_name.clone(),
            Field::Consent => self.consent.to_string(),
            _ => String::new(),
        }
    }
}

/// Any form's state: its values, the fields whose errors show, and the server's verdicts. Every
/// form of the app keeps one (`crate::bound_form::BoundForm` binds it to the page).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct FormState<T = CustomerForm> {
    pub values: T,
    /// Fields the user has typed in or left, or tried to move past: their errors show.
    pub touched: BTreeSet<Field>,
    /// Problems only the server can know (a domain taken since), each with the value it
    /// judged: editing the field clears it.
    pub server_errors: BTreeMap<Field, (String, FieldError)>,
}

impl<T: FieldValues> FormState<T> {
    pub fn new(values: T) -> Self {
        Self {
            values,
            touched: BTreeSet::new(),
            server_errors: BTreeMap::new(),
        }
    }

    pub fn touch(&mut self, field: Field) {
        self.touched.insert(field);
    }

    /// Shows the errors of all these fields (a step's "Next", a submit).
    pub fn touch_all(&mut self, fields: &[Field]) {
        self.touched.extend(fields.iter().copied());
    }

    /// Records the server's verdict on the values as they were sent.
    pub fn set_server_errors(&mut self, errors: FieldErrors) {
        self.server_errors = judged(errors, &self.values);
    }

    /// The errors to show now, out of `all` (the rules' verdict on the whole form): those of
    /// touched fields, plus the server's where the value is still the one it judged.
    pub fn visible_errors(&self, all: FieldErrors) -> FieldErrors {
        visible(all, &self.touched, &self.server_errors, &self.values)
    }
}

// The work of `FormState`'s methods, written once for every form type (`dyn`: the app's bundle
// carries one copy, not one per form).

fn judged(errors: FieldErrors, values: &dyn FieldValues) -> BTreeMap<Field, (String, FieldError)> {
    errors
        .into_iter()
        .map(|(field, error)| (field, (values.field_value(field), error)))
        .collect()
}

fn visible(
    mut errors: FieldErrors,
    touched: &BTreeSet<Field>,
    server_errors: &BTreeMap<Field, (String, FieldError)>,
    values: &dyn FieldValues,
) -> FieldErrors {
    errors.retain(|field, _| touched.contains(field));
    for (field, (value, error)) in server_errors {
        if values.field_value(*field) == *value {
            errors.entry(*field).or_insert_with(|| error.clone());
        }
    }
    errors
}

impl FormState<CustomerForm> {
    pub fn edit(&mut self, field: Field, value: String) {
        self.values.set(field, value);
        self.touched.insert(field);
    }

    pub fn country(&self) -> Option<CountryCode> {
        CountryCode::parse(&self.values.country).ok()
    }
}

/// An edit made on `original` and refused because the record changed to `latest`: the user's
/// own changes (fields where `mine` differs from `original`) applied on top of `latest`, except
/// the fields in `keep_theirs`, where the other person's value stays.
pub fn reapply(
    original: &CustomerForm,
    mine: &CustomerForm,
    latest: &CustomerForm,
    keep_theirs: &BTreeSet<Field>,
) -> CustomerForm {
    let mut merged = latest.clone();
    for field in CustomerForm::FIELDS {
        if mine.get(*field) != original.get(*field) && !keep_theirs.contains(field) {
            merged.set(*field, mine.get(*field).to_string());
        }
    }
    merged
}

/// The fields both people changed, to different values: re-applying either one's value would
/// silently replace the other's, so the user chooses, field by field.
pub fn conflicting_fields(
    original: &CustomerForm,
    mine: &CustomerForm,
    latest: &CustomerForm,
) -> Vec<Field> {
    CustomerForm::FIELDS
        .iter()
        .copied()
        .filter(|f| {
            let (was, ours, theirs) = (original.get(*f), mine.get(*f), latest.get(*f));
            ours != was && theirs != was && ours != theirs
        })
        .collect()
}

/// The first field, in the customer form's order, that has an error.
pub fn first_error(errors: &FieldErrors) -> Option<Field> {
    first_error_in(form_order(), errors)
}

/// The first field of `order` (a form's fields as it shows them) that has an error: where a
/// refused submit puts the focus.
pub fn first_error_in(order: &[Field], errors: &FieldErrors) -> Option<Field> {
    order.iter().copied().find(|f| errors.contains_key(f))
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
    use shared::customer::RuleContext;
    use shared::date::CalendarDate;

    fn ctx() -> RuleContext {
        RuleContext {
            instance: CloudInstance::Global,
            partner_email_domain: Some("northwind.example".into()),
            today: CalendarDate::new(2026, 6, 15).unwrap(),
        }
    }

    fn visible(state: &FormState) -> FieldErrors {
        state.visible_errors(state.values.check(&ctx()))
    }

    #[test]
    fn errors_show_only_for_touched_fields() {
        let mut state = FormState::default();
        assert!(visible(&state).is_empty());
        state.edit(Field::CompanyName, "A".into());
        let errors = visible(&state);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[&Field::CompanyName], FieldError::TooShort { min: 2 });
        state.touch_all(Step::Account.fields());
        assert!(visible(&state).contains_key(&Field::City));
        assert!(!visible(&state).contains_key(&Field::ContactEmail));
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
            visible(&state).get(&Field::DomainPrefix),
            Some(&FieldError::Taken)
        );
        state.edit(Field::DomainPrefix, "contoso2".into());
        assert_eq!(visible(&state).get(&Field::DomainPrefix), None);
    }

    #[test]
    fn any_form_keeps_a_server_verdict_until_its_value_changes() {
        let mut state = FormState::new(shared::referral::ReferralForm {
            offerings: vec!["azure".into()],
            ..Default::default()
        });
        let verdict = |s: &FormState<ReferralForm>| s.visible_errors(s.values.check());
        // Nothing shows before the form is sent.
        assert!(verdict(&state).is_empty());
        state.set_server_errors(FieldErrors::from([(
            Field::Offerings,
            FieldError::NotInList,
        )]));
        assert_eq!(verdict(&state)[&Field::Offerings], FieldError::NotInList);
        state.values.offerings.push("m365".into());
        assert!(!verdict(&state).contains_key(&Field::Offerings));
        state.touch_all(&[Field::CompanyName]);
        assert_eq!(verdict(&state)[&Field::CompanyName], FieldError::Required);
        assert!(!verdict(&state).contains_key(&Field::ContactEmail));
    }

    #[test]
    fn every_field_belongs_to_exactly_one_step() {
        for field in CustomerForm::FIELDS {
            let steps = Step::ALL
                .iter()
                .filter(|s| s.fields().contains(field))
                .count();
            assert_eq!(steps, 1, "{field:?}");
        }
        assert_eq!(Step::of(Field::AgreementDate), Step::Contact);
        assert_eq!(Step::Account.next(), Step::Domain);
        assert_eq!(Step::Review.next(), Step::Review);
        assert_eq!(Step::Account.previous(), Step::Account);
    }

    #[test]
    fn reapply_keeps_both_editors_changes() {
        let original = CustomerForm {
            company_name: "Contoso".into(),
            city: "Redmond".into(),
            ..Default::default()
        };
        let mine = CustomerForm {
            city: "Bellevue".into(),
            ..original.clone()
        };
        let latest = CustomerForm {
            company_name: "Contoso Holdings".into(),
            ..original.clone()
        };
        let merged = reapply(&original, &mine, &latest, &BTreeSet::new());
        assert_eq!(merged.company_name, "Contoso Holdings");
        assert_eq!(merged.city, "Bellevue");
        assert!(conflicting_fields(&original, &mine, &latest).is_empty());
    }

    #[test]
    fn the_same_field_changed_by_both_is_a_conflict_the_user_decides() {
        let original = CustomerForm {
            city: "Redmond".into(),
            postal_code: "98052".into(),
            ..Default::default()
        };
        let mine = CustomerForm {
            city: "Bellevue".into(),
            postal_code: "98004".into(),
            ..original.clone()
        };
        // They changed the city too, and the postal code to the same value as mine.
        let latest = CustomerForm {
            city: "Seattle".into(),
            postal_code: "98004".into(),
            ..original.clone()
        };
        assert_eq!(
            conflicting_fields(&original, &mine, &latest),
            vec![Field::City]
        );
        assert_eq!(
            reapply(&original, &mine, &latest, &BTreeSet::new()).city,
            "Bellevue"
        );
        let keep = BTreeSet::from([Field::City]);
        assert_eq!(reapply(&original, &mine, &latest, &keep).city, "Seattle");
        assert_eq!(
            reapply(&original, &mine, &latest, &keep).postal_code,
            "98004"
        );
    }

    #[test]
    fn first_error_follows_form_order() {
        let errors = FieldErrors::from([
            (Field::ContactEmail, FieldError::Required),
            (Field::DomainPrefix, FieldError::Required),
        ]);
        assert_eq!(first_error(&errors), Some(Field::DomainPrefix));
        assert_eq!(form_order().len(), CustomerForm::FIELDS.len());
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
