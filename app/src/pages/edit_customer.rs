//! Edit a customer's company and billing profile. The save names the version it was made on;
//! when someone else saved first the server refuses (412) and the page offers to load the latest
//! version with the user's own changes re-applied on top, so no one's update is lost.

use crate::api::{self, ApiFailure};
use crate::components::customer_form::{
    AccountSection, AddressSection, ContactSection, FormBinding,
};
use crate::form::{first_error, reapply, FormState};
use crate::i18n::{tr, use_i18n};
use crate::resources::customer_from_route;
use crate::session::{can, rule_context, use_flash, use_me, Flash};
use crate::ui::{failure_text, focus_element};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use shared::access::Action;
use shared::api::Customer;
use shared::customer::{CustomerProfile, PROFILE_FIELDS};
use shared::i18n::Msg;

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
    Conflict,
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
    let company = customer.company_name.to_string();
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
            CustomerProfile::parse(&s.values, &country, &ctx.get())
                .err()
                .unwrap_or_default()
        })
    });
    let b = FormBinding::new(state, instance, all_errors);
    let saving = RwSignal::new(false);
    let banner = RwSignal::new(None::<Banner>);

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if saving.get_untracked() {
            return;
        }
        state.update(|s| s.touch_all(PROFILE_FIELDS));
        if let Some(field) = first_error(&b.errors.get_untracked()) {
            banner.set(Some(Banner::FixErrors));
            focus_element(field.key());
            return;
        }
        let form = state.with_untracked(|s| s.values.clone());
        if form == original.get_untracked() {
            banner.set(Some(Banner::NoChanges));
            return;
        }
        saving.set(true);
        banner.set(None);
        let navigate = navigate.clone();
        spawn_local(async move {
            let result = api::update_customer(id, version.get_untracked(), &form).await;
            saving.set(false);
            match result {
                Ok(_) => {
                    flash.set(Some(Flash::Saved { id }));
                    navigate(&format!("/customers/{id}"), Default::default());
                }
                Err(ApiFailure::PreconditionFailed) => banner.set(Some(Banner::Conflict)),
                Err(ApiFailure::Validation(fields)) => {
                    let first = first_error(&fields);
                    state.update(|s| s.set_server_errors(fields));
                    banner.set(Some(Banner::FixErrors));
                    if let Some(field) = first {
                        focus_element(field.key());
                    }
                }
                Err(failure) => banner.set(Some(Banner::Failure(failure))),
            }
        });
    };

    let reload_and_reapply = move |_| {
        spawn_local(async move {
            match api::get_customer(id).await {
                Ok(latest) => {
                    let latest_form = latest.to_form();
                    let mine = state.with_untracked(|s| s.values.clone());
                    let merged = reapply(&original.get_untracked(), &mine, &latest_form);
                    original.set(latest_form);
                    version.set(latest.version);
                    state.update(|s| {
                        s.values = merged;
                        s.server_errors.clear();
                    });
                    banner.set(Some(Banner::Reapplied));
                }
                Err(failure) => banner.set(Some(Banner::Failure(failure))),
            }
        });
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
                Banner::Conflict => view! {
                    <div class="alert alert-warning" role="alert">
                        <strong>{tr(Msg::ConflictTitle)}</strong>
                        <p>{tr(Msg::ConflictText)}</p>
                        <button type="button" class="btn" on:click=reload_and_reapply>{tr(Msg::ReloadAndReapply)}</button>
                    </div>
                }.into_any(),
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
