//! What a sign-in form does, for the sign-in page and the session-ended dialog alike: the typed
//! pair, one attempt at a time, and a refused pair that empties the password and focuses it.

use crate::api::{self, ApiFailure};
use crate::ui::{failure_text, focus_element};
use leptos::prelude::*;
use shared::api::Me;
use shared::i18n::{Locale, Msg};

#[derive(Clone, Copy)]
pub struct SignInForm {
    pub email: RwSignal<String>,
    pub password: RwSignal<String>,
    /// An attempt is under way.
    pub busy: Memo<bool>,
    failure: RwSignal<Option<ApiFailure>>,
    attempt: Action<(), ()>,
}

impl SignInForm {
    /// A form whose refused attempts focus `password_id`; `signed_in` gets who signed in.
    pub fn new(email: String, password_id: &'static str, signed_in: Callback<Me>) -> Self {
        let email = RwSignal::new(email);
        let password = RwSignal::new(String::new());
        let failure = RwSignal::new(None);
        let attempt = Action::new_local(move |_: &()| async move {
            match api::sign_in(&email.get_untracked(), &password.get_untracked()).await {
                Ok(me) => signed_in.run(me),
                Err(error) => {
                    password.set(String::new());
                    failure.set(Some(error));
                    focus_element(password_id);
                }
            }
        });
        SignInForm {
            email,
            password,
            busy: attempt.pending(),
            failure,
            attempt,
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
        self.attempt.dispatch_local(());
    }

    /// Why the last attempt failed (reactive), in `locale`.
    pub fn message(self, locale: Locale) -> Option<String> {
        self.failure.get().map(|f| match f {
            ApiFailure::Unauthorized => locale.text(Msg::SignInFailed).to_string(),
            other => failure_text(&other, locale),
        })
    }
}
