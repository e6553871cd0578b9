//! Sign-in recovery without a session: "forgot password" (an address, and a link by e-mail)
//! and the page the link opens (a new password). The link's token comes in the URL fragment,
//! which the browser never sends to a server, and goes to the API in a request body.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, link_token_signal, submit};
use leptos::prelude::*;
use shared::access::check_new_password;
use shared::api::{ErrorCode, PasswordResetCompletion, PasswordResetRequest};
use shared::i18n::Msg;
use shared::{Field, FieldErrors};

/// The address rule (shared's, as the server applies it) as the form's verdict.
fn request_errors(form: &PasswordResetRequest) -> FieldErrors {
    form.parse()
        .err()
        .map(|errors| {
            errors
                .into_iter()
                .filter(|(f, _)| *f == Field::Email)
                .collect()
        })
        .unwrap_or_default()
}

#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::ForgotPasswordTitle);
    let i18n = use_i18n();
    let form = BoundForm::checked_by(
        PasswordResetRequest::default(),
        &[Field::Email],
        request_errors,
    );
    let failure = RwSignal::new(None::<ApiFailure>);
    let sent_to = RwSignal::new(None::<String>);
    let sending = submit(move || {
        let mut body = form.get_untracked();
        body.language = i18n.locale().tag().to_string();
        async move {
            match api::request_password_reset(&body).await {
                Ok(()) => sent_to.set(Some(body.email.trim().to_string())),
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = sending.pending();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() && form.ready_to_send() {
            failure.set(None);
            sending.dispatch(());
        }
    };
    view! {
        <div class="auth-page">
            <div class="card auth-card">
                <h1>{tr(Msg::ForgotPasswordTitle)}</h1>
                {move || match sent_to.get() {
                    Some(email) => view! {
                        <div class="callout callout-success" role="status">
                            <p>{move || i18n.f(Msg::ForgotPasswordSent, &[("email", &email)])}</p>
                        </div>
                    }.into_any(),
                    None => view! {
                        <form novalidate=true on:submit=send>
                            <p class="page-intro">{tr(Msg::ForgotPasswordIntro)}</p>
                            {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
                            <TextField id="email" label=Msg::LabelEmail value=form.text(|f| &f.email) input_type="email"
                                autocomplete="username" on_input=Callback::new(move |v| form.update(|f| f.email = v))
                                on_blur=Callback::new(move |()| form.touch(Field::Email))
                                required=true error=form.error_text(Field::Email) />
                            <button type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>
                                {tr(Msg::ForgotPasswordSend)}
                            </button>
                        </form>
                    }.into_any(),
                }}
                <p class="auth-aside"><a href="/">{tr(Msg::BackToSignIn)}</a></p>
            </div>
        </div>
    }
}

/// What to tell someone whose link can't be used.
fn dead_link(failure: &ApiFailure, locale: shared::i18n::Locale) -> Option<String> {
    let msg = match failure {
        ApiFailure::Refused(ErrorCode::ResetLinkUsed) => Msg::ResetLinkUsed,
        ApiFailure::Refused(ErrorCode::ResetLinkExpired) => Msg::ResetLinkExpired,
        ApiFailure::NotFound => Msg::ResetLinkMissing,
        _ => return None,
    };
    Some(locale.text(msg).to_string())
}

/// The new password's rule (shared's, the server's too) as the form's verdict.
fn completion_errors(form: &PasswordResetCompletion) -> FieldErrors {
    check_new_password(&form.new_password)
        .err()
        .map(|e| FieldErrors::from([(Field::NewPassword, e)]))
        .unwrap_or_default()
}

#[component]
pub fn ResetPasswordPage() -> impl IntoView {
    crate::i18n::use_static_title(Msg::ResetPasswordTitle);
    let i18n = use_i18n();
    let token = link_token_signal();
    let form = BoundForm::checked_by(
        PasswordResetCompletion::default(),
        &[Field::NewPassword],
        completion_errors,
    );
    let failure = RwSignal::new(None::<ApiFailure>);
    let done = RwSignal::new(false);
    let saving = submit(move || {
        let body = PasswordResetCompletion {
            token: token.get_untracked(),
            ..form.get_untracked()
        };
        async move {
            match api::complete_password_reset(&body).await {
                Ok(()) => done.set(true),
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(other) => failure.set(Some(other)),
            }
        }
    });
    let busy = saving.pending();
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() && form.ready_to_send() {
            failure.set(None);
            saving.dispatch(());
        }
    };
    let missing = move || token.with(String::is_empty);
    view! {
        <div class="auth-page">
            <div class="card auth-card">
                <h1>{tr(Msg::ResetPasswordTitle)}</h1>
                {move || {
                    let dead = failure.get().and_then(|f| dead_link(&f, i18n.locale()))
                        .or_else(|| missing().then(|| i18n.t(Msg::ResetLinkMissing).to_string()));
                    if done.get() {
                        view! {
                            <div class="callout callout-success" role="status">
                                <p>{tr(Msg::ResetPasswordDone)}</p>
                            </div>
                            <p class="auth-aside"><a href="/">{tr(Msg::SignIn)}</a></p>
                        }.into_any()
                    } else if let Some(text) = dead {
                        view! {
                            <div class="alert alert-error" role="alert" data-testid="dead-link">{text}</div>
                            <p class="auth-aside"><a href="/forgot-password">{tr(Msg::AskNewResetLink)}</a></p>
                        }.into_any()
                    } else {
                        view! {
                            <form novalidate=true on:submit=save>
                                <p class="page-intro">{tr(Msg::ResetPasswordIntro)}</p>
                                {move || failure.get().map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })}
                                <TextField id="new_password" label=Msg::LabelNewPassword value=form.text(|f| &f.new_password)
                                    input_type="password" autocomplete="new-password"
                                    on_input=Callback::new(move |v| {
                                        form.update(|f| f.new_password = v);
                                        form.touch(Field::NewPassword);
                                    })
                                    required=true error=form.error_text(Field::NewPassword) />
                                <button type="submit" class="btn btn-primary btn-block" disabled=move || busy.get()>
                                    {tr(Msg::ResetPasswordSave)}
                                </button>
                            </form>
                        }.into_any()
                    }
                }}
            </div>
        </div>
    }
}
