//! One module per route.

pub mod customer;
pub mod customers;
pub mod new_customer;
pub mod not_found;

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
        ApiFailure::Validation(_) | ApiFailure::Unauthorized => {
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
