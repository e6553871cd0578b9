//! An invitation's state badge and its actions (resend, revoke), for the invitations list and
//! the customer page.

use crate::api;
use crate::components::toast::use_toasts;
use crate::i18n::{tr, use_i18n};
use crate::session::can;
use crate::ui::{failure_text, submit};
use leptos::prelude::*;
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
    let error = RwSignal::new(None::<String>);
    let id = invitation.id;
    let email = invitation.email.to_string();
    let company = invitation.company_name.to_string();
    let state = invitation.state;
    let resending = submit(move || {
        let email = email.clone();
        async move {
            match api::resend_invitation(id).await {
                Ok(_) => {
                    toasts.show_with(Msg::InvitationResent, &[("email", &email)]);
                    on_change.run(());
                }
                Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
            }
        }
    });
    let revoking = submit(move || async move {
        match api::revoke_invitation(id).await {
            Ok(_) => {
                toasts.show(Msg::InvitationRevokedToast);
                on_change.run(());
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    let (resend_pending, revoke_pending) = (resending.pending(), revoking.pending());
    let busy = move || resend_pending.get() || revoke_pending.get();
    let resend = Callback::new(move |()| {
        resending.dispatch(());
    });
    let revoke = Callback::new(move |()| {
        let question = i18n.f(Msg::ConfirmRevoke, &[("company", &company)]);
        if !crate::ui::confirmed(&question) {
            return;
        }
        revoking.dispatch(());
    });
    view! {
        <Show when=move || can(Action::CreateCustomers)>
            <div class="row-actions">
                <Show when=move || state.can_resend()>
                    <button type="button" class="btn btn-small" disabled=busy on:click=move |_| resend.run(())>{tr(Msg::Resend)}</button>
                </Show>
                <Show when=move || state == InvitationState::Pending>
                    <button type="button" class="btn btn-small btn-danger" disabled=busy on:click=move |_| revoke.run(())>{tr(Msg::Revoke)}</button>
                </Show>
            </div>
        </Show>
        <p class="row-note" aria-live="polite">{move || error.get()}</p>
    }
}
