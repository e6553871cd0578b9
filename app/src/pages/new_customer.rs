//! Add customer. Every field is checked by `shared`'s rules while the user types — in the
//! browser, so it works offline — and the server checks the same rules on submit. The draft is
//! kept in localStorage until the customer is created.

use crate::api::{self, ApiFailure};
use crate::app::{rule_context, use_me, JustCreated};
use crate::components::{SelectField, TextField};
use crate::form::{country_options, first_error, state_options, FormState};
use crate::i18n::{tr, use_i18n};
use crate::pages::failure_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::customer::{CountryFieldRules, CustomerForm, DomainPrefix};
use shared::i18n::{field_error_text, Locale, Msg};
use shared::regions::{postal_example, PostalRule};
use shared::{Field, FieldError};
use wasm_bindgen::JsCast;

const DRAFT_KEY: &str = "partnerdesk.draft.new-customer";

fn load_draft() -> FormState {
    let values: CustomerForm = crate::storage::get(DRAFT_KEY)
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let mut state = FormState::default();
    for field in crate::form::FORM_ORDER {
        let value = values.get(*field).to_string();
        if !value.is_empty() {
            state.edit(*field, value);
        }
    }
    state
}

fn focus_field(field: Field) {
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(field.key()))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// The live availability check of the domain prefix.
#[derive(Clone, Debug, PartialEq)]
enum DomainCheck {
    Idle,
    Checking,
    Available(String),
    Taken,
    Offline,
}

#[derive(Clone, Debug, PartialEq)]
enum Banner {
    FixErrors,
    Failure(ApiFailure),
}

