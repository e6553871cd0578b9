//! Invitations to a reseller relationship: where each one stands, resend and revoke.

use crate::api;
use crate::app::can;
use crate::components::toast::use_toasts;
use crate::i18n::{tr, use_i18n};
use crate::pages::{failure_text, format_date};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use shared::access::Action;
use shared::i18n::Msg;
use shared::invitation::{Invitation, InvitationState};

/// The badge class of an invitation state (shares the relationship colours).
pub fn invitation_badge(state: InvitationState) -> &'static str {
    match state {
        InvitationState::Pending => "badge badge-invited",
        InvitationState::Accepted => "badge badge-active",
        InvitationState::Expired => "badge badge-expired",
        InvitationState::Revoked => "badge badge-revoked",
    }
}

#[component]
pub fn InvitationsPage() -> impl IntoView {
    let i18n = use_i18n();
    let invitations = LocalResource::new(api::list_invitations);
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

/// Resend and revoke, for a row or the customer page.
#[component]
pub fn InvitationActions(invitation: Invitation, on_change: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let id = invitation.id;
    let email = invitation.email.to_string();
    let company = invitation.company_name.to_string();
    let state = invitation.state;
    let resend = Callback::new(move |()| {
        let email = email.clone();
        busy.set(true);
        spawn_local(async move {
            let result = api::resend_invitation(id).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    toasts.show_with(Msg::InvitationResent, &[("email", &email)]);
                    on_change.run(());
                }
                Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
            }
        });
    });
    let revoke = Callback::new(move |()| {
        let question = i18n.f(Msg::ConfirmRevoke, &[("company", &company)]);
        if !crate::pages::confirmed(&question) {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let result = api::revoke_invitation(id).await;
            busy.set(false);
            match result {
                Ok(_) => {
                    toasts.show(Msg::InvitationRevokedToast);
                    on_change.run(());
                }
                Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
            }
        });
    });
    view! {
        <Show when=move || can(Action::CreateCustomers)>
            <div class="row-actions">
                <Show when=move || state.can_resend()>
                    <button type="button" class="btn btn-small" disabled=move || busy.get() on:click=move |_| resend.run(())>{tr(Msg::Resend)}</button>
                </Show>
                <Show when=move || state == InvitationState::Pending>
                    <button type="button" class="btn btn-small btn-danger" disabled=move || busy.get() on:click=move |_| revoke.run(())>{tr(Msg::Revoke)}</button>
                </Show>
            </div>
        </Show>
        <p class="row-note" aria-live="polite">{move || error.get()}</p>
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
