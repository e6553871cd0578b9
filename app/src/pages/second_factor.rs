//! The steps after the password: the second factor's code, and the enrolment a required
//! multi-factor forces on a user without one. The gate (`app.rs`) shows them instead of any
//! page until the session's step is `done`.

use crate::api;
use crate::components::second_factor::{
    AddPasskey, AuthenticatorSetupPanel, RecoveryCodesList, SecondStep,
};
use crate::i18n::tr;
use crate::session::use_me;
use crate::ui::submit;
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::second_factor::PasskeyAdded;

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
    let me = use_me();
    let signing_out = sign_out_action();
    let who = move || {
        me.get()
            .and_then(|r| r.ok())
            .map(|m| m.user.email.to_string())
            .unwrap_or_default()
    };
    view! {
        <div class="auth-page">
            <div class="card auth-card">
                <h1>{tr(Msg::SecondFactorTitle)}</h1>
                <p class="auth-who" translate="no">{who}</p>
                <SecondStep on_passed=Callback::new(move |()| me.refetch()) />
                <p class="auth-aside">
                    <button type="button" class="btn btn-quiet" on:click=move |_| { signing_out.dispatch(()); }>
                        {tr(Msg::SignInAsSomeoneElse)}
                    </button>
                </p>
            </div>
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
