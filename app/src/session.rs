//! The signed-in session as the pages see it: who is signed in (`use_me`), what their roles
//! allow (`can`), the rules' view of their partner, and the one-time message for the next page
//! (`Flash`). Provided by `App`, read by pages and components.

use crate::api::ApiFailure;
use leptos::prelude::*;
use shared::access::Action;
use shared::api::Me;
use shared::customer::RuleContext;
use shared::date::CalendarDate;
use shared::instance::CloudInstance;
use uuid::Uuid;

/// Who is signed in, loaded once per page load.
#[derive(Clone, Copy)]
pub struct MeResource(pub LocalResource<Result<Me, ApiFailure>>);

pub fn use_me() -> LocalResource<Result<Me, ApiFailure>> {
    expect_context::<MeResource>().0
}

/// Set when a call answers 401 while someone was signed in (signed out in another tab,
/// expired, disabled). The shell then asks for the password in a dialog over the page, which
/// stays as it was — typed values included — so the save can be repeated after signing in.
#[derive(Clone, Copy)]
pub struct SessionEnded(pub RwSignal<bool>);

pub fn use_session_ended() -> RwSignal<bool> {
    expect_context::<SessionEnded>().0
}

/// Set by the server at sign-in, next to the HttpOnly session (`server::auth::SIGNED_IN_HINT`).
const SIGNED_IN_HINT: &str = "pd_signed_in";

fn html_document() -> Option<web_sys::HtmlDocument> {
    use wasm_bindgen::JsCast;
    web_sys::window()?.document()?.dyn_into().ok()
}

/// Whether this browser probably has a session: the server's hint cookie. Not a secret and not
/// trusted (the server decides); it only tells the app whether to request the opened page's
/// data before the session is confirmed, so that a signed-out first screen sends nothing that
/// answers 401.
pub fn signed_in_hint() -> bool {
    html_document()
        .and_then(|d| d.cookie().ok())
        .is_some_and(|cookies| has_hint(&cookies))
}

/// Whether a `document.cookie` string holds the hint.
pub fn has_hint(cookies: &str) -> bool {
    cookies
        .split(';')
        .any(|c| c.trim() == format!("{SIGNED_IN_HINT}=1"))
}

/// Drops the hint once the server has said there is no session (it expired, or ended on the
/// server), so the next load doesn't ask early again.
pub fn forget_signed_in() {
    if let Some(document) = html_document() {
        let _ = document.set_cookie(&format!(
            "{SIGNED_IN_HINT}=; Path=/; Max-Age=0; SameSite=Strict"
        ));
    }
}

/// Today in the browser's time zone.
pub fn local_today() -> CalendarDate {
    let now = js_sys::Date::new_0();
    CalendarDate::new(
        now.get_full_year() as i32,
        now.get_month() as u8 + 1,
        now.get_date() as u8,
    )
    .unwrap_or_else(|| CalendarDate::new(2026, 1, 1).expect("a valid date"))
}

/// The rules' view of the signed-in partner; before it is known, the most permissive one (the
/// server checks again on submit).
pub fn rule_context(me: Option<&Me>) -> RuleContext {
    let today = local_today();
    me.map(|m| m.partner.rule_context(today))
        .unwrap_or(RuleContext {
            instance: CloudInstance::Global,
            partner_email_domain: None,
            today,
        })
}

/// A message for the next page, shown once: the temporary password of the customer just
/// created (kept in memory only, never stored; `None` when the create was a replay of an
/// earlier attempt), or a saved edit.
#[derive(Clone, Debug, PartialEq)]
pub enum Flash {
    Created {
        id: Uuid,
        temporary_password: Option<String>,
    },
    Saved {
        id: Uuid,
    },
}

#[derive(Clone, Copy)]
pub struct FlashMessage(pub RwSignal<Option<Flash>>);

pub fn use_flash() -> RwSignal<Option<Flash>> {
    expect_context::<FlashMessage>().0
}

/// Whether the signed-in user's roles allow `action` (false while unknown).
pub fn can(action: Action) -> bool {
    use_me()
        .get()
        .and_then(|r| r.ok())
        .is_some_and(|me| me.user.can(action))
}

/// Data a page loads from the API. When the load failed because the session had ended and the
/// same person signs in again over the page, it is loaded again; a load that succeeded is left
/// alone, so nothing typed into a form built from it is lost.
pub fn page_data<T, Fut>(load: impl Fn() -> Fut + 'static) -> LocalResource<Result<T, ApiFailure>>
where
    T: 'static,
    Fut: std::future::Future<Output = Result<T, ApiFailure>> + 'static,
{
    let resource = LocalResource::new(load);
    reload_after_sign_in(
        Box::new(move || {
            resource.with_untracked(|r| matches!(r, Some(Err(ApiFailure::Unauthorized))))
        }),
        Box::new(move || resource.refetch()),
    );
    resource
}

/// The part of [`page_data`] that doesn't depend on the data's type, compiled once (the app
/// has a loader per page).
fn reload_after_sign_in(failed_signed_out: Box<dyn Fn() -> bool>, reload: Box<dyn Fn()>) {
    let Some(SessionEnded(ended)) = use_context::<SessionEnded>() else {
        return;
    };
    Effect::new(move |was_ended: Option<bool>| {
        let ended_now = ended.get();
        if was_ended == Some(true) && !ended_now && failed_signed_out() {
            reload();
        }
        ended_now
    });
}

#[cfg(test)]
mod tests {
    use super::has_hint;

    #[test]
    fn the_hint_is_one_exact_cookie() {
        assert!(has_hint("pd_signed_in=1"));
        assert!(has_hint("partnerdesk=x; pd_signed_in=1; other=2"));
        assert!(!has_hint(""));
        assert!(!has_hint("pd_signed_in="));
        assert!(!has_hint("xpd_signed_in=1"));
    }
}
