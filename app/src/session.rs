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
