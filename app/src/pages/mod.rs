//! One module per route.

pub mod customer;
pub mod customers;
pub mod edit_customer;
pub mod new_customer;
pub mod not_found;
pub mod sign_in;
pub mod users;

use shared::i18n::{Locale, Msg};

/// The date part of an RFC 3339 timestamp, in the reader's convention.
pub fn format_date(rfc3339: &str, locale: Locale) -> String {
    let date = rfc3339.get(..10).unwrap_or(rfc3339);
    match (locale, date.split('-').collect::<Vec<_>>().as_slice()) {
        (Locale::ZhCn, [y, m, d]) => format!(
            "{y}年{}月{}日",
            m.trim_start_matches('0'),
            d.trim_start_matches('0')
        ),
        _ => date.to_string(),
    }
}

/// Moves keyboard focus to the element with this id (a field with an error, a heading), once
/// the view has rendered it.
pub fn focus_element(id: &'static str) {
    use wasm_bindgen::JsCast;
    leptos::prelude::request_animation_frame(move || {
        if let Some(element) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = element.focus();
        }
    });
}

/// The catalog text of a failed API call, for a page-level message.
pub fn failure_text(failure: &crate::api::ApiFailure, locale: Locale) -> String {
    use crate::api::ApiFailure;
    match failure {
        ApiFailure::Network => locale.text(Msg::NetworkError).to_string(),
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
        ApiFailure::TooManyRequests { retry_after_secs } => locale.format(
            Msg::SignInThrottled,
            &[("minutes", &retry_after_secs.div_ceil(60).to_string())],
        ),
        ApiFailure::Validation(_) | ApiFailure::Conflict => {
            locale.format(Msg::ServerError, &[("id", "-")])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_per_locale() {
        assert_eq!(
            format_date("2026-03-04T10:00:00.000000Z", Locale::EnUs),
            "2026-03-04"
        );
        assert_eq!(
            format_date("2026-03-04T10:00:00.000000Z", Locale::ZhCn),
            "2026年3月4日"
        );
    }
}
