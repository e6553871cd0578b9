//! The offer catalog: what a partner can sell to a customer, in which cloud, on which terms, at
//! which list price per market currency (docs/domain.md "Offers"). Compiled into both sides: the
//! order form prices a choice with the very numbers the server charges.
//!
//! Product ids are in Partner Center's new-commerce form (`CFQ7TTC0LH18`) as published in its
//! price lists when this was written; the 21Vianet cloud's offers aren't in Microsoft's catalog and
//! carry PartnerDesk's own ids (`21V-…`). Prices are list prices per seat and month on an annual
//! term, in each currency's minor unit (`Currency::ALL` order: USD, EUR, GBP, CHF, CNY, JPY, AUD,
//! CAD); check both against the current price list before selling for real.

use crate::instance::CloudInstance;
use crate::money::{Currency, Money};
use crate::subscription::{BillingCycle, Term};

/// One thing that can be sold.
#[derive(Debug, PartialEq, Eq)]
pub struct Offer {
    /// The product id.
    pub id: &'static str,
    /// The product's name: a trademark, the same in every language.
    pub name: &'static str,
    /// The commitment terms it is sold on.
    pub terms: &'static [Term],
    /// Billed for what is used (Azure): no seats, no commitment, ended at any time.
    pub usage: bool,
    /// The fewest and most seats one subscription may have.
    pub seats: (u32, u32),
    /// The cloud instances it may be sold in.
    pub clouds: &'static [CloudInstance],
    /// List price per seat and month on an annual term, per currency (`Currency::ALL` order).
    prices: [i64; 8],
}

const MONTH_ONLY: &[Term] = &[Term::P1M];
const ANNUAL: &[Term] = &[Term::P1M, Term::P1Y];
const UP_TO_THREE_YEARS: &[Term] = &[Term::P1M, Term::P1Y, Term::P3Y];
const GLOBAL: &[CloudInstance] = &[CloudInstance::Global];
const GLOBAL_AND_US_GOVERNMENT: &[CloudInstance] =
    &[CloudInstance::Global, CloudInstance::UsGovernment];
const CHINA_21VIANET: &[CloudInstance] = &[CloudInstance::China21Vianet];

/// What a month-to-month term costs over an annual one: 20 % more, as new commerce prices it.
const MONTHLY_TERM_PREMIUM_PERCENT: i64 = 20;

impl Offer {
    /// Whether a customer in `instance` may buy it. Nothing new is sold in the legacy Germany
    /// cloud.
    pub fn sold_in(&self, instance: CloudInstance) -> bool {
        self.clouds.contains(&instance)
    }

    pub fn has_term(&self, term: Term) -> bool {
        self.terms.contains(&term)
    }

    /// The list price of one seat for one month of `term`, in `currency`: the annual price, 20 %
    /// more on a monthly term (rounded half away from zero); a three-year term costs what an
    /// annual one does, its price held for the three years.
    pub fn seat_price_per_month(&self, term: Term, currency: Currency) -> Money {
        let annual = Money::new(self.prices[currency.index()], currency);
        match term {
            Term::P1M => annual.share(100 + MONTHLY_TERM_PREMIUM_PERCENT, 100),
            Term::P1Y | Term::P3Y => annual,
        }
    }

    /// The list price of one seat for one billing period.
    pub fn seat_price_per_period(
        &self,
        term: Term,
        cycle: BillingCycle,
        currency: Currency,
    ) -> Money {
        self.seat_price_per_month(term, currency)
            .times(i64::from(cycle.months()))
    }
}

/// An offer as the API lists it (`GET /api/offers`).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OfferInfo {
    pub id: String,
    pub name: String,
    pub terms: Vec<Term>,
    /// Billed for use: no seats, no commitment.
    pub usage: bool,
    pub min_seats: u32,
    pub max_seats: u32,
    /// List price of one seat for one month on an annual term, per currency (a monthly term
    /// costs 20 % more).
    pub prices: Vec<Money>,
}

impl Offer {
    pub fn info(&self) -> OfferInfo {
        OfferInfo {
            id: self.id.into(),
            name: self.name.into(),
            terms: self.terms.to_vec(),
            usage: self.usage,
            min_seats: self.seats.0,
            max_seats: self.seats.1,
            prices: Currency::ALL
                .iter()
                .map(|c| self.seat_price_per_month(Term::P1Y, *c))
                .collect(),
        }
    }
}

/// Every offer, in the order the order form lists them.
pub fn offers() -> &'static [Offer] {
    OFFERS
}

/// The offer with this product id.
pub fn offer(id: &str) -> Option<&'static Offer> {
    OFFERS.iter().find(|o| o.id == id)
}

