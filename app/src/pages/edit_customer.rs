//! Edit a customer's company and billing profile. The save names the version it was made on;
//! when someone else saved first the server refuses (412) and the page shows who saved when,
//! lets the user choose per field where both changed the same one, and loads the latest version
//! with the user's own changes re-applied on top, so no one's update is lost silently.

use crate::api::{self, ApiFailure};
use crate::components::customer_form::{
    AccountSection, AddressSection, ContactSection, FormBinding,
};
use crate::form::{conflicting_fields, first_error, reapply, FormState};
use crate::i18n::{tr, use_i18n};
use crate::resources::customer_from_route;
use crate::session::{can, rule_context, use_flash, use_me, Flash};
use crate::ui::{failure_text, focus_element, submit};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::access::Action;
use shared::api::Customer;
use shared::customer::CustomerProfile;
use shared::i18n::{import_column_label, Msg};
use shared::Field;
use std::collections::BTreeSet;

#[component]
pub fn EditCustomerPage() -> impl IntoView {
    let i18n = use_i18n();
    let customer = customer_from_route();
    crate::resources::use_customer_title(customer, Some(Msg::Edit));
    view! {
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || customer.get().map(|result| match result {
                Ok(customer) => view! { <EditForm customer /> }.into_any(),
                Err(failure) => view! {
                    <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Banner {
    FixErrors,
    NoChanges,
    /// Someone saved first: their version, and the fields both changed.
    Conflict {
        latest: Box<Customer>,
        fields: Vec<Field>,
    },
    Reapplied,
    Failure(ApiFailure),
}

#[component]
fn EditForm(customer: Customer) -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let flash = use_flash();
    let navigate = use_navigate();
    let id = customer.id;
    let country = customer.country.clone();
    let company = customer.profile.company_name.to_string();
    let breadcrumb = company.clone();
    let domain = customer.domain.clone();

    // The version the edit is made on, and its values (to tell the user's changes apart).
    let original = RwSignal::new(customer.to_form());
    let version = RwSignal::new(customer.version);
    let state = RwSignal::new(FormState {
        values: customer.to_form(),
        ..Default::default()
    });
    let ctx = Memo::new(move |_| rule_context(me.get().and_then(|r| r.ok()).as_ref()));
    let instance = Signal::derive(move || ctx.get().instance);
    let all_errors = Signal::derive(move || {
        state.with(|s| {
            CustomerProfile::parse_edit(&s.values, &original.get(), &country, &ctx.get())
                .err()
                .unwrap_or_default()
        })
    });
    let b = FormBinding::new(state, instance, all_errors);
    let banner = RwSignal::new(None::<Banner>);
    // Conflicting fields where the user chose the other person's value.
    let keep_theirs = RwSignal::new(BTreeSet::<Field>::new());

    let sending = submit(move || {
        let form = state.with_untracked(|s| s.values.clone());
        let expected = version.get_untracked();
        let navigate = navigate.clone();
        async move {
            match api::update_customer(id, expected, &form).await {
                Ok(_) => {
                    flash.set(Some(Flash::Saved { id }));
                    navigate(&format!("/customers/{id}"), Default::default());
                }
                Err(ApiFailure::PreconditionFailed) => match api::get_customer(id).await {
                    Ok(latest) => {
                        let fields =
                            conflicting_fields(&original.get_untracked(), &form, &latest.to_form());
                        keep_theirs.set(BTreeSet::new());
                        banner.set(Some(Banner::Conflict {
                            latest: Box::new(latest),
                            fields,
                        }));
                    }
                    Err(failure) => banner.set(Some(Banner::Failure(failure))),
                },
                Err(ApiFailure::Validation(fields)) => {
                    b.form.refused(fields);
                    banner.set(Some(Banner::FixErrors));
                }
                Err(failure) => banner.set(Some(Banner::Failure(failure))),
            }
        }
    });
    let saving = sending.pending();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        state.update(|s| s.touch_all(CustomerProfile::FIELDS));
        if let Some(field) = first_error(&b.errors.get_untracked()) {
            banner.set(Some(Banner::FixErrors));
            focus_element(field.key());
            return;
        }
        if state.with_untracked(|s| s.values == original.get_untracked()) {
            banner.set(Some(Banner::NoChanges));
            return;
        }
        banner.set(None);
        sending.dispatch(());
    };

    let reapply_on_latest = move |latest: Customer| {
        let latest_form = latest.to_form();
        let mine = state.with_untracked(|s| s.values.clone());
        let merged = reapply(
            &original.get_untracked(),
            &mine,
            &latest_form,
            &keep_theirs.get_untracked(),
        );
        original.set(latest_form);
        version.set(latest.version);
        state.update(|s| {
            s.values = merged;
            s.server_errors.clear();
        });
        banner.set(Some(Banner::Reapplied));
    };

    view! {
        <p class="breadcrumb"><A href=format!("/customers/{id}")>{"← "}{breadcrumb}</A></p>
        <div class="page-header">
            <div>
                <p class="eyebrow">{tr(Msg::EditCustomerTitle)}</p>
                <h1>{company}</h1>
                <p class="page-intro"><span class="cell-mono">{domain}</span>" · "{tr(Msg::EditCustomerIntro)}</p>
            </div>
        </div>
        <form class="form" novalidate=true on:submit=save>
            {move || banner.get().map(|current| match current {
                Banner::Conflict { latest, fields } => {
                    let saved_by = latest.last_change.clone();
                    let theirs = latest.to_form();
                    let country = latest.country.clone();
                    view! {
                    <div class="alert alert-warning conflict" role="alert">
                        <strong>{tr(Msg::ConflictTitle)}</strong>
                        {saved_by.map(|change| view! {
                            <p class="conflict-who">{move || i18n.f(Msg::ConflictSavedBy, &[
                                ("name", &change.by),
                                ("time", &shared::i18n::format_date_time(&change.at, i18n.locale())),
                            ])}</p>
                        })}
                        <p>{tr(Msg::ConflictText)}</p>
                        {(!fields.is_empty()).then(|| view! {
                            <ConflictChoices fields=fields.clone() theirs mine=state.with_untracked(|s| s.values.clone()) country keep_theirs />
                        })}
                        <button type="button" class="btn" on:click=move |_| reapply_on_latest((*latest).clone())>{tr(Msg::ReloadAndReapply)}</button>
                    </div>
                    }.into_any()
                }
                Banner::Reapplied => view! {
                    <div class="alert alert-info" role="status">{tr(Msg::ConflictReapplied)}</div>
                }.into_any(),
                Banner::NoChanges => view! {
                    <div class="alert alert-info" role="status">{tr(Msg::NoChanges)}</div>
                }.into_any(),
                Banner::FixErrors => view! {
                    <div class="alert alert-error" role="alert">{tr(Msg::FixErrors)}</div>
                }.into_any(),
                Banner::Failure(failure) => view! {
                    <div class="alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
            <AccountSection b country_fixed=true
                company_fixed=Signal::derive(|| !can(Action::EditCompanyProfile)) />
            <AddressSection b />
            <ContactSection b />
            <div class="form-actions">
                <A href=format!("/customers/{id}") attr:class="btn btn-quiet">{tr(Msg::Cancel)}</A>
                <span class="spacer"></span>
                <button type="submit" class="btn btn-primary" disabled=move || saving.get()>
                    {move || if saving.get() { i18n.t(Msg::Saving) } else { i18n.t(Msg::SaveChanges) }}
                </button>
            </div>
        </form>
    }
}

/// The fields both people changed: each with their value and the user's, and a choice of which
/// to keep (the user's, unless they pick the other).
#[component]
fn ConflictChoices(
    fields: Vec<Field>,
    theirs: shared::customer::CustomerForm,
    mine: shared::customer::CustomerForm,
    country: shared::regions::CountryCode,
    keep_theirs: RwSignal<BTreeSet<Field>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let shown = move |field: Field, value: &str| -> String {
        match field {
            _ if value.is_empty() => "–".to_string(),
            Field::State => country.state_display(value, i18n.locale()),
            _ => value.to_string(),
        }
    };
    view! {
        <p>{tr(Msg::ConflictChooseIntro)}</p>
        <div class="conflict-scroll">
        <table class="data-table conflict-table">
            <thead><tr>
                <th scope="col">{tr(Msg::ColField)}</th>
                <th scope="col">{tr(Msg::ConflictTheirs)}</th>
                <th scope="col">{tr(Msg::ConflictYours)}</th>
            </tr></thead>
            <tbody>
                {fields.into_iter().map(|field| {
                    let name = format!("conflict-{}", field.key());
                    let (their_value, my_value) = (theirs.get(field).to_string(), mine.get(field).to_string());
                    let shown = shown.clone();
                    let (their_text, my_text) = (shown.clone(), shown);
                    view! {
                        <tr>
                            <th scope="row">{move || import_column_label(field.key()).map(|m| i18n.t(m)).unwrap_or(field.key())}</th>
                            <td><label class="choice">
                                <input type="radio" name=name.clone()
                                    prop:checked=move || keep_theirs.with(|k| k.contains(&field))
                                    on:change=move |_| keep_theirs.update(|k| { k.insert(field); }) />
                                <span>{move || their_text(field, &their_value)}</span>
                            </label></td>
                            <td><label class="choice">
                                <input type="radio" name=name
                                    prop:checked=move || keep_theirs.with(|k| !k.contains(&field))
                                    on:change=move |_| keep_theirs.update(|k| { k.remove(&field); }) />
                                <span>{move || my_text(field, &my_value)}</span>
                            </label></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </div>
    }
}
