//! Sign-in, and the password change an administrator-set password forces.

use crate::api::{self, ApiFailure};
use crate::components::sign_in_form::SignInForm;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::session::use_me;
use crate::ui::{failure_text, focus_element, submit};
use leptos::prelude::*;
use shared::access::check_new_password;
use shared::i18n::{field_error_text, Msg};
use shared::Field;

#[component]
pub fn SignInPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::SignIn);
    let i18n = use_i18n();
    let me = use_me();
    let form = SignInForm::new("password", move |_| me.refetch());
    let SignInForm {
        email,
        password,
        busy,
        ..
    } = form;
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        form.submit();
    };
    let message = move || form.message(i18n.locale());

    view! {
        <div class="auth-page">
            <form class="card auth-card" novalidate=true on:submit=submit>
                <h1>{tr(Msg::SignInTitle)}</h1>
                <p class="page-intro">{tr(Msg::SignInIntro)}</p>
                {move || message().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })}
                <TextField id="email" label=Msg::LabelEmail value=email input_type="email" autocomplete="username"
                    on_input=Callback::new(move |v| email.set(v)) required=true />
                <TextField id="password" label=Msg::LabelPassword value=password input_type="password"
                    autocomplete="current-password" on_input=Callback::new(move |v| password.set(v)) required=true />
                <button type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>
                    {move || if busy.get() { i18n.t(Msg::SigningIn) } else { i18n.t(Msg::SignIn) }}
                </button>
            </form>
        </div>
    }
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::ChangePasswordTitle);
    let i18n = use_i18n();
    let me = use_me();
    let current = RwSignal::new(String::new());
    let new_password = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiFailure>);

    // The same rule the server applies, shown while typing.
    let new_error = Signal::derive(move || {
        let value = new_password.get();
        (touched.get() || !value.is_empty())
            .then(|| check_new_password(&value).err())
            .flatten()
            .map(|e| field_error_text(i18n.locale(), Field::NewPassword, &e))
    });
    let current_error = Signal::derive(move || match failure.get() {
        Some(ApiFailure::Validation(fields)) if fields.contains_key(&Field::CurrentPassword) => {
            Some(i18n.t(Msg::WrongPassword).to_string())
        }
        _ => None,
    });

    let change = submit(move || {
        let (old, new) = (current.get_untracked(), new_password.get_untracked());
        async move {
            match api::change_password(&old, &new).await {
                Ok(()) => me.refetch(),
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let busy = change.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        touched.set(true);
        if busy.get_untracked() || check_new_password(&new_password.get_untracked()).is_err() {
            focus_element("new_password");
            return;
        }
        failure.set(None);
        change.dispatch(());
    };
    let banner = move || match failure.get() {
        None | Some(ApiFailure::Validation(_)) => None,
        Some(other) => Some(failure_text(&other, i18n.locale())),
    };

    view! {
        <div class="auth-page">
            <form class="card auth-card" novalidate=true on:submit=submit>
                <h1>{tr(Msg::ChangePasswordTitle)}</h1>
                <p class="page-intro">{tr(Msg::ChangePasswordIntro)}</p>
                {move || banner().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })}
                <TextField id="current_password" label=Msg::LabelCurrentPassword value=current input_type="password"
                    autocomplete="current-password" on_input=Callback::new(move |v| current.set(v)) required=true
                    error=current_error />
                <TextField id="new_password" label=Msg::LabelNewPassword value=new_password input_type="password"
                    autocomplete="new-password" on_input=Callback::new(move |v| new_password.set(v)) required=true
                    error=new_error />
                <button type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>
                    {tr(Msg::ChangePassword)}
                </button>
            </form>
        </div>
    }
}
