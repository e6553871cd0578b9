//! PartnerDesk's browser app (Leptos, client-side rendered).
//!
//! `pages/` has one module per route, `components/` the reusable pieces (they never import a
//! page, and no page imports another), `api` the one typed client of the server, `session` the
//! signed-in user's hooks and contexts, `ui` focus, confirmation and failure texts, `hrefs` the
//! URLs several pages link to, `resources` the data a route names, `bound_form` any form's state bound to its page, and
//! `form` / `i18n` the logic that is plain Rust and unit-tested.

pub mod api;
pub mod api_reference;
mod app;
pub mod bound_form;
pub mod components;
pub mod form;
pub mod hrefs;
pub mod i18n;
pub mod pages;
pub mod prefetch;
mod public_app;
pub mod resources;
pub mod session;
pub mod storage;
pub mod ui;
pub mod webauthn;

pub use app::{AdminApp, App};
pub use public_app::{PublicApp, ReferenceApp};
pub use session::local_today;
