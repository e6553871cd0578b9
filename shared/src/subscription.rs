//! Subscriptions: what a customer buys through the partner, and new commerce's (NCE) rules for
//! them (docs/domain.md "Subscriptions"). The order form and the server run the same checks and
//! price a choice with the same numbers; the lifecycle's refusals are computed here and enforced
//! by the server.

use crate::date::CalendarDate;
use crate::i18n::Msg;
use crate::instance::CloudInstance;
use crate::money::{Currency, Money};
use crate::offer::{self, Offer};
use crate::validation::{Field, FieldError, FieldErrors};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

code_enum! {
    pub enum SubscriptionStatus {
        Active = "active" => Msg::SubActive,
        /// Access is blocked; under new commerce it is still billed.
        Suspended = "suspended" => Msg::SubSuspended,
        Cancelled = "cancelled" => Msg::SubCancelled,
        /// The term ended without renewing (auto-renew off).
        Expired = "expired" => Msg::SubExpired,
    }
}

impl SubscriptionStatus {
    /// Whether a subscription in this state keeps its customer's relationship from ending:
    /// every one that isn't cancelled or expired. Under new commerce (NCE) a suspended
    /// subscription is still billed, so it must be cancelled before the relationship can end.
    pub fn blocks_ending(self) -> bool {
        matches!(
            self,
            SubscriptionStatus::Active | SubscriptionStatus::Suspended
        )
    }

    /// Whether it is still billed and renews: active or suspended.
    pub fn is_live(self) -> bool {
        self.blocks_ending()
    }
}

code_enum! {
    /// How long a subscription commits the customer.
    pub enum Term {
        P1M = "P1M" => Msg::TermP1M,
        P1Y = "P1Y" => Msg::TermP1Y,
        P3Y = "P3Y" => Msg::TermP3Y,
    }
}

impl Term {
    pub fn months(self) -> u32 {
        match self {
            Term::P1M => 1,
            Term::P1Y => 12,
            Term::P3Y => 36,
        }
    }

    /// How often a term may be billed: never less often than the term is long.
    pub fn billing_cycles(self) -> &'static [BillingCycle] {
        match self {
            Term::P1M => &[BillingCycle::Monthly],
            Term::P1Y => &[BillingCycle::Monthly, BillingCycle::Annual],
            Term::P3Y => &[
                BillingCycle::Monthly,
                BillingCycle::Annual,
                BillingCycle::Triennial,
            ],
        }
    }
}

code_enum! {
    /// How often a subscription is charged within its term.
    pub enum BillingCycle {
        Monthly = "monthly" => Msg::CycleMonthly,
        Annual = "annual" => Msg::CycleAnnual,
        Triennial = "triennial" => Msg::CycleTriennial,
    }
}

impl BillingCycle {
    pub fn months(self) -> u32 {
        match self {
            BillingCycle::Monthly => 1,
            BillingCycle::Annual => 12,
            BillingCycle::Triennial => 36,
        }
    }
}

/// Quantity decreases and cancellation are possible only this long after a purchase or a
/// renewal (new commerce: 7 days, 168 hours).
pub const CHANGE_WINDOW_SECS: i64 = 168 * 3600;

/// An order as the API takes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OrderRequest {
    /// The offer's product id (`GET /api/offers`).
    pub offer: String,
    pub term: Term,
    pub billing_cycle: BillingCycle,
    /// Seats; 1 for usage-billed offers.
    pub quantity: u32,
    #[serde(default = "renews_by_default")]
    pub auto_renew: bool,
}

fn renews_by_default() -> bool {
    true
}

/// The order form as typed: every choice a string until checked.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OrderForm {
    pub offer: String,
    pub term: String,
    pub billing_cycle: String,
    pub quantity: String,
    pub auto_renew: bool,
}

/// An order that passed every rule: an offer sold in the customer's cloud, on one of its terms,
/// billed as that term allows, for a number of seats the offer takes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Order {
    offer: &'static Offer,
    term: Term,
    billing_cycle: BillingCycle,
    quantity: u32,
    auto_renew: bool,
}

