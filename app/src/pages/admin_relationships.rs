//! Every admin (GDAP) relationship of the partner, across customers: filtered by state, by
//! "ending within" 1, 7 or 31 days, by role and by customer, the filters in the URL (the
//! overview's figures open it); extended or asked again in bulk.

use crate::api;
use crate::components::access_assignments::AccessPanel;
use crate::components::access_groups::AccessGroupsCard;
use crate::components::admin_relationships::{end_day, state_badge, AdminChange};
use crate::components::admin_templates::AdminTemplatesCard;
use crate::hrefs::admin_relationship_list as list_href;
use crate::i18n::{tr, use_i18n};
use crate::session::can;
use crate::ui::{failure_text, format_date, submit_with};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};
use shared::access::Action;
use shared::admin_relationship::{
    AdminRelationship, AdminRelationshipQuery, AdminRelationshipState, EntraRole,
};
use shared::i18n::Msg;
use uuid::Uuid;

#[component]
pub fn AdminRelationshipsPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::NavAdminRelationships);
    let i18n = use_i18n();
    let params = use_query_map();
    let navigate = use_navigate();
    let query = Memo::new(move |_| AdminRelationshipQuery::from_params(|k| params.read().get(k)));
    let list = crate::session::page_data(move || {
        let q = query.get();
        async move { api::list_admin_relationships(&q).await }
    });
    let progress = RwSignal::new(None::<BulkProgress>);
    // `?access={id}`: the panel of one relationship's access assignments, over the list.
    let access = Memo::new(move |_| {
        params
            .read()
            .get("access")
            .and_then(|id| id.parse::<Uuid>().ok())
    });
    let groups_changed = RwSignal::new(0_u32);
    // A chip sets the state or "ending within" and keeps the customer and role filters.
    let chip = move |state: Option<AdminRelationshipState>,
                     expiring_within: Option<u32>,
                     label: Signal<String>| {
        let target = AdminRelationshipQuery {
            state,
            expiring_within,
            ..query.get_untracked()
        };
        let href = list_href(&target);
        let current = move || {
            let q = query.get();
            q.state == state && q.expiring_within == expiring_within
        };
        view! {
            // A plain link: the router's `A` would mark every chip current (same path).
            <a href=href class="chip" aria-current=move || current().then_some("page")>{label}</a>
        }
    };
    let state_chip = move |state: AdminRelationshipState| {
        chip(
            Some(state),
            None,
            Signal::derive(move || i18n.t(state.label()).to_string()),
        )
    };
    let go = StoredValue::new_local(move |change: &dyn Fn(&mut AdminRelationshipQuery)| {
        let mut q = query.get_untracked();
        change(&mut q);
        navigate(&list_href(&q), Default::default());
    });
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::NavAdminRelationships)}</h1>
                <p class="page-intro">{tr(Msg::AdminRelListIntro)}</p>
            </div>
        </div>
        {move || {
            // Rebuilt with the query, so each chip's link keeps the other filters.
            let _ = query.get();
            view! {
                <nav class="filter-chips" aria-label=tr(Msg::FilterAdminState)>
                    {chip(None, None, Signal::derive(move || i18n.t(Msg::AllStates).to_string()))}
                    {state_chip(AdminRelationshipState::ApprovalPending)}
                    {state_chip(AdminRelationshipState::Active)}
                    {AdminRelationshipQuery::EXPIRING_CHOICES.iter().rev().map(|&days| chip(
                        None,
                        Some(days),
                        Signal::derive(move || if days == 1 {
                            i18n.t(Msg::ExpiringWithinDay).to_string()
                        } else {
                            i18n.f(Msg::ExpiringWithin, &[("days", &days.to_string())])
                        }),
                    )).collect_view()}
                    {state_chip(AdminRelationshipState::Expired)}
                    {state_chip(AdminRelationshipState::Terminated)}
                </nav>
            }
        }}
        <div class="list-filters">
            <label class="filter">{tr(Msg::FilterRole)}
                <select on:change=move |ev| { let v = event_target_value(&ev); go.with_value(|go| go(&|q| q.role = EntraRole::from_code(&v))); }
                    prop:value=move || query.get().role.map(|r| r.as_str()).unwrap_or_default()>
                    <option value="">{tr(Msg::FilterAll)}</option>
                    {move || EntraRole::ALL.iter().map(|role| view! { <option value=role.as_str()>{role.name(i18n.locale())}</option> }).collect_view()}
                </select>
            </label>
            {move || query.get().customer.map(|_| view! {
                <button type="button" class="chip chip-clear" on:click=move |_| go.with_value(|go| go(&|q| q.customer = None))>
                    {tr(Msg::FilterAll)}" · "{tr(Msg::ColCompany)}
                </button>
            })}
        </div>
        {move || access.get().map(|relationship| view! {
            <AccessPanel relationship close_href=list_href(&query.get_untracked()) groups_changed />
        })}
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || list.get().map(|result| match result {
                Ok(items) if items.is_empty() => view! {
                    <div class="card empty-state"><p>{tr(Msg::NoAdminRelationships)}</p></div>
                }.into_any(),
                Ok(items) => view! { <RelationshipTable items progress query=query.get_untracked() on_changed=Callback::new(move |()| list.refetch()) /> }.into_any(),
                Err(failure) => view! {
                    <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
        {can(Action::AdminRelationships).then(|| view! {
            <AccessGroupsCard changed=groups_changed />
            <AdminTemplatesCard />
        })}
    }
}

/// What a bulk run has done: how many of how many, and how many were refused.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct BulkProgress {
    total: usize,
    done: usize,
    refused: usize,
}

