//! The partner's business profile: the form (checked by `shared`'s rules as the user types), how
//! complete it is, and a preview of what customers see.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::field::{toggle_code, CheckboxGroup};
use crate::components::toast::use_toasts;
use crate::components::{SelectField, TextField};
use crate::form::country_options;
use crate::i18n::{tr, use_i18n, I18n};
use crate::session::use_me;
use crate::ui::{failure_text, format_date, submit};
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::profile::{
    BusinessProfileForm, BusinessProfileRecord, Completeness, Industry, LocationForm, Offering,
    DESCRIPTION_MAX,
};
use shared::regions::CountryCode;
use shared::Field;

/// The order the form shows its fields in (focus goes to the first with an error).
const FORM_ORDER: [Field; 7] = [
    Field::CompanyName,
    Field::Description,
    Field::Website,
    Field::Industries,
    Field::Offerings,
    Field::Locations,
    Field::ContactEmail,
];

/// The label of a field of this form.
pub fn profile_field_label(field: Field) -> Msg {
    match field {
        Field::CompanyName => Msg::LabelProfileName,
        Field::Description => Msg::LabelDescription,
        Field::Website => Msg::LabelWebsite,
        Field::Industries => Msg::LabelIndustries,
        Field::Offerings => Msg::LabelOfferings,
        Field::Locations => Msg::LabelLocations,
        _ => Msg::LabelProfileEmail,
    }
}

/// "60% complete: …" and what is missing, in the UI language.
pub fn completeness_texts(c: &Completeness, i18n: I18n) -> (String, String) {
    let figure = i18n.f(
        Msg::CompletenessFigure,
        &[
            ("percent", &c.percent().to_string()),
            ("filled", &c.filled.to_string()),
            ("of", &c.of.to_string()),
        ],
    );
    let missing = if c.missing.is_empty() {
        i18n.t(Msg::CompletenessDone).to_string()
    } else {
        let names: Vec<&str> = c
            .missing
            .iter()
            .map(|f| i18n.t(profile_field_label(*f)))
            .collect();
        i18n.f(
            Msg::CompletenessMissing,
            &[("fields", &names.join(i18n.locale().list_separator()))],
        )
    };
    (figure, missing)
}

