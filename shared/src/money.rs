//! Money: an integer amount of a currency's minor unit (cents; yen have none) with its currency.
//! Never floating point: every charge, refund and total is exact, and the one rounding rule
//! (half away from zero, to the minor unit) is applied once, where a share of an amount is taken.

use crate::regions::CountryCode;
use serde::{Deserialize, Serialize};

code_enum! {
    /// The market currencies offers are priced in (docs/domain.md "Billing").
    pub enum Currency {
        Usd = "USD",
        Eur = "EUR",
        Gbp = "GBP",
        Chf = "CHF",
        Cny = "CNY",
        Jpy = "JPY",
        Aud = "AUD",
        Cad = "CAD",
    }
}

/// The euro area (2026): a customer here is billed in euros.
const EURO_AREA: &[&str] = &[
    "AT", "BE", "BG", "HR", "CY", "EE", "FI", "FR", "DE", "GR", "IE", "IT", "LV", "LT", "LU", "MT",
    "NL", "PT", "SK", "SI", "ES", "AD", "MC", "SM", "VA", "ME", "XK",
];

impl Currency {
    /// Digits after the decimal point: 0 for the yen, 2 for the others.
    pub fn minor_digits(self) -> u32 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }

    /// The currency a customer in `country` is billed in: its market's, else US dollars.
    pub fn of_country(country: &CountryCode) -> Currency {
        match country.as_str() {
            "US" => Currency::Usd,
            "GB" => Currency::Gbp,
            "CH" | "LI" => Currency::Chf,
            "CN" => Currency::Cny,
            "JP" => Currency::Jpy,
            "AU" => Currency::Aud,
            "CA" => Currency::Cad,
            c if EURO_AREA.contains(&c) => Currency::Eur,
            _ => Currency::Usd,
        }
    }

    /// Position in `Currency::ALL`: the column of an offer's price table.
    pub fn index(self) -> usize {
        Currency::ALL
            .iter()
            .position(|c| *c == self)
            .expect("every currency is in ALL")
    }
}

/// An amount of money: `minor` units of `currency` (1234 USD = $12.34, 1234 JPY = ¥1,234).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Money {
    /// The amount in the currency's minor unit (cents; whole yen). Negative for refunds.
    minor: i64,
    currency: Currency,
}

/// Divides rounding half away from zero: 5 / 2 = 3, -5 / 2 = -3.
fn div_round(numerator: i128, denominator: i128) -> i128 {
    debug_assert!(denominator > 0);
    let half = denominator / 2;
    if numerator >= 0 {
        (numerator + half) / denominator
    } else {
        -((-numerator + half) / denominator)
    }
}

fn saturate(value: i128) -> i64 {
    i64::try_from(value).unwrap_or(if value < 0 { i64::MIN } else { i64::MAX })
}

impl Money {
    pub fn new(minor: i64, currency: Currency) -> Self {
        Self { minor, currency }
    }

    pub fn zero(currency: Currency) -> Self {
        Self::new(0, currency)
    }

    pub fn minor(self) -> i64 {
        self.minor
    }

    pub fn currency(self) -> Currency {
        self.currency
    }

    /// This amount `n` times (seats × price).
    pub fn times(self, n: i64) -> Self {
        Self::new(
            saturate(i128::from(self.minor) * i128::from(n)),
            self.currency,
        )
    }

    pub fn negated(self) -> Self {
        Self::new(self.minor.saturating_neg(), self.currency)
    }

    /// The sum of two amounts of the same currency; `None` across currencies.
    pub fn plus(self, other: Money) -> Option<Money> {
        (self.currency == other.currency)
            .then(|| Money::new(self.minor.saturating_add(other.minor), self.currency))
    }

    /// `part / whole` of this amount, rounded half away from zero to the minor unit: the
    /// pro-rata share of a period's price for the days left in it. `whole` must be positive.
    pub fn share(self, part: i64, whole: i64) -> Self {
        assert!(whole > 0, "a share of nothing");
        Self::new(
            saturate(div_round(
                i128::from(self.minor) * i128::from(part),
                i128::from(whole),
            )),
            self.currency,
        )
    }

    /// This amount with a markup of `basis_points` hundredths of a percent (1250 = 12.5 %),
    /// rounded half away from zero.
    pub fn marked_up(self, basis_points: u32) -> Self {
        let factor = 10_000 + i128::from(basis_points);
        Self::new(
            saturate(div_round(i128::from(self.minor) * factor, 10_000)),
            self.currency,
        )
    }

