//! One module per route.

pub mod accept_invitation;
pub mod admin_approval;
pub mod admin_relationships;
pub mod api_reference;
pub mod api_tokens;
pub mod audit;
pub mod billing;
pub mod business_profile;
pub mod customer;
pub mod customers;
pub mod dashboard;
pub mod edit_customer;
pub mod import;
pub mod invitations;
pub mod links;
pub mod new_customer;
pub mod not_found;
pub mod outbox;
pub mod password_reset;
pub mod referrals;
pub mod second_factor;
pub mod security;
pub mod sign_in;
pub mod support;
pub mod users;
pub mod webhooks;
