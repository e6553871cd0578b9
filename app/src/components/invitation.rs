//! An invitation's state badge and its actions (resend, revoke), for the invitations list and
//! the customer page.

use crate::api;
use crate::components::toast::use_toasts;
use crate::i18n::{tr, use_i18n};
use crate::session::can;
use crate::ui::failure_text;
use leptos::prelude::*;
use leptos::task::spawn_local;
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
        if !crate::ui::confirmed(&question) {
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
