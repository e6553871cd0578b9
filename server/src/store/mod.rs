//! Data access. Each function takes the asking `Ctx` and filters by its partner in SQL.

pub mod access;
pub mod admin_relationships;
pub mod admin_templates;
pub mod api_tokens;
pub mod audit;
pub mod billing;
pub mod charges;
pub mod customers;
pub mod imports;
pub mod invitations;
pub mod links;
pub mod outbox;
pub mod partners;
pub mod password_resets;
pub mod profiles;
pub mod referrals;
pub mod request_keys;
pub mod second_factors;
pub mod sign_in_attempts;
pub mod sql;
pub mod subscriptions;
pub mod support;
pub mod transactions;
pub mod users;
pub mod webhooks;
