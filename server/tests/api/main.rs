//! HTTP API tests: each starts the real application on port 0 with a fresh SQLite file and talks
//! to it over TCP.

mod access;
mod admin_relationships;
mod api_tokens;
mod auth;
mod backends;
mod billing;
mod channel;
mod customers;
mod hardening;
mod helpers;
mod instances;
mod nodes;
mod openapi;
mod password_reset;
mod platform;
mod relationships;
mod second_factors;
mod subscriptions;
mod support;
mod vectors;
mod webhooks;
