//! PartnerDesk's browser app (Leptos, client-side rendered).
//!
//! `pages/` has one module per route, `components/` the reusable pieces, `api` the one typed
//! client of the server, and `form` / `i18n` the logic that is plain Rust and unit-tested.

pub mod api;
mod app;
pub mod components;
pub mod form;
pub mod i18n;
pub mod pages;
pub mod prefetch;
pub mod storage;

pub use app::{local_today, App};
