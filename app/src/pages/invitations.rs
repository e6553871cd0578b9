//! Invitations to a reseller relationship: where each one stands, resend and revoke.

use crate::api;
use crate::components::invitation::{invitation_badge, InvitationActions};
use crate::i18n::{tr, use_i18n};
use crate::session::can;
use crate::ui::{failure_text, format_date};
use leptos::prelude::*;
use leptos_router::components::A;
use shared::access::Action;
use shared::i18n::Msg;
use shared::invitation::{Invitation, InvitationState};

#[component]
pub fn InvitationsPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::InvitationsTitle);
    let i18n = use_i18n();
    let invitations = crate::session::page_data(api::list_invitations);
    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::InvitationsTitle)}</h1>
                <p class="page-intro">{tr(Msg::InvitationsIntro)}</p>
            </div>
            <div class="header-actions">
                <Show when=move || can(Action::CreateCustomers)>
                    <a href="/outbox" class="btn">{tr(Msg::NavOutbox)}</a>
                    <a href="/customers/invite" class="btn btn-primary">{tr(Msg::InviteCustomer)}</a>
                </Show>
            </div>
        </div>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || invitations.get().map(|result| match result {
                Ok(list) if list.is_empty() => view! {
                    <div class="card empty-state">
                        <p>{tr(Msg::InvitationsEmpty)}</p>
                        <Show when=move || can(Action::CreateCustomers)>
                            <a href="/customers/invite" class="btn btn-primary">{tr(Msg::InviteCustomer)}</a>
                        </Show>
                    </div>
                }.into_any(),
                Ok(list) => view! {
                    <InvitationTable invitations=list on_change=Callback::new(move |()| invitations.refetch()) />
                }.into_any(),
                Err(failure) => view! {
                    <div class="card alert alert-error" role="alert">{move || failure_text(&failure, i18n.locale())}</div>
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn InvitationTable(invitations: Vec<Invitation>, on_change: Callback<()>) -> impl IntoView {
    view! {
        <div class="card table-card">
            <table class="data-table">
                <thead>
                    <tr>
                        <th scope="col">{tr(Msg::ColCompany)}</th>
                        <th scope="col">{tr(Msg::ColEmail)}</th>
                        <th scope="col">{tr(Msg::ColState)}</th>
                        <th scope="col">{tr(Msg::ColSent)}</th>
                        <th scope="col">{tr(Msg::ColExpires)}</th>
                        <th scope="col">{tr(Msg::ColActions)}</th>
                    </tr>
                </thead>
                <tbody>
                    {invitations.into_iter().map(|invitation| view! {
                        <InvitationRow invitation on_change />
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
fn InvitationRow(invitation: Invitation, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let sent = invitation.last_sent_at.clone();
    let expires = invitation.expires_at.clone();
    let count = invitation.sent_count;
    let state = invitation.state;
    let customer_id = invitation.customer_id;
    let email = invitation.email.to_string();
    let company = invitation.company_name.to_string();
    let accepted = invitation
        .accepted_by
        .clone()
        .zip(invitation.accepted_at.clone());
    view! {
        <tr>
            <td class="cell-primary">
                <A href=format!("/customers/{customer_id}")>{company}</A>
            </td>
            <td>{email}</td>
            <td>
                <span class=invitation_badge(state)>{tr(state.label())}</span>
                {accepted.map(|(name, at)| view! {
                    <div class="row-note">{move || i18n.f(Msg::AcceptedByOn, &[("name", &name), ("date", &format_date(&at, i18n.locale()))])}</div>
                })}
            </td>
            <td>
                {move || format_date(&sent, i18n.locale())}
                <Show when=move || { count > 1 }>
                    <div class="row-note">{move || i18n.f(Msg::SentTimes, &[("count", &count.to_string())])}</div>
                </Show>
            </td>
            <td>{move || if state == InvitationState::Accepted { "–".to_string() } else { format_date(&expires, i18n.locale()) }}</td>
            <td class="cell-actions"><InvitationActions invitation on_change /></td>
        </tr>
    }
}
