//! Setting up an authenticator app (QR code, key, first code) and showing recovery codes once:
//! for the enrolment a required multi-factor forces and for the sign-in security page alike.

use crate::api::{self, ApiFailure};
use crate::bound_form::BoundForm;
use crate::components::copy_button::CopyButton;
use crate::components::TextField;
use crate::i18n::{tr, use_i18n};
use crate::ui::{failure_text, submit};
use leptos::prelude::*;
use shared::i18n::Msg;
use shared::second_factor::{
    AuthenticatorSetup, NewPasskey, PasskeyAdded, PasskeyAssertion, SecondFactorForm,
};
use shared::{Field, FieldError, FieldErrors};

/// The one field of a code form.
pub const CODE_ORDER: [Field; 1] = [Field::Code];

/// The second step's rule: an authenticator code or a recovery code (shared's, as the server's).
pub fn second_step_errors(form: &SecondFactorForm) -> FieldErrors {
    form.parse().err().unwrap_or_default()
}

/// Enrolment's rule: the authenticator's six digits.
pub fn enrolment_errors(form: &SecondFactorForm) -> FieldErrors {
    form.parse_authenticator().err().unwrap_or_default()
}

/// An authenticator key as people type it from the screen: groups of four.
pub fn grouped_key(secret: &str) -> String {
    secret
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|group| group.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The QR code's SVG as an image source (the page's CSP allows `data:` images).
fn svg_source(svg: &str) -> String {
    format!(
        "data:image/svg+xml;charset=utf-8,{}",
        String::from(js_sys::encode_uri_component(svg))
    )
}

/// Sets up an authenticator app: starts (at once, or on a button), shows the QR code and key,
/// takes the first code, then shows the recovery codes; `on_done` once they are saved.
#[component]
pub fn AuthenticatorSetupPanel(
    /// Start without waiting for a click (the forced enrolment).
    #[prop(optional)]
    at_once: bool,
    on_done: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let setup = RwSignal::new(None::<AuthenticatorSetup>);
    let codes = RwSignal::new(None::<Vec<String>>);
    let failure = RwSignal::new(None::<ApiFailure>);
    let form = BoundForm::checked_by(SecondFactorForm::default(), &CODE_ORDER, enrolment_errors);

    let starting = submit(move || async move {
        match api::start_authenticator().await {
            Ok(started) => {
                setup.set(Some(started));
                crate::ui::focus_element("code");
            }
            Err(error) => failure.set(Some(error)),
        }
    });
    if at_once {
        starting.dispatch(());
    }
    let confirming = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::confirm_authenticator(&body).await {
                Ok(made) => {
                    codes.set(Some(made.codes));
                    crate::ui::focus_element("recovery-codes-title");
                }
                Err(ApiFailure::Validation(fields)) => form.refused(fields),
                Err(error) => failure.set(Some(error)),
            }
        }
    });
    let busy = confirming.pending();
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if !busy.get_untracked() && form.ready_to_send() {
            failure.set(None);
            confirming.dispatch(());
        }
    };
    let banner = move || {
        failure
            .get()
            .map(|f| view! { <div class="alert alert-error" role="alert">{failure_text(&f, i18n.locale())}</div> })
    };

    move || {
        if let Some(list) = codes.get() {
            return view! { <RecoveryCodesList codes=list on_done /> }.into_any();
        }
        let Some(started) = setup.get() else {
            return view! {
                <div class="setup-start">
                    {banner}
                    <button type="button" class="btn btn-primary" disabled=move || starting.pending().get()
                        on:click=move |_| { failure.set(None); starting.dispatch(()); }>
                        {tr(Msg::EnrolStart)}
                    </button>
                </div>
            }
            .into_any();
        };
        let source = svg_source(&started.qr_svg);
        let key = grouped_key(&started.secret);
        view! {
            <form class="authenticator-setup" novalidate=true on:submit=confirm>
                {banner}
                <p>{tr(Msg::EnrolScan)}</p>
                <div class="setup-grid">
                    <img class="qr-code" src=source alt=move || i18n.t(Msg::EnrolQrAlt) width="200" height="200" />
                    <div class="setup-steps">
                        <p class="setup-key-label">{tr(Msg::EnrolSecretLabel)}</p>
                        <p class="value-with-copy">
                            <code class="setup-key" translate="no" data-testid="authenticator-key">{key}</code>
                            <CopyButton text=started.secret.clone() label=Msg::CopyAuthenticatorKey />
                        </p>
                        <TextField id="code" label=Msg::LabelCode value=form.text(|f| &f.code)
                            autocomplete="one-time-code" inputmode="numeric" required=true
                            on_input=Callback::new(move |v| form.update(|f| f.code = v))
                            on_blur=form.on_blur(Field::Code)
                            error=form.error_text(Field::Code) />
                        <button type="submit" class="btn btn-primary" disabled=move || busy.get()>
                            {move || if busy.get() { i18n.t(Msg::EnrolConfirming) } else { i18n.t(Msg::EnrolConfirm) }}
                        </button>
                    </div>
                </div>
            </form>
        }
        .into_any()
    }
}

