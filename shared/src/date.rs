//! A calendar date without a time zone (`2026-11-24`), enough for "accepted on" rules. The
//! caller says what today is, so rules stay pure and tests can fix the day.

use crate::validation::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CalendarDate {
    year: i32,
    month: u8,
    day: u8,
}

string_schema!(CalendarDate, None);

fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        _ => 28,
    }
}

impl CalendarDate {
    /// The earliest date there is (1900-01-01).
    pub const MIN: CalendarDate = CalendarDate {
        year: 1900,
        month: 1,
        day: 1,
    };

    pub fn new(year: i32, month: u8, day: u8) -> Option<Self> {
        ((1900..=9999).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month))
        .then_some(Self { year, month, day })
    }

    /// ISO 8601 `YYYY-MM-DD` (what `<input type="date">` gives).
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let value = input.trim();
        if value.is_empty() {
            return Err(FieldError::Required);
        }
        let invalid = FieldError::InvalidFormat { hint: None };
        let parts: Vec<&str> = value.split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(invalid);
        };
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return Err(invalid);
        }
        let (Ok(year), Ok(month), Ok(day)) = (y.parse(), m.parse(), d.parse()) else {
            return Err(invalid);
        };
        Self::new(year, month, day).ok_or(invalid)
    }

    /// Days since 1970-01-01 (Howard Hinnant's days-from-civil).
    pub fn days_since_epoch(self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01 (Howard Hinnant's civil-from-days).
    pub fn from_days_since_epoch(days: i64) -> Option<Self> {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = yoe + era * 400 + i64::from(month <= 2);
        Self::new(i32::try_from(year).ok()?, month, day)
    }

    /// The following day.
    pub fn next_day(self) -> Self {
        self.plus_days(1)
    }

    /// The day `days` later (earlier when negative); the same day past the calendar's range.
    pub fn plus_days(self, days: i64) -> Self {
        Self::from_days_since_epoch(self.days_since_epoch() + days).unwrap_or(self)
    }

    /// The same day `months` later, or the month's last day when it has fewer days (31 January
    /// plus one month is 28 or 29 February): the day a term or billing period ends.
    pub fn plus_months(self, months: u32) -> Self {
        let index = i64::from(self.month) - 1 + i64::from(months);
        let Ok(year) = i32::try_from(i64::from(self.year) + index.div_euclid(12)) else {
            return self;
        };
        let month = (index.rem_euclid(12) + 1) as u8;
        let day = self.day.min(days_in_month(year, month));
        Self::new(year, month, day).unwrap_or(self)
    }

    /// Days from this date to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: CalendarDate) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// The same day one year earlier (29 February → 28 February).
    pub fn one_year_earlier(self) -> Self {
        let year = self.year - 1;
        let day = self.day.min(days_in_month(year, self.month));
        Self {
            year,
            month: self.month,
            day,
        }
    }

    pub fn year(self) -> i32 {
        self.year
    }
    pub fn month(self) -> u8 {
        self.month
    }
    pub fn day(self) -> u8 {
        self.day
    }
}

/// A time given as seconds since 1970 (UTC) as RFC 3339 text, `2027-01-31T09:05:00Z`, for
/// `i18n::format_date_time`.
pub fn timestamp_text(secs: i64) -> String {
    let day = CalendarDate::from_days_since_epoch(secs.div_euclid(86_400))
        .map(|d| d.to_string())
        .unwrap_or_default();
    let of_day = secs.rem_euclid(86_400);
    format!(
        "{day}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

impl std::fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl TryFrom<String> for CalendarDate {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CalendarDate> for String {
    fn from(value: CalendarDate) -> Self {
        value.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_later_end_on_the_months_last_day_when_shorter() {
        let d = |s: &str| CalendarDate::parse(s).unwrap();
        assert_eq!(d("2026-01-31").plus_months(1), d("2026-02-28"));
        assert_eq!(d("2028-01-31").plus_months(1), d("2028-02-29"));
        assert_eq!(d("2026-01-31").plus_months(2), d("2026-03-31"));
        assert_eq!(d("2026-11-15").plus_months(2), d("2027-01-15"));
        assert_eq!(d("2026-12-07").plus_months(12), d("2027-12-07"));
        assert_eq!(d("2028-02-29").plus_months(36), d("2031-02-28"));
        assert_eq!(d("2026-12-07").days_until(d("2027-01-07")), 31);
        assert_eq!(d("2027-01-07").days_until(d("2026-12-07")), -31);
        assert_eq!(timestamp_text(1_800_000_000), "2027-01-15T08:00:00Z");
    }

    #[test]
    fn parses_iso_dates() {
        assert_eq!(
            CalendarDate::parse("2024-02-29").unwrap().to_string(),
            "2024-02-29"
        );
        assert!(CalendarDate::parse("2023-02-29").is_err());
        assert!(CalendarDate::parse("2024-13-01").is_err());
        assert!(CalendarDate::parse("24-1-1").is_err());
        assert_eq!(CalendarDate::parse(""), Err(FieldError::Required));
    }

    #[test]
    fn arithmetic() {
        assert_eq!(CalendarDate::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
        assert_eq!(
            CalendarDate::new(2000, 3, 1).unwrap().days_since_epoch(),
            11_017
        );
        assert_eq!(
            CalendarDate::new(2024, 2, 29).unwrap().one_year_earlier(),
            CalendarDate::new(2023, 2, 28).unwrap()
        );
        assert!(CalendarDate::new(2026, 1, 2).unwrap() > CalendarDate::new(2025, 12, 31).unwrap());
        for days in [0, 11_017, 19_782, 20_416, -365] {
            let date = CalendarDate::from_days_since_epoch(days).unwrap();
            assert_eq!(date.days_since_epoch(), days);
        }
    }
}
