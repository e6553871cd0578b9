//! Subscriptions: what a customer buys through the partner (docs/domain.md "Subscriptions").

use crate::i18n::Msg;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

code_enum! {
    pub enum SubscriptionStatus {
        Active = "active" => Msg::SubActive,
        Suspended = "suspended" => Msg::SubSuspended,
        Cancelled = "cancelled" => Msg::SubCancelled,
    }
}

impl SubscriptionStatus {
    /// Whether a subscription in this state keeps its customer's relationship from ending:
    /// every one that isn't cancelled. Under new commerce (NCE) a suspended subscription is
    /// still billed, so it must be cancelled before the relationship can end.
    pub fn blocks_ending(self) -> bool {
        self != SubscriptionStatus::Cancelled
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Subscription {
    pub id: Uuid,
    pub offer: String,
    pub quantity: u32,
    pub status: SubscriptionStatus,
    pub created_at: String,
    pub updated_at: String,
}
