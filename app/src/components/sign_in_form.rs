//! What a sign-in form does, for the sign-in page and the session-ended dialog alike: the typed
//! pair, one attempt at a time, and a refused pair that empties the password and focuses it.

use crate::api::{self, ApiFailure};
use crate::ui::{failure_text, focus_element, submit};
use leptos::prelude::*;
use shared::api::Me;
use shared::i18n::{Locale, Msg};

#[derive(Clone, Copy)]
pub struct SignInForm {
    pub email: RwSignal<String>,
    pub password: RwSignal<String>,
    /// An attempt is under way.
    pub busy: Memo<bool>,
    attempt: Action<(), ()>,
    failure: RwSignal<Option<ApiFailure>>,
}

impl SignInForm {
    /// A form whose refused pair focuses the field `password_id`; `signed_in` gets who signed
    /// in.
    pub fn new(password_id: &'static str, signed_in: impl Fn(Me) + 'static) -> Self {
        let email = RwSignal::new(String::new());
        let password = RwSignal::new(String::new());
        let failure = RwSignal::new(None);
        let signed_in = std::rc::Rc::new(signed_in);
        let i18n = crate::i18n::use_i18n();
        let attempt = submit(move || {
            let (address, secret) = (email.get_untracked(), password.get_untracked());
            let language = i18n.locale_untracked();
            let signed_in = signed_in.clone();
            async move {
                match api::sign_in(&address, &secret, language).await {
                    Ok(me) => signed_in(me),
                    Err(error) => {
                        password.set(String::new());
                        failure.set(Some(error));
                        focus_element(password_id);
                    }
                }
            }
        });
        SignInForm {
            email,
            password,
            busy: attempt.pending(),
            attempt,
            failure,
        }
    }

    /// Starts over with this e-mail: no password, no message.
    pub fn reset(self, email: String) {
        self.email.set(email);
        self.password.set(String::new());
        self.failure.set(None);
    }

    /// Sends the pair, unless an attempt is under way.
    pub fn submit(self) {
        if self.busy.get_untracked() {
            return;
        }
        self.failure.set(None);
        self.attempt.dispatch(());
    }

    /// Why the last attempt failed (reactive), in `locale`.
    pub fn message(self, locale: Locale) -> Option<String> {
        self.failure.get().map(|f| match f {
            ApiFailure::Unauthorized => locale.text(Msg::SignInFailed).to_string(),
            other => failure_text(&other, locale),
        })
    }
}