/// The offers a customer in `instance` may buy.
pub fn offers_in(instance: CloudInstance) -> impl Iterator<Item = &'static Offer> {
    OFFERS.iter().filter(move |o| o.sold_in(instance))
}

const OFFERS: &[Offer] = &[
    Offer {
        id: "CFQ7TTC0LH18",
        name: "Microsoft 365 Business Basic",
        terms: ANNUAL,
        usage: false,
        seats: (1, 300),
        clouds: GLOBAL,
        prices: [600, 560, 470, 530, 4300, 900, 910, 820],
    },
    Offer {
        id: "CFQ7TTC0LDPB",
        name: "Microsoft 365 Business Standard",
        terms: ANNUAL,
        usage: false,
        seats: (1, 300),
        clouds: GLOBAL,
        prices: [1250, 1180, 990, 1100, 9000, 1880, 1900, 1710],
    },
    Offer {
        id: "CFQ7TTC0LCHC",
        name: "Microsoft 365 Business Premium",
        terms: ANNUAL,
        usage: false,
        seats: (1, 300),
        clouds: GLOBAL,
        prices: [2200, 2070, 1740, 1940, 15800, 3300, 3340, 3010],
    },
    Offer {
        id: "CFQ7TTC0LFLX",
        name: "Microsoft 365 E3",
        terms: UP_TO_THREE_YEARS,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [3600, 3380, 2840, 3170, 25900, 5400, 5470, 4930],
    },
    Offer {
        id: "CFQ7TTC0LFK5",
        name: "Microsoft 365 E5",
        terms: UP_TO_THREE_YEARS,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [5700, 5360, 4500, 5020, 41000, 8550, 8660, 7810],
    },
    Offer {
        id: "CFQ7TTC0LGTX",
        name: "Microsoft 365 F3",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [800, 750, 630, 700, 5800, 1200, 1220, 1100],
    },
    Offer {
        id: "CFQ7TTC0LF8Q",
        name: "Office 365 E1",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [1000, 940, 790, 880, 7200, 1500, 1520, 1370],
    },
    Offer {
        id: "CFQ7TTC0LF8R",
        name: "Office 365 E3",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [2300, 2160, 1820, 2020, 16600, 3450, 3500, 3150],
    },
    Offer {
        id: "CFQ7TTC0LH16",
        name: "Exchange Online (Plan 1)",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [400, 380, 320, 350, 2900, 600, 610, 550],
    },
    Offer {
        id: "CFQ7TTC0LH0R",
        name: "Exchange Online (Plan 2)",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [800, 750, 630, 700, 5800, 1200, 1220, 1100],
    },
    Offer {
        id: "CFQ7TTC0QW5P",
        name: "Microsoft Teams Essentials",
        terms: ANNUAL,
        usage: false,
        seats: (1, 300),
        clouds: GLOBAL,
        prices: [400, 380, 320, 350, 2900, 600, 610, 550],
    },
    Offer {
        id: "CFQ7TTC0MM8R",
        name: "Microsoft 365 Copilot",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL,
        prices: [3000, 2820, 2370, 2640, 21600, 4500, 4560, 4110],
    },
    Offer {
        id: "CFQ7TTC0LGZT",
        name: "Dynamics 365 Sales Enterprise",
        terms: UP_TO_THREE_YEARS,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL,
        prices: [10500, 9870, 8300, 9240, 75600, 15750, 15960, 14390],
    },
    Offer {
        id: "CFQ7TTC0LGWP",
        name: "Dynamics 365 Customer Service Enterprise",
        terms: UP_TO_THREE_YEARS,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL,
        prices: [10500, 9870, 8300, 9240, 75600, 15750, 15960, 14390],
    },
    Offer {
        id: "CFQ7TTC0L3PB",
        name: "Power BI Pro",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [1400, 1320, 1110, 1230, 10100, 2100, 2130, 1920],
    },
    Offer {
        id: "CFQ7TTC0LBSC",
        name: "Microsoft Defender for Business",
        terms: ANNUAL,
        usage: false,
        seats: (1, 300),
        clouds: GLOBAL,
        prices: [300, 280, 240, 260, 2200, 450, 460, 410],
    },
    Offer {
        id: "CFQ7TTC0LH2H",
        name: "Microsoft Entra ID P1",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [600, 560, 470, 530, 4300, 900, 910, 820],
    },
    Offer {
        id: "CFQ7TTC0LFTP",
        name: "Microsoft Entra ID P2",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [900, 850, 710, 790, 6500, 1350, 1370, 1230],
    },
    Offer {
        id: "CFQ7TTC0LHWW",
        name: "Visio Plan 1",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL,
        prices: [500, 470, 400, 440, 3600, 750, 760, 680],
    },
    Offer {
        id: "CFQ7TTC0LHWM",
        name: "Visio Plan 2",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [1500, 1410, 1180, 1320, 10800, 2250, 2280, 2060],
    },
    Offer {
        id: "CFQ7TTC0LHSF",
        name: "Project Plan 1",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL,
        prices: [1000, 940, 790, 880, 7200, 1500, 1520, 1370],
    },
    Offer {
        id: "CFQ7TTC0LHRV",
        name: "Project Plan 3",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [3000, 2820, 2370, 2640, 21600, 4500, 4560, 4110],
    },
    Offer {
        id: "CFQ7TTC0LHRW",
        name: "Project Plan 5",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [5500, 5170, 4340, 4840, 39600, 8250, 8360, 7540],
    },
    Offer {
        id: "CFQ7TTC0LH0J",
        name: "Microsoft Intune Plan 1",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [800, 750, 630, 700, 5800, 1200, 1220, 1100],
    },
    Offer {
        id: "DZH318Z0BPS6",
        name: "Azure plan",
        terms: MONTH_ONLY,
        usage: true,
        seats: (1, 1),
        clouds: GLOBAL_AND_US_GOVERNMENT,
        prices: [0, 0, 0, 0, 0, 0, 0, 0],
    },
    Offer {
        id: "21V-O365-E1",
        name: "Office 365 E1 (operated by 21Vianet)",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: CHINA_21VIANET,
        prices: [900, 850, 710, 790, 6500, 1350, 1370, 1230],
    },
    Offer {
        id: "21V-O365-E3",
        name: "Office 365 E3 (operated by 21Vianet)",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: CHINA_21VIANET,
        prices: [2100, 1970, 1660, 1850, 15100, 3150, 3190, 2880],
    },
    Offer {
        id: "21V-M365-E3",
        name: "Microsoft 365 E3 (operated by 21Vianet)",
        terms: ANNUAL,
        usage: false,
        seats: (1, 100_000),
        clouds: CHINA_21VIANET,
        prices: [3300, 3100, 2610, 2900, 23800, 4950, 5020, 4520],
    },
    Offer {
        id: "21V-AZURE",
        name: "Azure (operated by 21Vianet)",
        terms: MONTH_ONLY,
        usage: true,
        seats: (1, 1),
        clouds: CHINA_21VIANET,
        prices: [0, 0, 0, 0, 0, 0, 0, 0],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_offer_is_sellable_somewhere() {
        let mut ids: Vec<&str> = OFFERS.iter().map(|o| o.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), OFFERS.len());
        assert!(OFFERS.len() >= 25);
        for o in OFFERS {
            assert!(!o.clouds.is_empty() && !o.terms.is_empty(), "{}", o.id);
            assert!(o.seats.0 >= 1 && o.seats.0 <= o.seats.1, "{}", o.id);
            assert_eq!(o.usage, o.prices.iter().all(|p| *p == 0), "{}", o.id);
            assert!(!o.usage || o.seats == (1, 1), "{}", o.id);
        }
    }

    #[test]
    fn each_cloud_sells_its_own() {
        assert!(offers_in(CloudInstance::Global).count() >= 25);
        assert_eq!(offers_in(CloudInstance::Germany).count(), 0);
        assert!(offers_in(CloudInstance::China21Vianet).all(|o| o.id.starts_with("21V-")));
        assert!(offers_in(CloudInstance::China21Vianet).count() >= 3);
        assert!(!offer("CFQ7TTC0MM8R")
            .unwrap()
            .sold_in(CloudInstance::UsGovernment));
    }

    #[test]
    fn monthly_terms_cost_a_fifth_more_and_periods_multiply_months() {
        let standard = offer("CFQ7TTC0LDPB").unwrap();
        assert_eq!(
            standard.seat_price_per_month(Term::P1Y, Currency::Usd),
            Money::new(1250, Currency::Usd)
        );
        assert_eq!(
            standard.seat_price_per_month(Term::P1M, Currency::Usd),
            Money::new(1500, Currency::Usd)
        );
        assert_eq!(
            standard.seat_price_per_period(Term::P1Y, BillingCycle::Annual, Currency::Usd),
            Money::new(15_000, Currency::Usd)
        );
        // 5.60 EUR × 1.2 = 6.72; 900 JPY × 1.2 = 1,080
        let basic = offer("CFQ7TTC0LH18").unwrap();
        assert_eq!(
            basic.seat_price_per_month(Term::P1M, Currency::Eur).minor(),
            672
        );
        assert_eq!(
            basic.seat_price_per_month(Term::P1M, Currency::Jpy).minor(),
            1080
        );
        let e5 = offer("CFQ7TTC0LFK5").unwrap();
        assert_eq!(
            e5.seat_price_per_period(Term::P3Y, BillingCycle::Triennial, Currency::Gbp),
            Money::new(4500 * 36, Currency::Gbp)
        );
    }
}
