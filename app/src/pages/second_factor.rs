//! The steps after the password: the second factor's code, and the enrolment a required
//! multi-factor forces on a user without one. The gate (`app.rs`) shows them instead of any
//! page until the session's step is `done`.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::second_factor::{
    passkey_failure_text, second_step_errors, AddPasskey, AuthenticatorSetupPanel,
    RecoveryCodesList, CODE_ORDER,
};
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::session::use_me;
use crate::ui::{failure_text, submit};
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::second_factor::{PasskeyAdded, PasskeyAssertion, SecondFactorForm};
use shared::Field;

/// Signs out (to sign in as someone else, or give up).
fn sign_out_action() -> Action<(), ()> {
    let me = use_me();
    submit(move || async move {
        // Signed out either way: a failure means the session is gone already.
        let _ = api::sign_out().await;
        me.refetch();
    })
}

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::SecondFactorTitle);
    let i18n = use_i18n();
    let me = use_me();
    let form = BoundForm::checked_by(SecondFactorForm::default(), &CODE_ORDER, second_step_errors);
    let failure = RwSignal::new(None::<ApiFailure>);
    let verifying = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::verify_second_factor(&body).await {
                Ok(_) => me.refetch(),
                Err(ApiFailure::Validation(fields)) => {
                    // A wrong code is typed again from scratch (the next one the app shows).
                    form.update(|f| f.code.clear());
                    form.refused(fields);
                }
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let busy = verifying.pending();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() && form.ready_to_send() {
            failure.set(None);
            verifying.dispatch(());
        }
    };
    // Offered first when the user has a passkey (the status is readable at this step).
    let factors = LocalResource::new(api::second_factor_status);
    let has_passkey = move || {
        factors
            .get()
            .and_then(|r| r.ok())
            .is_some_and(|s| !s.passkeys.is_empty())
    };
    let passkey_failure = RwSignal::new(None::<String>);
    let with_passkey = submit(move || async move {
        let locale = i18n.locale();
        let options = match api::passkey_sign_in_options().await {
            Ok(options) => options,
            Err(f) => return passkey_failure.set(Some(failure_text(&f, locale))),
        };
        let credential = match crate::webauthn::get(&options).await {
            Ok(credential) => credential,
            Err(f) => return passkey_failure.set(Some(passkey_failure_text(&f, locale))),
        };
        match api::passkey_sign_in(&PasskeyAssertion { credential }).await {
            Ok(_) => me.refetch(),
            Err(f) => passkey_failure.set(Some(failure_text(&f, locale))),
        }
    });
    let signing_out = sign_out_action();
    let who = move || {
        me.get()
            .and_then(|r| r.ok())
            .map(|m| m.user.email.to_string())
            .unwrap_or_default()
    };
    crate::ui::focus_element("code");

    view! {
        <div class="auth-page">
            <form class="card auth-card" novalidate=true on:submit=send>
                <h1>{tr(Msg::SecondFactorTitle)}</h1>
                <p class="auth-who" translate="no">{who}</p>
                <Show when=has_passkey>
                    <div class="passkey-choice">
                        {move || passkey_failure.get().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })}
                        <button type="button" class="btn btn-primary btn-block" disabled=move || with_passkey.pending().get()
                            on:click=move |_| { passkey_failure.set(None); with_passkey.dispatch(()); }>
                            {move || if with_passkey.pending().get() { i18n.t(Msg::AddingPasskey) } else { i18n.t(Msg::UsePasskey) }}
                        </button>
                    </div>
                    <p class="or-divider">{tr(Msg::OrTypeCode)}</p>
                </Show>
                <p class="page-intro">{tr(Msg::SecondFactorIntro)}</p>
                {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
                <TextField id="code" label=Msg::LabelCode value=form.text(|f| &f.code)
                    autocomplete="one-time-code" required=true
                    on_input=Callback::new(move |v| form.update(|f| f.code = v))
                    on_blur=form.on_blur(Field::Code)
                    error=form.error_text(Field::Code) />
                <button type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Msg::Verifying) } else { i18n.t(Msg::Verify) }}
                </button>
                <p class="auth-aside">
                    <button type="button" class="btn btn-quiet" on:click=move |_| { signing_out.dispatch(()); }>
                        {tr(Msg::SignInAsSomeoneElse)}
                    </button>
                </p>
            </form>
        </div>
    }
}

/// Enrolment before anything else: the partner requires a second factor and this user has none.
#[component]
pub fn EnrolSecondFactorPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::EnrolTitle);
    let me = use_me();
    let signing_out = sign_out_action();
    // A passkey added instead: its recovery codes first, then the workspace.
    let passkey_codes = RwSignal::new(None::<Vec<String>>);
    let passkey_added = Callback::new(move |added: PasskeyAdded| match added.recovery_codes {
        Some(codes) => passkey_codes.set(Some(codes)),
        None => me.refetch(),
    });
    view! {
        <div class="auth-page">
            <section class="card auth-card auth-card-wide">
                <h1>{tr(Msg::EnrolTitle)}</h1>
                <p class="page-intro">{tr(Msg::EnrolRequiredIntro)}</p>
                {move || match passkey_codes.get() {
                    Some(codes) => view! {
                        <RecoveryCodesList codes on_done=Callback::new(move |()| me.refetch()) />
                    }.into_any(),
                    None => view! {
                        <AuthenticatorSetupPanel at_once=true on_done=Callback::new(move |()| me.refetch()) />
                        <h2 class="or-divider">{tr(Msg::EnrolPasskeyInstead)}</h2>
                        <AddPasskey on_added=passkey_added />
                    }.into_any(),
                }}
                <p class="auth-aside">
                    <button type="button" class="btn btn-quiet" on:click=move |_| { signing_out.dispatch(()); }>
                        {tr(Msg::SignOut)}
                    </button>
                </p>
            </section>
        </div>
    }
}