    /// The amount as a plain decimal number, `-1234.50` (CSV cells, inputs): no grouping, no
    /// currency.
    pub fn decimal(self) -> String {
        let digits = self.currency.minor_digits();
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        if digits == 0 {
            return format!("{sign}{abs}");
        }
        let unit = 10u64.pow(digits);
        format!(
            "{sign}{}.{:0width$}",
            abs / unit,
            abs % unit,
            width = digits as usize
        )
    }

    /// The amount for people: the currency's code, then the number grouped by thousands —
    /// `USD 1,234.50`, `JPY -1,200`. The same in both languages (both group by three).
    pub fn display(self) -> String {
        let plain = self.decimal();
        let (sign, unsigned) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain.as_str()),
        };
        let (whole, fraction) = match unsigned.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (unsigned, None),
        };
        let mut grouped = String::new();
        for (i, c) in whole.chars().enumerate() {
            if i > 0 && (whole.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        match fraction {
            Some(f) => format!("{} {sign}{grouped}.{f}", self.currency.as_str()),
            None => format!("{} {sign}{grouped}", self.currency.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usd(minor: i64) -> Money {
        Money::new(minor, Currency::Usd)
    }

    #[test]
    fn shares_round_half_away_from_zero() {
        // 10.00 for 10 of 30 days: 3.333… → 3.33
        assert_eq!(usd(1000).share(10, 30), usd(333));
        // 0.05 for 1 of 2 days: 0.025 → 0.03; a refund of it → -0.03
        assert_eq!(usd(5).share(1, 2), usd(3));
        assert_eq!(usd(-5).share(1, 2), usd(-3));
        // 20.00 for 20 of 30 days: 13.333… → 13.33; for 29 of 30: 19.333… → 19.33
        assert_eq!(usd(2000).share(20, 30), usd(1333));
        assert_eq!(usd(2000).share(29, 30), usd(1933));
        // the whole and nothing
        assert_eq!(usd(1999).share(31, 31), usd(1999));
        assert_eq!(usd(1999).share(0, 31), usd(0));
        // yen have no minor unit: 1,000 yen for 1 of 3 days is 333
        assert_eq!(Money::new(1000, Currency::Jpy).share(1, 3).minor(), 333);
        assert_eq!(Money::new(1000, Currency::Jpy).share(2, 3).minor(), 667);
    }

    #[test]
    fn markup_rounds_once() {
        assert_eq!(usd(1000).marked_up(1250), usd(1125));
        assert_eq!(usd(999).marked_up(1500), usd(1149)); // 11.4885 → 11.49
        assert_eq!(usd(-999).marked_up(1500), usd(-1149));
        assert_eq!(usd(1234).marked_up(0), usd(1234));
    }

    #[test]
    fn sums_stay_in_one_currency() {
        assert_eq!(usd(150).plus(usd(-50)), Some(usd(100)));
        assert_eq!(usd(150).plus(Money::new(1, Currency::Eur)), None);
        assert_eq!(usd(1250).times(3), usd(3750));
    }

    #[test]
    fn amounts_read_as_people_write_them() {
        assert_eq!(usd(123_456_789).display(), "USD 1,234,567.89");
        assert_eq!(usd(-5).display(), "USD -0.05");
        assert_eq!(usd(100).decimal(), "1.00");
        assert_eq!(usd(-123_450).decimal(), "-1234.50");
        assert_eq!(Money::new(1_200, Currency::Jpy).display(), "JPY 1,200");
        assert_eq!(Money::new(-999, Currency::Jpy).decimal(), "-999");
        assert_eq!(Money::new(100_000, Currency::Eur).display(), "EUR 1,000.00");
    }

    #[test]
    fn customers_are_billed_in_their_markets_currency() {
        let of = |c: &str| Currency::of_country(&CountryCode::parse(c).unwrap());
        assert_eq!(of("US"), Currency::Usd);
        assert_eq!(of("DE"), Currency::Eur);
        assert_eq!(of("CH"), Currency::Chf);
        assert_eq!(of("GB"), Currency::Gbp);
        assert_eq!(of("CN"), Currency::Cny);
        assert_eq!(of("JP"), Currency::Jpy);
        assert_eq!(of("AU"), Currency::Aud);
        assert_eq!(of("CA"), Currency::Cad);
        assert_eq!(of("BR"), Currency::Usd);
        assert_eq!(of("SE"), Currency::Usd); // Sweden isn't in the euro area
    }
}
