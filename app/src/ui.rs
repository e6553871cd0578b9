//! Page-agnostic user-interface helpers: keyboard focus, confirmation, and the text of a failed
//! call. Pages and components use them; nothing here knows a page.

use shared::i18n::{Locale, Msg};

pub use shared::i18n::{format_count, format_date};

/// Asks the browser's confirmation dialog; false when it can't be shown.
pub fn confirmed(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}

/// Moves keyboard focus to the element with this id (a field with an error, a heading), once
/// the view has rendered it.
pub fn focus_element(id: &'static str) {
    leptos::prelude::request_animation_frame(move || focus_now(id));
}

/// Moves keyboard focus to the element with this id now: for a dialog's first field, which is
/// in the DOM before the dialog opens. (A deferred focus could land after the user has already
/// moved on — pulling focus back, so the next keys typed go to the wrong field.)
pub fn focus_now(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(element) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = element.focus();
    }
}

/// Focuses the page's `<h1>` once rendered. A page that loads its data first gets the main
/// region's focus meanwhile, and the heading's when it appears — unless the user has moved
/// focus elsewhere by then.
pub fn focus_page_heading() {
    focus_heading_when_rendered(HEADING_WAIT_FRAMES, true);
}

/// About five seconds at 60 frames a second: longer than any page's first load.
const HEADING_WAIT_FRAMES: u32 = 300;

fn focus_heading_when_rendered(frames_left: u32, first: bool) {
    use wasm_bindgen::JsCast;
    leptos::prelude::request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let main = document.get_element_by_id("main");
        let focusable = |element: web_sys::Element| {
            let element = element.dyn_into::<web_sys::HtmlElement>().ok()?;
            if !element.has_attribute("tabindex") {
                let _ = element.set_attribute("tabindex", "-1");
            }
            Some(element)
        };
        if !first {
            // Still waiting only while focus is where we left it (or dropped to the body).
            let active = document.active_element();
            let waiting = active.is_none()
                || active == main
                || active.as_ref().map(|a| a.tag_name()) == Some("BODY".into());
            if !waiting {
                return;
            }
        }
        if let Some(heading) = document
            .query_selector("main h1")
            .ok()
            .flatten()
            .and_then(focusable)
        {
            let _ = heading.focus();
            return;
        }
        if first {
            if let Some(main) = main.clone().and_then(focusable) {
                let _ = main.focus();
            }
        }
        if frames_left > 0 {
            focus_heading_when_rendered(frames_left - 1, false);
        }
    });
}

/// The catalog text of a failed API call, for a page-level message.
pub fn failure_text(failure: &crate::api::ApiFailure, locale: Locale) -> String {
    use crate::api::ApiFailure;
    match failure {
        ApiFailure::Network => locale.text(Msg::NetworkError).to_string(),
        ApiFailure::Unavailable => locale.text(Msg::ServiceUnavailable).to_string(),
        ApiFailure::NotFound => locale.text(Msg::CustomerNotFound).to_string(),
        ApiFailure::Server { request_id, status } => locale.format(
            Msg::ServerError,
            &[(
                "id",
                &request_id
                    .clone()
                    .unwrap_or_else(|| format!("HTTP {status}")),
            )],
        ),
        ApiFailure::PreconditionFailed => locale.text(Msg::ConflictTitle).to_string(),
        ApiFailure::Forbidden => locale.text(Msg::Forbidden).to_string(),
        ApiFailure::Unauthorized => locale.text(Msg::SessionExpired).to_string(),
        ApiFailure::PasswordChangeRequired => locale.text(Msg::ChangePasswordIntro).to_string(),
        ApiFailure::SecondFactorRequired => locale.text(Msg::SecondFactorNeeded).to_string(),
        ApiFailure::TooManyRequests { retry_after_secs } => locale.format(
            Msg::SignInThrottled,
            &[("minutes", &retry_after_secs.div_ceil(60).to_string())],
        ),
        ApiFailure::Refused(code) => refusal_text(*code, locale),
        ApiFailure::Validation(_) | ApiFailure::Conflict => {
            locale.format(Msg::ServerError, &[("id", "-")])
        }
    }
}

/// A fresh Idempotency-Key: one per attempt of a create or an order, kept for its retries.
pub fn new_idempotency_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("key-{}", js_sys::Date::now()))
}

/// The token an e-mailed link carries in its URL fragment (which the browser never sends to a
/// server); empty without one.
pub fn link_token() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .map(|h| h.trim_start_matches('#').to_string())
        .unwrap_or_default()
}

/// `link_token`, kept current: another link opened in the same tab changes only the fragment.
pub fn link_token_signal() -> leptos::prelude::RwSignal<String> {
    use leptos::prelude::*;
    let token = RwSignal::new(link_token());
    let on_hash = window_event_listener_untyped("hashchange", move |_| token.set(link_token()));
    on_cleanup(move || on_hash.remove());
    token
}

/// What to tell someone whose e-mailed link can't be used (unknown, used, expired, ended).
pub fn dead_link_text(failure: &crate::api::ApiFailure, locale: Locale) -> String {
    use crate::api::ApiFailure;
    match failure {
        ApiFailure::Refused(code) => refusal_text(*code, locale),
        ApiFailure::NotFound => locale.text(Msg::LinkInvalid).to_string(),
        other => failure_text(other, locale),
    }
}

