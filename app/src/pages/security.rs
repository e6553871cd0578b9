//! Sign-in security: the user's own second factors — an authenticator app, passkeys, recovery
//! codes — and what to do with a new phone.

use crate::api;
use crate::components::second_factor::{AddPasskey, AuthenticatorSetupPanel, RecoveryCodesList};
use crate::components::toast::use_toasts;
use crate::i18n::{tr, use_i18n};
use crate::session::use_me;
use crate::ui::{failure_text, submit, submit_with};
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::second_factor::{PasskeyAdded, PasskeyInfo, SecondFactorStatus};

#[component]
pub fn SecurityPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::SecurityTitle);
    let i18n = use_i18n();
    let status = crate::session::page_data(api::second_factor_status);
    // Recovery codes just made (a first second factor, or "make new ones"), shown once.
    let fresh_codes = RwSignal::new(None::<Vec<String>>);

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
                Ok(current) => view! {
                    <SecurityOverview current fresh_codes refresh=Callback::new(move |()| status.refetch()) />
                }.into_any(),
            })}
        </Transition>
    }
}

#[component]
fn SecurityOverview(
    current: SecondFactorStatus,
    fresh_codes: RwSignal<Option<Vec<String>>>,
    refresh: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let me = use_me();
    let has_factor = current.authenticator || !current.passkeys.is_empty();
    let required = if current.required {
        Msg::SecurityRequired
    } else {
        Msg::SecurityOptional
    };
    let error = RwSignal::new(None::<String>);
    let renewing = submit(move || async move {
        match api::renew_recovery_codes().await {
            Ok(made) => {
                fresh_codes.set(Some(made.codes));
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
    // A new second factor: the session passed it, and who is signed in may have changed step.
    let enrolled = Callback::new(move |()| {
        refresh.run(());
        me.refetch();
    });
    let passkey_added = Callback::new(move |added: PasskeyAdded| {
        toasts.show(Msg::PasskeyAddedDone);
        if let Some(codes) = added.recovery_codes {
            fresh_codes.set(Some(codes));
            crate::ui::focus_element("recovery-codes-title");
        } else {
            refresh.run(());
        }
    });
    let left = current.recovery_codes_left.to_string();
    let authenticator = if current.authenticator {
        view! {
            <h2>{tr(Msg::SecurityAuthenticatorOn)}</h2>
            <p class="field-hint">{tr(Msg::SecurityReplaceHint)}</p>
        }
        .into_any()
    } else {
        view! {
            <h2>{tr(Msg::SecurityAuthenticatorOff)}</h2>
            <AuthenticatorSetupPanel on_done=enrolled />
        }
        .into_any()
    };

    view! {
        <p class="security-required">{tr(required)}</p>
        <section class="card form-section">{authenticator}</section>
        <section class="card form-section" aria-labelledby="passkeys-title">
            <h2 id="passkeys-title">{tr(Msg::PasskeysTitle)}</h2>
            <p>{tr(Msg::PasskeysIntro)}</p>
            <PasskeyList passkeys=current.passkeys.clone() refresh />
            <AddPasskey on_added=passkey_added />
        </section>
        {move || fresh_codes.get().map(|codes| view! {
            <section class="card form-section">
                <RecoveryCodesList codes on_done=Callback::new(move |()| {
                    fresh_codes.set(None);
                    enrolled.run(());
                }) />
            </section>
        })}
        <Show when=move || has_factor && fresh_codes.get().is_none()>
            <section class="card form-section">
                <h2>{tr(Msg::RecoveryCodesTitle)}</h2>
                <p data-testid="recovery-left">{
                    let left = left.clone();
                    move || i18n.f(Msg::SecurityRecoveryLeft, &[("count", &left)])
                }</p>
                {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
                <div class="form-actions">
                    <button type="button" class="btn" disabled=move || renewing.pending().get() on:click=renew>
                        {tr(Msg::NewRecoveryCodes)}
                    </button>
                </div>
            </section>
        </Show>
    }
}

/// The user's passkeys, each with when it was added and last used, and "remove".
#[component]
fn PasskeyList(passkeys: Vec<PasskeyInfo>, refresh: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let toasts = use_toasts();
    let error = RwSignal::new(None::<String>);
    let removing = submit_with(move |id: String| async move {
        match api::remove_passkey(&id).await {
            Ok(()) => {
                toasts.show(Msg::PasskeyRemovedDone);
                refresh.run(());
            }
            Err(f) => error.set(Some(failure_text(&f, i18n.locale()))),
        }
    });
    if passkeys.is_empty() {
        return view! { <p class="empty-note">{tr(Msg::NoPasskeys)}</p> }.into_any();
    }
    view! {
        {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e}</div> })}
        <ul class="passkey-list" data-testid="passkeys">
            {passkeys.into_iter().map(|passkey| {
                let added = shared::audit::log_time(&passkey.created_at);
                let used = passkey.last_used_at.as_deref().map(shared::audit::log_time);
                let (id, name) = (passkey.id.clone(), passkey.name.clone());
                let remove_name = StoredValue::new(name.clone());
                let remove_id = StoredValue::new(id);
                let remove = move |_| {
                    let question = i18n.f(Msg::RemovePasskeyConfirm, &[("name", &remove_name.get_value())]);
                    if crate::ui::confirmed(&question) {
                        error.set(None);
                        removing.dispatch(remove_id.get_value());
                    }
                };
                view! {
                    <li class="passkey">
                        <span class="passkey-name">{name}</span>
                        <span class="passkey-dates">
                            {move || i18n.f(Msg::PasskeyAddedOn, &[("date", &added)])}
                            {used.clone().map(|used| view! {
                                " · "{move || i18n.f(Msg::PasskeyLastUsed, &[("date", &used)])}
                            })}
                        </span>
                        <button type="button" class="btn btn-small btn-danger" disabled=move || removing.pending().get() on:click=remove>
                            {tr(Msg::RemovePasskey)}
                        </button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}
