//! What a sign-in form does, for the sign-in page and the session-ended dialog alike: the typed
//! pair, one attempt at a time, and a refused pair that empties the password and focuses it.

use crate::api::{self, ApiFailure};
use crate::ui::{failure_text, focus_element};
use leptos::prelude::*;
use leptos::task::spawn_local;
use shared::api::Me;
use shared::i18n::{Locale, Msg};

#[derive(Clone, Copy)]
pub struct SignInForm {
    pub email: RwSignal<String>,
    pub password: RwSignal<String>,
    pub busy: RwSignal<bool>,
    failure: RwSignal<Option<ApiFailure>>,
}

impl SignInForm {
    pub fn new(email: String) -> Self {
        SignInForm {
            email: RwSignal::new(email),
            password: RwSignal::new(String::new()),
            busy: RwSignal::new(false),
            failure: RwSignal::new(None),
        }
    }

    /// Starts over with this e-mail: no password, no message.
    pub fn reset(self, email: String) {
        self.email.set(email);
        self.password.set(String::new());
        self.failure.set(None);
    }

    /// Sends the pair (unless an attempt is under way); `signed_in` gets who signed in.
    pub fn submit(self, password_id: &'static str, signed_in: impl FnOnce(Me) + 'static) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.failure.set(None);
        spawn_local(async move {
            let result =
                api::sign_in(&self.email.get_untracked(), &self.password.get_untracked()).await;
            self.busy.set(false);
            match result {
                Ok(me) => signed_in(me),
                Err(error) => {
                    self.password.set(String::new());
                    self.failure.set(Some(error));
                    focus_element(password_id);
                }
            }
        });
    }

    /// Why the last attempt failed (reactive), in `locale`.
    pub fn message(self, locale: Locale) -> Option<String> {
        self.failure.get().map(|f| match f {
            ApiFailure::Unauthorized => locale.text(Msg::SignInFailed).to_string(),
            other => failure_text(&other, locale),
        })
    }
}
