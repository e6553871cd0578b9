//! Billing: the ledger of charges a customer's subscriptions make (docs/domain.md "Billing").
//! Every amount is at list price in the customer's currency.

use crate::date::CalendarDate;
use crate::i18n::Msg;
use crate::money::Money;
use crate::validation::{Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

code_enum! {
    /// Why a ledger row exists.
    pub enum ChargeKind {
        /// The first billing period of a new subscription.
        Purchase = "purchase" => Msg::ChargePurchase,
        /// More seats, for the rest of the billing period (pro rata).
        Increase = "increase" => Msg::ChargeIncrease,
        /// Fewer seats or a cancellation within the window, for the rest of the period (pro rata).
        Refund = "refund" => Msg::ChargeRefund,
        /// The first billing period of a renewed term.
        Renewal = "renewal" => Msg::ChargeRenewal,
        /// A later billing period within the term (monthly or annual billing of a longer term).
        Period = "period" => Msg::ChargePeriod,
    }
}

/// One ledger row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Charge {
    pub id: Uuid,
    pub subscription_id: Uuid,
    pub kind: ChargeKind,
    /// The offer's name.
    pub offer: String,
    /// Seats charged; negative for a refund.
    pub quantity: i64,
    /// The part of a billing period charged: its first day and the day after its last.
    pub period_start: CalendarDate,
    pub period_end: CalendarDate,
    /// At list price: what it costs the partner.
    pub amount: Money,
    /// What the customer pays: the amount with the markup in force when it was charged.
    pub price: Money,
    /// The day it was charged: the month it is billed in.
    pub charged_on: CalendarDate,
}

/// A markup on list prices: hundredths of a percent (1250 = 12.5 %), from 0 to 100 %. Typed as
/// a percentage with up to two decimals (`12.5`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Markup(u32);

string_schema!(Markup, None);

impl Markup {
    /// 100 %: a customer pays at most twice the list price through a markup.
    pub const MAX_BASIS_POINTS: u32 = 10_000;

    pub fn from_basis_points(bp: u32) -> Option<Self> {
        (bp <= Self::MAX_BASIS_POINTS).then_some(Self(bp))
    }

    pub fn basis_points(self) -> u32 {
        self.0
    }

    /// `12.5`, `0`, `7.25`: a percentage as people type it.
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let text = input.trim().trim_end_matches('%').trim();
        if text.is_empty() {
            return Err(FieldError::Required);
        }
        let invalid = FieldError::InvalidFormat { hint: None };
        let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
        if whole.is_empty()
            || !whole.bytes().all(|b| b.is_ascii_digit())
            || fraction.len() > 2
            || !fraction.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(invalid);
        }
        let out_of_range = FieldError::OutOfRange { min: 0, max: 100 };
        let whole: u32 = whole.parse().map_err(|_| out_of_range.clone())?;
        let fraction: u32 = format!("{fraction:0<2}").parse().unwrap_or(0);
        whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(fraction))
            .and_then(Self::from_basis_points)
            .ok_or(out_of_range)
    }

    /// What the customer pays for `amount` at list price.
    pub fn apply(self, amount: Money) -> Money {
        amount.marked_up(self.0)
    }
}

impl std::fmt::Display for Markup {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (whole, fraction) = (self.0 / 100, self.0 % 100);
        match fraction {
            0 => write!(f, "{whole}"),
            n if n % 10 == 0 => write!(f, "{whole}.{}", n / 10),
            n => write!(f, "{whole}.{n:02}"),
        }
    }
}

impl TryFrom<String> for Markup {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Markup> for String {
    fn from(value: Markup) -> Self {
        value.to_string()
    }
}

/// A markup as typed: the partner's (`PUT /api/billing/markup`) or a customer's own
/// (`PUT /api/customers/{id}/markup`; empty there means "the partner's").
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MarkupForm {
    /// A percentage, `12.5`.
    pub markup: String,
}

impl MarkupForm {
    /// The partner's markup: required.
    pub fn check(&self) -> Result<Markup, FieldErrors> {
        Markup::parse(&self.markup).map_err(|e| FieldErrors::from([(Field::Markup, e)]))
    }

    /// A customer's own markup: `None` (empty) for the partner's.
    pub fn check_override(&self) -> Result<Option<Markup>, FieldErrors> {
        if self.markup.trim().is_empty() {
            return Ok(None);
        }
        self.check().map(Some)
    }
}

/// A calendar month, `2026-12`: what billing is reported by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Month {
    year: i32,
    month: u8,
}

string_schema!(Month, None);

impl Month {
    pub fn parse(input: &str) -> Result<Self, FieldError> {
        let text = input.trim();
        let invalid = FieldError::InvalidFormat { hint: None };
        let (y, m) = text.split_once('-').ok_or(invalid.clone())?;
        if y.len() != 4 || m.len() != 2 {
            return Err(invalid);
        }
        let (Ok(year), Ok(month)) = (y.parse::<i32>(), m.parse::<u8>()) else {
            return Err(invalid);
        };
        CalendarDate::new(year, month, 1)
            .map(Self::of)
            .ok_or(invalid)
    }

    /// The month `day` is in.
    pub fn of(day: CalendarDate) -> Self {
        Self {
            year: day.year(),
            month: day.month(),
        }
    }

    pub fn first_day(self) -> CalendarDate {
        CalendarDate::new(self.year, self.month, 1).expect("a month's first day exists")
    }

    pub fn next(self) -> Self {
        Self::of(self.first_day().plus_months(1))
    }