/// The checks an order's choices pass, in the order a person makes them. A field after a wrong
/// one is judged only when it can be (no term is judged against an unknown offer).
fn check_choices(
    offer_id: &str,
    term: Option<Term>,
    billing_cycle: Option<BillingCycle>,
    quantity: Result<u32, FieldError>,
    auto_renew: bool,
    instance: CloudInstance,
) -> Result<Order, FieldErrors> {
    let mut errors = FieldErrors::new();
    let offer = match offer::offer(offer_id.trim()) {
        None if offer_id.trim().is_empty() => {
            errors.insert(Field::Offer, FieldError::Required);
            None
        }
        None => {
            errors.insert(Field::Offer, FieldError::NotInList);
            None
        }
        Some(o) if !o.sold_in(instance) => {
            errors.insert(Field::Offer, FieldError::NotAllowedInInstance);
            None
        }
        Some(o) => Some(o),
    };
    let term = match (offer, term) {
        (_, None) => {
            errors.insert(Field::Term, FieldError::Required);
            None
        }
        (Some(o), Some(t)) if !o.has_term(t) => {
            errors.insert(Field::Term, FieldError::NotInList);
            None
        }
        (_, t) => t,
    };
    let billing_cycle = match (term, billing_cycle) {
        (_, None) => {
            errors.insert(Field::BillingCycle, FieldError::Required);
            None
        }
        (Some(t), Some(c)) if !t.billing_cycles().contains(&c) => {
            errors.insert(Field::BillingCycle, FieldError::NotInList);
            None
        }
        (_, c) => c,
    };
    let quantity = match (offer, quantity) {
        (_, Err(e)) => {
            errors.insert(Field::Quantity, e);
            None
        }
        (Some(o), Ok(q)) => match seat_rule(o, q) {
            Ok(q) => Some(q),
            Err(e) => {
                errors.insert(Field::Quantity, e);
                None
            }
        },
        (None, Ok(q)) => Some(q),
    };
    match (offer, term, billing_cycle, quantity) {
        (Some(offer), Some(term), Some(billing_cycle), Some(quantity)) if errors.is_empty() => {
            Ok(Order {
                offer,
                term,
                billing_cycle,
                quantity,
                auto_renew,
            })
        }
        _ => Err(errors),
    }
}

/// The seats `offer` takes: within its limits.
pub fn seat_rule(offer: &Offer, quantity: u32) -> Result<u32, FieldError> {
    let (min, max) = offer.seats;
    if (min..=max).contains(&quantity) {
        Ok(quantity)
    } else {
        Err(FieldError::OutOfRange { min, max })
    }
}

impl OrderRequest {
    pub fn check(&self, instance: CloudInstance) -> Result<Order, FieldErrors> {
        check_choices(
            &self.offer,
            Some(self.term),
            Some(self.billing_cycle),
            Ok(self.quantity),
            self.auto_renew,
            instance,
        )
    }
}

impl OrderForm {
    pub fn check(&self, instance: CloudInstance) -> Result<Order, FieldErrors> {
        let quantity = match self.quantity.trim() {
            "" => Err(FieldError::Required),
            q => q
                .parse::<u32>()
                .map_err(|_| FieldError::InvalidFormat { hint: None }),
        };
        check_choices(
            &self.offer,
            Term::from_code(&self.term),
            BillingCycle::from_code(&self.billing_cycle),
            quantity,
            self.auto_renew,
            instance,
        )
    }
}

/// What an order costs and when it renews: the review step shows it, the server charges it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct OrderTerms {
    pub starts_on: CalendarDate,
    pub renews_on: CalendarDate,
    /// List price of one seat for one billing period.
    pub seat_price: Money,
    /// What each billing period costs: seats × seat price (the first is charged at once).
    pub period_total: Money,
}

impl Order {
    pub fn offer(&self) -> &'static Offer {
        self.offer
    }
    pub fn term(&self) -> Term {
        self.term
    }
    pub fn billing_cycle(&self) -> BillingCycle {
        self.billing_cycle
    }
    pub fn quantity(&self) -> u32 {
        self.quantity
    }
    pub fn auto_renew(&self) -> bool {
        self.auto_renew
    }

    /// The order's price and dates for a customer billed in `currency`, starting `today`.
    pub fn terms(&self, currency: Currency, today: CalendarDate) -> OrderTerms {
        let seat_price = self
            .offer
            .seat_price_per_period(self.term, self.billing_cycle, currency);
        OrderTerms {
            starts_on: today,
            renews_on: renewal_date(today, self.term),
            seat_price,
            period_total: seat_price.times(i64::from(self.quantity)),
        }
    }

    /// The order as the API takes it.
    pub fn request(&self) -> OrderRequest {
        OrderRequest {
            offer: self.offer.id.to_string(),
            term: self.term,
            billing_cycle: self.billing_cycle,
            quantity: self.quantity,
            auto_renew: self.auto_renew,
        }
    }
}

