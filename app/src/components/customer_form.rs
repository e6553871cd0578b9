//! The customer form's sections, bound to one `FormState`: used by "add customer" (all of them,
//! step by step) and by "edit customer" (the profile).

use crate::bound_form::BoundForm;
use crate::components::{SelectField, TextField};
use crate::form::{country_options, form_order, state_options, FormState};
use crate::i18n::{tr, use_i18n};
use leptos::prelude::*;
use shared::customer::{CountryFieldRules, CustomerForm};
use shared::i18n::{Locale, Msg};
use shared::instance::CloudInstance;
use shared::regions::{CountryCode, PostalRule};
use shared::{Field, FieldErrors};

/// The customer form bound to its page, and what the country decides.
#[derive(Clone, Copy)]
pub struct FormBinding {
    pub form: BoundForm<CustomerForm>,
    pub state: RwSignal<FormState>,
    /// The errors to show now (touched fields, server verdicts).
    pub errors: Memo<FieldErrors>,
    pub instance: Signal<CloudInstance>,
    pub country: Memo<Option<CountryCode>>,
    pub rules: Memo<CountryFieldRules>,
}

impl FormBinding {
    /// `all_errors` is the full verdict on the form; only what the user has reached is shown.
    pub fn new(
        state: RwSignal<FormState>,
        instance: Signal<CloudInstance>,
        all_errors: Signal<FieldErrors>,
    ) -> Self {
        let form = BoundForm::new(state, form_order(), all_errors);
        let country = Memo::new(move |_| state.with(FormState::country));
        let rules = Memo::new(move |_| {
            CountryFieldRules::for_country(country.get().as_ref(), instance.get())
        });
        Self {
            form,
            state,
            errors: form.errors,
            instance,
            country,
            rules,
        }
    }

    pub fn value(self, field: Field) -> Signal<String> {
        let state = self.state;
        Signal::derive(move || state.with(|s| s.values.get(field).to_string()))
    }

    pub fn edit(self, field: Field) -> Callback<String> {
        let state = self.state;
        Callback::new(move |value: String| state.update(|s| s.edit(field, value)))
    }

    pub fn touch(self, field: Field) -> Callback<()> {
        self.form.on_blur(field)
    }

    pub fn error_text(self, field: Field) -> Signal<Option<String>> {
        self.form.error_text(field)
    }

    pub fn error_code(self, field: Field) -> Signal<Option<String>> {
        self.form.error_code(field)
    }
}

/// A text input bound to one field of the form.
#[component]
pub fn BoundText(
    b: FormBinding,
    field: Field,
    label: Msg,
    #[prop(optional, into)] required: Signal<bool>,
    #[prop(optional, into)] hint: MaybeProp<String>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional, into)] suffix: MaybeProp<String>,
    #[prop(optional, into)] max: MaybeProp<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <TextField id=field.key() label value=b.value(field) on_input=b.edit(field) on_blur=b.touch(field)
            required hint input_type autocomplete suffix max disabled
            error=b.error_text(field) code=b.error_code(field) />
    }
}

/// A select bound to one field of the form.
#[component]
pub fn BoundSelect(
    b: FormBinding,
    field: Field,
    label: Msg,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
    #[prop(optional, into)] required: Signal<bool>,
    #[prop(optional, into)] empty_label: MaybeProp<String>,
    #[prop(optional, into)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <SelectField id=field.key() label value=b.value(field) options on_change=b.edit(field)
            required empty_label disabled
            error=b.error_text(field) code=b.error_code(field) />
    }
}

/// Company, country, registration number, language. `country_fixed` for an existing account;
/// `company_fixed` for users who may edit the billing profile only.
#[component]
pub fn AccountSection(
    b: FormBinding,
    #[prop(optional)] country_fixed: bool,
    #[prop(optional, into)] company_fixed: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let countries = Signal::derive(move || {
        country_options(b.instance.get(), i18n.locale())
            .into_iter()
            .map(|(c, n)| (c.to_string(), n.to_string()))
            .collect::<Vec<_>>()
    });
    let languages = Signal::derive(move || {
        Locale::ALL
            .iter()
            .map(|l| (l.tag().to_string(), l.native_name().to_string()))
            .collect::<Vec<_>>()
    });
    let language_default = Signal::derive(move || {
        let default = b
            .country
            .get()
            .map(|c| c.default_language())
            .unwrap_or_default();
        i18n.f(
            Msg::LanguageFromCountry,
            &[("language", default.native_name())],
        )
    });
    view! {
        <section class="card form-section">
            <h2>{tr(Msg::SectionAccount)}</h2>
            <div class="form-grid">
                <BoundText b field=Field::CompanyName label=Msg::LabelCompanyName required=true autocomplete="organization"
                    disabled=company_fixed />
                <BoundSelect b field=Field::Country label=Msg::LabelCountry options=countries required=true disabled=country_fixed />
                <BoundText b field=Field::RegistrationNumber label=Msg::LabelRegistrationNumber disabled=company_fixed
                    required=Signal::derive(move || b.rules.get().registration_required) />
                <BoundSelect b field=Field::Language label=Msg::LabelLanguage options=languages empty_label=language_default
                    disabled=company_fixed />
            </div>
        </section>
    }
}

