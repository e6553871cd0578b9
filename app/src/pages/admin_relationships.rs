//! Every admin (GDAP) relationship of the partner, across customers: filtered by state and by
//! "ending within" 1, 7 or 31 days, the filter in the URL (the overview's figures open it).

use crate::api;
use crate::components::admin_relationships::state_badge;
use crate::hrefs::admin_relationship_list as list_href;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, format_date};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use shared::admin_relationship::{
    AdminRelationship, AdminRelationshipQuery, AdminRelationshipState,
};
use shared::i18n::Msg;

#[component]
pub fn AdminRelationshipsPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::NavAdminRelationships);
    let i18n = use_i18n();
    let params = use_query_map();
    let query = Memo::new(move |_| AdminRelationshipQuery::from_params(|k| params.read().get(k)));
    let list = crate::session::page_data(move || {
        let q = query.get();
        async move { api::list_admin_relationships(&q).await }
    });
    let chip = move |target: AdminRelationshipQuery, label: Signal<String>| {
        let href = list_href(&target);
        let current = move || query.get() == target;
        view! {
            // A plain link: the router's `A` would mark every chip current (same path).
            <a href=href class="chip" aria-current=move || current().then_some("page")>{label}</a>
        }
    };
    let state_chip = move |state: AdminRelationshipState| {
        chip(
            AdminRelationshipQuery {
                state: Some(state),
                ..Default::default()
            },
            Signal::derive(move || i18n.t(state.label()).to_string()),
        )
    };
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::NavAdminRelationships)}</h1>
                <p class="page-intro">{tr(Msg::AdminRelListIntro)}</p>
            </div>
        </div>
        <nav class="filter-chips" aria-label=tr(Msg::FilterAdminState)>
            {chip(AdminRelationshipQuery::default(), Signal::derive(move || i18n.t(Msg::AllStates).to_string()))}
            {state_chip(AdminRelationshipState::ApprovalPending)}
            {state_chip(AdminRelationshipState::Active)}
            {AdminRelationshipQuery::EXPIRING_CHOICES.iter().rev().map(|&days| chip(
                AdminRelationshipQuery { expiring_within: Some(days), ..Default::default() },
                Signal::derive(move || if days == 1 {
                    i18n.t(Msg::ExpiringWithinDay).to_string()
                } else {
                    i18n.f(Msg::ExpiringWithin, &[("days", &days.to_string())])
                }),
            )).collect_view()}
            {state_chip(AdminRelationshipState::Expired)}
            {state_chip(AdminRelationshipState::Terminated)}
        </nav>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || list.get().map(|result| match result {
                Ok(items) if items.is_empty() => view! {
                    <div class="card empty-state"><p>{tr(Msg::NoAdminRelationships)}</p></div>
                }.into_any(),
                Ok(items) => view! { <RelationshipTable items /> }.into_any(),
                Err(failure) => view! {
                    <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn RelationshipTable(items: Vec<AdminRelationship>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="card table-card">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColCompany)}</th>
                        <th scope="col">{tr(Msg::ColName)}</th>
                        <th scope="col">{tr(Msg::ColRoles)}</th>
                        <th scope="col">{tr(Msg::ColStatus)}</th>
                        <th scope="col">{tr(Msg::ColEnds)}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|r| {
                        let (badge, state) = state_badge(&r);
                        let roles = r.roles.clone();
                        let ends = r.ends_on.map(|d| d.to_string());
                        view! {
                            <tr>
                                <td class="cell-primary"><A href=format!("/customers/{}", r.customer_id)>{r.company_name.clone()}</A></td>
                                <td>{r.display_name.as_str().to_string()}</td>
                                <td>
                                    <ul class="role-names">
                                        {move || roles.iter().map(|role| view! { <li>{role.name(i18n.locale())}</li> }).collect_view()}
                                    </ul>
                                </td>
                                <td><span class=badge>{tr(state)}</span></td>
                                <td>{move || ends.as_ref().map(|d| format_date(d, i18n.locale())).unwrap_or_default()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
