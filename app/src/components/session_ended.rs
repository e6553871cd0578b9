//! The dialog that asks for the password again when the session ended while a page was open
//! (signed out in another tab, expired, disabled by an administrator). It opens over the page,
//! which stays as it was — what was typed included — so the save can be repeated afterwards.

use crate::components::second_factor::SecondStep;
use crate::components::sign_in_form::SignInForm;
use crate::components::toast::use_toasts;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::session::{use_me, use_session_ended};
use crate::ui::focus_element;
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::second_factor::SignInStep;

/// Where a different person's sign-in, or "sign in as someone else", starts again: a fresh
/// load, so nothing of the previous user's page carries over.
fn start_over() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().set_href("/");
    }
}

#[component]
pub fn SessionEndedDialog() -> impl IntoView {
    let i18n = use_i18n();
    let me = use_me();
    let toasts = use_toasts();
    let ended = use_session_ended();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let signed_in_user = move || me.get_untracked().and_then(|r| r.ok()).map(|m| m.user);
    // After the password, a user with a second factor passes it here too, over the page.
    let second_step = RwSignal::new(false);
    // The same person is back: the page stays. Roles may have changed meanwhile.
    let back = move || {
        second_step.set(false);
        ended.set(false);
        me.refetch();
        toasts.show(Msg::SignedInAgain);
    };
    let form = SignInForm::new("session_password", move |now| {
        if signed_in_user().is_none_or(|before| before.id != now.user.id) {
            start_over();
        } else if now.sign_in_step == SignInStep::SecondFactor {
            second_step.set(true);
        } else {
            back();
        }
    });
    let SignInForm {
        email,
        password,
        busy,
        ..
    } = form;

    Effect::new(move || {
        let Some(element) = dialog.get() else { return };
        if ended.get() {
            if !element.open() {
                form.reset(
                    signed_in_user()
                        .map(|u| u.email.to_string())
                        .unwrap_or_default(),
                );
                let _ = element.show_modal();
                focus_element("session_password");
            }
        } else if element.open() {
            element.close();
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submit();
    };
    let message = move || form.message(i18n.locale());

    view! {
        // Escape doesn't dismiss it: nothing on the page works without a session.
        <dialog node_ref=dialog class="dialog" aria-labelledby="session-ended-title"
            on:cancel=move |ev: web_sys::Event| ev.prevent_default()>
            // Its fields exist only while it is open: a closed dialog adds no second sign-in
            // form to the page.
            <Show when=move || ended.get() && second_step.get()>
                <h2 id="session-ended-title">{tr(Msg::SecondFactorTitle)}</h2>
                <SecondStep on_passed=Callback::new(move |()| back()) />
                <div class="form-actions">
                    <button type="button" class="btn" on:click=move |_| start_over()>
                        {tr(Msg::SignInAsSomeoneElse)}
                    </button>
                </div>
            </Show>
            <Show when=move || ended.get() && !second_step.get()>
            <form novalidate=true on:submit=submit>
                <h2 id="session-ended-title">{tr(Msg::SessionEndedTitle)}</h2>
                <p>{tr(Msg::SessionEndedText)}</p>
                {move || message().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })}
                <TextField id="session_email" label=Msg::LabelEmail value=email input_type="email"
                    autocomplete="username" on_input=Callback::new(move |v| email.set(v)) required=true />
                <TextField id="session_password" label=Msg::LabelPassword value=password input_type="password"
                    autocomplete="current-password" on_input=Callback::new(move |v| password.set(v)) required=true />
                <div class="form-actions">
                    <button type="button" class="btn" on:click=move |_| start_over()>
                        {tr(Msg::SignInAsSomeoneElse)}
                    </button>
                    <span class="spacer"></span>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                        {move || if busy.get() { i18n.t(Msg::SigningIn) } else { i18n.t(Msg::SignIn) }}
                    </button>
                </div>
            </form>
            </Show>
        </dialog>
    }
}