/// The listed relationships, selectable for a bulk extension (those that can be extended) or a
/// new request (those expired) — any number, one after another with progress, each judged by
/// the server on its own.
#[component]
fn RelationshipTable(
    items: Vec<AdminRelationship>,
    /// Held by the page: the table is built anew when the list reloads after a run, and the
    /// run's outcome must still be read then.
    progress: RwSignal<Option<BulkProgress>>,
    /// The list's filters: a relationship's access panel keeps them.
    query: AdminRelationshipQuery,
    on_changed: Callback<()>,
) -> impl IntoView {
    let list = list_href(&query);
    let access_href = move |id: Uuid| {
        let mark = if list.contains('?') { '&' } else { '?' };
        format!("{list}{mark}access={id}")
    };
    let i18n = use_i18n();
    let may_change = can(Action::AdminRelationships);
    let selected = RwSignal::new(std::collections::BTreeSet::<Uuid>::new());
    let all = StoredValue::new(items.clone());
    let chosen = move |extend: bool| -> Vec<(Uuid, AdminChange)> {
        let picked = selected.get();
        all.with_value(|items| {
            items
                .iter()
                .filter(|r| picked.contains(&r.id))
                .filter_map(|r| AdminChange::for_bulk(r, extend).map(|c| (r.id, c)))
                .collect()
        })
    };
    let run = submit_with(move |changes: Vec<(Uuid, AdminChange)>| async move {
        let mut state = BulkProgress {
            total: changes.len(),
            ..Default::default()
        };
        progress.set(Some(state));
        for (id, change) in changes {
            if change.send(id).await.is_err() {
                state.refused += 1;
            }
            state.done += 1;
            progress.set(Some(state));
        }
        selected.set(Default::default());
        on_changed.run(());
    });
    let busy = run.pending();
    let ids: Vec<Uuid> = items.iter().map(|r| r.id).collect();
    let every = ids.clone();
    view! {
        {may_change.then(|| view! {
            <div class="bulk-bar" role="group" aria-label=move || i18n.t(Msg::AdminBulkSelectAll)>
                <button type="button" class="btn btn-small" disabled=move || busy.get() || chosen(true).is_empty()
                    on:click=move |_| run.dispatch(chosen(true))>
                    {move || i18n.f(Msg::AdminBulkExtend, &[("count", &chosen(true).len().to_string())])}
                </button>
                <button type="button" class="btn btn-small" disabled=move || busy.get() || chosen(false).is_empty()
                    on:click=move |_| run.dispatch(chosen(false))>
                    {move || i18n.f(Msg::AdminBulkAskAgain, &[("count", &chosen(false).len().to_string())])}
                </button>
                <span class="row-note" aria-live="polite">{move || match progress.get() {
                    Some(p) if p.done < p.total => i18n.f(Msg::AdminBulkProgress, &[("done", &p.done.to_string()), ("total", &p.total.to_string())]),
                    Some(p) => i18n.f(Msg::AdminBulkDone, &[("ok", &(p.done - p.refused).to_string()), ("refused", &p.refused.to_string())]),
                    None if !selected.get().is_empty() && chosen(true).is_empty() && chosen(false).is_empty() => i18n.t(Msg::AdminBulkNoneEligible).to_string(),
                    None => String::new(),
                }}</span>
            </div>
        })}
        <div class="card table-card">
            <div class="table-wrap">
            <table class="data-table">
                <thead>
                    <tr>
                        {may_change.then(|| view! {
                            <th scope="col" class="cell-select">
                                <input type="checkbox" aria-label=move || i18n.t(Msg::AdminBulkSelectAll)
                                    prop:checked=move || selected.with(|s| s.len() == every.len())
                                    on:change=move |ev| {
                                        let on = event_target_checked(&ev);
                                        selected.set(if on { ids.iter().copied().collect() } else { Default::default() });
                                    } />
                            </th>
                        })}
                        <th scope="col">{tr(Msg::ColCompany)}</th>
                        <th scope="col">{tr(Msg::ColThingName)}</th>
                        <th scope="col">{tr(Msg::ColRoles)}</th>
                        <th scope="col">{tr(Msg::ColStatus)}</th>
                        <th scope="col">{tr(Msg::ColEnds)}</th>
                    </tr>
                </thead>
                <tbody>
                    {items.into_iter().map(|r| {
                        let (badge, state) = state_badge(&r);
                        let roles = r.roles.clone();
                        let ends = end_day(&r);
                        let id = r.id;
                        let label_name = r.display_name.as_str().to_string();
                        let label_company = r.company_name.clone();
                        view! {
                            <tr>
                                {may_change.then(|| view! {
                                    <td class="cell-select">
                                        <input type="checkbox"
                                            aria-label=move || i18n.f(Msg::AdminBulkSelect, &[("name", &label_name), ("company", &label_company)])
                                            prop:checked=move || selected.with(|s| s.contains(&id))
                                            on:change=move |ev| {
                                                let on = event_target_checked(&ev);
                                                selected.update(|s| { if on { s.insert(id); } else { s.remove(&id); } });
                                            } />
                                    </td>
                                })}
                                <td class="cell-primary"><A href=format!("/customers/{}", r.customer_id)>{r.company_name.clone()}</A></td>
                                <td>{if r.state == AdminRelationshipState::Active {
                                    // Its access assignments, over the list.
                                    view! { <a href=access_href(id)>{r.display_name.as_str().to_string()}</a> }.into_any()
                                } else {
                                    view! { <span>{r.display_name.as_str().to_string()}</span> }.into_any()
                                }}</td>
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
        </div>
    }
}