/// Why the server refused a change in the object's current state.
pub fn refusal_text(code: shared::api::ErrorCode, locale: Locale) -> String {
    use shared::api::ErrorCode as E;
    let msg = match code {
        E::InvitationAccepted => Msg::LinkAccepted,
        E::AuthenticatorEnrolled => Msg::AuthenticatorAlreadySet,
        E::InvitationExpired => Msg::LinkExpired,
        E::InvitationRevoked => Msg::LinkRevoked,
        E::InvitationReplaced => Msg::LinkReplaced,
        E::RelationshipNotActive => Msg::EndNotActive,
        E::CustomerNotRemovable => Msg::RemoveNotAllowed,
        E::InvitationNotPending => Msg::InvitationNotPendingText,
        E::ActiveSubscriptions => Msg::EndBlockedBySubscriptionsShort,
        E::ReferralNotNew => Msg::RefusedReferralNotNew,
        E::ReferralNotAccepted => Msg::RefusedReferralNotAccepted,
        E::LinkExists => Msg::RefusedLinkExists,
        E::LinkNotPending => Msg::RefusedLinkNotPending,
        E::LinkNotActive => Msg::RefusedLinkNotActive,
        E::ApprovalLinkClosed => Msg::RefusedApprovalLinkClosed,
        E::AdminRelationshipNotOpen => Msg::RefusedAdminNotOpen,
        E::AdminRelationshipNotExtendable => Msg::RefusedAdminNotExtendable,
        E::AdminRelationshipNotActive => Msg::RefusedAdminNotActive,
        E::AdminRelationshipNotExpired => Msg::RefusedAdminNotExpired,
        E::CustomerNotActive => Msg::RefusedCustomerNotActive,
        E::SubscriptionNotChangeable => Msg::RefusedSubscriptionNotChangeable,
        E::ChangeWindowClosed => Msg::RefusedWindowClosed,
        E::SupportMoveNotAllowed => Msg::RefusedSupportMove,
        E::ReopenTooLate => Msg::RefusedReopenTooLate,
        _ => return locale.format(Msg::ServerError, &[("id", "-")]),
    };
    locale.text(msg).to_string()
}

/// Whether a click on a table row should open the row's object: not when it landed on a link,
/// button or field of its own, came with a modifier key (the link in the row handles those), or
/// ended a text selection (copying a domain from the list).
pub fn row_click_opens(ev: &web_sys::MouseEvent) -> bool {
    use wasm_bindgen::JsCast;
    if ev.button() != 0 || ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() {
        return false;
    }
    let on_control = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| {
            e.closest("a, button, input, select, textarea, summary, label")
                .ok()
        })
        .flatten()
        .is_some();
    let selecting = web_sys::window()
        .and_then(|w| w.get_selection().ok().flatten())
        .is_some_and(|s| !s.is_collapsed());
    !on_control && !selecting
}

/// A submit — a save, a send, an answer the user started — as a Leptos `Action`: `pending()` is
/// its busy state (buttons disable while it runs), `dispatch` starts it. Every submit is an
/// `Action<(), ()>` whose future is boxed here, so they all share one copy of the action's
/// machinery in the WASM bundle (one per input or output type would cost kilobytes); a submit
/// reads what it sends from its form's signals, or takes it through [`submit_with`].
pub fn submit<Fu>(run: impl Fn() -> Fu + 'static) -> leptos::prelude::Action<(), ()>
where
    Fu: std::future::Future<Output = ()> + 'static,
{
    submit_boxed(Box::new(move || Box::pin(run())))
}

type BoxedRun = Box<dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>>;

fn submit_boxed(run: BoxedRun) -> leptos::prelude::Action<(), ()> {
    leptos::prelude::Action::new_unsync(move |_: &()| run())
}

/// A submit that takes an input — which row, which answer — kept beside its action until the
/// action starts.
pub struct SubmitWith<I: 'static> {
    action: leptos::prelude::Action<(), ()>,
    input: leptos::prelude::StoredValue<Option<I>>,
}

impl<I: 'static> Clone for SubmitWith<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for SubmitWith<I> {}

/// [`submit`] with an input.
pub fn submit_with<I, Fu>(run: impl Fn(I) -> Fu + 'static) -> SubmitWith<I>
where
    I: Send + Sync + 'static,
    Fu: std::future::Future<Output = ()> + 'static,
{
    use leptos::prelude::{StoredValue, UpdateValue};
    let input = StoredValue::new(None::<I>);
    let action = submit(move || {
        let taken = input.try_update_value(Option::take).flatten();
        let running = taken.map(&run);
        async move {
            if let Some(running) = running {
                running.await;
            }
        }
    });
    SubmitWith { action, input }
}

impl<I: Send + Sync + 'static> SubmitWith<I> {
    pub fn dispatch(self, input: I) {
        use leptos::prelude::SetValue;
        self.input.set_value(Some(input));
        self.action.dispatch(());
    }

    /// Whether it runs, as a memo: take it once, outside the view.
    pub fn pending(self) -> leptos::prelude::Memo<bool> {
        self.action.pending()
    }
}

/// Sets the performance mark `name` once what is being rendered now is in the DOM (the next
/// frame), for the timing scripts (`end2end/perf`).
pub fn mark_when_rendered(name: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            let _ = performance.mark(name);
        }
    });
}