/// The day a term that starts on `start` ends and renews (or expires).
pub fn renewal_date(start: CalendarDate, term: Term) -> CalendarDate {
    start.plus_months(term.months())
}

/// The billing period of a term started on `term_start` that `day` falls in: its first day and
/// the day after its last.
pub fn billing_period(
    term_start: CalendarDate,
    cycle: BillingCycle,
    day: CalendarDate,
) -> (CalendarDate, CalendarDate) {
    let mut start = term_start;
    let mut k = 1;
    loop {
        let end = term_start.plus_months(k * cycle.months());
        if day < end || end <= start {
            return (start, end);
        }
        start = end;
        k += 1;
    }
}

/// The pro-rata share of `seats` seats for the rest of the billing period `period` from `from`
/// on: (days left ÷ days in the period) × seats × seat price, rounded once. What an increase is
/// charged and a decrease or cancellation refunded.
pub fn prorated(
    seat_price: Money,
    seats: i64,
    period: (CalendarDate, CalendarDate),
    from: CalendarDate,
) -> Money {
    let whole = period.0.days_until(period.1).max(1);
    let left = from.days_until(period.1).clamp(0, whole);
    seat_price.times(seats).share(left, whole)
}

/// Whether decreases and cancellation are possible now: within 168 hours of the purchase or the
/// last renewal. Usage-billed offers have no commitment: always.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum ChangeWindow {
    /// Open until `closes_at` (seconds since 1970, UTC); `None` for usage-billed offers.
    Open { closes_at: Option<i64> },
    /// Closed; it opens again when the subscription renews (`reopens_on`), or never when it
    /// won't renew (auto-renew off, or no longer active).
    Closed { reopens_on: Option<CalendarDate> },
}

impl ChangeWindow {
    pub fn is_open(&self) -> bool {
        matches!(self, ChangeWindow::Open { .. })
    }
}

/// The change window of a subscription whose current term started at `term_started_at`
/// (seconds since 1970), at `now`.
pub fn change_window(
    usage: bool,
    term_started_at: i64,
    renews_on: CalendarDate,
    renews: bool,
    now: i64,
) -> ChangeWindow {
    if usage {
        return ChangeWindow::Open { closes_at: None };
    }
    let closes_at = term_started_at + CHANGE_WINDOW_SECS;
    if now < closes_at {
        ChangeWindow::Open {
            closes_at: Some(closes_at),
        }
    } else {
        ChangeWindow::Closed {
            reopens_on: renews.then_some(renews_on),
        }
    }
}

/// Why a change to a subscription is refused.
#[derive(Clone, Debug, PartialEq)]
pub enum ChangeRefusal {
    /// The subscription isn't in a state that allows it (409).
    NotAllowedIn(SubscriptionStatus),
    /// A decrease or cancellation after the window closed (409, with when it reopens).
    WindowClosed { reopens_on: Option<CalendarDate> },
    /// A quantity the offer doesn't take (422).
    Quantity(FieldError),
}

/// What a quantity change does: `Ok(delta)`, positive for an increase. Increases are allowed at
/// any time while active; decreases only while the change window is open.
pub fn check_quantity_change(
    offer: &Offer,
    status: SubscriptionStatus,
    current: u32,
    new: u32,
    window: &ChangeWindow,
) -> Result<i64, ChangeRefusal> {
    if status != SubscriptionStatus::Active {
        return Err(ChangeRefusal::NotAllowedIn(status));
    }
    seat_rule(offer, new).map_err(ChangeRefusal::Quantity)?;
    let delta = i64::from(new) - i64::from(current);
    if delta < 0 {
        if let ChangeWindow::Closed { reopens_on } = window {
            return Err(ChangeRefusal::WindowClosed {
                reopens_on: *reopens_on,
            });
        }
    }
    Ok(delta)
}

/// Whether the subscription can be cancelled now: active or suspended, within the window.
pub fn check_cancel(
    status: SubscriptionStatus,
    window: &ChangeWindow,
) -> Result<(), ChangeRefusal> {
    if !status.is_live() {
        return Err(ChangeRefusal::NotAllowedIn(status));
    }
    match window {
        ChangeWindow::Closed { reopens_on } => Err(ChangeRefusal::WindowClosed {
            reopens_on: *reopens_on,
        }),
        ChangeWindow::Open { .. } => Ok(()),
    }
}

