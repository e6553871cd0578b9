//! Data access. Each function takes the asking `Ctx` and filters by its partner in SQL.

pub mod audit;
pub mod creations;
pub mod customers;
pub mod invitations;
pub mod links;
pub mod outbox;
pub mod partners;
pub mod profiles;
pub mod referrals;
pub mod subscriptions;
pub mod users;