/// The billing address; its fields, labels and hints follow the country.
#[component]
pub fn AddressSection(b: FormBinding) -> impl IntoView {
    let i18n = use_i18n();
    let states = Signal::derive(move || {
        b.country
            .get()
            .and_then(|c| state_options(&c, i18n.locale()))
            .unwrap_or_default()
            .into_iter()
            .map(|(c, n)| (c.to_string(), n.to_string()))
            .collect::<Vec<_>>()
    });
    let postal_hint = Signal::derive(move || {
        b.country
            .get()
            .and_then(|c| c.postal_example())
            .map(|example| i18n.f(Msg::HintPostalFormat, &[("example", example)]))
    });
    view! {
        <section class="card form-section">
            <h2>{tr(Msg::SectionAddress)}</h2>
            <div class="form-grid">
                <BoundText b field=Field::AddressLine1 label=Msg::LabelAddressLine1 required=true autocomplete="address-line1" />
                <BoundText b field=Field::AddressLine2 label=Msg::LabelAddressLine2 autocomplete="address-line2" />
                <BoundText b field=Field::AddressLine3 label=Msg::LabelAddressLine3 autocomplete="address-line3" />
                <BoundText b field=Field::City label=Msg::LabelCity required=true autocomplete="address-level2" />
                {move || if b.rules.get().state_list {
                    view! { <BoundSelect b field=Field::State label=Msg::LabelState options=states required=true /> }.into_any()
                } else {
                    view! { <BoundText b field=Field::State label=Msg::LabelState autocomplete="address-level1" /> }.into_any()
                }}
                <Show when=move || b.rules.get().postal != PostalRule::None>
                    <BoundText b field=Field::PostalCode label=Msg::LabelPostalCode hint=postal_hint autocomplete="postal-code"
                        required=Signal::derive(move || b.rules.get().postal != PostalRule::Optional) />
                </Show>
            </div>
        </section>
    }
}

/// The customer's primary contact (its administrator).
#[component]
pub fn ContactSection(b: FormBinding) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card form-section">
            <h2>{tr(Msg::SectionContact)}</h2>
            <div class="form-grid">
                <BoundText b field=Field::ContactFirstName label=Msg::LabelFirstName required=true autocomplete="given-name" />
                <BoundText b field=Field::ContactLastName label=Msg::LabelLastName required=true autocomplete="family-name" />
                <BoundText b field=Field::ContactEmail label=Msg::LabelEmail required=true input_type="email" autocomplete="email"
                    hint=Signal::derive(move || Some(i18n.t(Msg::HintContactEmail).to_string())) />
                <BoundText b field=Field::ContactPhone label=Msg::LabelPhone input_type="tel" autocomplete="tel"
                    required=Signal::derive(move || b.rules.get().phone_required) />
            </div>
        </section>
    }
}

/// Who accepted the customer agreement and when; `today` bounds the date.
#[component]
pub fn AgreementSection(b: FormBinding, #[prop(into)] today: Signal<String>) -> impl IntoView {
    let copy_contact = move |_| {
        b.state.update(|s| {
            let (first, last, email) = (
                s.values.contact_first_name.clone(),
                s.values.contact_last_name.clone(),
                s.values.contact_email.clone(),
            );
            s.edit(Field::AgreementFirstName, first);
            s.edit(Field::AgreementLastName, last);
            s.edit(Field::AgreementEmail, email);
        })
    };
    view! {
        <section class="card form-section">
            <div class="section-head">
                <h2>{tr(Msg::SectionAgreement)}</h2>
                <button type="button" class="btn btn-small" on:click=copy_contact>{tr(Msg::SameAsContact)}</button>
            </div>
            <p class="section-intro">{tr(Msg::AgreementIntro)}</p>
            <div class="form-grid">
                <BoundText b field=Field::AgreementFirstName label=Msg::LabelAgreementFirstName required=true />
                <BoundText b field=Field::AgreementLastName label=Msg::LabelAgreementLastName required=true />
                <BoundText b field=Field::AgreementEmail label=Msg::LabelAgreementEmail required=true input_type="email" />
                <BoundText b field=Field::AgreementDate label=Msg::LabelAgreementDate required=true input_type="date" max=today />
            </div>
        </section>
    }
}
