//! The use cases. Each takes the database, the caller's `Ctx` and a domain input, applies the
//! `shared` rules, runs its transaction through the store, and answers a domain outcome (or an
//! `AppError`) — never an HTTP response. Routes parse a request, call one service and shape the
//! answer.

pub mod access;
pub mod admin_relationships;
pub mod admin_templates;
pub mod api_tokens;
pub mod billing;
pub mod creation;
pub mod creations;
pub mod customers;
pub mod imports;
pub mod invitations;
pub mod partners;
pub mod password_reset;
pub mod second_factors;
pub mod subscriptions;
pub mod support;
pub mod users;
pub mod webhooks;
