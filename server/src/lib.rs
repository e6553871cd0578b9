//! PartnerDesk's server: a thin axum layer over the `shared` rules and an SQLite store.

pub mod auth;
pub mod authenticator;
pub mod clock;
pub mod config;
pub mod csv_export;
pub mod ctx;
pub mod ctx_cache;
pub mod db;
pub mod error;
pub mod extract;
pub mod mail;
pub mod openapi;
pub mod passkeys;
pub mod password;
pub mod routes;
pub mod sealed;
pub mod secret_link;
pub mod seed;
pub mod service;
pub mod session_store;
pub mod startup;
pub mod state;
pub mod store;
pub mod telemetry;
pub mod text_encoding;
pub mod timestamp;
