//! A form's state in a signal, bound to its page: the errors it shows, what a blur and a submit
//! do, and what happens when the server refuses fields. Every form of the app goes through this,
//! so a refused submit, a server verdict and a touched field behave the same on every page.

use crate::form::{first_error_in, FieldValues, FormState};
use crate::i18n::use_i18n;
use crate::ui::focus_element;
use leptos::prelude::*;
use shared::i18n::field_error_text;
use shared::{Field, FieldErrors};

/// `T` is the form's wire type (what it sends); `order` its fields as the page shows them.
pub struct BoundForm<T: Send + Sync + 'static> {
    pub state: RwSignal<FormState<T>>,
    /// The errors to show now (touched fields, server verdicts on unchanged values).
    pub errors: Memo<FieldErrors>,
    order: &'static [Field],
}

impl<T: Send + Sync + 'static> Clone for BoundForm<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for BoundForm<T> {}

impl<T> BoundForm<T>
where
    T: FieldValues + Clone + Send + Sync + 'static,
{
    /// A form judged by one of `shared`'s rules (`check`) as the user types.
    pub fn checked_by(values: T, order: &'static [Field], check: fn(&T) -> FieldErrors) -> Self {
        let state = RwSignal::new(FormState::new(values));
        let all = Signal::derive(move || state.with(|s| check(&s.values)));
        Self::new(state, order, all)
    }

    /// `all_errors` is the full verdict on the form; only what the user has reached is shown.
    pub fn new(
        state: RwSignal<FormState<T>>,
        order: &'static [Field],
        all_errors: Signal<FieldErrors>,
    ) -> Self {
        let errors = Memo::new(move |_| state.with(|s| s.visible_errors(all_errors.get())));
        Self {
            state,
            errors,
            order,
        }
    }

    /// Reads the values (tracked, like a signal's `with`).
    pub fn with<R>(self, read: impl FnOnce(&T) -> R) -> R {
        self.state.with(|s| read(&s.values))
    }

    pub fn get_untracked(self) -> T {
        self.state.with_untracked(|s| s.values.clone())
    }

    /// Changes the values (typing): errors show as before, server verdicts on the changed
    /// values no longer do.
    pub fn update(self, change: impl FnOnce(&mut T)) {
        self.state.update(|s| change(&mut s.values));
    }

    /// A text value of the form, for an input.
    pub fn text(self, get: fn(&T) -> &String) -> Signal<String> {
        let state = self.state;
        Signal::derive(move || state.with(|s| get(&s.values).clone()))
    }

    /// New values and nothing shown: a dialog opened again.
    pub fn reset(self, values: T) {
        self.state.set(FormState::new(values));
    }

    /// The user has left `field` (or chosen in it): its errors show from now on.
    pub fn touch(self, field: Field) {
        // Only a first touch changes the state: a blur that changes nothing must not notify,
        // above all the blur of a focused input removed when a submit navigates away (the
        // page's views are disposed by then; notifying would re-run their dead effects).
        if self
            .state
            .try_with_untracked(|s| !s.touched.contains(&field))
            == Some(true)
        {
            self.state.update(|s| s.touch(field));
        }
    }

    pub fn on_blur(self, field: Field) -> Callback<()> {
        Callback::new(move |()| self.touch(field))
    }

    /// A submit's check, before anything is sent: every error shows, and if there is one the
    /// focus goes to the first in the form's order and the answer is false.
    pub fn ready_to_send(self) -> bool {
        self.state.update(|s| s.touch_all(self.order));
        match self
            .errors
            .with_untracked(|e| first_error_in(self.order, e))
        {
            Some(field) => {
                focus_element(field.key());
                false
            }
            None => true,
        }
    }

    /// The form's submit handler: no page load; nothing is sent while `sending` runs or while a
    /// field is wrong (the focus goes to the first); otherwise the last failure is cleared and
    /// `sending` starts.
    pub fn on_submit<E: Send + Sync + 'static>(
        self,
        sending: Action<(), ()>,
        failure: RwSignal<Option<E>>,
    ) -> impl Fn(leptos::ev::SubmitEvent) + Copy + 'static {
        let busy = sending.pending();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if !busy.get_untracked() && self.ready_to_send() {
                failure.set(None);
                sending.dispatch(());
            }
        }
    }

    /// The server refused these fields of the values it was sent: each verdict shows until its
    /// value is changed, and the focus goes to the first.
    pub fn refused(self, fields: FieldErrors) {
        focus_first_error(self.order, &fields);
        self.state.update(|s| s.set_server_errors(fields));
    }

    /// The error shown for `field`, in the UI language.
    pub fn error_text(self, field: Field) -> Signal<Option<String>> {
        error_text(self.errors, field)
    }

    /// The code of the error shown for `field` (`data-code`, for tests and styling).
    pub fn error_code(self, field: Field) -> Signal<Option<String>> {
        error_code(self.errors, field)
    }
}

// Written once for every form type (the methods above would be copied per type).

fn error_text(errors: Memo<FieldErrors>, field: Field) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        errors.with(|e| {
            e.get(&field)
                .map(|err| field_error_text(i18n.locale(), field, err))
        })
    })
}

fn error_code(errors: Memo<FieldErrors>, field: Field) -> Signal<Option<String>> {
    Signal::derive(move || errors.with(|e| e.get(&field).map(|err| err.code().to_string())))
}

/// Focuses the first field of `order` with an error; true when there was none.
fn focus_first_error(order: &[Field], errors: &FieldErrors) -> bool {
    match first_error_in(order, errors) {
        Some(field) => {
            focus_element(field.key());
            false
        }
        None => true,
    }
}
