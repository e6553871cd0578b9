//! PartnerDesk's shared core: the domain types and their rules, the API's wire types and the
//! message catalog. It does no I/O and compiles both natively (server) and to WASM (browser), so
//! a rule checked while the user types is the very rule the server enforces.

#[macro_use]
pub mod code;

pub mod access;
pub mod admin_access;
pub mod admin_relationship;
pub mod api;
pub mod api_token;
pub mod audit;
pub mod billing;
pub mod customer;
pub mod date;
pub mod i18n;
pub mod import;
pub mod instance;
pub mod invitation;
pub mod money;
pub mod offer;
pub mod outbox;
pub mod profile;
pub mod public_page;
pub mod referral;
pub mod regions;
mod regions_data;
pub mod relationship;
pub mod second_factor;
pub mod similar;
pub mod subscription;
pub mod support;
#[cfg(feature = "test-vectors")]
pub mod test_vectors;
pub mod text;
pub mod validation;
pub mod webhook;

pub use validation::{Field, FieldError, FieldErrors};