#[component]
pub fn BusinessProfilePage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::ProfileTitle);
    let i18n = use_i18n();
    let loaded = crate::session::page_data(api::business_profile);
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::ProfileTitle)}</h1>
                <p class="page-intro">{tr(Msg::ProfileIntro)}</p>
            </div>
        </div>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || loaded.get().map(|result| match result {
                Ok(record) => view! { <ProfileEditor record /> }.into_any(),
                Err(failure) => view! {
                    <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn ProfileEditor(record: BusinessProfileRecord) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let me = use_me();
    let mut initial = record.profile.clone();
    if initial.locations.is_empty() {
        initial.locations.push(LocationForm::default());
    }
    let form = BoundForm::checked_by(initial, &FORM_ORDER, BusinessProfileForm::check);
    let saved = RwSignal::new(record);
    let failure = RwSignal::new(None::<ApiFailure>);
    let error_of = move |field: Field| form.error_text(field);
    let touch = move |field: Field| form.touch(field);
    let completeness = Memo::new(move |_| form.with(BusinessProfileForm::completeness));
    // Rows are rebuilt only when one is added or removed, not on every keystroke.
    let location_count = Memo::new(move |_| form.with(|f| f.locations.len()));
    let text = move |get: fn(&BusinessProfileForm) -> &String| form.text(get);

    let save = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::save_business_profile(&body).await {
                Ok(record) => {
                    saved.set(record);
                    toasts.show(Msg::ProfileSaved);
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = save.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if form.ready_to_send() {
            failure.set(None);
            save.dispatch(());
        }
    };

    let industry_options = Signal::derive(move || {
        Industry::ALL
            .iter()
            .map(|i| (i.as_str().to_string(), i18n.t(i.label()).to_string()))
            .collect::<Vec<_>>()
    });
    let offering_options = Signal::derive(move || {
        Offering::ALL
            .iter()
            .map(|o| (o.as_str().to_string(), i18n.t(o.label()).to_string()))
            .collect::<Vec<_>>()
    });
    let instance = Signal::derive(move || {
        me.get()
            .and_then(|r| r.ok())
            .map(|m| m.partner.instance)
            .unwrap_or(shared::instance::CloudInstance::Global)
    });
    let countries = Signal::derive(move || {
        // Offices can be anywhere, whatever the instance serves.
        let _ = instance.get();
        country_options(shared::instance::CloudInstance::Global, i18n.locale())
            .into_iter()
            .map(|(c, n)| (c.to_string(), n.to_string()))
            .collect::<Vec<_>>()
    });
    let description_count = move || {
        form.with(|f| {
            i18n.f(
                Msg::CharCount,
                &[
                    ("count", &f.description.trim().chars().count().to_string()),
                    ("max", &DESCRIPTION_MAX.to_string()),
                ],
            )
        })
    };
    let updated = move || {
        saved.with(|r| match (&r.updated_at, &r.updated_by) {
            (Some(at), Some(who)) => i18n.f(
                Msg::ProfileUpdatedAt,
                &[("date", &format_date(at, i18n.locale())), ("who", who)],
            ),
            _ => i18n.t(Msg::ProfileNeverSaved).to_string(),
        })
    };

    view! {
        <div class="profile-layout">
            <form class="form profile-form" novalidate=true on:submit=submit>
                {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
                <section class="card form-section">
                    <div class="form-grid">
                        <TextField id=Field::CompanyName.key() label=Msg::LabelProfileName required=true
                            value=text(|f| &f.company_name)
                            on_input=Callback::new(move |v| { form.update(|f| f.company_name = v); })
                            on_blur=Callback::new(move |()| touch(Field::CompanyName))
                            error=error_of(Field::CompanyName) autocomplete="organization" />
                        <TextField id=Field::Website.key() label=Msg::LabelWebsite input_type="url"
                            value=text(|f| &f.website)
                            on_input=Callback::new(move |v| { form.update(|f| f.website = v); })
                            on_blur=Callback::new(move |()| touch(Field::Website))
                            hint=Signal::derive(move || Some(i18n.t(Msg::HintWebsite).to_string()))
                            error=error_of(Field::Website) autocomplete="url" />
                    </div>
                    <div class="field" class:field-invalid=move || error_of(Field::Description).get().is_some()>
                        <label class="field-label" for="description">{tr(Msg::LabelDescription)}" "<span class="field-optional">"(" {tr(Msg::Optional)} ")"</span></label>
                        <textarea id="description" name="description" rows="5"
                            aria-invalid=move || error_of(Field::Description).get().is_some().to_string()
                            aria-describedby="description-hint description-error"
                            prop:value=move || form.with(|f| f.description.clone())
                            on:input=move |ev| form.update(|f| f.description = event_target_value(&ev))
                            on:blur=move |_| touch(Field::Description)></textarea>
                        <p class="field-hint" id="description-hint">{tr(Msg::HintDescription)}" · "{description_count}</p>
                        <p class="field-error" id="description-error" aria-live="polite">{move || error_of(Field::Description).get()}</p>
                    </div>
                    <CheckboxGroup id=Field::Industries.key() label=Msg::LabelIndustries
                        options=industry_options
                        selected=Signal::derive(move || form.with(|f| f.industries.clone()))
                        on_toggle=Callback::new(move |(code, on)| { form.update(|f| toggle_code(&mut f.industries, code, on)); touch(Field::Industries); })
                        error=error_of(Field::Industries) />
                    <CheckboxGroup id=Field::Offerings.key() label=Msg::LabelOfferings
                        options=offering_options
                        selected=Signal::derive(move || form.with(|f| f.offerings.clone()))
                        on_toggle=Callback::new(move |(code, on)| { form.update(|f| toggle_code(&mut f.offerings, code, on)); touch(Field::Offerings); })
                        error=error_of(Field::Offerings) />
                    <fieldset class="field locations" id="locations" tabindex="-1"
                        aria-describedby="locations-hint locations-error"
                        aria-invalid=move || error_of(Field::Locations).get().is_some().to_string()>
                        <legend class="field-label">{tr(Msg::LabelLocations)}" "<span class="field-optional">"(" {tr(Msg::Optional)} ")"</span></legend>
                        <p class="field-hint" id="locations-hint">{tr(Msg::HintLocations)}</p>
                        {move || (0..location_count.get().min(shared::profile::LOCATIONS_MAX)).map(|index| {
                            let n = (index + 1).to_string();
                            view! {
                                <div class="location-row">
                                    <TextField id=LOCATION_CITY_IDS[index] label=Msg::LabelCity
                                        value=Signal::derive(move || form.with(|f| f.locations.get(index).map(|l| l.city.clone()).unwrap_or_default()))
                                        on_input=Callback::new(move |v| form.update(|f| if let Some(l) = f.locations.get_mut(index) { l.city = v; }))
                                        on_blur=Callback::new(move |()| touch(Field::Locations)) />
                                    <SelectField id=LOCATION_COUNTRY_IDS[index] label=Msg::LabelCountry
                                        options=countries
                                        value=Signal::derive(move || form.with(|f| f.locations.get(index).map(|l| l.country.clone()).unwrap_or_default()))
                                        on_change=Callback::new(move |v| { form.update(|f| if let Some(l) = f.locations.get_mut(index) { l.country = v; }); touch(Field::Locations); }) />
                                    <button type="button" class="btn btn-small btn-quiet location-remove"
                                        aria-label=move || i18n.f(Msg::RemoveLocation, &[("n", &n)])
                                        on:click=move |_| form.update(|f| { if index < f.locations.len() { f.locations.remove(index); } })>
                                        "✕"
                                    </button>
                                </div>
                            }
                        }).collect_view()}
                        <button type="button" class="btn btn-small"
                            disabled=move || form.with(|f| f.locations.len() >= shared::profile::LOCATIONS_MAX)
                            on:click=move |_| form.update(|f| f.locations.push(LocationForm::default()))>
                            {tr(Msg::AddLocation)}
                        </button>
                        <p class="field-error" id="locations-error" aria-live="polite">{move || error_of(Field::Locations).get()}</p>
                    </fieldset>
                    <div class="form-grid">
                        <TextField id=Field::ContactEmail.key() label=Msg::LabelProfileEmail input_type="email"
                            value=text(|f| &f.contact_email)
                            on_input=Callback::new(move |v| { form.update(|f| f.contact_email = v); })
                            on_blur=Callback::new(move |()| touch(Field::ContactEmail))
                            error=error_of(Field::ContactEmail) autocomplete="email" />
                    </div>
                </section>
                <div class="form-actions">
                    <p class="row-note">{updated}</p>
                    <span class="spacer"></span>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                        {move || if busy.get() { i18n.t(Msg::Saving) } else { i18n.t(Msg::SaveChanges) }}
                    </button>
                </div>
            </form>
            <aside class="profile-side">
                <section class="card completeness" aria-labelledby="completeness-title">
                    <h2 id="completeness-title">{tr(Msg::Completeness)}</h2>
                    <progress class="progress" max="100" value=move || completeness.get().percent()
                        aria-labelledby="completeness-title" aria-describedby="completeness-figure"></progress>
                    <p id="completeness-figure" class="completeness-figure">{move || completeness_texts(&completeness.get(), i18n).0}</p>
                    <p class="row-note">{move || completeness_texts(&completeness.get(), i18n).1}</p>
                </section>
                <ProfilePreview form=Signal::derive(move || form.with(Clone::clone)) />
            </aside>
        </div>
    }
}

/// The ids of the location rows' controls (ids are `&'static str`, so labels and errors can
/// refer to them): one per row a profile may have.
const LOCATION_CITY_IDS: [&str; shared::profile::LOCATIONS_MAX] = [
    "location-1-city",
    "location-2-city",
    "location-3-city",
    "location-4-city",
    "location-5-city",
    "location-6-city",
    "location-7-city",
    "location-8-city",
    "location-9-city",
    "location-10-city",
];
const LOCATION_COUNTRY_IDS: [&str; shared::profile::LOCATIONS_MAX] = [
    "location-1-country",
    "location-2-country",
    "location-3-country",
    "location-4-country",
    "location-5-country",
    "location-6-country",
    "location-7-country",
    "location-8-country",
    "location-9-country",
    "location-10-country",
];

/// The profile as a customer would see it: name, site, description, what and where.
#[component]
fn ProfilePreview(form: Signal<BusinessProfileForm>) -> impl IntoView {
    let i18n = use_i18n();
    let labels = move |codes: Vec<String>, label: fn(&str) -> Option<Msg>| {
        codes
            .iter()
            .filter_map(|c| label(c))
            .map(|m| i18n.t(m).to_string())
            .collect::<Vec<_>>()
    };
    view! {
        <section class="card preview" aria-labelledby="preview-title">
            <h2 id="preview-title" class="preview-title">{tr(Msg::ProfilePreview)}</h2>
            <div class="preview-card">
                <p class="preview-name">{move || form.with(|f| f.company_name.trim().to_string())}</p>
                {move || {
                    let site = form.with(|f| f.website.trim().to_string());
                    shared::profile::Website::parse(&site).ok().map(|w| view! { <p class="preview-site">{w.as_str().to_string()}</p> })
                }}
                <p class="preview-description pre-wrap">
                    {move || {
                        let d = form.with(|f| f.description.trim().to_string());
                        if d.is_empty() { i18n.t(Msg::NoDescription).to_string() } else { d }
                    }}
                </p>
                <ul class="tags" aria-label=tr(Msg::LabelOfferings)>
                    {move || labels(form.with(|f| f.offerings.clone()), |c| Offering::parse(c).map(|o| o.label()))
                        .into_iter().map(|t| view! { <li class="tag">{t}</li> }).collect_view()}
                </ul>
                <ul class="tags tags-quiet" aria-label=tr(Msg::LabelIndustries)>
                    {move || labels(form.with(|f| f.industries.clone()), |c| Industry::parse(c).map(|i| i.label()))
                        .into_iter().map(|t| view! { <li class="tag">{t}</li> }).collect_view()}
                </ul>
                <p class="row-note">
                    {move || form.with(|f| f.locations.iter()
                        .filter(|l| !l.city.trim().is_empty())
                        .map(|l| {
                            let country = CountryCode::parse(&l.country).map(|c| c.name(i18n.locale()).to_string()).unwrap_or_default();
                            format!("{}, {country}", l.city.trim())
                        })
                        .collect::<Vec<_>>()
                        .join(" · "))}
                </p>
                <p class="row-note">{move || form.with(|f| f.contact_email.trim().to_string())}</p>
            </div>
        </section>
    }
}