#[component]
pub fn NewCustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let just_created = expect_context::<JustCreated>().0;
    let navigate = use_navigate();

    let state = RwSignal::new(load_draft());
    let ctx = Memo::new(move |_| rule_context(me.get().and_then(|r| r.ok()).as_ref()));
    let instance = Memo::new(move |_| ctx.get().instance);
    let domain_check = RwSignal::new(DomainCheck::Idle);
    let submitting = RwSignal::new(false);
    let banner = RwSignal::new(None::<Banner>);

    // Keep the draft: a reload or a lost connection loses nothing.
    Effect::new(move |_| {
        state.with(|s| {
            if let Ok(json) = serde_json::to_string(&s.values) {
                crate::storage::set(DRAFT_KEY, &json);
            }
        })
    });

    // Domain availability: debounced, and a late answer for an older value is dropped.
    let prefix_value = Memo::new(move |_| state.with(|s| s.values.domain_prefix.clone()));
    Effect::new(move |_| {
        let typed = prefix_value.get();
        let Ok(prefix) = DomainPrefix::parse(&typed) else {
            domain_check.set(DomainCheck::Idle);
            return;
        };
        domain_check.set(DomainCheck::Checking);
        spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(350).await;
            if prefix_value.get_untracked() != typed {
                return;
            }
            let answer = api::domain_availability(prefix.as_str()).await;
            if prefix_value.try_get_untracked().as_ref() != Some(&typed) {
                return;
            }
            domain_check.set(match answer {
                Ok(a) if a.available => DomainCheck::Available(a.domain.unwrap_or_default()),
                Ok(_) => DomainCheck::Taken,
                Err(_) => DomainCheck::Offline,
            });
        });
    });

    let errors = Memo::new(move |_| {
        let mut errors = state.with(|s| s.visible_errors(&ctx.get()));
        if domain_check.get() == DomainCheck::Taken {
            errors
                .entry(Field::DomainPrefix)
                .or_insert(FieldError::Taken);
        }
        errors
    });
    let error_of = move |field: Field| {
        Signal::derive(move || {
            errors.with(|e| {
                e.get(&field)
                    .map(|err| field_error_text(i18n.locale(), field, err))
            })
        })
    };
    let value_of =
        move |field: Field| Signal::derive(move || state.with(|s| s.values.get(field).to_string()));
    let edit = move |field: Field| {
        Callback::new(move |value: String| state.update(|s| s.edit(field, value)))
    };
    let touch = move |field: Field| Callback::new(move |()| state.update(|s| s.touch(field)));

    let country = Memo::new(move |_| state.with(|s| s.country()));
    let country_rules =
        Memo::new(move |_| CountryFieldRules::for_country(country.get().as_ref(), instance.get()));
    let countries = Signal::derive(move || {
        country_options(instance.get(), i18n.locale())
            .into_iter()
            .map(|(c, n)| (c.to_string(), n.to_string()))
            .collect::<Vec<_>>()
    });
    let states = Signal::derive(move || {
        country
            .get()
            .and_then(|c| state_options(&c, i18n.locale()))
            .unwrap_or_default()
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
        let default = country
            .get()
            .map(|c| c.default_language())
            .unwrap_or_default();
        i18n.f(
            Msg::LanguageFromCountry,
            &[("language", default.native_name())],
        )
    });

    let domain_suffix = Signal::derive(move || format!(".{}", instance.get().domain_suffix()));
    let domain_hint = Signal::derive(move || {
        let check = domain_check.get();
        Some(match check {
            DomainCheck::Checking => i18n.t(Msg::DomainChecking).to_string(),
            DomainCheck::Available(domain) => i18n.f(Msg::DomainAvailable, &[("domain", &domain)]),
            DomainCheck::Offline => i18n.t(Msg::DomainCheckOffline).to_string(),
            DomainCheck::Idle | DomainCheck::Taken => {
                let prefix = state.with(|s| s.values.domain_prefix.trim().to_ascii_lowercase());
                let prefix = if prefix.is_empty() {
                    "contoso".to_string()
                } else {
                    prefix
                };
                i18n.f(
                    Msg::HintDomain,
                    &[("domain", &format!("{prefix}{}", domain_suffix.get()))],
                )
            }
        })
    });
    let postal_hint = Signal::derive(move || match country_rules.get().postal {
        PostalRule::Patterns(patterns) => Some(i18n.f(
            Msg::HintPostalFormat,
            &[("example", &postal_example(patterns[0]))],
        )),
        _ => None,
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        state.update(|s| s.submitted = true);
        let form = state.with_untracked(|s| s.values.clone());
        let client_errors = errors.get_untracked();
        if let Some(field) = first_error(&client_errors) {
            banner.set(Some(Banner::FixErrors));
            focus_field(field);
            return;
        }
        banner.set(None);
        submitting.set(true);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::create_customer(&form).await;
            submitting.set(false);
            match result {
                Ok(created) => {
                    crate::storage::remove(DRAFT_KEY);
                    let id = created.customer.id;
                    just_created.set(Some((id, created.temporary_password)));
                    navigate(&format!("/customers/{id}"), Default::default());
                }
                Err(ApiFailure::Validation(fields)) => {
                    let first = first_error(&fields);
                    state.update(|s| s.set_server_errors(fields));
                    banner.set(Some(Banner::FixErrors));
                    if let Some(field) = first {
                        focus_field(field);
                    }
                }
                Err(failure) => banner.set(Some(Banner::Failure(failure))),
            }
        });
    };

    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::AddCustomerTitle)}</h1>
                <p class="page-intro">{tr(Msg::AddCustomerIntro)}</p>
            </div>
        </div>
        <form class="form" novalidate=true on:submit=on_submit>
            {move || banner.get().map(|b| {
                let text = match &b {
                    Banner::FixErrors => i18n.t(Msg::FixErrors).to_string(),
                    Banner::Failure(f) => failure_text(f, i18n.locale()),
                };
                view! { <div class="alert alert-error" role="alert">{text}</div> }
            })}
            <section class="card form-section">
                <h2>{tr(Msg::SectionAccount)}</h2>
                <div class="form-grid">
                    <TextField id="company_name" label=Msg::LabelCompanyName value=value_of(Field::CompanyName)
                        on_input=edit(Field::CompanyName) on_blur=touch(Field::CompanyName)
                        required=true error=error_of(Field::CompanyName) autocomplete="organization" />
                    <SelectField id="country" label=Msg::LabelCountry value=value_of(Field::Country)
                        options=countries on_change=Callback::new(move |v: String| state.update(|s| { s.edit(Field::Country, v); }))
                        required=true error=error_of(Field::Country) />
                    <TextField id="registration_number" label=Msg::LabelRegistrationNumber value=value_of(Field::RegistrationNumber)
                        on_input=edit(Field::RegistrationNumber) on_blur=touch(Field::RegistrationNumber)
                        required=Signal::derive(move || country_rules.get().registration_required)
                        error=error_of(Field::RegistrationNumber) />
                    <SelectField id="language" label=Msg::LabelLanguage value=value_of(Field::Language)
                        options=languages on_change=edit(Field::Language) empty_label=language_default
                        error=error_of(Field::Language) />
                </div>
            </section>
            <section class="card form-section">
                <h2>{tr(Msg::SectionDomain)}</h2>
                <div class="form-grid">
                    <TextField id="domain_prefix" label=Msg::LabelDomainPrefix value=value_of(Field::DomainPrefix)
                        on_input=edit(Field::DomainPrefix) on_blur=touch(Field::DomainPrefix)
                        required=true error=error_of(Field::DomainPrefix) hint=domain_hint suffix=domain_suffix />
                </div>
            </section>
            <section class="card form-section">
                <h2>{tr(Msg::SectionAddress)}</h2>
                <div class="form-grid">
                    <TextField id="address_line1" label=Msg::LabelAddressLine1 value=value_of(Field::AddressLine1)
                        on_input=edit(Field::AddressLine1) on_blur=touch(Field::AddressLine1)
                        required=true error=error_of(Field::AddressLine1) autocomplete="address-line1" />
                    <TextField id="address_line2" label=Msg::LabelAddressLine2 value=value_of(Field::AddressLine2)
                        on_input=edit(Field::AddressLine2) on_blur=touch(Field::AddressLine2)
                        error=error_of(Field::AddressLine2) autocomplete="address-line2" />
                    <TextField id="city" label=Msg::LabelCity value=value_of(Field::City)
                        on_input=edit(Field::City) on_blur=touch(Field::City)
                        required=true error=error_of(Field::City) autocomplete="address-level2" />
                    {move || if country_rules.get().state_list {
                        view! {
                            <SelectField id="state" label=Msg::LabelState value=value_of(Field::State)
                                options=states on_change=edit(Field::State)
                                required=true error=error_of(Field::State) />
                        }.into_any()
                    } else {
                        view! {
                            <TextField id="state" label=Msg::LabelState value=value_of(Field::State)
                                on_input=edit(Field::State) on_blur=touch(Field::State)
                                error=error_of(Field::State) autocomplete="address-level1" />
                        }.into_any()
                    }}
                    <Show when=move || country_rules.get().postal != PostalRule::None>
                        <TextField id="postal_code" label=Msg::LabelPostalCode value=value_of(Field::PostalCode)
                            on_input=edit(Field::PostalCode) on_blur=touch(Field::PostalCode)
                            required=Signal::derive(move || country_rules.get().postal != PostalRule::Optional)
                            error=error_of(Field::PostalCode) hint=postal_hint autocomplete="postal-code" />
                    </Show>
                </div>
            </section>
            <section class="card form-section">
                <h2>{tr(Msg::SectionContact)}</h2>
                <div class="form-grid">
                    <TextField id="contact_first_name" label=Msg::LabelFirstName value=value_of(Field::ContactFirstName)
                        on_input=edit(Field::ContactFirstName) on_blur=touch(Field::ContactFirstName)
                        required=true error=error_of(Field::ContactFirstName) />
                    <TextField id="contact_last_name" label=Msg::LabelLastName value=value_of(Field::ContactLastName)
                        on_input=edit(Field::ContactLastName) on_blur=touch(Field::ContactLastName)
                        required=true error=error_of(Field::ContactLastName) />
                    <TextField id="contact_email" label=Msg::LabelEmail value=value_of(Field::ContactEmail)
                        on_input=edit(Field::ContactEmail) on_blur=touch(Field::ContactEmail)
                        required=true error=error_of(Field::ContactEmail) input_type="email"
                        hint=Signal::derive(move || Some(i18n.t(Msg::HintContactEmail).to_string())) />
                    <TextField id="contact_phone" label=Msg::LabelPhone value=value_of(Field::ContactPhone)
                        on_input=edit(Field::ContactPhone) on_blur=touch(Field::ContactPhone)
                        required=Signal::derive(move || country_rules.get().phone_required)
                        error=error_of(Field::ContactPhone) input_type="tel" />
                </div>
            </section>
            <div class="form-actions">
                <A href="/customers" attr:class="btn">{tr(Msg::Cancel)}</A>
                <button type="submit" class="btn btn-primary" disabled=move || submitting.get()>
                    {move || if submitting.get() { i18n.t(Msg::Creating) } else { i18n.t(Msg::CreateCustomer) }}
                </button>
            </div>
        </form>
    }
}