/// Where a suspend or resume may go: active ⇄ suspended.
pub fn check_suspension(
    status: SubscriptionStatus,
    to: SubscriptionStatus,
) -> Result<(), ChangeRefusal> {
    match (status, to) {
        (SubscriptionStatus::Active, SubscriptionStatus::Suspended)
        | (SubscriptionStatus::Suspended, SubscriptionStatus::Active) => Ok(()),
        _ => Err(ChangeRefusal::NotAllowedIn(status)),
    }
}

/// A change of seats, as the API takes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct QuantityRequest {
    pub quantity: u32,
}

/// Auto-renew on or off, as the API takes it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct AutoRenewRequest {
    pub auto_renew: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subscription {
    pub id: Uuid,
    /// The offer's product id.
    pub offer_id: String,
    /// The offer's name.
    pub offer: String,
    pub quantity: u32,
    pub status: SubscriptionStatus,
    pub term: Term,
    pub billing_cycle: BillingCycle,
    pub auto_renew: bool,
    /// List price of one seat for one billing period, held for the term.
    pub seat_price: Money,
    /// What each billing period costs at the current quantity.
    pub period_total: Money,
    /// The first day of the current term (the purchase's or the last renewal's).
    pub term_starts_on: CalendarDate,
    /// The day the term ends: it renews then, or expires when auto-renew is off.
    pub renews_on: CalendarDate,
    /// Whether decreases and cancellation are possible now (by the server's clock).
    pub change_window: ChangeWindow,
    pub created_at: String,
    pub updated_at: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> CalendarDate {
        CalendarDate::parse(s).unwrap()
    }

    fn form(offer: &str, term: &str, cycle: &str, quantity: &str) -> OrderForm {
        OrderForm {
            offer: offer.into(),
            term: term.into(),
            billing_cycle: cycle.into(),
            quantity: quantity.into(),
            auto_renew: true,
        }
    }

    #[test]
    fn orders_take_what_the_offer_sells_in_the_customers_cloud() {
        let order = form("CFQ7TTC0LDPB", "P1Y", "monthly", "25")
            .check(CloudInstance::Global)
            .unwrap();
        let terms = order.terms(Currency::Usd, d("2027-01-31"));
        assert_eq!(terms.seat_price, Money::new(1250, Currency::Usd));
        assert_eq!(terms.period_total, Money::new(31_250, Currency::Usd));
        assert_eq!(terms.renews_on, d("2028-01-31"));

        let errors = form("CFQ7TTC0LDPB", "P3Y", "triennial", "301")
            .check(CloudInstance::Global)
            .unwrap_err();
        assert_eq!(errors.get(&Field::Term), Some(&FieldError::NotInList));
        assert_eq!(errors.get(&Field::BillingCycle), None); // judged only against a valid term
        assert_eq!(
            errors.get(&Field::Quantity),
            Some(&FieldError::OutOfRange { min: 1, max: 300 })
        );
        let errors = form("CFQ7TTC0LFLX", "P1M", "annual", "x")
            .check(CloudInstance::Global)
            .unwrap_err();
        assert_eq!(
            errors.get(&Field::BillingCycle),
            Some(&FieldError::NotInList)
        );
        assert_eq!(
            errors.get(&Field::Quantity),
            Some(&FieldError::InvalidFormat { hint: None })
        );
        let errors = form("CFQ7TTC0MM8R", "P1Y", "annual", "1")
            .check(CloudInstance::UsGovernment)
            .unwrap_err();
        assert_eq!(
            errors.get(&Field::Offer),
            Some(&FieldError::NotAllowedInInstance)
        );
        let errors = form("", "", "", "")
            .check(CloudInstance::Global)
            .unwrap_err();
        assert_eq!(errors.len(), 4);
        assert_eq!(
            form("NOPE", "P1M", "monthly", "1")
                .check(CloudInstance::Global)
                .unwrap_err()
                .get(&Field::Offer),
            Some(&FieldError::NotInList)
        );
        // The API's typed request runs the same checks.
        let request = OrderRequest {
            offer: "CFQ7TTC0LFLX".into(),
            term: Term::P3Y,
            billing_cycle: BillingCycle::Triennial,
            quantity: 10,
            auto_renew: false,
        };
        let order = request.check(CloudInstance::Global).unwrap();
        assert_eq!(order.request(), request);
    }

    #[test]
    fn billing_periods_follow_the_cycle_from_the_terms_start() {
        let start = d("2027-01-31");
        assert_eq!(
            billing_period(start, BillingCycle::Monthly, d("2027-02-10")),
            (d("2027-01-31"), d("2027-02-28"))
        );
        assert_eq!(
            billing_period(start, BillingCycle::Monthly, d("2027-02-28")),
            (d("2027-02-28"), d("2027-03-31"))
        );
        assert_eq!(
            billing_period(start, BillingCycle::Annual, d("2027-12-31")),
            (d("2027-01-31"), d("2028-01-31"))
        );
    }

    #[test]
    fn increases_and_refunds_are_prorated_by_days_left() {
        let price = Money::new(1250, Currency::Usd);
        let period = (d("2027-03-01"), d("2027-04-01")); // 31 days
                                                         // 5 seats more with 21 days left: 62.50 × 21 / 31 = 42.338… → 42.34
        assert_eq!(
            prorated(price, 5, period, d("2027-03-11")),
            Money::new(4234, Currency::Usd)
        );
        // on the first day: the whole period; after it: nothing
        assert_eq!(
            prorated(price, 5, period, d("2027-03-01")),
            Money::new(6250, Currency::Usd)
        );
        assert_eq!(prorated(price, 5, period, d("2027-04-02")).minor(), 0);
        // a refund of 3 seats with 28 days left: -37.50 × 28 / 31 = -33.870… → -33.87
        assert_eq!(
            prorated(price, -3, period, d("2027-03-04")),
            Money::new(-3387, Currency::Usd)
        );
    }

    #[test]
    fn decreases_and_cancellation_only_within_168_hours() {
        let started = 1_800_000_000;
        let renews_on = d("2027-02-15");
        let open = change_window(
            false,
            started,
            renews_on,
            true,
            started + CHANGE_WINDOW_SECS - 1,
        );
        assert_eq!(
            open,
            ChangeWindow::Open {
                closes_at: Some(started + CHANGE_WINDOW_SECS)
            }
        );
        let closed = change_window(
            false,
            started,
            renews_on,
            true,
            started + CHANGE_WINDOW_SECS,
        );
        assert_eq!(
            closed,
            ChangeWindow::Closed {
                reopens_on: Some(renews_on)
            }
        );
        assert_eq!(
            change_window(
                false,
                started,
                renews_on,
                false,
                started + CHANGE_WINDOW_SECS
            ),
            ChangeWindow::Closed { reopens_on: None }
        );
        assert!(change_window(
            true,
            started,
            renews_on,
            true,
            started + 10 * CHANGE_WINDOW_SECS
        )
        .is_open());

        let e3 = offer::offer("CFQ7TTC0LFLX").unwrap();
        let active = SubscriptionStatus::Active;
        assert_eq!(check_quantity_change(e3, active, 10, 12, &closed), Ok(2));
        assert_eq!(check_quantity_change(e3, active, 10, 8, &open), Ok(-2));
        assert_eq!(
            check_quantity_change(e3, active, 10, 8, &closed),
            Err(ChangeRefusal::WindowClosed {
                reopens_on: Some(renews_on)
            })
        );
        assert_eq!(
            check_quantity_change(e3, active, 10, 0, &open),
            Err(ChangeRefusal::Quantity(FieldError::OutOfRange {
                min: 1,
                max: 100_000
            }))
        );
        assert_eq!(
            check_quantity_change(e3, SubscriptionStatus::Suspended, 10, 12, &open),
            Err(ChangeRefusal::NotAllowedIn(SubscriptionStatus::Suspended))
        );
        assert_eq!(check_cancel(SubscriptionStatus::Suspended, &open), Ok(()));
        assert!(check_cancel(active, &closed).is_err());
        assert!(check_cancel(SubscriptionStatus::Expired, &open).is_err());
        assert!(check_suspension(active, SubscriptionStatus::Suspended).is_ok());
        assert!(check_suspension(SubscriptionStatus::Suspended, active).is_ok());
        assert!(check_suspension(SubscriptionStatus::Cancelled, active).is_err());
    }

    #[test]
    fn only_cancelled_or_expired_subscriptions_let_a_relationship_end() {
        assert!(SubscriptionStatus::Active.blocks_ending());
        assert!(SubscriptionStatus::Suspended.blocks_ending());
        assert!(!SubscriptionStatus::Cancelled.blocks_ending());
        assert!(!SubscriptionStatus::Expired.blocks_ending());
    }
}
