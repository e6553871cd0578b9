//! Billing: the ledger of charges a customer's subscriptions make (docs/domain.md "Billing").
//! Every amount is at list price in the customer's currency.

use crate::date::CalendarDate;
use crate::i18n::Msg;
use crate::money::Money;
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
    pub amount: Money,
    /// The day it was charged: the month it is billed in.
    pub charged_on: CalendarDate,
}
