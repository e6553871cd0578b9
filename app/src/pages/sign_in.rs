//! Sign-in, and the password change an administrator-set password forces.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::sign_in_form::SignInForm;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::session::use_me;
use crate::ui::{failure_text, submit};
use leptos::prelude::*;
use shared::access::check_new_password;
use shared::api::ChangePassword;
use shared::i18n::Msg;
use shared::{Field, FieldErrors};

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
                <p class="auth-aside"><a href="/forgot-password" rel="external">{tr(Msg::ForgotPasswordLink)}</a></p>
            </form>
        </div>
    }
}

/// The new password's rule (shared's, the server's too) as the form's verdict; the current
/// password is judged by the server alone.
fn new_password_errors(form: &ChangePassword) -> FieldErrors {
    check_new_password(&form.new_password)
        .err()
        .map(|e| FieldErrors::from([(Field::NewPassword, e)]))
        .unwrap_or_default()
}

#[component]
pub fn ChangePasswordPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::ChangePasswordTitle);
    let i18n = use_i18n();
    let me = use_me();
    let form = BoundForm::checked_by(
        ChangePassword::default(),
        &[Field::NewPassword],
        new_password_errors,
    );
    let failure = RwSignal::new(None::<ApiFailure>);

    // The same rule the server applies, shown while typing.
    let new_error = form.error_text(Field::NewPassword);
    let current_error = Signal::derive(move || match failure.get() {
        Some(ApiFailure::Validation(fields)) if fields.contains_key(&Field::CurrentPassword) => {
            Some(i18n.t(Msg::WrongPassword).to_string())
        }
        _ => None,
    });

    let change = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::change_password(&body.current_password, &body.new_password).await {
                Ok(()) => me.refetch(),
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let busy = change.pending();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() && form.ready_to_send() {
            failure.set(None);
            change.dispatch(());
        }
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
                <TextField id="current_password" label=Msg::LabelCurrentPassword value=form.text(|f| &f.current_password) input_type="password"
                    autocomplete="current-password" on_input=Callback::new(move |v| form.update(|f| f.current_password = v)) required=true
                    error=current_error />
                <TextField id="new_password" label=Msg::LabelNewPassword value=form.text(|f| &f.new_password) input_type="password"
                    autocomplete="new-password" on_input=Callback::new(move |v| {
                        form.update(|f| f.new_password = v);
                        form.touch(Field::NewPassword);
                    }) required=true
                    error=new_error />
                <button type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>
                    {tr(Msg::ChangePassword)}
                </button>
            </form>
        </div>
    }
}
