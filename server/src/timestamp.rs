//! Timestamps are stored and sent as fixed-width RFC 3339 UTC text, so text order is time order.

use time::{format_description::BorrowedFormatItem, macros::format_description, OffsetDateTime};

const FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

pub fn format(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .format(FORMAT)
        .expect("a UTC timestamp always formats")
}

/// Today for date rules: the date in the latest time zone (UTC+14). A user anywhere can enter
/// their own today without it being "in the future" here; the browser checks against its local
/// date, which is never later.
pub fn today() -> shared::date::CalendarDate {
    let date = (OffsetDateTime::now_utc() + time::Duration::hours(14)).date();
    shared::date::CalendarDate::new(date.year(), u8::from(date.month()), date.day())
        .expect("the system clock is in a plausible year")
}

/// Today in UTC (what a record dated by the server says).
pub fn today_utc() -> shared::date::CalendarDate {
    let date = OffsetDateTime::now_utc().date();
    shared::date::CalendarDate::new(date.year(), u8::from(date.month()), date.day())
        .expect("the system clock is in a plausible year")
}

/// A stored timestamp back as a time; `None` for text that isn't one.
pub fn parse(text: &str) -> Option<OffsetDateTime> {
    time::PrimitiveDateTime::parse(text, FORMAT)
        .ok()
        .map(|t| t.assume_utc())
}

/// A date as the shared rules take it.
pub fn date_of(at: OffsetDateTime) -> shared::date::CalendarDate {
    let date = at.to_offset(time::UtcOffset::UTC).date();
    shared::date::CalendarDate::new(date.year(), u8::from(date.month()), date.day())
        .expect("a plausible year")
}

pub fn now() -> String {
    format(OffsetDateTime::now_utc())
}

#[cfg(test)]
mod tests {
    #[test]
    fn fixed_width() {
        let t = super::format(time::macros::datetime!(2026-01-02 03:04:05 UTC));
        assert_eq!(t, "2026-01-02T03:04:05.000000Z");
        assert_eq!(
            super::parse(&t),
            Some(time::macros::datetime!(2026-01-02 03:04:05 UTC))
        );
        assert_eq!(super::parse("2026-01-02"), None);
    }
}