    pub fn previous(self) -> Self {
        let first = self.first_day().plus_days(-1);
        Self::of(first)
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl TryFrom<String> for Month {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<Month> for String {
    fn from(value: Month) -> Self {
        value.to_string()
    }
}

/// What a partner-wide billing report asks for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct BillingQuery {
    /// `YYYY-MM`; this month when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub month: Option<Month>,
    /// Rows from this position on (100 at a time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u32>,
    /// The invoice lines' header language (CSV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// The invoice lines' encoding (CSV).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub encoding: Option<crate::import::ExportEncoding>,
}

/// Rows of the billing report per page.
pub const BILLING_ROWS_PER_PAGE: u32 = 100;

/// One customer's month in one currency: what it cost at list price, what the customer pays
/// (with its markup) and the margin.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingRow {
    pub customer_id: Uuid,
    pub company_name: String,
    pub cost: Money,
    pub price: Money,
    pub margin: Money,
}

/// A month's totals in one currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CurrencyTotal {
    pub cost: Money,
    pub price: Money,
    pub margin: Money,
}

/// The partner's billing for a month.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BillingReport {
    pub month: Month,
    /// The partner's markup now (each charge keeps the markup in force when it was made).
    pub markup: Markup,
    /// Totals per currency, over every row.
    pub totals: Vec<CurrencyTotal>,
    /// Customers × currencies with charges this month.
    pub total_rows: u64,
    /// This page of them, by company name.
    pub rows: Vec<BillingRow>,
}

/// A customer's billing: its markup and its ledger.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CustomerBilling {
    /// The customer's own markup, if it has one.
    pub markup_override: Option<Markup>,
    /// The markup its next charges get: its own, else the partner's.
    pub markup: Markup,
    /// Every charge and refund, newest first.
    pub charges: Vec<Charge>,
}

/// A customer's ledger summed per month (newest first) in the currency it is billed in:
/// (month, cost, price).
pub fn monthly_totals(charges: &[Charge]) -> Vec<(Month, Money, Money)> {
    let mut months: Vec<(Month, Money, Money)> = Vec::new();
    for charge in charges {
        let month = Month::of(charge.charged_on);
        match months
            .iter_mut()
            .find(|(m, cost, _)| *m == month && cost.currency() == charge.amount.currency())
        {
            Some((_, cost, price)) => {
                *cost = cost.plus(charge.amount).unwrap_or(*cost);
                *price = price.plus(charge.price).unwrap_or(*price);
            }
            None => months.push((month, charge.amount, charge.price)),
        }
    }
    months.sort_by_key(|m| std::cmp::Reverse(m.0));
    months
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Currency;

    #[test]
    fn markups_are_percentages_with_two_decimals_at_most() {
        assert_eq!(Markup::parse("12.5").unwrap().basis_points(), 1250);
        assert_eq!(Markup::parse(" 7.25 % ").unwrap().basis_points(), 725);
        assert_eq!(Markup::parse("0").unwrap().basis_points(), 0);
        assert_eq!(Markup::parse("100").unwrap().basis_points(), 10_000);
        assert_eq!(Markup::parse(""), Err(FieldError::Required));
        assert_eq!(
            Markup::parse("100.01"),
            Err(FieldError::OutOfRange { min: 0, max: 100 })
        );
        assert_eq!(
            Markup::parse("99999999999"),
            Err(FieldError::OutOfRange { min: 0, max: 100 })
        );
        for bad in ["-5", "1.234", "abc", ".5", "1,5"] {
            assert_eq!(
                Markup::parse(bad),
                Err(FieldError::InvalidFormat { hint: None }),
                "{bad}"
            );
        }
        assert_eq!(Markup::parse("12.50").unwrap().to_string(), "12.5");
        assert_eq!(Markup::parse("7.05").unwrap().to_string(), "7.05");
        let m = Markup::parse("15").unwrap();
        assert_eq!(m.apply(Money::new(999, Currency::Usd)).minor(), 1149);
        assert_eq!(MarkupForm::default().check_override(), Ok(None));
    }

    #[test]
    fn a_ledger_sums_per_month_newest_first() {
        let charge = |day: &str, amount: i64, price: i64| Charge {
            id: Uuid::nil(),
            subscription_id: Uuid::nil(),
            kind: ChargeKind::Period,
            offer: "E3".into(),
            quantity: 1,
            period_start: CalendarDate::parse(day).unwrap(),
            period_end: CalendarDate::parse(day).unwrap(),
            amount: Money::new(amount, Currency::Eur),
            price: Money::new(price, Currency::Eur),
            charged_on: CalendarDate::parse(day).unwrap(),
        };
        let totals = monthly_totals(&[
            charge("2026-12-05", 1000, 1125),
            charge("2026-11-30", 500, 563),
            charge("2026-12-01", -200, -225),
        ]);
        let month = |s: &str| Month::parse(s).unwrap();
        assert_eq!(
            totals,
            [
                (
                    month("2026-12"),
                    Money::new(800, Currency::Eur),
                    Money::new(900, Currency::Eur)
                ),
                (
                    month("2026-11"),
                    Money::new(500, Currency::Eur),
                    Money::new(563, Currency::Eur)
                ),
            ]
        );
    }

    #[test]
    fn months_parse_and_step() {
        let m = Month::parse("2026-12").unwrap();
        assert_eq!(m.next().to_string(), "2027-01");
        assert_eq!(m.previous().to_string(), "2026-11");
        assert_eq!(
            Month::parse("2027-01").unwrap().previous().to_string(),
            "2026-12"
        );
        assert!(Month::parse("2026-13").is_err());
        assert!(Month::parse("26-12").is_err());
    }
}