/// Recovery codes, shown once: the list, a copy button, and "I saved them".
#[component]
pub fn RecoveryCodesList(codes: Vec<String>, on_done: Callback<()>) -> impl IntoView {
    let all = codes.join("\n");
    view! {
        <section class="recovery-codes" aria-labelledby="recovery-codes-title">
            <h2 id="recovery-codes-title" tabindex="-1">{tr(Msg::RecoveryCodesTitle)}</h2>
            <p>{tr(Msg::RecoveryCodesIntro)}</p>
            <ol class="recovery-code-list" translate="no" data-testid="recovery-codes">
                {codes.into_iter().map(|code| view! { <li><code>{code}</code></li> }).collect_view()}
            </ol>
            <div class="form-actions">
                <CopyButton text=all label=Msg::RecoveryCodesCopy />
                <button type="button" class="btn btn-primary" on:click=move |_| on_done.run(())>
                    {tr(Msg::RecoveryCodesDone)}
                </button>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_reads_in_groups_of_four() {
        assert_eq!(
            grouped_key("JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"),
            "JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP"
        );
        assert_eq!(grouped_key("ABCDEF"), "ABCD EF");
    }

    #[test]
    fn the_forms_follow_the_shared_rules() {
        let form = |code: &str| SecondFactorForm { code: code.into() };
        assert!(second_step_errors(&form("123 456")).is_empty());
        assert!(second_step_errors(&form("abcd-efgh-2345-7mno")).is_empty());
        assert!(!enrolment_errors(&form("abcd-efgh-2345-7mno")).is_empty());
        assert!(enrolment_errors(&form("123456")).is_empty());
        assert!(second_step_errors(&form("")).contains_key(&Field::Code));
    }
}

/// What a failed passkey ceremony says.
pub fn passkey_failure_text(
    failure: &crate::webauthn::PasskeyFailure,
    locale: shared::i18n::Locale,
) -> String {
    match failure {
        crate::webauthn::PasskeyFailure::Cancelled => locale.text(Msg::PasskeyCancelled),
        crate::webauthn::PasskeyFailure::Unsupported => locale.text(Msg::PasskeyUnsupported),
    }
    .to_string()
}

/// Adds a passkey: its name, then the device's own prompt (fingerprint, face, screen lock or a
/// security key); `on_added` with what the server kept (and the recovery codes of a first second
/// factor).
#[component]
pub fn AddPasskey(on_added: Callback<PasskeyAdded>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let name_error = RwSignal::new(None::<FieldError>);
    let failure = RwSignal::new(None::<String>);
    let adding = submit(move || async move {
        let locale = i18n.locale();
        let options = match api::passkey_registration_options().await {
            Ok(options) => options,
            Err(f) => return failure.set(Some(failure_text(&f, locale))),
        };
        let credential = match crate::webauthn::create(&options).await {
            Ok(credential) => credential,
            Err(f) => return failure.set(Some(passkey_failure_text(&f, locale))),
        };
        let request = NewPasskey {
            name: name.get_untracked(),
            credential,
        };
        match api::add_passkey(&request).await {
            Ok(added) => {
                name.set(String::new());
                on_added.run(added);
            }
            Err(ApiFailure::Validation(fields)) => {
                name_error.set(fields.get(&Field::Name).cloned());
                crate::ui::focus_element("passkey_name");
            }
            Err(f) => failure.set(Some(failure_text(&f, locale))),
        }
    });
    let busy = adding.pending();
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        match NewPasskey::parse_name(&name.get_untracked()) {
            Ok(_) => {
                name_error.set(None);
                adding.dispatch(());
            }
            Err(fields) => {
                name_error.set(fields.get(&Field::Name).cloned());
                crate::ui::focus_element("passkey_name");
            }
        }
    };
    let error_text = Signal::derive(move || {
        name_error
            .get()
            .map(|e| shared::i18n::field_error_text(i18n.locale(), Field::Name, &e))
    });
    view! {
        <form class="add-passkey" novalidate=true on:submit=add>
            {move || failure.get().map(|m| view! { <div class="alert alert-error" role="alert">{m}</div> })}
            <div class="inline-form">
                <TextField id="passkey_name" label=Msg::LabelPasskeyName value=name required=true
                    hint=Signal::derive(move || Some(i18n.t(Msg::PasskeyNameHint).to_string()))
                    on_input=Callback::new(move |v| { name.set(v); name_error.set(None); })
                    error=error_text />
                <div class="inline-form-actions">
                    <button type="submit" class="btn" disabled=move || busy.get()>
                        {move || if busy.get() { i18n.t(Msg::AddingPasskey) } else { i18n.t(Msg::AddPasskey) }}
                    </button>
                </div>
            </div>
        </form>
    }
}

/// The second step of signing in: "use a passkey" first when the user has one, else (or then)
/// the code of the authenticator app or a recovery code. `on_passed` once the server accepted
/// it. The sign-in gate's page and the session-ended dialog both ask with it.
#[component]
pub fn SecondStep(on_passed: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let form = BoundForm::checked_by(SecondFactorForm::default(), &CODE_ORDER, second_step_errors);
    let failure = RwSignal::new(None::<ApiFailure>);
    let verifying = submit(move || {
        let body = form.get_untracked();
        async move {
            match api::verify_second_factor(&body).await {
                Ok(_) => on_passed.run(()),
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
    let factors = crate::session::page_data(api::second_factor_status);
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
            Ok(_) => on_passed.run(()),
            Err(f) => passkey_failure.set(Some(failure_text(&f, locale))),
        }
    });
    crate::ui::focus_element("code");

    view! {
        <form class="second-step" novalidate=true on:submit=send>
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
        </form>
    }
}
