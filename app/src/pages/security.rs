//! Sign-in security: the user's own second factors — set up an authenticator app, make new
//! recovery codes — and what to do with a new phone.

use crate::api;
use crate::components::second_factor::{AuthenticatorSetupPanel, RecoveryCodesList};
use crate::components::toast::use_toasts;
use crate::i18n::{tr, use_i18n};
use crate::session::use_me;
use crate::ui::{failure_text, submit};
use leptos::prelude::*;
use shared::i18n::Msg;

#[component]
pub fn SecurityPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::SecurityTitle);
    let i18n = use_i18n();
    let toasts = use_toasts();
    let me = use_me();
    let status = LocalResource::new(api::second_factor_status);
    let renewed = RwSignal::new(None::<Vec<String>>);
    let error = RwSignal::new(None::<String>);
    let renewing = submit(move || async move {
        match api::renew_recovery_codes().await {
            Ok(made) => {
                renewed.set(Some(made.codes));
                crate::ui::focus_element("recovery-codes-title");
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    let renew = move |_| {
        if crate::ui::confirmed(i18n.t(Msg::NewRecoveryCodesWarning)) {
            error.set(None);
            renewing.dispatch(());
        }
    };
    let finished = Callback::new(move |()| {
        renewed.set(None);
        status.refetch();
        // The session passed the new factor: who is signed in is unchanged, but refresh it.
        me.refetch();
        toasts.show(Msg::AuditAuthenticatorEnrolled);
    });

    view! {
        <div class="page-header">
            <div>
                <h1>{tr(Msg::SecurityTitle)}</h1>
                <p class="page-intro">{tr(Msg::SecurityIntro)}</p>
            </div>
        </div>
        <Transition fallback=move || view! { <div class="card loading" aria-busy="true">{tr(Msg::Loading)}</div> }>
            {move || status.get().map(|result| match result {
                Err(f) => view! {
                    <div class="card alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div>
                }.into_any(),
                Ok(current) => {
                    let required = if current.required { Msg::SecurityRequired } else { Msg::SecurityOptional };
                    if !current.authenticator {
                        return view! {
                            <section class="card form-section">
                                <h2>{tr(Msg::SecurityAuthenticatorOff)}</h2>
                                <p>{tr(required)}</p>
                                <AuthenticatorSetupPanel on_done=finished />
                            </section>
                        }.into_any();
                    }
                    let left = current.recovery_codes_left.to_string();
                    view! {
                        <section class="card form-section">
                            <h2>{tr(Msg::SecurityAuthenticatorOn)}</h2>
                            <p>{tr(required)}</p>
                            <p data-testid="recovery-left">{move || i18n.f(Msg::SecurityRecoveryLeft, &[("count", &left)])}</p>
                            <p class="field-hint">{tr(Msg::SecurityReplaceHint)}</p>
                            {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
                            {move || match renewed.get() {
                                Some(codes) => view! {
                                    <RecoveryCodesList codes on_done=Callback::new(move |()| {
                                        renewed.set(None);
                                        status.refetch();
                                    }) />
                                }.into_any(),
                                None => view! {
                                    <div class="form-actions">
                                        <button type="button" class="btn" disabled=move || renewing.pending().get() on:click=renew>
                                            {tr(Msg::NewRecoveryCodes)}
                                        </button>
                                    </div>
                                }.into_any(),
                            }}
                        </section>
                    }.into_any()
                }
            })}
        </Transition>
    }
}
