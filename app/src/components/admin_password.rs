//! Reissuing a customer administrator's temporary password: the old one stops working, the
//! new one is shown once (for a password the customer mislaid, or one whose create answer
//! never arrived — a replayed create hands out none).

use crate::api;
use crate::components::copy_button::CopyButton;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, submit};
use leptos::prelude::*;
use shared::i18n::Msg;
use uuid::Uuid;

#[component]
pub fn AdminPasswordReset(customer: Uuid, company: String) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let issued = RwSignal::new(None::<String>);
    let send = submit(move || async move {
        match api::new_admin_password(customer).await {
            Ok(answer) => issued.set(Some(answer.temporary_password)),
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    let busy = send.pending();
    let reissue = move |_| {
        let question = i18n.f(Msg::NewTempPasswordConfirm, &[("company", &company)]);
        if !crate::ui::confirmed(&question) {
            return;
        }
        error.set(None);
        send.dispatch(());
    };
    view! {
        <button type="button" class="btn btn-small" disabled=move || busy.get() on:click=reissue>
            {tr(Msg::NewTempPassword)}
        </button>
        <p class="row-note" aria-live="polite">{move || error.get()}</p>
        {move || issued.get().map(|password| view! {
            <div class="callout callout-success" role="status">
                <p><strong>{tr(Msg::NewTempPasswordIssued)}</strong></p>
                <p>{tr(Msg::TempPasswordOnce)}</p>
                <p class="value-with-copy">
                    <span class="cell-mono secret-value" data-testid="temporary-password">{password.clone()}</span>
                    <CopyButton text=password label=Msg::CopyTempPassword />
                </p>
            </div>
        })}
    }
}
